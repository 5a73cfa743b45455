"""mkdocs hooks: big data tables skip Markdown and the search index; tables scroll in their own
labelled box; long pages carry their table of contents in the page.

Page sources carry big tables inside an HTML comment (`<!--data-table … data-table-->`):
Markdown passes a comment through untouched and the search index ignores it, which saves
more than half the build time of ~700 city pages. Once a page is indexed and rendered, this
hook opens the comment so the table shows. (Moving to another generator: do the same there,
or drop the two markers.)
"""

from __future__ import annotations

import html
import posixpath
import re
from urllib.parse import urljoin

OPEN, CLOSE = "<!--data-table", "data-table-->"
HEADING = re.compile(r"<h([1-4])[^>]*>(.*?)</h\1>", re.DOTALL)
# A table whose page already gives it its box (a chart's data, named by the chart) is left as is.
TABLE = re.compile(r"<table\b(?![^>]*data-scroll=\"own\")")
TAG = re.compile(r"<[^>]+>")
WORDS = {
    "zh": {"toc": "本页目录", "table": "表格（可横向滚动）"},
    "en": {"toc": "On this page", "table": "table (scrolls sideways)"},
}
# A page with this many second-level headings is long enough for a table of contents in it.
TOC_MIN = 3


def _lang(page) -> str:
    return "en" if getattr(page.file, "locale", "zh") == "en" else "zh"


def _scrolling_tables(output: str, lang: str) -> str:
    """Each table inside a box that scrolls sideways, reachable by keyboard (tabindex=0) and
    named for screen readers by the heading above it (WCAG 2.1.1, axe scrollable-region)."""
    parts, last = [], 0
    headings = [(m.start(), m.group(2)) for m in HEADING.finditer(output)]
    for match in TABLE.finditer(output):
        start = match.start()
        above = [text for at, text in headings if at < start]
        name = TAG.sub("", above[-1]).strip() if above else ""
        label = html.escape(f"{html.unescape(name)} {WORDS[lang]['table']}".strip(), quote=True)
        end = output.index("</table>", start) + len("</table>")
        parts += [
            output[last:start],
            f'<div class="table-scroll" tabindex="0" role="region" aria-label="{label}">',
            output[start:end],
            "</div>",
        ]
        last = end
    return "".join(parts) + output[last:]


def _page_toc(output: str, page, lang: str) -> str:
    """The page's second-level headings as a list after its title: a reader on a phone (where
    the theme hides its side table of contents) sees at once what the page holds."""
    items = [child for top in page.toc for child in top.children] or list(page.toc)
    if len(items) < TOC_MIN or "</h1>" not in output:
        return output
    links = "".join(f'<li><a href="{item.url}">{item.title}</a></li>' for item in items)
    nav = (
        f'<nav class="page-toc" aria-label="{WORDS[lang]["toc"]}">'
        f'<p class="page-toc__title">{WORDS[lang]["toc"]}</p><ul>{links}</ul></nav>'
    )
    head, tail = output.split("</h1>", 1)
    return f"{head}</h1>{nav}{tail}"


ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">\s*')


def _hreflang(output: str, page, config) -> str:
    """hreflang links must be absolute: with a site_url they are made so; without one they are
    left out (the theme would also fetch a sitemap.xml for each, which is then not written)."""
    site_url = config.site_url
    if not site_url:
        return ALTERNATE.sub("", output)
    here = urljoin(site_url, page.url if page else "")

    def absolute(match: re.Match[str]) -> str:
        href = urljoin(here, html.unescape(match.group(1)))
        return f'<link rel="alternate" href="{html.escape(href)}" hreflang="{match.group(2)}">'

    return ALTERNATE.sub(absolute, output)


SWITCH = re.compile(r'<a href="(/[^/"][^"]*|/)" hreflang="')


def _relative_switch(output: str, page) -> str:
    """The language switch links from the page, not from the host's root (mkdocs-static-i18n
    leaves a home page's as `/` and `/en/`): the site works under any sub-path."""
    here = posixpath.dirname(page.url.rstrip("/") + "/x") if page.url else "."

    def relative(match: re.Match[str]) -> str:
        target = match.group(1).lstrip("/") or "."
        rel = posixpath.relpath(target, here or ".")
        rel = rel if rel.endswith("/") else rel + "/"  # the switch links pages (folders)
        return f'<a href="{rel}" hreflang="'

    return SWITCH.sub(relative, output)


def on_post_page(output: str, page, config) -> str:
    if OPEN in output:
        output = output.replace(OPEN, "").replace(CLOSE, "")
    output = _hreflang(output, page, config)
    if not page.url.endswith("404.html"):  # served at any depth: its links are from the root
        output = _relative_switch(output, page)
    lang = _lang(page)
    article = output.find("<article")
    if article < 0:
        return output
    head, body = output[:article], output[article:]
    return head + _page_toc(_scrolling_tables(body, lang), page, lang)
