"""The annual report's editorial content: chapters paired paragraph by paragraph, generated
material placed by name where the editor writes it, outside indicators shown as given, and
every bad input one line naming the file and the field, line or paragraph.

The report context comes from the hand-made figures of test_annual_report (no store).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from test_annual_report import case_context, demo  # noqa: F401  (a session fixture)

PROJECT_CONTENT = Path(__file__).resolve().parents[1] / "content" / "annual"

REPORT = """\
title: {zh: 年度报告, en: Annual report}
disclaimer: {zh: 仅代表作者观点。, en: The authors' views only.}
co_chairs:
  - name: {zh: 甲, en: A}
    affiliation: {zh: 某大学, en: A University}
working_groups:
  - name: {zh: 第一工作组, en: Working Group I}
    members:
      - name: {zh: 乙, en: B}
        role: {zh: 召集人, en: Coordinating Lead Author}
        affiliation: {zh: 某研究院, en: An Institute}
"""

CHAPTER = """\
---
title: {zh: 进展, en: Progress}
number: 1
---
::: zh
## 空气质量

第一段中文。

::: text national-pm25

第二段中文。

::: figure energy

::: en
## Air quality

First paragraph in English.

::: text national-pm25

Second paragraph in English.

::: figure energy
"""

CSV = "year,growth\n2023,4.30\n2024,-1.0\n"
INDICATOR = """\
title: {zh: 能源消费增长, en: Growth of energy use}
unit: {zh: "%", en: "%"}
source: {zh: 某统计年鉴, en: A statistical yearbook}
chart: bar
series:
  growth: {zh: 同比增长, en: Growth}
"""


def write(root: Path, files: dict[str, str]) -> Path:
    folder = root / "2025"
    defaults = {
        "report.yaml": REPORT,
        "chapters/01-progress.md": CHAPTER,
        "indicators/energy.csv": CSV,
        "indicators/energy.yaml": INDICATOR,
    }
    for name, text in {**defaults, **files}.items():
        if text is None:
            continue
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def load(root: Path):
    from reporter.annual.content import load_annual_content, placeable

    return load_annual_content(2025, placeable(case_context("rose_fell")), root)


def problems(root: Path) -> list[str]:
    from reporter.content.model import ContentError

    with pytest.raises(ContentError) as caught:
        load(root)
    return [p.message for p in caught.value.problems]


# -- pairing -----------------------------------------------------------------------------------
def test_chinese_block_n_pairs_with_english_block_n(tmp_path):
    content = load(write(tmp_path, {}))
    (chapter,) = content.chapters
    kinds = [(b.kind, b.what, b.name) for b in chapter.blocks]
    assert kinds == [
        ("heading", "", ""),
        ("para", "", ""),
        ("place", "text", "national-pm25"),
        ("para", "", ""),
        ("place", "figure", "energy"),
    ]
    assert (chapter.blocks[1].zh, chapter.blocks[1].en) == (
        "第一段中文。",
        "First paragraph in English.",
    )
    assert chapter.blocks[0].level == 2 and chapter.blocks[0].en == "Air quality"


def test_a_missing_english_paragraph_names_the_file_and_paragraph(tmp_path):
    text = CHAPTER.replace("Second paragraph in English.\n\n", "")
    found = problems(write(tmp_path, {"chapters/01-progress.md": text}))
    path = "2025/chapters/01-progress.md, paragraph 4"
    assert any(path in p and "Chinese a paragraph, English '::: figure energy'" in p for p in found)
    assert any("paragraph 5" in p and "English missing" in p for p in found), found


def test_a_placement_must_be_the_same_in_both_languages(tmp_path):
    text = CHAPTER.replace("::: en\n## Air quality\n\nFirst paragraph in English.\n\n::: text national-pm25",
                           "::: en\n## Air quality\n\nFirst paragraph in English.\n\n::: text national-o3")  # fmt: skip
    found = problems(write(tmp_path, {"chapters/01-progress.md": text}))
    assert len(found) == 1
    assert "paragraph 3: the languages do not pair: Chinese '::: text national-pm25', " in found[0]
    assert "English '::: text national-o3'" in found[0]


def test_a_chapter_without_english_says_so(tmp_path):
    text = CHAPTER[: CHAPTER.index("::: en")]
    found = problems(write(tmp_path, {"chapters/01-progress.md": text}))
    assert found == [
        f"{tmp_path}/2025/chapters/01-progress.md, field 'body.en': missing English text "
        "(add '::: en')"
    ]


# -- placements --------------------------------------------------------------------------------
def test_an_unknown_name_is_one_line_with_the_file_line_and_the_valid_names(tmp_path):
    text = CHAPTER.replace("::: text national-pm25", "::: figure national-pm25-chart")
    found = problems(write(tmp_path, {"chapters/01-progress.md": text}))
    assert len(found) == 1  # the twins name the same material: the Chinese line is named
    assert found[0] == (
        f"{tmp_path}/2025/chapters/01-progress.md, line 10: no figure named 'national-pm25-chart' "
        "(figures: trend-national, trend-jjj_2024, trend-yrd_2024, trend-fwp_2024, "
        "synergy-scatter, synergy-classes, energy)"
    )


def test_an_unknown_kind_lists_the_kinds(tmp_path):
    text = CHAPTER.replace("::: figure energy", "::: chart energy")
    found = problems(write(tmp_path, {"chapters/01-progress.md": text}))
    assert any("line 14: unknown placement '::: chart'" in p for p in found), found
    assert any("use ::: figure, ::: table, ::: text, ::: section" in p for p in found)


def test_material_is_placed_once(tmp_path):
    text = CHAPTER.replace("::: text national-pm25", "::: figure energy")
    found = problems(write(tmp_path, {"chapters/01-progress.md": text}))
    assert any("line 14: figure 'energy' already placed at" in p and "line 10" in p for p in found)


# -- report metadata and outside indicators: every problem at once ---------------------------
def test_every_problem_of_the_content_is_listed_at_once(tmp_path):
    report = REPORT.replace("affiliation: {zh: 某研究院, en: An Institute}",
                            "affiliation: {zh: 某研究院}")  # fmt: skip
    indicator = INDICATOR.replace("source: {zh: 某统计年鉴, en: A statistical yearbook}\n", "")
    csv = "year,growth\n2023,4.30\n2024,n/a\n"
    found = problems(
        write(
            tmp_path,
            {
                "report.yaml": report,
                "indicators/energy.yaml": indicator,
                "indicators/energy.csv": csv,
            },
        )
    )
    root = f"{tmp_path}/2025"
    assert (
        f"{root}/report.yaml, field 'working_groups[1].members[1].affiliation.en': missing "
        "English text (add the translation)"
    ) in found
    assert f"{root}/indicators/energy.yaml, field 'source': missing" in " ".join(found)
    assert (
        f"{root}/indicators/energy.csv, row 3, field 'growth': 'n/a' is not a number"
        in " ".join(found)
    )


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        ("year\n2023\n", "row 1: expected a header: category, then one column a series"),
        ("year,growth,extra\n2023,1,2\n", "field 'series': CSV column 'extra' has no name"),
        ("year,growth\n2023,1\n2023,2\n", "row 3, field 'year': '2023' appears twice"),
        ("year,growth\n2023,1,5\n", "row 2: 3 cells where the header has 2"),
        ("year,growth\n2023,NaN\n", "row 2, field 'growth': 'NaN' is not a number"),
        ("year,growth\n", "no rows of data under the header"),
    ],
)
def test_a_bad_indicator_csv_is_one_line(tmp_path, csv, message):
    found = problems(write(tmp_path, {"indicators/energy.csv": csv}))
    assert any(message in p for p in found), found


def test_an_indicator_without_its_description_says_what_to_write(tmp_path):
    found = problems(write(tmp_path, {"indicators/energy.yaml": None}))
    assert any(
        "indicators/energy.csv: no description energy.yaml beside it (write its title, unit, "
        "source and series names there)" in p
        for p in found
    ), found


def test_numbers_of_an_outside_indicator_are_kept_as_written(tmp_path):
    quoted = 'year,growth\n2023,4.30\n2024,"1,234.5"\n'
    rows = load(write(tmp_path, {"indicators/energy.csv": quoted})).indicators["energy"].rows
    assert [r.values for r in rows] == [("4.30",), ("1,234.5",)]


# -- where the material stands in the editions -----------------------------------------------
def render(tmp_path, edition: str, charts: dict[str, str] | None = None) -> str:
    from reporter.annual.report import AnnualBuild, report_content
    from reporter.render.fonts import ensure_fonts

    build = AnnualBuild(store=None, year=2025, content_dir=write(tmp_path, {}))
    ctx = case_context("rose_fell")
    content = report_content(ctx, build.content_dir)
    build._state.update(context=ctx, content=content, fonts=ensure_fonts(build.build_dir))
    return " ".join(build.render_html(edition, charts=charts or {})[0].split())


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_generated_material_stands_where_the_chapter_places_it(tmp_path):
    from reporter.annual.text import environment, load_words, render_sentences
    from reporter.bulletin.narrative import plain_text

    ctx = case_context("rose_fell")
    for lang, first, second in (("zh", "第一段中文。", "第二段中文。"),
                                ("en", "First paragraph in English.", "Second paragraph in English.")):  # fmt: skip
        text = plain(render(tmp_path, lang))
        sentence = plain_text(
            render_sentences(environment(), ctx, lang, load_words(lang))["national.pm25"]
        )
        sentence = " ".join(sentence.split())
        a, b, c = text.index(first), text.index(sentence[:30]), text.index(second)
        assert a < b < c
        assert text.index("4.30") > c  # the outside indicator comes after the second paragraph
        assert text.count(sentence[:30]) == 1  # placed once, nowhere else


def test_the_bilingual_edition_follows_each_chinese_paragraph_with_its_twin(tmp_path):
    html = render(tmp_path, "bilingual")
    twins = re.findall(
        r'<div class="twin" lang="zh-Hans">(.*?)</div><div class="twin" lang="en">(.*?)</div>', html
    )
    assert [(plain(a), plain(b)) for a, b in twins] == [
        ("第一段中文。", "First paragraph in English."),
        ("第二段中文。", "Second paragraph in English."),
        ("仅代表作者观点。", "The authors' views only."),
    ]
    assert '<span class="zh">空气质量</span> <span class="en">Air quality</span>' in html
    assert "<h2" in html and "indicator-heading" in html


def test_the_zh_and_en_editions_carry_the_same_chapters_and_people(tmp_path):
    zh, en = plain(render(tmp_path, "zh")), plain(render(tmp_path, "en"))
    assert "进展" in zh and "第一工作组" in zh and "某研究院" in zh and "召集人" in zh
    assert "Progress" in en and "Working Group I" in en and "An Institute" in en
    assert "Coordinating Lead Author" in en and "第一段" not in en and "First paragraph" not in zh
    assert "免责声明" in zh and "The authors' views only." in en


def test_an_outside_indicator_shows_its_numbers_as_given_with_its_source(tmp_path):
    from reporter.annual.report import DEFAULT_BUILD_DIR
    from reporter.annual.text import load_words
    from reporter.charts.annual import indicator_chart, load_style
    from reporter.charts.bulletin import register_fonts, svg_text, to_svg
    from reporter.render.fonts import ensure_fonts

    table = render(tmp_path, "en")  # no chart drawn: the indicator falls back to its table
    assert '<td class="num">4.30</td>' in table and '<td class="num">-1.0</td>' in table
    assert "Source: A statistical yearbook" in plain(table)
    register_fonts(ensure_fonts(DEFAULT_BUILD_DIR).directory)
    indicator = load(write(tmp_path, {})).indicators["energy"]
    svg = to_svg(indicator_chart(indicator, "zh", load_words("zh"), load_style()))
    words = svg_text(svg)
    assert "4.30" in words and "-1.0" in words  # the labels: the CSV's text, not 4.3
    assert "%" in words  # the unit on the axis
    drawn = render(tmp_path, "zh", charts={"indicator-energy": svg})
    assert 'id="indicator-energy"' in drawn and "来源：某统计年鉴" in plain(drawn)


# -- the website page --------------------------------------------------------------------------
def test_the_site_page_carries_the_chapters_in_its_language_with_a_contents_list(tmp_path):
    from reporter.annual.report import report_content
    from reporter.annual.site import write_annual_pages
    from reporter.charts.bulletin import svg_text

    ctx = case_context("rose_fell")
    content = report_content(ctx, write(tmp_path / "content", {}))
    docs = tmp_path / "docs"
    write_annual_pages(ctx, docs, content=content)
    zh = (docs / "annual/2025.md").read_text("utf-8")
    en = (docs / "annual/2025.en.md").read_text("utf-8")
    assert '<nav class="annual-contents"' in zh and '<a href="#chapter-progress">01 进展</a>' in zh
    assert "## 01 进展 { #chapter-progress }" in zh and "## 01 Progress { #chapter-progress }" in en
    assert "### 空气质量 { #chapter-progress-1 }" in zh
    assert zh.index("第一段中文。") < zh.index('<p class="sentence">') < zh.index("第二段中文。")
    assert (
        en.index("First paragraph")
        < en.index('<p class="sentence">')
        < en.index("Second paragraph")
    )
    assert "来源：某统计年鉴" in zh and "Source: A statistical yearbook" in en
    assert 'src="../2025-indicator-energy-zh-wide.svg" alt="能源消费增长柱状图（%）：' in zh
    for width in ("wide", "narrow"):
        svg = (docs / f"annual/2025-indicator-energy-zh-{width}.svg").read_text("utf-8")
        assert "4.30" in svg_text(svg)
    assert "First paragraph" not in zh and "第一段" not in en


# -- the command line --------------------------------------------------------------------------
def test_the_demo_content_for_2025_loads_and_is_labelled(tmp_path):
    content = load(PROJECT_CONTENT)
    assert content.demo and len(content.groups) == 2 and content.indicators
    kinds = {b.what for c in content.chapters for b in c.blocks if b.kind == "place"}
    assert {"section", "figure", "table", "text"} <= kinds
    assert [c.number for c in content.chapters] == [None, 1, 2, 3]
    shutil.copytree(PROJECT_CONTENT, tmp_path / "copy")
    assert "演示内容" in plain(render_demo(tmp_path / "copy"))


def render_demo(root: Path) -> str:
    from reporter.annual.report import AnnualBuild, report_content
    from reporter.render.fonts import ensure_fonts

    build = AnnualBuild(store=None, year=2025, content_dir=root)
    ctx = case_context("rose_fell")
    build._state.update(
        context=ctx, content=report_content(ctx, root), fonts=ensure_fonts(build.build_dir)
    )
    return build.render_html("zh", charts={})[0]


# -- the demo report with its chapters, built through the command line -----------------------
@pytest.fixture(scope="session")
def chapters_pdf(demo):  # noqa: F811  (the fixture imported above)
    from click.testing import CliRunner

    from reporter.commands.annual import annual

    work, _ = demo
    args = ["2025", "--data-dir", str(work / "data"), "--out", str(work / "chapters"),
            "--lang", "zh,bilingual", "-q"]  # fmt: skip
    result = CliRunner().invoke(annual, args)
    assert result.exit_code == 0, result.output
    return {e: work / "chapters" / f"annual-2025-{e}.pdf" for e in ("zh", "bilingual")}


@pytest.mark.slow
def test_the_demo_chapters_are_bookmarked_and_labelled_on_every_page(chapters_pdf):
    import subprocess

    from test_annual_report import bookmarks

    marks = bookmarks(chapters_pdf["zh"])
    assert marks[:4] == ["目录", "执行摘要", "工作组成员", "联合主席"]
    assert "01 “十四五”减污降碳协同进展" in marks and "02 挑战分析" in marks
    assert "03 政策建议" in marks and marks[-2:] == ["免责声明", "致谢"]
    assert "京津冀及周边地区" in marks  # a placed section's sub-heading
    pages = subprocess.run(["pdftotext", "-layout", str(chapters_pdf["zh"]), "-"],
                           capture_output=True, text=True, check=True).stdout.split("\f")  # fmt: skip
    assert all("演示内容" in page for page in pages if page.strip())
    both = " ".join(
        subprocess.run(["pdftotext", str(chapters_pdf["bilingual"]), "-"],
                       capture_output=True, text=True, check=True).stdout.split()
    )  # fmt: skip
    zh = both.index("煤炭仍占能源消费的 50% 以上")
    en = both.index("Coal still covers over 50% of energy use")
    nxt = both.index("国家层面还没有减污降碳协同专项资金")
    assert zh < en < nxt  # the English twin follows its Chinese paragraph


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["zh", "bilingual"])
def test_the_chapters_draw_every_character_with_the_pinned_font(chapters_pdf, edition):
    """Staff chapters bring headings, indicators and marks of their own: none of them may fall
    back on a system font (it would be embedded beside the pinned one, or missing elsewhere)."""
    import re
    import subprocess

    out = subprocess.run(["pdffonts", str(chapters_pdf[edition])], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    names = [line.split()[0] for line in out.splitlines()[2:] if line.strip()]
    assert names and all(re.fullmatch(r"[A-Z]{6}\+Bulletin-Sans(-Bold)?", n) for n in names), out


def test_a_top_level_heading_in_a_chapter_is_refused(tmp_path):
    text = CHAPTER.replace("## 空气质量", "# 空气质量").replace("## Air quality", "# Air quality")
    found = problems(write(tmp_path, {"chapters/01-progress.md": text}))
    assert f"{tmp_path}/2025/chapters/01-progress.md: line 6: a '# ' heading (use ## " in found[0]


# -- bad content through the command line: every problem at once, nothing built --------------
def test_bad_content_stops_the_command_with_every_problem_and_nothing_written(demo, tmp_path):  # noqa: F811
    from click.testing import CliRunner

    from reporter.commands.annual import annual

    work, _ = demo
    chapter = CHAPTER.replace("::: text national-pm25", "::: figure no-such-chart").replace(
        "Second paragraph in English.\n\n", ""
    )
    report = REPORT.replace("affiliation: {zh: 某研究院, en: An Institute}",
                            "affiliation: {zh: 某研究院}")  # fmt: skip
    indicator = INDICATOR.replace("source: {zh: 某统计年鉴, en: A statistical yearbook}\n", "")
    root = write(tmp_path / "content" / "annual", {
        "report.yaml": report, "chapters/01-progress.md": chapter,
        "indicators/energy.yaml": indicator, "indicators/energy.csv": "year,growth\n2024,n/a\n",
    })  # fmt: skip
    out = tmp_path / "out"
    args = ["2025", "--data-dir", str(work / "data"), "--out", str(out), "--lang", "zh,en",
            "--content-dir", str(root.parent), "-q"]  # fmt: skip
    result = CliRunner().invoke(annual, args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == "Error: 6 problems in the content:", result.output
    folder = f"{root}/2025"
    expected = [  # one line each: the file, and the field, row, line or paragraph
        f"{folder}/report.yaml, field 'working_groups[1].members[1].affiliation.en': missing",
        f"{folder}/indicators/energy.yaml, field 'source': missing",
        f"{folder}/indicators/energy.csv, row 2, field 'growth': 'n/a' is not a number",
        f"{folder}/chapters/01-progress.md, line 10: no figure named 'no-such-chart'",
        f"{folder}/chapters/01-progress.md, paragraph 4: the languages do not pair",
        f"{folder}/chapters/01-progress.md, paragraph 5:",
    ]
    for start in expected:
        assert sum(line.strip().startswith(start) for line in lines[1:]) == 1, (start, lines)
    assert not out.exists() or not any(out.iterdir())  # no PDF, no figures file
