"""Revised data: the diff since a release counts changed values and names moved figures."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from helpers import cnemc_text, write_cnemc

from reporter.cli import cli
from reporter.ingest import ingest_cnemc
from reporter.release.manifest import diff_since_release, load_manifest, write_manifest
from reporter.stats.period import Period
from reporter.stats.summary import build_figures

JAN = Period.month(2024, 1)


def month_of_files(folder, cities, value_of):
    """CNEMC files for every day of January 2024 (and 1 February for the last hour)."""
    paths = []
    for offset in range(32):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=offset)
        values = {
            (h, k): [value_of(c, day, h) for c in cities]
            for h in range(24)
            for k in ("PM2.5", "O3")
        }
        paths.append(write_cnemc(folder, day, cities, values))
    return paths


def test_diff_counts_revised_values_and_names_band_changes(tmp_path, store, registry, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1706745600")  # 2024-02-01T00:00:00Z
    cities = ["北京", "天津", "赣州"]
    base = {"北京": 50, "天津": 60, "赣州": 34}
    paths = month_of_files(tmp_path / "in", cities, lambda c, d, h: base[c])
    ingest_cnemc(paths, store, registry)
    figures = build_figures(store, JAN)
    write_manifest(store, JAN, figures)
    assert load_manifest(store, JAN)["released_at"] == "2024-02-01T00:00:00+00:00"
    unchanged = diff_since_release(store, JAN)
    assert not unchanged.partitions
    assert "national PM2.5 for 2024-01 unchanged at 48" in unchanged.lines()[-1]

    # Upstream revises 15 January: 赣州 reads 120 for hours 1..20 (20 PM2.5 values);
    # 天津 reads 61 in hour 5 (1 value). 赣州's January mean rises past 35.
    day = dt.date(2024, 1, 15)
    revised = {
        (h, k): [base["北京"], base["天津"], base["赣州"]]
        for h in range(24)
        for k in ("PM2.5", "O3")
    }
    for h in range(1, 21):
        revised[(h, "PM2.5")] = [50, 60, 120]
    revised[(5, "PM2.5")] = [50, 61, 120]
    (tmp_path / "in" / "china_cities_20240115.csv").write_text(
        cnemc_text(day, cities, revised), encoding="utf-8"
    )
    ingest_cnemc([tmp_path / "in" / "china_cities_20240115.csv"], store, registry)

    diff = diff_since_release(store, JAN)
    assert [c.partition for c in diff.partitions] == ["hourly/2024/20240115.parquet"]
    change = diff.partitions[0]
    assert change.status == "revised" and change.values == 21
    assert change.cities == {"120000", "360700"}
    text = "\n".join(diff.lines())
    assert "hourly: 1 partition(s), 2 cities, 21 hourly values" in text
    assert "赣州 PM2.5 band changed: 15–35 → 35–75" in text
    assert "national PM2.5 for 2024-01 changed from 48 to 49" in text


def test_diff_command_before_any_release(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["diff", "2024-01", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert "has not been released yet" in result.output
