"""A city's page prints the values of the figures object: the same period values, the same
GB/T 8170 rounding and the same bands, from the same code (`reporter.stats.summary`)."""

from __future__ import annotations

import shutil

import pytest

from reporter.config import DEFAULT_DATA_DIR
from reporter.stats.period import Period
from reporter.stats.summary import build_figures
from reporter.website import cities, inputs

MONTHS = ("2024-01", "2024-02", "2025-07")  # hourly (CNEMC) and daily sources
KEYS = ("pm25", "pm25_band", "pm25_days", "o3", "o3_band", "o3_days", "pm10", "so2", "no2", "co")


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    from reporter.demo.feeds import load_demo
    from reporter.store import Store

    store = Store(tmp_path_factory.mktemp("cities") / "data")
    load_demo(store, silent=True)
    return store


def series(store, tmp_path) -> dict[str, list[inputs.MonthValue]]:
    """Every city's monthly values as the site build reads them (no cache from before)."""
    digests = inputs.StoreDigests(store)
    return inputs.city_series(
        store, inputs.Cache(tmp_path / "cache"), digests, inputs.engine_digest(store)
    )


def figures_values(city) -> dict:
    """A city of the figures object, as the city page names its values."""
    return {
        "pm25": city.pm25_published, "pm25_band": city.pm25_band, "pm25_days": city.pm25_days,
        "o3": city.o3_published, "o3_band": city.o3_band, "o3_days": city.o3_days,
        "pm10": city.pm10_published, "so2": city.so2_published, "no2": city.no2_published,
        "co": city.co_published,
    }  # fmt: skip


def test_a_city_page_prints_the_figures_values(demo_store, tmp_path):
    by_city = series(demo_store, tmp_path)
    for month in MONTHS:
        figures = build_figures(demo_store, Period.parse(month), with_trend=False)
        assert figures.cities
        for city in figures.cities:
            [value] = [v for v in by_city[city.code] if v.month == month]
            assert {k: getattr(value, k) for k in KEYS} == figures_values(city), (city, month)
        # The page's grid cell of 北京 is the published value the figures object carries.
        beijing = next(c for c in figures.cities if c.name_zh == "北京")
        row = next(
            r
            for r in cities.grid(by_city[beijing.code])
            if r["year"] == month[:4] and r["key"] == "co"
        )
        assert row["cells"][int(month[5:]) - 1] == f"{beijing.co_published:.1f}"


def test_city_pages_round_and_band_with_the_figures_code(demo_store, tmp_path, monkeypatch):
    """Edited bands in the store's configuration move the page's band as they move the figures'."""
    before = build_figures(demo_store, Period.parse("2025-07"), with_trend=False)
    config = demo_store.data_dir / "bands.yaml"
    shutil.copy(DEFAULT_DATA_DIR / "bands.yaml", config)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("upper: 15,", "upper: 25,").replace("lower: 15,", "lower: 25,"))
    calls = []
    import reporter.stats.summary as summary

    shared = summary.published_values
    monkeypatch.setattr(summary, "published_values", lambda *a: calls.append(1) or shared(*a))
    try:
        by_city = series(demo_store, tmp_path)
        assert calls  # the pages' values went through the figures' function
        figures = build_figures(demo_store, Period.parse("2025-07"), with_trend=False)
    finally:
        config.unlink()
    moved = [
        a.code
        for a, b in zip(before.cities, figures.cities, strict=True)
        if a.pm25_band != b.pm25_band
    ]
    assert moved  # the edit moved some cities to another band
    for city in figures.cities:
        [value] = [v for v in by_city[city.code] if v.month == "2025-07"]
        assert value.pm25_band == city.pm25_band
