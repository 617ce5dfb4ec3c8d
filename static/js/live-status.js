// Keeps an open dossier page current: every 20 seconds, while the tab is visible, it asks for the
// page's changing part with the version it has; the server answers 204 when nothing changed.
(function () {
  "use strict";
  var PERIOD = 20000;

  function refresh() {
    var region = document.getElementById("dossier-status");
    if (!region || document.hidden || !window.htmx) return;
    var url = region.getAttribute("data-refresh-url") + "?since=" + encodeURIComponent(region.getAttribute("data-version"));
    window.htmx.ajax("GET", url, { target: "#dossier-status", swap: "outerHTML" });
  }

  setInterval(refresh, PERIOD);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) refresh();
  });
})();
