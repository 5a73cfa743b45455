"""The 13-month national trend of a monthly figures object: the values the bulletin chart draws.

Each month's point comes from that month's own figures object (its published national PM2.5
and O3 values and the number of cities behind each). Building 12 of them takes a while, so
points are kept in memory per store version and, given a folder, on disk under a fingerprint
of everything they depend on; a changed store, configuration or engine gives a new one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..figures import Figures, TrendPoint
from ..store import Store

TREND_MONTHS = 13
CACHE_FILE = "trend.json"
# A month's figures without a trend: reporter.stats.summary passes its builder in (no circle).
MonthBuilder = Callable[[Store, str], Figures]


def _fingerprint(store: Store) -> str:
    """What the figures of any month depend on: the store and the engine (code, rules, config)."""
    from ..digests import ENGINE, STORE, digest

    return digest("trend", ENGINE(store.data_dir), STORE(store))[:16]


def point_of(figures: Figures) -> TrendPoint:
    """A month's point, from its own figures object."""
    return TrendPoint(
        period=figures.period,
        pm25=figures.pm25.published,  # type: ignore[arg-type]  # PM2.5 and O3 are integers
        o3=figures.o3.published,  # type: ignore[arg-type]
        pm25_cities=figures.pm25.n_cities,
        o3_cities=figures.o3.n_cities,
    )


@lru_cache(maxsize=64)
def _month_point(build: MonthBuilder, root: Path, label: str, key: str) -> TrendPoint:
    from ..errors import NoDataError

    try:
        figures = build(Store(root), label)
    except NoDataError:
        return TrendPoint(label, None, None, 0, 0)
    return point_of(figures)


def month_labels(period: str, months: int = TREND_MONTHS) -> list[str]:
    """The `months` months ending with `period` (YYYY-MM), oldest first."""
    from .period import Period

    labels = [period]
    current = Period.parse(period)
    for _ in range(months - 1):
        current = current.previous_month()
        labels.append(current.label)
    return labels[::-1]


def monthly_trend(
    store: Store,
    figures: Figures,
    build: MonthBuilder,
    cache_dir: Path | None = None,
    months: int = TREND_MONTHS,
) -> list[TrendPoint]:
    """The national published values of the last `months` months, ending with `figures`' month."""
    labels = month_labels(figures.period, months)
    cache_file = cache_dir / CACHE_FILE if cache_dir else None
    key = _fingerprint(store)
    cached: dict[str, Any] = {}
    if cache_file and cache_file.exists():
        stored = json.loads(cache_file.read_text(encoding="utf-8"))
        cached = stored.get(key, {}) if isinstance(stored, dict) else {}
    points = {figures.period: point_of(figures)}
    for label in labels[:-1]:
        points[label] = (
            TrendPoint(**cached[label])
            if isinstance(cached.get(label), dict) and "pm25_cities" in cached[label]
            else _month_point(build, store.data_dir, label, key)  # key: store, engine
        )
    if cache_file:
        from dataclasses import asdict

        from ..store import atomic_write_bytes

        merged = {**cached, **{label: asdict(p) for label, p in points.items()}}
        text = json.dumps({key: merged}, ensure_ascii=False, indent=1, sort_keys=True)
        atomic_write_bytes(cache_file, text.encode("utf-8"))
    return [points[label] for label in labels]
