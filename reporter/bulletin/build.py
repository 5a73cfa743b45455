"""One issue of the monthly bulletin: content + figures → narrative + charts → HTML → PDF.

The template context is documented by `BulletinValues` and the dataclasses below
(tests/test_template_contract.py holds the templates to it); numbers reach templates only
through the figures object and the narrative context. The build stands on
``reporter.render.document``, as the annual report's does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypedDict

from ..content.model import Content, Issue, NewsItem, Record, Text, display, load_content
from ..errors import ReporterError
from ..paths import BUILD_DIR, BULLETIN_FILE, BULLETINS_FOLDER, CACHE_FOLDER, THEMES_FILE
from ..render.document import BuildResult, DocumentBuild, ProgressFn, chart_sources, data_uri
from ..render.templating import render_markdown

DEFAULT_BUILD_DIR = BUILD_DIR
DEFAULT_OUT_DIR = BUILD_DIR / BULLETINS_FOLDER

__all__ = ["BuildResult", "BulletinBuild", "BulletinValues", "ProgressFn", "output_name"]


def output_name(period: str, lang: str, draft: bool = False) -> str:
    """`bulletin-2024-01-zh.pdf`; drafts say so in the name so they are never sent by mistake."""
    return f"bulletin-{period}-{lang}{'-draft' if draft else ''}.pdf"


@dataclass(frozen=True)
class ImageView:
    uri: str
    caption: Any  # Markup


@dataclass(frozen=True)
class RecordView:
    number: str  # "2.1"
    anchor: str
    record: Record
    body: Any  # Markup
    images: tuple[ImageView, ...]


@dataclass(frozen=True)
class ThemeGroup:
    number: int
    anchor: str
    theme: Any
    records: tuple[RecordView, ...]


@dataclass(frozen=True)
class NewsView:
    number: str
    anchor: str
    item: NewsItem
    text: Any  # Markup


@dataclass(frozen=True)
class Section:
    number: int


def _record_view(record: Record, number: str, lang: str) -> RecordView:
    images = tuple(
        ImageView(
            image.path.resolve().as_uri(), render_markdown(image.caption.get(lang), inline=True)
        )
        for image in record.images
    )
    return RecordView(
        number, f"record-{record.id}", record, render_markdown(record.body.get(lang)), images
    )


def page_structure(content: Content, issue: Issue, lang: str) -> dict[str, Any]:
    """Numbered sections: themes first, then the analysis, then policy news (as in the seeds)."""
    groups = []
    for index, (theme, records) in enumerate(issue.themes(content.themes), start=1):
        views = tuple(_record_view(r, f"{index}.{i}", lang) for i, r in enumerate(records, 1))
        groups.append(ThemeGroup(index, f"theme-{theme.id}", theme, views))
    analysis = Section(len(groups) + 1)
    news_section = Section(analysis.number + 1)
    news = [
        NewsView(
            f"{news_section.number}.{i}",
            f"news-{item.id}",
            item,
            render_markdown(item.text.get(lang)),
        )
        for i, item in enumerate(sorted(issue.news, key=lambda n: (n.date, n.id)), start=1)
    ]
    foreword = render_markdown(issue.foreword.get(lang)) if issue.foreword else None
    return {
        "theme_groups": groups,
        "analysis": analysis,
        "news_section": news_section,
        "news": news,
        "foreword_html": foreword,
    }


def content_sources(content: Content, issue: Issue, langs: Iterable[str]) -> list[tuple[str, str]]:
    """Every staff-written text the issue prints, with the file and field it comes from."""
    sources: list[tuple[str, str]] = []

    def add(path: Path, name: str, text: Text | None) -> None:
        if text is not None:
            for lang in langs:
                sources.append((f"{display(path)}, field '{name}.{lang}'", text.get(lang)))

    bulletin = content.root / BULLETIN_FILE
    add(bulletin, "title", content.title)
    add(bulletin, "publisher", content.publisher)
    for theme in content.themes:
        add(content.root / THEMES_FILE, f"themes.{theme.id}.name", theme.name)
    for record in issue.records:
        for name in ("title", "subtitle", "grantee", "location", "body"):
            add(record.path, name, getattr(record, name))
        for i, partner in enumerate(record.partners, 1):
            add(record.path, f"partners[{i}]", partner)
        for i, image in enumerate(record.images, 1):
            add(record.path, f"images[{i}].caption", image.caption)
            if image.path.suffix.lower() == ".svg":
                from ..charts.bulletin import svg_text

                svg = image.path.read_text(encoding="utf-8")
                sources.append((f"{display(image.path)}", svg_text(svg)))
        if record.project:
            sources.append((f"{display(record.path)}, field 'project'", record.project))
    for item in issue.news:
        for name in ("source", "title", "text"):
            add(item.path, name, getattr(item, name))
    for i, person in enumerate((*issue.editors, *issue.reviewers), 1):
        add(issue.path, f"people[{i}]", person)
    add(issue.path, "foreword", issue.foreword)
    return sources


def year_to_date(store: Any, period: Any) -> Any:
    """January through the month (1—N月) from February on; None in January or without data."""
    from ..errors import NoDataError
    from ..stats.period import Period
    from ..stats.summary import build_figures

    if period.start.month == 1:
        return None
    try:
        return build_figures(store, Period.ytd(period.start.year, period.start.month))
    except NoDataError:
        return None


class BulletinValues(TypedDict):
    """What the bulletin's templates (bulletin/bulletin.html and its stylesheets) are given."""

    lang: str
    lang_tag: str  # BCP 47, for <html lang> and the PDF's /Lang
    t: dict[str, Any]  # the language's words (templates/i18n/<lang>.yaml)
    content: Content
    issue: Issue
    ctx: Any  # narrative.NarrativeContext
    figures: Any  # figures.Figures
    sentences: dict[str, dict[str, Any]]  # narrative.render_sentences
    charts: dict[str, dict[str, str]]  # data: URIs by chart group and name
    draft: bool
    synthetic: bool
    boundary_name: str | None
    software: str  # render.document.furniture
    font_family: str
    fonts: dict[str, str]
    theme_groups: list[ThemeGroup]  # page_structure
    analysis: Section
    news_section: Section
    news: list[NewsView]
    foreword_html: Any  # Markup or None


@dataclass
class BulletinBuild(DocumentBuild):
    """One issue in one or more languages; `steps()` yields labelled work for a progress bar."""

    noun: ClassVar[str] = "bulletin"

    store: Any
    period: str
    langs: tuple[str, ...] = ("zh", "en")
    draft: bool = False
    out_dir: Path = DEFAULT_OUT_DIR
    content_dir: Path | None = None
    templates_dir: Path | None = None
    boundary: Path | None = None
    build_dir: Path = DEFAULT_BUILD_DIR
    result: BuildResult = field(default_factory=BuildResult)
    _state: dict[str, Any] = field(default_factory=dict)

    @property
    def figures(self):  # -> Figures, once the "figures" step has run
        return self._state["figures"]

    @property
    def context(self):  # -> NarrativeContext, once the "trend" step has run
        return self._state["context"]

    @property
    def synthetic(self) -> bool:
        """Whether the figures came from the synthetic demo data (known once figures are built)."""
        figures = self._state.get("figures")
        return bool(figures and figures.synthetic)

    def steps(self) -> list[tuple[str, Callable[[], None]]]:
        work = [
            ("content", self._load_content),
            ("figures", self._figures),
            ("trend", self._trend),
        ]
        work += [(f"html {lang}", lambda lang=lang: self._document(lang)) for lang in self.langs]
        work.append(("pdf", self._pdfs))
        return work

    # -- steps ---------------------------------------------------------------------------------
    def _load_content(self) -> None:
        from ..render.fonts import check_glyphs
        from ..stats.period import Period

        if Period.parse(self.period).kind != "month":
            raise ReporterError(f"period {self.period!r}: the bulletin is monthly (use YYYY-MM)")
        content = load_content(self.content_dir)
        issue = content.issue(self.period)
        if self.boundary is not None:  # a bad boundary file fails now, not after the figures
            from ..charts.bulletin import boundary_features

            boundary_features(self.boundary)
        fonts = self._fonts()
        # Staff text is checked first, so a bad character is reported with its file and field.
        check_glyphs(content_sources(content, issue, self.langs), fonts.cmap)
        self._state.update(content=content, issue=issue)

    def _figures(self) -> None:
        from ..stats.period import Period
        from ..stats.summary import build_figures

        period = Period.parse(self.period)
        cache = self.build_dir / CACHE_FOLDER  # the 13-month trend's months, kept between builds
        self._state["figures"] = build_figures(self.store, period, trend_cache=cache)
        self._state["ytd"] = year_to_date(self.store, period)

    def _trend(self) -> None:
        from ..settings import load_settings
        from .narrative import build_context, trend_series

        figures = self._state["figures"]
        trend = trend_series(self.store, figures, cache_dir=self.build_dir / CACHE_FOLDER)
        registry = load_settings(self.store.data_dir).registry  # the names of --data-dir
        self._state["context"] = build_context(figures, trend, registry, ytd=self._state.get("ytd"))

    def target(self, key: str) -> Path:
        return Path(self.out_dir) / output_name(self.period, key, self.draft)

    @property
    def base_url(self) -> Path:
        return self._state["content"].root  # staff images are relative to the content folder

    @property
    def allowed(self) -> tuple[Path, ...]:
        return (self._state["content"].root, self.fonts.regular.parent)

    def render_html(self, lang: str) -> tuple[str, list[str], list[tuple[str, str]]]:
        """The document of one language: HTML, stylesheets, and chart text for the glyph check."""
        from ..charts.bulletin import bulletin_charts, load_style, register_fonts
        from ..render.templating import LANGUAGE_TAGS, load_catalogue, make_environment
        from .narrative import render_sentences

        context, figures = self._state["context"], self._state["figures"]
        content, issue = self._state["content"], self._state["issue"]
        env = make_environment(self.templates_dir)
        words = load_catalogue(lang, self.templates_dir)
        register_fonts(self.fonts.directory)
        svgs = bulletin_charts(
            context, figures, lang, words, load_style(self.templates_dir), self.boundary
        )
        values = {
            "lang": lang,
            "lang_tag": LANGUAGE_TAGS[lang],
            "t": words,
            "content": content,
            "issue": issue,
            "ctx": context,
            "figures": figures,
            "sentences": render_sentences(env, context, lang),
            "charts": {k: {n: data_uri(s) for n, s in c.items()} for k, c in svgs.items()},
            "draft": self.draft,
            "synthetic": context.synthetic,
            "boundary_name": self.boundary.name if self.boundary else None,
            **page_structure(content, issue, lang),
        }
        stylesheets = ("bulletin/bulletin.css", f"bulletin/{lang}/page.css")
        html, css = self.render(env, "bulletin/bulletin.html", stylesheets, values, BulletinValues)
        flat = {
            f"{key}/{name}": svg for key, charts in svgs.items() for name, svg in charts.items()
        }
        return html, css, chart_sources(lang, flat)
