"""Period rules and the figures object: day counts, bands on published values, YoY, ties, regions."""

from __future__ import annotations

import json

import pytest
from helpers import load_daily, month_days

from reporter.rounding import publish
from reporter.stats.period import Period
from reporter.stats.summary import build_figures


def city_month(city, year, month, count, pm25=40, o3=100):
    return [(city, day, pm25, o3) for day in month_days(year, month, count)]


def test_january_needs_27_valid_days(store, registry, tmp_path):
    rows = city_month("北京", 2024, 1, 26) + city_month("天津", 2024, 1, 27)
    load_daily(store, registry, tmp_path, rows)
    figures = build_figures(store, Period.month(2024, 1))
    by_code = {c.code: c for c in figures.cities}
    assert by_code["110000"].pm25 is None and by_code["110000"].pm25_days == 26
    assert by_code["120000"].pm25 == 40 and by_code["120000"].pm25_days == 27
    assert figures.pm25.n_cities == 1
    reasons = {(e.name_zh, e.pollutant): e.reason for e in figures.excluded}
    assert reasons[("北京", "pm25")] == "26 valid days (27 needed)"


def test_february_needs_25_valid_days(store, registry, tmp_path):
    rows = city_month("北京", 2024, 2, 24) + city_month("天津", 2024, 2, 25)
    load_daily(store, registry, tmp_path, rows)
    figures = build_figures(store, Period.month(2024, 2))
    by_code = {c.code: c for c in figures.cities}
    assert by_code["110000"].pm25 is None
    assert by_code["120000"].pm25 == 40
    assert figures.validity["min_days"] == 25


def spread(total_days, low, high, n_high):
    """Daily values: `n_high` days at `high`, the rest at `low`."""
    return [high] * n_high + [low] * (total_days - n_high)


def rows_with_values(city, year, month, values, o3=100):
    return [
        (city, day, v, o3)
        for day, v in zip(month_days(year, month, len(values)), values, strict=True)
    ]


def test_bands_classify_the_published_value(store, registry, tmp_path):
    rows = (
        rows_with_values("北京", 2024, 1, spread(30, 35, 36, 12))  # mean 35.4 -> 35 -> 15–35
        + rows_with_values("天津", 2024, 1, spread(30, 35, 36, 15))  # mean 35.5 -> 36 -> 35–75
        + rows_with_values(
            "上海", 2024, 1, spread(30, 34, 35, 15)
        )  # mean 34.5 -> 34 (half to even)
    )
    load_daily(store, registry, tmp_path, rows)
    figures = build_figures(store, Period.month(2024, 1))
    by_code = {c.code: c for c in figures.cities}
    assert by_code["110000"].pm25 == pytest.approx(35.4)
    assert by_code["110000"].pm25_published == 35
    assert by_code["120000"].pm25_published == 36
    assert by_code["310000"].pm25_published == 34
    counts = {b.label_en: b.count for b in figures.pm25.bands}
    assert counts == {"≤15": 0, "15–35": 2, "35–75": 1, ">75": 0}
    shares = [b.share_pct_published for b in figures.pm25.bands]
    assert shares == [0.0, 66.67, 33.33, 0.0]


def test_yoy_compares_the_same_cities(store, registry, tmp_path):
    rows = (
        city_month("北京", 2023, 1, 31, pm25=40)
        + city_month("北京", 2024, 1, 31, pm25=30)
        + city_month("天津", 2024, 1, 31, pm25=100)  # no 2023 data: left out of YoY
    )
    load_daily(store, registry, tmp_path, rows)
    figures = build_figures(store, Period.month(2024, 1))
    assert figures.pm25.mean == 65  # all valid cities
    assert figures.pm25.yoy.n_cities == 1
    assert figures.pm25.yoy.pct == pytest.approx(-25.0)  # 北京 40 -> 30
    assert figures.pm25.yoy.direction == "down"
    assert figures.pm25.mom.pct is None  # no December data


def test_mom_and_direction_flat(store, registry, tmp_path):
    rows = city_month("北京", 2023, 12, 31, pm25=50) + city_month("北京", 2024, 1, 31, pm25=50)
    load_daily(store, registry, tmp_path, rows)
    figures = build_figures(store, Period.month(2024, 1))
    assert figures.pm25.mom.pct == 0
    assert figures.pm25.mom.direction == "flat"


def test_o3_is_the_90th_percentile_of_mda8(store, registry, tmp_path):
    o3_values = list(range(100, 131))  # 31 days: 100..130
    rows = [("北京", d, 40, v) for d, v in zip(month_days(2024, 1, 31), o3_values, strict=True)]
    load_daily(store, registry, tmp_path, rows)
    figures = build_figures(store, Period.month(2024, 1))
    # k = 1 + 30*0.9 = 28 -> X(28) = 127
    assert figures.cities[0].o3_8h_90 == 127
    assert figures.o3.published == 127


def test_lowest_city_ties_are_all_named(store, registry, tmp_path):
    rows = (
        city_month("北京", 2024, 1, 31, pm25=20)
        + city_month("天津", 2024, 1, 31, pm25=20)
        + city_month("上海", 2024, 1, 31, pm25=50)
    )
    load_daily(store, registry, tmp_path, rows)
    lowest = build_figures(store, Period.month(2024, 1)).pm25.min
    assert lowest.value == 20
    assert [c.name_zh for c in lowest.cities] == ["北京", "天津"]
    assert [c.code for c in lowest.cities] == ["110000", "120000"]  # by code, first is lowest


def test_regions_use_members_in_force(store, registry, tmp_path):
    # 2024 onwards: 京津冀及周边 (国发〔2023〕24号) includes 北京; 上海 is in 长三角.
    rows = city_month("北京", 2024, 1, 31, pm25=60) + city_month("上海", 2024, 1, 31, pm25=40)
    load_daily(store, registry, tmp_path, rows)
    regions = {r.id: r for r in build_figures(store, Period.month(2024, 1)).pm25.regions}
    assert regions["jjj_2024"].published == 60 and regions["jjj_2024"].n_cities == 1
    assert regions["yrd_2024"].published == 40
    assert "jjj_2p26_2018" not in regions


def test_annual_needs_324_days_and_every_month(store, registry, tmp_path):
    import datetime as dt

    days = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(366)]
    full = [("北京", d.isoformat(), 30, 100) for d in days]
    # 天津: 340 days, but only 20 in March -> invalid despite the total.
    gappy = [("天津", d.isoformat(), 30, 100) for d in days if not (d.month == 3 and d.day > 20)]
    gappy = gappy[:340]
    load_daily(store, registry, tmp_path, full + gappy)
    figures = build_figures(store, Period.year(2024))
    by_code = {c.code: c for c in figures.cities}
    assert by_code["110000"].pm25 == 30 and by_code["110000"].pm25_p95 == 30
    assert by_code["120000"].pm25 is None
    assert figures.kind == "annual" and figures.validity["min_days"] == 324


def test_json_contract_keys(store, registry, tmp_path):
    load_daily(store, registry, tmp_path, city_month("北京", 2024, 1, 31))
    data = json.loads(build_figures(store, Period.month(2024, 1)).to_json())
    assert {"period", "rule_set", "cities", "pm25", "o3"} <= data.keys()
    assert data["period"] == "2024-01" and data["rule_set"]["id"] == "GB3095-2012"
    city = data["cities"][0]
    for key in ("code", "name_zh", "name_en", "pm25", "pm25_days", "o3_8h_90", "o3_days",
                "pm25_published", "o3_published"):  # fmt: skip
        assert key in city
    for pollutant in ("pm25", "o3"):
        for key in ("mean", "n_cities", "yoy", "mom", "bands", "min", "max", "regions", "limit"):
            assert key in data[pollutant]
        assert {"label_zh", "lower", "upper", "count", "share_pct"} <= data[pollutant]["bands"][
            0
        ].keys()
        assert data[pollutant]["min"].keys() == {"value", "cities"}


def test_dust_days_are_reported_with_and_without(store, registry, tmp_path):
    days = month_days(2024, 3, 31)
    table = tmp_path / "dust.csv"
    lines = ["city,date,pm25,o3_mda8,dust"]
    # 北京: 28 ordinary days at 40, 3 dust days at 300 -> with dust (28*40+900)/31, without 40.
    lines += [
        f"北京,{d},{300 if i < 3 else 40},100,{'yes' if i < 3 else ''}" for i, d in enumerate(days)
    ]
    lines += [f"天津,{d},50,100," for d in days]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from reporter.ingest import ingest_daily

    ingest_daily(table, store, registry)
    figures = build_figures(store, Period.month(2024, 3))
    by_code = {c.code: c for c in figures.cities}
    assert by_code["110000"].pm25 == pytest.approx((28 * 40 + 900) / 31)
    assert by_code["110000"].pm25_excl_dust == 40 and by_code["110000"].dust_days == 3
    assert by_code["120000"].pm25_excl_dust == 50  # no dust days: the same value
    assert figures.dust.city_days == 3
    assert figures.pm25.mean_excl_dust == 45
    assert figures.pm25.published == publish(((28 * 40 + 900) / 31 + 50) / 2)


def test_no_dust_flags_means_no_dust_figures(store, registry, tmp_path):
    load_daily(store, registry, tmp_path, city_month("北京", 2024, 3, 31))
    figures = build_figures(store, Period.month(2024, 3))
    assert figures.pm25.mean_excl_dust is None and figures.dust.city_days == 0


def test_good_day_ratio_and_heavy_pollution_share_come_from_daily_aqi(store, registry, tmp_path):
    # HJ 633-2012, every other pollutant low: PM2.5 30 -> IAQI 43 (good); PM2.5 200 ->
    # 200 + 100/100 * 50 = 250 (heavily polluted, AQI > 200).
    days = month_days(2024, 1, 31)
    lines = ["city,date,pm25,o3_mda8,pm10,so2,no2,co,o3_1h"]
    lines += [f"北京,{d},{200 if i < 3 else 30},60,40,5,20,0.5,80" for i, d in enumerate(days)]
    lines += [f"天津,{d},30,60,40,5,20,0.5,80" for d in days]
    table = tmp_path / "aqi.csv"
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from reporter.ingest import ingest_daily

    ingest_daily(table, store, registry)
    figures = build_figures(store, Period.month(2024, 1))
    by_code = {c.code: c for c in figures.cities}
    assert (by_code["110000"].good_days, by_code["110000"].heavy_days) == (28, 3)
    assert by_code["110000"].good_day_ratio_pct == pytest.approx(28 / 31 * 100)
    assert by_code["120000"].good_day_ratio_pct == 100
    # National figures: the mean of the city ratios and shares.
    assert figures.aqi_days.good_day_ratio_pct == pytest.approx((28 / 31 * 100 + 100) / 2)
    assert figures.aqi_days.heavy_share_pct == pytest.approx((3 / 31 * 100 + 0) / 2)
    assert figures.aqi_days.good_day_ratio_pct_published == 95.2  # 95.16… to one decimal


def test_no_aqi_where_the_feed_lacks_pollutants(store, registry, tmp_path):
    load_daily(store, registry, tmp_path, city_month("北京", 2024, 1, 31))
    figures = build_figures(store, Period.month(2024, 1))
    assert figures.cities[0].aqi_days == 0 and figures.aqi_days.good_day_ratio_pct is None


# Schema 4: one name per number; these were second names of numbers the object still carries.
DUPLICATES = {
    "pollutant": ("yoy_pct", "mom_pct", "dust_days"),  # yoy.pct, mom.pct, dust.city_days
    "region": ("yoy_pct", "mom_pct"),
    "extreme": ("code", "name_zh", "name_en", "tied"),  # cities[0], cities[1:]
    # pm25/pm10 .mean_excl_dust and .published_excl_dust
    "dust": ("pm25_excl_dust", "pm25_excl_dust_published", "pm10_excl_dust"),
}


def test_no_number_has_two_names(store, registry, tmp_path):
    load_daily(store, registry, tmp_path, city_month("北京", 2024, 1, 31))
    data = json.loads(build_figures(store, Period.month(2024, 1)).to_json())
    assert data["schema_version"] == 5
    for key in ("pm25", "o3", "pm10", "so2", "no2", "co"):
        p = data[key]
        assert not set(DUPLICATES["pollutant"]) & p.keys(), key
        assert not set(DUPLICATES["extreme"]) & (p["min"] or {}).keys(), key
        for region in p["regions"]:
            assert not set(DUPLICATES["region"]) & region.keys(), key
    assert not set(DUPLICATES["dust"]) & data["dust"].keys()


def test_limits_come_from_the_rule_set(store, registry, tmp_path):
    """GB 3095 grade II limits and the HJ 663 exceedance are the rule set's, carried in the JSON."""
    load_daily(store, registry, tmp_path, city_month("北京", 2024, 1, 31))
    data = json.loads(build_figures(store, Period.month(2024, 1)).to_json())
    assert (data["pm25"]["limit"], data["o3"]["limit"]) == (35, 160)
    assert data["validity"]["o3_exceedance"] == 160
    assert data["pm10"]["limit"] is None  # the rule set gives no annual PM10 limit to carry
