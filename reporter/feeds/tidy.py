"""Tidy tables (CSV, Parquet, Excel) of daily or monthly city values, e.g. from a data vendor.

Daily:   city, date, pm25, o3_mda8 [, pm10, so2, no2, co, o3_1h, dust]
Monthly: city, month, pm25, o3_8h_90
`city` is a registry name, alias or 6-digit code. Empty cells are missing values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..registry import Registry
from ..settings import Plausibility
from .common import ValueProblem, project_limits, read_table
from .parse import parse_date, parse_decimal, parse_month

DAILY_REQUIRED = ("city", "date", "pm25", "o3_mda8")
DAILY_OPTIONAL = ("pm10", "so2", "no2", "co", "o3_1h")
MONTHLY_REQUIRED = ("city", "month", "pm25", "o3_8h_90")
POLLUTANT_OF = {"o3_mda8": "o3", "o3_1h": "o3", "o3_8h_90": "o3"}


@dataclass
class TidyFile:
    path: Path
    sha256: str
    frame: pd.DataFrame  # code, date|month, value columns
    unknown_cities: list[str] = field(default_factory=list)
    problems: list[ValueProblem] = field(default_factory=list)


def _require(path: Path, frame: pd.DataFrame, required: tuple[str, ...]) -> None:
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(
            path,
            f"missing column(s) {', '.join(missing)}",
            row=1,
            hint=f"the header must name {', '.join(required)}",
        )
    if frame.empty:
        raise InputError(path, "the table has a header but no rows")


def _cities(path: Path, frame: pd.DataFrame, registry: Registry) -> tuple[pd.Series, list[str]]:
    lookup: dict[str, str | None] = {}
    for name in frame["city"].astype(str).unique():
        text = name.strip()
        city = registry.resolve(text)
        if city is None and text.isdigit():
            try:
                city = registry.by_code(text)
            except KeyError:
                city = None
        lookup[name] = city.code if city else None
    codes = frame["city"].astype(str).map(lookup)
    unknown = sorted({n.strip() for n, c in lookup.items() if c is None})
    return codes, unknown


def _values(
    path: Path, frame: pd.DataFrame, column: str, limits: Plausibility
) -> tuple[np.ndarray, list[ValueProblem]]:
    """Numbers of one value column; blanks are missing, bad values are excluded and listed."""
    series = frame[column]
    if pd.api.types.is_numeric_dtype(series):
        numbers = series.to_numpy(dtype=float, na_value=np.nan).copy()
        not_numeric = np.zeros(len(numbers), dtype=bool)
    else:  # one strict reading of numbers (parse.py): no 1_5, no 1e400, no locale guesses
        numbers = np.full(len(series), np.nan)
        not_numeric = np.zeros(len(series), dtype=bool)
        for i, cell in enumerate(series.tolist()):
            if cell is None or cell is pd.NA or (isinstance(cell, str) and not cell.strip()):
                continue
            if isinstance(cell, float) and cell != cell:
                continue
            try:
                numbers[i] = parse_decimal(cell)
            except ValueError:
                not_numeric[i] = True
    limit = limits.refuse_above.get(POLLUTANT_OF.get(column, column), np.inf)
    with np.errstate(invalid="ignore"):
        bad = (
            not_numeric
            | ~np.isfinite(np.nan_to_num(numbers, nan=0.0))
            | (numbers < 0)
            | (numbers > limit)
        )
    problems = []
    for i in np.flatnonzero(bad):
        value = numbers[i]
        reason = (
            "not a number"
            if not_numeric[i]
            else limits.problem(value, POLLUTANT_OF.get(column, column))
        )
        city = str(frame["city"].iloc[i]).strip()
        problems.append(
            ValueProblem(str(path), int(i) + 2, city, column, str(series.iloc[i]), reason or "")
        )
        numbers[i] = np.nan
    return numbers, problems


def _duplicates(path: Path, frame: pd.DataFrame, keys: list[str]) -> None:
    # Rows of cities not in the registry are skipped, not compared (two unknown cities differ).
    dup = frame.duplicated(subset=keys, keep=False) & frame[keys[0]].notna()
    if dup.any():
        rows = [int(i) + 2 for i in np.flatnonzero(dup.to_numpy())[:2]]
        raise InputError(path, f"rows {rows[0]} and {rows[1]} are for the same city and {keys[1]}")


def read_daily(
    path: Path,
    registry: Registry,
    today: dt.date | None = None,
    *,
    limits: Plausibility | None = None,
) -> TidyFile:
    """A daily tidy table, validated; structural errors refuse the whole file."""
    path, limits = Path(path), limits or project_limits()
    frame, raw = read_table(path)
    _require(path, frame, DAILY_REQUIRED)
    days = []
    for row, cell in enumerate(frame["date"].tolist(), start=2):  # ISO or a date cell (parse.py)
        try:
            days.append(parse_date(cell))
        except ValueError as exc:
            raise InputError(path, str(exc), row=row, field="date") from None
    dates = pd.Series(pd.to_datetime(days), index=frame.index)
    limit = pd.Timestamp(today or dt.date.today())
    if (dates > limit).any():
        row = int(np.flatnonzero((dates > limit).to_numpy())[0])
        raise InputError(
            path, f"{dates.iloc[row]:%Y-%m-%d} is in the future", row=row + 2, field="date"
        )
    codes, unknown = _cities(path, frame, registry)
    out = pd.DataFrame({"code": codes, "date": dates.dt.normalize()})
    _duplicates(path, out.assign(city=frame["city"]), ["code", "date"])
    problems: list[ValueProblem] = []
    for column in DAILY_REQUIRED[2:] + DAILY_OPTIONAL:
        if column in frame.columns:
            out[column], found = _values(path, frame, column, limits)
            problems += found
    if "dust" in frame.columns:
        out["dust"] = _flags(path, frame["dust"])
    out = out[out["code"].notna()].reset_index(drop=True)
    return TidyFile(path, hashlib.sha256(raw).hexdigest(), out, unknown, problems)


TRUE_FLAGS = {"1", "true", "yes", "y", "是", "沙尘"}
FALSE_FLAGS = {"", "0", "false", "no", "n", "否"}


def _flags(path: Path, column: pd.Series) -> np.ndarray:
    """The optional `dust` column: a day the feed flags as affected by sand and dust."""
    text = column.astype("string").fillna("").str.strip().str.lower()
    unknown = ~text.isin(TRUE_FLAGS | FALSE_FLAGS)
    if unknown.any():
        row = int(np.flatnonzero(unknown.to_numpy())[0])
        raise InputError(
            path, f"{column.iloc[row]!r} is not a yes/no flag", row=row + 2, field="dust"
        )
    return text.isin(TRUE_FLAGS).to_numpy()


def read_monthly(path: Path, registry: Registry, *, limits: Plausibility | None = None) -> TidyFile:
    """A monthly tidy table (`month` as YYYY-MM), validated like the daily one."""
    path, limits = Path(path), limits or project_limits()
    frame, raw = read_table(path)
    _require(path, frame, MONTHLY_REQUIRED)
    months = []
    for row, cell in enumerate(frame["month"].tolist(), start=2):  # YYYY-MM only (parse.py)
        try:
            months.append(parse_month(cell))
        except ValueError as exc:
            raise InputError(path, str(exc), row=row, field="month") from None
    codes, unknown = _cities(path, frame, registry)
    out = pd.DataFrame({"code": codes, "month": pd.Series(months, index=frame.index)})
    _duplicates(path, out, ["code", "month"])
    problems: list[ValueProblem] = []
    for column in MONTHLY_REQUIRED[2:]:
        out[column], found = _values(path, frame, column, limits)
        problems += found
    out = out[out["code"].notna()].reset_index(drop=True)
    return TidyFile(path, hashlib.sha256(raw).hexdigest(), out, unknown, problems)
