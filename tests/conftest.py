"""Shared fixtures: tiny stores built from hand-written feed files, and the real sample day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reporter.ingest import ingest_cnemc, ingest_daily
from reporter.registry import load_registry
from reporter.store import Store

# A copy of one real day of the national city feed (375 columns), kept as test data.
SAMPLE = Path(__file__).resolve().parent / "data" / "china_cities_20210701.csv"


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data")


def write_daily_csv(path: Path, rows: list[tuple[str, str, object, object]]) -> Path:
    """A tidy daily table from (city, date, pm25, o3_mda8) tuples; None is an empty cell."""
    lines = ["city,date,pm25,o3_mda8"]
    for city, date, pm25, o3 in rows:
        lines.append(f"{city},{date},{'' if pm25 is None else pm25},{'' if o3 is None else o3}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def month_days(year: int, month: int, count: int) -> list[str]:
    """The first `count` days of a month as ISO dates."""
    return [(dt.date(year, month, 1) + dt.timedelta(days=i)).isoformat() for i in range(count)]


def load_daily(store: Store, registry, tmp_path: Path, rows, name: str = "daily.csv") -> None:
    ingest_daily(write_daily_csv(tmp_path / name, rows), store, registry)


def cnemc_text(day: dt.date, cities: list[str], values: dict[tuple[int, str], list[object]]) -> str:
    """A CNEMC file body: `values[(hour, type)]` is one cell per city; other rows are omitted."""
    lines = ["date,hour,type," + ",".join(cities)]
    for (hour, kind), cells in sorted(values.items()):
        lines.append(
            f"{day:%Y%m%d},{hour},{kind}," + ",".join("" if c is None else str(c) for c in cells)
        )
    return "\n".join(lines) + "\n"


def write_cnemc(folder: Path, day: dt.date, cities, values) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"china_cities_{day:%Y%m%d}.csv"
    path.write_text(cnemc_text(day, cities, values), encoding="utf-8")
    return path


def load_cnemc(store: Store, registry, paths) -> object:
    return ingest_cnemc(paths, store, registry)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of the project's content/ folder, to import into and edit."""
    import shutil

    root = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parent.parent / "content", root)
    return root
