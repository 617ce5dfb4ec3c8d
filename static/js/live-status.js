// Keeps an open dossier page current: every few seconds (the region's data-refresh-seconds), while
// the tab is visible, it asks for the page's changing part with the version it has; the server
// answers 204 when nothing changed.
(function () {
  "use strict";
  var waited = 0;

  function tick() {
    var region = document.getElementById("dossier-status");
    waited += 1;
    if (region && waited >= Number(region.getAttribute("data-refresh-seconds") || 20)) {
      waited = 0;
      refresh();
    }
  }

  function refresh() {
    var region = document.getElementById("dossier-status");
    // Not while the person is using something inside it: a swap would take their focus away.
    if (!region || document.hidden || !window.htmx || region.contains(document.activeElement)) return;
    var url = region.getAttribute("data-refresh-url") + "?since=" + encodeURIComponent(region.getAttribute("data-version"));
    window.htmx.ajax("GET", url, { target: "#dossier-status", swap: "outerHTML" }).then(announce);
  }

  // A replaced region is not read out by screen readers; a short sentence in a lasting live region is.
  function announce() {
    var region = document.getElementById("dossier-status");
    var announcer = document.getElementById("dossier-announcer");
    var state = region && region.querySelector("[data-announce]");
    if (!announcer || !state) return;
    var sentence = state.getAttribute("data-announce");
    if (announcer.getAttribute("data-last") !== sentence) {
      announcer.textContent = sentence;
      announcer.setAttribute("data-last", sentence);
    }
  }

  setInterval(tick, 1000);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) refresh();
  });
})();
