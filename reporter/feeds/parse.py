"""One strict reading of numbers, dates and months, shared by every reader and the command line.

- A number is a decimal as the feeds write it: optional minus, ASCII digits, optional
  fraction (`12`, `-3`, `0.5`, `12.`). No `_` separators (Python reads `1_5` as 15), no
  thousands or decimal commas (no locale guesses), no exponent, no `nan`/`inf`; the value is
  finite. Whether it is a plausible concentration is the range check's business
  (feeds/common.py), not this module's.
- A date is ISO `YYYY-MM-DD` (ASCII digits, a real day), or a real date cell of a spreadsheet
  (a date, or a date-time at midnight without a time zone). `07.01.2024` and `06/01/2024` are
  refused, never guessed; a time or a time zone is refused.
- A month is `YYYY-MM`.

Each reader turns a ValueError from here into one line naming the file, row and field.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

# The same pattern serves Python (fullmatch) and Arrow (match_substring_regex, RE2).
DECIMAL_PATTERN = r"^\s*-?[0-9]+(?:\.[0-9]*)?\s*$|^\s*-?\.[0-9]+\s*$"
_DECIMAL = re.compile(DECIMAL_PATTERN)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
MAX_TEXT = 64  # a longer cell is shown cut in messages


def shown(value: Any) -> str:
    """A value as a message shows it: repr, cut to a readable length."""
    text = repr(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 3] + "..."


def parse_decimal(value: Any) -> float:
    """A finite decimal number; ValueError saying why not (blank cells are the caller's)."""
    if isinstance(value, bool):
        raise ValueError(f"{shown(value)} is not a number")
    if isinstance(value, int):
        return float(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{shown(value)} is not a finite number")
        return value
    text = str(value)
    if len(text) > MAX_TEXT or not _DECIMAL.fullmatch(text):  # no 10 MB of digits either
        raise ValueError(f"{shown(value)} is not a decimal number")
    number = float(text)
    if not math.isfinite(number):  # more digits than a double holds
        raise ValueError(f"{shown(value)} is not a finite number")
    return number


def parse_date(value: Any) -> dt.date:
    """An ISO date or a spreadsheet date cell; ValueError otherwise."""
    if isinstance(value, dt.datetime):  # also pandas.Timestamp
        if value.tzinfo is not None:
            raise ValueError(f"{shown(str(value))} has a time zone; write the date as YYYY-MM-DD")
        if value.time() != dt.time(0):
            raise ValueError(f"{shown(str(value))} has a time; write the date as YYYY-MM-DD")
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _DATE.fullmatch(text)
    if not match:
        raise ValueError(f"{shown(value)} is not a date (YYYY-MM-DD)")
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        raise ValueError(f"{shown(value)} is not a date (YYYY-MM-DD): no such day") from None


def parse_month(value: Any) -> str:
    """A month as `YYYY-MM`; ValueError otherwise."""
    if isinstance(value, dt.datetime) and value.tzinfo is None and value.time() == dt.time(0):
        value = value.date()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime) and value.day == 1:
        return f"{value:%Y-%m}"
    text = str(value).strip()
    match = _MONTH.fullmatch(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"{shown(value)} is not a month (YYYY-MM)")
    return text
