"""The thresholds the figures count against and the texts print are the rule set's (GB 3095
grade II limits, HJ 663's O3 exceedance), carried in the figures object: a copied rule set with
other limits changes the JSON, the counts and the printed sentences, and nothing else does.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from helpers import load_daily

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
