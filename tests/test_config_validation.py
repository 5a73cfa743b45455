"""Configuration is validated at load, every problem listed at once: rules, bands, limits."""

from __future__ import annotations

import shutil

import pytest

from reporter.errors import ConfigError
from reporter.feeds.common import plausible_max
from reporter.stats.bands import load_bands
from reporter.stats.rules import RULES_DIR, _parse, load_rule_sets


def _rules(tmp_path, *replacements):
    text = (RULES_DIR / "gb3095-2012.yaml").read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_bad_rule_value_is_listed_at_once(tmp_path):
    path = _rules(
        tmp_path,
        ("daily_min_hours: 20", "daily_min_hours: 25"),
        ("o3: 90 ", "o3: 190 "),
        ("pm25_annual: 95", "pm25_annual: .nan"),
        ("o3_8h: 160", "o3_8h: -1"),
        ("valid_to: 2026-02-28", "valid_to: 2012-01-01"),
        ("pm25_24h: [0, 35,", "pm25_24h: [0, abc,"),
    )
    with pytest.raises(ConfigError) as caught:
        _parse(path)
    message = str(caught.value)
    for part in (
        "validity.daily_min_hours must be a whole number from 1 to 24",
        "percentiles.o3 must be above 0 and at most 100",
        "percentiles.pm25_annual must be above 0",
        "limits.o3_8h must be a positive number",
        "aqi.breakpoints.pm25_24h: not all numbers",
        "valid_to 2012-01-01 is before valid_from 2013-01-01",
    ):
        assert part in message, message


def test_bad_aqi_levels_and_cut_offs_are_listed(tmp_path):
    path = _rules(
        tmp_path,
        ("{upper: 150, zh: 轻度污染", "{upper: 90, zh: 轻度污染"),
        (
            "{upper: null, zh: 严重污染, en: Severely polluted}",
            "{upper: 500, zh: 严重污染, en: ''}",
        ),
        ("heavy_above: 200", "heavy_above: -5"),
        ("good_at_most: 100", "good_at_most: many"),
    )
    with pytest.raises(ConfigError) as caught:
        _parse(path)
    message = str(caught.value)
    for part in (
        "aqi.levels: every level needs a zh and an en name",
        "aqi.heavy_above must be a positive number",
        "aqi.good_at_most must be a positive number",
    ):
        assert part in message, message
    path = _rules(tmp_path, ("{upper: 150, zh: 轻度污染", "{upper: 90, zh: 轻度污染"))
    with pytest.raises(ConfigError, match="upper bounds must rise, the last one null"):
        _parse(path)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("valid_from: 2013-01-01", "valid_from: 2013-01-01T00:00:00+08:00", "no time or time zone"),
        ("valid_from: 2013-01-01", "valid_from: 01.01.2013", "valid_from must be a date"),
        ("o3: 90 ", "o3: ninety ", "malformed key"),
    ],
)
def test_dates_and_text_in_rules_end_in_one_line(tmp_path, old, new, problem):
    with pytest.raises(ConfigError, match=problem):
        _parse(_rules(tmp_path, (old, new)))


def test_overlapping_rule_sets_are_refused(tmp_path):
    for path in RULES_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    _rules(tmp_path, ("valid_to: 2026-02-28", "valid_to: 2026-06-30"))
    (tmp_path / "rules.yaml").rename(tmp_path / "gb3095-2012.yaml")
    with pytest.raises(ConfigError, match="GB3095-2012 overlaps GB3095-2026"):
        load_rule_sets(tmp_path)


def test_overlapping_and_reversed_bands_are_refused(tmp_path):
    path = tmp_path / "bands.yaml"
    path.write_text(
        "pm25:\n"
        "  - {lower: null, upper: 35, label_zh: a, label_en: a}\n"
        "  - {lower: 15, upper: 75, label_zh: b, label_en: b}\n"
        "  - {lower: 75, upper: null, label_zh: c, label_en: c}\n"
        "o3:\n"
        "  - {lower: null, upper: 100, label_zh: a, label_en: a}\n"
        "  - {lower: 160, upper: 120, label_zh: b, label_en: b}\n"
        "  - {lower: 120, upper: null, label_zh: c, label_en: c}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_bands(path)
    message = str(caught.value)
    assert "pm25: bands a and b overlap" in message
    assert "o3: band b starts at 160, not below its end 120 (bands overlap)" in message


def test_plausibility_limits_must_be_positive_numbers(tmp_path):
    path = tmp_path / "plausibility.yaml"
    path.write_text(
        "refuse_above: {pm25: -1, o3: .inf, co: high}\nextreme_above: {pm25: 1000}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        plausible_max(path)
    for name in ("pm25", "o3", "co"):
        assert f"{name}: " in str(caught.value)
