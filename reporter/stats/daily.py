"""Daily statistics from hourly values (HJ 663), vectorised over city-days.

Hourly arrays have a last axis of 24 hours, index 0 = the hour ending 01:00 and
index 23 = the hour ending 24:00 of the same natural day. NaN is a missing hour.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .rules import Validity

HOURLY_POLLUTANTS = ("pm25", "pm10", "so2", "no2", "o3", "co")
FIRST_WINDOW_END = 8  # HJ 663: MDA8 windows end at 08:00 ... 24:00 (17 windows)
WINDOW_HOURS = 8


def daily_mean(hours: np.ndarray, min_hours: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean of the day's hourly values, NaN unless at least `min_hours` are present (HJ 663: 20)."""
    present = ~np.isnan(hours)
    count = present.sum(axis=-1)
    total = np.where(present, hours, 0.0).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count >= min_hours, total / np.maximum(count, 1), np.nan)
    return mean, count


def daily_max(hours: np.ndarray, min_hours: int) -> np.ndarray:
    """Maximum hourly value, NaN unless at least `min_hours` are present."""
    present = ~np.isnan(hours)
    count = present.sum(axis=-1)
    filled = np.where(present, hours, -np.inf).max(axis=-1)
    return np.where(count >= min_hours, filled, np.nan)


def mda8(hours: np.ndarray, rules: Validity) -> tuple[np.ndarray, np.ndarray]:
    """O3 daily maximum 8-hour mean and the number of valid windows, per HJ 663.

    A window ending at hour t is the mean of hours t-7..t, valid with >= 6 values;
    the day is valid with >= 14 valid windows, or with fewer if the maximum exceeds 160.
    """
    present = ~np.isnan(hours)
    zero_pad = np.zeros((*hours.shape[:-1], 1))
    sums = np.concatenate([zero_pad, np.cumsum(np.where(present, hours, 0.0), axis=-1)], axis=-1)
    counts = np.concatenate([zero_pad, np.cumsum(present, axis=-1)], axis=-1)
    ends = np.arange(FIRST_WINDOW_END, 25)
    window_sum = sums[..., ends] - sums[..., ends - WINDOW_HOURS]
    window_count = counts[..., ends] - counts[..., ends - WINDOW_HOURS]
    valid = window_count >= rules.o3_window_min_hours
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(valid, window_sum / np.maximum(window_count, 1), -np.inf)
    n_windows = valid.sum(axis=-1)
    best = means.max(axis=-1)
    # HJ 663: 14 valid windows, unless the day already exceeds the limit (an exceedance stands).
    keep = (n_windows >= rules.o3_min_windows) | ((n_windows > 0) & (best > rules.o3_exceedance))
    return np.where(keep, best, np.nan), n_windows


def daily_from_hourly(hourly: pd.DataFrame, rules: Validity) -> pd.DataFrame:
    """One row per city-day with the daily statistics of the hourly frame.

    `hourly` has columns code, date, hour (1..24, hour ending) and the pollutants present.
    """
    columns = ["code", "date", "pm25", "pm25_hours", "o3_mda8", "o3_windows", "o3_1h"]
    columns += ["pm10", "so2", "no2", "co"]
    if hourly.empty:
        return pd.DataFrame(columns=columns)
    city_idx, codes = pd.factorize(hourly["code"], sort=True)
    date_idx, dates = pd.factorize(hourly["date"], sort=True)
    hour_idx = hourly["hour"].to_numpy(dtype=np.int64) - 1
    shape = (len(codes), len(dates), 24)

    def cube(name: str) -> np.ndarray:
        out = np.full(shape, np.nan)
        if name in hourly:
            out[city_idx, date_idx, hour_idx] = hourly[name].to_numpy(dtype=float)
        return out

    pm25, pm25_hours = daily_mean(cube("pm25"), rules.daily_min_hours)
    o3 = cube("o3")
    o3_mda8, o3_windows = mda8(o3, rules)
    result = {
        "code": np.repeat(np.asarray(codes), len(dates)),
        "date": np.tile(np.asarray(dates), len(codes)),
        "pm25": pm25.ravel(),
        "pm25_hours": pm25_hours.ravel(),
        "o3_mda8": o3_mda8.ravel(),
        "o3_windows": o3_windows.ravel(),
        "o3_1h": daily_max(o3, rules.daily_min_hours).ravel(),
    }
    for name in ("pm10", "so2", "no2", "co"):
        result[name] = daily_mean(cube(name), rules.daily_min_hours)[0].ravel()
    frame = pd.DataFrame(result, columns=columns)
    # City-days with no hour at all were never in the feed: drop them rather than call them invalid.
    seen = np.zeros(shape[:2], dtype=bool)
    seen[city_idx, date_idx] = True
    return frame[seen.ravel()].reset_index(drop=True)
