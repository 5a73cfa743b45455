"""Our figures on two real months of the feed against the Ministry's published ones (an oracle).

The expected values are read from `tests/data/real/official_figures_2023-01_2024-01.csv`, the
Ministry's bulletins as reprinted, and from seed 002 (林芝, 7); none comes from our own output.
Each real month is ingested once per test session.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from reporter.ingest import ingest_cnemc
from reporter.registry import load_registry
from reporter.stats.period import Period
from reporter.stats.summary import build_figures
from reporter.store import Store

REAL = Path(__file__).resolve().parent / "data" / "real"
ARCHIVES = sorted(REAL.glob("china_cities_*.zip"))


def official() -> dict[tuple[str, str, str], str]:
    with (REAL / "official_figures_2023-01_2024-01.csv").open(encoding="utf-8") as handle:
        return {(r["period"], r["scope"], r["metric"]): r["value"] for r in csv.DictReader(handle)}


OFFICIAL = official()


@pytest.fixture(scope="session")
def real_store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("real") / "data")
    ingest_cnemc(ARCHIVES, store, load_registry())
    return store


@pytest.fixture(scope="session")
def real_figures(real_store):
    return {m: build_figures(real_store, Period.parse(m)) for m in ("2023-01", "2024-01")}


NATIONAL = [
    (month, metric, key, tolerance)
    for month in ("2023-01", "2024-01")
    for metric, key, tolerance in (
        ("PM2.5_mean", "pm25", 1),
        ("O3_mean", "o3", 1),
        ("SO2_mean", "so2", 1),
        ("NO2_mean", "no2", 1),
        ("CO_mean", "co", 0.1),
    )
]


@pytest.mark.parametrize(("month", "metric", "key", "tolerance"), NATIONAL)
def test_national_concentrations_agree(real_figures, month, metric, key, tolerance):
    expected = float(OFFICIAL[(month, "339 cities", metric)])
    pollutant = getattr(real_figures[month], key)
    assert pollutant.n_cities >= 330
    assert abs(pollutant.published - expected) <= tolerance + 1e-9


@pytest.mark.parametrize("month", ["2023-01", "2024-01"])
def test_national_pm10_is_not_below_the_dust_deducted_official_figure(real_figures, month):
    # The official PM10 deducts sand-dust days; the feed has no flag (samples README).
    expected = int(OFFICIAL[(month, "339 cities", "PM10_mean")])
    published = real_figures[month].pm10.published
    assert expected <= published <= expected + 8


@pytest.mark.parametrize("month", ["2023-01", "2024-01"])
def test_good_day_ratio_within_one_point(real_figures, month):
    expected = float(OFFICIAL[(month, "339 cities", "good_days_ratio")])
    assert abs(real_figures[month].aqi_days.good_day_ratio_pct_published - expected) <= 1


def test_heavy_pollution_share_2024_01(real_figures):
    expected = float(OFFICIAL[("2024-01", "339 cities", "heavy_pollution_days_ratio")])
    assert abs(real_figures["2024-01"].aqi_days.heavy_share_pct_published - expected) <= 1


@pytest.mark.parametrize(
    ("scope", "region_id", "metric", "key"),
    [
        ("2+36 cities", "jjj_2024", "PM2.5_mean", "pm25"),
        ("2+36 cities", "jjj_2024", "O3_mean", "o3"),
        # "YRD 31 cities" is the 2024 grouping of 国发〔2023〕24号, not the 41 cities of 2018.
        ("YRD 31 cities", "yrd_2024", "PM2.5_mean", "pm25"),
    ],
)
def test_key_regions_2024_01(real_figures, scope, region_id, metric, key):
    expected = int(OFFICIAL[("2024-01", scope, metric)])
    (region,) = [r for r in getattr(real_figures["2024-01"], key).regions if r.id == region_id]
    assert abs(region.published - expected) <= 1


@pytest.mark.parametrize(
    ("month", "metric", "key"),
    [
        ("2023-01", "PM2.5", "pm25"),
        ("2023-01", "O3", "o3"),
        ("2024-01", "PM2.5", "pm25"),
        ("2024-01", "O3", "o3"),
    ],
)
def test_beijing(real_figures, month, metric, key):
    expected = int(OFFICIAL[(month, "Beijing", metric)])
    (city,) = [c for c in real_figures[month].cities if c.name_zh == "北京"]
    assert abs(getattr(city, f"{key}_published") - expected) <= 1


def test_beijing_good_day_ratio_2024_01(real_figures):
    expected = float(OFFICIAL[("2024-01", "Beijing", "good_days_ratio")])
    (city,) = [c for c in real_figures["2024-01"].cities if c.name_zh == "北京"]
    assert abs(city.good_day_ratio_pct - expected) <= 1


def test_seed_002_lowest_city_2024_01(real_figures):
    # Seed 002 (the January 2024 bulletin, same real-time data): 林芝 lowest at 7 µg/m³.
    # It names 林芝 alone; on the feed 阿里地区 also publishes 7 (both between 7.2 and 7.4 before
    # rounding), and DESIGN names every tied city (并列), so 林芝 is among the lowest.
    lowest = real_figures["2024-01"].pm25.min
    assert "林芝" in [c.name_zh for c in lowest.cities] and lowest.value == 7


def test_168_city_ranking_best_and_worst_three_2023_01(real_figures):
    ranking = real_figures["2023-01"].ranking_168
    best = OFFICIAL[("2023-01", "168 cities", "best_3")].split(";")
    worst = OFFICIAL[("2023-01", "168 cities", "worst_3")].split(";")
    assert [c.name_zh for c in ranking.cities[:3]] == best
    assert [c.name_zh for c in ranking.worst[:3]] == worst
    assert len(ranking.cities) + len(ranking.not_ranked) == 168


def test_downloads_carry_six_pollutants_and_the_ranking_2023_01(real_figures):
    from reporter.website.downloads import ranking_csv, regions_csv

    figures = real_figures["2023-01"]
    ranking = list(csv.DictReader(ranking_csv(figures).lstrip("\ufeff").splitlines()))
    best = OFFICIAL[("2023-01", "168 cities", "best_3")].split(";")
    assert [r["name_zh"] for r in ranking[:3]] == best and ranking[0]["rank"] == "1"
    assert len([r for r in ranking if r["basis"] == "all days"]) == 168
    national = {
        r["pollutant"]: r
        for r in csv.DictReader(regions_csv(figures).lstrip("\ufeff").splitlines())
        if r["area"] == "national"
    }
    assert (
        abs(
            float(national["so2"]["value"]) - float(OFFICIAL[("2023-01", "339 cities", "SO2_mean")])
        )
        <= 1
    )
    assert (
        abs(float(national["co"]["value"]) - float(OFFICIAL[("2023-01", "339 cities", "CO_mean")]))
        <= 0.1
    )


def test_seed_002_lowest_o3_city_2024_01(real_figures):
    # Seed 002: 达州 lowest O3 of January 2024 at 41 µg/m³ (audited; the feed agrees within 1).
    lowest = real_figures["2024-01"].o3.min
    assert "达州" in [c.name_zh for c in lowest.cities] and abs(lowest.value - 41) <= 1
