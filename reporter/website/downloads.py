"""Files to download from each bulletin page: the figures as JSON (the stats contract) and CSV,
a README of their columns and units, and the PDFs when they have been built.
"""

from __future__ import annotations

from pathlib import Path

from ..charts.site import to_csv
from ..figures import Figures
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
    # The other four pollutants (CO in mg/m³, one decimal) and the sand-dust deduction.
    "pm10",
    "pm10_unrounded",
    "so2",
    "so2_unrounded",
    "no2",
    "no2_unrounded",
    "co",
    "co_unrounded",
    "dust_days",
    "pm25_excl_dust",
    "pm10_excl_dust",
]
RANKING_COLUMNS = [
    "basis",
    "rank",
    "code",
    "name_zh",
    "name_en",
    "group",
    "index",
    "index_unrounded",
    "not_ranked_pollutant",
    "not_ranked_reason",
]
CHANGE_COLUMNS = [
    "basis",
    "rank",
    "code",
    "name_zh",
    "name_en",
    "change_pct",
    "index",
    "index_before",
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
        "ranking": f"ranking-168-{month}.csv",
        "ranking_change": f"ranking-168-change-{month}.csv",
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
                c.pm10_published,
                c.pm10,
                c.so2_published,
                c.so2,
                c.no2_published,
                c.no2,
                c.co_published,
                c.co,
                c.dust_days,
                c.pm25_excl_dust_published,
                c.pm10_excl_dust_published,
            ]
        )
    return to_csv(CITY_COLUMNS, rows)


def _rankings(figures: Figures) -> list:
    ranking = figures.ranking_168
    if ranking is None:
        return []
    return [ranking] + ([ranking.excl_dust] if ranking.excl_dust else [])


def ranking_csv(figures: Figures) -> str:
    """The 168 key cities, best first, then those not ranked; per basis (all days, dust deducted)."""
    rows = []
    for r in _rankings(figures):
        for c in r.cities:
            rows.append(
                [
                    r.basis,
                    c.rank,
                    c.code,
                    c.name_zh,
                    c.name_en,
                    c.group,
                    f"{c.index_published:.2f}",
                    c.index,
                    None,
                    None,
                ]
            )
        for c in r.not_ranked:
            rows.append([r.basis, None, c.code, c.name_zh, c.name_en, None, None, None])
            rows[-1] += [c.pollutant, c.reason]
    return to_csv(RANKING_COLUMNS, rows)


def ranking_change_csv(figures: Figures) -> str:
    """The change of the index on a year before, most negative first."""
    rows = [
        [
            r.basis,
            x.rank,
            x.code,
            x.name_zh,
            x.name_en,
            x.change_pct_published,
            x.index,
            x.index_before,
        ]
        for r in _rankings(figures)
        for x in r.change
    ]
    return to_csv(CHANGE_COLUMNS, rows)


def regions_csv(figures: Figures) -> str:
    rows = []
    for key in ("pm25", "o3", "pm10", "so2", "no2", "co"):
        p = getattr(figures, key)
        if p is None:
            continue
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
    ranking = (
        {
            names["ranking"]: ranking_csv(figures),
            names["ranking_change"]: ranking_change_csv(figures),
        }
        if figures.ranking_168
        else {}
    )
    return {
        names["json"]: figures.to_json() + "\n",
        names["cities"]: cities_csv(figures),
        names["regions"]: regions_csv(figures),
        names["readme"]: readme,
        **ranking,
    }
