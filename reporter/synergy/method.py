"""The method of seed 003, as small exact functions: rates, LAPeq, classes, ranks, percents.

Reduction rate = (base − target) / base, positive = reduced. Classes of a pair (CO2 × LAPeq,
CO2 × AQI): I both rates > 0, II exactly one > 0, III neither (a rate of exactly 0 is not a
reduction). Rank by class, then by the sum of the two rates, larger first; equal sums share
the better rank (1, 2, 2, 4). All arithmetic is exact (fractions of the decimal inputs), so a
tie is a tie: 0.1 + 0.2 equals 0.15 + 0.15 here, which it does not in binary floats.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, localcontext
from fractions import Fraction

from ..rounding import round_half_even
from .result import CLASSES

RATE_PLACES = 2  # seed 003 prints rates and shares as percents with two decimals
KG_PER_TONNE = 1000
# Pollution-equivalent values (kg) of the Environmental Protection Tax Law (2018), 附表二:
# SO2 0.95, NOx 0.95, 烟尘 (particulate matter) 2.18. LAPeq = Σ emission (kg) / value.
LAPEQ_WEIGHTS_KG = {"so2": Fraction("0.95"), "nox": Fraction("0.95"), "pm": Fraction("2.18")}
INDICATORS = ("co2", "so2", "nox", "pm", "lapeq", "aqi", "pm25", "no2", "o3")
RANKINGS = {"emissions": ("co2", "lapeq"), "air": ("co2", "aqi")}
SINGLE_RANKS = ("co2", "lapeq", "aqi")
INPUTS = {"co2": ("co2",), "lapeq": ("so2", "nox", "pm"), "aqi": ("aqi",)}
LABELS = {"co2": "CO2", "lapeq": "LAPeq", "aqi": "AQI"}
UNITS = {
    "co2": "t",
    "so2": "t",
    "nox": "t",
    "pm": "t",
    "lapeq": "pollution equivalents (emission in kg / pollution-equivalent value in kg)",
    "aqi": "AQI (annual mean)",
    "pm25": "µg/m³",
    "no2": "µg/m³",
    "o3": "µg/m³",
}


def lapeq(so2: Fraction, nox: Fraction, pm: Fraction) -> Fraction:
    """Air-pollutant equivalent of emissions in tonnes: 1000 × (SO2/0.95 + NOx/0.95 + PM/2.18)."""
    weights = LAPEQ_WEIGHTS_KG
    return KG_PER_TONNE * (so2 / weights["so2"] + nox / weights["nox"] + pm / weights["pm"])


def reduction_rate(base: Fraction, target: Fraction) -> Fraction | None:
    """(base − target) / base; None when the base is zero (the rate is undefined)."""
    return None if base == 0 else (base - target) / base


def classify(x: Fraction, y: Fraction) -> str:
    """I: both rates above zero; II: exactly one; III: neither."""
    return CLASSES[2 - (x > 0) - (y > 0)]


def quadrant(x: Fraction, y: Fraction) -> str:
    """Quadrant of the (CO2 rate, other rate) scatter; zero counts as not reduced."""
    if x > 0:
        return "I" if y > 0 else "IV"
    return "II" if y > 0 else "III"


def competition_ranks(keys: Iterable[tuple[str, tuple]]) -> dict[str, int]:
    """Standard competition ranks (1, 2, 2, 4) of (code, sort key) pairs, smaller key first."""
    ranks: dict[str, int] = {}
    previous: tuple | None = None
    rank = 0
    for position, (code, key) in enumerate(sorted(keys, key=lambda k: (k[1], k[0])), start=1):
        if key != previous:
            rank, previous = position, key
        ranks[code] = rank
    return ranks


def percent(value: Fraction | None, places: int = RATE_PLACES) -> float | None:
    """A fraction as a published percent: exact decimal, then GB/T 8170 half to even."""
    if value is None:
        return None
    with localcontext() as context:
        context.prec = 60
        exact = Decimal(value.numerator) * 100 / Decimal(value.denominator)
    return float(round_half_even(exact, places))


def as_float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)
