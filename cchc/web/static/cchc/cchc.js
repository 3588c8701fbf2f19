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

  /* Unit choices (select[data-unit-choice]: the unit pickers of the filters, web/_unit_picker.html, and the
     import's mapping form, dossiers/_job.html): a search box before each, named by the attribute (and the
     file's reference, if any); typing keeps the units whose label holds every word typed, accents and case
     ignored ("my duc phu my" finds "Xã Mỹ Đức — Huyện Phù Mỹ"), and (a single choice) chooses the first of
     them, so Enter submits the filter with it; a multiple choice (the units of a reporting period) keeps
     what was chosen. Without script the choice is a plain list. */
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\u0111/gi, "d").toLowerCase();
  }
  function unitChoices() {
    document.querySelectorAll("select[data-unit-choice]").forEach(function (select) {
      if (select.dataset.enhanced) return;
      select.dataset.enhanced = "1";
      var box = document.createElement("input");
      box.type = "search";
      box.className = "unit-search";
      box.placeholder = select.dataset.unitChoice;
      box.setAttribute("aria-label", select.dataset.unitChoice +
                       (select.dataset.reference ? " (" + select.dataset.reference + ")" : ""));
      box.setAttribute("aria-controls", select.id);
      box.addEventListener("input", function () {
        var words = fold(box.value).split(/\s+/).filter(Boolean);
        var first = null;
        Array.prototype.forEach.call(select.options, function (option) {
          if (!option.value) return;
          var text = fold(option.textContent);
          option.hidden = !words.every(function (word) { return text.indexOf(word) >= 0; });
          if (!option.hidden && first === null && words.length) first = option;
        });
        if (first !== null && !select.multiple) select.value = first.value;  // a multiple choice keeps its own
      });
      select.parentNode.insertBefore(box, select);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { menu(); scrollers(); unitChoices(); });
  document.addEventListener("htmx:afterSettle", scrollers);
  document.addEventListener("htmx:load", unitChoices);  // the import's card arrives by polling when it ends
})();
