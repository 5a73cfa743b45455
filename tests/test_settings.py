"""One Settings object per data folder: rules, bands, limits and registry follow --data-dir."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import month_days, write_daily_csv

from reporter import digests
from reporter.cli import cli
from reporter.errors import ConfigError
from reporter.paths import DEFAULT_DATA_DIR
from reporter.settings import load_settings, sources

CONFIG = ("bands.yaml", "plausibility.yaml", "annual_report.yaml", "registry", "rules")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name}: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# One edit of a copied data folder, and where the monthly figures show it.
EDITS = {
    "band edge": (
        lambda d: (
            _edit(d / "bands.yaml", "upper: 35,", "upper: 45,"),
            _edit(d / "bands.yaml", "lower: 35,", "lower: 45,"),
        ),
        lambda f: [b["count"] for b in f["pm25"]["bands"]],
    ),
    "plausibility limit": (
        lambda d: _edit(d / "plausibility.yaml", "  pm25: 10000", "  pm25: 40"),
        lambda f: f["pm25"]["n_cities"],
    ),
    "registry name": (
        lambda d: _edit(d / "registry" / "cities.csv", ",Beijing,", ",Peking,"),
        lambda f: f["pm25"]["max"],
    ),
    "rule set name": (
        lambda d: _edit(d / "rules" / "gb3095-2012.yaml", "name_en: GB", "name_en: Old GB"),
        lambda f: f["rule_set"],
    ),
}


def _tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "store" not in p.parts):
        h.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return h.hexdigest()


def _monthly(runner: CliRunner, data_dir: Path, table: Path) -> dict:
    ingest = runner.invoke(cli, ["ingest", "daily", str(table), "--data-dir", str(data_dir)])
    assert ingest.exit_code == 0, ingest.output
    args = ["stats", "monthly", "2024-01", "--data-dir", str(data_dir), "--json"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edited_setting_of_the_data_dir_changes_the_monthly_figures(edit, tmp_path):
    change, shown = EDITS[edit]
    days = month_days(2024, 1, 31)
    rows = [(city, d, pm, 90) for city, pm in (("北京", 41), ("上海", 30)) for d in days]
    table = write_daily_csv(tmp_path / "jan.csv", rows)
    own, plain = tmp_path / "own", tmp_path / "plain"
    own.mkdir()
    for name in CONFIG:  # a copy of the project's settings, then one edit
        source = DEFAULT_DATA_DIR / name
        copy = shutil.copytree if source.is_dir() else shutil.copyfile
        copy(source, own / name)
    before = _tree_digest(DEFAULT_DATA_DIR)
    change(own)
    runner = CliRunner()
    assert shown(_monthly(runner, own, table)) != shown(_monthly(runner, plain, table))
    assert _tree_digest(DEFAULT_DATA_DIR) == before  # the project's data/ is untouched


def test_a_data_dir_without_settings_reads_the_projects(tmp_path):
    assert sources(tmp_path) == sources(None)
    assert load_settings(tmp_path).bands == load_settings().bands


def test_settings_are_loaded_once_per_version_of_their_files(tmp_path):
    shutil.copyfile(DEFAULT_DATA_DIR / "bands.yaml", tmp_path / "bands.yaml")
    first = load_settings(tmp_path)
    assert load_settings(tmp_path) is first
    _edit(tmp_path / "bands.yaml", "upper: 15,", "upper: 20,")
    _edit(tmp_path / "bands.yaml", "lower: 15,", "lower: 20,")
    assert load_settings(tmp_path) is not first
    assert load_settings(tmp_path).bands["pm25"][0].upper == 20


def test_the_engine_recipe_follows_the_registry_of_the_data_dir(tmp_path):
    default = digests.ENGINE(tmp_path)
    shutil.copytree(DEFAULT_DATA_DIR / "registry", tmp_path / "registry")
    assert digests.ENGINE(tmp_path) == default  # the same files, the same key
    _edit(tmp_path / "registry" / "cities.csv", ",Beijing,", ",Peking,")
    assert digests.ENGINE(tmp_path) != default


def test_a_bad_annual_precision_names_every_problem(tmp_path):
    (tmp_path / "annual_report.yaml").write_text(
        "precision: {full_year: one, year_to_date: 9}\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path)
    assert "precision.full_year: 'one'" in str(caught.value)
    assert "precision.year_to_date: 9" in str(caught.value)
