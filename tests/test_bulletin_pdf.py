"""Real bulletins, built once per session from the demo data, checked as a partner gets them:
embedded CJK font and nothing else, bookmarks, extractable generated sentences, metadata, size,
the draft stamp, and a missing glyph stopping the build."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import month_days, write_daily_csv
from pypdf import PdfReader

from reporter.bulletin.build import BulletinBuild
from reporter.bulletin.narrative import plain_text, render_sentences
from reporter.commands.monthly import monthly
from reporter.config import PROJECT_ROOT
from reporter.demo.feeds import load_demo
from reporter.ingest import ingest_daily
from reporter.registry import load_registry
from reporter.render.fonts import MissingGlyphError
from reporter.render.pdf import check_document
from reporter.render.templating import make_environment
from reporter.store import Store

pytestmark = pytest.mark.slow


@functools.lru_cache(maxsize=64)
def pdftotext(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", *pages, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def squeeze(text: str) -> str:
    """Text without any whitespace: line breaks fall anywhere in extracted Chinese."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bulletin")


@pytest.fixture(scope="session")
def demo_store(work) -> Store:
    store = Store(work / "data")
    load_demo(store, silent=True)
    return store


@pytest.fixture(scope="session")
def built(demo_store, work) -> BulletinBuild:
    build = BulletinBuild(demo_store, "2024-01", out_dir=work / "out", build_dir=work / "build")
    build.run()
    return build


def pdf(built: BulletinBuild, lang: str) -> Path:
    [path] = [p for p in built.result.paths if p.name.endswith(f"-{lang}.pdf")]
    return path


def test_file_names_carry_period_and_language(built):
    assert sorted(p.name for p in built.result.paths) == [
        "bulletin-2024-01-en.pdf",
        "bulletin-2024-01-zh.pdf",
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_only_the_pinned_cjk_font_is_embedded(built, lang):
    out = subprocess.run(["pdffonts", str(pdf(built, lang))], capture_output=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, out
    for row in rows:
        name, embedded = row[0], row[-5]
        assert re.fullmatch(r"[A-Z]{6}\+Bulletin-Sans(-Bold)?(-Oblique)?", name), (
            out
        )  # no substitute
        assert embedded == "yes", out
    assert "CID Type 0C" in out  # the CFF-based CJK face


@pytest.mark.parametrize(
    ("lang", "headings"),
    [
        (
            "zh",
            [
                "目录",
                "一、空气、气候与健康",
                "1.1 《修订空气质量标准 保护人群健康》研究报告发布",
                "三、空气质量分析",
                "3.1 2024年1月全国PM2.5浓度情况",
                "3.2 2024年1月全国O3浓度情况",
                "四、时政速递",
                "数据说明",
                "附录：城市浓度一览",
                "编辑与审核",
            ],
        ),
        (
            "en",
            [
                "Contents",
                "Air, climate and health",
                "Air-quality analysis",
                "3.1 PM2.5 across China in January 2024",
                "Policy news",
                "About the data",
                "Appendix: city values",
                "Credits",
            ],
        ),
    ],
)
def test_bookmarks_follow_the_headings(built, lang, headings):
    def titles(outline) -> list[str]:
        found = []
        for item in outline:
            found += titles(item) if isinstance(item, list) else [item.title]
        return found

    bookmarks = [" ".join(t.split()) for t in titles(PdfReader(pdf(built, lang)).outline)]
    for heading in headings:
        assert any(heading in b for b in bookmarks), (heading, bookmarks)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_generated_sentences_are_extractable_text(built, lang):
    text = squeeze(pdftotext(pdf(built, lang)))
    sentences = render_sentences(make_environment(), built.context, lang)
    for key, paragraphs in sentences.items():
        for name, html in paragraphs.items():
            expected = plain_text(html)
            if (key, name) == ("official", "ytd") and built.context.ytd is None:
                assert not expected  # January: the month is its own year to date
                continue
            assert expected, (key, name)
            assert squeeze(expected) in text, (key, name, expected)


def test_both_directions_of_change_reach_the_pdf(built):
    # The demo January: PM2.5 rose on December and fell on a year earlier.
    assert built.context.pm25.mom.direction == "up" and built.context.pm25.yoy.direction == "down"
    zh = squeeze(pdftotext(pdf(built, "zh")))
    en = " ".join(pdftotext(pdf(built, "en")).split())
    assert "环比上升9.1%，同比下降2.7%" in zh
    assert "It rose 9.1% from the previous month and fell 2.7% from a year earlier." in en


@pytest.mark.parametrize(
    ("lang", "title", "tag", "author"),
    [
        ("zh", "清洁空气战略进展（总第35期，2024年1月）", "zh-Hans", "能源基金会 清洁空气项目组"),
        (
            "en",
            "Clean Air Strategy Progress, Issue 35 (January 2024)",
            "en",
            "Energy Foundation China, Clean Air Programme",
        ),
    ],
)
def test_metadata(built, lang, title, tag, author):
    reader = PdfReader(pdf(built, lang))
    assert reader.metadata.title == title
    assert reader.metadata.author == author
    assert reader.trailer["/Root"]["/Lang"] == tag
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_small_enough_to_email(built, lang):
    assert pdf(built, lang).stat().st_size < 5 * 1024 * 1024


def test_synthetic_data_is_labelled_on_the_cover_and_in_the_data_note(built):
    assert "合成演示数据" in pdftotext(pdf(built, "zh"), page=1)
    assert "Synthetic demo data" in pdftotext(pdf(built, "en"), page=1)
    zh = squeeze(pdftotext(pdf(built, "zh")))
    assert "合成演示数据：本期空气质量数据为合成演示数据" in zh


def test_rare_city_names_render_in_the_city_table(built):
    text = pdftotext(pdf(built, "zh"))
    for name in ("亳州", "儋州", "漯河", "衢州", "泸州"):
        assert name in text


@pytest.fixture(scope="session")
def small_draft(work) -> Path:
    """A draft from a three-city store with PM2.5 only: quick, and O3 has no valid figures."""
    store = Store(work / "small")
    rows = [
        (city, day, 30 + i, None)
        for i, city in enumerate(("北京", "上海", "广州"))
        for day in month_days(2024, 1, 31)
    ]
    ingest_daily(write_daily_csv(work / "jan.csv", rows), store, load_registry())
    build = BulletinBuild(
        store,
        "2024-01",
        langs=("zh",),
        draft=True,
        out_dir=work / "draft",
        build_dir=work / "build",
    )
    [path] = build.run().paths
    return path


def test_draft_is_stamped_on_every_page(small_draft):
    assert small_draft.name == "bulletin-2024-01-zh-draft.pdf"
    pages = len(PdfReader(small_draft).pages)
    assert pages > 5
    for page in range(1, pages + 1):
        assert "草稿" in pdftotext(small_draft, page=page), f"page {page}"


def test_a_pollutant_without_valid_figures_is_said_in_the_pdf(small_draft):
    text = squeeze(pdftotext(small_draft))
    assert "没有城市的O3监测数据满足有效性要求" in text
    assert "3个地级及以上城市PM2.5平均浓度为31µg/m3" in text
    assert "合成演示数据" not in text  # not the demo store: no synthetic label


def test_a_missing_glyph_stops_the_build(tmp_path, demo_store):
    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    record = content / "records" / "2024-01" / "rural-energy-kickoff.md"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("开题会在北京召开", "开题会在北京\ue000召开"), encoding="utf-8")
    result = CliRunner().invoke(
        monthly,
        [
            "2024-01",
            "--content-dir",
            str(content),
            "--data-dir",
            str(demo_store.data_dir),
            "-q",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [line] = [line for line in result.output.splitlines() if line.strip()]
    assert line.startswith(f"Error: {record}, field 'body.zh': character U+E000")
    assert "is not in the font Noto Sans CJK SC" in line
    assert not (tmp_path / "out").exists()


def test_a_missing_glyph_in_generated_text_is_caught():
    with pytest.raises(MissingGlyphError, match=r"generated zh bulletin text: character U\+E000"):
        check_document(
            "<p>临汾\ue000</p>", [], [], frozenset(map(ord, "临汾")), "generated zh bulletin text"
        )


# -- tagged PDF (PDF/UA-1) ---------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pdf_is_tagged_with_its_language_and_structure(built, lang):
    root = PdfReader(pdf(built, lang)).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) is True  # a tagged PDF
    # The structure tree names headings, paragraphs, tables and figures (the language is
    # checked by test_metadata).
    kinds, todo = set(), [root["/StructTreeRoot"].get_object()]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            kinds.add(node.get("/S"))
            kids = node.get("/K", [])
            todo += [k.get_object() for k in (kids if isinstance(kids, list) else [kids])]
    assert {"/H1", "/P", "/Table", "/Figure"} <= kinds, sorted(map(str, kinds))
    assert (
        bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    )  # PDF/UA: title, not file name
