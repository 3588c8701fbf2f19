/* CCHC's one site-wide script (the Content-Security-Policy allows no inline script, docs/security.md).
   Loaded in <head> without defer: it marks the document as scripted at once, so a phone never shows the
   full menu before the menu button takes over; the rest waits for the page. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  /* The header's menu button (phones): it shows or hides the menu, says so through aria-expanded, and
     Escape closes the menu and gives the focus back to the button. Without script the menu is simply
     shown and the button stays hidden. */
  function menu() {
    var button = document.querySelector("header.top .menu-toggle");
    var panel = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!button || !panel) return;
    button.hidden = false;
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      root.classList.toggle("menu-open", open);
    }
    button.addEventListener("click", function () { set(button.getAttribute("aria-expanded") !== "true"); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && button.getAttribute("aria-expanded") === "true") { set(false); button.focus(); }
    });
  }

  /* A table that scrolls inside itself (phones, cchc.css) and holds nothing focusable gets a Tab stop, so a
     keyboard user can scroll it with the arrow keys (WCAG 2.1.1); one that fits again loses it. */
  var FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])";
  function scrollers() {
    document.querySelectorAll("main table").forEach(function (table) {
      var scrolls = table.scrollWidth > table.clientWidth + 1;
      if (scrolls && !table.hasAttribute("tabindex") && !table.querySelector(FOCUSABLE)) {
        table.setAttribute("tabindex", "0");
        table.setAttribute("data-scroll-stop", "");
      } else if (!scrolls && table.hasAttribute("data-scroll-stop")) {
        table.removeAttribute("tabindex");
        table.removeAttribute("data-scroll-stop");
      }
    });
  }
  var resizing;
  window.addEventListener("resize", function () { clearTimeout(resizing); resizing = setTimeout(scrollers, 200); });

  document.addEventListener("DOMContentLoaded", function () { menu(); scrollers(); });
  document.addEventListener("htmx:afterSettle", scrollers);
})();
