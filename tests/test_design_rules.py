"""DESIGN.md rules that had no test of their own; each test names the rule it guards."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import math
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import load_daily, month_days, write_cnemc

from reporter.ingest import ingest_cnemc, ingest_daily
from reporter.stats.aqi import daily_aqi, iaqi
from reporter.stats.period import Period, daily_values
from reporter.stats.rules import rule_set_for
from reporter.stats.summary import build_figures

REAL_2023_01 = Path(__file__).resolve().parent / "data" / "real" / "china_cities_20230101-20230201.zip"  # fmt: skip
T2012 = rule_set_for(dt.date(2025, 12, 31))
T2026 = rule_set_for(dt.date(2026, 3, 1))


def constant_month(city: str, year: int, month: int, pm25: float, o3: float = 100, days=None):
    count = days or (dt.date(year + month // 12, month % 12 + 1, 1) - dt.date(year, month, 1)).days
    return [(city, d, pm25, o3) for d in month_days(year, month, count)]


# -- Statistics rules ----------------------------------------------------------------------------
def test_annual_needs_324_days_even_when_every_month_meets_its_count(store, registry, tmp_path):
    """Annual: mean of daily means (>= 324 days, >= 27 in each month, 25 in Feb)."""
    rows = []
    for month in range(1, 13):
        need = 25 if month == 2 else 27
        rows += constant_month("北京", 2023, month, 30, days=need + (month == 1))  # 323 days
        rows += constant_month("天津", 2023, month, 30, days=need + (month in (1, 3)))  # 324
    load_daily(store, registry, tmp_path, rows)
    by_name = {c.name_zh: c for c in build_figures(store, Period.year(2023)).cities}
    assert by_name["北京"].pm25_days == 323 and by_name["北京"].pm25 is None
    assert by_name["天津"].pm25_days == 324 and by_name["天津"].pm25 == 30


def test_annual_pm25_p95_and_o3_p90_by_the_hj663_formula(store, registry, tmp_path):
    """Annual: O3 90th percentile of MDA8; PM2.5 also the 95th percentile of daily means."""
    first = dt.date(2023, 1, 1)
    # Day i (1..365) has PM2.5 i and MDA8 1000 - i: sorted, X(s) = s and 634 + s.
    rows = [
        ("北京", (first + dt.timedelta(days=i - 1)).isoformat(), i, 1000 - i) for i in range(1, 366)
    ]
    load_daily(store, registry, tmp_path, rows)
    (city,) = build_figures(store, Period.year(2023)).cities
    # PM2.5 p95: k = 1 + 364 * 0.95 = 346.8 -> 346 + 0.8 * 1 = 346.8 (the mean would be 183).
    assert city.pm25_p95 == pytest.approx(346.8) and city.pm25 == pytest.approx(183)
    # O3 p90: k = 1 + 364 * 0.9 = 328.6 -> 634 + 328.6 = 962.6.
    assert city.o3_8h_90 == pytest.approx(962.6)


def test_national_mean_is_of_unrounded_city_values(store, registry, tmp_path):
    """No rounding inside the computation: the national mean averages unrounded city values."""
    rows = (
        constant_month("北京", 2024, 1, 34.5)
        + constant_month("天津", 2024, 1, 34.5)
        + constant_month("上海", 2024, 1, 35.4)
    )
    load_daily(store, registry, tmp_path, rows)
    pm25 = build_figures(store, Period.month(2024, 1)).pm25
    # (34.5 + 34.5 + 35.4) / 3 = 34.8 -> 35; a mean of published 34, 34, 35 would give 34.
    assert pm25.mean == pytest.approx(34.8) and pm25.published == 35


def test_o3_default_bands_upper_bound_inclusive_on_published_values(store, registry, tmp_path):
    """Default O3 bands ≤100, 100–120, 120–160, >160 (upper bound inclusive), on published values."""
    o3 = {"北京": 100, "天津": 100.4, "上海": 120, "重庆": 160, "石家庄": 160.5, "太原": 161}
    rows = []
    for city, value in o3.items():
        rows += constant_month(city, 2024, 1, 40, o3=value)
    load_daily(store, registry, tmp_path, rows)
    bands = build_figures(store, Period.month(2024, 1)).o3.bands
    # 100.4 -> 100 and 160.5 -> 160 (half to even) stay in the lower band.
    assert {b.label_en: b.count for b in bands} == {
        "≤100": 2,
        "100–120": 1,
        "120–160": 2,
        ">160": 1,
    }


def test_bands_are_configuration_read_from_the_data_dir(store, registry, tmp_path):
    """Bands are configuration, not code: a bands.yaml beside the store replaces the default."""
    rows = constant_month("北京", 2024, 1, 20) + constant_month("天津", 2024, 1, 50)
    load_daily(store, registry, tmp_path, rows)
    store.data_dir.mkdir(parents=True, exist_ok=True)
    (store.data_dir / "bands.yaml").write_text(
        "pm25:\n"
        '  - {lower: null, upper: 25, label_zh: "≤25", label_en: "≤25"}\n'
        '  - {lower: 25, upper: null, label_zh: ">25", label_en: ">25"}\n'
        "o3:\n"
        '  - {lower: null, upper: 160, label_zh: "≤160", label_en: "≤160"}\n'
        '  - {lower: 160, upper: null, label_zh: ">160", label_en: ">160"}\n',
        encoding="utf-8",
    )
    figures = build_figures(store, Period.month(2024, 1))
    assert {b.label_en: b.count for b in figures.pm25.bands} == {"≤25": 1, ">25": 1}


def test_mom_compares_the_same_cities(store, registry, tmp_path):
    """YoY and MoM compare the same cities (those valid in both periods); percent, one decimal."""
    rows = (
        constant_month("北京", 2023, 12, 30)
        + constant_month("北京", 2024, 1, 31)
        + constant_month("天津", 2024, 1, 90)  # no December: left out of MoM
    )
    load_daily(store, registry, tmp_path, rows)
    mom = build_figures(store, Period.month(2024, 1)).pm25.mom
    assert mom.n_cities == 1
    assert mom.pct_published == 3.3  # 30 -> 31: +3.333… % to one decimal


def test_cleanest_city_is_the_lowest_published_value_with_ties(store, registry, tmp_path):
    """ "Cleanest city" is the lowest published value; ties are all named (并列)."""
    rows = (
        constant_month("北京", 2024, 1, 20.4)
        + constant_month("天津", 2024, 1, 19.6)
        + constant_month("上海", 2024, 1, 20.6)
    )
    load_daily(store, registry, tmp_path, rows)
    lowest = build_figures(store, Period.month(2024, 1)).pm25.min
    # 19.6 and 20.4 both publish as 20: a tie, though their unrounded values differ.
    assert lowest.value == 20
    assert sorted(c.name_zh for c in lowest.cities) == ["北京", "天津"]


def test_json_names_the_rule_set_chosen_by_the_period(store, registry, tmp_path):
    """GB 3095-2012 before 2026-03-01, GB 3095-2026 from 2026-03-01; the JSON names it."""
    rows = constant_month("北京", 2026, 2, 40) + constant_month("北京", 2026, 3, 40)
    load_daily(store, registry, tmp_path, rows)
    assert build_figures(store, Period.month(2026, 2)).rule_set.id == "GB3095-2012"
    assert build_figures(store, Period.month(2026, 3)).rule_set.id == "GB3095-2026"


def test_daily_aqi_uses_the_table_in_force_on_each_day(store, registry, tmp_path):
    """IAQI on the breakpoint table of the period's rule set: PM2.5 70 is good in 2012, not in 2026."""
    lines = ["city,date,pm25,o3_mda8,pm10,so2,no2,co,o3_1h"]
    for day in ("2026-02-28", "2026-03-01"):
        lines.append(f"北京,{day},70,60,40,5,20,0.5,80")
    (tmp_path / "aqi.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ingest_daily(tmp_path / "aqi.csv", store, registry)
    daily = daily_values(
        store, Period(kind="ytd", start=dt.date(2026, 2, 28), end=dt.date(2026, 3, 1))
    )
    aqi = dict(zip(daily["date"].dt.date, daily["aqi"], strict=True))
    # 2012: 50 + 50/40 * 35 = 93.75 -> 94; 2026: 100 + 50/55 * 10 = 109.09 -> 110.
    assert aqi == {dt.date(2026, 2, 28): 94, dt.date(2026, 3, 1): 110}


# -- HJ 633 appendix -----------------------------------------------------------------------------
APPENDIX_2012 = {  # DESIGN appendix, left of each arrow
    "pm25_24h": (0, 35, 75, 115, 150, 250, 350, 500),
    "pm10_24h": (0, 50, 150, 250, 350, 420, 500, 600),
    "o3_8h": (0, 100, 160, 215, 265, 800),
    "o3_1h": (0, 160, 200, 300, 400, 800, 1000, 1200),
    "so2_24h": (0, 50, 150, 475, 800, 1600, 2100, 2620),
    "no2_24h": (0, 40, 80, 180, 280, 565, 750, 940),
    "co_24h": (0, 2, 4, 14, 24, 36, 48, 60),
}
APPENDIX_2026 = {
    **{k: v for k, v in APPENDIX_2012.items() if k != "o3_1h"},
    "pm25_24h": (0, 35, 60, 115, 150, 250, 350, 500),
    "pm10_24h": (0, 50, 120, 250, 350, 420, 500, 600),
}


@pytest.mark.parametrize(("rules", "table"), [(T2012, APPENDIX_2012), (T2026, APPENDIX_2026)])
def test_breakpoint_tables_are_those_of_the_appendix(rules, table):
    """Appendix: HJ 633 IAQI breakpoints (IAQI 0/50/100/150/200/300/400/500), 2012→2026."""
    assert rules.aqi.iaqi == (0, 50, 100, 150, 200, 300, 400, 500)
    for name, points in table.items():
        assert rules.aqi.breakpoints[name] == points, name


def test_daily_aqi_indicators_seven_in_2012_six_in_2026():
    """Daily AQI: 2012 uses seven indicators (with O3 daily max 1-h), 2026 six (O3 as MDA8 only)."""
    assert set(T2012.aqi.daily_indicators) == {*APPENDIX_2012}
    assert set(T2026.aqi.daily_indicators) == {*APPENDIX_2012} - {"o3_1h"}


def test_iaqi_ceiling_is_500_above_the_table():
    """IAQI by linear interpolation, capped at the top of the table (500)."""
    table = T2012.aqi
    values = iaqi(np.array([500.0, 600.0, 2999.0]), table.breakpoints["pm25_24h"], table.iaqi)
    assert values.tolist() == [500, 500, 500]
    # Between breakpoints: PM10 420 -> 500 is IAQI 300 -> 400; 460 is 350.
    assert iaqi(np.array([460.0]), table.breakpoints["pm10_24h"], table.iaqi)[0] == 350


def test_grade_ii_limits_by_rule_set():
    """GB 3095-2026 grade II: PM2.5 annual 30 and 24-h 60 (transition); O3 8-h 160 unchanged."""
    assert (T2012.limits["pm25_annual"], T2012.limits["pm25_24h"]) == (35, 75)
    assert (T2026.limits["pm25_annual"], T2026.limits["pm25_24h"]) == (30, 60)
    assert T2012.limits["o3_8h"] == T2026.limits["o3_8h"] == 160


# -- Official-grade figures ----------------------------------------------------------------------
def test_co_is_the_95th_percentile_of_daily_means_with_one_decimal(store, registry, tmp_path):
    """Six pollutants: CO is the 95th percentile of valid daily means, mg/m³, one decimal."""
    lines = ["city,date,pm25,o3_mda8,pm10,so2,no2,co"]
    for i, day in enumerate(month_days(2024, 1, 31), start=1):
        lines.append(f"北京,{day},40,100,70,10,30,{i * 0.2:.1f}")
    (tmp_path / "six.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ingest_daily(tmp_path / "six.csv", store, registry)
    figures = build_figures(store, Period.month(2024, 1))
    (city,) = figures.cities
    # k = 1 + 30 * 0.95 = 29.5 -> X(29) + 0.5 * (X(30) - X(29)) = 5.8 + 0.1 = 5.9 (mean: 3.2).
    assert city.co == pytest.approx(5.9) and city.co_published == 5.9
    assert figures.co.published == 5.9 and figures.co.places == 1
    assert (city.pm10, city.so2, city.no2) == (70, 10, 30)  # means of daily means


def test_168_list_groups_follow_the_period(store, registry, tmp_path):
    """The 168 key cities with their 2019–2023 and 2024 groups, chosen by the period."""
    rows = constant_month("北京", 2023, 1, 40) + constant_month("北京", 2024, 1, 40)
    load_daily(store, registry, tmp_path, rows)
    assert build_figures(store, Period.month(2023, 1)).ranking_168.list_id == "key168-2019"
    assert build_figures(store, Period.month(2024, 1)).ranking_168.list_id == "key168-2024"


# -- Feeds, on real files ------------------------------------------------------------------------
REAL_DAYS = ("20230117", "20230118", "20230119", "20230120")


def _independent_daily_pm25(files: dict[str, list[list[str]]]) -> dict[tuple[str, str], float]:
    """Per (column, day): rows 1–23 of file D plus row 0 of file D+1, mean if >= 20 values."""
    hours: dict[tuple[str, str], list[float]] = {}
    days = sorted(files)
    for day, following in itertools.pairwise(days):
        for name, rows in ((day, files[day]), (following, files[following])):
            header = rows[0]
            for row in rows[1:]:
                if row[2] != "PM2.5" or (row[1] == "0") != (name == following):
                    continue
                for j in range(3, len(row)):
                    if row[j]:
                        hours.setdefault((header[j], day), []).append(float(row[j]))
    return {k: (math.fsum(v) / len(v) if len(v) >= 20 else math.nan) for k, v in hours.items()}


def test_real_feed_days_are_hour_ending_with_20_hours_from_the_raw_pm25(tmp_path, store, registry):
    """Hour-ending days; daily mean needs ≥ 20 hourly values; derived columns recomputed (real feed)."""
    files = {}
    with zipfile.ZipFile(REAL_2023_01) as archive:
        for day in REAL_DAYS:
            text = archive.read(f"china_cities_{day}.csv").decode("utf-8")
            (tmp_path / f"china_cities_{day}.csv").write_text(text, encoding="utf-8")
            files[day] = list(csv.reader(io.StringIO(text)))
    report = ingest_cnemc([tmp_path / f"china_cities_{d}.csv" for d in REAL_DAYS], store, registry)
    merged = {name for names in report.merged.values() for name in names}  # two spellings, one city
    expected = {}
    for (name, day), value in _independent_daily_pm25(files).items():
        city = registry.resolve(name)
        if city is not None and name not in merged:
            expected[(city.code, f"{day[:4]}-{day[4:6]}-{day[6:]}")] = value
    period = Period(kind="ytd", start=dt.date(2023, 1, 17), end=dt.date(2023, 1, 19))
    daily = daily_values(store, period)
    got = {(r.code, r.date.date().isoformat()): r.pm25 for r in daily.itertuples()}
    assert set(expected) <= set(got)
    for key, value in expected.items():
        if math.isnan(value):
            assert math.isnan(got[key]), key
        else:
            assert got[key] == pytest.approx(value), key
    # The days hold real short days on both sides of the threshold (阿勒泰地区 19 hours on the 17th).
    altay = registry.resolve("阿勒泰地区").code
    assert math.isnan(got[(altay, "2023-01-17")])
    assert any(not math.isnan(v) for v in expected.values())
    hours = daily.set_index(["code", "date"])["pm25_hours"]
    assert (hours == 20).any() and (hours == 19).any()


def test_feed_derived_columns_are_not_used(tmp_path, store, registry):
    """The derived columns (_24h, O3_8h, O3_8h_24h, AQI) are the feed's running values: recompute."""
    day = dt.date(2024, 1, 1)
    values = {}
    for hour in range(24):
        values[(hour, "PM2.5")] = [10]
        values[(hour, "O3")] = [50]
        for kind in ("PM2.5_24h", "O3_8h", "O3_8h_24h", "O3_24h", "AQI"):
            values[(hour, kind)] = [400]
    write_cnemc(tmp_path / "in", day, ["北京"], values)
    write_cnemc(tmp_path / "in", day + dt.timedelta(days=1), ["北京"], {(0, "PM2.5"): [10], (0, "O3"): [50]})  # fmt: skip
    ingest_cnemc([tmp_path / "in"], store, registry)
    daily = daily_values(store, Period.month(2024, 1))
    first = daily[daily["date"] == pd.Timestamp(day)].iloc[0]
    assert (first["pm25"], first["o3_mda8"]) == (10, 50)


def test_iaqi_at_an_exact_value_is_not_pushed_up_by_float_noise():
    """IAQI/AQI are always rounded up, from the exact value: CO 2.2 mg/m³ is IAQI 55, not 56."""
    # 50 + 50/2 * 0.2 = 55 exactly; in binary floats 55.00000000000001, which a bare ceil makes 56.
    table = T2012.aqi
    assert iaqi(np.array([2.2]), table.breakpoints["co_24h"], table.iaqi)[0] == 55


def test_o3_8h_above_800_is_not_used_under_2012():
    """Appendix: O3 8-h above 800: 2012 uses the 1-h IAQI instead (the 8-h IAQI is not used)."""
    day = {
        "pm25": 20.0, "pm10": 30.0, "so2": 5.0, "no2": 20.0, "co": 0.5,
        "o3_1h": np.nan, "o3_mda8": 850.0,
    }  # fmt: skip
    values = {k: np.array([v]) for k, v in day.items()}
    # Without a 1-h value the AQI comes from the others: PM10 30 -> 50/50 * 30 = 30 (the highest).
    assert daily_aqi(values, T2012.aqi)[0] == 30
    assert daily_aqi(values, T2026.aqi)[0] == 300  # 2026: fixed at 300


def test_good_day_is_aqi_at_most_100(store, registry, tmp_path):
    """Good-day ratio from daily AQI: 优 and 良 (AQI <= 100) are good days."""
    lines = ["city,date,pm25,o3_mda8,pm10,so2,no2,co,o3_1h"]
    # PM2.5 75 -> AQI 100 (良, a good day) on 10 days; 76 -> 102 (轻度污染) on the other 21.
    for i, day in enumerate(month_days(2024, 1, 31)):
        lines.append(f"北京,{day},{75 if i < 10 else 76},60,40,5,20,0.5,80")
    (tmp_path / "aqi.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ingest_daily(tmp_path / "aqi.csv", store, registry)
    (city,) = build_figures(store, Period.month(2024, 1)).cities
    assert (city.good_days, city.aqi_days) == (10, 31)


def test_heavy_day_share_has_two_decimals_the_good_day_ratio_one(store, registry, tmp_path):
    """Shares: two decimals (DESIGN), the heavy-pollution day share too; the good-day ratio keeps
    the Ministry's one decimal. HJ 633-2012: PM2.5 200 -> AQI 250 (heavy) on 1 day, 100 -> 132
    on 2, 30 -> 43 (good) on 28: heavy 1/31 = 3.2258…%, good 28/31 = 90.322…%."""
    from reporter.figures.text import summary_table

    lines = ["city,date,pm25,o3_mda8,pm10,so2,no2,co,o3_1h"]
    for i, day in enumerate(month_days(2024, 1, 31)):
        lines.append(f"北京,{day},{200 if i == 0 else 100 if i < 3 else 30},60,40,5,20,0.5,80")
    (tmp_path / "aqi.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ingest_daily(tmp_path / "aqi.csv", store, registry)
    figures = build_figures(store, Period.month(2024, 1))
    assert figures.aqi_days.heavy_share_pct_published == 3.23
    assert figures.aqi_days.good_day_ratio_pct_published == 90.3
    assert "Good days 90.3%, heavy pollution 3.23% of days" in summary_table(figures)


def test_a_revised_tidy_table_replaces_values_never_duplicates(store, registry, tmp_path):
    """Upstream revises published files: re-ingesting a revised file replaces values."""
    load_daily(store, registry, tmp_path, constant_month("北京", 2024, 1, 40), name="a.csv")
    revised = constant_month("北京", 2024, 1, 40)
    revised[0] = ("北京", "2024-01-01", 71, 100)
    load_daily(store, registry, tmp_path, revised, name="b.csv")
    daily = store.read_daily(dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    assert len(daily) == 31
    assert daily.set_index("date")["pm25"].max() == 71


def test_synergy_quadrants_put_co2_on_x(tmp_path, registry):
    """Quadrant counts: x is the CO2 rate; II = the other rate only, IV = CO2 only."""
    from reporter.feeds.emissions import read_inventory
    from reporter.synergy import compute_synergy

    rows = ["city,year,co2,so2,nox,pm,aqi"]
    # 北京, 天津: CO2 1000 -> 900 (reduced), pollutants up (IV); 上海: CO2 up, pollutants down (II).
    for city, base, target in (
        ("北京", "1000,100,100,100,50", "900,110,110,110,50"),
        ("天津", "1000,100,100,100,50", "900,110,110,110,50"),
        ("上海", "1000,100,100,100,50", "1100,90,90,90,50"),
    ):
        rows += [f"{city},2020,{base}", f"{city},2025,{target}"]
    (tmp_path / "inventory.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    inventory = read_inventory(tmp_path / "inventory.csv", registry)
    result = compute_synergy(inventory, registry, 2020, 2025)
    lapeq = next(q for q in result.quadrants if q.y == "lapeq")
    assert lapeq.counts == {"I": 0, "II": 1, "III": 0, "IV": 2}


def test_annual_report_counts_cities_within_the_2026_transition_limit(store, registry, tmp_path):
    """GB 3095-2026 grade II PM2.5 annual 30 (transition): the count uses the limit of the
    period's rule set (30 in 2026, 35 under GB 3095-2012), carried in the figures."""
    from reporter.stats.annual import build_annual_report_figures

    rows = []
    for year in (2024, 2025, 2026):
        first = dt.date(year, 1, 1)
        for i in range(334):  # January through November (December 2026 is not over)
            day = (first + dt.timedelta(days=i)).isoformat()
            rows += [("北京", day, 28, 100), ("天津", day, 33, 100)]
    load_daily(store, registry, tmp_path, rows)
    report = build_annual_report_figures(store, 2026, base_year=2025, through=11)
    national = report.areas[0]
    assert report.figures.pm25.limit == 30
    assert national.pm25_within_limit == 1  # 北京 28 is within 30; 天津 33 is not
    earlier = build_annual_report_figures(store, 2025, base_year=2024, through=11)
    assert earlier.figures.pm25.limit == 35
    assert earlier.areas[0].pm25_within_limit == 2  # both within GB 3095-2012's 35
