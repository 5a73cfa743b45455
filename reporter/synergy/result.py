"""The synergy result: every number of the CO2 / air-pollution synergy section, computed once.

`reporter synergy --json` prints `SynergyResult.to_json()`; that JSON is the contract the
annual report's templates and charts read. Rates are fractions (0.25 = 25 % reduced; negative =
increased); `_pct_published` values are percents rounded by GB/T 8170 (half to even).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..figures import JsonContract

SCHEMA_VERSION = 1
CLASSES = ("I", "II", "III")
QUADRANTS = ("I", "II", "III", "IV")


@dataclass
class IndicatorChange:
    """One indicator of one city: base and target values, reduction (base − target), rate."""

    base: float | None
    target: float | None
    reduction: float | None
    rate_pct_published: float | None  # percent, two decimals as in seed 003


@dataclass
class CitySynergy:
    city: str  # Chinese name
    code: str
    name_en: str
    province_zh: str
    province_en: str
    regions: list[str]  # ids of the key regions in effect at the end of the target year
    co2_rate: float | None
    so2_rate: float | None
    nox_rate: float | None
    pm_rate: float | None
    lapeq_rate: float | None
    aqi_rate: float | None
    pm25_rate: float | None
    no2_rate: float | None
    o3_rate: float | None
    class_emissions: str | None  # CO2 × LAPeq: "I", "II", "III"; None when not ranked
    rank_emissions: int | None
    sum_emissions: float | None  # co2_rate + lapeq_rate, the order within a class
    sum_emissions_pct_published: float | None
    reason_emissions: str | None  # why not ranked
    class_air: str | None  # CO2 × AQI
    rank_air: int | None
    sum_air: float | None
    sum_air_pct_published: float | None
    reason_air: str | None
    rank_co2: int | None  # single-indicator ranks by rate, larger first
    rank_lapeq: int | None
    rank_aqi: int | None
    values: dict[str, IndicatorChange]
    rows: dict[str, int | None]  # inventory row numbers of the base and target years


@dataclass
class ClassSummary:
    count: int
    share: float | None  # of the cities ranked
    share_pct_published: float | None  # two decimals
    first_rank: int | None
    last_rank: int | None
    n_positive_sum: int  # cities whose sum of the two rates is above zero


@dataclass
class SynergySummary:
    n_registry_cities: int
    n_cities_in_file: int  # registry cities with at least one row in the inventory
    n_ranked_emissions: int
    n_ranked_air: int
    n_provinces: int
    n_regions: int
    class_emissions: dict[str, ClassSummary]
    class_air: dict[str, ClassSummary]


@dataclass
class QuadrantCounts:
    """Cities by the signs of two rates; x is CO2. I: both reduced, II: y only, IV: CO2 only."""

    x: str
    y: str
    n_cities: int
    counts: dict[str, int]
    shares: dict[str, float | None]
    shares_pct_published: dict[str, float | None]


@dataclass
class GroupSynergy:
    """A province or key region: mean city rates and class counts."""

    id: str
    name_zh: str
    name_en: str
    n_members: int  # member cities in the inventory
    mean_rates: dict[str, float | None]  # arithmetic mean of the city rates
    mean_rates_pct_published: dict[str, float | None]
    n_rates: dict[str, int]  # cities behind each mean
    class_emissions: dict[str, int]
    class_air: dict[str, int]


@dataclass
class NotRanked:
    city: str
    code: str
    ranking: str  # "emissions" (CO2 × LAPeq) or "air" (CO2 × AQI)
    reason_code: str  # missing_year, missing_value, zero_base, no_aqi_column
    reason: str


@dataclass
class CityRef:
    city: str
    code: str


@dataclass
class UnknownCityRef:
    name: str
    rows: list[int]


@dataclass
class SourceRef:
    path: str
    sha256: str
    synthetic: bool


@dataclass
class SynergyResult(JsonContract):
    base_year: int
    target_year: int
    source: SourceRef
    indicators: list[str]  # indicators with a rate, in order
    units: dict[str, str]
    method: dict[str, Any]
    summary: SynergySummary
    cities: list[CitySynergy]  # by rank_emissions, then the cities not ranked, by code
    not_ranked: list[NotRanked]
    quadrants: list[QuadrantCounts]
    provinces: list[GroupSynergy]
    regions: list[GroupSynergy]
    cities_without_data: list[CityRef]  # registry cities with no row in the inventory
    unknown_cities: list[UnknownCityRef]
    ignored_columns: list[str]
    notes: list[str] = field(default_factory=list)
    kind: str = "synergy"
    schema_version: int = SCHEMA_VERSION
    software: str = ""

    @property
    def synthetic(self) -> bool:
        return self.source.synthetic

    def city(self, name_or_code: str) -> CitySynergy | None:
        return next((c for c in self.cities if name_or_code in (c.city, c.code)), None)

    def ranked(self, ranking: str) -> list[CitySynergy]:
        """Cities of one ranking ("emissions" or "air") in rank order."""
        rank = f"rank_{ranking}"
        return sorted(
            (c for c in self.cities if getattr(c, rank) is not None),
            key=lambda c: (getattr(c, rank), c.code),
        )
