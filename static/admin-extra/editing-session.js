// The article and page forms while someone writes in them: an autosave of
// title, excerpt and body to the writer's own draft revision whenever they
// changed (every data-autosave-seconds), a heartbeat that keeps the edit
// lock (every data-heartbeat-seconds) and tells the writer when someone has
// taken it over, a warning before leaving with unsaved changes, and the
// lock let go of when the writer leaves the form without saving (a closed
// tab, another page), as WordPress does, so the next editor need not wait
// for it to lapse. The server words every message, so they arrive in the
// writer's language.
(function () {
  "use strict";
  var TEXT_FIELDS = ["title", "excerpt", "body"];

  function start() {
    var session = document.getElementById("editing-session");
    var form = session && document.querySelector("#content-main form[method=post][id$=_form]");
    if (!session || !form) {
      return;
    }
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var status = document.getElementById("autosave-status");
    var lost = document.getElementById("editing-lost");
    var restored = session.hasAttribute("data-restored");
    var submitting = false;
    var released = false;
    var timers = [];
    // The lock as last renewed: a release names it, so one that arrives
    // after this writer has opened the form again lets go of nothing.
    var stamp = session.dataset.lockStamp;

    function serialized() {
      var data = new FormData(form);
      data.delete("csrfmiddlewaretoken");
      return new URLSearchParams(data).toString();
    }
    function texts() {
      var values = {};
      TEXT_FIELDS.forEach(function (name) {
        var field = form.elements.namedItem(name);
        if (field && typeof field.value === "string") {
          values[name] = field.value;
        }
      });
      return JSON.stringify(values);
    }
    // Widgets (the editor, select2, the date pickers) settle after loading:
    // what the form holds then is "unchanged".
    var initial = serialized();
    window.addEventListener("load", function () { initial = serialized(); });
    var lastAutosaved = texts();

    function post(url, body) {
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
        body: body,
      }).then(function (response) { return response.ok ? response.json() : null; })
        .catch(function () { return null; });
    }

    function autosave() {
      var now = texts();
      if (now === lastAutosaved || !session.dataset.autosaveUrl) {
        return Promise.resolve(null);
      }
      return post(session.dataset.autosaveUrl, now).then(function (data) {
        if (data && data.saved) {
          lastAutosaved = now;
          status.textContent = data.message;
        }
        return data;
      });
    }

    function lose(message) {
      if (released) {
        return;
      }
      released = true;
      timers.forEach(clearInterval);
      autosave();
      lost.textContent = message;
      lost.hidden = false;
      form.querySelectorAll("[type=submit]").forEach(function (button) { button.disabled = true; });
      lost.scrollIntoView({ block: "center" });
    }

    function heartbeat() {
      post(session.dataset.lockUrl, "{}").then(function (data) {
        if (data && data.held === false) {
          lose(data.message);
        } else if (data && data.stamp) {
          stamp = data.stamp;
        }
      });
    }

    var autosaveSeconds = parseFloat(session.dataset.autosaveSeconds);
    if (autosaveSeconds > 0) {
      timers.push(setInterval(autosave, autosaveSeconds * 1000));
    }
    var heartbeatSeconds = parseFloat(session.dataset.heartbeatSeconds);
    if (session.dataset.lockUrl && heartbeatSeconds > 0) {
      timers.push(setInterval(heartbeat, heartbeatSeconds * 1000));
    }

    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("pagehide", function () {
      if (submitting || released || !stamp || !session.dataset.releaseUrl) {
        return;
      }
      var data = new FormData();
      data.append("csrfmiddlewaretoken", csrf);
      data.append("stamp", stamp);
      navigator.sendBeacon(session.dataset.releaseUrl, data);
    });
    // Back from the browser's page cache: the lock was let go on leaving.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && session.dataset.lockUrl) {
        heartbeat();
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || released || !(restored || serialized() !== initial)) {
        return;
      }
      // Browsers show their own words; both calls are needed across them.
      event.preventDefault();
      event.returnValue = "";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
