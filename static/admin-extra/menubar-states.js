// The prose editor dims a toolbar button that cannot act (undo with nothing
// to undo, a link with no text selected) by a class alone, so a screen reader
// offered it as a working button. aria-disabled tells it the same; the button
// stays focusable, as the toolbar expects.
(function () {
  "use strict";
  function mirror(button) {
    if (button.classList.contains("disabled")) {
      button.setAttribute("aria-disabled", "true");
    } else {
      button.removeAttribute("aria-disabled");
    }
  }
  function mirrorAll() {
    document.querySelectorAll(".prose-menubar__button").forEach(mirror);
  }
  mirrorAll();
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === "attributes") {
        if (record.target.classList.contains("prose-menubar__button")) { mirror(record.target); }
      } else if (record.addedNodes.length) {
        mirrorAll();
      }
    });
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["class"], childList: true, subtree: true });
})();
