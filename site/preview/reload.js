// Live preview (reporter preview): ask the server for the build version once a second and
// reload the page when it changes. Served as a file: the pages carry no inline script.
(function () {
  "use strict";
  var seen = document.documentElement.getAttribute("data-version");
  function poll() {
    fetch("/version", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (v) {
        if (String(v.version) !== seen) { window.location.reload(); return; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 1000);
})();
