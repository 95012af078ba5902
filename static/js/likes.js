// Likes in place: the form works without this file (POST, then redirect back);
// with it, the like is sent with fetch() and the line updates without a reload.
(function () {
  "use strict";
  document.querySelectorAll("form[data-like-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      var line = form.querySelector("[data-likes-line]");
      var label = form.querySelector("[data-like-label]");
      if (button.disabled) { return; }
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "Accept": "application/json", "X-Requested-With": "fetch" },
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) { throw response; }
        return response.json();
      }).then(function (data) {
        line.textContent = data.text;
        label.textContent = button.dataset.likedLabel;
        button.setAttribute("aria-pressed", "true");
      }).catch(function () {
        // Fall back to the plain form, whose response page explains what happened.
        form.submit();
      });
    });
  });
})();
