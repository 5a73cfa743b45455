"""Versioned statistics rule sets (GB 3095 / HJ 633 / HJ 663), chosen by reporting period."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..config import load_yaml
from ..errors import ConfigError
from ..paths import RULES_DIR

O3_ABOVE_TABLE = ("use_o3_1h", "fixed_300")
# The composite index's pollutants (《城市环境空气质量排名技术规定》), each with its S_i.
RANKING_POLLUTANTS = ("so2", "no2", "pm10", "pm25", "co", "o3")


@dataclass(frozen=True)
class Validity:
    daily_min_hours: int
    o3_window_min_hours: int
    o3_min_windows: int
    o3_exceedance: float
    monthly_min_days: int
    february_min_days: int
    annual_min_days: int

    def min_days_in_month(self, month: int) -> int:
        """HJ 663: 27 valid days a month, 25 in February."""
        return self.february_min_days if month == 2 else self.monthly_min_days


@dataclass(frozen=True)
class AqiLevel:
    """One HJ 633 table 2 level: its upper AQI (None: no upper bound) and its names."""

    upper: float | None
    zh: str
    en: str


@dataclass(frozen=True)
class AqiTable:
    iaqi: tuple[int, ...]
    breakpoints: dict[str, tuple[float, ...]]
    daily_indicators: tuple[str, ...]
    o3_8h_above_table: str
    publish_with_missing_only_above: int | None
    levels: tuple[AqiLevel, ...]  # HJ 633 table 2, lowest first; the last has no upper bound
    good_at_most: float  # excellent or good: AQI at most this
    heavy_above: float  # heavy pollution or worse: AQI above this


@dataclass(frozen=True)
class RuleSet:
    id: str
    name_zh: str
    name_en: str
    valid_from: dt.date
    valid_to: dt.date | None
    validity: Validity
    o3_percentile: float
    pm25_annual_percentile: float
    limits: dict[str, float]
    aqi: AqiTable
    ranking_168: dict[str, float]  # S_i of the composite index, by pollutant

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _parse(path: Path) -> RuleSet:
    raw = load_yaml(path)
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise ConfigError(path, ["expected a mapping at the top level"])
    try:
        validity = Validity(**raw["validity"])
        aqi_raw = raw["aqi"]
        aqi = AqiTable(
            iaqi=tuple(aqi_raw["iaqi"]),
            breakpoints={k: tuple(v) for k, v in aqi_raw["breakpoints"].items()},
            daily_indicators=tuple(aqi_raw["daily_indicators"]),
            o3_8h_above_table=aqi_raw["o3_8h_above_table"],
            publish_with_missing_only_above=aqi_raw["publish_with_missing_only_above"],
            levels=tuple(
                AqiLevel(level["upper"], level["zh"], level["en"]) for level in aqi_raw["levels"]
            ),
            good_at_most=aqi_raw["good_at_most"],
            heavy_above=aqi_raw["heavy_above"],
        )
        rule_set = RuleSet(
            id=str(raw["id"]),
            name_zh=str(raw["name_zh"]),
            name_en=str(raw["name_en"]),
            valid_from=raw["valid_from"],
            valid_to=raw["valid_to"],
            validity=validity,
            o3_percentile=float(raw["percentiles"]["o3"]),
            pm25_annual_percentile=float(raw["percentiles"]["pm25_annual"]),
            limits={k: float(v) for k, v in raw["limits"].items()},
            aqi=aqi,
            ranking_168={k: float(v) for k, v in raw["ranking_168"].items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(path, [f"missing or malformed key: {exc}"]) from exc
    problems += _value_problems(rule_set)
    if problems:  # the order checks below need numbers
        raise ConfigError(path, problems)
    for name, points in aqi.breakpoints.items():
        if list(points) != sorted(points) or len(points) > len(aqi.iaqi):
            problems.append(f"aqi.breakpoints.{name} must rise and have at most {len(aqi.iaqi)}")
    for name in aqi.daily_indicators:
        if name not in aqi.breakpoints:
            problems.append(f"aqi.daily_indicators names {name!r}, which has no breakpoints")
    uppers = [level.upper for level in aqi.levels]
    bounded = uppers[:-1]
    if not uppers or uppers[-1] is not None or None in bounded or bounded != sorted(set(bounded)):
        problems.append("aqi.levels: upper bounds must rise, the last one null (no upper bound)")
    if aqi.o3_8h_above_table not in O3_ABOVE_TABLE:
        problems.append(f"aqi.o3_8h_above_table must be one of {', '.join(O3_ABOVE_TABLE)}")
    if problems:
        raise ConfigError(path, problems)
    return rule_set


def _number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and value == value
        and value not in (float("inf"), float("-inf"))
    )


# Whole-number validity thresholds and their possible ranges (HJ 663's counts).
_COUNTS = {
    "daily_min_hours": 24, "o3_window_min_hours": 8, "o3_min_windows": 17,
    "monthly_min_days": 31, "february_min_days": 29, "annual_min_days": 366,
}  # fmt: skip


def _value_problems(rules: RuleSet) -> list[str]:
    """Every value of a rule set in its possible range, all problems listed at once."""
    problems = []
    for name, most in _COUNTS.items():
        value = getattr(rules.validity, name)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= most:
            problems.append(f"validity.{name} must be a whole number from 1 to {most}")
    if not _number(rules.validity.o3_exceedance) or rules.validity.o3_exceedance <= 0:
        problems.append("validity.o3_exceedance must be a positive number")
    for name, value in (("o3", rules.o3_percentile), ("pm25_annual", rules.pm25_annual_percentile)):
        if not 0 < value <= 100:  # float() above: NaN fails this too
            problems.append(f"percentiles.{name} must be above 0 and at most 100")
    for name, value in rules.limits.items():
        if not _number(value) or value <= 0:
            problems.append(f"limits.{name} must be a positive number")
    if set(rules.ranking_168) != set(RANKING_POLLUTANTS):
        problems.append(f"ranking_168 must give S_i for {', '.join(RANKING_POLLUTANTS)}")
    for name, value in rules.ranking_168.items():
        if not _number(value) or value <= 0:
            problems.append(f"ranking_168.{name} must be a positive number")
    for name, points in {"iaqi": rules.aqi.iaqi, **rules.aqi.breakpoints}.items():
        if not all(_number(p) for p in points):
            problems.append(
                f"aqi.{'' if name == 'iaqi' else 'breakpoints.'}{name}: not all numbers"
            )
    for level in rules.aqi.levels:
        if level.upper is not None and (not _number(level.upper) or level.upper <= 0):
            problems.append(f"aqi.levels: upper {level.upper!r} must be a positive number or null")
        if not all(isinstance(name, str) and name for name in (level.zh, level.en)):
            problems.append("aqi.levels: every level needs a zh and an en name")
    for name in ("good_at_most", "heavy_above"):
        value = getattr(rules.aqi, name)
        if not _number(value) or value <= 0:
            problems.append(f"aqi.{name} must be a positive number")
    valid_from, valid_to = rules.valid_from, rules.valid_to
    for name, value in (("valid_from", valid_from), ("valid_to", valid_to)):
        if (value is not None or name == "valid_from") and (
            not isinstance(value, dt.date) or isinstance(value, dt.datetime)
        ):
            problems.append(f"{name} must be a date (YYYY-MM-DD, no time or time zone)")
    if (
        isinstance(valid_from, dt.date)
        and isinstance(valid_to, dt.date)
        and not isinstance(valid_to, dt.datetime)
        and not isinstance(valid_from, dt.datetime)
        and valid_to < valid_from
    ):
        problems.append(f"valid_to {valid_to} is before valid_from {valid_from}")
    return problems


@cache
def load_rule_sets(directory: Path = RULES_DIR) -> tuple[RuleSet, ...]:
    """Every rule set in `directory`, oldest first, read once."""
    return read_rule_sets(directory)


def read_rule_sets(directory: Path) -> tuple[RuleSet, ...]:
    """Every rule set in `directory`, oldest first; their periods must not overlap."""
    sets = sorted((_parse(p) for p in sorted(directory.glob("*.yaml"))), key=lambda r: r.valid_from)
    if not sets:
        raise ConfigError(directory, ["no rule set (*.yaml) found"])
    overlaps = [
        f"{earlier.id} overlaps {later.id}"
        for earlier, later in itertools.pairwise(sets)
        if earlier.valid_to is None or earlier.valid_to >= later.valid_from
    ]
    if overlaps:
        raise ConfigError(directory, overlaps)
    return tuple(sets)


def rule_set_for(day: dt.date, directory: Path = RULES_DIR) -> RuleSet:
    """The rule set in force on `day` (standards changed on 2026-03-01)."""
    for rule_set in load_rule_sets(directory):
        if rule_set.covers(day):
            return rule_set
    raise ConfigError(directory, [f"no rule set covers {day.isoformat()}"])
