"""City registry: prefecture-level cities with their aliases, and key regions by period.

The data live in ``data/registry/`` (``cities.csv`` and ``regions.yaml``); both are validated
on load and every problem is reported at once as a :class:`~reporter.errors.ConfigError`.
"""

from __future__ import annotations

import csv
import datetime
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from reporter.errors import ConfigError
from reporter.paths import CITIES_FILE, REGIONS_FILE, REGISTRY_DIR

CITY_COLUMNS = ("code", "name_zh", "name_en", "province_zh", "province_en", "lon", "lat", "aliases")
# Bounding box of China's territory, islands of the South China Sea included.
LON_RANGE = (73.0, 136.0)
LAT_RANGE = (3.0, 54.0)
_CODE = re.compile(r"\d{6}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _Loader(_SafeLoader):
    """Safe loader that keeps dates as text, so an impossible date is reported, not raised."""


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


@dataclass(frozen=True)
class City:
    code: str
    name_zh: str
    name_en: str
    province_zh: str
    province_en: str
    lon: float
    lat: float
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Region:
    id: str
    name_zh: str
    name_en: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    members: frozenset[str]

    def in_effect(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _key(name: str) -> str:
    # NFKC folds full-width forms that appear in hand-typed feeds; casefold serves name_en.
    return unicodedata.normalize("NFKC", name).strip().casefold()


class Registry:
    """Cities sorted by code, regions in file order, and a name index for feed columns."""

    def __init__(self, cities: Iterable[City], regions: Iterable[Region]) -> None:
        self.cities: tuple[City, ...] = tuple(sorted(cities, key=lambda c: c.code))
        self.regions: tuple[Region, ...] = tuple(regions)
        self._by_code = {city.code: city for city in self.cities}
        self._by_name: dict[str, City] = {}
        for city in self.cities:
            for name in (city.name_zh, city.name_en, *city.aliases):
                self._by_name.setdefault(_key(name), city)

    def by_code(self, code: str) -> City:
        return self._by_code[code]

    def resolve(self, name: str) -> City | None:
        """The city known by ``name`` (Chinese name, alias or English name), else None."""
        return self._by_name.get(_key(name))

    def regions_on(self, day: datetime.date) -> tuple[Region, ...]:
        return tuple(region for region in self.regions if region.in_effect(day))

    def regions_for_period(self, start: datetime.date, end: datetime.date) -> tuple[Region, ...]:
        """Regions for a reporting period: the definitions in effect on its last day."""
        if start > end:
            raise ValueError(f"period start {start} is after its end {end}")
        return self.regions_on(end)


def default_registry_dir() -> Path:
    return REGISTRY_DIR


def load_registry(directory: Path | None = None) -> Registry:
    """Load and validate the registry in ``directory`` (default: the project's own)."""
    return _load_cached(Path(directory or default_registry_dir()).resolve())


@functools.lru_cache(maxsize=8)
def _load_cached(directory: Path) -> Registry:
    return read_registry(directory)


def read_registry(directory: Path) -> Registry:
    """Read and validate the registry in ``directory``, every time (Settings caches it)."""
    cities_path, regions_path = directory / CITIES_FILE, directory / REGIONS_FILE
    cities, city_problems = _read_cities(cities_path)
    regions, region_problems = _read_regions(regions_path, {city.code for city in cities})
    if city_problems and region_problems:
        raise ConfigError(
            directory,
            [f"{CITIES_FILE}: {p}" for p in city_problems]
            + [f"{REGIONS_FILE}: {p}" for p in region_problems],
        )
    if city_problems or region_problems:
        path = cities_path if city_problems else regions_path
        raise ConfigError(path, city_problems or region_problems)
    return Registry(cities, regions)


def _read_cities(path: Path) -> tuple[list[City], list[str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = tuple(reader.fieldnames or ())
            records = list(reader)
    except OSError as exc:
        return [], [f"cannot read the file ({exc.strerror})"]
    if header != CITY_COLUMNS:
        return [], [f"header must be {','.join(CITY_COLUMNS)}, found {','.join(header)}"]
    cities: list[City] = []
    problems: list[str] = []
    first_row: dict[str, int] = {}
    claimed: dict[str, tuple[str, int]] = {}
    for row_no, record in enumerate(records, start=2):
        where = f"row {row_no}"
        if None in record or any(value is None for value in record.values()):
            problems.append(f"{where}: expected {len(CITY_COLUMNS)} fields")
            continue
        code = record["code"].strip()
        if not _CODE.fullmatch(code):
            problems.append(f"{where}: code {code!r} is not 6 digits")
        elif code in first_row:
            problems.append(f"{where}: duplicate code {code} (first in row {first_row[code]})")
        else:
            first_row[code] = row_no
        for column in ("name_zh", "name_en", "province_zh", "province_en"):
            if not record[column].strip():
                problems.append(f"{where}: {column} is empty")
        lon = _coordinate(record["lon"], LON_RANGE, f"{where}: lon", problems)
        lat = _coordinate(record["lat"], LAT_RANGE, f"{where}: lat", problems)
        aliases = tuple(a.strip() for a in record["aliases"].split("|") if a.strip())
        for name in {_key(n) for n in (record["name_zh"], record["name_en"], *aliases) if n}:
            owner = claimed.setdefault(name, (code, row_no))
            if owner[0] != code:
                problems.append(f"{where}: name {name!r} is already used by row {owner[1]}")
        cities.append(
            City(
                code=code,
                name_zh=record["name_zh"].strip(),
                name_en=record["name_en"].strip(),
                province_zh=record["province_zh"].strip(),
                province_en=record["province_en"].strip(),
                lon=lon,
                lat=lat,
                aliases=aliases,
            )
        )
    return cities, problems


def _coordinate(text: str, bounds: tuple[float, float], where: str, problems: list[str]) -> float:
    try:
        value = float(text)
    except ValueError:
        problems.append(f"{where} {text!r} is not a number")
        return float("nan")
    if not bounds[0] <= value <= bounds[1]:
        problems.append(f"{where} {value} is outside China ({bounds[0]}..{bounds[1]})")
    return value


def _read_regions(path: Path, codes: set[str]) -> tuple[list[Region], list[str]]:
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except OSError as exc:
        return [], [f"cannot read the file ({exc.strerror})"]
    except yaml.YAMLError as exc:
        return [], [f"not valid YAML ({exc})"]
    entries = document.get("regions") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        return [], ["expected a top-level 'regions:' list"]
    regions: list[Region] = []
    problems: list[str] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(f"region {index}: expected a mapping")
            continue
        region_id = str(entry.get("id") or f"#{index}")
        where = f"region {region_id}"
        if region_id in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(region_id)
        for field in ("id", "name_zh", "name_en"):
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                problems.append(f"{where}: {field} must be a non-empty text")
        valid_from = _date(entry.get("valid_from"), f"{where}: valid_from", problems)
        valid_to = None
        if entry.get("valid_to") is not None:
            valid_to = _date(entry["valid_to"], f"{where}: valid_to", problems)
        if valid_from and valid_to and valid_to < valid_from:
            problems.append(f"{where}: valid_to {valid_to} is before valid_from {valid_from}")
        members = entry.get("members")
        if not isinstance(members, list) or not members:
            problems.append(f"{where}: members must be a non-empty list of city codes")
            members = []
        for member in members:
            if not isinstance(member, str):
                problems.append(f"{where}: member {member!r} must be a quoted code string")
            elif member not in codes:
                problems.append(f"{where}: member {member!r} is not a registry city code")
        if valid_from:
            regions.append(
                Region(
                    id=region_id,
                    name_zh=str(entry.get("name_zh", "")),
                    name_en=str(entry.get("name_en", "")),
                    valid_from=valid_from,
                    valid_to=valid_to,
                    members=frozenset(m for m in members if isinstance(m, str)),
                )
            )
    return regions, problems


def _date(value: Any, where: str, problems: list[str]) -> datetime.date | None:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.append(f"{where} {value!r} is not a date (YYYY-MM-DD)")
    return None
