"""Page sources for mkdocs: one cacheable unit per page and language, keyed by its inputs.

A unit's key digests exactly what its files are made from, so a build re-renders only the
units whose inputs changed (a new month, an edited issue file, a changed template). Problems
(a missing PDF, a month without data, a city without data) are found while planning, so a
cached page still reports them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..bulletin.narrative import TrendPoint
from ..content.model import Content
from ..digests import CONTENT, TEMPLATES, digest, file_digest
from ..paths import ANNUAL_CONTENT_FOLDER
from ..registry import Registry
from .archive import annual_cover, archive_page, bulletin_cover, issue_number, pdf_key, plan_covers
from .cities import city_chart_specs, city_page
from .covers import Cover
from .finder import FINDER_INDEX, finder_index, finder_page
from .inputs import (
    LANGS,
    IssueFile,
    MonthFigures,
    MonthValue,
    display,
    pdf_path,
    source_name,
)
from .templating import SiteTemplates, data_folder, served_image, words

T = TypeVar("T")


@dataclass
class SiteData:
    """Everything the pages are made from, gathered once per build."""

    registry: Registry
    content: Content  # validated as a whole, as the PDF does
    months: list[str]  # bulletin months, oldest first
    figures: dict[str, MonthFigures]
    trends: dict[str, dict[str, tuple[TrendPoint, ...]]]  # month with data -> the PDF's trend
    issues: dict[str, IssueFile]
    bulletins_dir: Path
    series: dict[str, list[MonthValue]]  # city code -> monthly values, oldest first
    bands: dict[str, Any]  # pollutant -> BandDef tuple
    rule_sets: tuple[Any, ...]
    synthetic: bool
    config_digest: str  # rules, bands and registry: what the methods page says
    # year -> edition -> PDF of the built annual reports; their pages come from the
    # annual-YYYY.json beside them, never from the store
    annual_pdfs: dict[int, dict[str, Path]] = field(default_factory=dict)
    # month -> language -> bulletin PDF, those built only (inputs.published_pdfs)
    pdfs: dict[str, dict[str, Path]] = field(default_factory=dict)
    covers: dict[Path, Cover] = field(default_factory=dict)  # PDF -> its cover thumbnail
    cover_problems: list[str] = field(default_factory=list)


@dataclass
class Unit:
    """Files made together: a page in one language with its charts, or a bulletin's data files."""

    name: str
    lang: str | None  # None: language-neutral files, not a page
    key: str
    render: Callable[[], dict[str, str]]
    # the chart specs `render` draws, when it has many: the build draws them beforehand, in parallel
    specs: Callable[[], list[dict[str, Any]]] | None = None


@dataclass
class Plan:
    units: list[Unit] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # docs path -> file to copy: the PDFs and the pictures of project records
    copies: dict[str, Path] = field(default_factory=dict)
    # docs path -> bytes made at build: the cover thumbnails
    files: dict[str, bytes] = field(default_factory=dict)


def plan(site: SiteData, templates: SiteTemplates, templates_key: str, bulletin_key: str) -> Plan:
    """Every unit of the site, with its key; nothing is rendered yet.

    `bulletin_key` digests what bulletin pages take from the PDF (its templates and code).
    """
    words("zh")  # zh/en parity: a missing word or sentence stops the build, naming file and key
    result = Plan(problems=[*site.cover_problems])

    def add(
        name: str,
        lang: str | None,
        inputs: Any,
        render: Callable[[], dict[str, str]],
        specs: Callable[[], list[dict[str, Any]]] | None = None,
    ) -> None:
        key = digest(name, lang, templates_key, site.synthetic, inputs)
        result.units.append(Unit(name, lang, key, render, specs))

    for year, pdfs in sorted(site.annual_pdfs.items()):  # a copy: a year may be dropped
        _plan_annual(site, templates, year, pdfs, add, result)
    plan_covers(site, result)
    latest = next((site.figures[m] for m in reversed(site.months) if site.figures[m].figures), None)
    for month in site.months:
        _plan_bulletin(site, templates, month, add, result, bulletin_key)
    for lang in LANGS:
        home_inputs = (
            (
                latest.month,
                latest.digest,
                _trend_key(site, latest.month),
                bulletin_key,
                pdf_key(site, latest.month, lang),
            )
            if latest
            else None
        )
        add("index.md", lang, home_inputs, _bind(_home, site, templates, latest, lang))
        archive = (
            [
                (m, site.figures[m].digest, issue_number(site, m), pdf_key(site, m, lang))
                for m in site.months
            ],
            [(year, annual_cover(site, year, lang)) for year in sorted(site.annual_pdfs)],
        )
        add("archive.md", lang, archive, _bind(archive_page, site, templates, lang))
        finder = (latest.month, latest.digest) if latest else None
        add(
            "finder.md",
            lang,
            (finder, _registry_key(site)),
            _bind(finder_page, site, templates, latest, lang),
        )
        cities = [
            (c.code, c.name_zh, c.name_en, c.province_zh, c.province_en, c.code in site.series)
            for c in site.registry.cities
        ]
        add("cities/index.md", lang, cities, _bind(_cities, site, templates, lang))
        add("methods.md", lang, site.config_digest, _bind(_methods, site, templates, lang))
        add("about.md", lang, None, _bind(_about, templates, lang, site.synthetic))
    add(FINDER_INDEX, None, _registry_key(site), _bind(finder_index, site))
    for city in site.registry.cities:
        series = site.series.get(city.code, [])
        if not series:
            result.problems.append(f"city {city.code} {city.name_zh}: no data in the store")
        regions = [
            (r.id, r.name_zh, r.name_en, r.valid_from, r.valid_to)
            for r in site.registry.regions
            if city.code in r.members
        ]
        inputs = (city, [tuple(v.__dict__.values()) for v in series], regions, site.config_digest)
        for lang in LANGS:
            add(
                f"cities/{city.code}.md",
                lang,
                inputs,
                _bind(city_page, site, templates, city, lang),
                _bind(city_chart_specs, site, city, lang),
            )
    return result


def _plan_annual(
    site: SiteData,
    templates: SiteTemplates,
    year: int,
    pdfs: dict[str, Path],
    add: Callable[..., None],
    result: Plan,
) -> None:
    """The annual report's pages (both languages, charts, ranking CSV), its PDFs and figures
    as downloads: all from the built report (`annual-YYYY.json` beside its PDFs), never the store.
    """
    from ..annual.artefact import artefact_name
    from ..annual.site import FOLDER

    figures = pdfs["zh"].parent / artefact_name(year)
    if not figures.is_file():
        result.problems.append(
            f"{display(figures)}: figures of the annual report {year} missing beside its PDFs "
            f"(rebuild it with `reporter annual {year}`)"
        )
        del site.annual_pdfs[year]  # not published, nor listed in the archive
        return
    links = {edition: f"data/{FOLDER}/{path.name}" for edition, path in pdfs.items()}
    covers = {edition: annual_cover(site, year, edition) for edition in pdfs}  # archive.py
    result.copies.update({links[edition]: path for edition, path in pdfs.items()})
    result.copies[f"data/{FOLDER}/{figures.name}"] = figures
    inputs = (
        year,
        {edition: file_digest(path) for edition, path in pdfs.items()},
        file_digest(figures),
        TEMPLATES("annual"),
        site.config_digest,
        CONTENT(site.content.root / ANNUAL_CONTENT_FOLDER / str(year)),  # its chapters
        covers,
    )
    bound = _bind(_annual, site, templates, figures, links, covers)
    add(f"{FOLDER}/{year}", None, inputs, bound)


def _annual(
    site: SiteData,
    templates: SiteTemplates,
    figures: Path,
    links: dict[str, str],
    covers: dict[str, Any],
) -> dict[str, str]:
    import tempfile

    from ..annual.report import artefact_context, report_content
    from ..annual.site import FOLDER, write_annual_pages

    context = artefact_context(figures, site.registry)  # the numbers of the PDFs, as built
    content = report_content(context, site.content.root / ANNUAL_CONTENT_FOLDER)  # as the PDF
    with tempfile.TemporaryDirectory(prefix="reporter-annual-") as tmp:
        root = Path(tmp)
        download = f"data/{FOLDER}/{figures.name}"
        written = write_annual_pages(
            context, root, pdfs=links, content=content, figures=download, cache=templates.cache,
            covers={edition: cover for edition, cover in covers.items() if cover},
        )  # fmt: skip
        return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in written}


def _bind(function: Callable[..., T], *args: Any) -> Callable[[], T]:
    return lambda: function(*args)


def _registry_key(site: SiteData) -> list[Any]:
    return [tuple(c.__dict__.values()) for c in site.registry.cities]


def _trend_key(site: SiteData, month: str) -> list[Any]:
    trend = site.trends.get(month, {})
    return [(key, [(p.period, p.value) for p in points]) for key, points in sorted(trend.items())]


# -- bulletins -----------------------------------------------------------------------------------
def _plan_bulletin(
    site: SiteData,
    templates: SiteTemplates,
    month: str,
    add: Callable[[str, str | None, Any, Callable[[], dict[str, str]]], None],
    result: Plan,
    bulletin_key: str,
) -> None:
    mf, issue = site.figures[month], site.issues[month]
    if mf.figures is None:
        result.problems.append(f"{month}: no data in the store for this month")
    if issue.problem:
        result.problems.append(f"{display(issue.path)}: {issue.problem} ({month} has no content)")
    if mf.figures is not None and issue.issue is not None:  # the page shows the records
        for record in issue.issue.records:
            for image in record.images:
                result.copies[served_image(image.path)] = image.path
    pdfs = site.pdfs.get(month, {})
    for lang in LANGS:
        path = pdfs.get(lang)
        if path is None:
            missing = display(pdf_path(site.bulletins_dir, month, lang))
            result.problems.append(f"{missing}: PDF missing for {month} ({lang})")
            continue
        result.copies[f"{data_folder(month)}{path.name}"] = path
    for lang in LANGS:
        # The page links the PDFs: it changes with their presence, not their content.
        inputs = (
            mf.digest,
            issue.digest,
            issue.problem,
            sorted(pdfs),
            display(site.bulletins_dir),
            _trend_key(site, month),
            bulletin_key,
        )
        add(
            f"bulletins/{month}.md",
            lang,
            inputs,
            _bind(_bulletin, site, templates, month, lang, pdfs),
        )
    if mf.figures is not None:
        add(f"bulletins/{month}/data", None, mf.digest, _bind(_bulletin_data, mf, templates))


def _bulletin(
    site: SiteData, templates: SiteTemplates, month: str, lang: str, pdfs: dict[str, Path]
) -> dict[str, str]:
    from .downloads import file_names
    from .sections import bulletin_sections, narrative

    t, s = words(lang), templates.sentences(lang)
    src, folder = f"bulletins/{month}.md", data_folder(month)
    figures, issue = site.figures[month].figures, site.issues[month]
    notes = []
    if figures is None:
        notes.append(s.no_data_month(month))
    if issue.problem:
        notes.append(s.no_issue(display(issue.path), issue.problem))
    for which in LANGS:
        if which not in pdfs:
            notes.append(s.pdf_missing(which, display(pdf_path(site.bulletins_dir, month, which))))
    sections, description = [], None
    if figures is not None:
        told = narrative(figures, site.trends[month], lang, templates, site.registry)
        sections = bulletin_sections(told, lang, site.content, issue.issue, templates=templates)
        description = told.sentences["pm25"]["headline"]  # the bulletin's headline sentence
    names = file_names(month)
    downloads = []
    for which in LANGS:
        label = t["downloads"][f"pdf_{which}"]
        missing = s.pdf_missing(which, display(pdf_path(site.bulletins_dir, month, which)))
        downloads.append(
            {
                "label": label,
                "href": folder + names[f"pdf_{which}"] if which in pdfs else None,
                "missing": missing,
            }
        )
    if figures is not None:
        for role, label in (
            ("cities", "cities_csv"),
            ("regions", "regions_csv"),
            ("ranking", "ranking_csv"),
            ("ranking_change", "ranking_change_csv"),
            ("json", "figures_json"),
            ("readme", "readme"),
        ):
            if role.startswith("ranking") and figures.ranking_168 is None:
                continue  # no key-city list covers the month
            downloads.append({"label": t["downloads"][label], "href": folder + names[role]})
    title = f"{t['bulletin']['title']} {s.month(month)}"
    files = _chart_files(sections, folder + "charts/", lang)
    files[source_name(src, lang)] = templates.render(
        "pages/bulletin.md.j2",
        lang=lang,
        src=src,
        title=title,
        description=description or (notes[0] if notes else title),  # no data: what is missing
        notes=notes,
        sections=sections,
        downloads=downloads,
        synthetic=site.synthetic,
    )
    return files


def _chart_files(sections: list[Any], folder: str, lang: str) -> dict[str, str]:
    files = {}
    for section in sections:
        for chart in section.charts:
            files.update(chart.files(folder, lang))  # pictures, spec and CSV
    return files


def _bulletin_data(mf: MonthFigures, templates: SiteTemplates) -> dict[str, str]:
    from .downloads import bulletin_downloads

    folder = data_folder(mf.month)
    return {folder + name: text for name, text in bulletin_downloads(mf.figures, templates).items()}


# -- other pages ---------------------------------------------------------------------------------
def _home(
    site: SiteData, templates: SiteTemplates, latest: MonthFigures | None, lang: str
) -> dict[str, str]:
    from .downloads import file_names
    from .sections import analysis_charts, narrative

    charts, sentences, national_map = [], None, None
    if latest is not None:
        # The latest bulletin's headline sentences, and its band charts (their files are the
        # bulletin page's).
        told = narrative(latest.figures, site.trends[latest.month], lang, templates, site.registry)
        drawn = analysis_charts(told, lang, templates)
        charts = [drawn[key]["bands"] for key in drawn if "bands" in drawn[key]]
        national_map = drawn["pm25"].get("map")  # the issue's national map, drawn as on its page
        sentences = told.sentences
    folder = f"{data_folder(latest.month)}charts/" if latest else ""
    text = templates.render(
        "pages/home.md.j2",
        lang=lang,
        src="index.md",
        synthetic=site.synthetic,
        f=latest.figures if latest else None,
        sentences=sentences,
        charts=charts,
        national_map=national_map,
        folder=folder,
        names=file_names(latest.month) if latest else {},
        pdf=bool(latest) and lang in site.pdfs.get(latest.month, {}),
        cover=bulletin_cover(site, latest.month, lang) if latest else None,
        ranking_ends=3,
    )
    return {source_name("index.md", lang): text}


def _cities(site: SiteData, templates: SiteTemplates, lang: str) -> dict[str, str]:
    provinces: dict[str, list[Any]] = defaultdict(list)
    for city in site.registry.cities:
        provinces[getattr(city, f"province_{lang}")].append(city)
    text = templates.render(
        "pages/cities.md.j2",
        lang=lang,
        src="cities/index.md",
        provinces=list(provinces.items()),
        with_data=set(site.series),
        synthetic=site.synthetic,
    )
    return {source_name("cities/index.md", lang): text}


def _methods(site: SiteData, templates: SiteTemplates, lang: str) -> dict[str, str]:
    text = templates.render(
        "pages/methods.md.j2",
        lang=lang,
        src="methods.md",
        rule_sets=site.rule_sets,
        bands=site.bands,
        regions=site.registry.regions,
        synthetic=site.synthetic,
    )
    return {source_name("methods.md", lang): text}


def _about(templates: SiteTemplates, lang: str, synthetic: bool) -> dict[str, str]:
    text = templates.render("pages/about.md.j2", lang=lang, src="about.md", synthetic=synthetic)
    return {source_name("about.md", lang): text}
