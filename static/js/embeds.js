// Click-to-load embeds (articles/embeds.py): the page holds only a
// placeholder with the provider's player address; the frame, and with it the
// first request to the provider, is made when the reader asks for it.
(function () {
  "use strict";

  function load(figure) {
    const frame = document.createElement("iframe");
    frame.src = figure.dataset.embedSrc;
    frame.title = figure.dataset.embedTitle || "";
    frame.className = "embed__frame";
    frame.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-presentation");
    const placeholder = figure.querySelector(".embed__placeholder");
    figure.classList.add("embed--loaded");
    figure.replaceChild(frame, placeholder);
    frame.focus();
  }

  document.querySelectorAll("figure.embed[data-embed-src]").forEach((figure) => {
    const button = figure.querySelector(".embed__load");
    if (button) button.addEventListener("click", () => load(figure));
  });
})();
