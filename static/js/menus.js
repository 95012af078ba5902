// Submenus of the header menu as disclosures: a button beside each parent
// opens and closes its list, by click, tap or keyboard, never by hover, so
// phones work as well as mice. Without this file the buttons stay hidden and
// every submenu is shown under its parent (see site.css).
(function () {
  "use strict";
  document.querySelectorAll("[data-menu]").forEach(function (nav) {
    var toggles = Array.prototype.slice.call(nav.querySelectorAll(".menu__toggle"));

    function submenu(toggle) {
      return document.getElementById(toggle.getAttribute("aria-controls"));
    }

    function setOpen(toggle, open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      submenu(toggle).hidden = !open;
    }

    function closeAll(except) {
      toggles.forEach(function (toggle) {
        if (toggle !== except) { setOpen(toggle, false); }
      });
    }

    toggles.forEach(function (toggle) {
      setOpen(toggle, false);
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        closeAll(toggle);
        setOpen(toggle, open);
      });
    });
    nav.classList.add("menu--js");

    nav.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var open = toggles.filter(function (toggle) { return toggle.getAttribute("aria-expanded") === "true"; })[0];
      if (open) {
        setOpen(open, false);
        open.focus();
      }
    });
    // Leaving the menu, by keyboard or by a tap elsewhere, closes what is open.
    nav.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !nav.contains(event.relatedTarget)) { closeAll(); }
    });
    document.addEventListener("click", function (event) {
      if (!nav.contains(event.target)) { closeAll(); }
    });
  });
})();
