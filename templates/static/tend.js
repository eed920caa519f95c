// Tend practitioner pages: small progressive enhancements only; every page
// works without this file.
(function () {
  "use strict";
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest("[data-copy]");
    if (!btn) return;
    var el = document.getElementById(btn.getAttribute("data-copy"));
    if (!el || !navigator.clipboard) return;
    navigator.clipboard.writeText(el.value || el.textContent).then(function () {
      btn.textContent = "Copied";
    });
  });
})();
