"""Build the site: gather the inputs, render what changed, run mkdocs, publish atomically.

  1. the content is loaded and checked as the PDF's is (an error stops the build, one line
     per problem); figures and city series come from the cache or the store (inputs.py), and
     each bulletin's 13-month trend from the narrative's cache that the PDF uses too;
  2. each page unit is reused from build/site-cache/pages/ when its key is known (pages.py);
  3. mkdocs builds into a temporary folder next to the output, which replaces the output
     only once complete: a killed build leaves the last good site in place;
  4. a lock next to the output refuses a second build of the same site at the same time.
When no unit, source or asset changed, mkdocs is skipped and the published site stays.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import paths
from ..digests import TEMPLATES, THEME, digest, file_digest
from ..errors import ReporterError
from ..locks import exclusive
from ..store import Store
from .inputs import Cache, display

if TYPE_CHECKING:  # pages imports the template machinery: loaded only when a build runs
    from .pages import Plan, SiteData

BUILD_DIR = paths.BUILD_DIR
# href/src attributes and CSS url() that point to another host.
OUTSIDE = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?|url\(\s*["']?)(?:https?:)?//(?!(?:127\.0\.0\.1|localhost)[:/"'])([^"'\s)>]+)""",
    re.IGNORECASE,
)


class SiteBusyError(ReporterError):
    """Another build of the same site is running."""


class SiteProblemsError(ReporterError):
    """--strict and something the site needs is missing."""


@dataclass
class BuildReport:
    out: Path
    regenerated: int = 0
    reused: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # from mkdocs
    seconds: dict[str, float] = field(default_factory=dict)
    published: bool = False  # False: nothing changed, the existing site was kept

    def summary(self) -> str:
        times = ", ".join(
            f"{name} {value:.1f}s" for name, value in self.seconds.items() if name != "total"
        )
        action = (
            f"published to {display(self.out)}"
            if self.published
            else (f"unchanged, {display(self.out)} kept")
        )
        return (
            f"Site built in {self.seconds.get('total', 0):.1f}s ({times}): "
            f"{self.regenerated} pages regenerated, {self.reused} reused; {action}"
        )


@contextlib.contextmanager
def _lock(path: Path, what: str) -> Iterator[None]:
    message = f"{display(what)}: another site build is running; wait for it to finish"
    with exclusive(path, SiteBusyError(message)):
        yield


def _recover(out: Path) -> None:
    """Put back a site left aside by a build killed mid-swap; drop half-built folders."""
    old = out.parent / f".{out.name}.old"
    if old.exists() and not out.exists():
        os.replace(old, out)
    for stale in out.parent.glob(f".{out.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _check_replaceable(out: Path) -> None:
    # Never replace a folder that is not a site (e.g. --out pointed at a home folder).
    if out.exists() and any(out.iterdir()) and not (out / "index.html").exists():
        raise ReporterError(
            f"{display(out)}: not a built site (no index.html); choose another --out"
        )


def _publish(tmp: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        os.replace(out, old)  # the last good site stays until the new one is in place
    os.replace(tmp, out)
    shutil.rmtree(old, ignore_errors=True)


def outside_references(site_dir: Path) -> list[str]:
    """Every src/href attribute or CSS url() in the site's HTML, CSS and JS naming another host."""
    found = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix in (".html", ".css", ".js") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{path.relative_to(site_dir)}: {m.group(0)}" for m in OUTSIDE.finditer(text)]
    return found


def _gather(
    store: Store, content_dir: Path, bulletins_dir: Path, cache: Cache, work: Path
) -> SiteData:
    from ..bulletin.narrative import trend_series
    from ..content.model import load_content
    from ..settings import load_settings
    from .covers import covers
    from .inputs import (
        StoreDigests,
        bulletin_months,
        city_series,
        engine_digest,
        month_figures,
        published_pdfs,
        read_issue,
    )
    from .pages import SiteData

    settings = load_settings(store.data_dir)  # rules, bands and registry of --data-dir
    content = load_content(content_dir)
    engine, digests = engine_digest(store), StoreDigests(store)
    months = bulletin_months(content_dir)
    figures = {m: month_figures(store, m, cache, digests, engine) for m in months}
    # The same cache as the PDF's (reporter.bulletin.build): once either has built a month's
    # trend, the other reads it.
    trends = {
        m: trend_series(store, f.figures, cache_dir=work / paths.CACHE_FOLDER)
        for m, f in figures.items()
        if f.figures is not None
    }
    pdfs = published_pdfs(bulletins_dir, months)
    annual = annual_reports(work / paths.ANNUAL_FOLDER)
    drawn, cover_problems = covers(
        [*(p for m in months for p in pdfs[m].values()), *_annual_editions(annual)], cache
    )
    return SiteData(
        registry=settings.registry,
        content=content,
        months=months,
        figures=figures,
        trends=trends,
        issues={m: read_issue(content, m) for m in months},
        bulletins_dir=bulletins_dir,
        series=city_series(store, cache, digests, engine),
        bands=settings.bands,
        rule_sets=settings.rule_sets,
        synthetic=store.synthetic,
        config_digest=engine,
        annual_pdfs=annual,
        pdfs=pdfs,
        covers=drawn,
        cover_problems=cover_problems,
    )


def _annual_editions(annual: dict[int, dict[str, Path]]) -> list[Path]:
    """Every edition of the annual reports (zh, en and bilingual where built): the archive
    shows the page language's cover, the report's page every edition's."""
    return [path for _, pdfs in sorted(annual.items()) for _, path in sorted(pdfs.items())]


ANNUAL_PDF = re.compile(r"^annual-(\d{4})-(zh|en|bilingual)\.pdf$")


def annual_reports(folder: Path) -> dict[int, dict[str, Path]]:
    """Annual reports built with `reporter annual` (drafts left out): year -> edition -> PDF."""
    found: dict[int, dict[str, Path]] = {}
    for path in sorted(folder.glob("annual-*.pdf")) if folder.is_dir() else []:
        match = ANNUAL_PDF.match(path.name)
        if match:
            found.setdefault(int(match.group(1)), {})[match.group(2)] = path
    return {year: pdfs for year, pdfs in found.items() if "zh" in pdfs and "en" in pdfs}


def _mkdocs(config_path: Path) -> list[str]:
    """Run mkdocs in a fresh interpreter; returns its warnings.

    A fresh process per build: the search plugin loads jieba's user dictionary into a global
    tokenizer, so a second build in one process would segment Chinese differently and the
    search index would not be byte-identical to the same build run alone.
    """
    code = "from reporter.website.build import _mkdocs_here; _mkdocs_here()"
    done = subprocess.run(
        [sys.executable, "-c", code, str(config_path)], capture_output=True, text=True
    )
    lines = done.stdout.splitlines()
    if done.returncode != 0:
        reason = lines[-1] if lines else (done.stderr.strip().splitlines() or ["?"])[-1]
        raise ReporterError(f"site: mkdocs: {reason}")
    return json.loads(lines[-1]) if lines else []


def _mkdocs_here() -> None:
    """The worker of `_mkdocs`: build, print the warnings as JSON (or the error) on stdout."""
    import jieba
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    jieba.setLogLevel(logging.WARNING)
    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    logger.addHandler(Collect(logging.WARNING))
    logger.propagate = False
    try:
        build(load_config(config_file=sys.argv[1]))
    except MkDocsException as exc:
        print(str(exc).replace("\n", " "))
        sys.exit(2)
    print(json.dumps(warnings))


def build_site(
    store: Store,
    *,
    out: Path | None = None,
    work_dir: Path | None = None,
    content_dir: Path | None = None,
    bulletins_dir: Path | None = None,
    strict: bool = False,
    echo: Callable[[str], None] = lambda line: None,
    progress: Callable[[list[Any], str], Iterable[Any]] | None = None,
) -> BuildReport:
    """Build the site into `out` (default build/site), reusing every unchanged page."""
    from .assets import search_dictionary
    from .pages import plan
    from .templating import SiteTemplates

    work = Path(work_dir or BUILD_DIR)
    out = Path(out or work / paths.SITE_FOLDER).resolve()
    content_dir = Path(content_dir or paths.DEFAULT_CONTENT_DIR)
    bulletins_dir = Path(bulletins_dir or work / paths.BULLETINS_FOLDER)
    report = BuildReport(out)
    started = time.perf_counter()
    with (
        _lock(work / f".{paths.SITE_SRC_FOLDER}.lock", work / paths.SITE_SRC_FOLDER),
        _lock(out.parent / f".{out.name}.lock", out),
    ):
        _recover(out)
        _check_replaceable(out)
        cache = Cache(work / paths.SITE_CACHE_FOLDER)
        site = _gather(store, content_dir, bulletins_dir, cache, work)
        report.seconds["data"] = time.perf_counter() - started
        templates = SiteTemplates(cache)
        result = plan(site, templates, TEMPLATES("site"), TEMPLATES("bulletin"))
        report.problems = result.problems
        if strict and result.problems:
            more = (
                f" (and {len(result.problems) - 1} more problem(s))"
                if len(result.problems) > 1
                else ""
            )
            raise SiteProblemsError(f"site: {result.problems[0]}{more}; --strict stops here")
        mark = time.perf_counter()
        src = work / paths.SITE_SRC_FOLDER
        _write_sources(result, cache, src, report, progress)
        search_dictionary(site.registry, src / "search-words.txt")
        report.seconds["pages"] = time.perf_counter() - mark
        fingerprint = digest(
            [u.key for u in result.units],
            {p: file_digest(s) for p, s in result.copies.items()},
            {p: digest(data) for p, data in result.files.items()},
            THEME(),
            _versions(),
        )
        if cache.get("outputs", digest(str(out))) == fingerprint and (out / "index.html").exists():
            report.seconds["mkdocs"] = 0.0  # nothing changed: the published site stays
        else:
            mark = time.perf_counter()
            echo("Running mkdocs…")
            report.warnings = _build_and_publish(src, out)
            cache.put("outputs", digest(str(out)), fingerprint)
            report.published = True
            report.seconds["mkdocs"] = time.perf_counter() - mark
        cache.prune()
    report.seconds["total"] = time.perf_counter() - started
    return report


def _write_sources(
    result: Plan,
    cache: Cache,
    src: Path,
    report: BuildReport,
    progress: Callable[[list[Any], str], Iterable[Any]] | None,
) -> None:
    """Fresh docs/ from cached or newly rendered units, the PDFs, and the theme folder."""
    from ..charts.site import prerender
    from ..render.sanitise import clean_svg
    from .assets import assemble_theme

    docs = src / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    fresh = [u for u in result.units if not cache.has("pages", u.key)]
    prerender([spec for u in fresh if u.specs for spec in u.specs()], cache, progress)
    for unit in progress(result.units, "Rendering pages") if progress else result.units:
        files = cache.get("pages", unit.key)
        if files is None:
            files = {path: str(text) for path, text in unit.render().items()}
            cache.put("pages", unit.key, files)
            report.regenerated += unit.lang is not None
        else:
            report.reused += unit.lang is not None
        for path, text in files.items():
            target = docs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    for path, data in result.files.items():  # the cover thumbnails (covers.py)
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for path, source in result.copies.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix.lower() == ".svg":  # a staff picture: published as cleaned (sanitise.py)
            target.write_bytes(clean_svg(source.read_bytes()))
            continue
        with contextlib.suppress(OSError):
            os.link(source, target)  # PDFs can be large: link, copy only across devices
        if not target.exists():
            shutil.copyfile(source, target)
    assemble_theme(src / "theme", cache)


def _build_and_publish(src: Path, out: Path) -> list[str]:
    """mkdocs into a folder next to `out`, checked, then swapped in; returns mkdocs' warnings."""
    from .assets import write_config
    from .postbuild import finish

    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    try:
        warnings = _mkdocs(write_config(src, tmp))
        finish(tmp)
        outside = outside_references(tmp)
        if outside:
            raise ReporterError(f"site: a page references an outside address: {outside[0]}")
        _publish(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return warnings


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {
        name: version(name)
        for name in (
            "mkdocs",
            "mkdocs-material",
            "mkdocs-static-i18n",
            "jieba",
            "vl-convert-python",
            "pypdfium2",
            "pillow",
        )
    }


def serve(directory: Path, port: int) -> None:  # pragma: no cover - runs until interrupted
    """Serve a built site on 127.0.0.1 with Python's http.server (a plain local file server)."""
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        server.serve_forever()
