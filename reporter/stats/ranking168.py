"""The 168 key cities ranked by the composite index (环境空气质量综合指数).

《城市环境空气质量排名技术规定》: Isum = Σ C_i / S_i over SO2, NO2, PM10, PM2.5 (period means),
CO (95th percentile of daily means) and O3 (90th percentile of MDA8); S_i are the GB 3095
grade II annual limits (the 24-h limit for CO, the 8-h limit for O3). Smallest index first; the
index is published with two decimals and equal published indices share a rank (并列).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import ConfigError
from ..figures import ChangeRanked, NotRanked, RankedCity, Ranking168
from ..registry import Registry
from ..rounding import publish
from .period import Period
from .rules import RANKING_POLLUTANTS

KEY_CITIES = (
    paths.REGISTRY_DIR / paths.KEY_CITIES_FILE
)  # Settings.key_cities_file follows --data-dir
# S_i of the technical rule are the period's rule set's (`ranking_168`; no weights).
PUBLISHED = 20  # best 20 and worst 20, as the Ministry's monthly bulletin prints them


@cache
def key_cities(path: Path = KEY_CITIES) -> tuple[dict[str, str], ...]:
    """The 168 key cities: code, name, province and their groups for 2019–2023 and from 2024."""
    with path.open(encoding="utf-8") as handle:
        rows = tuple(csv.DictReader(handle))
    if len(rows) != 168 or len({r["code"] for r in rows}) != 168:
        raise ConfigError(path, [f"expected 168 distinct cities, found {len(rows)}"])
    return rows


def composite_index(values: dict[str, float], limits: dict[str, float]) -> float:
    """Isum = Σ C_i / S_i (values unrounded: no rounding inside the computation)."""
    return math.fsum(values[p] / limits[p] for p in RANKING_POLLUTANTS)


def _shared_ranks(items: list, key) -> list[int]:
    """1-based ranks on a published key: equal published values share the better rank."""
    ranks, previous = [], None
    for position, item in enumerate(items, start=1):
        value = key(item)
        ranks.append(ranks[-1] if value == previous else position)
        previous = value
    return ranks


def _city_index(row: pd.Series | None, pm_suffix: str) -> tuple[dict[str, float] | None, tuple]:
    """The six period values of a city, or the first pollutant missing and why."""
    if row is None:
        return None, (None, "no data in the store for the period")
    values = {}
    for p in RANKING_POLLUTANTS:
        column = f"{p}{pm_suffix}" if p in ("pm25", "pm10") and pm_suffix else p
        value = row.get(column)
        if value is None or pd.isna(value):
            reason = row.get(f"{p}_reason") or "no valid value"
            return None, (p, str(reason))
        values[p] = float(value)
    return values, ()


def _ranked(
    values: pd.DataFrame, registry: Registry, list_rows, pm_suffix: str, limits: dict[str, float]
):
    ranked, not_ranked = [], []
    for entry in list_rows:
        code = entry["code"]
        row = values.loc[code] if code in values.index else None
        city = registry.by_code(code)
        conc, why = _city_index(row, pm_suffix)
        if conc is None:
            not_ranked.append(NotRanked(code, city.name_zh, city.name_en, why[0], why[1]))
            continue
        index = composite_index(conc, limits)
        ranked.append(
            RankedCity(
                code,
                city.name_zh,
                city.name_en,
                index,
                publish(index, 2),
                0,
                {p: conc[p] / limits[p] for p in RANKING_POLLUTANTS},
                meets_grade_ii=all(conc[p] <= limits[p] for p in RANKING_POLLUTANTS),
            )
        )
    ranked.sort(key=lambda c: (c.index_published, c.index, c.code))
    ranks = _shared_ranks(ranked, lambda c: c.index_published)
    return [replace(c, rank=r) for c, r in zip(ranked, ranks, strict=True)], not_ranked


def _top(cities: list, limit: int, rank) -> list:
    """The first `limit` places, more where the last place is shared."""
    return [c for c in cities if rank(c) <= limit]


def build_ranking(
    current: pd.DataFrame,
    prev_year: pd.DataFrame | None,
    registry: Registry,
    period: Period,
    deduct_dust: bool = False,
    *,
    key_cities_file: Path = KEY_CITIES,
    limits: Mapping[str, float] | None = None,
) -> Ranking168:
    """The ranking of one period; with `deduct_dust`, PM2.5 and PM10 without the dust days."""
    rows = key_cities(key_cities_file)
    group = "group_2024" if period.start.year >= 2024 else "group_2019_2023"
    suffix = "_excl_dust" if deduct_dust else ""
    if limits is None:  # the project's rule set for the period; builds pass their --data-dir's
        from ..settings import load_settings

        limits = load_settings().rule_set_for(period.end).ranking_168
    cities, not_ranked = _ranked(current, registry, rows, suffix, limits)
    groups = {r["code"]: r[group] for r in rows}
    cities = [replace(c, group=groups[c.code]) for c in cities]
    worst_sorted = sorted(cities, key=lambda c: (-c.index_published, -c.index, c.code))
    worst_ranks = _shared_ranks(worst_sorted, lambda c: c.index_published)
    worst = [c for c, r in zip(worst_sorted, worst_ranks, strict=True) if r <= PUBLISHED]
    change: list[ChangeRanked] = []
    if prev_year is not None and not prev_year.empty:
        before, _ = _ranked(prev_year, registry, rows, suffix, limits)
        before_by_code = {c.code: c for c in before}
        for c in cities:
            b = before_by_code.get(c.code)
            if b is None or b.index == 0:
                continue
            pct = (c.index - b.index) / b.index * 100
            change.append(
                ChangeRanked(
                    c.code, c.name_zh, c.name_en, c.index, b.index, pct, publish(pct, 1), 0
                )
            )
        change.sort(key=lambda x: (x.change_pct_published, x.change_pct, x.code))
        ranks = _shared_ranks(change, lambda x: x.change_pct_published)
        change = [replace(x, rank=r) for x, r in zip(change, ranks, strict=True)]
    meets = {c.code for c in cities if c.meets_grade_ii}
    # The worsening list leaves out cities that meet every grade II limit (technical rule).
    worsening = [x for x in reversed(change) if x.code not in meets]
    worsening_ranks = _shared_ranks(worsening, lambda x: x.change_pct_published)
    return Ranking168(
        list_id=f"key168-{'2024' if group == 'group_2024' else '2019'}",
        period=period.label,
        n_listed=len(rows),
        cities=cities,
        best=_top(cities, PUBLISHED, lambda c: c.rank),
        worst=worst,
        not_ranked=not_ranked,
        change=change,
        change_best=_top(change, PUBLISHED, lambda x: x.rank),
        change_worst=[x for x, r in zip(worsening, worsening_ranks, strict=True) if r <= PUBLISHED],
        limits={p: limits[p] for p in RANKING_POLLUTANTS},
        basis="dust days deducted" if deduct_dust else "all days",
    )
