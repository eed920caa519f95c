// Tend practitioner pages: small progressive enhancements only; every page
// works without this file.
(function () {
  "use strict";

  // Copy buttons: shown only where the browser can copy.
  if (navigator.clipboard) {
    document.querySelectorAll("[data-copy]").forEach(function (btn) { btn.hidden = false; });
  }
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest("[data-copy]");
    if (!btn) return;
    var el = document.getElementById(btn.getAttribute("data-copy"));
    if (!el || !navigator.clipboard) return;
    var label = btn.textContent;
    navigator.clipboard.writeText(el.value || el.textContent).then(function () {
      btn.textContent = "Copied";
      setTimeout(function () { btn.textContent = label; }, 2500);
    }, function () {
      el.select && el.select();
    });
  });

  // Print buttons (the QR card): printing by hand works without them.
  document.querySelectorAll("[data-print]").forEach(function (btn) {
    btn.hidden = false;
    btn.addEventListener("click", function () { window.print(); });
  });

  // Read-only link fields select their whole text on focus, for copying by hand.
  document.querySelectorAll("input[readonly].mono").forEach(function (el) {
    el.addEventListener("focus", function () { el.select(); });
  });

  // The browser's time zone fills empty time-zone fields (sign-in, setup,
  // account), so times show in local time from the first visit.
  var tz = "";
  try { tz = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { tz = ""; }
  if (tz) {
    document.querySelectorAll("[data-browser-tz]").forEach(function (el) {
      if (!el.value) el.value = tz;
    });
  }
})();
