"""Sand-dust processes (沙尘过程): a table of city, start, end, source, kept beside the store.

Official PM10, PM2.5 and the composite index deduct the days of sand-dust processes
(环办监测〔2016〕120号); the processes are identified by the national monitoring centre from
satellite and weather data, not from the feed, so they come in as a table. A refused table
stores nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from .errors import InputError
from .feeds.common import read_table
from .registry import Registry
from .store import Store, atomic_write_bytes

COLUMNS = ("city", "start", "end", "source")
FILE_NAME = "dust.json"


@dataclass(frozen=True)
class DustProcess:
    code: str
    city: str  # as written in the table
    start: str  # ISO date, first day of the process
    end: str  # ISO date, last day (inclusive)
    source: str


def _date(path: Path, row: int, name: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            path, f"{text!r} is not a date (YYYY-MM-DD)", row=row, field=name
        ) from None


def read_dust_table(path: Path, registry: Registry) -> tuple[list[DustProcess], str]:
    """Every row checked: a known city, dates, end not before start, a source; and its hash."""
    frame, raw = read_table(Path(path))
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(path, f"missing column(s): {', '.join(missing)}", row=1)
    processes = []
    for i, record in enumerate(frame[list(COLUMNS)].astype(str).itertuples(index=False), 2):
        city = registry.resolve(record.city.strip())
        if city is None:
            raise InputError(path, f"unknown city {record.city.strip()!r}", row=i, field="city")
        start = _date(path, i, "start", record.start)
        end = _date(path, i, "end", record.end)
        if end < start:
            raise InputError(
                path, f"end {end.isoformat()} is before start {start.isoformat()}", row=i
            )
        if not record.source.strip():
            raise InputError(path, "no source named", row=i, field="source")
        processes.append(
            DustProcess(
                city.code, record.city.strip(), start.isoformat(), end.isoformat(), record.source
            )
        )
    _check_overlaps(path, processes)
    return processes, hashlib.sha256(raw).hexdigest()


def _check_overlaps(path: Path, processes: list[DustProcess], first_row: int = 2) -> None:
    """Two processes of one city may not share a day: the row of the later one is named."""
    seen: dict[str, list[tuple[str, str, int]]] = {}
    for row, p in enumerate(processes, first_row):
        for start, end, other in seen.get(p.code, []):
            if p.start <= end and start <= p.end:
                raise InputError(
                    path,
                    f"{p.city} {p.start}…{p.end} overlaps row {other} ({start}…{end})",
                    row=row,
                )
        seen.setdefault(p.code, []).append((p.start, p.end, row))


def stored_processes(store: Store) -> list[DustProcess] | None:
    """The stored dust table, or None if none was ever ingested."""
    path = store.root / FILE_NAME
    if not path.exists():
        return None
    return [DustProcess(**item) for item in json.loads(path.read_text("utf-8"))["processes"]]


def ingest_dust(path: Path, store: Store, registry: Registry) -> int:
    """Replace the stored dust table by this one (the complete list); returns its row count."""
    processes, sha256 = read_dust_table(path, registry)
    text = json.dumps({"processes": [asdict(p) for p in processes]}, ensure_ascii=False, indent=1)
    with store.lock():
        store.root.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(store.root / FILE_NAME, text.encode("utf-8"))
        store.record_sources(
            {f"dust/{Path(path).name}": {"file": Path(path).name, "sha256": sha256}}
        )
    return len(processes)


def dust_mask(store: Store, codes: pd.Series, dates: pd.Series) -> pd.Series | None:
    """True for the city-days inside a stored process; None without a dust table."""
    processes = stored_processes(store)
    if processes is None:
        return None
    mask = pd.Series(False, index=codes.index)
    days = pd.to_datetime(dates)
    for p in processes:
        mask |= (codes == p.code) & (days >= pd.Timestamp(p.start)) & (days <= pd.Timestamp(p.end))
    return mask
