"""What every feed reader shares: text decoding, value problems and plausibility limits."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..bounded import MAX_CELL_CHARS, Unreadable, read_bytes
from ..errors import InputError
from ..settings import Plausibility, read_plausibility


@dataclass(frozen=True)
class ValueProblem:
    """A single value excluded from the store, reported with where it came from."""

    path: str
    row: int
    city: str
    field: str
    value: str
    reason: str

    def line(self) -> str:
        return (
            f"{self.path}, row {self.row}, {self.city}, {self.field}={self.value!r}: {self.reason}"
        )


def decode_text(path: Path, raw: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) or GB18030/GBK; anything else is refused, never misread."""
    if not raw.strip():
        raise InputError(path, "the file is empty")
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "GB18030"
    except UnicodeDecodeError as exc:
        raise InputError(
            path, "not UTF-8 or GBK text", hint="save the file as UTF-8 and try again"
        ) from exc


def plausible_max(path: Path) -> dict[str, float]:
    """The analysers' range per pollutant: above it a value is refused (data/plausibility.yaml)."""
    return dict(read_plausibility(path).refuse_above)


def extreme_above(path: Path) -> dict[str, float]:
    """Beyond the AQI scale: kept, and listed in the ingest report as "extreme, kept"."""
    return dict(read_plausibility(path).extreme_above)


def project_limits() -> Plausibility:
    """The plausibility limits of the project's settings (a reader given no others)."""
    from ..settings import load_settings

    return load_settings().plausibility


def read_table(path: Path) -> tuple[pd.DataFrame, bytes]:
    """A CSV (UTF-8 or GBK), Parquet or Excel table as text cells, with lower-case column names."""
    try:
        raw = read_bytes(path)  # regular files only, size-bounded (bounded.py)
    except Unreadable as exc:
        raise InputError(path, str(exc)) from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            frame = pd.read_parquet(io.BytesIO(raw))
        elif suffix in (".xlsx", ".xlsm"):
            from .excel import read_excel  # by value; merged and formula cells refused

            frame = read_excel(path, raw)
        elif suffix in (".csv", ".txt"):
            text, _ = decode_text(path, raw)
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        else:
            raise InputError(
                path, f"unknown table type {suffix!r}", hint="use .csv, .parquet or .xlsx"
            )
    except InputError:
        raise
    except pd.errors.EmptyDataError as exc:
        raise InputError(path, "the file is empty") from exc
    except Exception as exc:  # a reader's own error: report it as one line, never a traceback
        quote = re.search(r"EOF inside string starting at row (\d+)", str(exc))
        if quote:  # pandas counts lines from 0
            row = int(quote.group(1)) + 1
            raise InputError(path, "a quote that is never closed", row=row) from None
        raise InputError(path, f"unreadable table: {str(exc).splitlines()[0]}") from exc
    frame.columns = [str(c).strip().lower().lstrip("\ufeff") for c in frame.columns]
    _check_cells(path, frame)
    return frame, raw


def _check_cells(path: Path, frame: pd.DataFrame) -> None:
    """No cell longer than MAX_CELL_CHARS (bounded.py): a name or a number is short."""
    for column in frame.columns:
        if frame[column].dtype != object:
            continue
        lengths = frame[column].map(lambda v: len(v) if isinstance(v, str) else 0).to_numpy()
        if len(lengths) and lengths.max() > MAX_CELL_CHARS:
            index = int(lengths.argmax())
            raise InputError(
                path,
                f"a cell of {lengths[index]:,} characters, over the limit of {MAX_CELL_CHARS:,}",
                row=index + 2,
                field=str(column),
            )
