"""Site charts: the bulletin's chart builders (reporter.charts.bulletin) for the screen medium,
drawn at build time as static SVG pictures, with their data (CSV and an HTML table), their
Vega-Lite spec as a download and a text alternative made from their data.

Pictures come in two widths (a phone's and a desktop's) so that a phone shows the narrow one at
its own size and its text keeps its size. Renders are cached by a digest of the spec. Words
(axis titles, text alternatives, table headers) come from the word catalogues.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..digests import digest
from ..website.inputs import Cache, MonthValue
from .style import Medium, screen_medium, screen_style

Build = Callable[[Medium], dict[str, Any]]


@dataclass(frozen=True)
class Picture:
    """One SVG render of a chart."""

    file: str  # its file name, next to the spec
    svg: str
    width: int
    height: int


@dataclass
class Table:
    """A chart's data as the page's table shows it: header cells and rows of text."""

    header: list[str]
    rows: list[list[str]]
    numeric: list[bool] = field(default_factory=list)  # right-aligned columns


@dataclass
class Chart:
    """One chart: its pictures and spec (per language), its data and its text alternative."""

    name: str  # file stem: <name>-<lang>.vegalite.json (".vl" would read as a language)
    data_name: str  # file name of its CSV, next to the spec
    title: str
    sentence: str  # the sentence it illustrates (the paragraph above it)
    spec: dict[str, Any]  # the wide picture's spec
    data: str  # CSV text
    alt: str  # what the chart shows, from its data
    table: Table
    pictures: dict[str, Picture]  # "wide", and "narrow" for a phone
    wide: bool = False  # takes the page's whole width (maps, long series)
    note: str = ""  # a remark under the title (what a map is not)
    narrow_max: int = 600  # the widest screen (CSS px) that shows the narrow picture

    def spec_file(self, lang: str) -> str:
        return f"{self.name}-{lang}.vegalite.json"

    def files(self, folder: str, lang: str) -> dict[str, str]:
        """Everything the chart publishes, by path: pictures, spec and CSV."""
        import json

        out = {folder + p.file: p.svg for p in self.pictures.values()}
        out[folder + self.spec_file(lang)] = json.dumps(self.spec, ensure_ascii=False)
        out[folder + self.data_name] = self.data
        return out


def to_csv(header: list[str], rows: list[list[Any]]) -> str:
    """CSV text starting with a byte-order mark: Excel on Chinese Windows reads it as UTF-8
    (without one it guesses GBK and shows 北京 as 鍖椾含). Browsers drop the mark on reading."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue()


_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"')


def svg_key(spec: dict[str, Any]) -> str:
    """The cache key of a spec's SVG: the spec and the renderer's version."""
    import vl_convert

    return digest("chart-svg", vl_convert.__version__, spec)


def render_svg(spec: dict[str, Any], cache: Cache | None = None) -> str:
    """The chart as SVG (vl-convert, offline), from the cache when this spec was drawn before."""
    from .draw import to_svg

    key = svg_key(spec)
    cached = cache.get("svg", key) if cache is not None else None
    if cached is None:
        cached = {"svg": to_svg(spec)}
        if cache is not None:
            cache.put("svg", key, cached)
    return cached["svg"]


def prerender(
    specs: Sequence[dict[str, Any]],
    cache: Cache,
    progress: Callable[[list[Any], str], Iterable[Any]] | None = None,
) -> int:
    """Draw into the cache every spec it lacks, on every core (charts/draw.py); returns
    how many were drawn. The same spec gives the same SVG in any process."""
    from .draw import draw_all

    missing: dict[str, dict[str, Any]] = {}
    for spec in specs:
        key = svg_key(spec)
        if key not in missing and not cache.has("svg", key):
            missing[key] = spec
    keys = list(missing)
    for key, svg in draw_all([missing[key] for key in keys], keys, progress):
        cache.put("svg", key, {"svg": svg})
    return len(keys)


def picture(file: str, svg: str) -> Picture:
    match = _SIZE.search(svg)
    width, height = (round(float(v)) for v in match.groups()) if match else (0, 0)
    return Picture(file, svg, width, height)


def chart(
    name: str,
    lang: str,
    build: Build,
    cache: Cache | None,
    *,
    single: bool = False,
    **fields: Any,
) -> Chart:
    """A chart drawn by `build` on screen: a wide picture, and a narrow one unless `single`."""
    widths = screen_style()["widths"]
    spec = build(screen_medium(lang))
    file = f"{name}-{lang}.svg" if single else f"{name}-{lang}-wide.svg"
    pictures = {"wide": picture(file, render_svg(spec, cache))}
    if not single:
        narrow = build(screen_medium(lang, widths["narrow"]))
        pictures["narrow"] = picture(f"{name}-{lang}-narrow.svg", render_svg(narrow, cache))
    return Chart(name, spec=spec, pictures=pictures, narrow_max=widths["narrow_max"], **fields)


def joined(items: Sequence[str], t: dict[str, Any]) -> str:
    return t["chart"]["alt"]["sep"].join(items)


# -- data of the bulletin's charts: CSV columns as published (README), table rows as shown ----
def bands_data(figures: Any, key: str) -> str:
    pollutant = getattr(figures, key)
    rows = [
        [i, b.label_zh, b.label_en, b.count, b.share_pct_published]
        for i, b in enumerate(pollutant.bands)
    ]
    return to_csv(["band", "label_zh", "label_en", "count", "share_pct"], rows)


def regions_data(p: Any) -> str:
    from ..render.templating import fmt_signed_pct

    rows = [
        [i, r.id, r.name.zh, r.name.en, r.n_cities, r.value, r.yoy.signed_pct,
         fmt_signed_pct(r.yoy.signed_pct), r.yoy.direction]
        for i, r in enumerate(p.regions)
        if r.yoy.direction is not None
    ]  # fmt: skip
    header = ["order", "id", "name_zh", "name_en", "n_cities", "value", "yoy_pct", "yoy_label",
              "direction"]  # fmt: skip
    return to_csv(header, rows)


def trend_data(p: Any) -> str:
    return to_csv(["month", "value"], [[point.period, point.value] for point in p.trend])


def map_data(figures: Any, key: str) -> str:
    pollutant = getattr(figures, key)
    rows = []
    for city in figures.cities:
        band = getattr(city, f"{key}_band")
        rows.append(
            [city.code, city.name_zh, city.name_en, city.lon, city.lat,
             getattr(city, f"{key}_published"), band,
             None if band is None else pollutant.bands[band].label_zh,
             None if band is None else pollutant.bands[band].label_en]
        )  # fmt: skip
    header = ["code", "name_zh", "name_en", "lon", "lat", "value", "band", "band_zh", "band_en"]
    return to_csv(header, rows)


def _text(value: Any) -> str:
    return "—" if value is None else str(value)


def bands_table(p: Any, lang: str, t: dict[str, Any]) -> tuple[Table, str]:
    """The band chart's rows and its text alternative: the count of every band."""
    from ..render.templating import fmt_share

    w = t["chart"]
    rows = [[getattr(b.label, lang), str(b.count), fmt_share(b.share)] for b in p.bands]
    items = [w["alt"]["band_item"].format(band=r[0], count=r[1]) for r in rows]
    alt = w["alt"]["bands"].format(pollutant=t["pollutant"][p.key], items=joined(items, t))
    table = Table([w["band"], w["cities_axis"], w["share"]], rows, [False, True, True])
    return table, alt


def regions_table(p: Any, lang: str, t: dict[str, Any]) -> tuple[Table, str]:
    from ..render.templating import fmt_signed_pct

    w = t["chart"]
    shown = [r for r in p.regions if r.yoy.direction is not None]
    rows = [[getattr(r.name, lang), _text(r.value), fmt_signed_pct(r.yoy.signed_pct)]
            for r in shown]  # fmt: skip
    items = [w["alt"]["region_item"].format(region=r[0], change=r[2]) for r in rows]
    alt = w["alt"]["regions"].format(pollutant=t["pollutant"][p.key], items=joined(items, t))
    table = Table([w["area"], w["value"], w["yoy"]], rows, [False, True, True])
    return table, alt


def trend_table(p: Any, t: dict[str, Any], month: Callable[[str], str]) -> tuple[Table, str]:
    """The trend's months and its text alternative: first and last month, highest and lowest."""
    w = t["chart"]
    rows = [[month(point.period), _text(point.value)] for point in p.trend]
    valid = [point for point in p.trend if point.value is not None]
    high = max(valid, key=lambda point: point.value)  # the earliest of equal values
    low = min(valid, key=lambda point: point.value)
    alt = w["alt"]["trend"].format(
        pollutant=t["pollutant"][p.key],
        first_month=month(valid[0].period), first=valid[0].value,
        last_month=month(valid[-1].period), last=valid[-1].value,
        high_month=month(high.period), high=high.value,
        low_month=month(low.period), low=low.value,
    )  # fmt: skip
    return Table([w["month"], w["value"]], rows, [False, True]), alt


def map_table(
    figures: Any, key: str, lang: str, t: dict[str, Any], month: str
) -> tuple[Table, str]:
    """Every city by name with its value and band; the alternative names the extremes."""
    w = t["chart"]
    pollutant = getattr(figures, key)
    rows, valid = [], []
    for city in figures.cities:
        value, band = getattr(city, f"{key}_published"), getattr(city, f"{key}_band")
        name = getattr(city, f"name_{lang}")
        label = "—" if band is None else getattr(pollutant.bands[band], f"label_{lang}")
        rows.append([name, _text(value), label])
        if value is not None:
            valid.append((value, name))
    low = min(valid, key=lambda v: v[0])  # the first city of equal values (registry order)
    high = max(valid, key=lambda v: v[0])
    alt = w["alt"]["map"].format(
        n=len(valid), pollutant=t["pollutant"][key], month=month,
        low_name=low[1], low=low[0], high_name=high[1], high=high[0],
    )  # fmt: skip
    return Table([w["city"], w["value"], w["band"]], rows, [False, True, False]), alt


# -- a city's page: a chart only the site draws ---------------------------------------------
def _month_range(first: str, last: str) -> list[str]:
    """`YYYY-MM` labels from `first` to `last`, inclusive."""
    year, month = int(first[:4]), int(first[5:])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def series_rows(series: list[MonthValue]) -> list[list[Any]]:
    """Every month from the first to the last, blanks included; a line runs only through
    consecutive months with a value (the *_segment columns: months without a value so far),
    so it breaks at a gap."""
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
    return rows


SERIES_HEADER = ["month", "pm25", "pm25_band", "o3", "o3_band", "pm25_segment", "o3_segment"]


def series_spec(
    rows: list[list[Any]], t: dict[str, Any], bands: dict[str, list[str]], medium: Medium
) -> dict[str, Any]:
    """A city's monthly PM2.5 above its monthly O3, points coloured by band."""
    values = [dict(zip(SERIES_HEADER, row, strict=True)) for row in rows]
    for row in values:
        for key in ("pm25", "o3"):
            band = row[f"{key}_band"]
            row[f"{key}_label"] = None if band is None else bands[key][band]
    # Every city's chart is the same but for its rows (named data): built once per language
    # and medium (Altair takes ~0.1 s a chart, for ~700 city pages).
    titles = {k: t["chart"][k] for k in ("value_axis", "band_axis")}
    key = digest("series-spec", titles, bands, medium.name, medium.style, medium.font, medium.width)
    if key not in _SERIES_SPECS:
        _SERIES_SPECS[key] = _series_chart(titles, bands, medium)
    return {**_SERIES_SPECS[key], "datasets": {"series": values}}


_SERIES_SPECS: dict[str, dict[str, Any]] = {}


def _series_chart(
    titles: dict[str, Any], bands: dict[str, list[str]], medium: Medium
) -> dict[str, Any]:
    import altair as alt

    from .bulletin import _band_colors
    from .style import configure

    size = medium.style["series"]
    month = alt.X("yearmonth(month):T", title=None, axis=alt.Axis(format="%Y", tickCount="year"))
    panels = []
    for key in ("pm25", "o3"):
        labels = bands[key]
        # The rows by name, added after Altair: it would copy them over and over (a city
        # page's spec then takes 60 ms instead of 15).
        base = alt.Chart(alt.NamedData(name="series")).transform_filter(f"isValid(datum.{key})")
        base = base.encode(x=month, y=alt.Y(f"{key}:Q", title=titles["value_axis"][key]))
        line = base.mark_line(color="#777", strokeWidth=1).encode(detail=f"{key}_segment:N")
        points = base.mark_circle(
            size=size["point_size"], opacity=1, stroke="#333", strokeWidth=0.4
        ).encode(
            color=alt.Color(
                f"{key}_label:N",
                title=titles["band_axis"][key],
                scale=alt.Scale(domain=labels, range=_band_colors(key, len(labels), medium)),
                legend=alt.Legend(orient="bottom", direction="horizontal", columns=2,
                                  titleOrient="top"),
            )
        )  # fmt: skip
        panels.append((line + points).properties(width=size["width"], height=size["height"]))
    chart = alt.vconcat(*panels).resolve_scale(color="independent")
    return configure(chart, Medium(medium.name, medium.style, medium.font))


def city_series_spec(
    series: list[MonthValue], lang: str, t: dict[str, Any], bands: dict[str, list[str]]
) -> dict[str, Any]:
    """The spec of a city's chart, as `city_series_chart` draws it."""
    return series_spec(series_rows(series), t, bands, screen_medium(lang))


def city_series_chart(
    series: list[MonthValue],
    lang: str,
    t: dict[str, Any],
    bands: dict[str, list[str]],
    title: str,
    sentence: str,
    info: dict[str, Any],
    cache: Cache | None = None,
) -> Chart:
    """A city's chart: one picture, as narrow as a phone (a page may have hundreds)."""
    rows = series_rows(series)
    w = t["chart"]
    table_rows = [[r[0], _text(r[1]), _text(r[3])] for r in rows]
    table = Table([w["month"], t["pollutant"]["pm25"], t["pollutant"]["o3"]], table_rows,
                  [False, True, True])  # fmt: skip

    def extreme(key: str, which: str) -> str:
        point = info.get(f"{key}_{which}")
        if point is None:
            return "—"
        return w["alt"]["extreme"].format(value=point["value"], month=point["month"])

    alt = w["alt"]["series"].format(
        first=info["first"], last=info["last"],
        pm25_low=extreme("pm25", "min"), pm25_high=extreme("pm25", "max"),
        o3_low=extreme("o3", "min"), o3_high=extreme("o3", "max"),
    )  # fmt: skip
    return chart(
        "series",
        lang,
        lambda medium: series_spec(rows, t, bands, medium),
        cache,
        single=True,
        data_name="series.csv",
        title=title,
        sentence=sentence,
        data=to_csv(SERIES_HEADER, rows),
        alt=alt,
        table=table,
        wide=True,
    )
