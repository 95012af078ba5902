// The picture picker window opened by the editor's Figure dialog ("Browse...").
// Choosing or uploading a picture hands it back to the editor through the
// CKEditor file-browser callback that django-prose-editor installs on the
// opener window, then closes this window.
(function () {
  "use strict";

  const root = document.getElementById("image-picker");
  if (!root) return;
  const callback = root.dataset.callback;
  const library = JSON.parse(document.getElementById("picker-images").textContent);
  const noEditor = document.getElementById("picker-no-editor");
  // The admin loads no JavaScript catalog on this page; translate when one is there.
  const gettext = window.gettext || ((text) => text);

  function editorWaiting() {
    try {
      return Boolean(callback && window.opener && window.opener.CKEDITOR && window.opener.CKEDITOR.tools);
    } catch (error) {
      // A cross-origin opener throws on access: not our editor either.
      return false;
    }
  }

  function hand(picture) {
    if (!editorWaiting()) {
      noEditor.hidden = false;
      return;
    }
    window.opener.CKEDITOR.tools.callFunction(Number(callback), picture.url, picture);
    window.close();
  }

  if (!editorWaiting()) noEditor.hidden = false;

  root.querySelectorAll("[data-image-id]").forEach((button) => {
    button.addEventListener("click", () => hand(library[button.dataset.imageId]));
  });

  const form = document.getElementById("picker-upload-form");
  if (!form) return;
  const errors = document.getElementById("picker-upload-errors");
  const status = document.getElementById("picker-upload-status");
  const submit = form.querySelector("[type=submit]");

  function showErrors(payload) {
    const messages = [];
    for (const [field, fieldErrors] of Object.entries(payload.errors || {})) {
      const input = form.elements[field];
      const label = input && input.labels && input.labels[0] ? input.labels[0].textContent.replace(/:$/, "") + ": " : "";
      fieldErrors.forEach((message) => messages.push(label + message));
    }
    errors.textContent = messages.join(" ");
    errors.hidden = messages.length === 0;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.hidden = true;
    submit.disabled = true;
    status.textContent = gettext("Uploading…");
    let payload;
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      payload = await response.json();
    } catch (error) {
      payload = { errors: { __all__: [gettext("The upload failed. Check the connection and try again.")] } };
    }
    submit.disabled = false;
    status.textContent = "";
    if (response && response.ok) {
      hand(payload);
    } else {
      showErrors(payload);
    }
  });
})();
