"""The narrative context: what the analysis sentences need, selected from the figures object.

Templates (``templates/narrative/<lang>/analysis.j2``) turn this context into sentences; they
format numbers but never compute them. What the figures object does not carry directly is
derived here, and only here, from figures:
  - the size of a change without its sign (the words 上升/下降, rose/fell carry the sign);
  - English names of cities without data (the figures list Chinese names; the registry maps them);
  - the number of cities per data source, and why each excluded city value was excluded;
  - the national value of each of the last 13 months (each month's own figures object).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..figures import Change, Figures, PollutantFigures
from ..store import Store

POLLUTANTS = ("pm25", "o3")


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


@dataclass(frozen=True)
class BandContext:
    lower: float | None
    upper: float | None
    count: int
    share: float | None  # published share, two decimals
    label: Name


@dataclass(frozen=True)
class RegionContext:
    id: str
    name: Name
    n_cities: int
    value: int | None
    yoy: ChangeContext
    mom: ChangeContext


@dataclass(frozen=True)
class TrendPoint:
    period: str  # YYYY-MM
    year: int
    month: int
    value: int | None  # the month's published national value; None without valid data


@dataclass(frozen=True)
class PollutantContext:
    key: str  # "pm25" or "o3"
    valid: bool  # False when no city had valid figures: the text says so instead of a blank
    value: int | None
    n_cities: int
    yoy: ChangeContext
    mom: ChangeContext
    bands: tuple[BandContext, ...]
    lowest: tuple[Name, ...]  # every city at the lowest published value (并列)
    lowest_value: int | None
    highest: tuple[Name, ...]
    highest_value: int | None
    regions: tuple[RegionContext, ...]
    trend: tuple[TrendPoint, ...]


@dataclass(frozen=True)
class ExclusionContext:
    city: Name
    pollutant: str
    days: int | None  # valid days found; None when a monthly table gave no value
    needed: int


@dataclass(frozen=True)
class NarrativeContext:
    period: str
    year: int
    month: int
    synthetic: bool
    rule_set: Name
    rule_set_id: str
    daily_min_hours: int
    o3_min_windows: int
    min_days: int
    registry_cities: int
    cities_with_data: int
    sources: dict[str, int]  # cities per data source: hourly, daily, monthly
    exclusions: tuple[ExclusionContext, ...]
    cities_without_data: tuple[Name, ...]
    pm25: PollutantContext
    o3: PollutantContext
    others: tuple = ()  # official.ValueContext: PM10, SO2, NO2, CO
    ytd: object = None  # official.YtdContext from February on, else None

    def pollutant(self, key: str) -> PollutantContext:
        return getattr(self, key)


def _change(change: Change | None) -> ChangeContext:
    if change is None or change.direction is None or change.pct_published is None:
        return ChangeContext(None, None, None, change.n_cities if change else 0)
    return ChangeContext(
        change.direction, abs(change.pct_published), change.pct_published, change.n_cities
    )


def _pollutant(p: PollutantFigures, trend: tuple[TrendPoint, ...]) -> PollutantContext:
    valid = p.published is not None and p.n_cities > 0
    lowest = tuple(Name(c.name_zh, c.name_en) for c in p.min.cities) if p.min else ()
    highest = tuple(Name(c.name_zh, c.name_en) for c in p.max.cities) if p.max else ()
    return PollutantContext(
        key=p.key,
        valid=valid,
        value=p.published,
        n_cities=p.n_cities,
        yoy=_change(p.yoy),
        mom=_change(p.mom),
        bands=tuple(
            BandContext(
                b.lower, b.upper, b.count, b.share_pct_published, Name(b.label_zh, b.label_en)
            )
            for b in p.bands
        ),
        lowest=lowest,
        lowest_value=p.min.value if p.min else None,
        highest=highest,
        highest_value=p.max.value if p.max else None,
        regions=tuple(
            RegionContext(
                r.id,
                Name(r.name_zh, r.name_en),
                r.n_cities,
                r.published,
                _change(r.yoy),
                _change(r.mom),
            )
            for r in p.regions
        ),
        trend=trend,
    )


def build_context(
    figures: Figures,
    trend: dict[str, tuple[TrendPoint, ...]] | None = None,
    registry=None,
    ytd: Figures | None = None,
) -> NarrativeContext:
    """Select and derive, from one month's figures (and its year to date), what sentences print."""
    from .official import others, ytd_context

    if registry is None:
        from ..settings import load_settings

        registry = load_settings().registry  # the project's; builds pass their --data-dir's
    trend = trend or {}
    by_code = {c.code: c for c in figures.cities}
    exclusions = []
    for e in figures.excluded:
        city = by_code.get(e.code)
        days = getattr(city, "pm25_days" if e.pollutant == "pm25" else "o3_days", None)
        name = Name(city.name_zh, city.name_en) if city else Name(e.name_zh, e.name_zh)
        exclusions.append(ExclusionContext(name, e.pollutant, days, figures.validity["min_days"]))
    without = []
    for name_zh in figures.cities_without_data:
        city = registry.resolve(name_zh)
        without.append(Name(name_zh, city.name_en if city else name_zh))
    sources: dict[str, int] = {}
    for city in figures.cities:
        sources[city.source] = sources.get(city.source, 0) + 1
    year, month = (int(part) for part in figures.period.split("-"))
    return NarrativeContext(
        period=figures.period,
        year=year,
        month=month,
        synthetic=figures.synthetic,
        rule_set=Name(figures.rule_set.name_zh, figures.rule_set.name_en),
        rule_set_id=figures.rule_set.id,
        daily_min_hours=figures.validity["daily_min_hours"],
        o3_min_windows=figures.validity["o3_min_windows"],
        min_days=figures.validity["min_days"],
        registry_cities=figures.registry_cities,
        cities_with_data=len(figures.cities),
        sources=dict(sorted(sources.items())),
        exclusions=tuple(exclusions),
        cities_without_data=tuple(without),
        pm25=_pollutant(figures.pm25, trend.get("pm25", ())),
        o3=_pollutant(figures.o3, trend.get("o3", ())),
        others=others(figures, _change),
        ytd=ytd_context(ytd, _change),
    )


# -- sentences ---------------------------------------------------------------------------------
PARAGRAPHS = ("headline", "bands", "regions")


def render_sentences(env, context: NarrativeContext, lang: str) -> dict[str, dict[str, Any]]:
    """The analysis paragraphs, per pollutant: {"pm25": {"headline": Markup, …}, …}."""
    module = env.get_template(f"narrative/{lang}/analysis.j2").make_module({"lang": lang})
    out: dict[str, dict[str, Any]] = {}
    for key in POLLUTANTS:
        p = context.pollutant(key)
        out[key] = {name: getattr(module, name)(context, p) for name in PARAGRAPHS}
    official = env.get_template(f"narrative/{lang}/official.j2").make_module({"lang": lang})
    out["official"] = {name: getattr(official, name)(context) for name in ("others", "ytd")}
    return out


def plain_text(markup: str) -> str:
    """Sentences without tags, spaces collapsed: what a reader copies out of the PDF."""
    import html
    import re

    text = re.sub(r"<[^>]+>", "", str(markup))
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


# -- the 13-month trend ------------------------------------------------------------------------
def trend_series(
    store: Store, figures: Figures, cache_dir: Path | None = None
) -> dict[str, tuple[TrendPoint, ...]]:
    """The chart's 13-month trend, read from the figures object (its `trend`, this month last).

    Figures without a trend (built with `with_trend=False`) get one from the same code.
    """
    points = figures.trend
    if not points:
        from ..stats.summary import month_without_trend
        from ..stats.trend import monthly_trend

        points = monthly_trend(store, figures, month_without_trend, cache_dir=cache_dir)
    return {
        k: tuple(
            TrendPoint(p.period, int(p.period[:4]), int(p.period[5:]), getattr(p, k))
            for p in points
        )
        for k in POLLUTANTS
    }
