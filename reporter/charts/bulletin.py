"""Bulletin charts as Altair specifications, rendered to SVG with vl-convert (no browser, no CDN).

Four charts per pollutant: band counts, a point map of city values, the 13-month national
trend and the key regions' year-on-year change. Charts carry no pollutant names (the font has
no subscript digits); the HTML caption around each chart names the pollutant properly.
Words (axis titles, legends) come from the language catalogue. Each builder makes its chart
for a medium (reporter.charts.style.Medium): print, with the colours and sizes of
``templates/charts/style.yaml`` and the embedded font, or screen, with the site's
(``templates/site/style.yaml``) and the reader's fonts. The site draws these same builders.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from ..bulletin.narrative import NarrativeContext, PollutantContext
from ..errors import ConfigError, InputError
from ..figures import Figures
from ..render.templating import fmt_share, fmt_signed_pct
from . import style as style_module
from .draw import to_svg
from .style import Medium, as_medium

_registered_fonts: set[str] = set()
# Longitude/latitude box of the point map: the mainland, Hainan and the coast (registry cities).
EXTENT = [[72, 17], [136, 54]]


def load_style(user_dir: Path | None = None) -> dict[str, Any]:
    """Chart colours and sizes, from the user's template folder if it has them."""
    return style_module.load_style(
        "charts", ("band_colors", "map", "bars", "trend", "regions"), user_dir
    )


def register_fonts(font_dir: Path) -> None:
    """Give vl-convert the bulletin's CJK font, or Chinese labels fall back to a Latin font."""
    import vl_convert

    key = str(Path(font_dir).resolve())
    if key not in _registered_fonts:
        vl_convert.register_font_directory(key)
        _registered_fonts.add(key)


def _band_colors(key: str, n_bands: int, medium: Medium) -> list[str]:
    colors = list(medium.style["band_colors"].get(key, []))
    if len(colors) != n_bands:
        folder = "site" if medium.screen else "charts"
        raise ConfigError(
            f"templates/{folder}/style.yaml",
            [f"band_colors.{key}: {len(colors)} colours for {n_bands} bands in data/bands.yaml"],
        )
    return colors


def band_bars(p: PollutantContext, lang: str, words: dict, medium: Medium | dict) -> dict[str, Any]:
    """City counts per concentration band, each bar labelled with its count and share."""
    import altair as alt

    medium = as_medium(medium)
    style = medium.style

    rows = [
        {
            "band": getattr(b.label, lang),
            "count": b.count,
            "label": f"{b.count} ({fmt_share(b.share)})",
        }
        for b in p.bands
    ]
    order = [r["band"] for r in rows]
    color = alt.Color(
        "band:N",
        scale=alt.Scale(domain=order, range=_band_colors(p.key, len(rows), medium)),
        legend=None,
    )
    x = alt.X("band:N", sort=order, title=words["chart"]["band_axis"], axis=alt.Axis(labelAngle=0))
    base = alt.Chart(alt.Data(values=rows)).encode(x=x)
    # Headroom above the tallest bar, so its label stays inside the chart.
    top = max([r["count"] for r in rows] + [1]) * 1.18
    y = alt.Y("count:Q", title=words["chart"]["count_axis"], scale=alt.Scale(domain=[0, top]))
    bars = base.mark_bar().encode(y=y, color=color)
    # Print: a point smaller than the axes, to fit the column; screen: the axes' size (legible).
    label_size = style.get("font_size", 11) - (0 if medium.screen else 1)
    labels = base.mark_text(dy=-7, fontSize=label_size).encode(y="count:Q", text="label:N")
    size = style["bars"]
    chart = (bars + labels).properties(width=size["width"], height=size["height"])
    return style_module.configure(chart, medium)


def city_map(
    figures: Figures,
    p: PollutantContext,
    lang: str,
    words: dict,
    medium: Medium | dict,
    boundary: Path | None = None,
) -> dict[str, Any]:
    """City values as points at their longitude and latitude, coloured by band.

    No boundary layer unless the user supplies one: published maps of China must use an
    approved base map, so none is shipped.
    """
    import altair as alt

    medium = as_medium(medium)
    style = medium.style

    labels = [getattr(b.label, lang) for b in p.bands]
    no_data = words["chart"]["no_data"]
    rows = []
    for city in figures.cities:
        value = getattr(city, f"{p.key}_published")
        band = getattr(city, f"{p.key}_band")
        rows.append(
            {
                "lon": city.lon,
                "lat": city.lat,
                "name": getattr(city, f"name_{lang}"),
                "band": labels[band] if band is not None else no_data,
                "value": value,
            }
        )
    size = style["map"]
    # The style's projection (the site: an equal-area conic, as atlases draw China).
    projection = alt.Projection(**size.get("projection", {"type": "equirectangular"}))
    layers = [
        # A lon/lat grid over China's extent only: it also fixes what the projection fits.
        alt.Chart(alt.graticule(extent=EXTENT, step=[10, 10]))
        .mark_geoshape(stroke=style.get("graticule_color", "#ddd"), strokeWidth=0.5, fill=None)
        .project(**projection.to_dict())
    ]
    if boundary is not None:
        layers.append(
            alt.Chart(alt.Data(values=boundary_features(boundary)))
            .mark_geoshape(stroke=style.get("boundary_color", "#888"), strokeWidth=0.6, fill=None)
            .project(**projection.to_dict())
        )
    colors = [*_band_colors(p.key, len(labels), medium), style.get("no_data_color", "#bbb")]
    layers.append(
        alt.Chart(alt.Data(values=rows))
        .mark_circle(size=size["point_size"], opacity=1, stroke="white", strokeWidth=0.4)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            color=alt.Color(
                "band:N",
                scale=alt.Scale(domain=[*labels, no_data], range=colors),
                title=words["chart"]["legend_band"],
                legend=alt.Legend(
                    orient="bottom",
                    direction="horizontal",
                    # A phone's width holds two bands a row under the legend's title.
                    **(
                        {"columns": 2, "titleOrient": "top"}
                        if medium.screen
                        else {"titleOrient": "left"}
                    ),
                ),
            ),
        )
        .project(**projection.to_dict())
    )
    height = size["height"]
    if medium.width:  # a narrower screen: the same shape
        height = round(height * medium.width / size["width"])
    chart = alt.layer(*layers).properties(width=size["width"], height=height)
    return style_module.configure(chart, medium)


def boundary_features(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(path, "boundary file not found") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"not a GeoJSON file ({exc})") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise InputError(path, "expected a GeoJSON FeatureCollection", field="type")
    return list(data.get("features") or [])


def trend_line(
    p: PollutantContext, lang: str, words: dict, medium: Medium | dict
) -> dict[str, Any]:
    """The national value month by month, the current month last."""
    import altair as alt

    medium = as_medium(medium)
    style = medium.style

    points = [t for t in p.trend if t.value is not None]
    # Label the first and last months and the extremes only: thirteen labels on a curve overlap.
    marked = set()
    if points:
        marked = {id(points[0]), id(points[-1])}
        marked.add(id(min(points, key=lambda t: t.value)))
        marked.add(id(max(points, key=lambda t: t.value)))
    rows = [
        {
            "month": f"{t.year}.{t.month:02d}",
            "value": t.value,
            "label": str(t.value) if id(t) in marked else "",
        }
        for t in points
    ]
    order = [f"{t.year}.{t.month:02d}" for t in p.trend]
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X(
            "month:O",
            sort=order,
            scale=alt.Scale(domain=order),
            title=None,
            axis=alt.Axis(labelAngle=-50),
        ),
        y=alt.Y("value:Q", title=words["chart"]["value_axis"], scale=alt.Scale(zero=True)),
    )
    color = style.get("line_colors", {}).get(p.key, "#1f5f8b")
    size = style["trend"]
    line = base.mark_line(color=color, strokeWidth=2) + base.mark_point(
        color=color, filled=True, size=size.get("point_size", 28)
    )
    labels = base.mark_text(dy=-9, color="#333").encode(text="label:N")
    chart = (line + labels).properties(width=size["width"], height=size["height"])
    return style_module.configure(chart, medium)


def region_bars(
    p: PollutantContext, lang: str, words: dict, medium: Medium | dict
) -> dict[str, Any]:
    """Year-on-year change of each key region, coloured by direction."""
    import altair as alt

    medium = as_medium(medium)
    style = medium.style

    rows = [
        {
            "region": getattr(r.name, lang),
            "pct": r.yoy.signed_pct,
            "direction": r.yoy.direction,
            "label": fmt_signed_pct(r.yoy.signed_pct),
        }
        for r in p.regions
        if r.yoy.direction is not None
    ]
    colors = style.get("direction_colors", {})
    size = dict(style["regions"])
    axis: dict[str, Any] = {"labelLimit": 320}
    if medium.width:  # names left, labels right: the bars take what a screen's width leaves
        size["width"] = max(120, medium.width - size.get("beside", 230))
        # Long names break between words into lines of at most `wrap` characters.
        wrap = int(size.get("wrap", 22))
        axis["labelExpr"] = (
            f"split(trim(replace(datum.label, regexp('(.{{1,{wrap}}})(\\\\s+|$)', 'g'), "
            "'$1\\n')), '\\n')"
        )
        if any(len(r["region"]) > wrap for r in rows):
            size["row_height"] = size.get("wrapped_row_height", size["row_height"])
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("region:N", sort=None, title=None, axis=alt.Axis(**axis)),
        x=alt.X("pct:Q", title=words["chart"]["yoy_axis"]),
    )
    bars = base.mark_bar(height={"band": 0.7}).encode(
        color=alt.Color(
            "direction:N",
            scale=alt.Scale(
                domain=["up", "down", "flat"],
                range=[colors.get("up"), colors.get("down"), colors.get("flat")],
            ),
            legend=None,
        )
    )
    labels = base.mark_text(align="left", dx=4, color="#333").encode(
        text="label:N", x=alt.value(size["width"] + 4)
    )
    chart = (bars + labels).properties(width=size["width"], height=size["row_height"] * len(rows))
    if medium.screen:  # a fixed plot: its labels sit beyond it, where fitting cannot see them
        return style_module.configure(chart, Medium(medium.name, style, medium.font))
    return style_module.configure(chart, medium)


_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.DOTALL)


def svg_text(svg: str) -> str:
    """The words an SVG draws, for the glyph check."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", t)) for t in _TEXT.findall(svg))


def bulletin_charts(
    context: NarrativeContext,
    figures: Figures,
    lang: str,
    words: dict,
    style: dict | Medium,
    boundary: Path | None = None,
) -> dict[str, dict[str, str]]:
    """Every chart of one language as SVG text: {"pm25": {"map": svg, …}, "o3": {…}}."""
    charts: dict[str, dict[str, str]] = {}
    for key in ("pm25", "o3"):
        p = context.pollutant(key)
        charts[key] = {}
        if p.valid:
            charts[key]["map"] = to_svg(city_map(figures, p, lang, words, style, boundary))
            charts[key]["bands"] = to_svg(band_bars(p, lang, words, style))
            if any(r.yoy.direction for r in p.regions):
                charts[key]["regions"] = to_svg(region_bars(p, lang, words, style))
        if any(t.value is not None for t in p.trend):
            charts[key]["trend"] = to_svg(trend_line(p, lang, words, style))
    return charts
