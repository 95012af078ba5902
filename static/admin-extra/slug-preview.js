// The live slug of the article, category and tag forms: while the slug field
// is empty and untouched, each pause in typing the title (data-slug-source)
// asks the server for the slug it would make (data-slug-preview, for
// data-slug-kind), so the preview is exactly what saving gives.
(function () {
  "use strict";
  function start() {
    var slug = document.querySelector("input[data-slug-preview]");
    var title = slug && document.getElementById(slug.dataset.slugSource);
    if (!slug || !title || slug.value) {
      return;
    }
    var touched = false;
    var timer = null;
    var asked = 0;
    slug.addEventListener("input", function () {
      touched = slug.value !== "";
    });
    function ask() {
      var mine = ++asked;
      var url = slug.dataset.slugPreview + "?kind=" + encodeURIComponent(slug.dataset.slugKind) +
        "&title=" + encodeURIComponent(title.value);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          // An older answer arriving late must not overwrite a newer one.
          if (data && mine === asked && !touched) {
            slug.value = data.slug;
            slug.dispatchEvent(new Event("change"));
          }
        })
        .catch(function () {});
    }
    title.addEventListener("input", function () {
      if (touched) {
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
