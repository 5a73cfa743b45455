"""Sand-dust deduction: every PM figure, the index and the good-day ratio both ways."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import month_days

from reporter.cli import cli
from reporter.dust import ingest_dust
from reporter.ingest import ingest_daily
from reporter.stats.period import Period
from reporter.stats.summary import build_figures

DUSTY = {"2024-01-10", "2024-01-11", "2024-01-12"}


def daily_table(path):
    lines = ["city,date,pm25,o3_mda8,pm10,so2,no2,co,o3_1h"]
    for day in month_days(2024, 1, 31):
        pm25, pm10 = (90, 500) if day in DUSTY else (30, 50)
        lines.append(f"北京,{day},{pm25},80,{pm10},10,20,0.5,100")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def dusty_store(store, registry, tmp_path):
    ingest_daily(daily_table(tmp_path / "daily.csv"), store, registry)
    return store


def test_without_a_dust_table_no_deduction_is_made(dusty_store):
    figures = build_figures(dusty_store, Period.month(2024, 1))
    assert figures.dust.table is False and figures.dust.city_days == 0
    assert figures.pm10.mean_excl_dust is None and figures.ranking_168.excl_dust is None


def test_with_a_dust_table_both_figures_are_given(dusty_store, registry, tmp_path):
    table = tmp_path / "dust.csv"
    table.write_text("city,start,end,source\n北京,2024-01-10,2024-01-12,CNEMC\n", "utf-8")
    assert ingest_dust(table, dusty_store, registry) == 1
    figures = build_figures(dusty_store, Period.month(2024, 1))
    (beijing,) = figures.cities
    # By hand: all days (28*30 + 3*90)/31 and (28*50 + 3*500)/31; without the 3 days 30 and 50.
    assert beijing.pm25 == pytest.approx((28 * 30 + 3 * 90) / 31)
    assert beijing.pm25_excl_dust == pytest.approx(30)
    assert beijing.pm10 == pytest.approx((28 * 50 + 3 * 500) / 31)
    assert beijing.pm10_excl_dust == pytest.approx(50)
    # PM10 500 is heavy pollution (IAQI > 200); the other days are good (AQI 50).
    assert beijing.good_day_ratio_pct == pytest.approx(28 / 31 * 100)
    assert beijing.good_day_ratio_pct_excl_dust == pytest.approx(100)
    note = figures.dust
    assert (note.table, note.city_days, note.cities, note.shown) == (True, 3, 1, "all days")
    assert (
        figures.pm10.published_excl_dust == 50
        and note.good_day_ratio_pct_excl_dust_published == 100
    )
    assert figures.ranking_168.basis == "all days"
    assert figures.ranking_168.excl_dust.basis == "dust days deducted"


def test_a_bad_dust_table_stores_nothing(dusty_store, tmp_path):
    table = tmp_path / "dust.csv"
    table.write_text("city,start,end,source\n北京,2024-01-12,2024-01-10,CNEMC\n", "utf-8")
    data_dir = str(dusty_store.data_dir)
    result = CliRunner().invoke(cli, ["ingest", "dust", str(table), "--data-dir", data_dir])
    assert result.exit_code == 1 and "row 2" in result.output
    assert not (dusty_store.root / "dust.json").exists()
