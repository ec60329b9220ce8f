// Dosing session screen: live timers from server-provided ISO times, and the vitals grid's
// keyboard flow (Enter saves the row, focus returns to its first field after the htmx swap).
// No inline scripts: loaded with `defer` so a strict Content-Security-Policy holds.
(function () {
  "use strict";

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function minutesSeconds(ms) {
    var total = Math.max(0, Math.floor(ms / 1000));
    return Math.floor(total / 60) + ":" + pad(total % 60);
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-elapsed-since]").forEach(function (el) {
      var since = Date.parse(el.getAttribute("data-elapsed-since"));
      if (!isNaN(since)) {
        el.textContent = minutesSeconds(now - since) + " (min:s)";
      }
    });
    document.querySelectorAll("[data-due-at]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-due-at"));
      var overdue = !isNaN(due) && due <= now;
      var text = overdue ? "(due now: take vitals)" : "";
      if (el.textContent !== text) {
        el.textContent = text;
      }
      el.classList.toggle("vitals-due", overdue);
    });
    document.querySelectorAll("[data-countdown-to]").forEach(function (el) {
      var until = Date.parse(el.getAttribute("data-countdown-to"));
      if (!isNaN(until)) {
        el.textContent = until > now ? "(" + minutesSeconds(until - now) + " left)" : "(passed)";
      }
    });
  }

  function focusGrid() {
    var grid = document.querySelector("[data-vitals-grid]");
    var first = grid && grid.querySelector("input");
    if (first) {
      first.focus();
    }
  }

  document.addEventListener("keydown", function (event) {
    var grid = event.target && event.target.closest && event.target.closest("[data-vitals-grid]");
    if (grid && event.key === "Enter" && event.target.tagName !== "BUTTON") {
      event.preventDefault();
      grid.requestSubmit();
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail && event.detail.target && event.detail.target.id === "session-live") {
      focusGrid();
      tick();
    }
  });
  tick();
  window.setInterval(tick, 1000);
})();
