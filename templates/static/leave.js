// "Leave this page": with JavaScript, replace this page in the history
// with the neutral site, so Back does not return here. Without it the
// button is a plain link (the page says so).
"use strict";
(function () {
  document.documentElement.classList.add("js");
  var a = document.getElementById("leave");
  if (!a) return;
  a.addEventListener("click", function (e) {
    e.preventDefault();
    window.location.replace(a.href);
  });
})();
