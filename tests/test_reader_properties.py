"""Property tests: random cells fed to the readers never crash them and never pass a bad value."""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from pathlib import Path

import numpy as np
import pytest
from helpers import accepts_some
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporter.errors import InputError
from reporter.feeds.cnemc import parse_cnemc
from reporter.feeds.tidy import read_daily
from reporter.registry import load_registry
from reporter.settings import load_settings

REGISTRY = load_registry()
LIMITS = load_settings().plausibility.refuse_above
cell = st.one_of(
    st.just(""),
    st.integers(min_value=-50, max_value=30000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(alphabet="0123456789.-eE aNn/x", max_size=6),
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@accepts_some(10)
@SETTINGS
@given(st.lists(st.tuples(cell, cell), min_size=1, max_size=30))
def test_cnemc_cells(outcomes, pairs):
    lines = ["date,hour,type,北京,天津"]
    for i, (a, b) in enumerate(pairs):
        lines.append(f"20240101,{i % 24},{'PM2.5' if i < 24 else 'O3'},{a},{b}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "china_cities_20240101.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        try:
            parsed = parse_cnemc(path, REGISTRY)
        except InputError:
            outcomes.refuse(
                "file"
            )  # a refusal is a valid answer (e.g. a cell with a comma-free oddity)
            return
    outcomes.accept()
    frame = parsed.table.to_pandas()
    for column, limit in (("pm25", LIMITS["pm25"]), ("o3", LIMITS["o3"])):
        values = frame[column].dropna().to_numpy()
        assert np.all(np.isfinite(values)) and np.all(values >= 0) and np.all(values <= limit)
    # Every non-empty cell is either stored as its number or reported as excluded.
    stored = frame["pm25"].notna().sum() + frame["o3"].notna().sum()
    filled = sum(1 for a, b in pairs for c in (a, b) if c.strip() != "")
    assert stored + len(parsed.problems) == filled


@accepts_some(10)
@SETTINGS
@given(
    st.lists(
        st.tuples(st.sampled_from(["北京", "天津", "火星", "110000", ""]), cell, cell), max_size=20
    )
)
def test_daily_table_rows(outcomes, rows):
    lines = ["city,date,pm25,o3_mda8"]
    start = dt.date(2024, 1, 1)
    lines += [f"{c},{start + dt.timedelta(days=i)},{a},{b}" for i, (c, a, b) in enumerate(rows)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        try:
            parsed = read_daily(path, REGISTRY)
        except InputError:
            outcomes.refuse("file")
            return
    outcomes.accept()
    for column in ("pm25", "o3_mda8"):
        for value in parsed.frame[column].dropna():
            assert (
                math.isfinite(value) and 0 <= value <= LIMITS["pm25" if column == "pm25" else "o3"]
            )
    assert set(parsed.frame["code"]) <= {"110000", "120000"}


def test_a_property_test_whose_every_example_was_refused_fails():
    @accepts_some(1)
    @settings(max_examples=20, database=None)
    @given(st.integers())
    def refuses_everything(outcomes, number):
        outcomes.refuse("always")

    with pytest.raises(AssertionError, match="0 example"):
        refuses_everything()
