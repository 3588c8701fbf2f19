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

  document.addEventListener("DOMContentLoaded", menu);
})();
