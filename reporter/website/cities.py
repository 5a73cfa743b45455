"""A city's page: its monthly values over every month in the store, band history and regions.

What the page prints beyond the stored values (the range of a series, months per band) is
derived here from the published monthly values; the templates only format it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..charts import site as charts
from ..registry import City
from .inputs import MonthValue, source_name
from .templating import SiteTemplates, words

POLLUTANTS = ("pm25", "o3")
GRID_POLLUTANTS = (*POLLUTANTS, "pm10", "so2", "no2", "co")  # CO in mg/m³, one decimal


def summary(series: list[MonthValue]) -> dict[str, Any]:
    """First and last month, valid-month counts, and where each pollutant was lowest and highest."""
    out: dict[str, Any] = {
        "first": series[0].month,
        "last": series[-1].month,
        "months": len(series),
    }
    for key in POLLUTANTS:
        valid = [(getattr(v, key), v.month) for v in series if getattr(v, key) is not None]
        out[f"{key}_valid"] = len(valid)
        # The earliest month wins a tie: min/max keep the first of equal values.
        low = min(valid, key=lambda p: p[0]) if valid else None
        high = max(valid, key=lambda p: p[0]) if valid else None
        out[f"{key}_min"] = {"value": low[0], "month": low[1]} if low else None
        out[f"{key}_max"] = {"value": high[0], "month": high[1]} if high else None
    return out


def grid(series: list[MonthValue]) -> list[dict[str, Any]]:
    """Rows of year × pollutant with twelve cells: the value, "—" when invalid, "" without data."""
    by_month = {v.month: v for v in series}
    years = sorted({v.month[:4] for v in series})
    rows = []
    for year in years:
        for key in GRID_POLLUTANTS:
            absent = all(getattr(v, key) is None for v in series if v.month[:4] == year)
            if absent and key not in POLLUTANTS:
                continue  # a feed without the pollutant: no empty row
            cells = []
            for month in range(1, 13):
                value = by_month.get(f"{year}-{month:02d}")
                if value is None:
                    cells.append("")
                else:
                    number = getattr(value, key)
                    cells.append("—" if number is None else str(number))
            rows.append({"year": year, "key": key, "cells": cells})
    return rows


def history(series: list[MonthValue], n_bands: dict[str, int]) -> list[dict[str, Any]]:
    """Per year, how many valid months fell in each band of each pollutant."""
    rows = []
    for year in sorted({v.month[:4] for v in series}):
        row: dict[str, Any] = {"year": year}
        for key in POLLUTANTS:
            counts = Counter(getattr(v, f"{key}_band") for v in series if v.month[:4] == year)
            row[key] = [counts.get(i, 0) for i in range(n_bands[key])]
        rows.append(row)
    return rows


def _band_labels(site: Any, lang: str) -> dict[str, list[str]]:
    return {key: [getattr(b, f"label_{lang}") for b in site.bands[key]] for key in POLLUTANTS}


def city_chart_specs(site: Any, city: City, lang: str) -> list[dict[str, Any]]:
    """The specs `city_page` draws, so that a build can draw them all at once beforehand."""
    series = site.series.get(city.code, [])
    if not series:
        return []
    return [charts.city_series_spec(series, lang, words(lang), _band_labels(site, lang))]


def city_page(site: Any, templates: SiteTemplates, city: City, lang: str) -> dict[str, str]:
    """The page of one city in one language, its chart spec and its data (shared by languages)."""
    t, s = words(lang), templates.sentences(lang)
    # Data outside the page's folder (see templating.data_folder).
    src, folder = f"cities/{city.code}.md", f"data/cities/{city.code}/"
    series = site.series.get(city.code, [])
    labels = _band_labels(site, lang)
    regions = [r for r in site.registry.regions if city.code in r.members]
    files: dict[str, str] = {}
    context: dict[str, Any] = {"chart": None}
    if series:
        info = summary(series)
        chart = charts.city_series_chart(
            series,
            lang,
            t,
            labels,
            t["chart"]["title"]["series"],
            s.city_series(city, info),
            info,
            templates.cache,
        )
        files.update(chart.files(folder, lang))  # its picture, spec and CSV
        context = {
            "chart": chart,
            "summary": info,
            "grid": grid(series),
            "history": history(series, {k: len(v) for k, v in labels.items()}),
        }
    files[source_name(src, lang)] = templates.render(
        "pages/city.md.j2",
        lang=lang,
        src=src,
        city=city,
        regions=regions,
        folder=folder,
        band_labels=labels,
        months=t["months_short"],
        synthetic=site.synthetic,
        **context,
    )
    return files
