"""HJ 663 percentile: k = 1 + (n-1)·p/100, s = floor(k), X(s) + (X(s+1) - X(s))·(k - s)."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction


def hj663_percentile(values: Iterable[float], p: float) -> float:
    """The p-th percentile of `values` by HJ 663 (1-based order statistics, linear between them)."""
    xs = sorted(values)
    n = len(xs)
    if n == 0:
        raise ValueError("percentile of an empty set")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be within 0..100, got {p}")
    # Exact k: a float (n-1)*p/100 can land a hair below an integer and pick the wrong X(s).
    k = 1 + Fraction(n - 1) * Fraction(str(p)) / 100
    s = int(k)  # floor, k >= 1
    if s >= n:
        return float(xs[-1])
    lower, upper = xs[s - 1], xs[s]
    return float(lower + (upper - lower) * float(k - s))
