"""HJ 663 daily rules: 20 hourly values; MDA8 windows, 6-value windows, 14 windows, exceedance."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from reporter.stats.daily import daily_max, daily_mean, mda8
from reporter.stats.rules import rule_set_for

RULES = rule_set_for(dt.date(2024, 1, 1)).validity


def hours(present: range, value: float) -> np.ndarray:
    """24 hour-ending slots (index 0 = hour ending 01:00); only `present` hours have a value."""
    out = np.full(24, np.nan)
    for h in present:
        out[h - 1] = value
    return out


def test_daily_mean_needs_20_hours():
    mean19, n19 = daily_mean(hours(range(1, 20), 30.0), RULES.daily_min_hours)
    mean20, n20 = daily_mean(hours(range(1, 21), 30.0), RULES.daily_min_hours)
    assert (n19, n20) == (19, 20)
    assert np.isnan(mean19)
    assert mean20 == 30.0


def test_daily_mean_is_the_plain_mean_of_present_hours():
    values = hours(range(1, 25), 10.0)
    values[23] = 250.0
    values[5] = np.nan
    mean, count = daily_mean(values, 20)
    assert count == 23
    assert mean == pytest.approx((22 * 10 + 250) / 23)


def test_mda8_14_windows_valid_13_invalid():
    # Hours 1..19 present: windows ending 08..21 have >= 6 values -> 14 windows.
    value14, n14 = mda8(hours(range(1, 20), 100.0), RULES)
    # Hours 1..18 present: windows ending 08..20 -> 13 windows.
    value13, n13 = mda8(hours(range(1, 19), 100.0), RULES)
    assert (int(n14), int(n13)) == (14, 13)
    assert value14 == 100.0
    assert np.isnan(value13)


def test_mda8_exceedance_stands_with_fewer_windows():
    value, n = mda8(hours(range(1, 19), 170.0), RULES)
    assert int(n) == 13
    assert value == 170.0
    # At exactly 160 there is no exceedance: 13 windows stay too few.
    at_limit, _ = mda8(hours(range(1, 19), 160.0), RULES)
    assert np.isnan(at_limit)


def test_mda8_window_needs_6_values():
    five = hours(range(1, 6), 300.0)
    value, n = mda8(five, RULES)
    assert int(n) == 0 and np.isnan(value)
    six = hours(range(3, 9), 300.0)  # hours 3..8: only the window ending 08 has 6 values
    value, n = mda8(six, RULES)
    assert int(n) >= 1
    assert value == 300.0  # one valid window above 160: the exceedance stands


def test_mda8_takes_the_maximum_window_ending_8_to_24():
    day = np.arange(1, 25, dtype=float) * 10  # hour-ending h has value 10h
    value, n = mda8(day, RULES)
    assert int(n) == 17
    assert value == pytest.approx(np.mean(np.arange(17, 25) * 10))  # window ending 24: hours 17..24


def test_mda8_ignores_windows_reaching_into_the_previous_day():
    # Only hours 1..7 high: no window ending at 08..24 covers hours from before 01:00.
    day = np.full(24, 10.0)
    day[:7] = 200.0
    value, _ = mda8(day, RULES)
    assert value == pytest.approx((7 * 200 + 10) / 8)


def test_daily_max_needs_20_hours():
    assert np.isnan(daily_max(hours(range(1, 20), 50.0), 20))
    assert daily_max(hours(range(1, 21), 50.0), 20) == 50.0
