"""Build the figures object for a month or a year from the store."""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import __version__
from ..digests import STORE
from ..errors import NoDataError
from ..figures import (
    AqiDays,
    Band,
    Change,
    CityFigures,
    CityRef,
    DustNote,
    Exclusion,
    Extreme,
    Figures,
    PollutantFigures,
    RegionFigures,
    RuleSetRef,
)
from ..registry import Registry
from ..rounding import publish
from ..settings import Settings, load_settings
from ..store import Store
from .bands import BandDef, band_index
from .period import EXTRA_POLLUTANTS, Period, city_values

STATISTIC = {
    "pm25": "mean of daily means",
    "o3": "90th percentile of daily maximum 8-hour means",
    "pm10": "mean of daily means",
    "so2": "mean of daily means",
    "no2": "mean of daily means",
    "co": "95th percentile of daily means",
}
# The rule set's GB 3095 grade II limit each pollutant's figures carry (data/rules/*.yaml).
LIMIT_OF = {"pm25": "pm25_annual", "o3": "o3_8h"}
PLACES = {"co": 1}  # DESIGN: CO is published with one decimal (mg/m³), the rest as integers


def _nan_to_none(value: float | None) -> float | None:
    return (
        None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
    )


def bound(value: float | None) -> int | float | None:
    """A configured bound as written in the rule set (35, not 35.0): not a published value."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def _mean(values: pd.Series) -> float | None:
    values = values.dropna()
    return float(values.mean()) if len(values) else None


def _change(current: pd.Series, previous: pd.Series | None) -> Change:
    """Percent change of the mean over the cities valid in both periods (same-city comparison)."""
    if previous is None:
        return Change(None, None, None, 0)
    matched = current.dropna().index.intersection(previous.dropna().index)
    if len(matched) == 0:
        return Change(None, None, None, 0)
    before = float(previous[matched].mean())
    after = float(current[matched].mean())
    if before == 0:
        return Change(None, None, None, len(matched))
    pct = (after - before) / before * 100
    published = publish(pct, 1)
    direction = "up" if published > 0 else "down" if published < 0 else "flat"
    return Change(pct, published, direction, len(matched))


def _extreme(
    published: pd.Series, registry: Registry, lowest: bool, places: int = 0
) -> Extreme | None:
    values = published.dropna()
    if values.empty:
        return None
    target = values.min() if lowest else values.max()
    codes = sorted(values[values == target].index)
    refs = [CityRef(c, registry.by_code(c).name_zh, registry.by_code(c).name_en) for c in codes]
    return Extreme(int(target) if places == 0 else float(target), refs)


def _bands(published: pd.Series, defs: tuple[BandDef, ...]) -> list[Band]:
    values = published.dropna()
    total = len(values)
    if not defs:
        return []
    of_value = [band_index(v, defs) for v in values]
    bands = []
    for index, band in enumerate(defs):
        count = of_value.count(index)
        share = count / total * 100 if total else None
        bands.append(
            Band(
                band.label_zh,
                band.label_en,
                band.lower,
                band.upper,
                count,
                share,
                publish(share, 2),
            )
        )
    return bands


def _published(values: pd.Series, places: int = 0) -> pd.Series:
    """GB/T 8170 published values of a series of unrounded values (NaN stays missing)."""
    return values.map(lambda v: publish(v, places) if pd.notna(v) else np.nan)


@lru_cache(maxsize=32)
def _cached_city_values(root: Path, label: str, key: str, settings: Settings) -> pd.DataFrame:
    return city_values(Store(root), Period.parse(label))


def _values(store: Store, period: Period | None) -> pd.DataFrame | None:
    if period is None:
        return None
    # Keyed by the store and by the settings the values are computed with (their rules).
    settings = load_settings(store.data_dir)
    return _cached_city_values(store.data_dir, period.label, STORE(store), settings)


def _pollutant(
    key: str,
    column: str,
    current: pd.DataFrame,
    prev_year: pd.DataFrame | None,
    prev_month: pd.DataFrame | None,
    registry: Registry,
    period: Period,
    defs: tuple[BandDef, ...],
    limits: Mapping[str, float],
) -> PollutantFigures:
    values = current[column]
    places = PLACES.get(key, 0)
    mean = _mean(values)
    yoy = _change(values, prev_year[column] if prev_year is not None else None)
    mom = _change(values, prev_month[column]) if prev_month is not None else None
    regions = []
    for region in registry.regions_for_period(period.start, period.end):
        members = values[values.index.isin(region.members)]
        r_mean = _mean(members)
        r_yoy = _change(members, prev_year[column] if prev_year is not None else None)
        r_mom = _change(members, prev_month[column]) if prev_month is not None else None
        regions.append(
            RegionFigures(
                region.id,
                region.name_zh,
                region.name_en,
                int(members.notna().sum()),
                r_mean,
                publish(r_mean, places),
                r_yoy,
                r_mom,
            )
        )
    published = _published(values, places)
    return PollutantFigures(
        key=key,
        statistic=STATISTIC[key],
        mean=mean,
        published=publish(mean, places),
        n_cities=int(values.notna().sum()),
        yoy=yoy,
        mom=mom,
        bands=_bands(published, defs),
        min=_extreme(published, registry, lowest=True, places=places),
        max=_extreme(published, registry, lowest=False, places=places),
        regions=regions,
        unit="mg/m³" if key == "co" else "µg/m³",
        places=places,
        limit=bound(limits.get(LIMIT_OF.get(key, ""))),  # the period's rule set
    )


def build_figures(
    store: Store,
    period: Period,
    registry: Registry | None = None,
    *,
    with_trend: bool = True,
    trend_cache: Path | None = None,
    settings: Settings | None = None,
) -> Figures:
    """The figures object of one month or year: the only place bulletin numbers are computed.

    A month's figures carry its 13-month trend (each month from its own figures object, built
    without a trend); `trend_cache` is a folder that keeps those months between runs.
    `settings` default to those of the store's data folder (`--data-dir`).
    """
    settings = settings or load_settings(store.data_dir)
    registry = registry or settings.registry
    bands = settings.bands
    current = _values(store, period)
    if current is None or current.empty:
        raise NoDataError(
            f"{store.root}: no data for {period.label}; ingest feed files first (reporter ingest --help)"
        )
    current = current[current.index.isin([c.code for c in registry.cities])]
    prev_year = _values(store, period.previous_year())
    prev_month = _values(store, period.previous_month())
    rules = settings.rule_set_for(period.end)
    frames = (current, prev_year, prev_month, registry, period)
    pm25 = _pollutant("pm25", "pm25", *frames, bands["pm25"], rules.limits)
    o3 = _pollutant("o3", "o3", *frames, bands["o3"], rules.limits)
    others = {
        key: _pollutant(key, key, *frames, bands.get(key, ()), rules.limits)
        for key in EXTRA_POLLUTANTS
    }
    if current["dust_days"].sum() > 0:
        for p, column in ((pm25, "pm25_excl_dust"), (others["pm10"], "pm10_excl_dust")):
            p.mean_excl_dust = _mean(current[column])
            p.published_excl_dust = publish(p.mean_excl_dust)
    regions = registry.regions_for_period(period.start, period.end)
    cities, excluded = [], []
    for code, row in current.to_dict("index").items():
        city = registry.by_code(code)
        pub = published_values(row, bands)
        ratio = row["good_days"] / row["aqi_days"] * 100 if row["aqi_days"] else None
        cities.append(
            CityFigures(
                code=code,
                name_zh=city.name_zh,
                name_en=city.name_en,
                province_zh=city.province_zh,
                province_en=city.province_en,
                lon=city.lon,
                lat=city.lat,
                source=row["source"],
                pm25=_nan_to_none(row["pm25"]),
                pm25_days=_int(row["pm25_days"]),
                pm25_published=pub["pm25_published"],
                pm25_band=pub["pm25_band"],
                o3_8h_90=_nan_to_none(row["o3"]),
                o3_days=_int(row["o3_days"]),
                o3_published=pub["o3_published"],
                o3_band=pub["o3_band"],
                aqi_days=int(row["aqi_days"]),
                good_days=int(row["good_days"]),
                good_day_ratio_pct=ratio,
                heavy_days=int(row["heavy_days"]),
                regions=[r.id for r in regions if code in r.members],
                pm25_p95=_nan_to_none(row["pm25_p95"]),
                pm25_p95_published=publish(row["pm25_p95"]) if pd.notna(row["pm25_p95"]) else None,
                dust_days=_int(row["dust_days"]) or 0,
                pm25_excl_dust=_nan_to_none(row["pm25_excl_dust"]),
                pm25_excl_dust_published=publish(row["pm25_excl_dust"])
                if pd.notna(row["pm25_excl_dust"])
                else None,
                **_other_values(row, pub),
            )
        )
        for pollutant in ("pm25", "o3", *EXTRA_POLLUTANTS):
            if row[f"{pollutant}_reason"]:
                excluded.append(
                    Exclusion(code, city.name_zh, pollutant, row[f"{pollutant}_reason"])
                )
    with_aqi = current[current["aqi_days"] > 0]
    good = _mean(with_aqi["good_days"] / with_aqi["aqi_days"] * 100) if len(with_aqi) else None
    heavy = _mean(with_aqi["heavy_days"] / with_aqi["aqi_days"] * 100) if len(with_aqi) else None
    validity = rules.validity
    figures = Figures(
        kind={"month": "monthly", "year": "annual"}.get(period.kind, period.kind),
        period=period.label,
        start=period.start.isoformat(),
        end=period.end.isoformat(),
        rule_set=RuleSetRef(rules.id, rules.name_zh, rules.name_en),
        synthetic=store.synthetic,
        validity={
            "daily_min_hours": validity.daily_min_hours,
            "o3_min_windows": validity.o3_min_windows,
            # HJ 663: an MDA8 above this stands with fewer windows (printed in the data note).
            "o3_exceedance": bound(validity.o3_exceedance),
            "min_days": validity.min_days_in_month(period.start.month)
            if period.kind == "month"
            else validity.annual_min_days,
        },
        cities=cities,
        pm25=pm25,
        o3=o3,
        aqi_days=AqiDays(
            len(with_aqi),
            good,
            publish(good, 1),
            heavy,
            publish(heavy, 2),
            good_at_most=bound(rules.aqi.good_at_most),
            heavy_above=bound(rules.aqi.heavy_above),
        ),
        excluded=excluded,
        registry_cities=len(registry.cities),
        cities_without_data=[c.name_zh for c in registry.cities if c.code not in current.index],
        software=f"reporter {__version__}",
        **others,
        months=period.months(),
        ranking_168=_ranking(current, prev_year, registry, period, settings),
        dust=_dust_note(store, current),
    )
    if with_trend and period.kind == "month":
        from .trend import monthly_trend

        figures.trend = monthly_trend(store, figures, month_without_trend, cache_dir=trend_cache)
    return figures


def month_without_trend(store: Store, label: str) -> Figures:
    """One month's figures for another month's trend (a trend of its own would recurse)."""
    return build_figures(store, Period.parse(label), with_trend=False)


def _dust_note(store: Store, current: pd.DataFrame) -> DustNote:
    """Both figures where dust days are known; which one the bulletin shows (as measured)."""
    from ..dust import stored_processes

    processes = stored_processes(store)
    days = int(current["dust_days"].sum())
    note = DustNote(
        table=processes is not None,
        city_days=days,
        cities=int((current["dust_days"] > 0).sum()),
        shown="all days",
        sources=sorted({p.source for p in processes or []}),
    )
    if days:  # PM2.5 and PM10 without the dust days are in pm25/pm10 (*_excl_dust)
        with_aqi = current[current["aqi_days_excl_dust"] > 0]
        ratio = _mean(with_aqi["good_days_excl_dust"] / with_aqi["aqi_days_excl_dust"] * 100)
        note.good_day_ratio_pct_excl_dust = ratio
        note.good_day_ratio_pct_excl_dust_published = publish(ratio, 1)
    return note


def _ranking(current, prev_year, registry: Registry, period: Period, settings: Settings):
    """The 168-city ranking on all days; with dust days in the period, also without them."""
    from .ranking168 import build_ranking

    options = {
        "key_cities_file": settings.key_cities_file,
        "limits": settings.rule_set_for(period.end).ranking_168,
    }
    ranking = build_ranking(current, prev_year, registry, period, **options)
    if current["dust_days"].sum() > 0:
        ranking.excl_dust = build_ranking(
            current, prev_year, registry, period, deduct_dust=True, **options
        )
    return ranking


def published_values(row: Mapping[str, Any], bands: dict[str, tuple[BandDef, ...]]) -> dict:
    """A city's published period values (GB/T 8170; CO one decimal) and the bands of PM2.5 and
    O3, classified on the published value: the one rounding of city values, for the figures
    object and the city pages alike."""
    out: dict[str, Any] = {}
    for key in ("pm25", "o3", *EXTRA_POLLUTANTS):
        value = _nan_to_none(row.get(key))
        out[f"{key}_published"] = publish(value, PLACES.get(key, 0)) if value is not None else None
    for key in ("pm25", "o3"):  # DESIGN: a band classifies the published (rounded) value
        out[f"{key}_band"] = band_index(out[f"{key}_published"], bands.get(key, ()))
    return out


def city_bands(data_dir: Path) -> dict[str, tuple[BandDef, ...]]:
    """The concentration bands the figures classify city values by (the data folder's settings)."""
    return load_settings(data_dir).bands


def _other_values(row: dict, published: dict) -> dict:
    """A city's PM10, SO2, NO2, CO values (unrounded and published) and dust-deducted ones."""
    out: dict = {}
    for key in EXTRA_POLLUTANTS:
        out[key] = _nan_to_none(row.get(key))
        out[f"{key}_published"] = published[f"{key}_published"]
    out["pm10_excl_dust"] = _nan_to_none(row.get("pm10_excl_dust"))
    out["pm10_excl_dust_published"] = (
        publish(out["pm10_excl_dust"]) if out["pm10_excl_dust"] is not None else None
    )
    aqi_days = row.get("aqi_days_excl_dust")
    if aqi_days is not None and pd.notna(aqi_days) and aqi_days:
        out["good_day_ratio_pct_excl_dust"] = row["good_days_excl_dust"] / aqi_days * 100
    return out


def _int(value: float | None) -> int | None:
    return None if value is None or pd.isna(value) else int(value)
