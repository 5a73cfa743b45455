"""Helpers the tests share: hand-written feed files and tiny stores (fixtures are in conftest)."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reporter.ingest import ingest_cnemc, ingest_daily
from reporter.store import Store

# A copy of one real day of the national city feed (375 columns), kept as test data.
SAMPLE = Path(__file__).resolve().parent / "data" / "china_cities_20210701.csv"


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


# -- property tests ------------------------------------------------------------------------------
class Outcomes:
    """How many of a property test's examples the code under test accepted, and refused."""

    def __init__(self) -> None:
        self.accepted = 0
        self.refused = 0

    def accept(self) -> None:
        from hypothesis import event

        self.accepted += 1
        event("accepted")

    def refuse(self, why: str) -> None:
        from hypothesis import event

        self.refused += 1
        event(f"refused: {why}")


def accepts_some(minimum: int = 1) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Above `@given`: the test fails when fewer than `minimum` examples were accepted.

    A property that held only because every example was refused has checked nothing. The
    test takes `outcomes` (an Outcomes) as its first argument, before those `@given` fills
    from the right, and calls `outcomes.accept()` or `outcomes.refuse(why)` once per example.
    """

    def decorate(test: Callable[..., None]) -> Callable[..., None]:
        def run(**fixtures: Any) -> None:
            outcomes = Outcomes()
            test(outcomes=outcomes, **fixtures)
            assert outcomes.accepted >= minimum, (
                f"{test.__name__}: {outcomes.accepted} example(s) accepted (fewer than "
                f"{minimum}), {outcomes.refused} refused: the property was hardly tested"
            )

        signature = inspect.signature(test)
        kept = [p for p in signature.parameters.values() if p.name != "outcomes"]
        run.__signature__ = signature.replace(parameters=kept)  # type: ignore[attr-defined]
        run.__name__, run.__qualname__, run.__doc__ = test.__name__, test.__qualname__, test.__doc__
        run.__module__ = test.__module__
        return run

    return decorate
