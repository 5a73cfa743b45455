"""The few figures the archive cards and the city finder show, read from the Figures object
in this one place: the values the bulletin prints, never computed again here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..figures import Figures

POLLUTANTS = ("pm25", "o3")


@dataclass(frozen=True)
class Headline:
    """A month's national PM2.5 as its bulletin prints it, with the change on a year before."""

    pm25: int | None
    yoy_pct: float | None  # one decimal, as printed


@dataclass(frozen=True)
class CityMonth:
    """One city's published values of a month and their bands (labels in both languages)."""

    code: str
    pm25: int | None
    o3: int | None
    pm25_band: tuple[int, str, str] | None  # (index, label_zh, label_en)
    o3_band: tuple[int, str, str] | None


def headline(figures: Figures) -> Headline:
    return Headline(figures.pm25.published, figures.pm25.yoy.pct_published)


def city_months(figures: Figures) -> dict[str, CityMonth]:
    """Every city of the month's figures, by code."""
    out = {}
    for c in figures.cities:
        bands = {}
        for key in POLLUTANTS:
            index = getattr(c, f"{key}_band")
            band = getattr(figures, key).bands[index] if index is not None else None
            bands[key] = (index, band.label_zh, band.label_en) if band else None
        out[c.code] = CityMonth(
            c.code, c.pm25_published, c.o3_published, bands["pm25"], bands["o3"]
        )
    return out
