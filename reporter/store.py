"""The columnar store: Parquet partitions under `<data-dir>/store`, written atomically.

Layout:
  hourly/YYYY/YYYYMMDD.parquet   one partition per CNEMC file (keyed by the file's date)
  daily/YYYY.parquet             daily values from tidy tables, one row per city-day
  monthly/YYYY.parquet           monthly values from tidy tables, one row per city-month
  sources.json                   what each partition was built from (file name, SHA-256)
  store.json                     store-wide labels (e.g. synthetic demo data)
Re-ingesting a file replaces exactly the values it covers; the same file twice changes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .errors import ReporterError
from .locks import exclusive
from .paths import STORE_FOLDER

DAILY_COLUMNS = ("pm25", "o3_mda8", "pm10", "so2", "no2", "co", "o3_1h", "dust")
MONTHLY_COLUMNS = ("pm25", "o3_8h_90")


class StoreBusyError(ReporterError):
    """Another reporter process holds the store lock."""


class WriteFailedError(ReporterError):
    """A file could not be written (full disk, read-only folder); the old version stays."""


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename: readers never see half a file.
    A full disk or a read-only folder ends in one line; the file keeps its previous version."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteFailedError(f"{path}: cannot write ({exc.strerror}); nothing changed") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise WriteFailedError(
            f"{path}: cannot write ({exc.strerror}); its previous version is kept"
        ) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


class Store:
    """Read and write access to one store folder."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.root = self.data_dir / STORE_FOLDER

    # -- bookkeeping -------------------------------------------------------
    def _json(self, name: str) -> dict[str, Any]:
        path = self.root / name
        if not path.exists():
            return {}
        return json.loads(path.read_text(encoding="utf-8"))

    def _write_json(self, name: str, value: dict[str, Any]) -> None:
        text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        atomic_write_bytes(self.root / name, text.encode("utf-8"))

    @property
    def sources(self) -> dict[str, Any]:
        return self._json("sources.json")

    def record_sources(self, entries: dict[str, Any]) -> None:
        merged = self.sources
        merged.update(entries)
        self._write_json("sources.json", merged)

    @property
    def labels(self) -> dict[str, Any]:
        return self._json("store.json")

    def set_label(self, key: str, value: Any) -> None:
        labels = self.labels
        if labels.get(key) != value:
            labels[key] = value
            self._write_json("store.json", labels)

    @property
    def synthetic(self) -> bool:
        return bool(self.labels.get("synthetic", False))

    def is_empty(self) -> bool:
        return not any(self.root.glob("*/*.parquet")) and not any(self.root.glob("hourly/*/*"))

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """One writer at a time: a second ingest or build is refused, not interleaved."""
        message = f"{self.root}: another reporter run is using this store; wait for it to finish"
        with exclusive(self.root / ".lock", StoreBusyError(message)):
            yield

    # -- hourly ------------------------------------------------------------
    def hourly_partition(self, file_date: dt.date) -> Path:
        return self.root / "hourly" / f"{file_date:%Y}" / f"{file_date:%Y%m%d}.parquet"

    def _replace(self, path: Path, data: bytes) -> None:
        """Write a partition; a replaced version is kept in history/ so revisions can be diffed."""
        if path.exists():
            old = path.read_bytes()
            if old == data:
                return
            kept = self.history_path(
                path.relative_to(self.root).as_posix(), hashlib.sha256(old).hexdigest()
            )
            if not kept.exists():
                atomic_write_bytes(kept, old)
        atomic_write_bytes(path, data)

    def history_path(self, partition: str, sha256: str) -> Path:
        """Where the version of `partition` with content hash `sha256` is kept once replaced."""
        return self.root / "history" / f"{partition.replace('/', '__')}@{sha256[:16]}.parquet"

    def partition_hashes(self) -> dict[str, str]:
        """SHA-256 of every current partition, by path relative to the store."""
        return {
            p.relative_to(self.root).as_posix(): sha256_file(p)
            for kind in ("hourly", "daily", "monthly")
            for p in sorted((self.root / kind).rglob("*.parquet"))
        }

    def read_partition(self, partition: str, sha256: str | None = None) -> pd.DataFrame | None:
        """A partition as it is now, or the version with hash `sha256` (current or in history)."""
        current = self.root / partition
        if current.exists() and (sha256 is None or sha256_file(current) == sha256):
            return pq.read_table(current).to_pandas()
        if sha256 is not None and self.history_path(partition, sha256).exists():
            return pq.read_table(self.history_path(partition, sha256)).to_pandas()
        return None

    def write_hourly(self, file_date: dt.date, table: pa.Table) -> None:
        self._replace(self.hourly_partition(file_date), _parquet_bytes(table))

    def read_hourly(self, start: dt.date, end: dt.date) -> pd.DataFrame:
        """Hourly rows of natural days start..end (inclusive); reads files start..end+1 (hour 0)."""
        paths = []
        day = start
        while day <= end + dt.timedelta(days=1):
            path = self.hourly_partition(day)
            if path.exists():
                paths.append(path)
            day += dt.timedelta(days=1)
        if not paths:
            return pd.DataFrame(columns=["code", "date", "hour"])
        # Partitions are small: read several at once (the reads release the GIL), in order.
        with ThreadPoolExecutor(max_workers=min(8, len(paths))) as pool:
            tables = list(pool.map(pq.read_table, paths))
        table = pa.concat_tables(tables, promote_options="default")
        # Keep the days start..end before converting; dates become datetime64[ns], not objects.
        dates = table.column("date")
        table = table.filter(
            pc.and_(
                pc.greater_equal(dates, pa.scalar(start, pa.date32())),
                pc.less_equal(dates, pa.scalar(end, pa.date32())),
            )
        )
        index = table.schema.get_field_index("date")
        table = table.set_column(index, "date", pc.cast(table.column(index), pa.timestamp("ns")))
        return table.to_pandas()

    def hourly_days(self) -> list[dt.date]:
        """File dates of every stored hourly partition."""
        return sorted(
            dt.datetime.strptime(p.stem, "%Y%m%d").date()
            for p in self.root.glob("hourly/*/*.parquet")
        )

    # -- tidy daily and monthly ----------------------------------------------
    def _upsert(self, kind: str, year: int, new: pd.DataFrame, keys: list[str]) -> tuple[int, int]:
        """Replace the rows of `new`'s keys in one year's partition; returns (added, revised)."""
        path = self.root / kind / f"{year}.parquet"
        new = new.drop_duplicates(subset=keys, keep="last")
        if path.exists():
            old = pq.read_table(path).to_pandas()
            values = [c for c in new.columns if c not in keys]
            joined = new.merge(old, on=keys, how="left", suffixes=("", "__old"), indicator=True)
            added = int((joined["_merge"] == "left_only").sum())
            both = joined[joined["_merge"] == "both"]
            differs = pd.Series(False, index=both.index)
            for column in values:
                if f"{column}__old" not in both:
                    differs |= both[column].notna()
                    continue
                a, b = both[column], both[f"{column}__old"]
                differs |= ~((a == b) | (a.isna() & b.isna()))
            revised = int(differs.sum())
            if added == 0 and revised == 0:
                return 0, 0
            merged = pd.concat([old, new], ignore_index=True).drop_duplicates(keys, keep="last")
        else:
            added, revised, merged = len(new), 0, new
        merged = merged.sort_values(keys).reset_index(drop=True)
        self._replace(path, _parquet_bytes(pa.Table.from_pandas(merged, preserve_index=False)))
        return added, revised

    def upsert_daily(self, frame: pd.DataFrame) -> tuple[int, int]:
        """Insert or replace city-day rows; returns (added, revised)."""
        totals = [0, 0]
        years = pd.to_datetime(frame["date"]).dt.year
        for year, part in frame.groupby(years):
            for i, n in enumerate(self._upsert("daily", int(year), part, ["code", "date"])):
                totals[i] += n
        return totals[0], totals[1]

    def upsert_monthly(self, frame: pd.DataFrame) -> tuple[int, int]:
        """Insert or replace city-month rows; returns (added, revised)."""
        totals = [0, 0]
        for year, part in frame.groupby(frame["month"].str[:4]):
            for i, n in enumerate(self._upsert("monthly", int(year), part, ["code", "month"])):
                totals[i] += n
        return totals[0], totals[1]

    def read_daily(self, start: dt.date, end: dt.date) -> pd.DataFrame:
        frames = []
        for year in range(start.year, end.year + 1):
            path = self.root / "daily" / f"{year}.parquet"
            if path.exists():
                frames.append(pq.read_table(path).to_pandas())
        if not frames:
            return pd.DataFrame(columns=["code", "date", *DAILY_COLUMNS])
        frame = pd.concat(frames, ignore_index=True)
        frame["date"] = pd.to_datetime(frame["date"])
        mask = (frame["date"] >= pd.Timestamp(start)) & (frame["date"] <= pd.Timestamp(end))
        return frame[mask].reset_index(drop=True)

    def read_monthly(self, months: list[str]) -> pd.DataFrame:
        frames = []
        for year in sorted({m[:4] for m in months}):
            path = self.root / "monthly" / f"{year}.parquet"
            if path.exists():
                frames.append(pq.read_table(path).to_pandas())
        if not frames:
            return pd.DataFrame(columns=["code", "month", *MONTHLY_COLUMNS])
        frame = pd.concat(frames, ignore_index=True)
        return frame[frame["month"].isin(months)].reset_index(drop=True)
