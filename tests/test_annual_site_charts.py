"""The annual report's charts on the site, as the bulletin's: a text alternative made from the
chart's data (not the paragraph it illustrates), its data as a table and as CSV (with a
byte-order mark), pictures in two widths; and every annual edition's cover on the site.

The report is the hand-made 2025 figures of test_annual_report with its golden inventory
(no store); expected rows are computed here from those figures and the synergy result.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from pathlib import Path

import pytest
from test_annual_report import CASES, GOLDEN, LANGS

from reporter.render.templating import fmt_share

PROJECT_CONTENT = Path(__file__).resolve().parents[1] / "content" / "annual"


@functools.lru_cache(maxsize=1)
def report():
    """The figures, the synergy result and the context built from them."""
    from reporter.annual.context import build_annual_context
    from reporter.annual.report import synergy_part
    from reporter.registry import load_registry

    registry = load_registry()
    figures, inventory = CASES["rose_fell"]
    part = synergy_part(GOLDEN / inventory, figures.year, registry)
    return figures, part.result, build_annual_context(figures, part.context(), registry)


@functools.lru_cache(maxsize=2)
def drawn(lang: str):
    """Every chart of the page in `lang`, with the project's demo indicators, and the page's
    paragraphs."""
    from reporter.annual.report import report_content
    from reporter.annual.text import environment, load_words, render_sentences
    from reporter.charts.annual import load_style
    from reporter.charts.annual_site import annual_site_charts

    _, _, ctx = report()
    words = load_words(lang)
    sentences = render_sentences(environment(), ctx, lang, words)
    content = report_content(ctx, PROJECT_CONTENT)
    charts = annual_site_charts(ctx, content, lang, words, load_style(), sentences)
    return charts, sentences, content


def csv_rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")  # Excel on Chinese Windows then reads UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def shown(value) -> str:
    return "—" if value is None else str(value)


@pytest.mark.parametrize("lang", LANGS)
def test_every_annual_chart_says_what_its_data_shows_not_its_paragraph(lang):
    from reporter.bulletin.narrative import plain_text

    figures, _, _ = report()
    charts, sentences, content = drawn(lang)
    areas = {a.id for a in figures.areas}
    indicators = {f"indicator-{i.id}" for i in content.indicators.values() if i.chart != "table"}
    expected = {f"trend-{a}-{k}" for a in areas for k in ("pm25", "o3")}
    assert set(charts) == expected | {"synergy-scatter", "synergy-classes"} | indicators
    assert indicators  # the demo content draws outside indicators too
    paragraphs = [plain_text(s) for k, s in sentences.items() if k != "reasons"]
    for name, chart in charts.items():
        assert chart.alt.strip(), name
        assert all(chart.alt not in p and p not in chart.alt for p in paragraphs if p), name
        if not name.startswith("indicator-"):  # it keeps the paragraph it illustrates
            assert chart.sentence and chart.sentence != chart.alt, name
        assert "<" not in chart.alt and "{" not in chart.alt, name  # plain, every field filled
        assert set(chart.pictures) == {"wide", "narrow"}, name
        assert chart.pictures["narrow"].width <= 340 + 1, (name, chart.pictures["narrow"])
        assert len(chart.table.rows) > 0 and all(
            len(row) == len(chart.table.header) for row in chart.table.rows
        ), name


@pytest.mark.parametrize("lang", LANGS)
def test_a_trend_charts_table_and_csv_are_the_figures_values(lang):
    figures, _, _ = report()
    charts, _, _ = drawn(lang)
    for area in figures.areas:
        for key in ("pm25", "o3"):
            points = [p for p in getattr(area, key).points if p.year >= figures.base_year]
            chart = charts[f"trend-{area.id}-{key}"]
            assert chart.table.rows == [
                [str(p.year), shown(p.published), shown(p.moving_average_published)] for p in points
            ]
            assert csv_rows(chart.data) == [
                ["year", "value", "moving_average", "n_cities"],
                *[[str(p.year), shown(p.published).replace("—", ""),
                   shown(p.moving_average_published).replace("—", ""), str(p.n_cities)]
                  for p in points],
            ]  # fmt: skip
            valid = [p.published for p in points if p.published is not None]
            name = getattr(area, f"name_{lang}")
            numbers = [int(n) for n in re.findall(r"(?<![\d.])\d+(?![\d.])", chart.alt)]
            assert name in chart.alt and str(figures.year) in chart.alt
            for value in (valid[0], valid[-1], max(valid), min(valid)):
                assert value in numbers, (chart.alt, value)


@pytest.mark.parametrize("lang", LANGS)
def test_the_synergy_charts_tables_are_the_rankings_values(lang):
    _, result, _ = report()
    charts, _, _ = drawn(lang)
    ranked = sorted((c for c in result.cities if c.rank_emissions is not None),
                    key=lambda c: c.rank_emissions)  # fmt: skip
    drawn_cities = [c for c in ranked if c.values["co2"].rate_pct_published is not None
                    and c.values["lapeq"].rate_pct_published is not None]  # fmt: skip
    scatter = charts["synergy-scatter"]
    assert [[r[0], r[1], r[3], r[4]] for r in scatter.table.rows] == [
        [str(c.rank_emissions), c.city if lang == "zh" else c.name_en,
         str(c.values["co2"].rate_pct_published), str(c.values["lapeq"].rate_pct_published)]
        for c in drawn_cities
    ]  # fmt: skip
    rows = csv_rows(scatter.data)
    assert rows[0][:3] == ["rank", "name_zh", "name_en"]
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        (str(c.rank_emissions), c.city, c.name_en) for c in drawn_cities
    ]
    assert str(len(drawn_cities)) in scatter.alt
    classes = charts["synergy-classes"]
    expected = []
    for ranking, summary in (("emissions", result.summary.class_emissions),
                             ("air", result.summary.class_air)):  # fmt: skip
        cities = [c for c in result.cities if getattr(c, f"rank_{ranking}") is not None]
        for cls in ("I", "II", "III"):
            count = sum(getattr(c, f"class_{ranking}") == cls for c in cities)
            expected.append((str(count), fmt_share(summary[cls].share_pct_published)))
            assert f"{count}" in classes.alt
    assert [(r[2], r[3]) for r in classes.table.rows] == expected
    assert [(r[2], r[3]) for r in csv_rows(classes.data)[1:]] == [
        (count, str(float(share.rstrip("%")))) for count, share in expected
    ]


def test_an_indicator_charts_table_keeps_the_contents_numbers_as_written():
    charts, _, content = drawn("en")
    for ind in content.indicators.values():
        if ind.chart == "table":
            continue
        chart = charts[f"indicator-{ind.id}"]
        assert [row[1:] for row in chart.table.rows] == [
            [shown(v) for v in r.values] for r in ind.rows
        ]
        assert chart.table.header[1:] == [s.name.en for s in ind.series]
        given = [v for r in ind.rows for v in r.values if v is not None]
        assert all(v in chart.alt for v in given), chart.alt
        assert [r[-1] for r in csv_rows(chart.data)[1:]] == [
            shown(v).replace("—", "") for r in ind.rows for v in r.values
        ]


def test_the_annual_page_shows_each_chart_as_a_bulletin_chart(tmp_path):
    """Pictures in two widths, the text alternative from the data, the data as a table in a
    scrolling box reachable by keyboard and labelled, the CSV and spec linked, files written."""
    from markupsafe import escape

    from reporter.annual.site import write_annual_pages

    _, _, ctx = report()
    docs = tmp_path / "docs"
    covers = {"bilingual": {"src": "data/annual/annual-2025-bilingual-cover.webp",
                            "width": 240, "height": 340}}  # fmt: skip
    pdfs = {e: f"data/annual/annual-2025-{e}.pdf" for e in ("zh", "en", "bilingual")}
    written = write_annual_pages(ctx, docs, pdfs=pdfs, covers=covers)
    names = {p.relative_to(docs).as_posix() for p in written}
    assert len(names) == len(written)  # a chart's CSV is written once for both pages
    for lang in LANGS:
        charts, _, _ = drawn(lang)
        page = (docs / f"annual/2025{'' if lang == 'zh' else '.en'}.md").read_text("utf-8")
        prefix = "../" if lang == "zh" else "../../../annual/"
        for name, chart in charts.items():
            if name.startswith("indicator-"):
                continue  # the page has no chapters: no outside indicator
            figure = page[page.index(f'id="chart-{name}"') :]
            figure = figure[: figure.index("</figure>")]
            assert f'alt="{escape(chart.alt)}"' in figure
            assert f'srcset="{prefix}2025-{name}-{lang}-narrow.svg"' in figure
            assert f'src="{prefix}2025-{name}-{lang}-wide.svg"' in figure
            assert f'<a href="{prefix}2025-{name}.csv" download>' in figure
            assert '<div class="table-scroll" tabindex="0" role="region" aria-label="' in figure
            assert figure.count("<tr>") == len(chart.table.rows) + 1
            for path in (f"annual/2025-{name}-{lang}-wide.svg", f"annual/2025-{name}.csv",
                         f"annual/2025-{name}-{lang}-narrow.svg",
                         f"annual/2025-{name}-{lang}.vegalite.json"):  # fmt: skip
                assert path in names
            assert (docs / f"annual/2025-{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        # The bilingual edition's cover, linked to its PDF; no cover given, none shown.
        up = "../../" if lang == "zh" else "../../../"
        cover = re.search(r'<ul class="annual-covers">(.*?)</ul>', page).group(1)
        assert cover.count("<img") == 1
        pdf, webp = "data/annual/annual-2025-bilingual.pdf", "data/annual/annual-2025-bilingual"
        assert (
            f'<a href="{up}{pdf}"><img src="{up}{webp}-cover.webp" width="240" height="340"'
            in cover
        )


def test_the_bilingual_edition_gets_a_cover_as_the_others_do(tmp_path):
    """Every built edition's first page is drawn (zh, en and bilingual) and published beside
    its PDF; the archive card shows its page language's edition."""
    from types import SimpleNamespace

    from reporter.website.archive import annual_cover, plan_covers
    from reporter.website.build import _annual_editions, annual_reports
    from reporter.website.covers import covers
    from reporter.website.inputs import Cache

    folder = tmp_path / "annual"
    folder.mkdir()
    for edition in ("zh", "en", "bilingual"):
        _pdf(folder / f"annual-2025-{edition}.pdf")
    found = annual_reports(folder)
    assert set(found[2025]) == {"zh", "en", "bilingual"}
    drawn_covers, problems = covers(_annual_editions(found), Cache(tmp_path / "cache"))
    assert problems == []
    site = SimpleNamespace(months=[], annual_pdfs=found, covers=drawn_covers, pdfs={})
    result = SimpleNamespace(files={})
    plan_covers(site, result)
    assert set(result.files) == {
        f"data/annual/annual-2025-{e}-cover.webp" for e in ("zh", "en", "bilingual")
    }
    bilingual = annual_cover(site, 2025, "bilingual")
    assert bilingual is not None and bilingual["width"] == 240 and bilingual["height"] > 240
    assert result.files[bilingual["src"]][:4] == b"RIFF"  # a WebP picture


def _pdf(path: Path) -> None:
    """A one-page PDF (A4), drawn by WeasyPrint."""
    from weasyprint import HTML

    HTML(string="<p>Cover</p>").write_pdf(path)
