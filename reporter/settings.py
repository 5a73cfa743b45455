"""One Settings object: every configuration the engine reads, loaded from one data folder.

    registry      <data-dir>/registry/ (cities.csv, regions.yaml, key_cities_168.csv)
    rule sets     <data-dir>/rules/*.yaml, one per standard in force
    bands         <data-dir>/bands.yaml
    plausibility  <data-dir>/plausibility.yaml (refuse_above, extreme_above)
    annual report <data-dir>/annual_report.yaml (published precision)

Each comes from the data folder given by `--data-dir` when it has one, else from the project's
data/ (reporter.paths). A command loads its Settings once (`load_settings(data_dir)`) and passes
it down; the engine asks for the settings of a store's data folder, the same object. The chart
styles are templates and follow `--templates-dir` (reporter.charts).

Only the standard library is imported at module level: the command line's `--help` stays instant.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths

if TYPE_CHECKING:  # the loaders import yaml: loaded when settings are
    from .registry import Registry
    from .stats.bands import BandDef
    from .stats.rules import RuleSet

__all__ = [
    "Plausibility",
    "Settings",
    "load_settings",
    "read_plausibility",
    "read_precision",
    "sources",
]


@dataclass(frozen=True)
class Plausibility:
    """Limits of a believable concentration (data/plausibility.yaml)."""

    refuse_above: Mapping[str, float]  # the analysers' range: above it a value is refused
    extreme_above: Mapping[str, float]  # beyond the AQI scale: kept, and reported as extreme

    def problem(self, value: float, pollutant: str) -> str | None:
        """Why a parsed number cannot be a concentration, or None if it can."""
        if value != value or value in (float("inf"), float("-inf")):
            return "not a number"
        if value < 0:
            return "negative"
        limit = self.refuse_above.get(pollutant)
        if limit is not None and value > limit:
            return f"above the analysers' range ({limit:g})"
        return None


@dataclass(frozen=True, eq=False)
class Settings:
    """Rules, bands, plausibility limits, registry and report precision of one data folder."""

    data_dir: Path
    registry: Registry
    rule_sets: tuple[RuleSet, ...]
    bands: Mapping[str, tuple[BandDef, ...]]
    plausibility: Plausibility
    precision: Mapping[str, int]  # published decimals: full_year, year_to_date
    key_cities_file: Path  # the 168 key cities of the national ranking

    def rule_set_for(self, day: dt.date) -> RuleSet:
        """The rule set in force on `day` (standards changed on 2026-03-01)."""
        from .errors import ConfigError

        for rule_set in self.rule_sets:
            if rule_set.covers(day):
                return rule_set
        raise ConfigError(sources(self.data_dir)["rules"], [f"no rule set covers {day}"])

    def annual_places(self, partial: bool) -> int:
        """Published decimals of the annual report's concentrations (data/annual_report.yaml)."""
        return self.precision["year_to_date" if partial else "full_year"]


def read_plausibility(path: Path) -> Plausibility:
    """A plausibility file, validated: both sections, every limit a finite positive number."""
    from .config import load_yaml
    from .errors import ConfigError

    raw = load_yaml(path)
    sections = ("refuse_above", "extreme_above")
    problems = [
        f"{section}: expected 'pollutant: number' lines"
        for section in sections
        if not isinstance(raw, dict) or not isinstance(raw.get(section), dict)
    ]
    if not problems:
        problems = [  # all problems listed at once
            f"{section}.{k}: {v!r} is not a positive number"
            for section in sections
            for k, v in raw[section].items()
            if isinstance(v, bool) or not isinstance(v, int | float) or not 0 < v < float("inf")
        ]
    if problems:
        raise ConfigError(path, problems)
    refuse, extreme = ({str(k): float(v) for k, v in raw[s].items()} for s in sections)
    return Plausibility(refuse, extreme)


def _own(data_dir: Path | None, relative: str, marker: str | None = None) -> Path:
    """`relative` under `data_dir` if the folder has it (and its `marker` file), else the project's."""
    if data_dir is not None:
        candidate = Path(data_dir) / relative
        if (candidate / marker).is_file() if marker else candidate.exists():
            return candidate
    return paths.DEFAULT_DATA_DIR / relative


def sources(data_dir: Path | None) -> dict[str, Path]:
    """The file or folder each setting is read from, for `data_dir` (None: the project's)."""
    registry = _own(data_dir, paths.REGISTRY_FOLDER, paths.CITIES_FILE)
    rules = _own(data_dir, paths.RULES_FOLDER)
    rules = rules if any(rules.glob("*.yaml")) else paths.RULES_DIR
    return {
        "registry": registry,
        "rules": rules,
        "bands": _own(data_dir, paths.BANDS_FILE),
        "plausibility": _own(data_dir, paths.PLAUSIBILITY_FILE),
        "annual_report": _own(data_dir, paths.ANNUAL_REPORT_FILE),
    }


def load_settings(data_dir: Path | None = None) -> Settings:
    """The settings of `data_dir` (None: the project's data/), each file validated on load.

    Loaded once per data folder and version of its files: an edited file is read again.
    """
    found = sources(data_dir)
    versions = tuple(_version(path) for path in found.values())
    folder = Path(data_dir or paths.DEFAULT_DATA_DIR).resolve()
    return _load(folder, tuple(found.values()), versions)


def _version(path: Path) -> str:
    """SHA-256 over a file's bytes, or a folder's file names and bytes (digests.ENGINE reads
    the same files: this module cannot import it, digests imports this one)."""
    h = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]:
        name = file.relative_to(path).as_posix() if path.is_dir() else ""
        for part in (name.encode(), file.read_bytes() if file.is_file() else b"missing"):
            h.update(len(part).to_bytes(8, "big") + part)  # length-prefixed: parts never blur
    return h.hexdigest()


@lru_cache(maxsize=8)
def _load(data_dir: Path, found: tuple[Path, ...], versions: tuple[str, ...]) -> Settings:
    from .registry import read_registry
    from .stats.bands import load_bands
    from .stats.rules import read_rule_sets

    registry_dir, rules_dir, bands, plausibility, annual = found
    key_cities = registry_dir / paths.KEY_CITIES_FILE
    if not key_cities.is_file():  # a registry of its own may leave the ranking's list out
        key_cities = paths.REGISTRY_DIR / paths.KEY_CITIES_FILE
    return Settings(
        data_dir=data_dir,
        registry=read_registry(registry_dir.resolve()),
        rule_sets=read_rule_sets(rules_dir),
        bands=load_bands(bands),
        plausibility=read_plausibility(plausibility),
        precision=read_precision(annual),
        key_cities_file=key_cities,
    )


def read_precision(path: Path) -> dict[str, int]:
    """The annual report's published decimals: `precision: {full_year, year_to_date}`."""
    from .config import load_yaml
    from .errors import ConfigError

    raw = load_yaml(path)
    precision = raw.get("precision") if isinstance(raw, dict) else None
    if not isinstance(precision, dict):
        raise ConfigError(path, ["expected a 'precision:' mapping"])
    problems = [  # GB/T 8170 places: a whole number from 0 to 3
        f"precision.{key}: {precision.get(key)!r} is not a number of decimals (0 to 3)"
        for key in ("full_year", "year_to_date")
        if isinstance(precision.get(key), bool) or precision.get(key) not in range(4)
    ]
    if problems:
        raise ConfigError(path, problems)
    return {key: int(precision[key]) for key in ("full_year", "year_to_date")}
