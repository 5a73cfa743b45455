"""Annual report figures: annual validity, trends, three-year moving averages, threshold counts."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import load_daily

from reporter.errors import ReporterError
from reporter.stats.annual import build_annual_report_figures


def year_rows(city, year, values):
    """Every day of `year`; `values` cycles over the days (so a mean can be set exactly)."""
    first = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - first).days
    return [
        (city, (first + dt.timedelta(days=i)).isoformat(), values[i % len(values)], 100)
        for i in range(days)
    ]


def test_trend_moving_average_base_change_and_published_counts(store, registry, tmp_path):
    rows = []
    for year, value in ((2020, 40), (2021, 36), (2022, 35), (2023, 30)):
        rows += year_rows("北京", year, [value])
    for year in (2020, 2021, 2022):
        rows += year_rows("天津", year, [20])
    # 2023 for 天津: 146 days at 36 and 219 at 35 -> mean 35.4, published 35.
    rows += year_rows("天津", 2023, [36] * 2 + [35] * 3)
    load_daily(store, registry, tmp_path, rows)
    report = build_annual_report_figures(store, 2023, base_year=2020)
    national = report.areas[0]
    assert national.id == "national"
    points = {p.year: p for p in national.pm25.points}
    assert points[2023].value == pytest.approx((30 + 35.4) / 2)  # 32.7
    assert points[2020].value == 30 and points[2021].value == 28 and points[2022].value == 27.5
    # three-year moving average for 2023: (28 + 27.5 + 32.7) / 3 = 29.4 -> 29
    assert points[2023].moving_average == pytest.approx(29.4)
    assert points[2023].moving_average_published == 29
    assert points[2021].moving_average is None  # no 2019 data
    # change on the base year 2020: 30 -> 32.7 = +9.0 %
    assert national.pm25.change_on_base_year.pct == pytest.approx(9.0)
    assert national.pm25.change_on_previous_year.pct == pytest.approx((32.7 - 27.5) / 27.5 * 100)
    # 35.4 publishes as 35, so both cities count as at or under 35 µg/m³.
    assert national.pm25_within_limit == 2
    assert national.pm25_within_limit_base_year == 1  # 2020: 北京 40, 天津 20
    assert national.pm25_within_limit_share_pct_published == 100.0
    assert national.o3_within_limit == 2
    # 2023 is under GB 3095-2012: the limits counted against, carried in the figures.
    assert (report.figures.pm25.limit, report.figures.o3.limit) == (35, 160)


def test_regions_in_force_at_year_end_apply_to_every_year(store, registry, tmp_path):
    rows = year_rows("北京", 2023, [50]) + year_rows("北京", 2024, [40])
    load_daily(store, registry, tmp_path, rows)
    report = build_annual_report_figures(store, 2024, base_year=2023)
    ids = [a.id for a in report.areas]
    assert "jjj_2024" in ids and "jjj_2p26_2018" not in ids
    jjj = next(a for a in report.areas if a.id == "jjj_2024")
    assert jjj.pm25.change_on_previous_year.pct == pytest.approx(-20.0)


def test_base_year_must_have_data_and_come_first(store, registry, tmp_path):
    load_daily(store, registry, tmp_path, year_rows("北京", 2023, [50]))
    with pytest.raises(ReporterError, match="no valid annual data for the base year 2019"):
        build_annual_report_figures(store, 2023, base_year=2019)
    with pytest.raises(ReporterError, match="must come before"):
        build_annual_report_figures(store, 2023, base_year=2023)
