"""`--help` answers for every command and subcommand, at once, without the heavy stack."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from reporter.cli import cli


def command_paths(group: click.Command, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command of the tree under `group`, as the words typed after `reporter`."""
    found = [path]
    if isinstance(group, click.Group):
        for name in sorted(group.commands):
            found += command_paths(group.commands[name], (*path, name))
    return found


PATHS = command_paths(cli)


def test_the_tree_holds_every_documented_command():
    # The README's command reference: a command missing from the tree fails here.
    documented = {
        ("ingest", "cnemc"), ("ingest", "daily"), ("ingest", "monthly"),
        ("stats", "monthly"), ("stats", "annual"), ("stats", "trend"),
        ("monthly",), ("annual",), ("site", "build"), ("site", "serve"), ("synergy",),
        ("diff",), ("release",), ("demo", "generate"), ("demo", "load"),
    }  # fmt: skip
    assert documented <= set(PATHS)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "reporter")
def test_help_answers(path):
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="reporter")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: {' '.join(('reporter', *path))} ")
    command = cli
    for name in path:
        command = command.commands[name]
    summary = (command.help or "").split("\n")[0].strip()
    assert summary and summary[:40] in " ".join(result.output.split())


def test_help_of_every_command_loads_no_heavy_module():
    code = """
import json, sys
from click.testing import CliRunner
from reporter.cli import cli
paths = json.loads(sys.argv[1])
codes = [CliRunner().invoke(cli, [*p, "--help"]).exit_code for p in paths]
heavy = [m for m in ("pandas", "pyarrow", "weasyprint", "altair", "jinja2", "mkdocs") if m in sys.modules]
print(json.dumps([codes, heavy]))
"""
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(PATHS)], capture_output=True, text=True, check=True
    )
    codes, heavy = json.loads(done.stdout)
    assert codes == [0] * len(PATHS)
    assert heavy == []
