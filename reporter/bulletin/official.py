"""Narrative context of the Ministry-style figures: the other four pollutants, January to date.

Selected from the figures objects (the month's and, from February on, its year-to-date one);
the sentences are templates (``templates/narrative/<lang>/official.j2``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..figures import Figures, PollutantFigures

OTHER_POLLUTANTS = ("pm10", "so2", "no2", "co")
YTD_POLLUTANTS = ("pm25", "o3", *OTHER_POLLUTANTS)


@dataclass(frozen=True)
class ValueContext:
    """One pollutant's national value ready for words (published, with its YoY)."""

    key: str
    value: int | float | None
    places: int  # published decimals (CO: 1)
    unit: str
    n_cities: int
    yoy: object  # narrative.ChangeContext


@dataclass(frozen=True)
class YtdContext:
    """January through the month (1—N月), YoY on the same months a year before."""

    year: int
    last_month: int
    values: tuple[ValueContext, ...]
    good_day_ratio: float | None  # published, one decimal


def value_context(p: PollutantFigures, change) -> ValueContext:
    return ValueContext(p.key, p.published, p.places, p.unit, p.n_cities, change(p.yoy))


def others(figures: Figures, change) -> tuple[ValueContext, ...]:
    """PM10, SO2, NO2 and CO of the period, where the figures carry them."""
    return tuple(
        value_context(getattr(figures, key), change)
        for key in OTHER_POLLUTANTS
        if getattr(figures, key, None) is not None
    )


def ytd_context(ytd: Figures | None, change) -> YtdContext | None:
    """The year-to-date paragraph's values; None in January (the month is its own total)."""
    if ytd is None or len(ytd.months) < 2:
        return None
    values = tuple(
        value_context(getattr(ytd, key), change)
        for key in YTD_POLLUTANTS
        if getattr(ytd, key, None) is not None
    )
    year, month = (int(part) for part in ytd.months[-1].split("-"))
    return YtdContext(year, month, values, ytd.aqi_days.good_day_ratio_pct_published)
