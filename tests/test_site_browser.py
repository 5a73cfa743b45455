"""The demo site in a real browser (Debian's chromium, headless), served from 127.0.0.1 only.

Reads the site as a reader would: both home pages, the language switcher on a bulletin page,
its charts (pictures drawn at build time) and record pictures loaded from the site, a
search for a two-character Chinese word, a CSV download; and no request may leave this
machine. Screenshots (whole pages) go to tests/artifacts/.
"""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from site_serving import PREFIX

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

pytestmark = pytest.mark.slow


def outside(requested: list[str]) -> list[str]:
    """Requests that left this machine."""
    return [
        url
        for url in requested
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"
    ]


# Every chart picture of the page, each loaded (lazy pictures load when scrolled to).
_CHARTS_LOADED = """() => Array.from(document.querySelectorAll('figure.chart img')).every(
    i => i.complete && i.naturalWidth > 0 && i.currentSrc.endsWith('.svg'))"""


def _charts_loaded(page, expected: int) -> None:
    charts = page.locator("figure.chart img")
    assert charts.count() == expected
    for i in range(expected):
        charts.nth(i).scroll_into_view_if_needed()
    page.wait_for_function(_CHARTS_LOADED, timeout=20_000)


def _drawn(page) -> None:
    """Every chart picture of the page loads; every record picture must have loaded."""
    _charts_loaded(page, 8)  # map, bands, trend and regions of each pollutant
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('figure.photo img')).every(i => i.complete)"
    )
    widths = page.eval_on_selector_all("figure.photo img", "all => all.map(i => i.naturalWidth)")
    assert len(widths) == 3 and all(widths), widths


def test_a_reader_browses_searches_and_downloads(served, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()

    page.goto(served)
    assert page.locator("html").get_attribute("lang") == "zh"
    assert page.locator("article h1").inner_text() == "清洁空气战略进展"
    assert page.locator(".synthetic-banner").is_visible()
    page.screenshot(path=ARTIFACTS / "site-home-zh.png", full_page=True)
    page.goto(served + "en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("article h1").inner_text() == "Clean Air Strategy Progress"
    page.screenshot(path=ARTIFACTS / "site-home-en.png", full_page=True)

    # A bulletin page: its charts draw, its pictures load, and the language switcher keeps
    # the same page.
    page.goto(served + "bulletins/2024-01/")
    _drawn(page)
    page.screenshot(path=ARTIFACTS / "site-bulletin-zh.png", full_page=True)
    page.hover(".md-header__option .md-select")
    page.click('a.md-select__link[hreflang="en"]')
    page.wait_for_url("**/en/bulletins/2024-01/")
    assert page.locator("article h1").inner_text().endswith("January 2024")
    _drawn(page)
    page.screenshot(path=ARTIFACTS / "site-bulletin-en.png", full_page=True)

    # A chart's data: the CSV link under it downloads the file behind the chart.
    with page.expect_download() as download:
        page.click("#chart-bands-pm25 figcaption a[download]")
    header = Path(download.value.path()).read_text(encoding="utf-8").splitlines()[0]
    assert header == "\ufeffband,label_zh,label_en,count,share_pct"  # a BOM, for Excel

    # Search in Chinese: a two-character word finds pages (segmented by jieba at build time).
    page.goto(served + "?q=臭氧")
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    assert page.locator(".md-search-result__item").count() > 0
    page.screenshot(path=ARTIFACTS / "site-search-zh.png")

    page.goto(served + "cities/540400/")
    _charts_loaded(page, 1)
    page.screenshot(path=ARTIFACTS / "site-city-zh.png", full_page=True)
    context.close()

    assert outside(requested) == []
    # Charts are pictures: no chart runtime (Vega, a chart script) is requested at all.
    scripts = [url for url in requested if urlsplit(url).path.endswith(".js")]
    assert scripts and not [u for u in scripts if re.search(r"vega|chart", u, re.I)], scripts
    assert [u for u in requested if re.search(r"/charts/map-pm25-(zh|en)-wide\.svg$", u)]


def _results(page, url: str) -> list[str]:
    """The addresses the search box lists for the query in `url` (`?q=…`), best first."""
    page.goto(url)
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    return page.locator(".md-search-result__item > a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )


@pytest.mark.parametrize(
    ("query", "lang", "first"),
    [
        ("ozone", "en", None),
        ("Ozone", "en", None),
        ("concentration", "en", None),
        ("Beijing", "en", "en/cities/110000/"),
        ("林芝", "zh", "cities/540400/"),
        ("石家庄", "zh", "cities/130100/"),
    ],
)
def test_search_finds_words_in_each_language(served, browser, query, lang, first):
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    home = served + ("en/" if lang == "en" else "")
    page.goto(home)
    page.wait_for_load_state("networkidle")
    # The index is fetched on first use of the search box, not with every page.
    assert not [url for url in requested if "search_index" in url]
    found = _results(page, f"{home}?q={query}")
    assert found, query
    # Each language searches its own pages only, from its own index.
    assert all(path.startswith(PREFIX + "en/") == (lang == "en") for path in found), found
    index = "search_index.en.json" if lang == "en" else "search_index.json"
    assert any(url.endswith("/search/" + index) for url in requested)
    if first:
        assert found[0] == PREFIX + first, found[:3]
    assert outside(requested) == []
    page.close()


LINK = re.compile(r'<(?:a|link|script|img|source)\b[^>]*?\b(?:href|src)="([^"]+)"')


def test_every_link_resolves_under_a_sub_path(served):
    """A crawl from the home page of the site served under PREFIX: every page, asset and file
    it links to answers 200 (so no link is root-absolute), and each page has a description."""
    seen, queue, broken, undescribed = set(), [served, served + "en/"], [], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(urllib.request.Request(url)) as response:
                is_html = response.headers.get_content_type() == "text/html"
                body = response.read().decode("utf-8") if is_html else ""
        except HTTPError as error:
            broken.append(f"{url}: {error.code}")
            continue
        if not is_html:
            continue
        # The annual report's pages are written by reporter/annual/site.py (no description yet).
        if '<meta name="description"' not in body and "/annual/" not in url:
            undescribed.append(url)
        for href in LINK.findall(body):
            target = urldefrag(urljoin(url, href.replace("&amp;", "&")))[0]
            if urlsplit(target).scheme in ("http", "https") and target.startswith(served):
                queue.append(target)
            elif urlsplit(target).scheme in ("http", "https"):
                broken.append(f"{url} links outside the site: {href}")
    assert broken == []
    assert len([u for u in seen if u.endswith("/")]) > 690  # every page was reached
    assert undescribed == []


# Each shown chart: the SVG the <picture> chose (currentSrc), its width as drawn on the page
# and its own width, and the rightmost point it reaches.
_SHOWN = """() => Array.from(document.querySelectorAll('figure.chart img')).map(i => ({
    src: i.currentSrc, shown: i.getBoundingClientRect().width,
    right: i.getBoundingClientRect().right}))"""
_FONT_SIZE = re.compile(r'font-size="([\d.]+)px"')
_SVG_WIDTH = re.compile(r'<svg\b[^>]*\bwidth="([\d.]+)"')


def _text_sizes(shown: dict) -> tuple[float, list[float]]:
    """The SVG's width and its text sizes as drawn: font size × shown width / SVG width."""
    svg = urllib.request.urlopen(shown["src"]).read().decode("utf-8")
    width = float(_SVG_WIDTH.search(svg).group(1))
    return width, [float(v) * shown["width"] / width for v in _FONT_SIZE.findall(svg)]


@pytest.mark.parametrize(("path", "expected"), [("bulletins/2024-01/", 8), ("", 3)])
def test_charts_reflow_to_a_phone_screen(served, browser, path, expected):
    """At 390 × 844 each chart is the narrow picture, no wider than the screen, and its text
    is drawn at 9 px or more."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(served + path)
    _charts_loaded(page, expected)  # a bulletin's 8 charts; home: two band charts and the map
    name = path.strip("/").replace("/", "-") or "home"
    page.screenshot(path=ARTIFACTS / f"site-{name}-zh-phone.png", full_page=True)
    shown = page.evaluate(_SHOWN)
    context.close()
    sizes = []
    for chart in shown:
        assert chart["src"].endswith("-narrow.svg"), chart  # the phone's picture
        assert chart["right"] <= 390, chart
        width, drawn = _text_sizes({"src": chart["src"], "width": chart["shown"]})
        assert width <= 390 and drawn, chart
        sizes += drawn
    assert min(sizes) >= 9, sorted(sizes)[:5]


def test_a_city_chart_keeps_its_text_on_a_phone(served, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(served + "en/cities/110000/")
    _charts_loaded(page, 1)  # one picture, as narrow as a phone
    (chart,) = page.evaluate(_SHOWN)
    context.close()
    assert chart["right"] <= 390
    _, drawn = _text_sizes({"src": chart["src"], "width": chart["shown"]})
    assert drawn and min(drawn) >= 9, sorted(drawn)[:5]


@pytest.mark.parametrize(
    ("lang", "typed", "how"),
    [("en", "Beijing", "Enter"), ("zh", "北京", "Enter"), ("zh", "beijing", "click")],
)
def test_the_finder_goes_to_a_city_by_any_of_its_names(served, browser, lang, typed, how):
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    home = served + ("en/" if lang == "en" else "")
    page.goto(home + "finder/")
    page.locator("#finder-input").press_sequentially(typed)
    first = page.locator("#finder-options [role=option]").first
    first.wait_for()
    assert first.get_attribute("data-code") == "110000"
    assert page.locator("#finder-input").get_attribute("aria-expanded") == "true"
    if how == "Enter":
        page.keyboard.press("Enter")
    else:
        first.click()
    page.wait_for_url(f"**{PREFIX}{'en/' if lang == 'en' else ''}cities/110000/")
    assert page.locator("html").get_attribute("lang") == lang
    assert outside(requested) == []
    page.close()


def _column(page, index: int) -> list[str]:
    return page.locator(f"table[data-sortable] tbody tr > :nth-child({index})").evaluate_all(
        "cells => cells.map(c => c.dataset.sort === undefined ? c.textContent : c.dataset.sort)"
    )


def test_the_finder_table_sorts_by_a_column(served, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served + "finder/")
    values = [int(v) for v in _column(page, 2) if v]
    header = page.locator("table[data-sortable] thead th").nth(1)
    assert header.get_attribute("aria-sort") is None
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    ascending = _column(page, 2)
    assert int(ascending[0]) == min(values) != max(values)
    assert ascending[-1] == ""  # cities without a value come last
    page.screenshot(path=ARTIFACTS / "site-finder-zh.png")
    header.locator("button").press("Enter")  # a button: the keyboard sorts too
    assert header.get_attribute("aria-sort") == "descending"
    assert int(_column(page, 2)[0]) == max(values)
    page.close()


def test_the_archive_shows_one_card_per_issue_with_its_cover(served, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    for lang in ("", "en/"):
        for name, viewport in (
            ("desktop", {"width": 1280, "height": 900}),
            ("phone", {"width": 390, "height": 844}),
        ):
            page = browser.new_page(viewport=viewport)
            page.goto(served + lang + "archive/")
            cards = page.locator("li.issue-card")
            months = cards.evaluate_all("all => all.map(c => c.dataset.month || null)")
            # The annual report first, then the bulletins newest first.
            assert months == [None, "2024-03", "2024-02", "2024-01", "2019-12"]
            cover = page.locator('li.issue-card[data-month="2024-01"] img.issue-card__cover')
            cover.scroll_into_view_if_needed()
            page.wait_for_function(
                "i => i.complete && i.naturalWidth > 0", arg=cover.element_handle()
            )
            assert cover.evaluate("i => i.naturalWidth") == 240
            # Only 2024-01 and the annual report have their PDFs.
            assert page.locator("li.issue-card[data-month] img").count() == 1
            assert page.locator("li.issue-card:not([data-month]) img").count() == 1
            # Cards reflow: none spills past the screen.
            right = cards.evaluate_all(
                "all => Math.max(...all.map(c => c.getBoundingClientRect().right))"
            )
            assert right <= viewport["width"]
            tag = "zh" if not lang else "en"
            page.screenshot(path=ARTIFACTS / f"site-archive-{tag}-{name}.png", full_page=True)
            page.close()
