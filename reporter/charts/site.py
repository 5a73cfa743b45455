"""Site charts: Vega-Lite specs (plain JSON) with their data as CSV, drawn in the reader's browser.

Each chart's spec names its CSV by a relative URL (the page's script resolves it against the
spec's own address), so spec and data sit together and a reader can download the data.
Band colours are a sequential scale from light to dark (``templates/site/style.yaml``): order
survives greyscale printing and colour-blind reading. Charts format values; they never compute.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from ..bulletin.narrative import PollutantContext
from ..config import load_yaml
from ..errors import ConfigError
from ..figures import Figures
from ..render.templating import fmt_signed_pct
from ..website.inputs import MonthValue
from ..website.templating import SITE_TEMPLATES


@dataclass
class Chart:
    """One chart: its spec (per language), its data (shared by languages) and its text alternative."""

    name: str  # file stem of the spec: <name>-<lang>.vegalite.json (".vl" would read as a language)
    data_name: str  # file name of its CSV, next to the spec
    title: str
    sentence: str  # the sentence it illustrates: its caption and text alternative
    spec: dict[str, Any]
    data: str  # CSV text
    wide: bool = False  # takes the page's whole width (maps, long series)
    note: str = ""  # a remark under the sentence (what a map is not)

    def spec_file(self, lang: str) -> str:
        return f"{self.name}-{lang}.vegalite.json"


@lru_cache(maxsize=1)
def style() -> dict[str, Any]:
    path = SITE_TEMPLATES / "style.yaml"
    data = load_yaml(path)
    needed = (
        "font",
        "band_colors",
        "direction_colors",
        "line_colors",
        "bars",
        "trend",
        "map",
        "series",
        "regions",
    )
    missing = [k for k in needed if k not in (data or {})]
    if missing:
        raise ConfigError(path, [f"missing '{key}'" for key in missing])
    return data


def to_csv(header: list[str], rows: list[list[Any]]) -> str:
    """CSV text starting with a byte-order mark: Excel on Chinese Windows reads it as UTF-8
    (without one it guesses GBK and shows 北京 as 鍖椾含). Browsers drop the mark on reading."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue()


def _colors(key: str, n: int) -> list[str]:
    colors = list(style()["band_colors"][key])
    if len(colors) != n:
        raise ConfigError(
            SITE_TEMPLATES / "style.yaml",
            [f"band_colors.{key}: {len(colors)} colours for {n} bands in data/bands.yaml"],
        )
    return colors


def _spec(
    lang: str, description: str, data: str, parse: dict[str, str], **rest: Any
) -> dict[str, Any]:
    size = style().get("font_size", 12)
    fonts = style()["font"]
    return {
        # Vega gives the SVG this as its aria-label: what the chart shows, in a few words (its
        # title); the sentence it illustrates is the paragraph above, read once.
        "description": Markup(description).striptags(),
        "data": {"url": data, "format": {"type": "csv", "parse": parse}},
        "config": {
            # Typography per language: Latin faces first in English, CJK first in Chinese.
            "font": fonts[lang] if isinstance(fonts, dict) else fonts,
            "view": {"stroke": None},
            "axis": {"labelFontSize": size, "titleFontSize": size, "titleFontWeight": "normal"},
            # Fewer month ticks when the chart is narrow (a phone), so labels never overlap.
            "axisTemporal": {"tickCount": {"expr": "width < 360 ? 4 : 8"}, "labelOverlap": True},
            "legend": {"labelFontSize": size, "titleFontSize": size, "titleFontWeight": "normal"},
        },
        **rest,
    }


def _reflowing(size: dict[str, Any]) -> dict[str, Any]:
    """Width and autosize of a single-view chart: it fills its column (the screen on a phone)
    instead of shrinking its text with it; the style's width is its width without a column."""
    return {
        "width": "container",
        "height": size["height"],
        "autosize": {"type": "fit-x", "contains": "padding"},
    }


def band_bars(
    figures: Figures, key: str, lang: str, t: dict[str, Any], title: str, sentence: str
) -> Chart:
    """City counts per concentration band, each bar labelled with its count and share."""
    pollutant = getattr(figures, key)
    rows = [
        [i, b.label_zh, b.label_en, b.count, b.share_pct_published]
        for i, b in enumerate(pollutant.bands)
    ]
    colors = _colors(key, len(rows))
    size = style()["bars"]
    label = f"label_{lang}"
    spec = _spec(
        lang,
        title,
        f"bands-{key}.csv",
        {"band": "number", "count": "number", "share_pct": "number"},
        **_reflowing(size),
        transform=[
            {
                "calculate": "datum.count + ' (' + format(datum.share_pct, '.2f') + '%)'",
                "as": "text",
            }
        ],
        encoding={
            "x": {
                "field": label,
                "type": "nominal",
                "sort": [row[1 if lang == "zh" else 2] for row in rows],
                "title": t["chart"]["band_axis"][key],
                "axis": {"labelAngle": 0},
            },
            "y": {"field": "count", "type": "quantitative", "title": t["chart"]["cities_axis"]},
        },
        layer=[
            {
                "mark": {"type": "bar", "stroke": "#333", "strokeWidth": 0.6},
                "encoding": {
                    "color": {
                        "field": "band",
                        "type": "ordinal",
                        "legend": None,
                        "scale": {"domain": list(range(len(rows))), "range": colors},
                    },
                    "tooltip": [
                        {"field": label, "title": t["chart"]["band"]},
                        {"field": "text", "title": t["chart"]["cities_axis"]},
                    ],
                },
            },
            {
                "mark": {"type": "text", "dy": -7, "baseline": "bottom"},
                "encoding": {"text": {"field": "text"}},
            },
        ],
    )
    data = to_csv(["band", "label_zh", "label_en", "count", "share_pct"], rows)
    return Chart(f"bands-{key}", f"bands-{key}.csv", title, sentence, spec, data)


def region_bars(
    p: PollutantContext, lang: str, t: dict[str, Any], title: str, sentence: str
) -> Chart:
    """Each key region's change year on year, as the PDF draws it: bars coloured by direction."""
    rows = [
        [
            i,
            r.id,
            r.name.zh,
            r.name.en,
            r.n_cities,
            r.value,
            r.yoy.signed_pct,
            fmt_signed_pct(r.yoy.signed_pct),
            r.yoy.direction,
        ]
        for i, r in enumerate(p.regions)
        if r.yoy.direction is not None
    ]
    name = f"name_{lang}"
    # The bars leave room for names and labels beside them within a phone's width.
    colors, width = style()["direction_colors"], style()["regions"]["width"]
    spec = _spec(
        lang,
        title,
        f"regions-{p.key}.csv",
        {"order": "number", "n_cities": "number", "value": "number", "yoy_pct": "number"},
        width=width,
        height={"step": 26},
        encoding={
            "y": {
                "field": name,
                "type": "nominal",
                "sort": [row[2 if lang == "zh" else 3] for row in rows],
                "title": None,
                "axis": {"labelLimit": 320},
            },
            "x": {"field": "yoy_pct", "type": "quantitative", "title": t["chart"]["yoy_axis"]},
        },
        layer=[
            {
                "mark": {"type": "bar", "stroke": "#333", "strokeWidth": 0.6},
                "encoding": {
                    "color": {
                        "field": "direction",
                        "type": "nominal",
                        "legend": None,
                        "scale": {
                            "domain": ["up", "down", "flat"],
                            "range": [colors["up"], colors["down"], colors["flat"]],
                        },
                    },
                    "tooltip": [
                        {"field": name, "title": t["chart"]["area"]},
                        {"field": "yoy_label", "title": t["chart"]["yoy"]},
                        {"field": "value", "title": t["chart"]["value"]},
                        {"field": "n_cities", "title": t["chart"]["cities_axis"]},
                    ],
                },
            },
            {
                # Labels in a column right of the bars, as in the PDF: bars of either sign
                # leave them room.
                "mark": {"type": "text", "align": "left"},
                "encoding": {"text": {"field": "yoy_label"}, "x": {"value": width + 6}},
            },
        ],
    )
    header = [
        "order",
        "id",
        "name_zh",
        "name_en",
        "n_cities",
        "value",
        "yoy_pct",
        "yoy_label",
        "direction",
    ]
    data = to_csv(header, rows)
    return Chart(f"regions-{p.key}", f"regions-{p.key}.csv", title, sentence, spec, data)


def trend_line(
    p: PollutantContext, lang: str, t: dict[str, Any], title: str, sentence: str
) -> Chart:
    """The national value month by month, the current month last (months without one left out)."""
    rows = [[point.period, point.value] for point in p.trend]
    size, color = style()["trend"], style()["line_colors"][p.key]
    month = {"field": "month", "type": "temporal", "timeUnit": "yearmonth"}
    spec = _spec(
        lang,
        title,
        f"trend-{p.key}.csv",
        {"month": "date:'%Y-%m'", "value": "number"},
        **_reflowing(size),
        transform=[{"filter": "isValid(datum.value)"}],
        encoding={
            "x": {
                **month,
                "title": None,
                "axis": {
                    "format": "%Y.%m",
                    "labelAngle": -45,
                    "tickCount": {"interval": "month", "step": 2},
                },
            },
            "y": {
                "field": "value",
                "type": "quantitative",
                "title": t["chart"]["value_axis"][p.key],
                "scale": {"zero": True},
            },
        },
        layer=[
            {"mark": {"type": "line", "color": color, "strokeWidth": 2}},
            {
                "mark": {
                    "type": "point",
                    "filled": True,
                    "color": color,
                    "size": size["point_size"],
                },
                "encoding": {
                    "tooltip": [
                        {
                            **month,
                            "title": t["chart"]["month"],
                            "format": t["chart"]["month_format"],
                        },
                        {"field": "value", "title": t["chart"]["value"]},
                    ]
                },
            },
        ],
    )
    data = to_csv(["month", "value"], rows)
    return Chart(f"trend-{p.key}", f"trend-{p.key}.csv", title, sentence, spec, data)


def city_map(
    figures: Figures,
    key: str,
    lang: str,
    t: dict[str, Any],
    title: str,
    sentence: str,
    note: str = "",
) -> Chart:
    """City values as points at their longitude and latitude, coloured by band.

    No boundary layer: published maps of China must use an approved base map, so none is
    shipped; a graticule gives the reader bearings. Cities without a valid value are crosses.
    """
    pollutant = getattr(figures, key)
    labels = [getattr(b, f"label_{lang}") for b in pollutant.bands]
    rows = []
    for city in figures.cities:
        band = getattr(city, f"{key}_band")
        rows.append(
            [
                city.code,
                city.name_zh,
                city.name_en,
                city.lon,
                city.lat,
                getattr(city, f"{key}_published"),
                band,
                None if band is None else pollutant.bands[band].label_zh,
                None if band is None else pollutant.bands[band].label_en,
            ]
        )
    size = style()["map"]
    # An equal-area conic centred on China, as atlases draw it.
    projection = {"type": "conicEqualArea", "parallels": [25, 47], "rotate": [-105, 0]}
    label, name = f"band_{lang}", f"name_{lang}"
    tooltip = [
        {"field": name, "title": t["chart"]["city"]},
        {"field": "value", "title": t["chart"]["value"]},
        {"field": label, "title": t["chart"]["band"]},
    ]
    spec = _spec(
        lang,
        title,
        f"map-{key}.csv",
        {"lon": "number", "lat": "number", "value": "number", "band": "number"},
        **_reflowing(size),
        projection=projection,
        layer=[
            {
                "data": {"graticule": {"extent": [[72, 16], [136, 54]], "step": [10, 10]}},
                "mark": {
                    "type": "geoshape",
                    "aria": False,  # decorative bearings: hidden from screen readers
                    "filled": False,
                    "stroke": "#c8d0d6",
                    "strokeWidth": 0.6,
                },
            },
            {
                "transform": [{"filter": "isValid(datum.value)"}],
                "mark": {
                    "type": "circle",
                    "size": size["point_size"],
                    "opacity": 0.95,
                    "stroke": "#333",
                    "strokeWidth": 0.4,
                },
                "encoding": {
                    "longitude": {"field": "lon", "type": "quantitative"},
                    "latitude": {"field": "lat", "type": "quantitative"},
                    "color": {
                        "field": label,
                        "type": "nominal",
                        "title": t["chart"]["band_axis"][key],
                        "scale": {"domain": labels, "range": _colors(key, len(labels))},
                        "legend": {"orient": "bottom", "direction": "horizontal", "columns": 2},
                    },
                    "tooltip": tooltip,
                },
            },
            {
                "transform": [{"filter": "!isValid(datum.value)"}],
                "mark": {
                    "type": "point",
                    "shape": "cross",
                    "aria": False,  # cities without a value: not announced one by one (they are in the CSV)
                    "size": 30,
                    "color": "#555",
                    "filled": True,
                },
                "encoding": {
                    "longitude": {"field": "lon", "type": "quantitative"},
                    "latitude": {"field": "lat", "type": "quantitative"},
                    "tooltip": [{"field": name, "title": t["chart"]["city"]}],
                },
            },
        ],
    )
    header = ["code", "name_zh", "name_en", "lon", "lat", "value", "band", "band_zh", "band_en"]
    data = to_csv(header, rows)
    return Chart(f"map-{key}", f"map-{key}.csv", title, sentence, spec, data, True, note)


def _month_range(first: str, last: str) -> list[str]:
    """`YYYY-MM` labels from `first` to `last`, inclusive."""
    year, month = int(first[:4]), int(first[5:])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def city_series_chart(
    series: list[MonthValue],
    lang: str,
    t: dict[str, Any],
    bands: dict[str, list[str]],
    title: str,
    sentence: str,
) -> Chart:
    """A city's monthly PM2.5 above its monthly O3, points coloured by band."""
    # Every month from the first to the last, blanks included; a line runs only through
    # consecutive months with a value (the *_segment columns: months without a value so far),
    # so it breaks at a gap.
    by_month = {v.month: v for v in series}
    rows = []
    runs = {"pm25": 0, "o3": 0}
    for month in _month_range(series[0].month, series[-1].month) if series else []:
        v = by_month.get(month)
        values = {"pm25": v.pm25 if v else None, "o3": v.o3 if v else None}
        for key, value in values.items():
            runs[key] += value is None
        rows.append(
            [month, values["pm25"], v.pm25_band if v else None, values["o3"],
             v.o3_band if v else None, runs["pm25"], runs["o3"]]
        )  # fmt: skip
    size = style()["series"]
    panels = []
    for key in ("pm25", "o3"):
        labels = bands[key]
        panels.append(
            {
                "width": size["width"],
                "height": size["height"],
                "transform": [
                    {
                        "calculate": f"isValid(datum.{key}_band) ? "
                        f"{json.dumps(labels, ensure_ascii=False)}[datum.{key}_band] : null",
                        "as": "band_label",
                    },
                ],
                "encoding": {
                    "x": {
                        "field": "month",
                        "type": "temporal",
                        "timeUnit": "yearmonth",
                        "title": None,
                        "axis": {"format": "%Y", "tickCount": "year"},
                    },
                    "y": {
                        "field": key,
                        "type": "quantitative",
                        "title": t["chart"]["value_axis"][key],
                    },
                },
                "layer": [
                    {
                        "transform": [{"filter": f"isValid(datum.{key})"}],
                        "mark": {"type": "line", "color": "#777", "strokeWidth": 1},
                        "encoding": {"detail": {"field": f"{key}_segment", "type": "nominal"}},
                    },
                    {
                        "transform": [{"filter": f"isValid(datum.{key})"}],
                        "mark": {
                            "type": "circle",
                            "size": size["point_size"],
                            "opacity": 1,
                            "stroke": "#333",
                            "strokeWidth": 0.4,
                        },
                        "encoding": {
                            "color": {
                                "field": "band_label",
                                "type": "nominal",
                                "title": t["chart"]["band_axis"][key],
                                "scale": {"domain": labels, "range": _colors(key, len(labels))},
                            },
                            "tooltip": [
                                {
                                    "field": "month",
                                    "type": "temporal",
                                    "timeUnit": "yearmonth",
                                    "title": t["chart"]["month"],
                                    "format": t["chart"]["month_format"],
                                },
                                {"field": key, "title": t["chart"]["value"]},
                                {"field": "band_label", "title": t["chart"]["band"]},
                            ],
                        },
                    },
                ],
            }
        )
    spec = _spec(
        lang,
        title,
        "series.csv",
        {
            "month": "date:'%Y-%m'",
            "pm25": "number",
            "pm25_band": "number",
            "o3": "number",
            "o3_band": "number",
        },
        vconcat=panels,
        resolve={"scale": {"color": "independent"}},
    )
    header = ["month", "pm25", "pm25_band", "o3", "o3_band", "pm25_segment", "o3_segment"]
    data = to_csv(header, rows)
    return Chart("series", "series.csv", title, sentence, spec, data, wide=True)
