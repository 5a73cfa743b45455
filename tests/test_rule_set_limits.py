"""The thresholds the figures count against and the texts print are the rule set's (GB 3095
grade II limits, HJ 663's O3 exceedance), carried in the figures object: a copied rule set with
other limits changes the JSON, the counts and the printed sentences, and nothing else does.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from helpers import load_daily, month_days

from reporter.bulletin.narrative import plain_text
from reporter.stats import rules
from reporter.stats.period import Period
from reporter.stats.summary import build_figures

GOLDEN = Path(__file__).resolve().parent / "golden" / "annual"
# GB 3095-2012 grade II, HJ 663 exceedance -> the edited copy's values
EDITS = {"pm25_annual: 35": "pm25_annual: 40", "o3_8h: 160": "o3_8h: 150",
         "o3_exceedance: 160": "o3_exceedance: 170"}  # fmt: skip


@pytest.fixture(params=["bundled", "edited"])
def rule_set(request, store) -> str:
    """The bundled rule sets, or a copy in the store's data folder (--data-dir) whose
    GB3095-2012 limits are edited (EDITS)."""
    if request.param == "edited":
        copy = store.data_dir / "rules"
        shutil.copytree(rules.RULES_DIR, copy)
        path = copy / "gb3095-2012.yaml"
        text = path.read_text(encoding="utf-8")
        for old, new in EDITS.items():
            assert old in text
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return request.param


def year_rows(city: str, year: int, pm25: float) -> list[tuple]:
    first = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - first).days
    return [(city, (first + dt.timedelta(days=i)).isoformat(), pm25, 100) for i in range(days)]


def test_the_monthly_figures_carry_the_rule_sets_limits(rule_set, store, registry, tmp_path):
    load_daily(store, registry, tmp_path, year_rows("北京", 2024, 38)[:31])
    figures = build_figures(store, Period.month(2024, 1)).to_dict()
    expected = (35, 160, 160) if rule_set == "bundled" else (40, 150, 170)
    limits = (
        figures["pm25"]["limit"],
        figures["o3"]["limit"],
        figures["validity"]["o3_exceedance"],
    )
    assert limits == expected


def test_the_annual_counts_and_sentences_follow_the_rule_set(rule_set, store, registry, tmp_path):
    from reporter.annual.context import build_annual_context
    from reporter.annual.report import synergy_section
    from reporter.annual.text import environment, load_words, render_sentences
    from reporter.stats.annual import build_annual_report_figures

    rows = []
    for year in (2024, 2025):  # 北京 38: above 35, within 40; 天津 20: within both
        rows += year_rows("北京", year, 38) + year_rows("天津", year, 20)
    load_daily(store, registry, tmp_path, rows)
    report = build_annual_report_figures(store, 2025, base_year=2024, registry=registry)
    limit, within, exceedance = (35, 1, 160) if rule_set == "bundled" else (40, 2, 170)
    assert report.figures.pm25.limit == limit
    assert report.areas[0].pm25_within_limit == within
    synergy = synergy_section(GOLDEN / "inventory.csv", 2025, registry)
    ctx = build_annual_context(report, synergy, registry)
    zh = render_sentences(environment(), ctx, "zh", load_words("zh"))
    en = render_sentences(environment(), ctx, "en", load_words("en"))
    zh_text = plain_text(zh["cities_standards"])
    en_text = plain_text(en["cities_standards"])
    assert f"年均浓度不高于{limit} µg/m3的有{within}个" in zh_text
    assert f"{within} were at or below {limit} µg/m3" in en_text
    notes = " ".join(plain_text(v) for k, v in en.items() if k != "reasons")
    assert f"valid 8-hour windows (unless it exceeds {exceedance} µg/m3)" in notes


def aqi_month(city: str, pm25: list[float]) -> list[str]:
    """Daily rows of January 2024 with every AQI pollutant: PM2.5 as given, the others low."""
    return [
        f"{city},{d},{v},60,40,5,20,0.5,80"
        for d, v in zip(month_days(2024, 1, 31), pm25, strict=True)
    ]


@pytest.mark.parametrize(
    ("edits", "counts"),
    [
        ({}, (28, 0)),  # HJ 633: good at AQI <= 100, heavy above 200
        ({"heavy_above: 200": "heavy_above: 150"}, (28, 3)),
        ({"good_at_most: 100": "good_at_most: 40"}, (0, 0)),
    ],
)
def test_the_good_and_heavy_day_cut_offs_are_the_rule_sets(
    edits, counts, store, registry, tmp_path
):
    """HJ 633-2012: PM2.5 130 -> IAQI 150 + 50/35 * 15 = 172 (moderately polluted); PM2.5 30
    -> IAQI 43 (excellent). A copied rule set with other cut-offs counts other days."""
    from reporter.ingest import ingest_daily

    if edits:
        copy = store.data_dir / "rules"
        shutil.copytree(rules.RULES_DIR, copy)
        for path in copy.glob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            for old, new in edits.items():
                assert text.count(old) == 1
                text = text.replace(old, new)
            path.write_text(text, encoding="utf-8")
    table = tmp_path / "aqi.csv"
    lines = [
        "city,date,pm25,o3_mda8,pm10,so2,no2,co,o3_1h",
        *aqi_month("北京", [130] * 3 + [30] * 28),
    ]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ingest_daily(table, store, registry)
    figures = build_figures(store, Period.month(2024, 1))
    (beijing,) = figures.cities
    assert (beijing.good_days, beijing.heavy_days) == counts
    assert figures.aqi_days.heavy_share_pct == pytest.approx(counts[1] / 31 * 100)


def test_the_printed_cut_offs_are_the_rule_sets(store, registry, tmp_path):
    """The annual sentence and the downloads' README print the heavy and good cut-offs of the
    rule set the days were counted against (here an edited copy: heavy above 150, good at most
    90), not HJ 633's 200 and 100 spelled in a template."""
    from reporter.annual.context import build_annual_context
    from reporter.annual.report import synergy_section
    from reporter.annual.text import environment, load_words, render_sentences
    from reporter.ingest import ingest_daily
    from reporter.stats.annual import build_annual_report_figures
    from reporter.website.downloads import bulletin_downloads
    from reporter.website.templating import SiteTemplates

    copy = store.data_dir / "rules"
    shutil.copytree(rules.RULES_DIR, copy)
    path = copy / "gb3095-2012.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in {
        "heavy_above: 200": "heavy_above: 150",
        "good_at_most: 100": "good_at_most: 90",
    }.items():
        assert text.count(old) == 1
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(366 + 365)]  # 2024, 2025
    lines = ["city,date,pm25,o3_mda8,pm10,so2,no2,co,o3_1h"]
    lines += [f"北京,{d},{130 if i < 3 else 30},60,40,5,20,0.5,80" for i, d in enumerate(days)]
    table = tmp_path / "aqi.csv"
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ingest_daily(table, store, registry)
    report = build_annual_report_figures(store, 2025, base_year=2024, registry=registry)
    assert (report.figures.aqi_days.good_at_most, report.figures.aqi_days.heavy_above) == (90, 150)
    synergy = synergy_section(GOLDEN / "inventory.csv", 2025, registry)
    ctx = build_annual_context(report, synergy, registry)
    zh = plain_text(render_sentences(environment(), ctx, "zh", load_words("zh"))["days"])
    en = plain_text(render_sentences(environment(), ctx, "en", load_words("en"))["days"])
    assert "全国城市平均重污染天数（日AQI大于150）占比为" in zh
    assert "heavily polluted days (daily AQI above 150) made up" in en
    month = build_figures(store, Period.month(2025, 1))
    readme = next(v for k, v in bulletin_downloads(month, SiteTemplates()).items() if "README" in k)
    assert "（AQI ≤ 90）" in readme and "(AQI > 150)" in readme
    assert "100" not in readme and "200" not in readme.replace("2025", "")
