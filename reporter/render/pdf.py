"""HTML to PDF with WeasyPrint: A4, the pinned CJK font, bookmarks and metadata from the HTML.

WeasyPrint takes the PDF title, author, description and keywords from the <title> and <meta>
elements, the document language from <html lang>, and the outline (bookmarks) from headings
(``bookmark-level`` in the stylesheet). Before anything is drawn, every character of the
document is checked against the font: a missing glyph stops the build instead of printing a box.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from ..errors import ReporterError
from .fonts import check_glyphs


class _TextCollector(HTMLParser):
    """Visible text of an HTML document (no <style>, <script> or <title> contents)."""

    SKIP: ClassVar[set[str]] = {"style", "script"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The text a reader sees (and a font must draw) in an HTML document."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return "".join(collector.parts)


def css_strings(css: str) -> str:
    """Text that CSS itself prints (running headers, page numbers, figure labels)."""
    import re

    return " ".join(re.findall(r"content:\s*([^;]*);", css))


def check_document(
    html: str,
    css: Iterable[str],
    extra: Iterable[tuple[str, str]],
    cmap: frozenset[int],
    where: str,
) -> None:
    """Every character the PDF will draw, from HTML text, stylesheets and images, is in the font."""
    sources = [(where, html_text(html))]
    sources += [(f"{where} (stylesheet)", css_strings(text)) for text in css]
    sources += list(extra)
    check_glyphs(sources, cmap)


@dataclass(frozen=True)
class PdfJob:
    """One document to render; plain data, so a worker process can take it."""

    html: str
    stylesheets: tuple[str, ...]
    target: Path
    base_url: Path
    allowed: tuple[Path, ...] = ()  # folders whose files the document may load (content, fonts)


def _run(job: PdfJob) -> int:
    return write_pdf(job.html, list(job.stylesheets), job.target, job.base_url, job.allowed)


def _worker(job_file: str) -> None:
    """Entry point of a worker process: render one pickled job, report failure on stderr."""
    with open(job_file, "rb") as handle:
        job = pickle.load(handle)
    try:
        _run(job)
    except Exception as exc:  # the parent turns this line into a ReporterError
        sys.stderr.write(f"\n{type(exc).__name__}: {exc}\n")
        sys.exit(1)


def write_pdfs(jobs: list[PdfJob]) -> list[int]:
    """Render several documents; with more than one core, all but the first in worker processes.

    Layout is pure Python and single-threaded, so two languages on two cores take the time of
    one. Workers are fresh interpreters (not forks: the parent holds Arrow and vl-convert
    threads) started with `-c`, so they never re-run the caller's main module.
    """
    if len(jobs) < 2 or (os.cpu_count() or 1) < 2:
        return [_run(job) for job in jobs]
    with tempfile.TemporaryDirectory(prefix="reporter-pdf-") as tmp:
        workers = []
        try:
            for index, job in enumerate(jobs[1:]):
                job_file = Path(tmp) / f"job-{index}.pickle"
                job_file.write_bytes(pickle.dumps(job))
                log = open(Path(tmp) / f"job-{index}.log", "w+b")  # noqa: SIM115 - closed below
                code = f"from reporter.render.pdf import _worker; _worker({str(job_file)!r})"
                workers.append(
                    (job, log, subprocess.Popen([sys.executable, "-c", code], stderr=log))
                )
            sizes = [_run(jobs[0])]
            for job, log, process in workers:
                if process.wait() != 0:
                    log.seek(0)
                    lines = log.read().decode("utf-8", "replace").strip().splitlines() or ["?"]
                    raise ReporterError(f"{job.target}: rendering failed: {lines[-1]}")
                sizes.append(job.target.stat().st_size)
            return sizes
        finally:
            for _job, log, process in workers:
                if process.poll() is None:
                    process.kill()
                    process.wait()
                log.close()


def write_pdf(
    html: str,
    stylesheets: list[str],
    target: Path,
    base_url: Path,
    allowed: Iterable[Path] = (),
) -> int:
    """Render to `target` atomically; returns the file size in bytes. The document loads only
    data: URLs and files inside `allowed` and the packaged templates (render/fetcher.py)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    from .fetcher import local_fetcher

    fetcher = local_fetcher(allowed)
    fonts = FontConfiguration()  # holds the @font-face files for this document only
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        document = HTML(string=html, base_url=str(base_url), url_fetcher=fetcher)
        sheets = [
            CSS(string=text, base_url=str(base_url), font_config=fonts, url_fetcher=fetcher)
            for text in stylesheets
        ]
        # Tagged PDF/UA-1: structure tree, document language (from <html lang>), MarkInfo.
        document.write_pdf(tmp, stylesheets=sheets, font_config=fonts, pdf_variant="pdf/ua-1")
        os.replace(tmp, target)
    except FatalURLFetchingError as exc:  # an address outside content/ (render/fetcher.py)
        raise ReporterError(f"{target.name}: {exc}") from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return target.stat().st_size
