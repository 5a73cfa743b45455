// The theme's storage helpers, as a file: the Content-Security-Policy refuses inline script.
// The same code as mkdocs-material's partials/javascripts/base.html; the scope is the site's
// root, found from this file's own address (assets/site/md-scope.js).
__md_scope = new URL("../../", document.currentScript.src);
__md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
__md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e));
__md_set = (e, _, t = localStorage, a = __md_scope) => {
  try {
    t.setItem(a.pathname + "." + e, JSON.stringify(_));
  } catch (e) {}
};
