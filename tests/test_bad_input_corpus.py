"""The bad-input corpus (tests/corpus/cases.yaml): each file ends as the README promises.

Refused: exit 1, exactly one line naming the file, no traceback, the store untouched.
Excluded: exit 0 with the value listed; refused under --strict. Accepted: exit 0 with the note.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from helpers import month_days, write_daily_csv

from reporter.cli import cli

CORPUS = Path(__file__).parent / "corpus"
PROJECT_CONTENT = Path(__file__).parents[1] / "content"
CASES = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
# "support" files are not run on their own: a case beside them refers to them.
RUN = sorted(case for case, expected in CASES.items() if expected["outcome"] != "support")


def command_for(case: str, path: Path, data_dir: Path) -> list[str]:
    kind = case.split("/")[0]
    if kind == "config":
        return ["stats", "monthly", "2024-01", "--data-dir", str(data_dir)]
    if kind == "emissions":
        return ["synergy", "--emissions", str(path), "--base", "2020", "--target", "2025"]
    if kind == "content":
        content = data_dir.parent / "content"
        return ["monthly", "2024-01", "--content-dir", str(content), "--data-dir", str(data_dir)]
    return ["ingest", kind, str(path), "--data-dir", str(data_dir)]


def prepared_data_dir(case: str, tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    if case.startswith("config/"):
        # A store with one valid month, and the broken configuration file beside it.
        runner = CliRunner()
        table = write_daily_csv(
            tmp_path / "ok.csv", [("北京", d, 30, 90) for d in month_days(2024, 1, 31)]
        )
        assert (
            runner.invoke(
                cli, ["ingest", "daily", str(table), "--data-dir", str(data_dir)]
            ).exit_code
            == 0
        )
        shutil.copy(CORPUS / case, data_dir / Path(case).name)
    if case.startswith("content/"):
        # The project's content with the one bad file added, as an editor would have it.
        content = tmp_path / "content"
        shutil.copytree(PROJECT_CONTENT, content)
        shutil.copytree(CORPUS / Path(*Path(case).parts[:2]), content, dirs_exist_ok=True)
    return data_dir


def store_files(data_dir: Path) -> dict[str, bytes]:
    root = data_dir / "store"
    return {
        str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".lock"
    }


def test_the_corpus_is_large_and_every_file_has_an_expectation():
    files = {
        str(p.relative_to(CORPUS))
        for p in CORPUS.rglob("*")
        if p.is_file() and p.name != "cases.yaml"
    }
    assert files == set(CASES)
    assert len(RUN) >= 100


@pytest.mark.parametrize("case", RUN)
def test_corpus_case(case, tmp_path):
    expected = CASES[case]
    path = CORPUS / case
    data_dir = prepared_data_dir(case, tmp_path)
    before = store_files(data_dir)
    result = CliRunner().invoke(cli, command_for(case, path, data_dir))
    output = result.output
    assert "Traceback" not in output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), output
    if expected["outcome"] == "refused":
        assert result.exit_code == 1, output
        lines = [line for line in output.splitlines() if line.strip()]
        assert len(lines) == 1, output
        assert lines[0].startswith("Error: ")
        assert expected["message"] in lines[0]
        if case.startswith("content/"):
            assert "/".join(Path(case).parts[2:]) in lines[0]  # names the editor's file
        elif not case.startswith("config/"):
            assert str(path) in lines[0]
        if "row" in expected:
            assert f"row {expected['row']}" in lines[0]
        assert store_files(data_dir) == before  # nothing written
    else:
        assert result.exit_code == 0, output
        assert expected["message"] in output
        if expected["outcome"] == "excluded":
            assert f"excluded: {path}" in output
            strict = CliRunner().invoke(
                cli, [*command_for(case, path, tmp_path / "strict"), "--strict"]
            )
            assert strict.exit_code == 1 and "refused under --strict" in strict.output
            assert not (tmp_path / "strict" / "store").exists() or not store_files(
                tmp_path / "strict"
            )
