"""The 168 key cities ranking: composite index, shared ranks, the change ranking, not ranked."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reporter.settings import load_settings
from reporter.stats.period import Period
from reporter.stats.ranking168 import build_ranking, composite_index, key_cities
from reporter.stats.rules import RANKING_POLLUTANTS

# At the limits every sub-index is 1: the index is 6.
AT_LIMITS = {"so2": 60, "no2": 40, "pm10": 70, "pm25": 35, "co": 4, "o3": 160}
LIMITS = load_settings().rule_set_for(Period.month(2024, 1).end).ranking_168  # data/rules


def frame(values: dict[str, dict[str, float]]) -> pd.DataFrame:
    rows = {code: {**v, "dust_days": 0} for code, v in values.items()}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "code"
    return out


def scaled(factor: float) -> dict[str, float]:
    return {p: v * factor for p, v in AT_LIMITS.items()}


def codes(n: int) -> list[str]:
    return [r["code"] for r in key_cities()[:n]]


def test_index_is_the_sum_of_sub_indices():
    assert LIMITS == AT_LIMITS  # GB 3095-2012 grade II, as DESIGN lists them
    assert composite_index(AT_LIMITS, LIMITS) == 6
    # By hand: 10/60 + 30/40 + 70/70 + 35/35 + 1.0/4 + 120/160 = 3.9166...
    values = {"so2": 10, "no2": 30, "pm10": 70, "pm25": 35, "co": 1.0, "o3": 120}
    assert composite_index(values, LIMITS) == pytest.approx(1 / 6 + 0.75 + 1 + 1 + 0.25 + 0.75)
    assert set(RANKING_POLLUTANTS) == set(AT_LIMITS)


def test_equal_published_indices_share_a_rank(registry):
    a, b, c, d = codes(4)
    # 0.5 * 6 = 3.000, 3.001 and 3.004 publish as 3.00; 3.006 as 3.01.
    values = {a: scaled(0.5), b: scaled(3.001 / 6), c: scaled(3.004 / 6), d: scaled(3.006 / 6)}
    ranking = build_ranking(frame(values), None, registry, Period.month(2024, 1))
    ranked = {x.code: (x.index_published, x.rank) for x in ranking.cities}
    assert ranked == {a: (3.0, 1), b: (3.0, 1), c: (3.0, 1), d: (3.01, 4)}


def test_a_city_missing_one_pollutant_is_not_ranked_with_the_reason(registry):
    a, b = codes(2)
    missing = {**scaled(0.5), "co": np.nan, "co_reason": "20 valid days (27 needed)"}
    ranking = build_ranking(
        frame({a: scaled(0.6), b: missing}), None, registry, Period.month(2024, 1)
    )
    assert [x.code for x in ranking.cities] == [a]
    by_code = {x.code: x for x in ranking.not_ranked}
    assert (by_code[b].pollutant, by_code[b].reason) == ("co", "20 valid days (27 needed)")
    assert len(ranking.not_ranked) == 167  # every other key city: no data at all
    assert all(x.pollutant is None for x in ranking.not_ranked if x.code != b)


def test_change_ranking_most_negative_first_and_clean_cities_not_worsening(registry):
    a, b, c = codes(3)
    before = frame({a: scaled(1.0), b: scaled(0.5), c: scaled(1.0)})
    # a: 6 -> 4.8 (-20%); b: 3 -> 3.6 (+20%) but meets every limit; c: 6 -> 6.6 (+10%).
    now = frame({a: scaled(0.8), b: scaled(0.6), c: scaled(1.1)})
    ranking = build_ranking(now, before, registry, Period.month(2024, 1))
    assert [(x.code, x.change_pct_published) for x in ranking.change] == [
        (a, -20.0),
        (c, 10.0),
        (b, 20.0),
    ]
    assert [x.code for x in ranking.change_worst] == [c]  # b meets every grade II limit


def test_best_and_worst_twenty(registry):
    all_codes = codes(30)
    values = {code: scaled(0.1 + i / 100) for i, code in enumerate(all_codes)}
    ranking = build_ranking(frame(values), None, registry, Period.month(2024, 1))
    assert [x.code for x in ranking.best] == all_codes[:20]
    assert [x.code for x in ranking.worst] == list(reversed(all_codes))[:20]
    assert ranking.worst[0].rank == 30
