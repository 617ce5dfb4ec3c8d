// Conditional questions: with JavaScript, a field whose condition is not met is hidden (and the hint
// that explains the condition with it); without, every field shows with that hint, and the server
// ignores answers whose condition is not met.
(function () {
  "use strict";
  function answers(form, name) {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.name === name && (!/^(radio|checkbox)$/.test(element.type) || element.checked);
    }).map(function (element) { return element.value; });
  }
  function update(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (field) {
      var wanted = field.dataset.showIfValues.split("|");
      var given = answers(form, field.dataset.showIf);
      var shown = given.some(function (value) { return wanted.indexOf(value) !== -1; });
      field.hidden = !shown;
      var hint = field.querySelector(".condition");
      if (hint) hint.hidden = true;
    });
  }
  function all() {
    document.querySelectorAll("form.eform").forEach(update);
  }
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form.eform");
    if (form) update(form);
  });
  document.addEventListener("DOMContentLoaded", all);
  document.addEventListener("htmx:afterSettle", all);
})();
