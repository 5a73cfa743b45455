"""Year-to-date figures (累计, 1—N月): each month meets its own day count; YoY on the same months."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from conftest import load_daily, month_days

from reporter.cli import cli
from reporter.stats.period import Period
from reporter.stats.summary import build_figures


def rows(city: str, year: int, month: int, days: int, value: float):
    return [(city, d, value, 80) for d in month_days(year, month, days)]


def test_each_month_meets_its_own_count(store, registry, tmp_path):
    data = (
        rows("北京", 2024, 1, 27, 40) + rows("北京", 2024, 2, 25, 70)  # 27 + 25: valid
        + rows("天津", 2024, 1, 31, 50) + rows("天津", 2024, 2, 24, 50)  # February short
    )  # fmt: skip
    load_daily(store, registry, tmp_path, data)
    figures = build_figures(store, Period.ytd(2024, 2))
    by_name = {c.name_zh: c for c in figures.cities}
    # Mean of the 52 valid daily means: (27*40 + 25*70) / 52 = 54.42...
    assert by_name["北京"].pm25 == pytest.approx((27 * 40 + 25 * 70) / 52)
    assert by_name["北京"].pm25_days == 52
    assert by_name["天津"].pm25 is None  # 24 February days of 25 needed
    assert [
        e.reason for e in figures.excluded if e.name_zh == "天津" and e.pollutant == "pm25"
    ] == ["too few valid days in month(s) 2"]
    assert figures.kind == "ytd" and figures.months == ["2024-01", "2024-02"]
    assert figures.pm25.published == 54  # one valid city


def test_yoy_compares_the_same_months_a_year_before(store, registry, tmp_path):
    data = (
        rows("北京", 2023, 1, 31, 50) + rows("北京", 2023, 2, 28, 50)
        + rows("北京", 2023, 3, 31, 500)  # March 2023 is outside January-February
        + rows("北京", 2024, 1, 31, 40) + rows("北京", 2024, 2, 29, 40)
    )  # fmt: skip
    load_daily(store, registry, tmp_path, data)
    figures = build_figures(store, Period.ytd(2024, 2))
    assert figures.pm25.yoy.pct_published == -20.0  # 40 against 50


def test_ytd_command_refuses_a_future_month(tmp_path):
    result = CliRunner().invoke(cli, ["stats", "ytd", "2999-01", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "2999-01 has not begun yet" in result.output


def test_ytd_period_label_round_trips():
    period = Period.ytd(2025, 9)
    assert period.label == "2025-01..2025-09"
    assert Period.parse(period.label) == period
    assert period.previous_year() == Period.ytd(2024, 9)


@pytest.mark.parametrize(
    "args", [["monthly", "2999-01"], ["monthly", "2999-01", "--json"], ["annual", "2999"]]
)
def test_figures_and_ranking_of_a_future_period_are_refused_in_one_line(tmp_path, args):
    result = CliRunner().invoke(cli, ["stats", *args, "--data-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {args[1]} has not begun yet (today is {dt.date.today().isoformat()})"
    ]


def test_annual_report_through_a_month_compares_the_same_months(store, registry, tmp_path):
    from reporter.annual.context import build_annual_context
    from reporter.annual.report import synergy_section
    from reporter.stats.annual import build_annual_report_figures

    data = []
    for year, (jan, feb, dec) in {2024: (40, 41, 500), 2025: (30, 31, 500)}.items():
        data += rows("北京", year, 1, 31, jan) + rows("北京", year, 2, 28, feb)
        data += rows("北京", year, 12, 31, dec)  # after the span: must not count
    load_daily(store, registry, tmp_path, data)
    report = build_annual_report_figures(store, 2025, 2024, registry, through=2)
    assert report.figures.kind == "ytd" and report.through == 2
    (point,) = [p for p in report.areas[0].pm25.points if p.year == 2025]
    # By hand: (31*30 + 28*31) / 59 = 30.474..., published with one decimal (seed 004's partial year).
    assert point.published == 30.5
    # Against (31*40 + 28*41) / 59 = 40.4746: -10 / 40.4746 = -24.71%.
    assert report.areas[0].pm25.change_on_base_year.pct_published == -24.7
    ctx = build_annual_context(report, synergy_section(None, 2025, registry), registry)
    assert (ctx.span.zh, ctx.span.en) == ("截至2025年2月", "January–February 2025")


@pytest.mark.parametrize(
    ("through", "edits", "span"),
    [
        (None, {"en": ('year: "{year}"', 'year: "the year {year}"'),
                "zh": ('year: "{year}年"', 'year: "{year}年度"')}, ("2025年度", "the year 2025")),
        (2, {"en": ('through: "January–{month} {year}"', 'through: "{year} to the end of {month}"')},
         ("截至2025年2月", "2025 to the end of February")),
    ],
)  # fmt: skip
def test_the_annual_build_fills_its_period_with_the_templates_dirs_words(
    through, edits, span, store, registry, tmp_path
):
    """A --templates-dir whose annual words spell the period otherwise: the build's context
    (the report's title, sentences and file) says the period in those words."""
    from reporter.annual.report import AnnualBuild
    from reporter.paths import TEMPLATES_DIR

    data = []
    for year in (2024, 2025):
        data += [row for month in range(1, 13) for row in rows("北京", year, month, 28, 30)]
    load_daily(store, registry, tmp_path, data)
    words = tmp_path / "templates" / "annual"
    words.mkdir(parents=True)
    for lang in ("zh", "en"):
        text = (TEMPLATES_DIR / "annual" / f"words.{lang}.yaml").read_text(encoding="utf-8")
        if lang in edits:
            old, new = edits[lang]
            assert text.count(old) == 1
            text = text.replace(old, new)
        (words / f"words.{lang}.yaml").write_text(text, encoding="utf-8")
    build = AnnualBuild(store, 2025, 2024, templates_dir=tmp_path / "templates",
                        content_dir=tmp_path / "no-content", through=through)  # fmt: skip
    label, step = build.steps()[0]
    assert label == "context"
    step()
    assert (build.context.span.zh, build.context.span.en) == span
    packaged = AnnualBuild(store, 2025, 2024, content_dir=tmp_path / "no-content", through=through)
    packaged.steps()[0][1]()
    assert packaged.context.span.en != span[1]  # the packaged words, without the folder
