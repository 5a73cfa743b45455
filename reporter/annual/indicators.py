"""Outside indicators: series the staff take from other sources (carbon intensity, energy use,
carbon sinks), drawn beside our own figures with the source named under them.

    content/annual/2025/indicators/carbon-intensity.csv    the numbers, as the source gives them
    content/annual/2025/indicators/carbon-intensity.yaml   title, unit, source, chart, series names

The CSV's first column is the category axis (years, usually), each further column one series:

    year,co2_intensity,energy_intensity
    2020,100,100
    2021,96.2,97.3

Numbers are kept as the text given (checked to be numbers with `decimal`), printed as given and
never recomputed; an empty cell is a gap.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..content.model import Text, _mapping, display
from ..errors import InputError

CHARTS = ("bar", "line", "table")
INDICATOR_FIELDS = ("title", "unit", "source", "chart", "category", "categories", "series", "note")


@dataclass(frozen=True)
class Series:
    column: str
    name: Text


@dataclass(frozen=True)
class IndicatorRow:
    category: str
    values: tuple[str | None, ...]  # as written in the CSV, one per series; None: empty


@dataclass(frozen=True)
class Indicator:
    id: str
    path: Path  # the CSV
    title: Text
    unit: Text
    source: Text
    chart: str  # bar, line or table
    category: Text | None  # the first column's name; None: the CSV header is used
    category_column: str
    series: tuple[Series, ...]
    rows: tuple[IndicatorRow, ...]
    note: Text | None
    categories: dict[str, Text]  # names of text categories; years need none

    def label(self, category: str) -> Text:
        """A category in both languages: its name where given, else as written (2020)."""
        return self.categories.get(category) or Text(category, category)

    def number(self, value: str) -> float:
        """A given value as a position on a chart axis (the label keeps the text)."""
        return float(Decimal(value))


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


def _decimal(text: str) -> Decimal | None:
    """The value of a number as written (1,234.5 with thousands separators too); None if not one."""
    try:
        value = Decimal(text.replace(",", "") if _THOUSANDS.fullmatch(text) else text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _rows(path: Path, columns: list[str], problems: list[InputError]) -> list[IndicatorRow]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.append(InputError(display(path), "not UTF-8 text", hint="save as UTF-8 CSV"))
        return []
    reader = list(csv.reader(io.StringIO(text)))
    rows, seen = [], set()
    for number, cells in enumerate(reader[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(columns):
            problems.append(
                InputError(
                    display(path),
                    f"{len(cells)} cells where the header has {len(columns)}",
                    row=number,
                )
            )
            continue
        category, *values = (c.strip() for c in cells)
        if not category:
            problems.append(InputError(display(path), "empty", row=number, field=columns[0]))
        elif category in seen:
            problems.append(
                InputError(display(path), f"{category!r} appears twice", row=number,
                           field=columns[0])
            )  # fmt: skip
        seen.add(category)
        for column, value in zip(columns[1:], values, strict=True):
            if value and _decimal(value) is None:
                problems.append(
                    InputError(
                        display(path),
                        f"{value!r} is not a number",
                        row=number,
                        field=column,
                        hint="write the value as the source gives it, e.g. 96.2; leave gaps empty",
                    )
                )
        rows.append(IndicatorRow(category, tuple(v or None for v in values)))
    if not rows:
        problems.append(InputError(display(path), "no rows of data under the header"))
    return rows


def read_indicator(csv_path: Path, problems: list[InputError]) -> Indicator | None:
    """One outside indicator: its CSV and the description next to it, every problem listed."""
    meta = csv_path.with_suffix(".yaml")
    if not meta.is_file():
        problems.append(
            InputError(
                display(csv_path),
                f"no description {meta.name} beside it",
                hint="write its title, unit, source and series names there",
            )
        )
        return None
    data, check = _mapping(meta, problems)
    if data is None:
        return None
    check.unknown_keys(data, INDICATOR_FIELDS)
    chart = data.get("chart", "bar")
    if chart not in CHARTS:
        check.add("chart", f"unknown chart {chart!r}", f"use one of {', '.join(CHARTS)}")
    fields = {
        "title": check.text(data, "title"),
        "unit": check.text(data, "unit"),
        "source": check.text(data, "source"),
        "category": check.text(data, "category", required=False),
        "note": check.text(data, "note", required=False),
    }
    names = data.get("series")
    series: list[Series] = []
    if not isinstance(names, dict) or not names:
        check.add("series", "missing", "name each CSV column: {column: {zh: …, en: …}}")
        names = {}
    try:
        header = next(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))), [])
    except UnicodeDecodeError:
        header = []
    header = [h.strip() for h in header]
    if len(header) < 2:
        problems.append(
            InputError(display(csv_path), "expected a header: category, then one column a series",
                       row=1)
        )  # fmt: skip
        return None
    for column in header[1:]:
        if column not in names:
            check.add("series", f"CSV column {column!r} has no name", f"add {column}: {{zh, en}}")
        else:
            name = check.text(names, column)
            if name:
                series.append(Series(column, name))
    for column in sorted(set(map(str, names)) - set(header[1:])):
        check.add(f"series.{column}", f"no column {column!r} in {csv_path.name}")
    rows = _rows(csv_path, header, problems)
    categories: dict[str, Text] = {}
    given = data.get("categories") or {}
    if not isinstance(given, dict):
        check.add("categories", "expected {value: {zh: …, en: …}}")
        given = {}
    for key, value in given.items():
        name = check._pair(value, f"categories.{key}") if isinstance(value, dict) else None
        if not isinstance(value, dict):
            check.add(f"categories.{key}", "expected zh and en texts")
        if name:
            categories[str(key)] = name
    if given:
        for row in rows:
            if row.category not in given:
                check.add("categories", f"no name for {row.category!r} of {csv_path.name}",
                          f"add {row.category}: {{zh: …, en: …}}")  # fmt: skip
    required = ("title", "unit", "source")
    if any(fields[k] is None for k in required) or chart not in CHARTS:
        return None
    if len(series) != len(header) - 1:
        return None
    return Indicator(
        id=csv_path.stem,
        path=csv_path,
        chart=chart,
        category_column=header[0],
        series=tuple(series),
        rows=tuple(rows),
        categories=categories,
        **fields,  # type: ignore[arg-type]
    )


def read_indicators(folder: Path, problems: list[InputError]) -> dict[str, Indicator]:
    """Every indicator of the folder, by id (the CSV's name without .csv)."""
    found = {}
    for path in sorted(folder.glob("*.csv")) if folder.is_dir() else []:
        indicator = read_indicator(path, problems)
        if indicator is not None:
            found[indicator.id] = indicator
    for meta in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if not meta.with_suffix(".csv").is_file():
            problems.append(InputError(display(meta), f"no data file {meta.stem}.csv beside it"))
    return found
