"""The annual report's context: what its sentences, tables and charts print.

Everything is selected from the annual figures (``reporter.stats.annual``) and, for the synergy
section, from the synergy result (``reporter.annual.synergy_section``); templates format it and never
compute. What those objects do
not carry directly is derived here, and only here:
  - the size of a change without its sign (上升/下降, rose/fell carry the sign);
  - how a published value stands against its limit (below, at, above);
  - the shape of the three-year moving average (down or up every year, down or up with flat
    years, flat, or mixed), judged on its published values;
  - the key region(s) with the lowest published change on the base year (ties all named);
  - the cleanest and most polluted cities by published annual PM2.5 (equal values by code).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from ..context import ChangeContext, DataNote, Name, data_note
from ..context import change_context as _change
from ..figures import CityFigures, Figures
from ..stats.annual import AnnualReportFigures, AreaFigures, Trend
from .synergy_section import SynergyContext

CITY_TABLE_ROWS = 10  # cleanest and most polluted cities by annual PM2.5


@dataclass(frozen=True)
class YearPoint:
    year: int
    value: int | None  # published annual value
    moving_average: int | None  # published three-year moving average
    n_cities: int


@dataclass(frozen=True)
class TrendContext:
    key: str  # "pm25" or "o3"
    valid: bool
    value: int | None  # the report year's published value
    n_cities: int  # cities with a valid value in the report year
    moving_average: int | None  # the report year's published three-year moving average
    limit: int | float | None  # the rule set's grade II limit, carried in the figures
    limit_relation: str | None  # "below", "at", "above"
    base_value: int | None
    previous_value: int | None
    on_base: ChangeContext
    on_previous: ChangeContext
    points: tuple[YearPoint, ...]
    ma_first: YearPoint | None  # the first year with a moving average
    ma_last: YearPoint | None
    # "down"/"up" (every year), "down_flat"/"up_flat" (with flat years), "flat" or "mixed";
    # None with fewer than two averages
    ma_shape: str | None


@dataclass(frozen=True)
class AreaContext:
    id: str
    name: Name
    n_cities: int
    pm25: TrendContext
    o3: TrendContext
    pm25_within_limit: int | None  # cities at or below pm25.limit
    o3_within_limit: int | None  # cities at or below o3.limit
    heavy_share: float | None  # published percent, two decimals
    good_day_ratio: float | None  # published percent, one decimal

    def trend(self, key: str) -> TrendContext:
        return getattr(self, key)


@dataclass(frozen=True)
class CityRow:
    name: Name
    province: Name
    pm25: int | None
    o3: int | None
    heavy_days: int
    good_days: int
    aqi_days: int


@dataclass(frozen=True)
class AnnualContext:
    year: int
    base_year: int
    years: tuple[int, ...]
    national: AreaContext
    regions: tuple[AreaContext, ...]
    cleanest: tuple[CityRow, ...]
    most_polluted: tuple[CityRow, ...]
    pm25_leaders: tuple[AreaContext, ...]  # region(s) with the lowest change on the base year
    o3_leaders: tuple[AreaContext, ...]
    synergy: SynergyContext

    @property
    def previous_year(self) -> int:
        """The year the "on the previous year" change compares with."""
        return self.year - 1

    note: DataNote  # sources, coverage, rules, exclusions, synthetic air data (the data note)
    through: int | None = None  # a partial year: January through this month (seed 004)
    heavy_above: int | float | None = None  # HJ 633 (the rule set): heavy days have AQI above it
    # The report's word catalogues by language, as the build loaded them (--templates-dir).
    words: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def span(self) -> Name:
        """The report's period in words: 2025年 / 2025, or 截至2025年9月 / January–September 2025."""
        if self.through is None:
            return self._period("year")
        return self._period("through_one" if self.through == 1 else "through")

    @property
    def months(self) -> Name | None:
        """The months a partial year covers (1—9月 / January–September); None for a whole year."""
        if self.through is None:
            return None
        return self._period("months_one" if self.through == 1 else "months")

    def _period(self, key: str) -> Name:
        """A period pattern of the report's word catalogue, filled in both languages."""

        def fill(lang: str) -> str:
            words = self.words[lang]
            month = words["month_names"][self.through - 1] if self.through else ""
            return words["period"][key].format(year=self.year, month=month)

        return Name(fill("zh"), fill("en"))

    @property
    def synthetic_air(self) -> bool:
        """Whether the air-quality figures are synthetic (code; templates read note.synthetic)."""
        return self.note.synthetic

    @property
    def synthetic(self) -> bool:
        """Whether anything printed is synthetic: the air-quality figures or the inventory."""
        return self.note.synthetic or self.synergy.synthetic

    @property
    def areas(self) -> tuple[AreaContext, ...]:
        return (self.national, *self.regions)

    def leaders(self, key: str) -> tuple[AreaContext, ...]:
        return getattr(self, f"{key}_leaders")


# -- air quality -------------------------------------------------------------------------------
def _shape(values: list[int]) -> str | None:
    """down/up: every year; down_flat/up_flat: never the other way; flat; mixed."""
    if len(values) < 2:
        return None
    steps = [b - a for a, b in pairwise(values)]
    if all(s == 0 for s in steps):
        return "flat"
    if all(s < 0 for s in steps):
        return "down"
    if all(s > 0 for s in steps):
        return "up"
    if all(s <= 0 for s in steps):
        return "down_flat"
    return "up_flat" if all(s >= 0 for s in steps) else "mixed"


def _trend(trend: Trend, year: int, base_year: int, limit: int | float | None) -> TrendContext:
    points = tuple(
        YearPoint(p.year, p.published, p.moving_average_published, p.n_cities)
        for p in trend.points
        if p.year >= base_year
    )
    by_year = {p.year: p for p in points}
    value = by_year[year].value if year in by_year else None
    averaged = [p for p in points if p.moving_average is not None]
    relation = None
    if value is not None and limit is not None:
        relation = "below" if value < limit else "at" if value == limit else "above"
    return TrendContext(
        key=trend.pollutant,
        valid=value is not None,
        value=value,
        n_cities=by_year[year].n_cities if year in by_year else 0,
        moving_average=by_year[year].moving_average if year in by_year else None,
        limit=limit,
        limit_relation=relation,
        base_value=by_year[base_year].value if base_year in by_year else None,
        previous_value=by_year[year - 1].value if year - 1 in by_year else None,
        on_base=_change(trend.change_on_base_year),
        on_previous=_change(trend.change_on_previous_year),
        points=points,
        ma_first=averaged[0] if averaged else None,
        ma_last=averaged[-1] if averaged else None,
        ma_shape=_shape([p.moving_average for p in averaged]),  # type: ignore[misc]
    )


def _area(area: AreaFigures, report: AnnualReportFigures) -> AreaContext:
    year, base_year, figures = report.year, report.base_year, report.figures
    pm25 = _trend(area.pm25, year, base_year, figures.pm25.limit)
    return AreaContext(
        id=area.id,
        name=Name(area.name_zh, area.name_en),
        n_cities=pm25.n_cities,  # cities with a valid PM2.5 value in the report year
        pm25=pm25,
        o3=_trend(area.o3, year, base_year, figures.o3.limit),
        pm25_within_limit=area.pm25_within_limit,
        o3_within_limit=area.o3_within_limit,
        heavy_share=area.heavy_share_pct_published,
        good_day_ratio=area.good_day_ratio_pct_published,
    )


def _leaders(regions: tuple[AreaContext, ...], key: str) -> tuple[AreaContext, ...]:
    """The region(s) whose published change on the base year is lowest (largest fall)."""
    changes = [(r.trend(key).on_base.signed_pct, r) for r in regions]
    changes = [(pct, r) for pct, r in changes if pct is not None]
    if len(changes) < 2:
        return ()
    lowest = min(pct for pct, _ in changes)
    return tuple(r for pct, r in changes if pct == lowest)


def _city_row(city: CityFigures) -> CityRow:
    return CityRow(
        Name(city.name_zh, city.name_en),
        Name(city.province_zh, city.province_en),
        city.pm25_published,
        city.o3_published,
        city.heavy_days,
        city.good_days,
        city.aqi_days,
    )


def _city_tables(figures: Figures) -> tuple[tuple[CityRow, ...], tuple[CityRow, ...]]:
    valid = [c for c in figures.cities if c.pm25_published is not None]
    ordered = sorted(valid, key=lambda c: (c.pm25_published, c.code))
    cleanest = ordered[:CITY_TABLE_ROWS]
    worst = sorted(valid, key=lambda c: (-c.pm25_published, c.code))  # type: ignore[operator]
    worst = [c for c in worst if c not in cleanest][:CITY_TABLE_ROWS]
    return tuple(_city_row(c) for c in cleanest), tuple(_city_row(c) for c in worst)


def build_annual_context(
    report: AnnualReportFigures,
    synergy: SynergyContext,
    registry=None,
    words: Mapping[str, Mapping[str, Any]] | None = None,
) -> AnnualContext:
    """Select, from the year's annual figures and the synergy section, what the report prints.

    `words`: the report's word catalogues by language, as the build loaded them from its
    templates (`--templates-dir`); None: the packaged ones.
    """
    if registry is None:
        from ..settings import load_settings

        registry = load_settings().registry  # the project's; builds pass their --data-dir's
    if words is None:
        from .. import i18n

        words = i18n.load(i18n.CATALOGUES["annual"])
    national, *regions = (_area(a, report) for a in report.areas)
    cleanest, worst = _city_tables(report.figures)
    regions_t = tuple(regions)
    return AnnualContext(
        year=report.year,
        base_year=report.base_year,
        years=tuple(y for y in report.years if y >= report.base_year),
        national=national,
        regions=regions_t,
        cleanest=cleanest,
        most_polluted=worst,
        pm25_leaders=_leaders(regions_t, "pm25"),
        o3_leaders=_leaders(regions_t, "o3"),
        synergy=synergy,
        note=data_note(report.figures, registry),
        through=report.through,
        heavy_above=report.figures.aqi_days.heavy_above,
        words=words,
    )
