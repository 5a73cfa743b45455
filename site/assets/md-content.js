// Opens the tab a link points to, as a file (mkdocs-material's partials/javascripts/content.html).
var target = document.getElementById(location.hash.slice(1));
target && target.name && (target.checked = target.name.startsWith("__tabbed_"));
