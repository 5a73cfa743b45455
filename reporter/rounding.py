"""Rounding of published values: GB/T 8170 (round half to even) and IAQI round-up.

Floats are converted through their shortest repr so that a computed 35.45 rounds as the
decimal 35.45 a reader would see, not as its binary neighbour.
"""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, Decimal


def to_decimal(value: float | int | Decimal) -> Decimal:
    """Exact decimal of what the value prints as."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"cannot round a non-finite value: {value!r}")
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def round_half_even(value: float | int | Decimal, places: int = 0) -> Decimal:
    """GB/T 8170 rounding: 34.5 -> 34, 35.5 -> 36, 0.125 -> 0.12 at two places."""
    quantum = Decimal(1).scaleb(-places)
    return to_decimal(value).quantize(quantum, rounding=ROUND_HALF_EVEN)


def publish(value: float | None, places: int = 0) -> int | float | None:
    """A published figure for the JSON contract: int at 0 places, else a float of `places` decimals."""
    if value is None:
        return None
    rounded = round_half_even(value, places)
    return int(rounded) if places == 0 else float(rounded)


def round_up(value: float | int | Decimal) -> int:
    """HJ 633: IAQI and AQI are always rounded up to the next integer."""
    return int(to_decimal(value).to_integral_value(rounding=ROUND_CEILING))
