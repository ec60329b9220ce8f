// Journal autosave, second line of defence: htmx posts drafts to the server as the client
// types; this module also keeps the text in localStorage, keyed by the writing slot (a word
// and public ids, never PHI), so nothing typed is lost if the server refuses a save (expired
// session, dropped connection). The copy is cleared once the entry is saved, and on sign-out.
(function () {
  "use strict";
  var PREFIX = "ketacare-draft-";

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // storage disabled: the server-side draft still works
    }
  }

  function remember(field) {
    var store = storage();
    if (!store) {
      return;
    }
    var key = PREFIX + field.getAttribute("data-autosave-slot");
    if (field.value) {
      store.setItem(key, field.value);
    } else {
      store.removeItem(key);
    }
  }

  function restore(field) {
    var store = storage();
    if (!store) {
      return;
    }
    var local = store.getItem(PREFIX + field.getAttribute("data-autosave-slot"));
    if (local && local !== field.value) {
      field.value = local;
      var status = document.getElementById(field.getAttribute("aria-describedby"));
      if (status) {
        status.textContent = "Restored text typed on this device that had not reached the server.";
      }
    }
  }

  function clearSaved() {
    var store = storage();
    if (!store) {
      return;
    }
    document.querySelectorAll("[data-clear-draft]").forEach(function (marker) {
      var slot = marker.getAttribute("data-clear-draft");
      for (var index = store.length - 1; index >= 0; index -= 1) {
        var key = store.key(index);
        if (key && key.indexOf(PREFIX + slot) === 0) {
          store.removeItem(key);
        }
      }
    });
  }

  function clearAll() {
    var store = storage();
    if (!store) {
      return;
    }
    for (var index = store.length - 1; index >= 0; index -= 1) {
      var key = store.key(index);
      if (key && key.indexOf(PREFIX) === 0) {
        store.removeItem(key);
      }
    }
  }

  document.querySelectorAll("textarea[data-autosave-slot]").forEach(function (field) {
    restore(field);
    field.addEventListener("input", function () {
      remember(field);
    });
  });
  clearSaved();
  document.querySelectorAll("form.logout").forEach(function (form) {
    form.addEventListener("submit", clearAll);
  });
})();
