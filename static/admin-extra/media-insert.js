// The "Insert a gallery" and "Link a document" buttons under the article
// editor: they open articles/media_picker.py's window, which calls
// bluedomesInsertIntoEditor with the markup to insert at the cursor.
(function () {
  "use strict";

  let editor = null;
  document.addEventListener("prose-editor:ready", (event) => {
    if (event.detail.textarea.name === "body") editor = event.detail.editor;
  });

  window.bluedomesInsertIntoEditor = (html) => {
    if (!editor) return;
    // An empty paragraph after it, so the author goes on writing below, not in the last caption.
    editor.chain().focus().insertContent(html + "<p></p>").run();
  };

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-media-picker]");
    if (!button) return;
    event.preventDefault();
    window.open(button.dataset.mediaPicker, "bluedomes-media-picker", "width=960,height=720,resizable=yes,scrollbars=yes");
  });
})();
