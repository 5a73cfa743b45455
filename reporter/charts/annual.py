"""The annual report's charts as Altair specifications, rendered to SVG offline.

Trend bars with the three-year moving average per area and pollutant, the CO2 × LAPeq quadrant
scatter coloured by key region with the ten best ranked named, and the class shares. Words
come from the report's catalogue; colours and sizes from ``templates/annual/style.yaml``.
Label positions on the scatter are layout, worked out in ``labels`` so no two names overlap.
Specifications skip Altair's schema validation (seconds per report); the tests validate them.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from ..annual.context import AnnualContext, AreaContext, TrendContext
from ..annual.indicators import Indicator
from ..annual.labels import leader, place_labels, text_width
from ..annual.synergy_section import SynergyContext
from ..render.templating import fmt_share
from . import style as style_module
from .draw import to_svg
from .style import Medium, as_medium

STYLE_KEYS = ("bar_colors", "region_colors", "class_colors", "trend", "scatter", "classes",
              "scatter_narrow", "classes_narrow", "indicator", "indicator_colors")  # fmt: skip


def load_style(user_dir: Path | None = None) -> dict[str, Any]:
    """Chart colours and sizes, from the user's template folder if it has them."""
    return style_module.load_style("annual", STYLE_KEYS, user_dir)


# -- trends ------------------------------------------------------------------------------------
def trend_chart(t: TrendContext, words: dict, medium: Medium | dict) -> dict[str, Any]:
    """Annual values as bars and the three-year moving average as a dotted line.

    Each bar's value is written inside it, at its foot: the average line runs near the bar
    tops, where a label above the bar would collide with it.
    """
    import altair as alt

    medium = as_medium(medium)
    style = medium.style

    annual, moving = words["chart"]["annual_value"], words["chart"]["moving_average"]
    bars = [
        {"year": str(p.year), "value": p.value, "label": str(p.value), "series": annual}
        for p in t.points
        if p.value is not None
    ]
    line = [
        {"year": str(p.year), "value": p.moving_average, "series": moving}
        for p in t.points
        if p.moving_average is not None
    ]
    years = [str(p.year) for p in t.points]
    top = max([r["value"] for r in bars + line] + [1]) * 1.08
    color = alt.Color(
        "series:N",
        scale=alt.Scale(
            domain=[annual, moving],
            range=[style["bar_colors"][t.key], style.get("moving_average_color", "#1d2730")],
        ),
        title=None,
        legend=alt.Legend(orient="bottom", direction="horizontal", symbolStrokeWidth=2),
    )
    x = alt.X("year:O", sort=years, scale=alt.Scale(domain=years), title=None,
              axis=alt.Axis(labelAngle=0))  # fmt: skip
    y = alt.Y("value:Q", title=words["chart"]["concentration"], scale=alt.Scale(domain=[0, top]))
    base = alt.Chart(alt.Data(values=bars)).encode(x=x)
    layers = [
        base.mark_bar(width={"band": 0.62}).encode(y=y, color=color),
        base.mark_text(baseline="bottom", dy=-3, color="#1d2730").encode(
            y=alt.datum(0), text="label:N"
        ),
    ]
    if line:
        trend = alt.Chart(alt.Data(values=line)).encode(x=x, y=y, color=color)
        layers += [
            trend.mark_line(strokeDash=[4, 3], strokeWidth=1.8),
            trend.mark_point(filled=True, size=22, opacity=1),
        ]
    size = style["trend"]
    chart = alt.layer(*layers).properties(width=size["width"], height=size["height"])
    return style_module.configure(chart, medium, validate=False)


# -- the quadrant scatter ----------------------------------------------------------------------
def _span(values: list[float], step: float = 10.0) -> tuple[float, float]:
    """Axis limits on whole steps around the values, zero always inside."""
    low, high = min([*values, 0.0]), max([*values, 0.0])
    return math.floor(low / step - 0.25) * step, math.ceil(high / step + 0.25) * step


def scatter_chart(
    s: SynergyContext, lang: str, words: dict, medium: Medium | dict
) -> dict[str, Any]:
    """CO2 against LAPeq reduction rates, one point per ranked city, by key region."""
    import altair as alt

    medium = as_medium(medium)
    style = medium.style

    size = style["scatter"]
    width, height = size["width"], size["height"]
    narrow = medium.screen and medium.width is not None
    if narrow:  # a phone: the plot takes what the axes leave, labels placed at that size
        fit = style["scatter_narrow"]
        width = max(160, medium.width - fit["beside"])  # type: ignore[operator]
        height = max(round(height * width / size["width"]), fit["min_height"])
    label_size = style.get("label_size", 10)
    other = words["other_cities"]
    names = {r.id: getattr(r.name, lang) for r in s.regions}
    palette = list(style["region_colors"])
    domain = [*names.values(), other]
    colors = [palette[i % len(palette)] for i in range(len(names))] + [style["other_color"]]
    points = [p for p in s.points if p.co2 is not None and p.lapeq is not None]
    x0, x1 = _span([p.co2 for p in points])  # type: ignore[misc]
    y0, y1 = _span([p.lapeq for p in points])  # type: ignore[misc]

    def px(x: float, y: float) -> tuple[float, float]:
        return (x - x0) / (x1 - x0) * width, height - (y - y0) / (y1 - y0) * height

    def data(cx: float, cy: float) -> tuple[float, float]:
        return x0 + cx / width * (x1 - x0), y0 + (height - cy) / height * (y1 - y0)

    rows = [
        {
            "co2": p.co2,
            "lapeq": p.lapeq,
            "region": names.get(p.region or "", other),
            "name": getattr(p.name, lang),
            "rank": p.rank,
            "labelled": p.labelled,
        }
        for p in points
    ]
    labelled = sorted((p for p in points if p.labelled), key=lambda p: p.rank)
    spots = place_labels(
        [(*px(p.co2, p.lapeq), getattr(p.name, lang)) for p in labelled],  # type: ignore[arg-type]
        [px(p.co2, p.lapeq) for p in points if not p.labelled],  # type: ignore[arg-type]
        width,
        height,
        label_size,
    )
    labels, leaders = [], []
    for p, (cx, cy, box) in zip(labelled, spots, strict=True):
        lx, ly = data(cx, cy)
        labels.append({"x": lx, "y": ly, "text": getattr(p.name, lang)})
        ppx, ppy, ex, ey = leader(*px(p.co2, p.lapeq), box)  # type: ignore[arg-type]
        if math.hypot(ex - ppx, ey - ppy) > 7:
            (ax, ay), (bx, by) = data(ppx, ppy), data(ex, ey)
            leaders.append({"x": ax, "y": ay, "x2": bx, "y2": by})
    xs = alt.Scale(domain=[x0, x1], nice=False, zero=False)
    ys = alt.Scale(domain=[y0, y1], nice=False, zero=False)
    axis_x = alt.X("co2:Q", scale=xs, title=words["chart"]["co2_axis"])
    axis_y = alt.Y("lapeq:Q", scale=ys, title=words["chart"]["lapeq_axis"])
    zero = style.get("zero_line_color", "#7a8791")
    corners = [
        {"x": x1, "y": y1, "q": "I", "align": "right", "baseline": "top"},
        {"x": x0, "y": y1, "q": "II", "align": "left", "baseline": "top"},
        {"x": x0, "y": y0, "q": "III", "align": "left", "baseline": "bottom"},
        {"x": x1, "y": y0, "q": "IV", "align": "right", "baseline": "bottom"},
    ]
    layers = [
        alt.Chart(alt.Data(values=[{"v": 0}])).mark_rule(color=zero, strokeWidth=0.8)
        .encode(x=alt.X("v:Q", scale=xs)),
        alt.Chart(alt.Data(values=[{"v": 0}])).mark_rule(color=zero, strokeWidth=0.8)
        .encode(y=alt.Y("v:Q", scale=ys)),
    ]  # fmt: skip
    for corner in corners:  # quadrant numbers, inside the plot's corners
        layers.append(
            alt.Chart(alt.Data(values=[corner]))
            .mark_text(align=corner["align"], baseline=corner["baseline"],
                       dx=6 if corner["align"] == "left" else -6,
                       dy=4 if corner["baseline"] == "top" else -4,
                       fontSize=14, fontWeight="bold", color="#aab4bc")
            .encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), text="q:N")
        )  # fmt: skip
    color = alt.Color(
        "region:N",
        scale=alt.Scale(domain=domain, range=colors),
        title=words["chart"]["region_legend"],
        legend=alt.Legend(
            orient="bottom",
            direction="horizontal",
            columns=1 if narrow else 3,
            labelLimit=width if narrow else 330,
        ),
    )
    base = alt.Chart(alt.Data(values=rows)).encode(x=axis_x, y=axis_y, color=color)
    layers.append(
        base.transform_filter("!datum.labelled").mark_circle(
            size=size["point_size"], opacity=1, stroke="white", strokeWidth=0.5
        )
    )
    if leaders:
        layers.append(
            alt.Chart(alt.Data(values=leaders))
            .mark_rule(color="#4a5560", strokeWidth=0.6)
            .encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), x2="x2:Q", y2="y2:Q")
        )
    layers.append(
        base.transform_filter("datum.labelled").mark_circle(
            size=size["labelled_size"], opacity=1, stroke="#1d2730", strokeWidth=1
        )
    )
    if labels:
        layers.append(
            alt.Chart(alt.Data(values=labels))
            .mark_text(align="center", baseline="middle", fontSize=label_size, color="#1d2730")
            .encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), text="text:N")
        )
    chart = alt.layer(*layers).properties(width=width, height=height)
    # A fixed plot: its labels were placed for this size, which fitting would change.
    return style_module.configure(chart, _fixed(medium), validate=False)


def _fixed(medium: Medium) -> Medium:
    """The medium without a width to fit: the chart has set its own plot size for it."""
    return Medium(medium.name, medium.style, medium.font)


# -- class shares ------------------------------------------------------------------------------
def class_chart(s: SynergyContext, words: dict, medium: Medium | dict) -> dict[str, Any]:
    """The share of cities per class, one stacked bar per ranking, labelled where it fits."""
    import altair as alt

    medium = as_medium(medium)
    style = medium.style

    size = dict(style["classes"])
    label_size = style.get("label_size", 10)
    narrow = medium.screen and medium.width is not None
    if narrow:  # a phone: the bars take what the ranking names leave
        size["width"] = max(140, medium.width - style["classes_narrow"]["beside"])  # type: ignore[operator]
    rows, labels = [], []
    rankings = [("emissions", s.classes), ("air", s.classes_air)]
    for ranking, classes in rankings:
        start = 0.0
        for c in classes:
            share = c.share or 0.0
            name = words["rankings"][ranking]
            rows.append({"ranking": name, "cls": words["classes"][c.name], "share": share,
                         "start": start, "end": start + share})  # fmt: skip
            text = f"{c.count} ({fmt_share(c.share)})"
            if text_width(text, label_size) + 6 < share / 100 * size["width"]:
                labels.append({"ranking": name, "mid": start + share / 2, "text": text})
            start += share
    order = [words["rankings"][r] for r, classes in rankings if classes]
    domain = [words["classes"][name] for name in ("I", "II", "III")]
    colors = [style["class_colors"][name] for name in ("I", "II", "III")]
    y = alt.Y("ranking:N", sort=order, title=None, axis=alt.Axis(labelLimit=200))
    xs = alt.Scale(domain=[0, 100], nice=False)
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(height={"band": 0.66})
        .encode(
            y=y,
            x=alt.X("start:Q", scale=xs, title=words["chart"]["share_axis"]),
            x2="end:Q",
            color=alt.Color(
                "cls:N",
                scale=alt.Scale(domain=domain, range=colors),
                title=None,
                legend=alt.Legend(
                    orient="bottom", direction="horizontal", columns=1 if narrow else alt.Undefined
                ),
            ),
        )
    )
    text = (
        alt.Chart(alt.Data(values=labels))
        .mark_text(color="white", fontWeight="bold", fontSize=label_size)
        .encode(y=y, x=alt.X("mid:Q", scale=xs), text="text:N")
    )
    chart = (bars + text).properties(width=size["width"], height=size["row_height"] * len(order))
    return style_module.configure(chart, _fixed(medium), validate=False)


# -- outside indicators ------------------------------------------------------------------------
def indicator_chart(
    ind: Indicator, lang: str, words: dict, medium: Medium | dict
) -> dict[str, Any]:
    """An outside indicator as bars (grouped by series) or lines, each value labelled as given.

    Positions come from the values; the labels are the CSV's own text, never reformatted.
    """
    import altair as alt

    medium = as_medium(medium)
    style = medium.style

    size = style["indicator"]
    names = [getattr(s.name, lang) for s in ind.series]
    order = [getattr(ind.label(r.category), lang) for r in ind.rows]
    rows = [
        {"cat": getattr(ind.label(r.category), lang), "series": name, "value": ind.number(v),
         "label": v}
        for r in ind.rows
        for name, v in zip(names, r.values, strict=True)
        if v is not None
    ]  # fmt: skip
    palette = list(style["indicator_colors"])
    color = alt.Color(
        "series:N",
        scale=alt.Scale(domain=names, range=[palette[i % len(palette)] for i in range(len(names))]),
        title=None,
        legend=alt.Legend(orient="bottom", direction="horizontal", labelLimit=330)
        if len(names) > 1
        else None,
    )
    x = alt.X("cat:N", sort=order, scale=alt.Scale(domain=order), title=None,
              axis=alt.Axis(labelAngle=0, labelLimit=120))  # fmt: skip
    y = alt.Y("value:Q", title=getattr(ind.unit, lang), scale=alt.Scale(zero=True))
    base = alt.Chart(alt.Data(values=rows)).encode(x=x, y=y, color=color)
    if ind.chart == "line":
        marks = [base.mark_line(strokeWidth=1.8), base.mark_point(filled=True, size=28)]
        text = base.mark_text(dy=-9, color="#1d2730").encode(text="label:N")
    else:
        offset = alt.XOffset("series:N", sort=names) if len(names) > 1 else alt.Undefined
        marks = [base.mark_bar().encode(xOffset=offset)]
        text = base.mark_text(baseline="bottom", dy=-3, color="#1d2730").encode(
            text="label:N", xOffset=offset
        )
    chart = alt.layer(*marks, text).properties(width=size["width"], height=size["height"])
    return style_module.configure(chart, medium, validate=False)


def indicator_charts(content: Any, lang: str, words: dict, style: dict | Medium) -> dict[str, str]:
    """The charts of the outside indicators drawn as charts (not tables), by name."""
    if content is None:
        return {}
    return {
        f"indicator-{ind.id}": to_svg(indicator_chart(ind, lang, words, style))
        for ind in content.indicators.values()
        if ind.chart != "table"
    }


# -- all charts of one language ----------------------------------------------------------------
def chart_name(area: AreaContext, key: str) -> str:
    return f"trend-{area.id}-{key}"


def report_charts(
    ctx: AnnualContext, lang: str, words: dict, style: dict | Medium
) -> dict[str, str]:
    """Every chart of the report in one language, as SVG text by name."""
    charts: dict[str, str] = {}
    for area in ctx.areas:
        for key in ("pm25", "o3"):
            t = area.trend(key)
            if any(p.value is not None for p in t.points):
                charts[chart_name(area, key)] = to_svg(trend_chart(t, words, style))
    if ctx.synergy.ok and ctx.synergy.points:
        charts["synergy-scatter"] = to_svg(scatter_chart(ctx.synergy, lang, words, style))
        charts["synergy-classes"] = to_svg(class_chart(ctx.synergy, words, style))
    return charts
