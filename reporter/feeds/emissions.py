"""Emissions inventory for the synergy rankings: annual city values, one row per city and year.

    city, year, co2, so2, nox, pm [, aqi, pm25, no2, o3]

Units: co2, so2, nox and pm in tonnes per year; aqi is the annual mean AQI; pm25, no2 and o3
are annual concentrations in µg/m³. `city` is a registry name, alias or 6-digit code; an empty
cell is a missing value. CSV (UTF-8 or GBK), Parquet or Excel; row numbers are line numbers,
the header being row 1. Values are kept as exact decimals so rates compare without float error.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from ..registry import City, Registry
from ..rounding import to_decimal
from .common import read_table

EMISSIONS = ("co2", "so2", "nox", "pm")
CONCENTRATIONS = ("aqi", "pm25", "no2", "o3")
REQUIRED = ("city", "year", *EMISSIONS)
KNOWN = (*REQUIRED, *CONCENTRATIONS)


@dataclass
class InventoryRow:
    """One city-year of the inventory; a value is None where the cell was empty."""

    row: int
    code: str
    year: int
    values: dict[str, Decimal | None]


@dataclass
class UnknownCity:
    """A city name that maps to no registry city: skipped, and listed with its rows."""

    name: str
    rows: list[int]


@dataclass
class Inventory:
    path: Path
    sha256: str
    columns: tuple[str, ...]  # the value columns present, in KNOWN order
    rows: dict[tuple[str, int], InventoryRow]  # by (city code, year)
    unknown_cities: list[UnknownCity] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({year for _, year in self.rows}))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(sorted({code for code, _ in self.rows}))

    def get(self, code: str, year: int) -> InventoryRow | None:
        return self.rows.get((code, year))

    def require_year(self, year: int, role: str) -> None:
        """Refuse the file, naming the year, if it holds no row at all for `year`."""
        if year not in self.years:
            found = ", ".join(str(y) for y in self.years) or "none"
            raise InputError(
                self.path,
                f"no rows for the {role} year {year} (years in the file: {found})",
                hint=f"add the {year} rows or choose another --{role}",
            )


def _is_blank(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _number(value: Any) -> Decimal:
    """The exact decimal a cell shows; ValueError if it is not a finite number."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int) or (hasattr(value, "dtype") and value.dtype.kind in "iu"):
        return Decimal(int(value))
    if isinstance(value, float) or (hasattr(value, "dtype") and value.dtype.kind == "f"):
        if not math.isfinite(float(value)):
            raise ValueError
        return to_decimal(float(value))  # through the shortest repr: 0.3 stays 0.3
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError from exc
    if not number.is_finite():
        raise ValueError
    return number


def _year(path: Path, value: Any, row: int) -> int:
    problem = f"{value!r} is not a year (YYYY)"
    if _is_blank(value):
        raise InputError(path, "the year is empty", row=row, field="year")
    try:
        number = _number(value)
    except ValueError:
        raise InputError(path, problem, row=row, field="year") from None
    if number != number.to_integral_value() or not 1000 <= number <= 9999:
        raise InputError(path, problem, row=row, field="year")
    return int(number)


def _value(path: Path, value: Any, row: int, column: str) -> Decimal | None:
    if _is_blank(value):
        return None
    try:
        number = _number(value)
    except ValueError:
        raise InputError(path, f"{value!r} is not a number", row=row, field=column) from None
    if number < 0:
        raise InputError(
            path,
            f"negative value {value!s}",
            row=row,
            field=column,
            hint="emissions and concentrations cannot be below zero",
        )
    return number


def _resolve(registry: Registry, name: str) -> City | None:
    city = registry.resolve(name)
    if city is None and name.isdigit():
        try:
            city = registry.by_code(name)
        except KeyError:
            city = None
    return city


def read_inventory(path: Path, registry: Registry, *, strict: bool = False) -> Inventory:
    """Read and validate an emissions inventory; any structural error refuses the whole file.

    Refused: a missing column, an empty or impossible year, a value that is not a number or is
    negative, two rows for the same city and year. A city not in the registry is refused under
    `strict` and otherwise skipped and listed (so are columns outside the format).
    """
    path = Path(path)
    frame, raw = read_table(path)
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(
            path,
            f"missing column(s) {', '.join(missing)}",
            row=1,
            hint=f"the header must name {', '.join(REQUIRED)} (optional: {', '.join(CONCENTRATIONS)})",
        )
    ignored = [c for c in frame.columns if c not in KNOWN]
    if ignored and strict:
        raise InputError(
            path,
            f"unknown column(s) {', '.join(ignored)}",
            row=1,
            hint=f"the format is {', '.join(KNOWN)}; without --strict they are skipped",
        )
    if frame.empty:
        raise InputError(path, "the table has a header but no rows")
    columns = tuple(c for c in KNOWN[2:] if c in frame.columns)
    rows: dict[tuple[str, int], InventoryRow] = {}
    unknown: dict[str, list[int]] = {}
    for index, record in enumerate(frame.to_dict("records")):
        row = index + 2
        name = "" if _is_blank(record["city"]) else str(record["city"]).strip()
        if not name:
            raise InputError(path, "the city is empty", row=row, field="city")
        year = _year(path, record["year"], row)
        values = {c: _value(path, record[c], row, c) for c in columns}
        city = _resolve(registry, name)
        if city is None:
            if strict:
                raise InputError(
                    path,
                    f"unknown city {name!r}",
                    row=row,
                    field="city",
                    hint="use a registry name, alias or 6-digit code; without --strict it is skipped",
                )
            unknown.setdefault(name, []).append(row)
            continue
        first = rows.get((city.code, year))
        if first is not None:
            raise InputError(
                path,
                f"rows {first.row} and {row} are both for {city.name_zh} ({city.code}) in {year}",
                hint="keep one row per city and year",
            )
        rows[(city.code, year)] = InventoryRow(row, city.code, year, values)
    return Inventory(
        path=path,
        sha256=hashlib.sha256(raw).hexdigest(),
        columns=columns,
        rows=rows,
        unknown_cities=[UnknownCity(n, r) for n, r in sorted(unknown.items())],
        ignored_columns=ignored,
    )
