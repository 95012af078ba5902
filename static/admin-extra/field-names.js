// Widgets that Django's admin, select2 and the prose editor draw without an
// accessible name get the name of the field they belong to, so a screen
// reader says "Body" or "Publication date: date" instead of nothing. They
// are built after the page loads, hence the observer.
(function () {
  "use strict";
  function labelOf(element) {
    var row = element.closest(".form-row");
    var label = row && row.querySelector("label");
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }
  function name(element, suffix) {
    if (element.hasAttribute("aria-label") || element.hasAttribute("data-named")) { return; }
    var text = labelOf(element);
    if (!text) { return; }
    element.setAttribute("aria-label", suffix ? text + ": " + suffix : text);
    element.setAttribute("data-named", "");
  }
  function nameAll() {
    document.querySelectorAll(".tiptap, .ProseMirror, .select2-selection__rendered[role=textbox]").forEach(function (el) { name(el); });
    document.querySelectorAll(".select2-selection").forEach(function (el) {
      el.removeAttribute("aria-labelledby");
      name(el);
    });
    document.querySelectorAll(".select2-search__field").forEach(function (el) { name(el, el.getAttribute("placeholder") || ""); });
    document.querySelectorAll("input.vDateField").forEach(function (el) { name(el, el.closest(".datetime") ? "date" : ""); });
    document.querySelectorAll("input.vTimeField").forEach(function (el) { name(el, "time"); });
  }
  nameAll();
  new MutationObserver(nameAll).observe(document.documentElement, { childList: true, subtree: true });
})();
