"""HJ 633 air quality index: IAQI by linear interpolation, daily AQI as the maximum IAQI."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .rules import AqiTable

# Daily statistic behind each HJ 633 daily indicator.
INDICATOR_COLUMNS = {
    "pm25_24h": "pm25",
    "pm10_24h": "pm10",
    "so2_24h": "so2",
    "no2_24h": "no2",
    "co_24h": "co",
    "o3_1h": "o3_1h",
    "o3_8h": "o3_mda8",
}


def iaqi(
    concentration: np.ndarray, breakpoints: tuple[float, ...], scale: tuple[int, ...]
) -> np.ndarray:
    """HJ 633 formula (5): IAQI, rounded up; NaN stays NaN, values above the table cap at its top."""
    c = np.asarray(concentration, dtype=float)
    bp = np.asarray(breakpoints, dtype=float)
    top = np.asarray(scale[: len(bp)], dtype=float)
    seg = np.clip(np.searchsorted(bp, c, side="right") - 1, 0, len(bp) - 2)
    lo_c, hi_c, lo_i, hi_i = bp[seg], bp[seg + 1], top[seg], top[seg + 1]
    value = (hi_i - lo_i) / (hi_c - lo_c) * (c - lo_c) + lo_i
    value = np.minimum(value, top[-1])
    # Always rounded up; the 1e-9 rounding first removes float noise such as 100.00000000000001.
    return np.ceil(np.round(value, 9))


def daily_aqi(daily: Mapping[str, np.ndarray | None], table: AqiTable) -> np.ndarray:
    """Daily AQI per city-day: the maximum IAQI of the rule set's indicators; NaN where not known.

    `daily` maps daily-statistic names (pm25, pm10, so2, no2, co, o3_1h, o3_mda8) to arrays.
    A feed without an indicator at all gives no AQI (NaN everywhere).
    """
    columns = []
    for indicator in table.daily_indicators:
        values = daily.get(INDICATOR_COLUMNS[indicator])
        if values is None:
            shape = next((np.shape(v) for v in daily.values() if v is not None), (0,))
            return np.full(shape, np.nan)
        values = np.asarray(values, dtype=float)
        sub = iaqi(values, table.breakpoints[indicator], table.iaqi)
        if indicator == "o3_8h":
            above = values > table.breakpoints["o3_8h"][-1]
            # HJ 633-2012: above 800 the 1-h IAQI is used instead; HJ 633-2026: fixed at 300.
            sub = np.where(above, np.nan if table.o3_8h_above_table == "use_o3_1h" else 300.0, sub)
        columns.append(sub)
    stacked = np.vstack([np.ravel(c) for c in columns])
    any_value = ~np.all(np.isnan(stacked), axis=0)
    best = np.full(stacked.shape[1], np.nan)
    best[any_value] = np.nanmax(stacked[:, any_value], axis=0)
    threshold = table.publish_with_missing_only_above
    if threshold is not None:
        # HJ 633-2026: with a pollutant missing the AQI stands only if it already exceeds 100.
        missing = np.any(np.isnan(stacked), axis=0)
        best = np.where(missing & ~(best > threshold), np.nan, best)
    shape = np.shape(columns[0])
    return best.reshape(shape)


def level(aqi: float, table: AqiTable) -> tuple[str, str]:
    """The HJ 633 level of an AQI value, as (Chinese, English), from the rule set's table."""
    for entry in table.levels:
        if entry.upper is None or aqi <= entry.upper:
            return entry.zh, entry.en
    raise AssertionError("unreachable: the last level has no upper bound")


def good_days(aqi: np.ndarray, table: AqiTable) -> np.ndarray:
    """Excellent or good days (HJ 633: AQI at most the rule set's `good_at_most`)."""
    aqi = np.asarray(aqi, dtype=float)
    return ~np.isnan(aqi) & (aqi <= table.good_at_most)


def heavy_days(aqi: np.ndarray, table: AqiTable) -> np.ndarray:
    """Heavy pollution or worse (HJ 633: AQI above the rule set's `heavy_above`)."""
    aqi = np.asarray(aqi, dtype=float)
    return ~np.isnan(aqi) & (aqi > table.heavy_above)
