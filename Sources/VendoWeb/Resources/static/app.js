"use strict";
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) { event.preventDefault(); }
});
document.addEventListener("DOMContentLoaded", function () {
  // A search box over long product menus: typing narrows the choices.
  document.querySelectorAll("select[data-search]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.placeholder = select.getAttribute("data-search");
    box.setAttribute("aria-label", select.getAttribute("data-search"));
    box.addEventListener("input", function () {
      var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var text = option.text.toLowerCase();
        var shown = option.value === "" || words.every(function (word) { return text.indexOf(word) >= 0; });
        option.hidden = !shown;
        if (shown && option.value !== "" && first === null) { first = option; }
      });
      if (first && (select.value === "" || select.selectedOptions[0].hidden)) { select.value = first.value; }
    });
    select.parentNode.insertBefore(box, select);
  });
  var dragged = null;
  document.querySelectorAll(".card[draggable]").forEach(function (card) {
    card.addEventListener("dragstart", function (event) {
      dragged = card;
      event.dataTransfer.setData("text/plain", card.getAttribute("data-id"));
      event.dataTransfer.effectAllowed = "move";
    });
    card.addEventListener("dragend", function () { dragged = null; });
  });
  document.querySelectorAll(".column[data-stage]").forEach(function (column) {
    column.addEventListener("dragover", function (event) { if (dragged) { event.preventDefault(); column.classList.add("drop-target"); } });
    column.addEventListener("dragleave", function () { column.classList.remove("drop-target"); });
    column.addEventListener("drop", function (event) {
      event.preventDefault();
      column.classList.remove("drop-target");
      if (!dragged) { return; }
      var form = dragged.querySelector("form.move");
      var select = form.querySelector("select[name=stage]");
      var stage = column.getAttribute("data-stage");
      if (select.value === stage) { return; }
      select.value = stage;
      form.submit();
    });
  });
});
