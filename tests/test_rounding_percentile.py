"""GB/T 8170 rounding and the HJ 663 percentile."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporter.rounding import publish, round_half_even, round_up
from reporter.stats.percentile import hj663_percentile


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (34.5, 0, "34"),  # GB/T 8170: a 5 with nothing after rounds to even
        (35.5, 0, "36"),
        (34.51, 0, "35"),
        (-2.5, 0, "-2"),
        (12.25, 1, "12.2"),
        (12.35, 1, "12.4"),
        (3.555, 2, "3.56"),  # the float 3.555 prints as 3.555: rounded as the decimal a reader sees
        (0.125, 2, "0.12"),
    ],
)
def test_round_half_even(value, places, expected):
    assert round_half_even(value, places) == Decimal(expected)


def test_publish_types():
    assert publish(34.5) == 34 and isinstance(publish(34.5), int)
    assert publish(12.25, 1) == 12.2
    assert publish(None) is None


def test_iaqi_rounds_up():
    assert round_up(50.01) == 51
    assert round_up(50.0) == 50


@given(st.integers(min_value=-10_000, max_value=10_000))
def test_exact_halves_go_to_the_even_neighbour(n):
    half = Decimal(n) + Decimal("0.5")
    rounded = round_half_even(half)
    assert rounded in (Decimal(n), Decimal(n + 1))
    assert int(rounded) % 2 == 0


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_rounding_is_within_half_a_unit(x):
    assert abs(Decimal(repr(x)) - round_half_even(x)) <= Decimal("0.5")


def test_hj663_worked_example():
    # DESIGN.md: {3,4,8,2,5,4} sorted 2,3,4,4,5,8; k = 1 + 5*0.9 = 5.5; 5 + (8-5)*0.5 = 6.5
    assert hj663_percentile([3, 4, 8, 2, 5, 4], 90) == 6.5


def test_percentile_edges():
    assert hj663_percentile([7], 90) == 7
    assert hj663_percentile([1, 2, 3], 100) == 3
    assert hj663_percentile([1, 2, 3], 0) == 1
    with pytest.raises(ValueError):
        hj663_percentile([], 90)


values = st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=60)


@given(values, st.integers(min_value=0, max_value=100))
def test_percentile_matches_an_exact_rational_computation(xs, p):
    # Independent oracle: the HJ 663 formula in exact fractions.
    s_xs = sorted(xs)
    k = 1 + Fraction(len(xs) - 1) * p / 100
    s = int(k)
    expected = s_xs[-1] if s >= len(xs) else s_xs[s - 1] + (s_xs[s] - s_xs[s - 1]) * (k - s)
    assert hj663_percentile(xs, p) == pytest.approx(float(expected), abs=1e-9)


@given(values, st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=100))
def test_percentile_is_monotone_and_bounded(xs, p, q):
    lo, hi = sorted((p, q))
    assert min(xs) <= hj663_percentile(xs, lo) <= hj663_percentile(xs, hi) <= max(xs)


@given(values, st.integers(min_value=0, max_value=100))
def test_percentile_agrees_with_numpy_linear(xs, p):
    # HJ 663's k - 1 = (n - 1)p/100 is numpy's default "linear" method.
    assert hj663_percentile(xs, p) == pytest.approx(float(np.percentile(xs, p)), abs=1e-9)
