"""The city finder: a page per language with a search box over every city's names, and the table
of every city's values in the latest month with figures (from its figures object, as the
bulletin prints them); the names the search box matches, as a static JSON file.

The search box and the sorting are site/assets/finder.js; without it the page is a plain table.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from .facts import city_months
from .inputs import MonthFigures, source_name
from .templating import SiteTemplates, page_url

FINDER_INDEX = "data/finder/cities.json"
# What finder.js drops from a name and from what is typed before comparing (keep the two alike).
_IGNORED = set(" \t'’-·.()（）")


def search_key(name: str) -> str:
    """A name as the search box compares it: NFKC, case-folded, without spaces and marks."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if ch not in _IGNORED)


def finder_index(site: Any) -> dict[str, str]:
    """Every city's names and the keys that find it, in registry order (language-neutral)."""
    cities = []
    for c in site.registry.cities:
        keys = dict.fromkeys(search_key(n) for n in (c.name_zh, c.name_en, *c.aliases) if n)
        cities.append(
            {
                "code": c.code,
                "zh": c.name_zh,
                "en": c.name_en,
                "province_zh": c.province_zh,
                "province_en": c.province_en,
                "keys": [k for k in keys if k],
            }
        )
    text = json.dumps({"cities": cities}, ensure_ascii=False, separators=(",", ":"))
    return {FINDER_INDEX: text + "\n"}


def finder_rows(site: Any, latest: MonthFigures | None, lang: str) -> list[dict[str, Any]]:
    """One row per registry city: its name, province and the month's values with their bands."""
    values = city_months(latest.figures) if latest is not None else {}
    label = 1 if lang == "zh" else 2  # (index, label_zh, label_en)
    rows = []
    for c in site.registry.cities:
        v = values.get(c.code)
        rows.append(
            {
                "code": c.code,
                "name": getattr(c, f"name_{lang}"),
                "province": getattr(c, f"province_{lang}"),
                "pm25": v.pm25 if v else None,
                "o3": v.o3 if v else None,
                "pm25_band": (v.pm25_band[0], v.pm25_band[label]) if v and v.pm25_band else None,
                "o3_band": (v.o3_band[0], v.o3_band[label]) if v and v.o3_band else None,
            }
        )
    return rows


def finder_page(
    site: Any, templates: SiteTemplates, latest: MonthFigures | None, lang: str
) -> dict[str, str]:
    text = templates.render(
        "pages/finder.md.j2",
        lang=lang,
        src="finder.md",
        month=latest.month if latest else None,
        rows=finder_rows(site, latest, lang),
        index=FINDER_INDEX,
        cities=page_url("cities/index.md", lang),
        synthetic=site.synthetic,
    )
    return {source_name("finder.md", lang): text}
