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
    if (!region || document.hidden || !window.htmx) return;
    var url = region.getAttribute("data-refresh-url") + "?since=" + encodeURIComponent(region.getAttribute("data-version"));
    window.htmx.ajax("GET", url, { target: "#dossier-status", swap: "outerHTML" });
  }

  setInterval(tick, 1000);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) refresh();
  });
})();
