// Upload progress. Document forms are boosted by htmx like every form, so the file goes up by
// XMLHttpRequest: show its progress, and keep the button from being pressed twice meanwhile.
// Without JavaScript the form posts as usual.
(function () {
  "use strict";
  function uploadForm(event) {
    var form = event.detail && event.detail.elt;
    return form && form.matches && form.matches("form[data-upload]") ? form : null;
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = uploadForm(event);
    if (!form) return;
    var progress = form.querySelector("progress");
    if (progress) { progress.value = 0; progress.hidden = false; }
    form.setAttribute("aria-busy", "true");
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
  });
  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = uploadForm(event);
    var progress = form && form.querySelector("progress");
    if (progress && event.detail.lengthComputable) {
      progress.value = Math.round((event.detail.loaded / event.detail.total) * 100);
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = uploadForm(event);
    if (!form) return;
    form.removeAttribute("aria-busy");
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = false;
  });
})();
