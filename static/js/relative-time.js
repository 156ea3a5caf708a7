// Relative times ("11 minutes ago") beside the absolute times a page is rendered
// with. Pages are cached and published as files, so the server never writes a
// relative time (it would go stale); this script does, and keeps it current.
// Without JavaScript the absolute time stays, which is all a page needs.
(function () {
  "use strict";
  var UNITS = [
    ["year", 365 * 86400], ["month", 30 * 86400], ["week", 7 * 86400],
    ["day", 86400], ["hour", 3600], ["minute", 60]
  ];
  var lang = document.documentElement.lang || "en";
  var format = window.Intl && Intl.RelativeTimeFormat
    ? new Intl.RelativeTimeFormat(lang, { numeric: "auto" })
    : null;

  function describe(seconds) {
    for (var i = 0; i < UNITS.length; i++) {
      var size = UNITS[i][1];
      // Like the server did: a unit once 90% of it has passed ("an hour ago").
      if (Math.abs(seconds) >= size * 0.9) {
        return format.format(Math.round(seconds / size), UNITS[i][0]);
      }
    }
    return format.format(0, "minute");
  }

  function refresh() {
    var now = Date.now();
    var elements = document.querySelectorAll("[data-relative-to]");
    for (var i = 0; i < elements.length; i++) {
      var at = Date.parse(elements[i].getAttribute("data-relative-to"));
      if (!isNaN(at)) {
        elements[i].textContent = " · " + describe((at - now) / 1000);
        elements[i].hidden = false;
      }
    }
  }

  if (format) {
    refresh();
    window.setInterval(refresh, 30 * 1000);
  }
})();
