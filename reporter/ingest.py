"""Ingest: validate feed files, then write them to the store. A refused file writes nothing."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .feeds.archive import feed_sources
from .feeds.cnemc import RAW_TYPES, CnemcFile, parse_cnemc
from .feeds.common import ValueProblem, project_limits
from .feeds.tidy import TidyFile, read_daily, read_monthly
from .registry import Registry
from .settings import Plausibility, load_settings
from .store import Store, WriteFailedError

Progress = Callable[[Iterable, str], Iterable]


def _no_progress(items: Iterable, label: str) -> Iterable:
    return items


@dataclass
class IngestReport:
    """What an ingest did, for the summary line and the value-problem list."""

    kind: str
    files: int = 0
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    rows: int = 0
    unmapped: dict[str, int] = field(default_factory=dict)  # column/city name -> files seen in
    merged: dict[str, list[str]] = field(default_factory=dict)
    problems: list[ValueProblem] = field(default_factory=list)
    extremes: list[ValueProblem] = field(default_factory=list)  # beyond the AQI scale, kept
    seconds: float = 0.0
    limits: Plausibility | None = None  # the limits the files were checked against

    def summary(self) -> str:
        return (
            f"Ingested {self.files} {self.kind} file(s): {self.new} new, {self.revised} revised, "
            f"{self.unchanged} unchanged; {self.rows:,} rows; {len(self.problems)} value(s) excluded; "
            f"{len(self.extremes)} extreme value(s) kept; "
            f"{len(self.unmapped)} name(s) not in the registry; {self.seconds:.1f}s"
        )


def extreme_lines(extremes: list[ValueProblem], limits: Plausibility | None = None) -> list[str]:
    """One line per city and pollutant: the highest value kept, how many, and where it is."""
    groups: dict[tuple[str, str], list[ValueProblem]] = {}
    for item in extremes:
        groups.setdefault((item.city, item.field), []).append(item)
    lines = []
    threshold = (limits or project_limits()).extreme_above
    for (city, name), items in sorted(groups.items()):
        top = max(items, key=lambda p: float(p.value))
        limit = threshold.get(RAW_TYPES.get(name, name), 0)
        lines.append(
            f"extreme, kept: {city} {name} {top.value} ({len(items)} hourly value(s) above "
            f"{limit:g}; highest at {top.path}, row {top.row})"
        )
    return lines


def expand_cnemc_paths(paths: Iterable[Path]) -> list[Path]:
    """The daily files named by the given files, archives and folders, sorted."""
    return [source.path for source in feed_sources(paths)]


def _strict_check(problems: list[ValueProblem]) -> None:
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(
            first.path,
            f"{first.city}, {first.field}={first.value!r}: {first.reason}{more}; refused under --strict",
            row=first.row,
        )


@contextlib.contextmanager
def _record_on_failure(store: Store, recorded: dict[str, dict[str, str]]) -> Iterator[None]:
    """A write that fails (full disk) after others succeeded: the written partitions are still
    recorded, so the store never holds data it cannot account for."""
    try:
        yield
    except WriteFailedError:
        if recorded:
            with contextlib.suppress(WriteFailedError):
                store.record_sources(recorded)
        raise


def _refuse_empty(result: CnemcFile) -> None:
    """No write without data: a file with no registry city or no value never replaces a day."""
    if result.table.num_rows:
        return
    if not result.cities:
        names = ", ".join(result.unmapped[:3]) + (" …" if len(result.unmapped) > 3 else "")
        raise InputError(result.path, f"no column is a registry city ({names})", row=1)
    raise InputError(result.path, "holds no value for any registry city")


def ingest_cnemc(
    paths: Iterable[Path],
    store: Store,
    registry: Registry,
    *,
    strict: bool = False,
    progress: Progress = _no_progress,
) -> IngestReport:
    """Validate every file first; only if all pass, write each as one atomic partition."""
    started = time.perf_counter()
    files = feed_sources(paths)
    if not files:
        raise InputError(", ".join(map(str, paths)), "no china_cities_YYYYMMDD.csv file found")
    limits = load_settings(store.data_dir).plausibility  # the limits of --data-dir
    report = IngestReport(kind="CNEMC", limits=limits)
    parsed: list[CnemcFile] = []
    dates: dict[object, Path] = {}
    for source in progress(files, "Validating"):
        path = source.path
        result = parse_cnemc(path, registry, source.read(), limits=limits)
        if strict:
            _strict_check(result.problems)
        _refuse_empty(result)
        if result.file_date in dates:  # which of the two would be the day's data?
            raise InputError(
                path,
                f"a second file for {result.file_date} in this run (also {dates[result.file_date]})",
            )
        dates[result.file_date] = path
        parsed.append(result)
    sources = store.sources
    recorded: dict[str, dict[str, str]] = {}
    with store.lock(), _record_on_failure(store, recorded):
        for result in progress(parsed, "Writing"):
            key = f"hourly/{result.file_date:%Y%m%d}"
            partition = store.hourly_partition(result.file_date)
            previous = sources.get(key, {}).get("sha256")
            if previous == result.sha256 and partition.exists():
                report.unchanged += 1
            else:
                store.write_hourly(result.file_date, result.table)
                recorded[key] = {"file": result.path.name, "sha256": result.sha256}
                report.new += previous is None
                report.revised += previous is not None
            report.rows += result.table.num_rows
            for name in result.unmapped:
                report.unmapped[name] = report.unmapped.get(name, 0) + 1
            for code, names in result.merged.items():
                report.merged[code] = names
            report.problems += result.problems
            report.extremes += result.extremes
        if recorded:
            store.record_sources(recorded)
    report.files = len(parsed)
    report.seconds = time.perf_counter() - started
    return report


def _ingest_tidy(
    kind: str,
    path: Path,
    store: Store,
    strict: bool,
    reader: Callable[[Path, Plausibility], TidyFile],
) -> IngestReport:
    started = time.perf_counter()
    limits = load_settings(store.data_dir).plausibility  # the limits of --data-dir
    report = IngestReport(kind=kind, files=1, limits=limits)
    result = reader(path, limits)
    if strict:
        _strict_check(result.problems)
    values = result.frame.drop(columns=["code", "date", "month", "dust"], errors="ignore")
    if result.frame.empty:  # no write without data
        raise InputError(path, "no row is for a registry city", hint="check the city names")
    if not values.notna().to_numpy().any():
        raise InputError(path, "holds no value for any registry city")
    with store.lock():
        upsert = store.upsert_daily if kind == "daily" else store.upsert_monthly
        added, revised = upsert(result.frame)
        store.record_sources(
            {f"{kind}/{Path(path).name}": {"file": Path(path).name, "sha256": result.sha256}}
        )
    report.new, report.revised = added, revised
    report.unchanged = len(result.frame) - added - revised
    report.rows = len(result.frame)
    report.unmapped = dict.fromkeys(result.unknown_cities, 1)
    report.problems = result.problems
    report.seconds = time.perf_counter() - started
    return report


def ingest_daily(
    path: Path, store: Store, registry: Registry, *, strict: bool = False
) -> IngestReport:
    """A daily tidy table: rows for city-days already stored replace them."""
    return _ingest_tidy(
        "daily", path, store, strict, lambda p, lim: read_daily(p, registry, limits=lim)
    )


def ingest_monthly(
    path: Path, store: Store, registry: Registry, *, strict: bool = False
) -> IngestReport:
    """A monthly tidy table: rows for city-months already stored replace them."""
    return _ingest_tidy(
        "monthly", path, store, strict, lambda p, lim: read_monthly(p, registry, limits=lim)
    )
