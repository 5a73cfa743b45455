"""Excel tables read by value, cell by cell: a date cell stays a date, a number a number.

A merged range holds its value in its first cell only and a formula may have no stored
result (a file written by a program, never opened in Excel); pandas would read both as empty
cells, so values would vanish without a word. Both are refused, naming the cell.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from ..errors import InputError


def read_excel(path: Path, raw: bytes) -> pd.DataFrame:
    """The first sheet as a table of cell values (header row first); merged or unevaluated
    formula cells refuse the file."""
    from openpyxl import load_workbook

    formulas = load_workbook(io.BytesIO(raw), data_only=False).worksheets[0]
    if formulas.merged_cells.ranges:
        cells = str(sorted(formulas.merged_cells.ranges, key=str)[0])
        raise InputError(path, f"merged cells {cells}", hint="unmerge them and fill every cell")
    values = load_workbook(io.BytesIO(raw), data_only=True).worksheets[0]
    rows = []
    for formula_row, value_row in zip(
        formulas.iter_rows(), values.iter_rows(values_only=True), strict=True
    ):
        for cell, value in zip(formula_row, value_row, strict=True):
            if cell.data_type == "f" and value is None:
                raise InputError(
                    path,
                    f"cell {cell.coordinate} is a formula without a stored value",
                    row=cell.row,
                    hint="open and save the file in Excel, or paste the values",
                )
        rows.append(["" if v is None else v for v in value_row])
    if not rows:
        raise InputError(path, "the file is empty")
    header = [str(name) for name in rows[0]]
    return pd.DataFrame(rows[1:], columns=header, dtype=object)
