"""The command line end to end with click's CliRunner, as an editor would use it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from helpers import month_days, write_daily_csv

from reporter.cli import cli


@pytest.fixture
def runner():
    return CliRunner()


def test_help_lists_the_commands(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("ingest", "stats", "demo"):
        assert command in result.output


def test_help_does_not_import_the_heavy_stack():
    code = "import sys, reporter.cli; print(any(m in sys.modules for m in ('pandas', 'pyarrow', 'weasyprint')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_ingest_then_stats_json(runner, tmp_path):
    rows = [
        (city, d, pm, 90)
        for city, pm in (("北京", 41), ("上海", 30))
        for d in month_days(2024, 1, 31)
    ]
    table = write_daily_csv(tmp_path / "jan.csv", rows)
    data_dir = tmp_path / "data"
    ingest = runner.invoke(cli, ["ingest", "daily", str(table), "--data-dir", str(data_dir)])
    assert ingest.exit_code == 0, ingest.output
    assert "62 new" in ingest.output
    result = runner.invoke(
        cli, ["stats", "monthly", "2024-01", "--data-dir", str(data_dir), "--json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["pm25"]["mean"] == 35.5
    assert figures["pm25"]["published"] == 36  # 35.5 -> 36 (half to even)
    assert figures["synthetic"] is False
    text = runner.invoke(cli, ["stats", "monthly", "2024-01", "--data-dir", str(data_dir)])
    assert "PM2.5: 36 µg/m³ over 2 cities" in text.output


def test_bad_file_is_one_line_without_traceback(runner, tmp_path):
    bad = tmp_path / "china_cities_20240101.csv"
    bad.write_text("date,hour,type,北京\n20240101,25,PM2.5,3\n", encoding="utf-8")
    result = runner.invoke(cli, ["ingest", "cnemc", str(bad), "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [f"Error: {bad}, row 2, field 'hour': hour 25 is outside 0-23"]


def test_value_errors_are_listed_in_the_report(runner, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text(
        "city,date,pm25,o3_mda8\n北京,2024-01-01,abc,80\n火星,2024-01-01,3,4\n", encoding="utf-8"
    )
    result = runner.invoke(cli, ["ingest", "daily", str(table), "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    assert f"excluded: {table}, row 2, 北京, pm25='abc': not a number" in result.output
    assert "not in the registry, skipped: 火星" in result.output
    strict = runner.invoke(
        cli, ["ingest", "daily", str(table), "--strict", "--data-dir", str(tmp_path / "e")]
    )
    assert strict.exit_code == 1 and "refused under --strict" in strict.output


def test_bad_period_and_empty_store(runner, tmp_path):
    bad = runner.invoke(cli, ["stats", "monthly", "2024-13", "--data-dir", str(tmp_path)])
    assert bad.exit_code != 0 and "expected YYYY-MM" in bad.output
    wrong_kind = runner.invoke(cli, ["stats", "annual", "2024-01", "--data-dir", str(tmp_path)])
    assert wrong_kind.exit_code != 0 and "is not a year" in wrong_kind.output
    empty = runner.invoke(cli, ["stats", "monthly", "2024-01", "--data-dir", str(tmp_path)])
    assert empty.exit_code == 1 and "no data for 2024-01" in empty.output


def test_demo_store_answers_the_contract(runner, tmp_path):
    data_dir = tmp_path / "demo"
    loaded = runner.invoke(cli, ["demo", "load", "--data-dir", str(data_dir), "--silent"])
    assert loaded.exit_code == 0, loaded.output
    result = runner.invoke(
        cli, ["stats", "monthly", "2024-01", "--data-dir", str(data_dir), "--json"]
    )
    figures = json.loads(result.output)
    assert figures["synthetic"] is True
    assert len(figures["cities"]) == figures["registry_cities"]
    assert 40 <= figures["pm25"]["published"] <= 60  # a national January near 50 µg/m³
    # The deliberate gaps of the demo show up as exclusions under the 27-day rule.
    excluded = {(e["name_zh"], e["pollutant"]) for e in figures["excluded"]}
    assert ("兰州", "pm25") in excluded and ("桂林", "pm25") in excluded
    hourly = [c for c in figures["cities"] if c["source"] == "hourly"]
    assert len(hourly) == len(figures["cities"])  # 2024-01 comes from the CNEMC hourly files
