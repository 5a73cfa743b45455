"""HJ 633 IAQI and daily AQI, under the 2012 and 2026 tables."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from reporter.stats.aqi import daily_aqi, iaqi, level
from reporter.stats.rules import AqiLevel, rule_set_for

T2012 = rule_set_for(dt.date(2025, 12, 31)).aqi
T2026 = rule_set_for(dt.date(2026, 3, 1)).aqi


def test_rule_set_switches_on_2026_03_01():
    assert rule_set_for(dt.date(2026, 2, 28)).id == "GB3095-2012"
    assert rule_set_for(dt.date(2026, 3, 1)).id == "GB3095-2026"


@pytest.mark.parametrize(
    ("table", "concentration", "expected"),
    [
        (T2012, 35, 50),
        (T2012, 75, 100),
        (T2012, 76, 102),  # 100 + 50/40 * 1 = 101.25 -> always up: 102
        (T2026, 60, 100),
        (T2026, 75, 114),  # 100 + 50/55 * 15 = 113.6 -> 114
        (T2012, 0, 0),
    ],
)
def test_pm25_iaqi(table, concentration, expected):
    assert iaqi(np.array([concentration]), table.breakpoints["pm25_24h"], table.iaqi)[0] == expected


def test_iaqi_exact_breakpoint_is_not_pushed_up_by_float_noise():
    # NO2 24h 80 -> 100 exactly; float arithmetic must not turn it into 101.
    assert iaqi(np.array([80.0]), T2012.breakpoints["no2_24h"], T2012.iaqi)[0] == 100


def day(**values):
    base = {
        "pm25": 20.0,
        "pm10": 30.0,
        "so2": 5.0,
        "no2": 20.0,
        "co": 0.5,
        "o3_1h": 80.0,
        "o3_mda8": 60.0,
    }
    base.update(values)
    return {k: np.array([v], dtype=float) for k, v in base.items()}


def test_daily_aqi_is_the_maximum_iaqi():
    # PM2.5 100 -> 2012: 100 + 50/40*25 = 131.25 -> 132; everything else lower.
    assert daily_aqi(day(pm25=100.0), T2012)[0] == 132


def test_o3_8h_above_800_uses_1h_under_2012_and_300_under_2026():
    values = day(o3_mda8=850.0, o3_1h=900.0)
    # 2012: O3 1-h 900 -> 300 + 100/200*100 = 350
    assert daily_aqi(values, T2012)[0] == 350
    # 2026: the O3 8-h IAQI is fixed at 300 (and there is no 1-h indicator)
    assert daily_aqi(values, T2026)[0] == 300


def test_missing_pollutant_under_2026_publishes_only_above_100():
    clean = day(pm10=np.nan)
    assert np.isnan(daily_aqi(clean, T2026)[0])
    polluted = day(pm10=np.nan, pm25=100.0)  # 2026: 100 + 50/55*40 = 136.4 -> 137
    assert daily_aqi(polluted, T2026)[0] == 137
    # 2012 publishes from the indicators it has.
    assert daily_aqi(clean, T2012)[0] == 30  # O3 8-h 60 -> 50/100*60 = 30, the highest IAQI


def test_a_feed_without_a_pollutant_gives_no_aqi():
    values = day()
    values["so2"] = None
    assert np.isnan(daily_aqi(values, T2012)).all()


@pytest.mark.parametrize(
    ("aqi", "zh"),
    [(50, "优"), (51, "良"), (100, "良"), (101, "轻度污染"), (201, "重度污染"), (301, "严重污染")],
)
def test_levels(aqi, zh):
    assert level(aqi, T2012)[0] == zh
    assert level(aqi, T2026)[0] == zh


def test_the_level_names_and_bounds_come_from_the_rule_set():
    edited = dataclasses.replace(
        T2012, levels=(AqiLevel(80, "甲", "First"), AqiLevel(None, "乙", "Second"))
    )
    assert level(80, edited) == ("甲", "First")
    assert level(81, edited) == ("乙", "Second")
    assert level(81, T2012) == ("良", "Good")
