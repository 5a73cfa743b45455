"""The body of a bulletin page: one function, `bulletin_sections`, section by section.

The page says what the PDF says, in the PDF's order and words, because it is made from the
PDF's own context and templates: the numbered structure of `page_structure`, the narrative
context and sentences of reporter.bulletin.narrative, the PDF's word catalogue (templates/i18n/), and
the macros and partials the PDF prints them with (templates/bulletin/_shared.html,
templates/bulletin/<lang>/datanote.html). The site's own parts: the PDF's charts drawn for the screen,
each with its data as a table; record pictures served from the site; the city table.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ..bulletin.narrative import NarrativeContext, TrendPoint
from ..charts import site as charts
from ..charts.site import Chart
from ..content.model import Content, Issue
from ..figures import Figures
from ..paths import ISSUES_FOLDER
from ..registry import Registry
from .templating import SiteTemplates, data_folder, relative_url, served_image, words

POLLUTANTS = ("pm25", "o3")


@dataclass
class Section:
    id: str  # the heading's anchor
    title: Any  # the heading's text (Markup, or plain text); None: a note before the headings
    body: str  # Markdown (may hold HTML)
    charts: list[Chart] = field(default_factory=list)  # drawn in the body; files written by pages


@dataclass(frozen=True)
class Narrative:
    """One month's figures with the PDF's narrative of them, in one language."""

    figures: Figures
    context: NarrativeContext
    sentences: dict[str, dict[str, Markup]]  # reporter.bulletin.narrative.render_sentences


def narrative(
    figures: Figures,
    trend: dict[str, tuple[TrendPoint, ...]],
    lang: str,
    templates: SiteTemplates,
    registry: Registry | None = None,
) -> Narrative:
    from ..bulletin.narrative import build_context, render_sentences

    context = build_context(figures, trend, registry)  # the registry of --data-dir, as the PDF
    return Narrative(figures, context, render_sentences(templates.env, context, lang))


def analysis_charts(
    n: Narrative, lang: str, templates: SiteTemplates
) -> dict[str, dict[str, Chart]]:
    """The PDF's charts of each pollutant, drawn for the screen: {"pm25": {"map": Chart, …}}.

    The PDF's own builders (reporter.charts.bulletin) draw them, with its words; titles are
    the PDF's figure titles. Each chart's text alternative says what it shows, from its data.
    """
    from ..charts import bulletin as build
    from ..render.templating import load_catalogue

    t, pdf_words = words(lang), load_catalogue(lang)
    phrases = templates.env.get_template(f"common/{lang}.j2").make_module()
    month = templates.sentences(lang).month
    cache = templates.cache
    out: dict[str, dict[str, Chart]] = {}

    def made(name: str, draw: Any, table: Any, **fields: Any) -> Chart:
        return charts.chart(
            name, lang, draw, cache, data_name=f"{name}.csv", table=table[0], alt=table[1],
            **fields,
        )  # fmt: skip

    for key in POLLUTANTS:
        p, said = n.context.pollutant(key), n.sentences[key]
        drawn = out[key] = {}

        # The PDF draws the same charts on the same conditions (reporter.charts.bulletin.bulletin_charts).
        if p.valid:
            drawn["map"] = made(
                f"map-{key}",
                lambda medium, p=p: build.city_map(n.figures, p, lang, pdf_words, medium),
                charts.map_table(n.figures, key, lang, t, month(n.figures.period)),
                title=phrases.fig_map(n.context, key),
                sentence=said["headline"],
                data=charts.map_data(n.figures, key),
                wide=True,
                note=phrases.map_note(None),
            )
            drawn["bands"] = made(
                f"bands-{key}",
                lambda medium, p=p: build.band_bars(p, lang, pdf_words, medium),
                charts.bands_table(p, lang, t),
                title=phrases.fig_bands(key),
                sentence=said["bands"],
                data=charts.bands_data(n.figures, key),
            )
            if any(r.yoy.direction for r in p.regions):
                drawn["regions"] = made(
                    f"regions-{key}",
                    lambda medium, p=p: build.region_bars(p, lang, pdf_words, medium),
                    charts.regions_table(p, lang, t),
                    title=phrases.fig_regions(key),
                    sentence=said["regions"],
                    data=charts.regions_data(p),
                )
        if any(point.value is not None for point in p.trend):
            drawn["trend"] = made(
                f"trend-{key}",
                lambda medium, p=p: build.trend_line(p, lang, pdf_words, medium),
                charts.trend_table(p, t, month),
                title=phrases.fig_trend(key, len(p.trend)),
                sentence=said["headline"],
                data=charts.trend_data(p),
            )
    return out


def bulletin_sections(
    n: Narrative,
    lang: str,
    content: Content,
    issue: Issue | None,
    *,
    templates: SiteTemplates,
) -> list[Section]:
    """The sections of one month's bulletin in one language, in the PDF's order, with charts.

    Without an issue (its file missing or empty) the page has what the figures give: the
    analysis, the data note and the city table.
    """
    from ..bulletin.build import page_structure
    from ..render.templating import load_catalogue

    month = n.figures.period
    src = f"bulletins/{month}.md"
    t = load_catalogue(lang)
    structure = _for_site(
        page_structure(content, issue or _no_issue(content, month), lang), src, lang
    )
    drawn = analysis_charts(n, lang, templates)
    # The PDF's template context (reporter.bulletin.build.BulletinBuild.render_html) without
    # what only print needs; `w` holds the site's words, for its charts.
    values = {
        "t": t,
        "w": words(lang),
        "content": content,
        "issue": issue,
        "ctx": n.context,
        "figures": n.figures,
        "sentences": n.sentences,
        "synthetic": n.context.synthetic,
        "boundary_name": None,
        "charts": drawn,
        "folder": data_folder(month) + "charts/",
        **structure,
    }
    shared = templates.module("bulletin/_shared.html", lang=lang, src=src, **values)
    body = templates.module("site/sections/bulletin.md.j2", lang=lang, src=src, **values)

    sections = []
    if issue and issue.demo:
        sections.append(Section("demo-content", None, body.demo_notice(t["demo_content_notice"])))
    if issue and issue.foreword:
        sections.append(Section("foreword", t["foreword"], body.section_foreword()))
    for group in structure["theme_groups"]:
        sections.append(
            Section(group.anchor, shared.theme_heading(group), body.section_records(group))
        )
    sections.append(
        Section(
            "analysis",
            shared.analysis_heading(structure["analysis"]),
            body.section_analysis(),
            [chart for by_name in drawn.values() for chart in by_name.values()],
        )
    )
    if structure["news"]:
        heading = shared.news_section_heading(structure["news_section"])
        sections.append(Section("news", heading, body.section_news()))
    sections.append(Section("data-note", t["data_note"], body.section_data_note()))
    table = templates.render(
        "sections/cities.md.j2", lang=lang, src=src, f=n.figures, note=shared.table_note()
    )
    sections.append(Section("appendix", t["appendix"], table))
    if issue:
        sections.append(Section("credits", t["credits"], body.section_credits()))
    return sections


def _no_issue(content: Content, month: str) -> Issue:
    """An issue with nothing in it, for a month whose issue file is missing or empty."""
    path = content.root / ISSUES_FOLDER / f"{month}.yaml"
    return Issue(path, 0, month, False, (), (), None, (), ())


def _for_site(structure: dict[str, Any], src: str, lang: str) -> dict[str, Any]:
    """The PDF's page structure as a site page shows it: record pictures are the copies the
    site serves (pages.py copies them), and headings staff wrote in texts sit one level lower,
    as every heading does on a page whose title is its only first-level heading."""
    groups = []
    for group in structure["theme_groups"]:
        records = []
        for view in group.records:
            images = tuple(
                dataclasses.replace(image, uri=relative_url(served_image(source.path), src, lang))
                for image, source in zip(view.images, view.record.images, strict=True)
            )
            body = _lower_headings(view.body)
            records.append(dataclasses.replace(view, body=body, images=images))
        groups.append(dataclasses.replace(group, records=tuple(records)))
    news = [dataclasses.replace(n, text=_lower_headings(n.text)) for n in structure["news"]]
    foreword = structure["foreword_html"]
    return {
        **structure,
        "theme_groups": groups,
        "news": news,
        "foreword_html": _lower_headings(foreword) if foreword is not None else None,
    }


_HEADING_TAG = re.compile(r"<(/?)h([1-5])(?=[\s>])")


def _lower_headings(html: Markup) -> Markup:
    """Staff Markdown rendered by reporter.render.templating.render_markdown, headings one
    level lower (raw HTML there is escaped, so every tag is one Markdown made)."""
    return Markup(_HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", str(html)))
