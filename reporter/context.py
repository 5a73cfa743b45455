"""Context types both documents share, selected from a figures object: names in both languages,
changes ready for words, and the data note (sources, coverage, rules, exclusions, synthetic flag).

The monthly bulletin (``bulletin/narrative.py``) and the annual report (``annual/context.py``)
print their data notes from one `DataNote`, built by `data_note` from the period's figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .figures import Change, Figures


@dataclass(frozen=True)
class Name:
    zh: str
    en: str


@dataclass(frozen=True)
class ChangeContext:
    """A percent change ready for words: direction plus size, or unavailable (direction None)."""

    direction: str | None  # "up", "down", "flat"; None when there is nothing to compare with
    pct: float | None  # published percent without its sign
    signed_pct: float | None  # published percent with its sign (tables, charts)
    n_cities: int


def change_context(change: Change | None) -> ChangeContext:
    """The size of a change without its sign: the words (上升/下降, rose/fell) carry the sign."""
    if change is None or change.direction is None or change.pct_published is None:
        return ChangeContext(None, None, None, change.n_cities if change else 0)
    return ChangeContext(
        change.direction, abs(change.pct_published), change.pct_published, change.n_cities
    )


@dataclass(frozen=True)
class ExclusionContext:
    city: Name
    pollutant: str
    days: int | None  # valid days found; None when a monthly table gave no value
    needed: int


@dataclass(frozen=True)
class DataNote:
    """What the data note prints about the figures of one period (a month, a year)."""

    synthetic: bool  # the figures come from the synthetic demo feeds
    rule_set: Name
    daily_min_hours: int
    o3_min_windows: int
    o3_exceedance: int | float  # HJ 663: an MDA8 above it stands with fewer valid windows
    min_days: int  # valid days a period value needs
    registry_cities: int
    cities_with_data: int
    sources: dict[str, int]  # cities per data source (hourly, daily, monthly), by name
    exclusions: tuple[ExclusionContext, ...]  # city values left out for too few valid days
    cities_without_data: tuple[Name, ...]


def english_name(name_zh: str, registry: Any, known: Any = None) -> Name:
    """A city in both languages: from its figures, else the registry, else its Chinese name."""
    city = known or registry.resolve(name_zh)
    return Name(name_zh, city.name_en if city else name_zh)


def data_note(figures: Figures, registry: Any = None) -> DataNote:
    """The data note of one period's figures; English names of cities the figures list only in
    Chinese come from the registry."""
    if registry is None:
        from .settings import load_settings

        registry = load_settings().registry  # the project's; builds pass their --data-dir's
    by_code = {c.code: c for c in figures.cities}
    needed = figures.validity["min_days"]
    exclusions = []
    for e in figures.excluded:
        city = by_code.get(e.code)
        days = getattr(city, "pm25_days" if e.pollutant == "pm25" else "o3_days", None)
        name = english_name(e.name_zh, registry, city)
        exclusions.append(ExclusionContext(name, e.pollutant, days, needed))
    sources: dict[str, int] = {}
    for city in figures.cities:
        sources[city.source] = sources.get(city.source, 0) + 1
    return DataNote(
        synthetic=figures.synthetic,
        rule_set=Name(figures.rule_set.name_zh, figures.rule_set.name_en),
        daily_min_hours=figures.validity["daily_min_hours"],
        o3_min_windows=figures.validity["o3_min_windows"],
        o3_exceedance=figures.validity["o3_exceedance"],
        min_days=needed,
        registry_cities=figures.registry_cities,
        cities_with_data=len(figures.cities),
        sources=dict(sorted(sources.items())),
        exclusions=tuple(exclusions),
        cities_without_data=tuple(english_name(zh, registry) for zh in figures.cities_without_data),
    )
