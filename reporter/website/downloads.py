"""Files to download from each bulletin page: the figures as JSON (the stats contract) and CSV,
a README of their columns and units, and the PDFs when they have been built.
"""

from __future__ import annotations

from pathlib import Path

from ..figures import Figures
from .charts import to_csv
from .inputs import LANGS, pdf_path
from .templating import SiteTemplates

CITY_COLUMNS = [
    "code",
    "name_zh",
    "name_en",
    "province_zh",
    "province_en",
    "lon",
    "lat",
    "source",
    "pm25",
    "pm25_unrounded",
    "pm25_days",
    "pm25_band_zh",
    "pm25_band_en",
    "o3",
    "o3_unrounded",
    "o3_days",
    "o3_band_zh",
    "o3_band_en",
    "aqi_days",
    "good_days",
    "heavy_days",
    "regions",
]
REGION_COLUMNS = [
    "pollutant",
    "area",
    "name_zh",
    "name_en",
    "n_cities",
    "value",
    "value_unrounded",
    "yoy_pct",
    "yoy_n_cities",
    "mom_pct",
    "mom_n_cities",
]


def file_names(month: str) -> dict[str, str]:
    """The download files of a month, by role (the page links them by these names)."""
    return {
        "json": f"figures-{month}.json",
        "cities": f"cities-{month}.csv",
        "regions": f"regions-{month}.csv",
        "readme": "README.txt",
        **{f"pdf_{lang}": pdf_path(Path(), month, lang).name for lang in LANGS},
    }


def cities_csv(figures: Figures) -> str:
    rows = []
    for c in figures.cities:
        bands = {}
        for key in ("pm25", "o3"):
            index = getattr(c, f"{key}_band")
            band = getattr(figures, key).bands[index] if index is not None else None
            bands[key] = (band.label_zh, band.label_en) if band else (None, None)
        rows.append(
            [
                c.code,
                c.name_zh,
                c.name_en,
                c.province_zh,
                c.province_en,
                c.lon,
                c.lat,
                c.source,
                c.pm25_published,
                c.pm25,
                c.pm25_days,
                *bands["pm25"],
                c.o3_published,
                c.o3_8h_90,
                c.o3_days,
                *bands["o3"],
                c.aqi_days,
                c.good_days,
                c.heavy_days,
                ";".join(c.regions),
            ]
        )
    return to_csv(CITY_COLUMNS, rows)


def regions_csv(figures: Figures) -> str:
    rows = []
    for key in ("pm25", "o3"):
        p = getattr(figures, key)
        mom = p.mom
        rows.append(
            [
                key,
                "national",
                "全国",
                "China",
                p.n_cities,
                p.published,
                p.mean,
                p.yoy.pct_published,
                p.yoy.n_cities,
                mom.pct_published if mom else None,
                mom.n_cities if mom else None,
            ]
        )
        for r in p.regions:
            rows.append(
                [
                    key,
                    r.id,
                    r.name_zh,
                    r.name_en,
                    r.n_cities,
                    r.published,
                    r.mean,
                    r.yoy.pct_published,
                    r.yoy.n_cities,
                    r.mom.pct_published if r.mom else None,
                    r.mom.n_cities if r.mom else None,
                ]
            )
    return to_csv(REGION_COLUMNS, rows)


def bulletin_downloads(figures: Figures, templates: SiteTemplates) -> dict[str, str]:
    """The data files of one bulletin, by file name."""
    names = file_names(figures.period)
    readme = templates.render(
        "downloads/README.txt.j2",
        lang="zh",
        f=figures,
        names=names,
        city_columns=CITY_COLUMNS,
        region_columns=REGION_COLUMNS,
    )
    return {
        names["json"]: figures.to_json() + "\n",
        names["cities"]: cities_csv(figures),
        names["regions"]: regions_csv(figures),
        names["readme"]: readme,
    }
