"""Concentration bands (configuration in data/bands.yaml): upper bound inclusive."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from ..config import load_yaml
from ..errors import ConfigError


@dataclass(frozen=True)
class BandDef:
    lower: float | None  # exclusive
    upper: float | None  # inclusive
    label_zh: str
    label_en: str

    def contains(self, value: float) -> bool:
        return (self.lower is None or value > self.lower) and (
            self.upper is None or value <= self.upper
        )


def load_bands(path: Path) -> dict[str, tuple[BandDef, ...]]:
    """Bands per pollutant; they must be contiguous, open at both ends, listed low to high."""
    raw = load_yaml(path)
    problems: list[str] = []
    result: dict[str, tuple[BandDef, ...]] = {}
    if not isinstance(raw, dict):
        raise ConfigError(path, ["expected a mapping of pollutant: list of bands"])
    for pollutant in ("pm25", "o3"):
        entries = raw.get(pollutant)
        if not isinstance(entries, list) or not entries:
            problems.append(f"{pollutant}: expected a list of bands")
            continue
        try:
            bands = tuple(BandDef(**entry) for entry in entries)
        except TypeError as exc:
            problems.append(f"{pollutant}: {exc}")
            continue
        shape = _shape_problems(pollutant, bands)
        if shape:
            problems += shape
            continue
        if bands[0].lower is not None or bands[-1].upper is not None:
            problems.append(
                f"{pollutant}: the first band needs lower: null and the last upper: null"
            )
        for a, b in itertools.pairwise(bands):
            if a.upper is not None and b.lower is not None and a.upper > b.lower:
                problems.append(f"{pollutant}: bands {a.label_en} and {b.label_en} overlap")
            elif a.upper is None or a.upper != b.lower:
                problems.append(
                    f"{pollutant}: band {a.label_en} must end where {b.label_en} starts"
                )
        result[pollutant] = bands
    if problems:
        raise ConfigError(path, problems)
    return result


def _shape_problems(pollutant: str, bands: tuple[BandDef, ...]) -> list[str]:
    """Bounds are finite numbers (or null at the ends), each band's lower below its upper."""
    problems = []
    for i, band in enumerate(bands, start=1):
        for name in ("lower", "upper"):
            value = getattr(band, name)
            if value is not None and (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or value != value
                or value in (float("inf"), float("-inf"))
            ):
                problems.append(f"{pollutant}: band {i} {name} {value!r} is not a number")
        if not isinstance(band.label_zh, str) or not isinstance(band.label_en, str):
            problems.append(f"{pollutant}: band {i} needs label_zh and label_en texts")
    if problems:
        return problems
    for band in bands:
        if band.lower is not None and band.upper is not None and band.lower >= band.upper:
            problems.append(
                f"{pollutant}: band {band.label_en} starts at {band.lower:g}, not below its "
                f"end {band.upper:g} (bands overlap)"
            )
    return problems


def band_index(value: float | None, bands: tuple[BandDef, ...]) -> int | None:
    """Index of the band holding a (published) value."""
    if value is None:
        return None
    for index, band in enumerate(bands):
        if band.contains(value):
            return index
    raise AssertionError("bands are open at both ends")
