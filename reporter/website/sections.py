"""The body of a bulletin page: one function, `bulletin_sections`, section by section.

Each section is Markdown rendered from ``templates/site/sections/`` plus its charts. The PDF
and the site say the same things in the same order; the shared narrative sentences and the
project records plug in here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..figures import Figures
from . import charts
from .charts import Chart
from .inputs import IssueFile
from .templating import SiteTemplates, words

POLLUTANTS = ("pm25", "o3")


@dataclass
class Section:
    id: str  # the heading's anchor
    title: str
    body: str  # Markdown (may hold HTML)
    charts: list[Chart] = field(default_factory=list)


_default: SiteTemplates | None = None


def default_templates() -> SiteTemplates:
    global _default
    if _default is None:
        _default = SiteTemplates()
    return _default


def bulletin_sections(
    figures: Figures,
    lang: str,
    content: IssueFile | None = None,
    *,
    templates: SiteTemplates | None = None,
) -> list[Section]:
    """The sections of one month's bulletin in one language, with their charts."""
    templates = templates or default_templates()
    t = words(lang)
    s = templates.sentences(lang)
    src = f"bulletins/{figures.period}.md"

    def render(name: str, **context: Any) -> str:
        return templates.render(
            f"sections/{name}.md.j2", lang=lang, src=src, f=figures, content=content, **context
        )

    def title(kind: str, key: str) -> str:
        return t["chart"]["title"][kind].format(pollutant=t["pollutant"][key])

    sections = []
    foreword = ((content.data or {}).get("foreword") or {}) if content else {}
    if isinstance(foreword, dict) and foreword.get(lang):
        sections.append(
            Section("foreword", t["bulletin"]["foreword"], render("foreword", text=foreword[lang]))
        )
    sections.append(Section("overview", t["section"]["overview"], render("overview")))
    sections.append(
        Section(
            "bands",
            t["section"]["bands"],
            render("bands"),
            [
                charts.band_bars(
                    figures,
                    key,
                    lang,
                    t,
                    title("bands", key),
                    s.bands(figures, getattr(figures, key)),
                )
                for key in POLLUTANTS
                if getattr(figures, key).published is not None
            ],
        )
    )
    sections.append(
        Section(
            "regions",
            t["section"]["regions"],
            render("regions"),
            [
                charts.region_bars(
                    figures,
                    key,
                    lang,
                    t,
                    title("regions", key),
                    s.regions(figures, getattr(figures, key)),
                )
                for key in POLLUTANTS
                if getattr(figures, key).regions
            ],
        )
    )
    maps = []
    for key in POLLUTANTS:
        missing = sum(1 for c in figures.cities if getattr(c, f"{key}_published") is None)
        caption = s.map_caption(figures, getattr(figures, key), missing)
        maps.append(charts.city_map(figures, key, lang, t, title("map", key), caption))
    sections.append(Section("map", t["section"]["map"], "", maps))
    sections.append(Section("cities", t["section"]["cities"], render("cities")))
    by_code = {c.code: c for c in figures.cities}
    without = [_name(name, lang) for name in figures.cities_without_data]
    notes = render("notes", by_code=by_code, without=without)
    sections.append(Section("notes", t["section"]["notes"], notes))
    return sections


def _name(name_zh: str, lang: str) -> str:
    """A city named in the figures by its Chinese name, in the page's language."""
    from ..registry import load_registry

    city = load_registry().resolve(name_zh)
    return getattr(city, f"name_{lang}") if city else name_zh
