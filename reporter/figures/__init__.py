"""The figures object: every number a bulletin prints, computed once. Templates only format it.

`reporter stats … --json` prints `Figures.to_json()`; that JSON is the contract partners and
tests read. Unrounded values carry the bare name (`mean`, `pm25`, `yoy.pct`); the published,
GB/T 8170-rounded values carry `_published`. Each number has one name: nothing is repeated under
another (a lowest city is `min.cities[0]`, a change is `yoy.pct`).
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from typing import Any

# 2: six pollutants (pm10, so2, no2, co), year-to-date figures (kind "ytd"), the 168-city
#    ranking (ranking_168), sand-dust deduction (dust), real extremes kept.
# 3: the 13-month national trend of a monthly figures object (trend), as the bulletin draws it.
# 4: one name per number (duplicates removed); limits from the rule set (`limit`,
#    validity.o3_exceedance). See the README's schema notes.
SCHEMA_VERSION = 5


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

    value: int | float  # float for CO (one decimal)
    cities: list[CityRef]  # every city with that value, by code


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
    yoy: Change
    mom: Change | None


@dataclass
class PollutantFigures:
    key: str  # "pm25", "o3", "pm10", "so2", "no2" or "co"
    statistic: str  # e.g. "mean of daily means", "90th percentile of MDA8"
    mean: float | None
    published: int | float | None  # CO: one decimal
    n_cities: int
    yoy: Change
    mom: Change | None
    bands: list[Band]
    min: Extreme | None
    max: Extreme | None
    regions: list[RegionFigures]
    # Where the feed flags sand and dust days: the mean without them (PM2.5 only), else None.
    mean_excl_dust: float | None = None
    published_excl_dust: int | None = None
    unit: str = "µg/m³"  # CO: mg/m³
    places: int = 0  # published decimals (CO: 1)
    # The GB 3095 grade II limit of the period's rule set (PM2.5 annual, O3 8-h), None if it has none.
    limit: int | float | None = None


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
    # The other four pollutants: PM10, SO2, NO2 means of daily means; CO 95th percentile (mg/m³).
    pm10: float | None = None
    pm10_published: int | None = None
    pm10_excl_dust: float | None = None
    pm10_excl_dust_published: int | None = None
    so2: float | None = None
    so2_published: int | None = None
    no2: float | None = None
    no2_published: int | None = None
    co: float | None = None
    co_published: float | None = None  # one decimal
    good_day_ratio_pct_excl_dust: float | None = None


@dataclass
class RankedCity:
    """A key city in the composite-index ranking (《城市环境空气质量排名技术规定》)."""

    code: str
    name_zh: str
    name_en: str
    index: float
    index_published: float  # two decimals; equal published indices share a rank (并列)
    rank: int
    sub_indices: dict[str, float] = field(default_factory=dict)  # C/S per pollutant
    meets_grade_ii: bool = False
    group: str = ""  # the list's group for the period (e.g. 京津冀及周边地区(2+36))


@dataclass
class ChangeRanked:
    code: str
    name_zh: str
    name_en: str
    index: float
    index_before: float
    change_pct: float
    change_pct_published: float  # one decimal
    rank: int


@dataclass
class NotRanked:
    code: str
    name_zh: str
    name_en: str
    pollutant: str | None  # the first pollutant without a valid value, None if no data at all
    reason: str


@dataclass
class Ranking168:
    """The 168 key cities by the composite index Isum = Σ C_i / S_i, smallest first."""

    list_id: str  # the registry list's period, e.g. "key168-2024"
    period: str
    n_listed: int
    cities: list[RankedCity]  # best first
    best: list[RankedCity]  # best 20 (more where the 20th place is shared)
    worst: list[RankedCity]  # worst 20, worst first
    not_ranked: list[NotRanked]
    change: list[ChangeRanked]  # most negative change first
    change_best: list[ChangeRanked]
    change_worst: list[ChangeRanked]  # cities meeting every grade II limit left out
    limits: dict[str, float]  # S_i
    basis: str  # "all days" or "dust days deducted"
    # With a dust table: the same ranking on PM2.5 and PM10 without the dust days.
    excl_dust: Ranking168 | None = None


@dataclass
class DustNote:
    """Sand-dust deduction (环办监测〔2016〕120号): both figures, and which one is shown."""

    table: bool  # a dust-process table covers the store
    city_days: int  # city-days inside a process in the period
    cities: int
    shown: str  # "all days" (figures as measured) or "dust days deducted"
    # PM2.5 and PM10 without those days: pm25.mean_excl_dust, pm10.mean_excl_dust (and _published).
    good_day_ratio_pct_excl_dust: float | None = None
    good_day_ratio_pct_excl_dust_published: float | None = None
    sources: list[str] = field(default_factory=list)


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
    heavy_share_pct_published: float | None  # two decimals (DESIGN: shares)
    # The rule set's HJ 633 cut-offs the days are counted against (data/rules/*.yaml).
    good_at_most: int | float | None = None  # a good day: AQI at most this
    heavy_above: int | float | None = None  # a heavy-pollution day: AQI above this


@dataclass
class RuleSetRef:
    id: str
    name_zh: str
    name_en: str


@dataclass
class TrendPoint:
    """One month of the 13-month national trend: that month's own published values."""

    period: str  # YYYY-MM
    pm25: int | None  # None: no city had valid figures (or no data at all)
    o3: int | None
    pm25_cities: int  # cities behind each value
    o3_cities: int


@dataclass
class Figures(JsonContract):
    kind: str  # "monthly" or "annual"
    period: str
    start: str
    end: str
    rule_set: RuleSetRef
    synthetic: bool
    validity: dict[str, int | float]
    cities: list[CityFigures]
    pm25: PollutantFigures
    o3: PollutantFigures
    aqi_days: AqiDays
    excluded: list[Exclusion]
    registry_cities: int
    cities_without_data: list[str]
    schema_version: int = SCHEMA_VERSION
    software: str = ""
    pm10: PollutantFigures | None = None
    so2: PollutantFigures | None = None
    no2: PollutantFigures | None = None
    co: PollutantFigures | None = None
    ranking_168: Ranking168 | None = None
    dust: DustNote | None = None
    # Year-to-date figures ("ytd"): the months of the span, January first.
    months: list[str] = field(default_factory=list)
    # Monthly figures: the last 13 months' national values, this month last (empty otherwise).
    trend: list[TrendPoint] = field(default_factory=list)


def clean_json(value: Any) -> Any:
    """NaN becomes null so the JSON is strict; everything else passes through."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: clean_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_json(v) for v in value]
    return value
