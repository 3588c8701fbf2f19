// A search box before each unit choice of the mapping form (dossiers/_job.html): typing keeps the units
// whose name or code holds every word typed, accents and case ignored ("phu my" finds "Xã Phù Mỹ").
// Without this script the choice still works as a plain list.
(function () {
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase();
  }
  function enhance() {
    document.querySelectorAll("select[data-unit-choice]").forEach(function (select) {
      if (select.dataset.enhanced) return;
      select.dataset.enhanced = "1";
      var box = document.createElement("input");
      box.type = "search";
      box.placeholder = select.dataset.unitChoice;
      box.setAttribute("aria-label", select.dataset.unitChoice + " (" + select.dataset.reference + ")");
      box.addEventListener("input", function () {
        var words = fold(box.value).split(/\s+/).filter(Boolean);
        var first = null;
        Array.prototype.forEach.call(select.options, function (option) {
          if (!option.value) return;
          var text = fold(option.textContent);
          option.hidden = !words.every(function (word) { return text.indexOf(word) >= 0; });
          if (!option.hidden && first === null && words.length) first = option;
        });
        if (first !== null) select.value = first.value;
      });
      select.parentNode.insertBefore(box, select);
    });
  }
  document.addEventListener("DOMContentLoaded", enhance);
  document.addEventListener("htmx:load", enhance);  // the job's card arrives by polling when the import ends
})();
