"""The synergy section of the annual report: classes, ranks, scatter points, reasons.

Selected from the synergy result (``reporter.synergy``); templates format it and never
compute. Derived here: whether a rank is shared, and which year, indicator or inventory column
a "not ranked" reason refers to.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..bulletin.narrative import Name
from ..synergy.method import INPUTS, RANKINGS
from ..synergy.result import CLASSES, CitySynergy, SynergyResult

RANK_TABLE_ROWS = 20  # top and bottom of the CO2 × LAPeq ranking
LABELLED_RANKS = 10  # cities labelled on the quadrant scatter


@dataclass(frozen=True)
class ClassRow:
    name: str  # "I", "II", "III"
    count: int
    share: float | None  # published percent, two decimals
    first_rank: int | None
    last_rank: int | None


@dataclass(frozen=True)
class RankRow:
    rank: int
    tied: bool  # the rank is shared
    name: Name
    province: Name
    region: str | None  # id of the first key region the city belongs to
    cls: str
    co2: float | None  # published percents, two decimals
    other: float | None  # LAPeq or AQI
    total: float | None


@dataclass(frozen=True)
class RankedCity:
    """A city ranked on CO2 × LAPeq or CO2 × AQI: the row of the downloadable ranking."""

    code: str
    name: Name
    province: Name
    regions: tuple[str, ...]
    rank: int | None  # CO2 × LAPeq
    tied: bool
    cls: str | None
    co2: float | None  # published percents, two decimals
    lapeq: float | None
    total: float | None
    rank_air: int | None  # CO2 × AQI
    tied_air: bool
    cls_air: str | None
    aqi: float | None
    total_air: float | None


@dataclass(frozen=True)
class ScatterPoint:
    name: Name
    co2: float | None  # published percent
    lapeq: float | None
    region: str | None
    rank: int
    labelled: bool


@dataclass(frozen=True)
class RegionSynergy:
    id: str
    name: Name
    n_members: int
    co2: float | None  # mean rate, published percent
    lapeq: float | None
    aqi: float | None
    classes: tuple[int, ...]  # CO2 × LAPeq class counts, I to III


@dataclass(frozen=True)
class NotRankedRow:
    name: Name
    rankings: tuple[str, ...]  # "emissions", "air"
    reason: str  # missing_year, missing_value, zero_base
    years: tuple[int, ...]  # the year(s) the reason names
    item: str | None  # the indicator (zero_base) or inventory column (missing_value)


@dataclass(frozen=True)
class SynergyContext:
    """The synergy section; `status` is "ok", or why there is no ranking for the year."""

    status: str  # "ok", "no_year" (the report year is not in the file), "one_year"
    path: str
    sha256: str
    synthetic: bool
    years_in_file: tuple[int, ...]
    base_year: int | None = None
    target_year: int | None = None
    n_in_file: int = 0
    n_registry: int = 0
    n_ranked: int = 0
    n_ranked_air: int = 0
    classes: tuple[ClassRow, ...] = ()
    classes_air: tuple[ClassRow, ...] = ()
    quadrants: dict[str, int] | None = None  # CO2 × LAPeq quadrant counts
    quadrant_shares: dict[str, float | None] | None = None
    leaders: tuple[Name, ...] = ()  # cities ranked in the top ten, ties included
    top: tuple[RankRow, ...] = ()
    bottom: tuple[RankRow, ...] = ()
    top_air: tuple[RankRow, ...] = ()
    points: tuple[ScatterPoint, ...] = ()
    cities: tuple[RankedCity, ...] = ()  # every ranked city, by CO2 × LAPeq rank then code
    regions: tuple[RegionSynergy, ...] = ()
    not_ranked: tuple[NotRankedRow, ...] = ()
    n_without_data: int = 0
    unknown_cities: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _classes(summary: dict) -> tuple[ClassRow, ...]:
    return tuple(
        ClassRow(name, c.count, c.share_pct_published, c.first_rank, c.last_rank)
        for name, c in ((name, summary[name]) for name in CLASSES)
    )


def _rank_rows(cities: list[CitySynergy], ranking: str, tied: set[int]) -> tuple[RankRow, ...]:
    other = RANKINGS[ranking][1]
    rows = []
    for c in cities:
        rank = getattr(c, f"rank_{ranking}")
        rows.append(
            RankRow(
                rank=rank,
                tied=rank in tied,
                name=Name(c.city, c.name_en),
                province=Name(c.province_zh, c.province_en),
                region=c.regions[0] if c.regions else None,
                cls=getattr(c, f"class_{ranking}"),
                co2=c.values["co2"].rate_pct_published,
                other=c.values[other].rate_pct_published if other in c.values else None,
                total=getattr(c, f"sum_{ranking}_pct_published"),
            )
        )
    return tuple(rows)


def _shared(cities: list[CitySynergy], ranking: str) -> set[int]:
    ranks = [getattr(c, f"rank_{ranking}") for c in cities]
    return {r for r in ranks if ranks.count(r) > 1}


def _ranked_city(c: CitySynergy, tied: set[int], tied_air: set[int]) -> RankedCity:
    def rate(indicator: str) -> float | None:
        value = c.values.get(indicator)
        return value.rate_pct_published if value else None

    return RankedCity(
        code=c.code,
        name=Name(c.city, c.name_en),
        province=Name(c.province_zh, c.province_en),
        regions=tuple(c.regions),
        rank=c.rank_emissions,
        tied=c.rank_emissions in tied,
        cls=c.class_emissions,
        co2=rate("co2"),
        lapeq=rate("lapeq"),
        total=c.sum_emissions_pct_published,
        rank_air=c.rank_air,
        tied_air=c.rank_air in tied_air,
        cls_air=c.class_air,
        aqi=rate("aqi"),
        total_air=c.sum_air_pct_published,
    )


def _not_ranked(result: SynergyResult) -> tuple[NotRankedRow, ...]:
    rows: dict[tuple, list[str]] = {}
    names: dict[str, Name] = {}
    for item in result.not_ranked:
        city = result.city(item.code)
        names[item.code] = Name(item.city, city.name_en if city else item.city)
        years: tuple[int, ...] = ()
        thing: str | None = None
        pair = RANKINGS[item.ranking]
        if city is not None and item.reason_code == "missing_year":
            years = tuple(
                y
                for y, role in ((result.base_year, "base"), (result.target_year, "target"))
                if city.rows.get(role) is None
            )
        elif city is not None and item.reason_code == "missing_value":
            for column in (col for indicator in pair for col in INPUTS[indicator]):
                value = city.values.get(column)
                empty = [
                    y
                    for y, v in ((result.base_year, value and value.base),
                                 (result.target_year, value and value.target))
                    if v is None
                ]  # fmt: skip
                if empty:
                    thing, years = column, (empty[0],)
                    break
        elif city is not None and item.reason_code == "zero_base":
            thing = next((i for i in pair if city.values[i].base == 0), None)
            years = (result.base_year,)
        key = (item.code, item.reason_code, years, thing)
        rows.setdefault(key, []).append(item.ranking)
    return tuple(
        NotRankedRow(names[code], tuple(rankings), reason, years, thing)
        for (code, reason, years, thing), rankings in rows.items()
    )


def synergy_context(result: SynergyResult, years_in_file: tuple[int, ...]) -> SynergyContext:
    """The synergy section of a computed ranking."""
    ranked = result.ranked("emissions")
    tied = _shared(ranked, "emissions")
    top = ranked[:RANK_TABLE_ROWS]
    bottom = [c for c in ranked[-RANK_TABLE_ROWS:] if c not in top]
    ranked_air = result.ranked("air")
    tied_air = _shared(ranked_air, "air")
    lapeq = next((q for q in result.quadrants if q.y == "lapeq"), None)
    return SynergyContext(
        status="ok",
        path=result.source.path,
        sha256=result.source.sha256,
        synthetic=result.synthetic,
        years_in_file=years_in_file,
        base_year=result.base_year,
        target_year=result.target_year,
        n_in_file=result.summary.n_cities_in_file,
        n_registry=result.summary.n_registry_cities,
        n_ranked=result.summary.n_ranked_emissions,
        n_ranked_air=result.summary.n_ranked_air,
        classes=_classes(result.summary.class_emissions),
        classes_air=_classes(result.summary.class_air) if ranked_air else (),
        quadrants=dict(lapeq.counts) if lapeq else None,
        quadrant_shares=dict(lapeq.shares_pct_published) if lapeq else None,
        leaders=tuple(
            Name(c.city, c.name_en) for c in ranked if c.rank_emissions <= LABELLED_RANKS
        ),
        top=_rank_rows(top, "emissions", tied),
        bottom=_rank_rows(bottom, "emissions", tied),
        top_air=_rank_rows(ranked_air[:LABELLED_RANKS], "air", tied_air),
        points=tuple(
            ScatterPoint(
                Name(c.city, c.name_en),
                c.values["co2"].rate_pct_published,
                c.values["lapeq"].rate_pct_published,
                c.regions[0] if c.regions else None,
                c.rank_emissions,  # type: ignore[arg-type]
                c.rank_emissions <= LABELLED_RANKS,  # type: ignore[operator]
            )
            for c in ranked
        ),
        cities=tuple(
            _ranked_city(c, tied, tied_air)
            for c in result.cities
            if c.rank_emissions is not None or c.rank_air is not None
        ),
        regions=tuple(
            RegionSynergy(
                g.id,
                Name(g.name_zh, g.name_en),
                g.n_members,
                g.mean_rates_pct_published.get("co2"),
                g.mean_rates_pct_published.get("lapeq"),
                g.mean_rates_pct_published.get("aqi"),
                tuple(g.class_emissions.get(name, 0) for name in CLASSES),
            )
            for g in result.regions
        ),
        not_ranked=_not_ranked(result),
        n_without_data=len(result.cities_without_data),
        unknown_cities=tuple(u.name for u in result.unknown_cities),
    )


def missing_synergy(
    status: str, path: str, sha256: str, synthetic: bool, years_in_file: tuple[int, ...]
) -> SynergyContext:
    """The synergy section when the inventory cannot give a ranking for the report year."""
    return SynergyContext(status, path, sha256, synthetic, years_in_file)
