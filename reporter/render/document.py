"""The base both PDF documents (monthly bulletin, annual report) are built on.

A build is a list of labelled steps (for a progress bar). The steps this base owns are the same
for both documents: the pinned font, rendering the document templates with the page furniture,
the glyph check of everything a page will draw, and the PDF jobs written together, atomically
(``reporter.render.pdf``: tagged PDF/UA-1, metadata and bookmarks from the HTML).
A subclass says what one document is: its values, its templates and its file name.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from .. import __version__
from ..errors import ReporterError

ProgressFn = Callable[[Iterable[Any], str], Iterator[Any]]
Step = tuple[str, Callable[[], None]]
Rendered = tuple[str, list[str], list[tuple[str, str]]]  # HTML, stylesheets, chart text


@dataclass
class BuildResult:
    paths: list[Path] = field(default_factory=list)
    seconds: float = 0.0


def data_uri(svg: str) -> str:
    """An SVG chart inlined in the page (a document loads no file it does not need)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def chart_sources(lang: str, svgs: Mapping[str, str]) -> list[tuple[str, str]]:
    """The text each chart draws, named for the glyph check: ("zh chart pm25_map", "…")."""
    from ..charts.bulletin import svg_text

    return [(f"{lang} chart {name}", svg_text(svg)) for name, svg in svgs.items()]


def furniture(fonts: Any) -> dict[str, Any]:
    """Values every document template takes: the software line and the pinned font's files."""
    from .fonts import FAMILY

    return {
        "software": f"reporter {__version__}",
        "font_family": FAMILY,
        "fonts": {"regular_url": fonts.regular.as_uri(), "bold_url": fonts.bold.as_uri()},
    }


def check_values(values: Mapping[str, Any], documented: type, where: str) -> None:
    """The values a template gets are exactly its documented context (a TypedDict)."""
    wanted = set(documented.__annotations__)
    extra, missing = sorted(set(values) - wanted), sorted(wanted - set(values))
    if extra or missing:
        raise ReporterError(f"{where}: undocumented values {extra}, missing values {missing}")


class DocumentBuild:
    """Steps, progress, fonts, rendering, the glyph check and the PDF jobs of one document.

    Subclasses are dataclasses with `build_dir`, `out_dir`, `result` and `_state`, and define
    `steps()`, `render_html(key)`, `target(key)` and `base_url`/`allowed` for the fetcher.
    """

    noun: ClassVar[str]  # "bulletin", "annual report": progress label and glyph-check origin
    build_dir: Path
    out_dir: Path
    result: BuildResult
    _state: dict[str, Any]

    def steps(self) -> list[Step]:
        raise NotImplementedError

    def render_html(self, key: str) -> Rendered:
        raise NotImplementedError

    def target(self, key: str) -> Path:
        raise NotImplementedError

    @property
    def base_url(self) -> Path:
        raise NotImplementedError

    @property
    def allowed(self) -> tuple[Path, ...]:
        """Folders whose files the document may load (render/fetcher.py)."""
        raise NotImplementedError

    def run(self, progress: ProgressFn | None = None) -> BuildResult:
        started = time.perf_counter()
        steps = self.steps()
        for _label, step in progress(steps, f"Building {self.noun}") if progress else steps:
            step()
        self.result.seconds = time.perf_counter() - started
        return self.result

    @property
    def fonts(self) -> Any:  # -> render.fonts.Fonts, once `_fonts()` has run
        return self._state["fonts"]

    def _fonts(self) -> Any:
        """The pinned font, installed under the build folder: before the figures, so a missing
        font fails fast; the PDF jobs are queued from here on."""
        from .fonts import ensure_fonts

        fonts = ensure_fonts(self.build_dir)
        self._state.update(fonts=fonts, jobs=[])
        return fonts

    def render(
        self,
        env: Any,
        template: str,
        stylesheets: Iterable[str],
        values: dict[str, Any],
        documented: type,
    ) -> tuple[str, list[str]]:
        """The document and its stylesheets from one set of values, checked against its contract."""
        values = {**values, **furniture(self.fonts)}
        check_values(values, documented, template)
        html = env.get_template(template).render(values)
        return html, [env.get_template(name).render(values) for name in stylesheets]

    def _document(self, key: str) -> None:
        """One language or edition: rendered, every character checked, queued as a PDF job."""
        from .pdf import PdfJob, check_document

        html, css, extra = self.render_html(key)
        check_document(html, css, extra, self.fonts.cmap, f"generated {key} {self.noun} text")
        job = PdfJob(html, tuple(css), self.target(key), self.base_url, self.allowed)
        self._state["jobs"].append(job)

    def _pdfs(self) -> None:
        """Every queued document, written together (render/pdf.py: atomic, one core each)."""
        from .pdf import write_pdfs

        jobs = self._state["jobs"]
        write_pdfs(jobs)
        self.result.paths.extend(job.target for job in jobs)
