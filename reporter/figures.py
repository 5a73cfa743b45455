"""The figures object: every number a bulletin prints, computed once. Templates only format it.

`reporter stats … --json` prints `Figures.to_json()`; that JSON is the contract partners and
tests read. Unrounded values carry the bare name (`mean`, `pm25`, `yoy_pct`); the published,
GB/T 8170-rounded values carry `_published`.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1


class JsonContract:
    """to_dict/to_json for the dataclasses that are printed with --json: strict JSON, NaN as null."""

    def to_dict(self) -> dict[str, Any]:
        return clean_json(dataclasses.asdict(self))  # type: ignore[call-overload]

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, allow_nan=False)


@dataclass
class CityRef:
    code: str
    name_zh: str
    name_en: str


@dataclass
class Band:
    label_zh: str
    label_en: str
    lower: float | None  # exclusive
    upper: float | None  # inclusive
    count: int
    share_pct: float | None
    share_pct_published: float | None  # two decimals


@dataclass
class Extreme:
    """Lowest or highest published city value; ties are all named (并列)."""

    code: str
    name_zh: str
    name_en: str
    value: int
    tied: list[str]  # the other tied cities' Chinese names
    cities: list[CityRef]  # every city with that value


@dataclass
class Change:
    """A percent change on a matched set of cities (valid in both periods)."""

    pct: float | None
    pct_published: float | None  # one decimal
    direction: str | None  # "up", "down" or "flat", judged on the published value
    n_cities: int


@dataclass
class RegionFigures:
    id: str
    name_zh: str
    name_en: str
    n_cities: int
    mean: float | None
    published: int | None
    yoy_pct: float | None
    yoy: Change
    mom_pct: float | None
    mom: Change | None


@dataclass
class PollutantFigures:
    key: str  # "pm25" or "o3"
    statistic: str  # e.g. "mean of daily means", "90th percentile of MDA8"
    mean: float | None
    published: int | None
    n_cities: int
    yoy_pct: float | None
    yoy: Change
    mom_pct: float | None
    mom: Change | None
    bands: list[Band]
    min: Extreme | None
    max: Extreme | None
    regions: list[RegionFigures]
    # Where the feed flags sand and dust days: the mean without them (PM2.5 only), else None.
    mean_excl_dust: float | None = None
    published_excl_dust: int | None = None
    dust_days: int = 0  # city-days flagged in the period


@dataclass
class CityFigures:
    code: str
    name_zh: str
    name_en: str
    province_zh: str
    province_en: str
    lon: float
    lat: float
    source: str  # hourly, daily or monthly
    pm25: float | None
    pm25_days: int | None
    pm25_published: int | None
    pm25_band: int | None  # index into pm25.bands
    o3_8h_90: float | None
    o3_days: int | None
    o3_published: int | None
    o3_band: int | None
    aqi_days: int
    good_days: int
    good_day_ratio_pct: float | None
    heavy_days: int
    regions: list[str] = field(default_factory=list)
    pm25_p95: float | None = None  # annual only
    pm25_p95_published: int | None = None
    dust_days: int = 0
    pm25_excl_dust: float | None = None  # without flagged sand and dust days
    pm25_excl_dust_published: int | None = None


@dataclass
class Exclusion:
    code: str
    name_zh: str
    pollutant: str
    reason: str


@dataclass
class AqiDays:
    """Good-day ratio and heavy-pollution share (HJ 633) over cities with daily AQI."""

    n_cities: int
    good_day_ratio_pct: float | None  # mean of city ratios
    good_day_ratio_pct_published: float | None  # one decimal
    heavy_share_pct: float | None
    heavy_share_pct_published: float | None


@dataclass
class RuleSetRef:
    id: str
    name_zh: str
    name_en: str


@dataclass
class Figures(JsonContract):
    kind: str  # "monthly" or "annual"
    period: str
    start: str
    end: str
    rule_set: RuleSetRef
    synthetic: bool
    validity: dict[str, int]
    cities: list[CityFigures]
    pm25: PollutantFigures
    o3: PollutantFigures
    aqi_days: AqiDays
    excluded: list[Exclusion]
    registry_cities: int
    cities_without_data: list[str]
    schema_version: int = SCHEMA_VERSION
    software: str = ""


def clean_json(value: Any) -> Any:
    """NaN becomes null so the JSON is strict; everything else passes through."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: clean_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_json(v) for v in value]
    return value
