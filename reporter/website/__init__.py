"""The public website: every bulletin and the figures behind it, in Chinese and English.

  inputs.py      what pages are made from: figures and city series (cached), issues, PDFs
  templating.py  the site's words (templates/site/) on the shared Jinja environment
  sections.py    the bulletin body, section by section, in the PDF's words and templates
  (charts)       reporter.charts.site: the PDF's chart builders for the screen, drawn at build
                 time as SVG pictures, with their data (CSV, table) and Vega-Lite spec
  downloads.py   CSV, JSON and README files per bulletin, and the PDFs
  pages.py       page sources (Markdown for mkdocs), one cacheable unit per page and language
  assets.py      theme overrides, local scripts, the search dictionary, mkdocs.yml
  build.py       caching, the mkdocs build, the atomic swap of the output, the lock, serving

Sources are in site/ (mkdocs.yml, overrides, CSS/JS); generated Markdown goes to
build/site-src/docs/, the cache to build/site-cache/ and the site to build/site/.
"""
