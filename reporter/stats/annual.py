"""Multi-year figures for the annual report: trends, three-year moving averages, threshold counts.

Regions are taken as in force at the end of the report year and applied to every year, so a
trend compares the same cities throughout.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import ReporterError
from ..figures import Change, Figures, JsonContract
from ..registry import Registry
from ..rounding import publish
from ..settings import Settings, load_settings
from ..store import Store
from .period import Period
from .summary import _change, _values, build_figures

MOVING_WINDOW = 3  # three-year moving average, as in the annual report


@dataclass
class TrendPoint:
    year: int
    value: float | None
    published: int | None
    n_cities: int
    moving_average: float | None  # mean of this and the two previous years' values
    moving_average_published: int | None


@dataclass
class Trend:
    """One area's annual series for one pollutant, and its changes."""

    pollutant: str
    points: list[TrendPoint]
    change_on_previous_year: Change
    change_on_base_year: Change


@dataclass
class AreaFigures:
    """An area's trends and counts; the report year's cities with a valid value are its pm25
    trend point's `n_cities`, the limits counted against are `figures.pm25.limit`/`o3.limit`."""

    id: str  # "national" or a region id
    name_zh: str
    name_en: str
    pm25: Trend
    o3: Trend
    # Cities whose published value is at most the report year's rule-set limit (None: no limit).
    pm25_within_limit: int | None
    pm25_within_limit_share_pct: float | None
    o3_within_limit: int | None
    heavy_share_pct: float | None  # mean over cities of heavy-pollution days / days with AQI
    heavy_share_pct_published: float | None
    good_day_ratio_pct: float | None
    good_day_ratio_pct_published: float | None
    pm25_within_limit_share_pct_published: float | None = None  # two decimals
    pm25_within_limit_base_year: int | None = None  # the same count (same limit) in the base year
    heavy_share_pct_base_year_published: float | None = None  # the base year's, two decimals


@dataclass
class AnnualReportFigures(JsonContract):
    year: int
    base_year: int
    years: list[int]
    figures: Figures  # the report year's standard figures
    areas: list[AreaFigures]  # national first, then the key regions
    # A partial year: January through this month of every year compared (None: whole years).
    through: int | None = None
    places: int = 0  # published decimals of concentrations (data/annual_report.yaml)


def _trend(
    pollutant: str, by_year: dict[int, pd.Series], year: int, base_year: int, places: int = 0
) -> Trend:
    points: list[TrendPoint] = []
    means: dict[int, float | None] = {}
    for y, values in sorted(by_year.items()):
        valid = values.dropna()
        means[y] = float(valid.mean()) if len(valid) else None
        window = [means.get(y - k) for k in range(MOVING_WINDOW)]
        moving = sum(window) / MOVING_WINDOW if all(v is not None for v in window) else None
        points.append(
            TrendPoint(
                y, means[y], publish(means[y], places), len(valid), moving, publish(moving, places)
            )
        )
    previous = by_year.get(year - 1)
    return Trend(
        pollutant,
        points,
        _change(by_year[year], previous),
        _change(by_year[year], by_year.get(base_year)),
    )


def _share(values: pd.Series) -> float | None:
    values = values.dropna()
    return float(values.mean()) if len(values) else None


def _within(published: pd.Series, limit: float | None) -> int | None:
    """Cities whose published value is at most the limit (GB 3095 grade II, upper bound met)."""
    return int((published <= limit).sum()) if limit is not None else None


def _area(
    area_id: str, name_zh: str, name_en: str, members: set[str] | None,
    tables: dict[int, pd.DataFrame], year: int, base_year: int,
    limits: tuple[float | None, float | None], places: int = 0,
) -> AreaFigures:  # fmt: skip
    def pick(frame: pd.DataFrame) -> pd.DataFrame:
        return frame if members is None else frame[frame.index.isin(members)]

    current, base = pick(tables[year]), pick(tables[base_year])
    pm25_pub = current["pm25"].dropna().map(publish)
    base_pm25_pub = base["pm25"].dropna().map(publish)
    base_aqi = base[base["aqi_days"] > 0]
    heavy_base = _share(base_aqi["heavy_days"] / base_aqi["aqi_days"] * 100)
    o3_pub = current["o3"].dropna().map(publish)
    with_aqi = current[current["aqi_days"] > 0]
    heavy = _share(with_aqi["heavy_days"] / with_aqi["aqi_days"] * 100)
    good = _share(with_aqi["good_days"] / with_aqi["aqi_days"] * 100)
    pm25_limit, o3_limit = limits
    within = _within(pm25_pub, pm25_limit)
    share = within / len(pm25_pub) * 100 if within is not None and len(pm25_pub) else None
    return AreaFigures(
        id=area_id, name_zh=name_zh, name_en=name_en,
        pm25=_trend("pm25", {y: pick(t)["pm25"] for y, t in tables.items()}, year, base_year, places),
        o3=_trend("o3", {y: pick(t)["o3"] for y, t in tables.items()}, year, base_year, places),
        pm25_within_limit=within,
        pm25_within_limit_share_pct=share,
        pm25_within_limit_share_pct_published=publish(share, 2),
        pm25_within_limit_base_year=_within(base_pm25_pub, pm25_limit),
        o3_within_limit=_within(o3_pub, o3_limit),
        heavy_share_pct=heavy, heavy_share_pct_published=publish(heavy, 2),
        heavy_share_pct_base_year_published=publish(heavy_base, 2),
        good_day_ratio_pct=good, good_day_ratio_pct_published=publish(good, 1),
    )  # fmt: skip


def build_annual_report_figures(
    store: Store,
    year: int,
    base_year: int | None = None,
    registry: Registry | None = None,
    through: int | None = None,
    settings: Settings | None = None,
) -> AnnualReportFigures:
    """Figures of the annual report for `year`, with series from `base_year` (default: year - 5).

    With `through` (a month), every year is January through that month (seed 004's partial
    year, 截至…月): each month meets its own day count, and years compare the same months.
    `settings` default to those of the store's data folder (`--data-dir`)."""
    settings = settings or load_settings(store.data_dir)
    registry = registry or settings.registry

    def period_of(y: int) -> Period:
        return Period.ytd(y, through) if through else Period.year(y)

    places = settings.annual_places(through is not None)  # data/annual_report.yaml
    base_year = base_year if base_year is not None else year - 5
    if base_year >= year:
        raise ReporterError(f"base year {base_year} must come before the report year {year}")
    figures = build_figures(store, period_of(year), registry, settings=settings)
    first = min(base_year, year - MOVING_WINDOW + 1)
    tables = {y: _values(store, period_of(y)) for y in range(first, year + 1)}
    codes = {c.code for c in registry.cities}
    tables = {y: t[t.index.isin(codes)] for y, t in tables.items()}
    if tables[base_year].dropna(subset=["pm25"]).empty:
        raise ReporterError(f"no valid annual data for the base year {base_year} in {store.root}")
    # Every year is counted against the report year's limits, carried in its figures.
    limit = (figures.pm25.limit, figures.o3.limit)
    year_end = Period.year(year).end
    areas = [_area("national", "全国", "National", None, tables, year, base_year, limit, places)]
    for region in registry.regions_on(year_end):
        areas.append(
            _area(
                region.id,
                region.name_zh,
                region.name_en,
                set(region.members),
                tables,
                year,
                base_year,
                limit,
                places,
            )
        )
    return AnnualReportFigures(year, base_year, sorted(tables), figures, areas, through, places)
