"""`reporter release YYYY-MM`: the editor's month in one command, published atomically.

Steps: ingest the inbox, validate the content, show the data diff since the last release,
build both PDFs and the site into a new version folder, record the manifest, then point the
publish link at the new version in one atomic rename. A run killed at any point leaves the
last published version untouched; two runs at once are refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ReporterError
from ..ingest import IngestReport, ingest_cnemc, ingest_daily, ingest_monthly
from ..locks import exclusive
from ..paths import BUILD_DIR, BULLETINS_FOLDER, DEFAULT_CONTENT_DIR, SITE_FOLDER, STORE_FOLDER
from ..settings import load_settings
from ..stats.period import Period
from ..store import Store
from .manifest import DataDiff, diff_since_release, write_manifest

KEEP_VERSIONS = 3  # published versions kept beside the current one, for a quick roll-back
Echo = Callable[[str], None]


class ReleaseBusyError(ReporterError):
    """Another release is publishing to the same place."""


@dataclass
class ReleaseReport:
    period: str
    dry_run: bool
    ingests: list[IngestReport] = field(default_factory=list)
    diff: DataDiff | None = None
    published: Path | None = None  # the version folder the publish link points at
    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self, publish_link: Path) -> str:
        if self.dry_run:
            return f"Dry run of {self.period}: nothing built or published ({self.seconds:.1f}s)"
        return (
            f"Published {self.period} to {publish_link} → {self.published.name}: "
            f"{', '.join(self.outputs)} in {self.seconds:.1f}s"
        )


@contextlib.contextmanager
def publish_lock(publish_link: Path) -> Iterator[None]:
    message = f"{publish_link}: another release is running; wait for it to finish"
    with exclusive(publish_link.parent / f".{publish_link.name}.lock", ReleaseBusyError(message)):
        yield


def _hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _ingest_inbox(inbox: Path, store: Store, strict: bool) -> list[IngestReport]:
    """CNEMC files anywhere in the inbox; tidy tables under inbox/daily and inbox/monthly."""
    registry = load_settings(store.data_dir).registry
    reports = []
    if any(inbox.rglob("china_cities_*.csv")):
        reports.append(ingest_cnemc([inbox], store, registry, strict=strict))
    for kind, ingest in (("daily", ingest_daily), ("monthly", ingest_monthly)):
        for path in sorted((inbox / kind).glob("*")) if (inbox / kind).is_dir() else []:
            if path.suffix.lower() in (".csv", ".parquet", ".xlsx"):
                reports.append(ingest(path, store, registry, strict=strict))
    return reports


def _swap_link(link: Path, target: Path) -> None:
    """Point `link` at `target` with one rename: readers see the old or the new, never neither."""
    if link.exists() and not link.is_symlink():
        raise ReporterError(
            f"{link}: exists and is not a release link; choose another --publish-dir"
        )
    tmp = link.with_name(f".{link.name}.new")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    tmp.symlink_to(os.path.relpath(target, link.parent))
    os.replace(tmp, link)


def _prune(versions: Path, keep: Path) -> None:
    folders = sorted((p for p in versions.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
    for old in folders[: max(0, len(folders) - KEEP_VERSIONS - 1)]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


def run_release(
    store: Store,
    month: str,
    *,
    inbox: Path,
    publish_link: Path,
    content_dir: Path | None = None,
    dry_run: bool = False,
    strict: bool = False,
    work_dir: Path = BUILD_DIR,
    echo: Echo = lambda line: None,
    progress: Callable[[list, str], Iterable] | None = None,
) -> ReleaseReport:
    """Run the month's release; see the module docstring for the steps."""
    from ..content.model import load_content

    started = time.perf_counter()
    period = Period.parse(month)
    if period.kind != "month":
        raise ReporterError(f"{month!r} is not a month (use YYYY-MM)")
    report = ReleaseReport(period.label, dry_run)
    # The store stays locked for the whole run: no ingest can land between the PDFs, the site
    # and the manifest, which are all made from this one state of the store.
    with (
        publish_lock(publish_link),
        store.lock(),
        tempfile.TemporaryDirectory(prefix="reporter-dry-") as tmp,
    ):
        content = load_content(content_dir)  # bad content stops the release before any ingest
        content.issue(period.label)  # the issue file exists and validates
        if dry_run:  # a copy of the store takes the ingest, so nothing real changes
            shutil.copytree(store.root, Path(tmp) / STORE_FOLDER, dirs_exist_ok=True)
            _copy_settings(store.data_dir, Path(tmp))  # the copy keeps --data-dir's settings
            store = Store(Path(tmp))
        report.ingests = _ingest_inbox(inbox, store, strict) if inbox.is_dir() else []
        for ingest in report.ingests:
            echo(ingest.summary())
        report.diff = diff_since_release(store, period)
        for line in report.diff.lines():
            echo(line)
        if not dry_run:
            _build_and_publish(
                store, period, report, publish_link, content_dir, strict, work_dir, echo, progress
            )
    report.seconds = time.perf_counter() - started
    return report


def _copy_settings(data_dir: Path, target: Path) -> None:
    """The settings files `data_dir` has of its own (reporter.settings), copied to `target`."""
    from ..settings import sources

    for source in sources(data_dir).values():
        if source.is_relative_to(data_dir):
            copy = shutil.copytree if source.is_dir() else shutil.copyfile
            copy(source, target / source.relative_to(data_dir))


def _build_and_publish(
    store: Store, period: Period, report: ReleaseReport, publish_link: Path,
    content_dir: Path | None, strict: bool, work_dir: Path, echo: Echo, progress: Callable | None,
) -> None:  # fmt: skip
    versions = publish_link.parent / f"{publish_link.name}-versions"
    version = versions / f"{period.label}-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
    staging = version.with_name(f".{version.name}.tmp")
    for stale in versions.glob(".*.tmp") if versions.exists() else []:
        shutil.rmtree(stale, ignore_errors=True)  # left by a run that was killed
    try:
        pdfs = _build(store, period, staging, content_dir, strict, work_dir, echo, progress)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    os.replace(staging, version)  # complete before it can be published
    _swap_link(publish_link, version)
    _prune(versions, version)
    report.published = version
    report.outputs = [f"pdf/{p.name}" for p in pdfs] + ["site/", "manifest.json"]


def _build(
    store: Store, period: Period, staging: Path, content_dir: Path | None,
    strict: bool, work_dir: Path, echo: Echo, progress: Callable | None,
) -> list[Path]:  # fmt: skip
    """PDFs, site and manifest of one release, all inside `staging`; returns the PDFs."""
    from ..bulletin.build import output_name
    from ..stats.summary import build_figures
    from ..website.build import build_site
    from ..website.bulletins import ensure_bulletins

    pdf_dir = work_dir / BULLETINS_FOLDER
    content_root = Path(content_dir or DEFAULT_CONTENT_DIR)
    # Every issue's PDFs the site links to; this month's must build, or the release stops.
    ensure_bulletins(store, content_root, pdf_dir, work_dir, required=period.label)
    pdfs = [pdf_dir / output_name(period.label, lang) for lang in ("zh", "en")]
    (staging / "pdf").mkdir(parents=True, exist_ok=True)
    for path in pdfs:
        shutil.copy2(path, staging / "pdf" / path.name)
    site = build_site(
        store, out=staging / SITE_FOLDER, work_dir=work_dir, content_dir=content_dir,
        bulletins_dir=pdf_dir, strict=strict, echo=echo,
    )  # fmt: skip
    echo(site.summary())
    manifest = write_manifest(
        store, period, build_figures(store, period),
        content=_hashes(content_root), outputs=_hashes(staging),
    )  # fmt: skip
    shutil.copy2(manifest, staging / "manifest.json")
    return pdfs
