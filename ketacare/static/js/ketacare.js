// ketacare front-end behaviour. No inline scripts: this module is loaded with `defer` so a
// strict Content-Security-Policy holds.
(function () {
  "use strict";
  // Move focus to the main landmark after htmx swaps a whole page section, for screen readers.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.id === "main") {
      target.focus();
    }
  });
})();
