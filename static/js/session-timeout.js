// The idle-timeout warning: opens the dialog shortly before the session ends, keeps the person signed in
// when they ask, and takes them to the "signed out" page when the time is up. The server is the judge:
// before warning, it asks how long is left (another tab may have been active); every response to a
// signed-in request carries X-Session-Expires-In, so htmx requests reset the clock here too.
(function () {
  "use strict";
  var warnTimer = null;
  var endTimer = null;

  function dialog() {
    return document.getElementById("session-timeout");
  }

  function schedule(expiresIn) {
    var element = dialog();
    if (!element || !(expiresIn >= 0)) return;
    // Remembered on the element, so a later swap-settle does not bring back the page-load value.
    element.dataset.expiresIn = String(expiresIn);
    element.dataset.scheduledAt = String(Date.now());
    var warnBefore = Number(element.dataset.warnBefore) || 120;
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(checkThenWarn, Math.max(0, expiresIn - warnBefore) * 1000);
    // A little after the server's deadline (it counts in whole seconds), so the server agrees it has passed.
    endTimer = setTimeout(ended, (expiresIn + 2) * 1000);
  }

  function checkThenWarn() {
    var element = dialog();
    if (!element) return;
    fetch(element.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (!status.signed_in) return ended();
        var warnBefore = Number(element.dataset.warnBefore) || 120;
        if (status.expires_in > warnBefore + 5) return schedule(status.expires_in);
        open(element);
      })
      .catch(function () { open(element); });
  }

  function open(element) {
    if (element.open) return;
    if (typeof element.showModal === "function") element.showModal();
    else element.setAttribute("open", "");
    var button = element.querySelector("[data-extend]");
    if (button) button.focus();
  }

  function close(element) {
    if (typeof element.close === "function" && element.open) element.close();
    else element.removeAttribute("open");
  }

  function ended() {
    // Another tab may have kept the session alive: leave the page only when the server says it is over.
    var element = dialog();
    if (!element) return;
    fetch(element.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.signed_in) {
          close(element);
          schedule(status.expires_in);
        } else {
          window.location.assign(element.dataset.endedUrl);
        }
      })
      .catch(function () { window.location.assign(element.dataset.endedUrl); });
  }

  function extend(event) {
    var form = event.target.closest("form");
    var element = dialog();
    if (!form || !element || !element.contains(form) || !form.querySelector("[data-extend]")) return;
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(new FormData(form)),
    })
      .then(function (response) { return response.json(); })
      .then(function (status) { close(element); schedule(status.expires_in); })
      .catch(function () { form.submit(); });
  }

  function start() {
    var element = dialog();
    if (!element) return;
    if (element.dataset.scheduledAt) {
      // The same element after a partial swap: carry on from what was last scheduled.
      var elapsed = (Date.now() - Number(element.dataset.scheduledAt)) / 1000;
      schedule(Math.max(0, Number(element.dataset.expiresIn) - elapsed));
    } else {
      schedule(Number(element.dataset.expiresIn));
    }
  }

  document.addEventListener("submit", extend);
  document.addEventListener("DOMContentLoaded", start);
  // hx-boost swaps the body, dialog included: read the fresh one after each swap.
  document.addEventListener("htmx:afterSettle", start);
  document.addEventListener("htmx:afterRequest", function (event) {
    var header = event.detail.xhr && event.detail.xhr.getResponseHeader("X-Session-Expires-In");
    if (header !== null && header !== undefined && header !== "") schedule(Number(header));
  });
})();
