"""The annual report's charts on the site, as the bulletin's are (reporter.charts.site): the
report's own builders (reporter.charts.annual) drawn in the screen medium at build time, a wide
and a narrow picture, each with its data as CSV and as a table, its Vega-Lite spec and a text
alternative made from its data. Words come from the report's catalogue
(templates/annual/words.<lang>.yaml, `site`); colours and sizes from its style file.

CSV files hold both languages' names, so both pages link the same file (columns in the README).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..annual.context import AnnualContext, AreaContext, TrendContext
from ..annual.indicators import Indicator
from ..annual.synergy_section import SynergyContext
from ..render.templating import fmt_share
from ..website.inputs import Cache
from . import annual as build
from .site import Chart, Table, chart, to_csv
from .style import Medium

Draw = Callable[[Medium], dict[str, Any]]

TREND_HEADER = ["year", "value", "moving_average", "n_cities"]
SCATTER_HEADER = ["rank", "name_zh", "name_en", "region", "co2_rate_pct", "lapeq_rate_pct",
                  "labelled"]  # fmt: skip
CLASSES_HEADER = ["ranking", "class", "count", "share_pct", "first_rank", "last_rank"]
INDICATOR_HEADER = ["category", "category_zh", "category_en", "series", "series_zh", "series_en",
                    "value"]  # fmt: skip
QUADRANTS = ("I", "II", "III", "IV")


def illustrated_key(name: str) -> str:
    """The key of the paragraph a chart illustrates, by chart name ("": none)."""
    if name.startswith("trend-national-"):
        return f"national.{name.rsplit('-', 1)[1]}"
    if name.startswith("trend-"):
        return f"region.{name[len('trend-') :].rsplit('-', 1)[0]}"
    if name.startswith("indicator-"):
        return ""  # an outside indicator illustrates no paragraph
    return {"synergy-scatter": "synergy_quadrants", "synergy-classes": "synergy_classes"}[name]


def _text(value: Any) -> str:
    return "—" if value is None else str(value)


def _inline(text: str) -> Any:  # -> Markup
    """Staff Markdown of one line (an indicator's title or note), rendered as the page does."""
    from ..render.templating import render_markdown

    return render_markdown(text, inline=True)


def _alt(words: dict[str, Any]) -> dict[str, Any]:
    return words["site"]["alt"]


# -- trends ------------------------------------------------------------------------------------
def trend_data(t: TrendContext) -> str:
    rows = [[p.year, p.value, p.moving_average, p.n_cities] for p in t.points]
    return to_csv(TREND_HEADER, rows)


def trend_table(area: AreaContext, t: TrendContext, lang: str, words: dict) -> tuple[Table, str]:
    """Every year's value and moving average; the alternative names the first and last years,
    the highest and the lowest (the earliest of equal values) and the moving average's ends."""
    w, a = words, _alt(words)
    rows = [[str(p.year), _text(p.value), _text(p.moving_average)] for p in t.points]
    valid = [p for p in t.points if p.value is not None]
    high = max(valid, key=lambda p: p.value)  # type: ignore[arg-type,return-value]
    low = min(valid, key=lambda p: p.value)  # type: ignore[arg-type,return-value]
    text = a["trend"].format(
        area=getattr(area.name, lang), pollutant=w["table"][t.key],
        first_year=valid[0].year, first=valid[0].value,
        last_year=valid[-1].year, last=valid[-1].value,
        high_year=high.year, high=high.value, low_year=low.year, low=low.value,
    )  # fmt: skip
    if t.ma_first is not None and t.ma_last is not None:
        text += a["trend_average"].format(
            ma_first_year=t.ma_first.year, ma_first=t.ma_first.moving_average,
            ma_last_year=t.ma_last.year, ma_last=t.ma_last.moving_average,
        )  # fmt: skip
    header = [w["site"]["year"], w["chart"]["annual_value"], w["chart"]["moving_average"]]
    return Table(header, rows, [False, True, True]), text


# -- the quadrant scatter ----------------------------------------------------------------------
def _scatter_points(s: SynergyContext) -> list[Any]:
    """The points the scatter draws (both rates known), in rank order."""
    return [p for p in s.points if p.co2 is not None and p.lapeq is not None]


def scatter_data(s: SynergyContext) -> str:
    rows = [[p.rank, p.name.zh, p.name.en, p.region, p.co2, p.lapeq, str(p.labelled).lower()]
            for p in _scatter_points(s)]  # fmt: skip
    return to_csv(SCATTER_HEADER, rows)


def scatter_table(s: SynergyContext, lang: str, words: dict) -> tuple[Table, str]:
    """Every city drawn, by rank; the alternative counts the cities in each quadrant."""
    w, a = words, _alt(words)
    names = {r.id: getattr(r.name, lang) for r in s.regions}
    points = _scatter_points(s)
    rows = [[str(p.rank), getattr(p.name, lang), names.get(p.region or "", w["other_cities"]),
             _text(p.co2), _text(p.lapeq)] for p in points]  # fmt: skip
    quadrants = s.quadrants or {}
    items = [a["quadrant_item"].format(quadrant=q, count=quadrants[q])
             for q in QUADRANTS if q in quadrants]  # fmt: skip
    text = a["scatter"].format(n=len(points), base=s.base_year, target=s.target_year,
                               items=a["list_sep"].join(items))  # fmt: skip
    t = w["table"]
    header = [t["rank"], t["city"], t["region"], t["co2_rate"], t["lapeq_rate"]]
    return Table(header, rows, [True, False, False, True, True]), text


# -- class shares ------------------------------------------------------------------------------
def _rankings(s: SynergyContext) -> list[tuple[str, Any]]:
    return [(name, classes) for name, classes in (("emissions", s.classes),
                                                 ("air", s.classes_air)) if classes]  # fmt: skip


def classes_data(s: SynergyContext) -> str:
    rows = [[ranking, c.name, c.count, c.share, c.first_rank, c.last_rank]
            for ranking, classes in _rankings(s) for c in classes]  # fmt: skip
    return to_csv(CLASSES_HEADER, rows)


def classes_table(s: SynergyContext, words: dict) -> tuple[Table, str]:
    """Each ranking's classes with their counts and shares, in the alternative too."""
    w, a = words, _alt(words)
    rows, groups = [], []
    for ranking, classes in _rankings(s):
        name = w["rankings"][ranking]
        items = []
        for c in classes:
            rows.append([name, w["classes"][c.name], str(c.count), fmt_share(c.share)])
            items.append(a["class_item"].format(cls=w["class_short"][c.name], count=c.count,
                                                share=fmt_share(c.share)))  # fmt: skip
        groups.append(a["class_group"].format(ranking=name, items=a["list_sep"].join(items)))
    t = w["table"]
    header = [t["ranking"], t["class"], t["count"], t["share"]]
    return Table(header, rows, [False, False, True, True]), a["classes"].format(
        items=a["sep"].join(groups)
    )


# -- outside indicators ------------------------------------------------------------------------
def indicator_data(ind: Indicator) -> str:
    rows = [[r.category, ind.label(r.category).zh, ind.label(r.category).en, s.column,
             s.name.zh, s.name.en, v]
            for r in ind.rows for s, v in zip(ind.series, r.values, strict=True)]  # fmt: skip
    return to_csv(INDICATOR_HEADER, rows)


def indicator_table(ind: Indicator, lang: str, words: dict) -> tuple[Table, str]:
    """One row per category, one column per series, values as the content's CSV writes them."""
    a = _alt(words)
    names = [getattr(s.name, lang) for s in ind.series]
    rows = [[getattr(ind.label(r.category), lang), *(_text(v) for v in r.values)]
            for r in ind.rows]  # fmt: skip
    items = []
    for r in ind.rows:
        given = [(n, v) for n, v in zip(names, r.values, strict=True) if v is not None]
        values = [v if len(names) == 1 else a["series_value"].format(series=n, value=v)
                  for n, v in given]  # fmt: skip
        items.append(a["indicator_item"].format(category=getattr(ind.label(r.category), lang),
                                                values=a["list_sep"].join(values)))  # fmt: skip
    text = a[f"indicator_{ind.chart}"].format(
        title=_inline(getattr(ind.title, lang)).striptags(), unit=getattr(ind.unit, lang),
        items=a["sep"].join(items),
    )  # fmt: skip
    category = getattr(ind.category, lang) if ind.category else ind.category_column
    table = Table([category, *names], rows, [False, *(True for _ in names)])
    return table, text


# -- every chart of one language ---------------------------------------------------------------
def annual_site_charts(
    ctx: AnnualContext,
    content: Any,
    lang: str,
    words: dict[str, Any],
    style: dict[str, Any],
    sentences: dict[str, Any],
    cache: Cache | None = None,
) -> dict[str, Chart]:
    """The report's charts on the same conditions as the PDF's (reporter.charts.annual
    `report_charts`, `indicator_charts`), by name: `trend-<area>-<key>`, `synergy-scatter`,
    `synergy-classes`, `indicator-<id>`. `sentences` are the page's paragraphs
    (reporter.annual.text.render_sentences): each chart keeps, as plain text, the one it
    illustrates (an indicator illustrates none)."""
    from ..annual.text import chem
    from ..bulletin.narrative import plain_text

    def illustrated(name: str) -> str:
        return plain_text(sentences.get(illustrated_key(name), ""))

    def screen(draw: Callable[[Medium], dict[str, Any]]) -> Draw:
        # The site's screen medium (its fonts, widths) with the report's colours and sizes.
        return lambda medium: draw(replace(medium, style=style))

    def made(name: str, draw: Callable[[Medium], dict[str, Any]], table: Any, **fields: Any):
        return chart(name, lang, screen(draw), cache, data_name=f"{name}.csv", table=table[0],
                     alt=table[1], **fields)  # fmt: skip

    first, last = ctx.years[0], ctx.year
    out: dict[str, Chart] = {}
    for area in ctx.areas:
        for key in ("pm25", "o3"):
            t = area.trend(key)
            if not any(p.value is not None for p in t.points):
                continue
            name = build.chart_name(area, key)
            title = words["site"]["trend_title"].format(
                area=getattr(area.name, lang), pollutant=words["table"][key], first=first,
                last=last,
            )  # fmt: skip
            out[name] = made(
                name,
                lambda medium, t=t: build.trend_chart(t, words, medium),
                trend_table(area, t, lang, words),
                title=chem(title),
                sentence=illustrated(name),
                data=trend_data(t),
            )
    s = ctx.synergy
    if s.ok and s.points:
        scatter_title = words["figures"]["scatter"].format(base=s.base_year, target=s.target_year)
        out["synergy-scatter"] = made(
            "synergy-scatter",
            lambda medium: build.scatter_chart(s, lang, words, medium),
            scatter_table(s, lang, words),
            title=chem(scatter_title),
            sentence=illustrated("synergy-scatter"),
            data=scatter_data(s),
            wide=True,
        )
        out["synergy-classes"] = made(
            "synergy-classes",
            lambda medium: build.class_chart(s, words, medium),
            classes_table(s, words),
            title=chem(words["figures"]["classes"]),
            sentence=illustrated("synergy-classes"),
            data=classes_data(s),
            wide=True,
        )
    for ind in content.indicators.values() if content is not None else ():
        if ind.chart == "table":
            continue
        name = f"indicator-{ind.id}"
        out[name] = made(
            name,
            lambda medium, ind=ind: build.indicator_chart(ind, lang, words, medium),
            indicator_table(ind, lang, words),
            title=_inline(getattr(ind.title, lang)),
            sentence=illustrated(name),
            data=indicator_data(ind),
            note=_inline(getattr(ind.note, lang)) if ind.note else "",
        )
    return out
