// The search index, per language and on first use. Material for MkDocs asks for
// search/search_index.json as soon as a page loads; this script (loaded before the theme's)
// holds that request back until the reader opens the search box (or follows a ?q= link),
// and on an English page asks for the English index instead (search_index.en.json, built
// with English stemming). No other request is touched.
(function () {
  const lang = document.documentElement.lang;
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  const waiting = [];
  let wanted = new URLSearchParams(location.search).has("q");

  function release() {
    if (wanted) return;
    wanted = true;
    waiting.splice(0).forEach((go) => go());
  }

  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    let target = String(url);
    if (/search\/search_index\.json$/.test(target)) {
      this.searchIndex = true;
      if (lang && lang !== "zh") {
        target = target.replace(/search_index\.json$/, `search_index.${lang}.json`);
      }
    }
    return open.call(this, method, target, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (this.searchIndex && !wanted) {
      waiting.push(() => send.apply(this, args));
      return undefined;
    }
    return send.apply(this, args);
  };

  // First use: focus or click on the search field, its toggle, or the theme's shortcuts.
  document.addEventListener("focusin", (event) => {
    if (event.target.closest && event.target.closest("[data-md-component=search]")) release();
  });
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("label[for=__search], .md-search")) release();
  });
  document.addEventListener("change", (event) => {
    if (event.target.id === "__search") release();
  });
  document.addEventListener("keydown", (event) => {
    if (["/", "s", "f", "S", "F"].includes(event.key)) release();
  });
})();
