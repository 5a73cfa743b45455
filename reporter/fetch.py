"""Download a month's CNEMC city files from a public mirror into the inbox.

The mirror is configuration (``data/fetch.yaml``, or ``--mirror``): a URL pattern in which
``{date:%Y%m%d}`` stands for the day. The default is the layout of quotsoft.net/air, which
republishes the national release as one ``china_cities_YYYYMMDD.csv`` per day.

A month needs each of its days plus the first day of the next month (hour 0 of a file closes
the day before). Downloads go to ``inbox/.partial/`` and are renamed into the inbox only when
complete, so the inbox never holds half a file; an interrupted download resumes with an HTTP
Range request. A file already in the inbox is asked for conditionally (If-None-Match /
If-Modified-Since, when it is still the copy fetched last time) and in any case compared byte
for byte: the same content is left alone, different content is a revision and replaces it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import http.client
import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from . import __version__
from .config import config_file, load_yaml
from .content.model import display
from .errors import ConfigError, ReporterError
from .paths import FETCH_FILE

DEFAULT_MIRROR = "https://quotsoft.net/air/data/china_cities_{date:%Y%m%d}.csv"
STATE_FILE = ".fetched.json"  # what each file was when fetched: hash, ETag, Last-Modified
PARTIAL_DIR = ".partial"
CHUNK = 1 << 16
GIVE_UP_AFTER = 3  # consecutive files that fail every attempt: the mirror is unreachable

ProgressFn = Callable[[Iterable[Any], str], Iterator[Any]]


class FetchError(ReporterError):
    """A fetch that cannot go on, in one line."""


@dataclass(frozen=True)
class Mirror:
    pattern: str = DEFAULT_MIRROR
    retries: int = 4  # further attempts after the first, per file
    backoff: float = 2.0  # seconds before the first retry; doubled each time
    timeout: float = 60.0

    def url(self, day: dt.date) -> str:
        return self.pattern.format(date=day)


def load_mirror(data_dir: Path | None, pattern: str | None = None) -> Mirror:
    """The mirror from ``data/fetch.yaml`` (every problem listed), `pattern` overriding its URL."""
    path = config_file(data_dir, FETCH_FILE)
    data = load_yaml(path) if path.exists() else {}
    if not isinstance(data, dict):
        raise ConfigError(path, ["expected a mapping: mirror, retries, backoff_seconds, timeout"])
    problems = []
    unknown = sorted(set(data) - {"mirror", "retries", "backoff_seconds", "timeout_seconds"})
    problems += [f"unknown field '{key}'" for key in unknown]
    url = pattern or data.get("mirror", DEFAULT_MIRROR)
    try:
        sample = str(url).format(date=dt.date(2024, 1, 2))
        if sample == url or "20240102" not in sample:
            problems.append(f"mirror {url!r} must contain {{date:%Y%m%d}}")
    except (KeyError, IndexError, ValueError) as exc:
        problems.append(f"mirror {url!r}: bad pattern ({exc}); write {{date:%Y%m%d}} for the day")
    numbers = {}
    for name, default in (("retries", 4), ("backoff_seconds", 2.0), ("timeout_seconds", 60.0)):
        value = data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            problems.append(f"field '{name}': {value!r} is not a number ≥ 0")
        numbers[name] = value
    if problems:
        raise ConfigError("--mirror" if pattern else path, problems)
    return Mirror(str(url), int(numbers["retries"]), numbers["backoff_seconds"],
                  numbers["timeout_seconds"])  # fmt: skip


def month_days(month: str) -> list[dt.date]:
    """Every day of YYYY-MM, and the first day of the next month (its hour 0 ends the month)."""
    try:
        year, number = (int(part) for part in month.split("-"))
        first = dt.date(year, number, 1)
    except ValueError:
        raise FetchError(f"{month!r} is not a month (use YYYY-MM)") from None
    days = calendar.monthrange(year, number)[1]
    return [first + dt.timedelta(days=i) for i in range(days + 1)]


def file_name(day: dt.date) -> str:
    return f"china_cities_{day:%Y%m%d}.csv"


@dataclass
class FetchReport:
    month: str
    inbox: Path
    fetched: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)  # replaced an older copy in the inbox
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # 404: not published (yet)
    failed: list[tuple[str, str]] = field(default_factory=list)  # name, last error
    seconds: float = 0.0

    def lines(self) -> list[str]:
        out = [
            f"  revised upstream: {name} differs from the copy in the inbox and replaces it "
            "(a revision: `reporter release --dry-run` shows which values changed)"
            for name in self.revised
        ]
        if self.missing:
            out.append(f"  not published: {', '.join(self.missing)}")
        out += [
            f"  incomplete: {name}: {reason} (run again to resume)" for name, reason in self.failed
        ]
        return out

    def summary(self) -> str:
        parts = [f"{len(self.fetched)} new", f"{len(self.revised)} revised",
                 f"{len(self.unchanged)} unchanged", f"{len(self.missing)} missing"]  # fmt: skip
        if self.failed:
            parts.append(f"{len(self.failed)} incomplete")
        return (
            f"Fetched {self.month} into {display(self.inbox)}: {', '.join(parts)} "
            f"in {self.seconds:.1f}s"
        )


class _Retry(Exception):
    """A transient failure (dropped connection, timeout, 5xx): try again after a pause."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _get(url: str, part: Path, timeout: float, known: dict[str, str] | None) -> dict | str:
    """One attempt: the response headers once `part` is complete, or "missing"/"not-modified"."""
    offset = part.stat().st_size if part.exists() else 0
    headers = {"User-Agent": f"reporter/{__version__}"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    elif known:  # the inbox copy is the one fetched last time: ask only for a newer one
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
    request = urllib.request.Request(url, headers=headers)
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code in (404, 410):
            return "missing"
        if exc.code == 304:
            return "not-modified"
        if exc.code == 416:  # the partial copy is no prefix of the file any more: start over
            part.unlink(missing_ok=True)
            raise _Retry("range not satisfiable") from None
        if exc.code in (408, 429) or exc.code >= 500:
            raise _Retry(f"HTTP {exc.code}") from None
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        raise _Retry(str(getattr(exc, "reason", exc))) from None
    with response:
        resumed = response.status == 206 and response.headers.get("Content-Range", "").startswith(
            f"bytes {offset}-"
        )
        length = response.headers.get("Content-Length")
        expected = (offset if resumed else 0) + int(length) if length else None
        try:
            with part.open("ab" if resumed else "wb") as out:
                while block := response.read(CHUNK):
                    out.write(block)
        except (OSError, http.client.HTTPException) as exc:
            raise _Retry(f"connection lost at {part.stat().st_size} bytes ({exc})") from None
        size = part.stat().st_size
        if expected is not None and size != expected:
            raise _Retry(f"connection lost at {size} of {expected} bytes")
        return {k.lower(): v for k, v in response.headers.items()}


def _fetch_one(url: str, part: Path, mirror: Mirror, known: dict | None) -> dict | str:
    """Retry with back-off (2 s, 4 s, 8 s … by default) until done, missing or out of tries."""
    for attempt in range(mirror.retries + 1):
        try:
            return _get(url, part, mirror.timeout, known)
        except _Retry as exc:
            if attempt == mirror.retries:
                raise
            time.sleep(mirror.backoff * 2**attempt)
            last = exc
    raise last  # pragma: no cover - the loop returns or raises


def _write_state(path: Path, state: dict) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def fetch_month(
    month: str,
    inbox: Path,
    mirror: Mirror,
    progress: ProgressFn | None = None,
) -> FetchReport:
    """Download the month's files into `inbox`; raise FetchError when the mirror has none."""
    started = time.perf_counter()
    days = month_days(month)
    inbox = Path(inbox)
    created = not inbox.exists()
    partial = inbox / PARTIAL_DIR
    partial.mkdir(parents=True, exist_ok=True)
    state_path = inbox / STATE_FILE
    state = json.loads(state_path.read_text(encoding="utf-8")) if state_path.exists() else {}
    report = FetchReport(month, inbox)
    failures_in_a_row = 0
    try:
        for day in progress(days, f"Fetching {month}") if progress else days:
            name = file_name(day)
            target, part = inbox / name, partial / f"{name}.part"
            record = state.get(name)
            known = record if target.exists() and record and record.get("sha256") == _sha256(
                target
            ) else None  # fmt: skip
            try:
                result = _fetch_one(mirror.url(day), part, mirror, known)
            except _Retry as exc:
                report.failed.append((name, str(exc)))
                failures_in_a_row += 1
                if failures_in_a_row >= GIVE_UP_AFTER and not (report.fetched or report.unchanged):
                    raise FetchError(
                        f"{mirror.url(day)}: the mirror does not answer ({exc}); "
                        "check the network or the mirror in data/fetch.yaml"
                    ) from None
                continue
            failures_in_a_row = 0
            if result == "missing":
                report.missing.append(name)
                continue
            if result == "not-modified":
                report.unchanged.append(name)
                continue
            assert isinstance(result, dict)
            digest = _sha256(part)
            if target.exists() and _sha256(target) == digest:
                part.unlink()
                report.unchanged.append(name)
            else:
                (report.revised if target.exists() else report.fetched).append(name)
                os.replace(part, target)  # complete: only now does the inbox see it
                if result.get("last-modified"):
                    try:
                        stamp = parsedate_to_datetime(result["last-modified"]).timestamp()
                        os.utime(target, (stamp, stamp))
                    except (TypeError, ValueError):
                        pass
            state[name] = {
                "sha256": digest,
                "etag": result.get("etag"),
                "last_modified": result.get("last-modified"),
                "url": mirror.url(day),
            }
    finally:
        for folder in (partial, inbox) if created else (partial,):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    if not (report.fetched or report.revised or report.unchanged or report.failed):
        raise FetchError(
            f"{mirror.url(days[0])}: nothing published for {month} "
            f"(all {len(days)} days answered 404); nothing written"
        )
    if report.fetched or report.revised or report.unchanged:
        _write_state(state_path, state)
    report.seconds = time.perf_counter() - started
    return report
