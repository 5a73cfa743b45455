"""The annual report: the demo report built once per session through the CLI and checked as a
partner gets it (fonts, bookmarks, extractable sentences), golden sentences from hand-made
figures, the synergy section without data for the year, and the website pages.

After an intended wording change, regenerate the golden files and review the diff:

    .venv/bin/python tests/test_annual_report.py
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
if str(TESTS.parent) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(TESTS.parent))
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from regen_golden import change, figures, pollutant  # noqa: E402

from reporter.stats.annual import AnnualReportFigures, AreaFigures, Trend, TrendPoint  # noqa: E402

GOLDEN = TESTS / "golden" / "annual"
LANGS = ("zh", "en")
YEARS = (2020, 2021, 2022, 2023, 2024, 2025)


# -- hand-made figures for the golden sentences ------------------------------------------------
def trend(key: str, values, ma, previous, base, n: int = 10, years=YEARS) -> Trend:
    points = [
        TrendPoint(y, v, v, n if v is not None else 0, m, m)
        for y, v, m in zip(years, values, ma, strict=True)
    ]
    return Trend(key, points, change(previous, n), change(base, n))


def area(ident, zh, en, pm25, o3, counts=(3, 8), heavy=0.44, good=76.2):
    n = pm25.points[-1].n_cities
    return AreaFigures(
        id=ident, name_zh=zh, name_en=en, pm25=pm25, o3=o3,
        pm25_within_limit=counts[0], pm25_within_limit_share_pct=counts[0] / n * 100,
        o3_within_limit=counts[1],
        heavy_share_pct=heavy, heavy_share_pct_published=heavy,
        good_day_ratio_pct=good, good_day_ratio_pct_published=good,
    )  # fmt: skip


def report(areas, year=2025, years=YEARS, pm25_limit=35) -> AnnualReportFigures:
    year_figures = figures(
        pollutant("pm25", 30, None, None, [], None, [(0, 0.0)] * 4, []),
        pollutant("o3", 140, None, None, [], None, [(0, 0.0)] * 4, []),
        period=str(year),
    )
    year_figures.pm25.limit = pm25_limit  # the rule set's limit, as build_figures carries it
    return AnnualReportFigures(year, years[0], list(years), year_figures, areas)


NONE6 = (None,) * 6
CASES = {
    # National PM2.5 falls and O3 rises; one region's PM2.5 rises while another's falls; the
    # moving averages fall every year, rise with a flat year, and go up and down.
    "rose_fell": (
        report([
            area("national", "全国", "National",
                 trend("pm25", (40, 38, 36, 35, 34, 32), (None, None, 38, 36, 35, 34), -5.9, -20.0, 339),
                 trend("o3", (130, 132, 135, 133, 138, 140), (None, None, 132, 133, 135, 137), 1.4, 7.7, 339),
                 counts=(273, 312), heavy=0.06, good=92.8),
            area("jjj_2024", "京津冀及周边地区", "Beijing-Tianjin-Hebei and surrounding areas",
                 trend("pm25", (50, 48, 47, 49, 50, 52), (None, None, 48, 48, 49, 50), 4.0, 4.0, 38),
                 trend("o3", (150, 152, 155, 157, 158, 160), (None, None, 152, 155, 157, 158), 1.3, 6.7, 38)),
            area("yrd_2024", "长三角地区", "Yangtze River Delta",
                 trend("pm25", (40, 38, 37, 35, 33, 30), (None, None, 38, 37, 35, 33), -9.1, -25.0, 31),
                 trend("o3", (150,) * 6, (None, None, 150, 150, 150, 150), 0.0, 0.0, 31),
                 counts=(26, 26), heavy=0.02, good=90.6),
            area("fwp_2024", "汾渭平原", "Fenwei Plain",
                 trend("pm25", (55, 50, 52, 49, 51, 47), (None, None, 52, 50, 51, 49), -7.8, -14.5, 13),
                 trend("o3", (150, 149, 148, 147, 146, 145), (None, None, 149, 148, 147, 146), -0.7, -3.0, 13),
                 counts=(1, 13), heavy=0.19, good=83.6),
        ]),
        "inventory.csv",
    ),
    # Nothing changed; PM2.5 sits at the standard; the inventory has no row for the year.
    "unchanged": (
        report([
            area("national", "全国", "National",
                 trend("pm25", (35,) * 6, (None, None, 35, 35, 35, 35), 0.0, 0.0, 339),
                 trend("o3", (160,) * 6, (None, None, 160, 160, 160, 160), 0.0, 0.0, 339),
                 counts=(200, 170), heavy=None, good=None),
            area("prd", "珠三角", "Pearl River Delta",
                 trend("pm25", (20,) * 6, (None, None, 20, 20, 20, 20), 0.0, 0.0, 9),
                 trend("o3", (140,) * 6, (None, None, 140, 140, 140, 140), 0.0, 0.0, 9),
                 counts=(9, 9), heavy=None, good=None),
        ]),
        "inventory-2020-2021.csv",
    ),
    # No valid O3 at all; two regions tie for the largest PM2.5 fall; the GB 3095-2026
    # limit (30) applies; the inventory holds one year only.
    "no_o3": (
        report([
            area("national", "全国", "National",
                 trend("pm25", (33, 31, 30, 29, 28, 27), (None, None, 31, 30, 29, 28), -3.6, -18.2, 330, years=(2021, 2022, 2023, 2024, 2025, 2026)),
                 trend("o3", NONE6, NONE6, None, None, 0, years=(2021, 2022, 2023, 2024, 2025, 2026)),
                 counts=(251, 0)),
            area("prd", "珠三角", "Pearl River Delta",
                 trend("pm25", (16, 16, 15, 14, 14, 13), (None, None, 16, 15, 14, 14), -7.1, -18.8, 9, years=(2021, 2022, 2023, 2024, 2025, 2026)),
                 trend("o3", NONE6, NONE6, None, None, 0, years=(2021, 2022, 2023, 2024, 2025, 2026)),
                 counts=(9, 0)),
            area("fwp_2024", "汾渭平原", "Fenwei Plain",
                 trend("pm25", (52, 50, 48, 47, 45, 43), (None, None, 50, 48, 47, 45), -4.4, -18.8, 13, years=(2021, 2022, 2023, 2024, 2025, 2026)),
                 trend("o3", NONE6, NONE6, None, None, 0, years=(2021, 2022, 2023, 2024, 2025, 2026)),
                 counts=(1, 0)),
        ], year=2026, years=(2021, 2022, 2023, 2024, 2025, 2026), pm25_limit=30),
        "inventory-2026.csv",
    ),
}  # fmt: skip


@functools.lru_cache(maxsize=8)
def case_context(name: str):
    from reporter.annual.context import build_annual_context
    from reporter.annual.report import synergy_section
    from reporter.registry import load_registry

    registry = load_registry()
    figures_, inventory = CASES[name]
    synergy = synergy_section(GOLDEN / inventory, figures_.year, registry)
    return build_annual_context(figures_, synergy, registry)


def render_case(name: str, lang: str) -> str:
    """The golden text of one case: every paragraph, labelled with its key."""
    from reporter.annual.text import environment, load_words, render_sentences

    sentences = render_sentences(environment(), case_context(name), lang, load_words(lang))
    blocks = []
    for key, text in sentences.items():
        if key == "reasons":
            text = "\n".join(str(t) for t in text)
        blocks.append(f"[{key}]\n{text}\n")
    return "\n".join(blocks)


def golden_path(name: str, lang: str) -> Path:
    return GOLDEN / lang / f"{name}.html"


def write_golden() -> None:
    for lang in LANGS:
        for name in CASES:
            path = golden_path(name, lang)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render_case(name, lang), encoding="utf-8")
            print(f"wrote {path.relative_to(TESTS.parent)}")


def sentences(name: str, lang: str) -> dict[str, str]:
    from reporter.annual.text import environment, load_words, render_sentences
    from reporter.bulletin.narrative import plain_text

    rendered = render_sentences(environment(), case_context(name), lang, load_words(lang))
    return {k: plain_text(v) for k, v in rendered.items() if k != "reasons"}


# -- golden and narrative ----------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name, lang):
    expected = golden_path(name, lang).read_text(encoding="utf-8")
    assert render_case(name, lang) == expected, (
        f"{golden_path(name, lang)} differs; if intended, run .venv/bin/python "
        "tests/test_annual_report.py and review the diff"
    )


def test_a_partial_year_labels_the_period_mean_not_the_annual_mean():
    import dataclasses

    from reporter.annual.text import environment, load_words, render_sentences
    from reporter.bulletin.narrative import plain_text

    partial = dataclasses.replace(case_context("rose_fell"), through=9)
    text = {}
    for lang in LANGS:
        rendered = render_sentences(environment(), partial, lang, load_words(lang))
        text[lang] = " ".join(plain_text(v) for k, v in rendered.items() if k != "reasons")
    assert "年均浓度" not in text["zh"] and "1—9月PM2.5平均浓度" in text["zh"]
    assert "annual mean PM2.5" not in text["en"]
    assert "January–September mean PM2.5" in text["en"]
    # the full year keeps the annual label
    assert "annual mean PM2.5" in " ".join(sentences("rose_fell", "en").values())


def test_directions_read_correctly_in_both_languages():
    zh, en = sentences("rose_fell", "zh"), sentences("rose_fell", "en")
    assert "较2020年下降20.0%" in zh["national.pm25"] and "较2020年上升7.7%" in zh["national.o3"]
    assert (
        "fell 20.0% from 2020" in en["national.pm25"] and "rose 7.7% from 2020" in en["national.o3"]
    )
    # One region rose while the others fell, and one was unchanged.
    assert "京津冀及周边地区PM2.5年均浓度上升4.0%" in zh["regions.pm25"]
    assert "长三角地区PM2.5年均浓度下降25.0%" in zh["regions.pm25"]
    assert "rose 4.0% in the Beijing-Tianjin-Hebei" in en["regions.pm25"]
    assert "fell 25.0% in the Yangtze River Delta" in en["regions.pm25"]
    assert "长三角地区O3浓度持平" in zh["regions.o3"]
    assert "was unchanged in the Yangtze River Delta" in en["regions.o3"]
    assert (
        "长三角地区降幅最大" in zh["regions.pm25"] and "Delta fell the most" in en["regions.pm25"]
    )
    # The moving averages: every year down, up with a flat year, up and down.
    assert "逐年下降" in zh["national.pm25"] and "fell every year" in en["national.pm25"]
    assert (
        "波动上升" in zh["region.jjj_2024"]
        and "rose, with some years unchanged" in en["region.jjj_2024"]
    )
    assert "有升有降" in zh["region.fwp_2024"] and "went up and down" in en["region.fwp_2024"]
    # Never a sign inside words: the verb carries the direction.
    assert "−" not in en["national.pm25"] and "-" not in zh["regions.pm25"]


def test_unchanged_and_at_the_standard():
    zh, en = sentences("unchanged", "zh"), sentences("unchanged", "en")
    assert "与国家环境空气质量二级标准（35 µg/m3）持平" in zh["national.pm25"]
    assert "与2020年持平（2020年为35 µg/m3），与2024年持平" in zh["national.pm25"]
    assert "was unchanged from 2020 (35 µg/m3) and was unchanged from 2024" in en["national.pm25"]
    assert "equal to the national grade II standard" in en["national.pm25"]
    assert "保持在35 µg/m3" in zh["national.pm25"]
    assert "没有城市的日空气质量指数" in zh["days"]


def test_missing_pollutant_ties_and_the_rule_sets_limit():
    zh, en = sentences("no_o3", "zh"), sentences("no_o3", "en")
    assert "本报告不发布全国O3浓度及其变化" in zh["national.o3"]
    assert "no national O3 value or change is published" in en["national.o3"]
    assert "珠三角和汾渭平原并列降幅最大" in zh["regions.pm25"]
    assert (
        "The Pearl River Delta and the Fenwei Plain shared the largest fall" in en["regions.pm25"]
    )
    # The count and the limit it prints are the figures' (GB 3095-2026: 30), never a fixed 35.
    assert "年均浓度不高于30 µg/m3的有251个" in zh["cities_standards"]
    assert "251 were at or below 30 µg/m3" in en["cities_standards"]
    assert "35 µg/m3" not in zh["cities_standards"] + en["cities_standards"]
    assert "None" not in " ".join(zh.values()) + " ".join(en.values())


def test_synergy_sentences_name_classes_ties_and_reasons():
    ctx = case_context("rose_fell")
    s = ctx.synergy
    assert s.ok and (s.base_year, s.target_year) == (2020, 2025)
    assert [c.count for c in s.classes] == [2, 2, 1]
    assert s.top[0].tied and s.top[1].tied and s.top[0].rank == s.top[1].rank == 1
    zh, en = sentences("rose_fell", "zh"), sentences("rose_fell", "en")
    assert "I类2个，占40.00%（并列第1名）；II类2个，占40.00%（第3—4名）" in zh["synergy_classes"]
    assert (
        "2 (40.00%) in class I, all ranked 1; 2 (40.00%) in class II, ranks 3–4"
        in en["synergy_classes"]
    )
    assert "三沙（2020年CO2为0，减排率无定义）" in zh["synergy_not_ranked"]
    assert "西安（清单中没有2025年的数据）" in zh["synergy_not_ranked"]
    assert (
        "Sansha (CO2 is 0 in 2020, so its reduction rate is undefined)" in en["synergy_not_ranked"]
    )
    assert "Xi'an (no data for 2025 in the inventory)" in en["synergy_not_ranked"]


@pytest.mark.parametrize(
    ("name", "zh_words", "en_words"),
    [
        ("unchanged", "排放清单tests/golden/annual/inventory-2020-2021.csv中没有2025年的数据（清单中的年份：2020、2021）",
         "has no data for 2025 (years in the file: 2020, 2021), so this report has no synergy ranking"),
        ("no_o3", "只有一个年份（2026）", "has only one year up to 2026 (2026)"),
    ],
)  # fmt: skip
def test_synergy_without_data_for_the_year_says_so(name, zh_words, en_words):
    assert not case_context(name).synergy.ok
    zh, en = sentences(name, "zh"), sentences(name, "en")
    assert zh_words in zh["synergy_missing"]
    assert en_words in en["synergy_missing"]
    assert "synergy_classes" not in zh


def test_names_are_escaped():
    import dataclasses

    from reporter.annual.text import environment, load_words, render_sentences
    from reporter.bulletin.narrative import Name

    ctx = case_context("rose_fell")
    region = dataclasses.replace(ctx.regions[0], name=Name("<b>京津冀</b>", "<b>BTH</b>"))
    bad = dataclasses.replace(ctx, regions=(region, *ctx.regions[1:]))
    html = render_sentences(environment(), bad, "en", load_words("en"))["regions.pm25"]
    assert "&lt;b&gt;BTH&lt;/b&gt;" in str(html) and "<b>" not in str(html)


def test_chemical_formulas_are_set_as_subscripts():
    from reporter.annual.text import chem

    assert chem("CO2减排率") == "CO<sub>2</sub>减排率"
    assert chem("全国PM2.5和O3浓度") == "全国PM<sub>2.5</sub>和O<sub>3</sub>浓度"
    assert chem("<b>SO2</b>") == "&lt;b&gt;SO<sub>2</sub>&lt;/b&gt;"
    assert chem("PM2.55 NO3x") == "PM2.55 NO3x"


def test_a_word_missing_in_one_language_fails(tmp_path):
    from reporter.annual.text import load_words
    from reporter.errors import ConfigError

    folder = tmp_path / "annual"
    folder.mkdir()
    (folder / "words.zh.yaml").write_text("title: 年度报告\nextra: 多余\n", encoding="utf-8")
    (folder / "words.en.yaml").write_text("title: Annual report\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"words\.en\.yaml: missing translation for 'extra'"):
        load_words("en", tmp_path)


# -- charts ------------------------------------------------------------------------------------
def test_chart_specs_validate_against_the_vega_lite_schema():
    import altair as alt

    from reporter.annual.text import load_words
    from reporter.charts.annual import class_chart, load_style, scatter_chart, trend_chart

    ctx, words, style = case_context("rose_fell"), load_words("zh"), load_style()
    for spec in (
        trend_chart(ctx.national.pm25, words, style),
        scatter_chart(ctx.synergy, "zh", words, style),
        class_chart(ctx.synergy, words, style),
    ):
        alt.LayerChart.from_dict(spec, validate=True)


def test_scatter_labels_never_overlap_each_other_or_labelled_points():
    from reporter.annual.labels import place_labels

    # Ten labelled cities crowded into a corner, among many other points.
    points = [(400 + (i % 4) * 9, 40 + (i // 4) * 8, f"城市{i}号") for i in range(10)]
    others = [(x, y) for x in range(300, 560, 12) for y in range(0, 200, 12)]
    spots = place_labels(points, others, 560, 380, 10)
    boxes = [box for _, _, box in spots]
    for i, a in enumerate(boxes):
        assert a.left >= 0 and a.right <= 560 and a.top >= 0 and a.bottom <= 380
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b, pad=0), (a, b)
        for x, y, _ in points:
            assert not a.holds(x, y), (a, x, y)


# -- the demo report, built once through the command line --------------------------------------
pdf_mark = pytest.mark.slow


def squeeze(text: str) -> str:
    """Text without any whitespace: line breaks fall anywhere in extracted Chinese."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    from reporter.demo.feeds import load_demo
    from reporter.store import Store

    work = tmp_path_factory.mktemp("annual")
    store = Store(work / "data")
    load_demo(store, silent=True)
    return work, store


@pytest.fixture(scope="session")
def built(demo):
    """The three editions of the demo 2025 report (base year 2020), as the CLI writes them."""
    from click.testing import CliRunner

    from reporter.commands.annual import annual

    work, _ = demo
    # No editorial content: the standard sections (test_annual_content builds the chapters).
    args = ["2025", "--base-year", "2020", "--data-dir", str(work / "data"),
            "--out", str(work / "out"), "--lang", "zh,en,bilingual", "-q",
            "--content-dir", str(work / "no-content")]  # fmt: skip
    result = CliRunner().invoke(annual, args)
    assert result.exit_code == 0, result.output
    return {e: work / "out" / f"annual-2025-{e}.pdf" for e in ("zh", "en", "bilingual")}, result


@pytest.fixture(scope="session")
def tools(built) -> dict[tuple[str, str], str]:
    """pdffonts and pdftotext of every edition, run side by side (each takes seconds)."""
    commands = {}
    for edition, path in built[0].items():
        commands[("pdffonts", edition)] = ["pdffonts", str(path)]
        # -layout: text in reading order by position, so a chart's labels never cut a paragraph.
        commands[("pdftotext", edition)] = ["pdftotext", "-layout", str(path), "-"]
        commands[("page1", edition)] = ["pdftotext", "-l", "1", str(path), "-"]
    running = {
        key: subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        for key, cmd in commands.items()
    }
    return {key: process.communicate()[0] for key, process in running.items()}


@pytest.fixture(scope="session")
def demo_context(demo):
    from reporter.annual.report import build_report_context

    return build_report_context(demo[1], 2025, 2020)


@pdf_mark
def test_the_command_names_the_files_and_the_time(built):
    paths, result = built
    assert all(p.is_file() and p.stat().st_size < 5 * 1024 * 1024 for p in paths.values())
    line = result.output.strip().splitlines()[-1]
    assert re.fullmatch(r"Wrote .+annual-2025-zh\.pdf, .+annual-2025-en\.pdf, "
                        r".+annual-2025-bilingual\.pdf, .+annual-2025\.json in \d+\.\ds \(synthetic demo data\)", line)  # fmt: skip


@pdf_mark
@pytest.mark.parametrize("edition", ["zh", "en", "bilingual"])
def test_only_the_pinned_cjk_font_is_embedded(tools, edition):
    out = tools[("pdffonts", edition)]
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, out
    for row in rows:
        assert re.fullmatch(r"[A-Z]{6}\+Bulletin-Sans(-Bold)?", row[0]), out
        assert row[-5] == "yes", out  # embedded
    assert "CID Type 0C" in out


HEADINGS = {
    "zh": [
        "目录", "一、全国PM2.5和O3浓度变化趋势", "二、重点区域", "2.1 珠三角", "2.2 京津冀及周边地区",
        "2.3 长三角地区", "2.4 汾渭平原", "三、城市达标与污染天数", "四、城市减污降碳协同评估",
        "4.1 协同类别", "4.2 CO2与大气污染物当量减排率", "4.3 重点区域协同表现",
        "4.4 CO2与大气污染物当量综合排名", "4.5 CO2与AQI综合排名", "4.6 未参与排名的城市",
        "五、数据说明",
    ],
    "en": [
        "Contents", "1 National PM2.5 and O3 trends", "2 Key regions", "2.1 Pearl River Delta",
        "2.2 Beijing-Tianjin-Hebei and surrounding areas", "2.3 Yangtze River Delta",
        "2.4 Fenwei Plain", "3 Cities, standards and polluted days",
        "4 Cutting carbon and air pollution together", "4.1 Synergy classes",
        "4.2 CO2 and air-pollutant equivalent reductions", "4.3 Key regions",
        "4.4 Ranking on CO2 and air-pollutant equivalents", "4.5 Ranking on CO2 and AQI",
        "4.6 Cities not ranked", "5 About the data",
    ],
}  # fmt: skip


def bookmarks(path: Path) -> list[str]:
    from pypdf import PdfReader

    def titles(outline) -> list[str]:
        found = []
        for item in outline:
            found += titles(item) if isinstance(item, list) else [item.title]
        return found

    return [" ".join(t.split()) for t in titles(PdfReader(path).outline)]


@pdf_mark
@pytest.mark.parametrize("lang", LANGS)
def test_every_section_heading_is_a_bookmark(built, lang):
    found = bookmarks(built[0][lang])
    assert found == HEADINGS[lang], found


@pdf_mark
def test_the_bilingual_edition_bookmarks_both_languages(built):
    found = bookmarks(built[0]["bilingual"])
    assert "一、全国PM2.5和O3浓度变化趋势 National PM2.5 and O3 trends" in found
    assert "4.6 未参与排名的城市 Cities not ranked" in found


@pdf_mark
@pytest.mark.parametrize("lang", LANGS)
def test_generated_sentences_are_extractable_text(tools, demo_context, lang):
    from reporter.annual.text import environment, load_words, render_sentences
    from reporter.bulletin.narrative import plain_text

    text = squeeze(tools[("pdftotext", lang)])
    rendered = render_sentences(environment(), demo_context, lang, load_words(lang))
    for key, html in rendered.items():
        for part in html if key == "reasons" else [html]:
            expected = plain_text(part)
            if expected:
                assert squeeze(expected) in text, (key, expected)


@pdf_mark
def test_both_directions_of_change_reach_the_pdf(tools, demo_context):
    # The demo: PM2.5 fell and O3 rose from 2020, nationally and in every key region.
    assert demo_context.national.pm25.on_base.direction == "down"
    assert demo_context.national.o3.on_base.direction == "up"
    zh = squeeze(tools[("pdftotext", "zh")])
    en = " ".join(tools[("pdftotext", "en")].split())
    assert "较2020年下降20.3%（2020年为34µg/m3），较2024年下降4.4%" in zh
    assert "较2020年上升6.0%（2020年为134µg/m3），较2024年上升1.4%" in zh
    assert "It fell 20.3% from 2020 (34 µg/m3) and fell 4.4% from 2024." in en
    assert "It rose 6.0% from 2020 (134 µg/m3) and rose 1.4% from 2024." in en


@pdf_mark
def test_synthetic_data_is_labelled_on_the_cover(tools):
    assert "合成演示数据" in tools[("page1", "zh")]
    assert "Synthetic demo data" in tools[("page1", "en")]
    assert "Synthetic demo data" in tools[("page1", "bilingual")]


@pdf_mark
def test_ranking_tables_show_top_and_bottom_cities(tools, demo_context):
    s = demo_context.synergy
    assert len(s.top) == 20 and len(s.bottom) == 20 and s.bottom[-1].rank == s.n_ranked
    text = tools[("pdftotext", "en")]
    for row in (*s.top[:3], *s.bottom[-3:]):
        assert row.name.en in text
    assert "Sansha" in text  # not ranked: zero CO2 in the base year


@pytest.fixture(scope="session")
def no_year_build(demo, tmp_path_factory):
    """The demo store with an inventory that stops in 2021, as a draft; its HTML only."""
    from reporter.annual.report import AnnualBuild

    build = AnnualBuild(demo[1], 2025, 2020, emissions=GOLDEN / "inventory-2020-2021.csv",
                        draft=True, out_dir=tmp_path_factory.mktemp("no-year"),
                        content_dir=tmp_path_factory.mktemp("no-content"))  # fmt: skip
    label, step = build.steps()[0]
    assert label == "context"
    step()
    return build


def test_the_synergy_section_of_a_year_without_emissions_says_so(no_year_build):
    """The report still builds, and its synergy section says why there is no ranking."""
    html, _, _ = no_year_build.render_html("en", charts={})  # the words matter, not the charts
    assert "has no data for 2025 (years in the file: 2020, 2021)" in " ".join(html.split())
    assert 'id="synergy-missing"' in html and "rank-table" not in html
    assert "inventory-2020-2021.csv" in html  # the data note names the file
    assert not no_year_build.context.synergy.synthetic and no_year_build.context.synthetic_air


def test_the_bilingual_draft_pairs_every_paragraph(no_year_build):
    from reporter.annual.report import output_name

    html, css, _ = no_year_build.render_html("bilingual", charts={})
    assert '<div class="watermark" aria-hidden="true">草稿</div>' in html
    assert (
        "草稿" in css[0]
        and output_name(2025, "bilingual", True) == "annual-2025-bilingual-draft.pdf"
    )
    pairs = re.findall(r'<div class="pair"[^>]*><p class="sentence" lang="zh-Hans">(.*?)</p>'
                       r'<p class="sentence" lang="en">(.*?)</p></div>', html, re.S)  # fmt: skip
    assert len(pairs) >= 12
    for zh, en in pairs:
        assert zh.strip() and en.strip()
        assert re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"[\u4e00-\u9fff]", en)


# -- the website pages -------------------------------------------------------------------------
def test_write_annual_pages_writes_both_languages_with_charts_and_csv(demo_context, tmp_path):
    from markupsafe import escape

    from reporter.annual.site import RANKING_COLUMNS, write_annual_pages
    from reporter.annual.text import environment, load_words, render_sentences
    from reporter.bulletin.narrative import plain_text
    from reporter.render.fonts import FAMILY

    docs = tmp_path / "docs"
    written = write_annual_pages(demo_context, docs, pdfs={"zh": "data/annual/annual-2025-zh.pdf"})
    names = {p.relative_to(docs).as_posix() for p in written}
    assert {"annual/2025.md", "annual/2025.en.md", "annual/2025-synergy-ranking.csv"} <= names
    for lang in LANGS:
        assert f"annual/2025-synergy-scatter-{lang}-wide.svg" in names
        assert f"annual/2025-trend-national-pm25-{lang}-narrow.svg" in names
        page = (docs / f"annual/2025{'' if lang == 'zh' else '.en'}.md").read_text("utf-8")
        assert page.startswith("---\ntitle: ")
        assert "http" not in page and "//" not in page.replace("://", "")
        # Every chart file is linked; its text alternative is made from its data, not the
        # sentence it illustrates (test_annual_site_charts).
        sentence = render_sentences(environment(), demo_context, lang, load_words(lang))
        alt = escape(plain_text(sentence["synergy_quadrants"]))
        prefix = "../" if lang == "zh" else "../../../annual/"
        assert f'src="{prefix}2025-synergy-scatter-{lang}-wide.svg" alt="' in page
        assert f'alt="{alt}"' not in page
        for heading in (
            "{ #national }",
            "{ #regions }",
            "{ #cities }",
            "{ #synergy }",
            "{ #data-note }",
        ):
            assert heading in page
        assert plain_text(sentence["national.pm25"])[:40] in plain_text(page)
    zh = (docs / "annual/2025.md").read_text("utf-8")
    assert '<a href="../../data/annual/annual-2025-zh.pdf">PDF版 · 中文版</a>' in zh
    text = (docs / "annual/2025-synergy-ranking.csv").read_text("utf-8")
    assert text.startswith("\ufeff")  # Excel on Chinese Windows reads it as UTF-8
    rows = text[1:].splitlines()
    assert rows[0].split(",") == RANKING_COLUMNS
    assert len(rows) == 1 + len(demo_context.synergy.cities)
    assert rows[1].startswith("1,false,I,451200,河池,Hechi,")
    for path in written:
        text = path.read_text("utf-8")
        if path.suffix == ".svg":  # the SVG namespace is a name, not something to fetch
            text = re.sub(r'xmlns(:\w+)?="http://www\.w3\.org/[^"]*"', "", text)
            # The screen medium: the reader's fonts, never the PDF's embedded one.
            assert FAMILY not in text and 'font-family="-apple-system' in text, path
        if path.name.endswith(".vegalite.json"):  # a spec names its schema, fetching nothing
            text = re.sub(r'"\$schema": "https://vega\.github\.io/schema/[^"]*"', "", text)
        assert "http" not in text, path


# -- the command line --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2025", "--lang", "zh,fr"], "Invalid value for '--lang': fr (use zh, en, bilingual"),
        (["25"], "Invalid value for 'YEAR': '25' is not a year"),
        (["2025", "--base-year", "twenty"], "Invalid value for '--base-year'"),
        (["2025", "--emissions", "no-such-file.csv"], "file 'no-such-file.csv' does not exist"),
    ],
)
def test_bad_arguments_are_one_line_errors(args, message, tmp_path):
    from click.testing import CliRunner

    from reporter.commands.annual import annual

    result = CliRunner().invoke(annual, [*args, "--data-dir", str(tmp_path), "-q"])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_help_answers_without_the_rendering_stack():
    code = (
        "import sys; from reporter.commands.annual import annual; "
        "heavy = [m for m in ('weasyprint', 'altair', 'pandas') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


if __name__ == "__main__":
    write_golden()
