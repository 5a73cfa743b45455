"""The website built from the demo store, checked file by file as a reader's browser would get it.

The demo site is built once per session (about a minute on two cores) by `demo_site`, which
test_site_browser.py reuses. Its content is the project's content/ (records, news, images and
the issues of 2024-01 and 2024-02) plus, on purpose, things missing or hostile: no PDF for
2024-02, an empty issue file for 2024-03, an issue for a month without data (2019-12), a
record titled with a script tag, and a city (三沙) removed from the store.
"""

from __future__ import annotations

import fcntl
import html
import itertools
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hostile_content import write_hostile

from reporter.bulletin.narrative import build_context, plain_text, render_sentences, trend_series
from reporter.commands.site import site as site_group
from reporter.config import PROJECT_ROOT
from reporter.content.model import load_content
from reporter.demo.feeds import load_demo
from reporter.render.templating import make_environment
from reporter.stats.period import Period
from reporter.stats.summary import build_figures
from reporter.store import Store
from reporter.website import build as site_build
from reporter.website import covers as site_covers
from reporter.website.build import BuildReport, SiteBusyError, build_site
from reporter.website.inputs import Cache, read_issue
from reporter.website.templating import markdown_heading, words

NO_DATA_CITY = ("460300", "三沙", "Sansha")
LANG_PAGES = [
    "index.html",
    "archive/index.html",
    "bulletins/2024-01/index.html",
    "cities/index.html",
    "cities/540400/index.html",
    "finder/index.html",
    "methods/index.html",
    "about/index.html",
    "annual/2025/index.html",
]
ISSUE = """number: {number}
period: {month}
demo: true
editors: [{{zh: 编辑, en: Editor}}]
reviewers: [{{zh: 审校, en: Reviewer}}]
foreword:
  zh: 本期导读：{month} 的空气质量。
  en: "In this issue: air quality in {month}."
"""
SCRIPT_TITLE = "<script>alert(1)</script>"
HOSTILE_RECORD = """---
id: hostile-title
date: 2024-02-20
stage: other
theme: health
title:
  zh: "<script>alert(1)</script>"
  en: "<script>alert(1)</script>"
---
::: zh
标题里的标签必须显示为文字。

::: en
A tag in a title must show as text.
"""
# src/href attributes and CSS url() naming a host other than this machine.
OUTSIDE = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?|url\(\s*["']?)(?:https?:)?//(?!(?:127\.0\.0\.1|localhost)[:/"'])""",
    re.IGNORECASE,
)


@dataclass
class DemoSite:
    root: Path
    store: Store
    out: Path
    work: Path
    content: Path
    bulletins: Path
    report: BuildReport

    def build(self, **options) -> BuildReport:
        return build_site(
            self.store,
            out=self.out,
            work_dir=self.work,
            content_dir=self.content,
            bulletins_dir=self.bulletins,
            **options,
        )

    def page(self, path: str) -> str:
        return (self.out / path).read_text(encoding="utf-8")


def _drop_city(store: Store, code: str) -> None:
    """Remove every stored value of one city, so the site has a city without data."""
    for path in sorted(store.root.glob("*/*.parquet")) + sorted(
        store.root.glob("hourly/*/*.parquet")
    ):
        table = pq.read_table(path)
        if "code" in table.column_names:
            pq.write_table(table.filter(pc.not_equal(table["code"], code)), path)


COVER_HTML = """<html lang="{lang}"><body style="margin:0">
<div style="height:40mm;background:#283593"></div>
<h1 style="margin:20mm 15mm;font-size:30pt;color:#283593">{title}</h1></body></html>"""


def _write_pdf(path: Path, lang: str) -> None:
    """A small real PDF (its page 1 is what the site draws as the cover thumbnail)."""
    import weasyprint

    title = (
        "清洁空气战略进展 2024年1月"
        if lang == "zh"
        else "Clean Air Strategy Progress, January 2024"
    )
    weasyprint.HTML(string=COVER_HTML.format(lang=lang, title=title)).write_pdf(path)


def _build_annual(store: Store, out: Path) -> None:
    """The 2025 annual report (its three editions, no chapters) where the site looks for built
    reports."""
    from reporter.commands.annual import annual

    args = ["2025", "--base-year", "2020", "--data-dir", str(store.data_dir), "--out", str(out),
            "--lang", "zh,en,bilingual", "-q", "--content-dir", str(out.parent / "no-content")]  # fmt: skip
    result = CliRunner().invoke(annual, args)
    assert result.exit_code == 0, result.output


def build_demo_site(base: Path) -> DemoSite:
    """The demo site under `base`, built once: a second call (another test module) reuses it."""
    root = base / "demo-site"
    store = Store(root / "d")
    content, bulletins = root / "content", root / "bulletins"
    if not (root / "ready").exists():
        load_demo(store, silent=True)
        _drop_city(store, NO_DATA_CITY[0])
        shutil.copytree(PROJECT_ROOT / "content", content)
        for path in (content / "issues").glob("*.yaml"):
            if path.stem not in ("2024-01", "2024-02"):
                path.unlink()
        (content / "issues" / "2019-12.yaml").write_text(
            ISSUE.format(number=30, month="2019-12"), encoding="utf-8"
        )
        (content / "issues" / "2024-03.yaml").write_text("", encoding="utf-8")  # no content
        (content / "records" / "2024-02" / "hostile-title.md").write_text(
            HOSTILE_RECORD, encoding="utf-8"
        )
        write_hostile(content)  # handlers, script links and a scripted SVG (hostile_content.py)
        bulletins.mkdir()
        for lang in ("zh", "en"):  # only 2024-01 has its PDFs (one page each: a cover)
            _write_pdf(bulletins / f"bulletin-2024-01-{lang}.pdf", lang)
        _build_annual(store, root / "work" / "annual")
    demo = DemoSite(root, store, root / "site", root / "work", content, bulletins, None)
    demo.report = demo.build()
    (root / "ready").touch()
    return demo


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> DemoSite:
    return build_demo_site(tmp_path_factory.getbasetemp())


@pytest.mark.slow
def test_every_kind_of_page_exists_in_both_languages(demo_site):
    for path in LANG_PAGES:
        zh, en = demo_site.page(path), demo_site.page(f"en/{path}")
        assert '<html lang="zh"' in zh, path
        assert '<html lang="en"' in en, path
    archive = demo_site.page("archive/index.html")
    for month in ("2019-12", "2024-01", "2024-02", "2024-03"):
        assert f"../bulletins/{month}/" in archive
    # Every page unit is one index.html; an annual report's pages come from its built report.
    pages = len(list(demo_site.out.rglob("index.html")))
    annual = len(list(demo_site.out.glob("**/annual/*/index.html")))
    assert annual == 2  # the 2025 report, zh and en
    assert demo_site.report.regenerated + demo_site.report.reused == pages - annual


@pytest.mark.slow
def test_no_page_references_an_outside_address(demo_site):
    offenders = []
    for path in demo_site.out.rglob("*"):
        if path.suffix in (".html", ".js", ".css"):
            text = path.read_text(encoding="utf-8", errors="replace")
            offenders += [
                f"{path.relative_to(demo_site.out)}: {m.group(0)}" for m in OUTSIDE.finditer(text)
            ]
    assert offenders == []
    # The theme's script names unpkg.com in a string for a ResizeObserver polyfill (browsers
    # before 2020) and for mermaid (pages with diagrams; ours have none). It is no src/href;
    # every page's Content-Security-Policy forbids loading it, and the browser test checks
    # that nothing is requested from anywhere else.
    mentions = {
        p.name for p in demo_site.out.rglob("*.js") if "unpkg.com" in p.read_text(errors="replace")
    }
    assert all(name.startswith("bundle.") for name in mentions)
    for path in demo_site.out.rglob("*.html"):
        assert "Content-Security-Policy\" content=\"default-src 'self'" in path.read_text(), path
    assert "fonts.googleapis" not in demo_site.page("index.html")


@pytest.mark.slow
def test_search_index_holds_chinese_words_as_tokens(demo_site):
    tokens: dict[str, set[str]] = {}
    for lang, name in (("zh", "search_index.json"), ("en", "search_index.en.json")):
        index = json.loads(demo_site.page(f"search/{name}"))
        tokens[lang] = set()
        for doc in index["docs"]:
            for text in (doc["text"], doc["title"]):
                tokens[lang].update(t.strip() for t in re.split(index["config"]["separator"], text))
        # One index per language: each holds only its own pages, with its own set-up.
        assert all(d["location"].startswith("en/") == (lang == "en") for d in index["docs"])
        assert index["config"]["lang"] == (["zh", "en"] if lang == "zh" else ["en"])
    assert {"臭氧", "林芝", "浓度"} <= tokens["zh"]
    assert {"Nyingchi", "ozone", "concentration"} <= tokens["en"]


@pytest.mark.slow
def test_every_page_says_the_data_are_synthetic(demo_site):
    pages = [p for p in demo_site.out.rglob("index.html")]
    assert len(pages) > 600
    for path in pages:
        text = path.read_text(encoding="utf-8")
        said = "合成演示数据" in text or "synthetic demo data" in text.lower()
        assert "synthetic-banner" in text and said, path


@pytest.mark.slow
def test_missing_things_are_said_on_their_pages(demo_site):
    jan, feb = (
        demo_site.page("bulletins/2024-01/index.html"),
        demo_site.page("bulletins/2024-02/index.html"),
    )
    assert (demo_site.out / "data/bulletins/2024-01/bulletin-2024-01-zh.pdf").exists()
    assert 'href="../../data/bulletins/2024-01/bulletin-2024-01-en.pdf"' in jan
    assert "尚未生成" not in jan
    assert "bulletin-2024-02-zh.pdf" in feb and "尚未生成" in feb
    assert "has not been built yet" in demo_site.page("en/bulletins/2024-02/index.html")
    assert "是空文件" in demo_site.page("bulletins/2024-03/index.html")
    assert "没有2019年12月的空气质量数据" in demo_site.page("bulletins/2019-12/index.html")
    city = demo_site.page(f"cities/{NO_DATA_CITY[0]}/index.html")
    assert f"数据库中没有{NO_DATA_CITY[1]}的任何数据" in city
    assert "no data at all for Sansha" in demo_site.page(f"en/cities/{NO_DATA_CITY[0]}/index.html")
    assert f"{NO_DATA_CITY[1]}</a> (无数据)" in demo_site.page("cities/index.html")
    assert any(NO_DATA_CITY[0] in line for line in demo_site.report.problems)
    # Downloads of a bulletin with data: the stats contract, CSV and a README of units.
    folder = demo_site.out / "data/bulletins/2024-01"
    figures = json.loads((folder / "figures-2024-01.json").read_text(encoding="utf-8"))
    assert figures["period"] == "2024-01" and figures["synthetic"] is True
    # Every CSV starts with a byte-order mark (Excel on Chinese Windows then reads UTF-8), and
    # every column of every CSV is explained in the README.
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    downloads = readme[readme.index("## Downloads") :]
    for path in demo_site.out.rglob("*.csv"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("\ufeff"), path
        for column in text[1:].splitlines()[0].split(","):
            assert f"`{column}`" in downloads, (path.name, column)
    header = (folder / "cities-2024-01.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("code,name_zh,name_en,province_zh,province_en,lon,lat,source,pm25,")
    assert "µg/m³" in (folder / "README.txt").read_text(encoding="utf-8")


@pytest.mark.slow
def test_charts_have_text_alternatives_and_ordered_headings(demo_site):
    page = demo_site.page("bulletins/2024-01/index.html")
    figures = re.findall(r"<figure class=\"chart.*?</figure>", page, re.DOTALL)
    assert len(figures) == 8  # map, bands, trend and regions of PM2.5 and of O3
    folder = demo_site.out / "bulletins/2024-01"
    for figure in figures:
        caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, re.DOTALL).group(1)
        assert len(re.sub(r"<[^>]+>", "", caption)) > 10 and ".csv" in caption
        # A picture in two widths, the narrow one for phones, with its size (no layout shift).
        source = re.search(
            r'<source media="\(max-width: \d+px\)" srcset="([^"]+-narrow\.svg)"', figure
        )
        img = re.search(r'<img class="chart-picture" src="([^"]+-wide\.svg)" alt="([^"]+)" '
                        r'width="\d+" height="\d+" loading="lazy">', figure)  # fmt: skip
        assert source and img, figure[:300]
        for src in (source.group(1), img.group(1)):
            assert (folder / src).resolve().read_text(encoding="utf-8").startswith("<svg")
        # The alternative says what the chart shows, from its data; not the paragraph above.
        alt = html.unescape(img.group(2))
        above = re.findall(r'<p class="sentence"[^>]*>(.*?)</p>', page.split(figure)[0], re.DOTALL)
        assert alt != plain_text(above[-1]) and re.search(r"\d", alt), alt
        # Its data as a table in a box a keyboard reaches and a screen reader names.
        assert re.search(r'<details class="chart-data"><summary>[^<]+</summary>\s*'
                         r'<div class="table-scroll" tabindex="0" role="region" aria-label="[^"]+">'
                         r'\s*<table data-scroll="own">', figure), figure[-600:]  # fmt: skip
        spec_url = re.search(r'href="([^"]+\.vegalite\.json)" download', figure).group(1)
        spec = json.loads((folder / spec_url).resolve().read_text(encoding="utf-8"))
        assert spec["config"]["font"].startswith("-apple-system")
    # The map's alternative names the cleanest and the most polluted city; its table every city.
    map_figure = next(f for f in figures if 'id="chart-map-pm25"' in f)
    assert "最低" in map_figure and "最高" in map_figure
    cities = demo_site.out / "data/bulletins/2024-01/charts/map-pm25.csv"
    assert map_figure.count("<tr>") == len(cities.read_text("utf-8").splitlines())  # + header
    for path in LANG_PAGES:
        levels = [
            int(n)
            for n in re.findall(r"<h([1-6])[ >]", demo_site.page(path).split("<article", 1)[1])
        ]
        assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels)), path


def _in(lang: str, path: str) -> str:
    """A page's path in the built site for one language (Chinese at the root)."""
    return path if lang == "zh" else f"en/{path}"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bulletin_page_says_the_sentences_of_the_pdf(demo_site, lang):
    # The narrative rendered anew for the same figures, as the PDF renders it.
    figures = build_figures(demo_site.store, Period.parse("2024-01"))
    trend = trend_series(demo_site.store, figures, cache_dir=demo_site.work / "cache")
    sentences = render_sentences(make_environment(), build_context(figures, trend), lang)
    page = plain_text(demo_site.page(_in(lang, "bulletins/2024-01/index.html")))
    found = []
    for key in ("pm25", "o3"):
        for name in ("headline", "bands", "regions"):
            expected = plain_text(sentences[key][name])
            assert expected and expected in page, (key, name, expected)
            found.append(page.index(expected))
    assert found == sorted(found)  # in the PDF's order


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bulletin_page_carries_every_text_of_the_pdf_but_its_cover_and_table(demo_site, lang):
    from reporter.bulletin.build import BulletinBuild

    build = BulletinBuild(
        demo_site.store, "2024-01", content_dir=demo_site.content, build_dir=demo_site.work
    )
    for label, step in build.steps():
        if label in ("content", "figures", "trend"):
            step()
    document = build.render_html(lang)[0]
    # Project records, analysis, policy news and data note; then the credits.
    body = document[document.index('<section class="theme">') : document.index('class="appendix"')]
    body += document[document.index('<section class="credits">') :]
    blocks = re.findall(r"<(h1|h2|p|li|figcaption)\b[^>]*>(.*?)</\1>", body, re.DOTALL)
    assert len(blocks) > 40
    page = plain_text(demo_site.page(_in(lang, "bulletins/2024-01/index.html")))
    missing = []
    for _tag, inner in blocks:
        # The site prints a map's note after the sentence the map illustrates.
        for part in inner.split('<span class="map-note">'):
            text = plain_text(part)
            if text and text not in page:
                missing.append(text)
    assert missing == []


@pytest.mark.slow
def test_records_news_pictures_and_credits_are_on_both_pages(demo_site):
    issue = load_content(demo_site.content).issue("2024-01")
    record = next(r for r in issue.records if r.images)
    pictures = {image.path.name for r in issue.records for image in r.images}
    for lang in ("zh", "en"):
        path = _in(lang, "bulletins/2024-01/index.html")
        page = demo_site.page(path)
        text = plain_text(page)
        assert plain_text(record.title.get(lang)) in text
        assert plain_text(issue.news[0].title.get(lang)) in text
        for person in (*issue.editors, *issue.reviewers):
            assert person.get(lang) in text
        # Each picture is a file of the site, named relative to the page.
        sources = re.findall(r'<figure class="photo">\s*<img src="([^"]+)"', page)
        assert {Path(src).name for src in sources} == pictures
        for src in sources:
            assert not src.startswith(("/", "file:", "http:", "https:", "data:")), src
            served = (demo_site.out / path).parent / src
            assert served.resolve().is_relative_to(demo_site.out.resolve()) and served.is_file()
        assert "file://" not in page


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_tag_in_a_record_title_shows_as_text(demo_site, lang):
    page = demo_site.page(_in(lang, "bulletins/2024-02/index.html"))
    assert html.escape(SCRIPT_TITLE, quote=False) in page  # heading and table of contents
    assert "<script>alert" not in page
    assert SCRIPT_TITLE in plain_text(page)  # read as the words typed
    assert "<script>alert" not in demo_site.page("search/search_index.json")


@pytest.mark.slow
def test_a_content_error_stops_the_build_with_one_line(demo_site, monkeypatch):
    monkeypatch.setattr(site_build, "BUILD_DIR", demo_site.work)
    broken = demo_site.content / "records" / "2024-01" / "broken.md"
    broken.write_text(
        "---\nid: broken\ndate: 2024-01-20\nstage: other\ntheme: health\n"
        "title: {zh: 只有中文标题}\n---\n::: zh\n正文。\n\n::: en\nBody.\n",
        encoding="utf-8",
    )
    out = demo_site.root / "content-error-site"
    try:
        result = CliRunner().invoke(
            site_group,
            [
                "build",
                "--data-dir",
                str(demo_site.store.data_dir),
                "--content-dir",
                str(demo_site.content),
                "--out",
                str(out),
            ],
        )
    finally:
        broken.unlink()
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), lines
    assert "broken.md" in lines[0] and "title.en" in lines[0]
    assert not out.exists()


def test_a_month_without_an_issue_file_is_said_to_miss_its_content():
    from reporter.website.templating import SiteTemplates

    issue = read_issue(load_content(PROJECT_ROOT / "content"), "2030-01")
    assert (issue.issue, issue.problem) == (None, "missing")
    note = SiteTemplates().sentences("en").no_issue("content/issues/2030-01.yaml", issue.problem)
    assert "content/issues/2030-01.yaml does not exist" in note


def test_a_title_passes_through_a_markdown_heading_unchanged():
    import markdown

    from reporter.render.templating import render_markdown

    title = render_markdown(r"A \*starred\* [link](x) snake_case {#id} <b> & `code` !", inline=True)
    line = f"## {markdown_heading(title)} {{ #t }}"
    assert markdown.markdown(line, extensions=["attr_list", "toc"]) == f'<h2 id="t">{title}</h2>'


@pytest.mark.slow
def test_strict_turns_missing_things_into_one_line(demo_site, monkeypatch):
    monkeypatch.setattr(site_build, "BUILD_DIR", demo_site.work)
    result = CliRunner().invoke(
        site_group,
        [
            "build",
            "--strict",
            "--data-dir",
            str(demo_site.store.data_dir),
            "--content-dir",
            str(demo_site.content),
            "--out",
            str(demo_site.root / "strict-site"),
        ],
    )
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: site: ") and "--strict" in lines[0]
    assert not (demo_site.root / "strict-site").exists()


@pytest.mark.slow
def test_a_second_build_at_the_same_time_is_refused(demo_site):
    with open(demo_site.out.parent / f".{demo_site.out.name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running build holds it
        with pytest.raises(SiteBusyError, match="another site build is running"):
            demo_site.build()


@pytest.mark.slow
def test_a_failed_build_keeps_the_last_good_site(demo_site, monkeypatch):
    def killed(config_path):
        raise KeyboardInterrupt  # as if the build were stopped while mkdocs runs

    monkeypatch.setattr(site_build, "_mkdocs", killed)
    issue = demo_site.content / "issues" / "2024-02.yaml"
    text, page = issue.read_text(encoding="utf-8"), demo_site.page("bulletins/2024-02/index.html")
    issue.write_text(text.replace("周子航", "未完成"), encoding="utf-8")
    try:
        with pytest.raises(KeyboardInterrupt):
            demo_site.build()
    finally:
        issue.write_text(text, encoding="utf-8")
    assert demo_site.page("bulletins/2024-02/index.html") == page
    assert not list(demo_site.out.parent.glob(f".{demo_site.out.name}.*-*"))


def test_a_site_left_aside_by_a_killed_swap_is_put_back(tmp_path):
    aside, half_built = tmp_path / ".site.old", tmp_path / ".site.tmp-99"
    aside.mkdir()
    (aside / "index.html").write_text("last good site", encoding="utf-8")
    half_built.mkdir()
    site_build._recover(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "last good site"
    assert not aside.exists() and not half_built.exists()


def test_words_and_sentences_exist_in_both_languages():
    assert set(words("zh")) == set(words("en"))


@pytest.mark.slow
def test_an_edited_issue_file_rebuilds_only_its_bulletin_pages(demo_site):
    unchanged = demo_site.build()
    assert (unchanged.regenerated, unchanged.published) == (0, False)
    issue = demo_site.content / "issues" / "2024-01.yaml"
    issue.write_text(
        issue.read_text(encoding="utf-8").replace("本期报道", "本期看点"), encoding="utf-8"
    )
    edited = demo_site.build()
    assert edited.regenerated == 2 and edited.published
    assert edited.reused == unchanged.reused - 2
    assert "本期看点" in demo_site.page("bulletins/2024-01/index.html")


def test_site_commands_answer_help_at_once():
    result = CliRunner().invoke(site_group, ["--help"])
    assert result.exit_code == 0 and "build" in result.output and "serve" in result.output


# -- covers, archive cards, city finder ----------------------------------------------------------
def _cover_files(site: Path) -> list[Path]:
    return sorted((site / "data").rglob("*-cover.*"))


@pytest.mark.slow
def test_each_published_pdf_has_a_small_cover_and_a_month_without_one_has_none(demo_site):
    from PIL import Image

    covers = _cover_files(demo_site.out)
    assert [p.name for p in covers] == [
        "annual-2025-bilingual-cover.webp",  # every edition has its cover
        "annual-2025-en-cover.webp",
        "annual-2025-zh-cover.webp",
        "bulletin-2024-01-en-cover.webp",
        "bulletin-2024-01-zh-cover.webp",
    ]
    for path in covers:
        with Image.open(path) as image:
            image.verify()  # a whole, valid image
        with Image.open(path) as image:
            assert (image.format, image.width) == ("WEBP", 240)
            assert 300 < image.height < 400  # A4 upright
            darkest, lightest = image.convert("L").getextrema()
            assert lightest - darkest > 100  # drawn, not blank
        assert 200 < path.stat().st_size < 60_000
    archive = demo_site.page("archive/index.html")
    cards = re.findall(
        r'<li class="issue-card[^"]*" data-month="([^"]+)">\s*(<img[^>]*>)?', archive
    )
    assert [month for month, _ in cards] == ["2024-03", "2024-02", "2024-01", "2019-12"]
    images = {month: img for month, img in cards}
    assert "bulletin-2024-01-zh-cover.webp" in images["2024-01"]
    assert 'width="240"' in images["2024-01"] and 'alt="2024年1月简报封面' in images["2024-01"]
    assert images["2024-02"] == images["2024-03"] == images["2019-12"] == ""
    # The latest month (2024-03) has no PDF: the home page shows neither its cover nor a PDF link.
    home = demo_site.page("index.html")
    assert "home-issue__cover" not in home and 'data-role="pdf"' not in home


def test_a_cover_is_the_same_bytes_each_time_and_drawn_once(tmp_path, monkeypatch):
    pdf = tmp_path / "bulletin-2024-01-en.pdf"
    _write_pdf(pdf, "en")
    first, width, height = site_covers.render_cover(pdf)
    assert site_covers.render_cover(pdf)[0] == first and (width, height) == (240, 339)
    cache = Cache(tmp_path / "cache")
    drawn, problems = site_covers.covers([pdf], cache)
    assert problems == [] and drawn[pdf].data == first

    def not_again(path, width=240):
        raise AssertionError("drawn again")

    monkeypatch.setattr(site_covers, "render_cover", not_again)
    again, _ = site_covers.covers([pdf], Cache(tmp_path / "cache"))  # cached by the PDF digest
    assert again[pdf] == drawn[pdf]


def test_a_damaged_pdf_has_no_cover_and_is_said(tmp_path):
    pdf = tmp_path / "bulletin-2024-01-zh.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% cut short\n")
    drawn, problems = site_covers.covers([pdf], Cache(tmp_path / "cache"))
    assert drawn == {} and len(problems) == 1 and "no cover thumbnail" in problems[0]


@pytest.mark.slow
def test_the_finder_prints_the_months_figures_and_names_every_city(demo_site):
    index = json.loads((demo_site.out / "data" / "finder" / "cities.json").read_text("utf-8"))
    beijing = next(c for c in index["cities"] if c["code"] == "110000")
    assert {"北京", "beijing", "北京市"} <= set(beijing["keys"])
    figures = json.loads(
        (demo_site.out / "data/bulletins/2024-03/figures-2024-03.json").read_text("utf-8")
    )
    printed = {c["code"]: c for c in figures["cities"]}
    for lang, prefix in (("zh", ""), ("en", "en/")):
        page = demo_site.page(f"{prefix}finder/index.html")
        rows = re.findall(
            r'<tr><th scope="row"><a href="[^"]*cities/(\d+)/">[^<]*</a></th>'
            r'<td class="num" data-sort="(\d*)">[^<]*</td><td data-sort="(\d*)">.*?</td>'
            r'<td class="num" data-sort="(\d*)">',
            page,
        )
        assert len(rows) == len(index["cities"]) > 300, lang
        for code, pm25, band, o3 in rows:
            city = printed.get(code)
            expect = (
                (city["pm25_published"], city["pm25_band"], city["o3_published"])
                if city
                else (None, None, None)
            )
            assert (pm25 or None, band or None, o3 or None) == tuple(
                None if v is None else str(v) for v in expect
            ), code
        assert 'class="table-scroll" tabindex="0" role="region" aria-label="' in page
        assert "assets/site/finder.js" in page and "<script>" not in page


def test_an_annual_report_is_a_card_with_its_cover_in_the_archive(tmp_path):
    import types

    from reporter.website.archive import archive_page, plan_covers
    from reporter.website.covers import Cover
    from reporter.website.pages import Plan
    from reporter.website.templating import SiteTemplates

    pdfs = {lang: tmp_path / f"annual-2025-{lang}.pdf" for lang in ("zh", "en", "bilingual")}
    cover = Cover("annual-2025-en-cover.webp", 240, 339, b"RIFF")
    site = types.SimpleNamespace(
        months=[], figures={}, issues={}, pdfs={}, synthetic=False,
        annual_pdfs={2025: pdfs}, covers={pdfs["en"]: cover},
    )  # fmt: skip
    en = archive_page(site, SiteTemplates(), "en")["archive.en.md"]
    assert '<img class="issue-card__cover" src="../../data/annual/annual-2025-en-cover.webp"' in en
    assert 'width="240" height="339" alt="Cover of the 2025 annual report' in en
    assert 'href="../../data/annual/annual-2025-en.pdf" download' in en
    zh = archive_page(site, SiteTemplates(), "zh")["archive.md"]
    assert "issue-card--plain" in zh and "<img" not in zh  # no cover drawn for the zh edition
    plan = Plan()
    plan_covers(site, plan)
    assert plan.files == {"data/annual/annual-2025-en-cover.webp": b"RIFF"}


@pytest.mark.slow
def test_the_home_page_shows_the_latest_issues_cover_beside_its_buttons(demo_site, tmp_path):
    from reporter.website.build import _gather
    from reporter.website.inputs import source_name
    from reporter.website.pages import _home
    from reporter.website.templating import SiteTemplates

    bulletins = tmp_path / "bulletins"
    bulletins.mkdir()
    for lang in ("zh", "en"):  # the latest month (2024-03) published this time
        shutil.copy(
            demo_site.bulletins / f"bulletin-2024-01-{lang}.pdf",
            bulletins / f"bulletin-2024-03-{lang}.pdf",
        )
    cache = Cache(tmp_path / "cache")
    site = _gather(demo_site.store, demo_site.content, bulletins, cache, demo_site.work)
    assert sorted(site.pdfs["2024-03"]) == ["en", "zh"] and site.pdfs["2024-01"] == {}
    for lang, up in (("zh", ""), ("en", "../")):
        home = _home(site, SiteTemplates(), site.figures["2024-03"], lang)
        text = home[source_name("index.md", lang)]
        cover = f"{up}data/bulletins/2024-03/bulletin-2024-03-{lang}-cover.webp"
        assert re.search(
            rf'<img class="home-issue__cover" src="{re.escape(cover)}" width="240" '
            r'height="3\d\d" alt="[^"]+">',
            text,
        ), lang
        assert 'data-role="pdf"' in text  # the same list of published PDFs


def _rows(spec: dict) -> list[list[dict]]:
    """The data rows a Vega-Lite spec draws: its named datasets and inline values, its layers'
    too, in order."""
    found = [rows for rows in (spec.get("datasets") or {}).values()]
    values = (spec.get("data") or {}).get("values")
    found += [values] if values else []
    for layer in spec.get("layer", []):
        found += _rows(layer)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pdf_and_the_site_draw_each_chart_from_the_same_builder_and_data(demo_site, lang):
    """No drift: the site's chart of a figure has the PDF chart's data rows, row for row."""
    import altair as alt

    from reporter.bulletin.build import BulletinBuild
    from reporter.charts import bulletin as charts
    from reporter.render.fonts import CHART_FONT
    from reporter.render.templating import load_catalogue

    build = BulletinBuild(demo_site.store, "2024-01", out_dir=demo_site.root / "drift",
                          build_dir=demo_site.root / "drift")  # fmt: skip
    steps = dict(build.steps())
    steps["figures"]()
    steps["trend"]()
    words, style = load_catalogue(lang), charts.load_style()
    folder = demo_site.out / "data/bulletins/2024-01/charts"
    for key in ("pm25", "o3"):
        p = build.context.pollutant(key)
        printed = {
            "map": charts.city_map(build.figures, p, lang, words, style),
            "bands": charts.band_bars(p, lang, words, style),
            "trend": charts.trend_line(p, lang, words, style),
            "regions": charts.region_bars(p, lang, words, style),
        }
        for name, pdf in printed.items():
            site = json.loads((folder / f"{name}-{key}-{lang}.vegalite.json").read_text("utf-8"))
            assert _rows(site) == _rows(pdf) and _rows(pdf), (name, key)
            assert pdf["config"]["font"] == CHART_FONT != site["config"]["font"]
            alt.LayerChart.from_dict(site, validate=True)  # the site skips it when building
    series = demo_site.out / "data/cities/110000" / f"series-{lang}.vegalite.json"
    alt.VConcatChart.from_dict(json.loads(series.read_text("utf-8")), validate=True)


@pytest.mark.slow
def test_site_charts_name_the_readers_fonts_never_the_pdfs(demo_site):
    from reporter.render.fonts import FAMILY

    svgs = [
        p
        for p in demo_site.out.rglob("*.svg")
        if "/data/" in p.as_posix() or "/annual/" in p.as_posix()
    ]
    assert len(svgs) > 339 * 2  # every city's chart, each bulletin's charts in two widths
    named = []
    for path in svgs:
        text = path.read_text(encoding="utf-8", errors="replace")
        if "<text" in text:
            named += [path.name] if FAMILY in text else []
            families = set(re.findall(r'font-family="([^"]+)"', text))
            assert families and all(f.startswith("-apple-system") for f in families), path
    assert named == []
    lang_first = {
        lang: re.search(r'font-family="([^"]+)"', (demo_site.out / "data/bulletins/2024-01/charts"
                        / f"bands-pm25-{lang}-narrow.svg").read_text("utf-8")).group(1)
        for lang in ("zh", "en")
    }  # fmt: skip
    # CJK faces first on Chinese pages, Latin faces first on English ones.
    assert lang_first["zh"].index("PingFang") < lang_first["zh"].index("Segoe")
    assert lang_first["en"].index("Segoe") < lang_first["en"].index("PingFang")
    assert not list(demo_site.out.rglob("vega*.js")) and not list(demo_site.out.rglob("charts.js"))


@pytest.mark.slow
def test_the_home_page_ranking_ends_are_links_with_two_decimal_indices(demo_site):
    """The 168-city ranking ends on the home page: Markdown rendered inside their blocks (no raw
    `**` or `.md` link text), each city a link to its page, each index with two decimals."""
    for path, up in (("index.html", ""), ("en/index.html", "")):
        page = demo_site.page(path)
        block = page[page.index('class="home-ranking"') :]
        block = block[: block.index('<div class="chart-grid"')]
        assert "**" not in block and ".md)" not in block
        items = re.findall(r'<li>(\d+) <a href="([^"]+)">[^<]+</a> (\S+)</li>', block)
        assert len(items) == 6, block[:400]
        for _, href, index in items:
            assert re.fullmatch(rf"{up}cities/\d{{6}}/", href), href
            assert re.fullmatch(r"\d+\.\d\d", index), index
