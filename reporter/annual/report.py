"""The annual report: annual figures + synergy ranking → context → sentences + charts → HTML → PDF.

One document per edition: ``zh``, ``en``, and ``bilingual`` (Chinese and English paragraph by
paragraph, each Chinese paragraph followed by its English twin, with the Chinese charts). The HTML comes from
``templates/annual/report.html`` given `AnnualValues`; the build stands on
``reporter.render.document`` (the bulletin's too): the pinned font, every character checked
against it, PDFs written by ``reporter.render.pdf``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypedDict

from .. import __version__, paths
from ..bulletin.narrative import Name
from ..errors import InputError, ReporterError
from ..paths import PROJECT_ROOT
from ..render.document import BuildResult, DocumentBuild, ProgressFn, chart_sources, data_uri
from .artefact import SynergyPart
from .context import AnnualContext
from .synergy_section import SynergyContext

if TYPE_CHECKING:
    from ..stats.annual import AnnualReportFigures

DEFAULT_BUILD_DIR = paths.BUILD_DIR
DEFAULT_OUT_DIR = paths.DEFAULT_ANNUAL_OUT
EDITIONS = ("zh", "en", "bilingual")
LANGS = ("zh", "en")

__all__ = ["AnnualBuild", "AnnualValues", "BuildResult", "ProgressFn", "output_name"]


def output_name(year: int, edition: str, draft: bool = False, through: int | None = None) -> str:
    """`annual-2025-zh.pdf` (`annual-2025-01-09-zh.pdf` for January–September); drafts say so
    in the name so they are never sent by mistake."""
    span = f"{year}-01-{through:02d}" if through else f"{year}"
    return f"annual-{span}-{edition}{'-draft' if draft else ''}.pdf"


def edition_langs(edition: str) -> tuple[str, ...]:
    """The languages an edition prints, the first giving its charts and page furniture."""
    return ("zh", "en") if edition == "bilingual" else (edition,)


def _shown(path: Path) -> str:
    """The inventory path as the synergy result names it: relative to the project if inside."""
    try:
        return Path(path).resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return str(path)


def synergy_part(emissions: Path | None, year: int, registry) -> SynergyPart:
    """The synergy ranking of the report year, from `emissions` or the bundled demo inventory.

    The base year is the inventory's first year and the target the report year. Without rows
    for the report year (or with no earlier year) the part says so; a broken file still
    stops the build with the reader's one-line error.
    """
    from ..demo.inventory import DEMO_EMISSIONS
    from ..feeds.emissions import read_inventory
    from ..synergy import compute_synergy

    path = Path(emissions) if emissions is not None else DEMO_EMISSIONS
    if not path.is_file():
        raise InputError(path, "emissions inventory not found", hint="check --emissions")
    synthetic = path.resolve().is_relative_to(DEMO_EMISSIONS.parent.resolve())
    inventory = read_inventory(path, registry)
    years = inventory.years
    shown, sha = _shown(path), inventory.sha256
    if year not in years:
        return SynergyPart("no_year", shown, sha, synthetic, years)
    earlier = [y for y in years if y < year]
    if not earlier:
        return SynergyPart("one_year", shown, sha, synthetic, years)
    result = compute_synergy(
        inventory,
        registry,
        earlier[0],
        year,
        synthetic=synthetic,
        software=f"reporter {__version__}",
    )
    return SynergyPart("ok", shown, sha, synthetic, years, result)


def synergy_section(emissions: Path | None, year: int, registry) -> SynergyContext:
    """The synergy section of the report year (see `synergy_part`)."""
    return synergy_part(emissions, year, registry).context()


def report_inputs(
    store: Any,
    year: int,
    base_year: int | None = None,
    emissions: Path | None = None,
    registry: Any = None,
    through: int | None = None,
) -> tuple[AnnualReportFigures, SynergyPart]:
    """The two computed parts of the annual report: its figures and its synergy ranking."""
    from ..settings import load_settings
    from ..stats.annual import build_annual_report_figures

    registry = registry or load_settings(store.data_dir).registry
    figures = build_annual_report_figures(store, year, base_year, registry, through)
    return figures, synergy_part(emissions, year, registry)


def build_report_context(
    store: Any,
    year: int,
    base_year: int | None = None,
    emissions: Path | None = None,
    registry: Any = None,
    through: int | None = None,
) -> AnnualContext:
    """Everything the annual report prints, computed from the store and the inventory."""
    from ..settings import load_settings
    from .context import build_annual_context

    registry = registry or load_settings(store.data_dir).registry
    figures, synergy = report_inputs(store, year, base_year, emissions, registry, through)
    return build_annual_context(figures, synergy.context(), registry)


def artefact_context(path: Path, registry: Any = None) -> AnnualContext:
    """Everything the annual report prints, from its built `annual-YYYY.json` (no store)."""
    from .artefact import read_artefact
    from .context import build_annual_context

    figures, synergy = read_artefact(path)
    return build_annual_context(figures, synergy.context(), registry)


def report_content(context: AnnualContext, root: Path | None = None) -> Any:
    """The editorial content of the context's year, its placements checked against it."""
    from .content import load_annual_content, placeable

    return load_annual_content(context.year, placeable(context), root)


def content_values(content: Any, words: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What the templates take from the editorial content (None: the default report)."""
    from ..content.model import Text
    from .content import sentence_key

    def text(key: str) -> Text:
        return Text(**{lang: str(words.get(lang, words[next(iter(words))])[key]) for lang in LANGS})

    return {
        "content": content,
        "sentence_key": sentence_key,
        "report_title": content.title if content else text("title"),
        "report_subtitle": (content.subtitle if content and content.subtitle else text("subtitle")),
    }


class Words:
    """Dotted look-ups in the word catalogues, with `{name}` fields filled: w("table.rank", "zh")."""

    def __init__(self, catalogues: dict[str, dict[str, Any]]) -> None:
        self.catalogues = catalogues

    def __call__(self, path: str, lang: str, **fields: Any) -> str:
        value: Any = self.catalogues[lang]
        for part in path.split("."):
            value = value[part]
        # A name given as a field is printed in the word's own language.
        filled = {k: getattr(v, lang) if isinstance(v, Name) else v for k, v in fields.items()}
        return str(value).format(**filled) if filled else str(value)


class AnnualValues(TypedDict):
    """What the report's templates (annual/report.html and report.css) are given."""

    edition: str  # zh, en or bilingual
    lang: str  # the edition's first language: charts and page furniture
    langs: tuple[str, ...]
    lang_tags: dict[str, str]  # BCP 47 by language
    t: dict[str, Any]  # the first language's words (templates/annual/words.<lang>.yaml)
    w: Words
    S: dict[str, dict[str, Any]]  # text.render_sentences by language
    ctx: AnnualContext
    content: Any  # annual.content.AnnualContent or None (content_values)
    sentence_key: Callable[..., str]
    report_title: Any  # content.model.Text
    report_subtitle: Any
    charts: dict[str, str]  # data: URIs by chart name
    draft: bool
    software: str  # render.document.furniture
    font_family: str
    fonts: dict[str, str]


@dataclass
class AnnualBuild(DocumentBuild):
    """The annual report of `year` in one or more editions; `steps()` feed a progress bar."""

    noun: ClassVar[str] = "annual report"

    store: Any
    year: int
    base_year: int | None = None
    emissions: Path | None = None
    editions: tuple[str, ...] = ("zh", "en")
    draft: bool = False
    content_dir: Path | None = None  # holds YYYY/ folders; default content/annual
    out_dir: Path = DEFAULT_OUT_DIR
    templates_dir: Path | None = None
    build_dir: Path = DEFAULT_BUILD_DIR
    result: BuildResult = field(default_factory=BuildResult)
    _state: dict[str, Any] = field(default_factory=dict)
    through: int | None = None  # a partial year: January through this month

    @property
    def context(self) -> AnnualContext:  # once the "context" step has run
        return self._state["context"]

    @property
    def synthetic(self) -> bool:
        ctx = self._state.get("context")
        return bool(ctx and ctx.synthetic)

    def steps(self) -> list[tuple[str, Callable[[], None]]]:
        work = [("context", self._context)]
        work += [(f"html {e}", lambda e=e: self._document(e)) for e in self.editions]
        work.append(("pdf", self._pdfs))
        return work

    # -- steps ---------------------------------------------------------------------------------
    def _context(self) -> None:
        unknown = [e for e in self.editions if e not in EDITIONS]
        if unknown:
            raise ReporterError(f"unknown edition {unknown[0]!r} (use {', '.join(EDITIONS)})")
        from ..settings import load_settings
        from .context import build_annual_context
        from .text import load_catalogues

        self._fonts()  # before the figures: a missing font fails fast
        registry = load_settings(self.store.data_dir).registry
        figures, synergy = report_inputs(
            self.store, self.year, self.base_year, self.emissions, registry, self.through
        )
        words = load_catalogues(self.templates_dir)  # the period words follow --templates-dir
        context = build_annual_context(figures, synergy.context(), registry, words)
        content = report_content(context, self.content_dir)  # every problem, before any page
        self._state.update(context=context, content=content, charts={})
        self._state.update(figures=figures, synergy=synergy)

    def artefact(self) -> str:
        """`annual-YYYY.json`: the figures, the synergy result and the inputs with their hashes."""
        from ..digests import CONTENT, ENGINE, STORE_YEAR
        from .artefact import artefact_text
        from .content import DEFAULT_ANNUAL_DIR

        figures, synergy = self._state["figures"], self._state["synergy"]
        folder = Path(self.content_dir or DEFAULT_ANNUAL_DIR) / str(self.year)
        inputs = {
            "store": {str(y): STORE_YEAR(self.store, y) for y in figures.years},
            "engine": ENGINE(self.store.data_dir),
            "emissions": {"path": synergy.path, "sha256": synergy.sha256},
            "content": CONTENT(folder) if folder.is_dir() else None,
        }
        return artefact_text(figures, synergy, inputs, f"reporter {__version__}")

    @property
    def content(self) -> Any:
        """The year's editorial content (reporter.annual.content), None without a folder."""
        return self._state.get("content")

    def target(self, key: str) -> Path:
        return Path(self.out_dir) / output_name(self.year, key, self.draft, self.through)

    @property
    def base_url(self) -> Path:
        return PROJECT_ROOT

    @property
    def allowed(self) -> tuple[Path, ...]:
        return (self.fonts.regular.parent,)  # the only files it may load (fetcher.py)

    def _pdfs(self) -> None:
        from ..store import atomic_write_bytes
        from .artefact import artefact_name

        super()._pdfs()
        # The figures beside the PDFs: what the website publishes the report from.
        target = Path(self.out_dir) / artefact_name(self.year, self.draft, self.through)
        atomic_write_bytes(target, self.artefact().encode("utf-8"))
        target.chmod(0o644)  # readable like the PDFs beside it (the temporary file was 0600)
        self.result.paths.append(target)

    def charts(self, lang: str) -> dict[str, str]:
        """The report's charts in one language as SVG text (made once per build)."""
        from ..charts.annual import indicator_charts, load_style, report_charts
        from ..charts.bulletin import register_fonts
        from .text import load_words

        cache = self._state.setdefault("charts", {})
        if lang not in cache:
            register_fonts(self.fonts.directory)
            words = load_words(lang, self.templates_dir)
            style = load_style(self.templates_dir)
            cache[lang] = report_charts(self.context, lang, words, style)
            cache[lang].update(indicator_charts(self.content, lang, words, style))
        return cache[lang]

    def render_html(
        self, edition: str, charts: dict[str, str] | None = None
    ) -> tuple[str, list[str], list[tuple[str, str]]]:
        """One edition: HTML, stylesheets, and chart text for the glyph check.

        `charts` (SVG text by name) replaces the edition's own charts, e.g. none at all.
        """
        from ..render.templating import LANGUAGE_TAGS
        from .text import environment, load_words, render_sentences

        langs = edition_langs(edition)
        env = environment(self.templates_dir)
        words = {lang: load_words(lang, self.templates_dir) for lang in langs}
        ctx = self.context
        svgs = self.charts(langs[0]) if charts is None else charts
        values = {
            "edition": edition,
            "lang": langs[0],
            "langs": langs,
            "lang_tags": LANGUAGE_TAGS,
            "t": words[langs[0]],
            "w": Words(words),
            "S": {lang: render_sentences(env, ctx, lang, words[lang]) for lang in langs},
            "ctx": ctx,
            **content_values(self.content, words),
            "charts": {name: data_uri(svg) for name, svg in svgs.items()},
            "draft": self.draft,
        }
        html, css = self.render(
            env, "annual/report.html", ("annual/report.css",), values, AnnualValues
        )
        return html, css, chart_sources(langs[0], svgs)
