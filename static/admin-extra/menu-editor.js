// The menu editor shows, in each item, only the field its "Links to" asks
// for (page, category, tag, article or address), and empties the others
// when the form is sent, so a choice made before switching kinds is not
// refused as a second target. Without this file every field shows and the
// form says which one to leave empty.
(function () {
  "use strict";
  var TARGETS = ["page", "category", "tag", "article", "url"];

  function boxOf(item, name) {
    var box = item.querySelector(".fieldBox.field-" + name);
    return box && box.parentElement;
  }

  function kindOf(item) {
    var select = item.querySelector("select[name$='-kind']");
    return select ? select.value : null;
  }

  function showTarget(item) {
    var kind = kindOf(item);
    if (!kind) { return; }
    TARGETS.forEach(function (name) {
      var box = boxOf(item, name);
      if (box) { box.hidden = name !== kind && !box.querySelector(".errorlist"); }
    });
  }

  function nameSelect2(item) {
    // select2 draws a box without the label's name; give it the field's.
    item.querySelectorAll(".fieldBox").forEach(function (box) {
      var label = box.querySelector("label");
      var selection = box.querySelector(".select2-selection");
      if (label && selection) {
        selection.removeAttribute("aria-labelledby");
        selection.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
      }
    });
  }

  function setUp(item) {
    var select = item.querySelector("select[name$='-kind']");
    if (!select || select.dataset.menuKind) { return; }
    select.dataset.menuKind = "1";
    select.addEventListener("change", function () { showTarget(item); });
    showTarget(item);
    nameSelect2(item);
  }

  function items() {
    return document.querySelectorAll(".inline-related:not(.empty-form)");
  }

  document.addEventListener("DOMContentLoaded", function () {
    items().forEach(setUp);
    var form = document.querySelector("#menu_form");
    if (form) {
      form.addEventListener("submit", function () {
        items().forEach(function (item) {
          var kind = kindOf(item);
          TARGETS.forEach(function (name) {
            if (name === kind) { return; }
            var field = item.querySelector("[name$='-" + name + "']");
            if (field && field.value) { field.value = ""; }
          });
        });
      });
    }
  });
  document.addEventListener("formset:added", function (event) { setUp(event.target); });
  // select2 builds its boxes after the page has loaded.
  window.addEventListener("load", function () { items().forEach(nameSelect2); });
})();
