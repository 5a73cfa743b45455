"""Synergy rankings (seed 003) of an inventory: per-city rates, classes and ranks, quadrant
counts, and province and key-region means. The rules themselves live in `method`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from ..errors import ReporterError
from ..feeds.emissions import Inventory, InventoryRow
from ..paths import PROJECT_ROOT
from ..registry import City, Registry
from .method import (
    INDICATORS,
    INPUTS,
    KG_PER_TONNE,
    LABELS,
    LAPEQ_WEIGHTS_KG,
    RANKINGS,
    RATE_PLACES,
    SINGLE_RANKS,
    UNITS,
    as_float,
    classify,
    competition_ranks,
    lapeq,
    percent,
    quadrant,
    reduction_rate,
)
from .result import (
    CLASSES,
    QUADRANTS,
    CityRef,
    CitySynergy,
    ClassSummary,
    GroupSynergy,
    IndicatorChange,
    NotRanked,
    QuadrantCounts,
    SourceRef,
    SynergyResult,
    SynergySummary,
    UnknownCityRef,
)


@dataclass
class _Work:
    """One city under computation, in exact numbers."""

    city: City
    base_row: InventoryRow | None
    target_row: InventoryRow | None
    base: dict[str, Fraction | None]
    target: dict[str, Fraction | None]
    rates: dict[str, Fraction | None]
    regions: list[str]


def _values(row: InventoryRow | None, columns: tuple[str, ...]) -> dict[str, Fraction | None]:
    values: dict[str, Fraction | None] = dict.fromkeys(INDICATORS)
    if row is None:
        return values
    for column in columns:
        cell = row.values.get(column)
        values[column] = None if cell is None else Fraction(cell)
    if all(values[c] is not None for c in LAPEQ_WEIGHTS_KG):
        values["lapeq"] = lapeq(values["so2"], values["nox"], values["pm"])  # type: ignore[arg-type]
    return values


def _why_not(work: _Work, pair: tuple[str, str], base: int, target: int) -> tuple[str, str] | None:
    """Why a city cannot be ranked on `pair`, as (reason code, sentence); None if it can."""
    absent = [str(y) for y, r in ((base, work.base_row), (target, work.target_row)) if r is None]
    if absent:
        return "missing_year", f"no row for {' or '.join(absent)}"
    for indicator in pair:
        for column in INPUTS[indicator]:
            for year, row in ((base, work.base_row), (target, work.target_row)):
                if row is not None and row.values.get(column) is None:
                    return "missing_value", f"{column} is empty for {year} (row {row.row})"
    for indicator in pair:
        if work.base[indicator] == 0:
            why = " (so2, nox and pm are all 0)" if indicator == "lapeq" else ""
            return (
                "zero_base",
                f"zero base: {LABELS[indicator]} is 0 in {base}{why}, so its reduction rate "
                "is undefined",
            )
    return None


def _class_summary(classes: dict[str, str], sums: dict[str, Fraction], ranks: dict[str, int]):
    total = len(classes)
    out = {}
    for name in CLASSES:
        members = [code for code, c in classes.items() if c == name]
        share = Fraction(len(members), total) if total else None
        member_ranks = [ranks[code] for code in members]
        out[name] = ClassSummary(
            count=len(members),
            share=as_float(share),
            share_pct_published=percent(share),
            first_rank=min(member_ranks, default=None),
            last_rank=max(member_ranks, default=None),
            n_positive_sum=sum(1 for code in members if sums[code] > 0),
        )
    return out


def _quadrants(works: list[_Work], y: str) -> QuadrantCounts:
    counts = dict.fromkeys(QUADRANTS, 0)
    for work in works:
        x_rate, y_rate = work.rates["co2"], work.rates[y]
        if x_rate is not None and y_rate is not None:
            counts[quadrant(x_rate, y_rate)] += 1
    n = sum(counts.values())
    shares = {q: Fraction(c, n) if n else None for q, c in counts.items()}
    return QuadrantCounts(
        x="co2",
        y=y,
        n_cities=n,
        counts=counts,
        shares={q: as_float(s) for q, s in shares.items()},
        shares_pct_published={q: percent(s) for q, s in shares.items()},
    )


def _group(
    ident: str,
    name_zh: str,
    name_en: str,
    works: list[_Work],
    indicators: list[str],
    classes: dict[str, dict[str, str]],
) -> GroupSynergy:
    means: dict[str, Fraction | None] = {}
    counts: dict[str, int] = {}
    for indicator in indicators:
        rates = [w.rates[indicator] for w in works if w.rates[indicator] is not None]
        counts[indicator] = len(rates)
        means[indicator] = sum(rates, Fraction(0)) / len(rates) if rates else None  # type: ignore[arg-type]
    codes = {w.city.code for w in works}

    def class_counts(ranking: str) -> dict[str, int]:
        found = [c for code, c in classes[ranking].items() if code in codes]
        return {name: found.count(name) for name in CLASSES}

    return GroupSynergy(
        id=ident,
        name_zh=name_zh,
        name_en=name_en,
        n_members=len(works),
        mean_rates={k: as_float(v) for k, v in means.items()},
        mean_rates_pct_published={k: percent(v) for k, v in means.items()},
        n_rates=counts,
        class_emissions=class_counts("emissions"),
        class_air=class_counts("air"),
    )


def compute_synergy(
    inventory: Inventory,
    registry: Registry,
    base: int,
    target: int,
    *,
    synthetic: bool = False,
    software: str = "",
) -> SynergyResult:
    """The synergy result of `inventory` from the `base` year to the `target` year."""
    if base >= target:
        raise ReporterError(f"the base year {base} must be before the target year {target}")
    inventory.require_year(base, "base")
    inventory.require_year(target, "target")
    columns = inventory.columns
    indicators = [i for i in INDICATORS if i in columns or i == "lapeq"]
    regions = registry.regions_on(dt.date(target, 12, 31))
    works: list[_Work] = []
    for code in inventory.codes:
        city = registry.by_code(code)
        base_row, target_row = inventory.get(code, base), inventory.get(code, target)
        base_values, target_values = _values(base_row, columns), _values(target_row, columns)
        rates = {
            i: reduction_rate(base_values[i], target_values[i])  # type: ignore[arg-type]
            if base_values[i] is not None and target_values[i] is not None
            else None
            for i in INDICATORS
        }
        in_regions = [r.id for r in regions if code in r.members]
        works.append(
            _Work(city, base_row, target_row, base_values, target_values, rates, in_regions)
        )

    reasons: dict[str, dict[str, tuple[str, str]]] = {name: {} for name in RANKINGS}
    classes: dict[str, dict[str, str]] = {name: {} for name in RANKINGS}
    sums: dict[str, dict[str, Fraction]] = {name: {} for name in RANKINGS}
    ranks: dict[str, dict[str, int]] = {}
    notes: list[str] = []
    if "aqi" not in columns:
        notes.append("The inventory has no aqi column: the CO2 × AQI ranking is not computed.")
    for name, (x, y) in RANKINGS.items():
        for work in works:
            code = work.city.code
            if y == "aqi" and "aqi" not in columns:
                reasons[name][code] = ("no_aqi_column", "the inventory has no aqi column")
                continue
            why = _why_not(work, (x, y), base, target)
            if why is not None:
                reasons[name][code] = why
                continue
            x_rate, y_rate = work.rates[x], work.rates[y]
            classes[name][code] = classify(x_rate, y_rate)  # type: ignore[arg-type]
            sums[name][code] = x_rate + y_rate  # type: ignore[operator]
        ranks[name] = competition_ranks(
            (code, (CLASSES.index(classes[name][code]), -sums[name][code]))
            for code in classes[name]
        )
    single = {
        indicator: competition_ranks(
            (w.city.code, (-w.rates[indicator],))  # type: ignore[operator]
            for w in works
            if w.rates[indicator] is not None
        )
        for indicator in SINGLE_RANKS
    }

    cities = [_city(w, indicators, reasons, classes, sums, ranks, single) for w in works]
    cities.sort(key=lambda c: (c.rank_emissions is None, c.rank_emissions or 0, c.code))
    not_ranked = [
        NotRanked(w.city.name_zh, w.city.code, name, *reasons[name][w.city.code])
        for w in works
        for name in RANKINGS
        if w.city.code in reasons[name] and reasons[name][w.city.code][0] != "no_aqi_column"
    ]
    provinces: dict[str, list[_Work]] = {}
    for work in works:
        provinces.setdefault(work.city.province_zh, []).append(work)
    province_groups = [
        _group(zh, zh, ws[0].city.province_en, ws, indicators, classes)
        for zh, ws in provinces.items()
    ]
    region_groups = [
        _group(
            r.id,
            r.name_zh,
            r.name_en,
            [w for w in works if w.city.code in r.members],
            indicators,
            classes,
        )
        for r in regions
    ]
    in_file = set(inventory.codes)
    summary = SynergySummary(
        n_registry_cities=len(registry.cities),
        n_cities_in_file=len(in_file),
        n_ranked_emissions=len(classes["emissions"]),
        n_ranked_air=len(classes["air"]),
        n_provinces=len(province_groups),
        n_regions=len(region_groups),
        class_emissions=_class_summary(classes["emissions"], sums["emissions"], ranks["emissions"]),
        class_air=_class_summary(classes["air"], sums["air"], ranks["air"]),
    )
    return SynergyResult(
        base_year=base,
        target_year=target,
        source=SourceRef(_display_path(inventory.path), inventory.sha256, synthetic),
        indicators=indicators,
        units={i: UNITS[i] for i in indicators},
        method={
            "rate": "(base - target) / base; positive = reduced",
            "lapeq_weights_kg": {k: float(v) for k, v in LAPEQ_WEIGHTS_KG.items()},
            "kg_per_tonne": KG_PER_TONNE,
            "classes": "I: both rates > 0; II: exactly one > 0; III: neither (0 is not reduced)",
            "ranking": "class, then the sum of the two rates, larger first; equal sums share "
            "the better rank (1, 2, 2, 4)",
            "regions_on": dt.date(target, 12, 31).isoformat(),
            "rate_places_pct": RATE_PLACES,
        },
        summary=summary,
        cities=cities,
        not_ranked=not_ranked,
        quadrants=[_quadrants(works, y) for y in indicators if y != "co2"],
        provinces=province_groups,
        regions=region_groups,
        cities_without_data=[
            CityRef(c.name_zh, c.code) for c in registry.cities if c.code not in in_file
        ],
        unknown_cities=[UnknownCityRef(u.name, u.rows) for u in inventory.unknown_cities],
        ignored_columns=list(inventory.ignored_columns),
        notes=notes,
        software=software,
    )


def _city(work, indicators, reasons, classes, sums, ranks, single) -> CitySynergy:
    code, city = work.city.code, work.city

    def ranking(name: str) -> tuple:
        total = sums[name].get(code)
        why = reasons[name].get(code)
        return (
            classes[name].get(code),
            ranks[name].get(code),
            as_float(total),
            percent(total),
            why[1] if why else None,
        )

    values = {}
    for indicator in indicators:
        b, t = work.base[indicator], work.target[indicator]
        values[indicator] = IndicatorChange(
            base=as_float(b),
            target=as_float(t),
            reduction=as_float(b - t) if b is not None and t is not None else None,
            rate_pct_published=percent(work.rates[indicator]),
        )
    emissions, air = ranking("emissions"), ranking("air")
    rates = {f"{i}_rate": as_float(work.rates[i]) for i in INDICATORS}
    return CitySynergy(
        city=city.name_zh,
        code=code,
        name_en=city.name_en,
        province_zh=city.province_zh,
        province_en=city.province_en,
        regions=work.regions,
        **rates,
        class_emissions=emissions[0],
        rank_emissions=emissions[1],
        sum_emissions=emissions[2],
        sum_emissions_pct_published=emissions[3],
        reason_emissions=emissions[4],
        class_air=air[0],
        rank_air=air[1],
        sum_air=air[2],
        sum_air_pct_published=air[3],
        reason_air=air[4],
        rank_co2=single["co2"].get(code),
        rank_lapeq=single["lapeq"].get(code),
        rank_aqi=single["aqi"].get(code),
        values=values,
        rows={
            "base": work.base_row.row if work.base_row else None,
            "target": work.target_row.row if work.target_row else None,
        },
    )


def _display_path(path: Path) -> str:
    """The inventory's path relative to the project when it lies inside it: same JSON on any machine."""
    try:
        return Path(path).resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return str(path)
