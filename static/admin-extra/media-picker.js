// The gallery and document window opened by the buttons under the article
// editor (articles/media_picker.py). It builds the stored markup of a gallery
// (articles/galleries.py) or a link, and hands it to the opener's editor.
(function () {
  "use strict";

  const root = document.getElementById("media-picker");
  if (!root) return;
  const data = JSON.parse(document.getElementById("media-picker-data").textContent);

  function editorInsert() {
    try {
      return window.opener && window.opener.bluedomesInsertIntoEditor;
    } catch (error) {
      return null;
    }
  }

  function hand(element) {
    const insert = editorInsert();
    if (!insert) {
      document.getElementById("picker-no-editor").hidden = false;
      return;
    }
    insert(element.outerHTML);
    window.close();
  }

  function figure(picture) {
    const item = document.createElement("figure");
    item.className = "gallery";
    const img = document.createElement("img");
    img.src = picture.url;
    img.alt = picture.alt;
    img.dataset.file = String(picture.id);
    item.append(img);
    if (picture.caption) {
      const caption = document.createElement("figcaption");
      caption.textContent = picture.caption;
      item.append(caption);
    }
    return item;
  }

  // Ticked order is gallery order.
  const ticked = [];
  const insertGallery = document.getElementById("insert-gallery");
  const count = document.getElementById("gallery-count");
  root.querySelectorAll("input[name=picture]").forEach((box) => {
    box.addEventListener("change", () => {
      const index = ticked.indexOf(box.value);
      if (box.checked && index < 0) ticked.push(box.value);
      if (!box.checked && index >= 0) ticked.splice(index, 1);
      insertGallery.disabled = ticked.length < 2;
      count.textContent = ticked.length < 2 ? count.dataset.none : String(ticked.length);
    });
  });
  if (insertGallery) {
    count.textContent = count.dataset.none;
    insertGallery.addEventListener("click", () => {
      const wrapper = document.createElement("div");
      ticked.forEach((id) => wrapper.append(figure(data.pictures[id])));
      const insert = editorInsert();
      if (!insert) {
        document.getElementById("picker-no-editor").hidden = false;
        return;
      }
      insert(wrapper.innerHTML);
      window.close();
    });
  }

  root.querySelectorAll("[data-document-id]").forEach((button) => {
    button.addEventListener("click", () => {
      const documentData = data.documents[button.dataset.documentId];
      const paragraph = document.createElement("p");
      const link = document.createElement("a");
      link.href = documentData.url;
      link.textContent = documentData.text;
      paragraph.append(link);
      hand(paragraph);
    });
  });
})();
