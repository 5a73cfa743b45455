"""CNEMC city hourly files `china_cities_YYYYMMDD.csv`: validate and reshape to tidy hourly rows.

Hour-ending convention: row `hour = h` (1..23) of file D is the hour ending h:00 on D;
row `hour = 0` of file D is the hour ending 24:00 of D-1.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..bounded import Unreadable, read_bytes
from ..errors import InputError
from ..registry import Registry
from ..settings import Plausibility
from .common import ValueProblem, decode_text, project_limits
from .parse import DECIMAL_PATTERN, parse_decimal

FILE_NAME = re.compile(r"^china_cities_(\d{8})\.csv(?:\.gz)?$")
HEADER = ["date", "hour", "type"]
# The raw hourly pollutants we store; the feed's derived columns are recomputed, never stored.
RAW_TYPES = {"PM2.5": "pm25", "PM10": "pm10", "SO2": "so2", "NO2": "no2", "O3": "o3", "CO": "co"}
DERIVED_TYPES = {
    "AQI",
    "PM2.5_24h",
    "PM10_24h",
    "SO2_24h",
    "NO2_24h",
    "O3_24h",
    "O3_8h",
    "O3_8h_24h",
    "CO_24h",
}
_KNOWN_TYPES = sorted(RAW_TYPES.keys() | DERIVED_TYPES)
_KNOWN_TYPE_SET = pa.array(_KNOWN_TYPES, pa.string())
_KNOWN_TYPE_NAMES = np.asarray(_KNOWN_TYPES, dtype=object)
_HOUR_TEXTS = pa.array([str(hour) for hour in range(24)], pa.string())
# Row order of a CNEMC city file: these 15 types for each hour.
CNEMC_TYPES = (
    "AQI", "PM2.5", "PM2.5_24h", "PM10", "PM10_24h", "SO2", "SO2_24h", "NO2", "NO2_24h",
    "O3", "O3_24h", "O3_8h", "O3_8h_24h", "CO", "CO_24h",
)  # fmt: skip
HOURLY_SCHEMA = pa.schema(
    [("code", pa.string()), ("date", pa.date32()), ("hour", pa.int8())]
    + [(name, pa.float64()) for name in RAW_TYPES.values()]
)


@dataclass
class CnemcFile:
    """One validated CNEMC file, ready to be stored."""

    path: Path
    file_date: dt.date
    sha256: str
    encoding: str
    table: pa.Table
    unmapped: list[str] = field(default_factory=list)
    merged: dict[str, list[str]] = field(default_factory=dict)
    problems: list[ValueProblem] = field(default_factory=list)
    extremes: list[ValueProblem] = field(default_factory=list)  # beyond the AQI scale, kept
    cities: int = 0  # registry cities among the columns


def file_date_of(path: Path) -> dt.date:
    """The date in a CNEMC file name; anything else is not a CNEMC city file."""
    match = FILE_NAME.match(path.name)
    if not match:
        raise InputError(
            path, "not a CNEMC city file (expected a name like china_cities_20240101.csv)"
        )
    try:
        day = dt.datetime.strptime(match.group(1), "%Y%m%d").date()
    except ValueError as exc:
        raise InputError(path, f"no such date in the file name: {match.group(1)}") from exc
    if day > dt.date.today() + dt.timedelta(days=1):  # hour 0 of tomorrow's file can exist today
        raise InputError(path, f"the file is dated {day.isoformat()}, in the future")
    return day


def _check_structure(path: Path, lines: list[str]) -> list[str]:
    header = [name.strip() for name in lines[0].split(",")]
    if [h.lower() for h in header[:3]] != HEADER:
        raise InputError(path, "missing the 'date,hour,type' header: not a CNEMC city file", row=1)
    if len(header) < 4:
        raise InputError(path, "the header names no city", row=1)
    seen: set[str] = set()
    for name in header[3:]:  # a column named twice: which one holds the city's values?
        if name in seen and name:
            raise InputError(path, f"city column {name!r} appears twice", row=1, field=name)
        seen.add(name)
    for number, line in enumerate(lines[1:], start=2):
        if line.count('"') % 2:  # the reader would join rows until the next quote
            raise InputError(path, "a quote that is never closed", row=number)
        fields = line.count(",") + 1
        if fields != len(header) and line.strip():
            raise InputError(
                path,
                f"truncated row: {fields} fields where the header has {len(header)}",
                row=number,
            )
    return header


def _plain_key_columns(table: pa.Table, file_date: dt.date) -> tuple[np.ndarray, np.ndarray] | None:
    """`_key_columns` for the usual file, vectorised: every date exactly the file's, every hour
    written 0..23, every type a known one, no (hour, type) twice. None if any row is otherwise;
    the row-by-row check then accepts it (e.g. " 7" or "07") or names the bad row."""
    dates, hours, types = (table.column(i) for i in range(3))
    if dates.null_count or hours.null_count or types.null_count:
        return None
    if not pc.all(pc.equal(dates, f"{file_date:%Y%m%d}")).as_py():
        return None
    hour_index = pc.index_in(hours, value_set=_HOUR_TEXTS)
    type_index = pc.index_in(types, value_set=_KNOWN_TYPE_SET)
    if hour_index.null_count or type_index.null_count:
        return None
    hour = hour_index.to_numpy().astype(np.int64)
    kind = type_index.to_numpy().astype(np.int64)
    if len(np.unique(hour * len(_KNOWN_TYPES) + kind)) != len(hour):
        return None
    return hour, _KNOWN_TYPE_NAMES[kind]


def _key_columns(path: Path, table: pa.Table, file_date: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """Validated hour (0..23) and type of each row; refuses the file on the first bad one."""
    plain = _plain_key_columns(table, file_date)
    if plain is not None:
        return plain
    dates = table.column(0).to_pylist()
    hours = table.column(1).to_pylist()
    types = table.column(2).to_pylist()
    expected = f"{file_date:%Y%m%d}"
    seen: set[tuple[int, str]] = set()
    hour_out = np.empty(len(hours), dtype=np.int64)
    for i, (date_text, hour_text, type_text) in enumerate(zip(dates, hours, types, strict=True)):
        row = i + 2
        if (date_text or "").strip() != expected:
            raise InputError(
                path,
                f"date {date_text!r} does not match the file name ({expected})",
                row=row,
                field="date",
            )
        try:
            hour = int((hour_text or "").strip())
        except ValueError:
            raise InputError(
                path, f"hour {hour_text!r} is not a whole number", row=row, field="hour"
            ) from None
        if not 0 <= hour <= 23:
            raise InputError(path, f"hour {hour} is outside 0-23", row=row, field="hour")
        kind = (type_text or "").strip()
        if kind not in RAW_TYPES and kind not in DERIVED_TYPES:
            raise InputError(path, f"unknown type {kind!r}", row=row, field="type")
        if (hour, kind) in seen:
            raise InputError(path, f"a second row for hour {hour}, type {kind}", row=row)
        seen.add((hour, kind))
        hour_out[i] = hour
    return hour_out, np.asarray([(t or "").strip() for t in types], dtype=object)


def _plain_value_matrix(table: pa.Table, rows: np.ndarray) -> np.ndarray | None:
    """`_value_matrix` with one cast for all city columns; None if any cell is not a number."""
    width = table.num_columns - 3
    if width == 0 or len(rows) == 0:
        return None
    # Column-major: cell (row r, city column j) is at j * num_rows + r.
    cells = pa.concat_arrays([chunk for column in table.columns[3:] for chunk in column.chunks])
    picked = cells.take(pa.array((np.arange(width)[:, None] * table.num_rows + rows).ravel()))
    if pc.any(pc.invert(pc.match_substring_regex(picked, DECIMAL_PATTERN))).as_py():
        return None  # a cell not written as a plain decimal (1e3, nan): read cell by cell
    try:
        values = pc.cast(picked, pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    # A written "nan" is text, not a missing cell: mark it to be reported.
    present = ~pc.is_null(picked).to_numpy(zero_copy_only=False)
    values = np.where(present & np.isnan(values), np.inf, values)
    return np.ascontiguousarray(values.reshape(width, len(rows)).T)


def _value_matrix(path: Path, table: pa.Table, rows: np.ndarray) -> np.ndarray:
    """Floats of every city column at the given rows; unparseable cells become +inf (reported later)."""
    plain = _plain_value_matrix(table, rows)
    if plain is not None:
        return plain
    sub = table.take(pa.array(rows))
    matrix = np.empty((len(rows), table.num_columns - 3))
    for j in range(3, table.num_columns):
        column = sub.column(j)
        try:
            if pc.any(pc.invert(pc.match_substring_regex(column, DECIMAL_PATTERN))).as_py():
                raise pa.ArrowInvalid("not plain decimals")  # read cell by cell below
            values = pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False)
            # A written "nan" is text, not a missing cell: mark it to be reported.
            present = ~pc.is_null(column).to_numpy(zero_copy_only=False)
            matrix[:, j - 3] = np.where(present & np.isnan(values), np.inf, values)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            for i, text in enumerate(column.to_pylist()):
                try:  # one strict reading of numbers (parse.py): no 1_5, 1e400, nan
                    number = np.nan if text is None or not text.strip() else parse_decimal(text)
                    matrix[i, j - 3] = number
                except ValueError:
                    matrix[i, j - 3] = np.inf
    return matrix


@functools.lru_cache(maxsize=16)
def _column_map(
    registry: Registry, header: tuple[str, ...]
) -> tuple[dict[str, tuple[int, ...]], tuple[str, ...]]:
    """City code -> its column indices (preferred spelling first), and the unmapped names.

    Cached: a feed's header is the same file after file."""
    by_code: dict[str, list[int]] = {}
    unmapped: list[str] = []
    for index, name in enumerate(header[3:], start=3):
        city = registry.resolve(name)
        if city is None:
            unmapped.append(name or f"(unnamed column {index + 1})")
        else:
            by_code.setdefault(city.code, []).append(index)
    for code, indices in by_code.items():
        preferred = registry.by_code(code).name_zh
        indices.sort(key=lambda i: header[i] != preferred)
    return {code: tuple(indices) for code, indices in by_code.items()}, tuple(unmapped)


def parse_cnemc(
    path: Path,
    registry: Registry,
    raw: bytes | None = None,
    *,
    limits: Plausibility | None = None,
) -> CnemcFile:
    """Read and validate one CNEMC file; structural errors raise InputError naming the row.

    `raw` is the file's (decompressed) bytes when it comes from an archive; `path` names it.
    `limits`: the plausibility limits of the settings in use (default: the project's)."""
    path, limits = Path(path), limits or project_limits()
    file_date = file_date_of(path)
    try:
        raw = read_bytes(path) if raw is None else raw  # regular files only, size-bounded
    except Unreadable as exc:
        raise InputError(path, str(exc)) from None
    text, encoding = decode_text(path, raw)
    lines = text.splitlines()
    header = _check_structure(path, lines)
    if not any(line.strip() for line in lines[1:]):
        raise InputError(path, "the file has a header but no rows")
    names = [f"c{i}" for i in range(len(header))]
    data = text.encode("utf-8") if encoding != "UTF-8" or raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=True,
                null_values=[""],  # only an empty cell is missing: "N/A" is a value error
            ),
        )
    except pa.ArrowInvalid as exc:
        raise InputError(path, f"unreadable CSV: {str(exc).splitlines()[0]}") from exc
    hours, kinds = _key_columns(path, table, file_date)
    raw_rows = np.flatnonzero(np.isin(kinds, list(RAW_TYPES)))

    # Map columns to registry cities; two spellings of one city are merged, first value wins.
    cached_by_code, cached_unmapped = _column_map(registry, tuple(header))
    by_code = {code: list(indices) for code, indices in cached_by_code.items()}
    unmapped = list(cached_unmapped)

    codes = sorted(by_code)
    raw_kinds = kinds[raw_rows]
    matrix = _value_matrix(path, table, raw_rows)
    refuse = limits.refuse_above
    ceiling = np.array([refuse.get(RAW_TYPES[k], np.inf) for k in raw_kinds], dtype=float)
    mapped = np.zeros(matrix.shape[1], dtype=bool)
    mapped[[i - 3 for indices in by_code.values() for i in indices]] = True
    with np.errstate(invalid="ignore"):
        bad = ~np.isnan(matrix) & (
            ~np.isfinite(matrix) | (matrix < 0) | (matrix > ceiling[:, None])
        )
    bad &= mapped[None, :]
    problems: list[ValueProblem] = []
    if bad.any():
        for r, j in np.argwhere(bad):
            text = table.column(int(j) + 3)[int(raw_rows[r])].as_py()
            reason = limits.problem(matrix[r, j], RAW_TYPES[raw_kinds[r]]) or "not a number"
            problems.append(
                ValueProblem(
                    str(path),
                    int(raw_rows[r]) + 2,
                    header[j + 3],
                    str(raw_kinds[r]),
                    str(text),
                    reason,
                )
            )
        matrix[bad] = np.nan
    extremes = _extremes(path, table, header, matrix, raw_rows, raw_kinds, mapped, limits)
    # One column per city: two spellings of one city are merged, the preferred one first.
    per_city = matrix[:, [by_code[code][0] - 3 for code in codes]]
    for ci, code in enumerate(codes):
        for index in by_code[code][1:]:
            gap = np.isnan(per_city[:, ci])
            per_city[gap, ci] = matrix[gap, index - 3]
    slot_hours = np.unique(hours[raw_rows])
    slot_of_row = np.searchsorted(slot_hours, hours[raw_rows])
    cube = {name: np.full((len(codes), len(slot_hours)), np.nan) for name in RAW_TYPES.values()}
    for kind, name in RAW_TYPES.items():
        mask = raw_kinds == kind
        cube[name][:, slot_of_row[mask]] = per_city[mask, :].T

    # Hour 0 of file D is the hour ending 24:00 of D-1 (dates as date32: days since 1970-01-01).
    day_number = (file_date - dt.date(1970, 1, 1)).days
    slot_dates = np.where(slot_hours == 0, day_number - 1, day_number).astype(np.int32)
    slot_hour_ending = np.where(slot_hours == 0, 24, slot_hours)
    stacked = np.stack([cube[name] for name in RAW_TYPES.values()])
    keep = ~np.all(np.isnan(stacked), axis=0).ravel()
    city_of_row = np.repeat(np.arange(len(codes)), len(slot_hours))[keep]
    columns = {
        "code": pa.array(codes, pa.string()).take(pa.array(city_of_row)),
        "date": pa.array(np.tile(slot_dates, len(codes))[keep], pa.int32()).cast(pa.date32()),
        "hour": pa.array(np.tile(slot_hour_ending, len(codes))[keep].astype(np.int8), pa.int8()),
    }
    for name in RAW_TYPES.values():
        columns[name] = pa.array(cube[name].ravel()[keep], pa.float64())
    merged = {code: [header[i] for i in idx] for code, idx in by_code.items() if len(idx) > 1}
    return CnemcFile(
        path=path,
        file_date=file_date,
        sha256=hashlib.sha256(raw).hexdigest(),
        encoding=encoding,
        table=pa.table(columns, schema=HOURLY_SCHEMA),
        unmapped=unmapped,
        merged=merged,
        problems=problems,
        extremes=extremes,
        cities=len(codes),
    )


def _extremes(
    path: Path,
    table: pa.Table,
    header: list[str],
    matrix: np.ndarray,
    raw_rows: np.ndarray,
    raw_kinds: np.ndarray,
    mapped: np.ndarray,
    limits: Plausibility,
) -> list[ValueProblem]:
    """Values beyond the top of the AQI scale: real (sand-dust) extremes, kept and listed."""
    table_of = limits.extreme_above
    above = np.array([table_of.get(RAW_TYPES[k], np.inf) for k in raw_kinds], dtype=float)
    with np.errstate(invalid="ignore"):
        high = (matrix > above[:, None]) & mapped[None, :]
    return [
        ValueProblem(
            str(path),
            int(raw_rows[r]) + 2,
            header[j + 3],
            str(raw_kinds[r]),
            str(table.column(int(j) + 3)[int(raw_rows[r])].as_py()),
            "extreme, kept",
        )
        for r, j in np.argwhere(high)
    ]
