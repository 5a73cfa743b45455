"""The narrative context: what the analysis sentences need, selected from the figures object.

Templates (``templates/narrative/<lang>/analysis.j2``) turn this context into sentences; they
format numbers but never compute them. What the figures object does not carry directly is
derived here, and only here, from figures:
  - the size of a change without its sign (the words 上升/下降, rose/fell carry the sign);
  - the data note (sources, coverage, rules, exclusions): ``reporter.context.data_note``, the
    one the annual report prints too;
  - the national value of each of the last 13 months (each month's own figures object).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..context import ChangeContext, DataNote, ExclusionContext, Name, data_note
from ..context import change_context as _change
from ..figures import Figures, PollutantFigures
from ..store import Store

POLLUTANTS = ("pm25", "o3")

__all__ = ["ChangeContext", "DataNote", "ExclusionContext", "Name", "NarrativeContext"]


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
class NarrativeContext:
    period: str
    year: int
    month: int
    note: DataNote  # sources, coverage, rules, exclusions, synthetic flag (the data note)
    pm25: PollutantContext
    o3: PollutantContext
    others: tuple = ()  # official.ValueContext: PM10, SO2, NO2, CO
    ytd: object = None  # official.YtdContext from February on, else None

    def pollutant(self, key: str) -> PollutantContext:
        return getattr(self, key)

    @property
    def synthetic(self) -> bool:
        """Whether the month's figures come from the synthetic demo feeds (for code; templates
        read `note.synthetic`)."""
        return self.note.synthetic


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
    year, month = (int(part) for part in figures.period.split("-"))
    return NarrativeContext(
        period=figures.period,
        year=year,
        month=month,
        note=data_note(figures, registry),
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
