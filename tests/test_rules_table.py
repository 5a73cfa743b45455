"""tests/RULES.md, the table of DESIGN.md rules and their tests, cannot name a test that is gone."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

TESTS = Path(__file__).resolve().parent
TABLE = TESTS / "RULES.md"
REFERENCE = re.compile(r"`(test_[a-z0-9_]+\.py)::(test_[A-Za-z0-9_]+)(?:\[[^`\]]*\])?`")
VERDICTS = ("verified by breaking:", "not broken-checked", "no test")


def rows() -> list[list[str]]:
    """The cells of every table row below a header, the separator rows left out."""
    out = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0].lower() != "rule":
            out.append(cells)
    return out


@cache
def functions(file_name: str) -> frozenset[str]:
    """Top-level test functions of one test file."""
    tree = ast.parse((TESTS / file_name).read_text(encoding="utf-8"))
    return frozenset(
        node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    )


def test_every_named_test_function_exists():
    missing = []
    for cells in rows():
        for file_name, name in REFERENCE.findall(cells[1]):
            if not (TESTS / file_name).is_file() or name not in functions(file_name):
                missing.append(f"{file_name}::{name}")
    assert missing == []


def test_every_row_has_a_rule_tests_and_a_verdict():
    table = rows()
    assert len(table) >= 40  # DESIGN.md's rules, one a row
    for cells in table:
        assert len(cells) == 3, cells
        rule, tests, verdict = cells
        assert rule, cells
        assert REFERENCE.search(tests) or verdict.startswith("no test"), rule
        assert verdict.startswith(VERDICTS), rule


def test_the_reference_pattern_catches_a_missing_function():
    (reference,) = REFERENCE.findall("`test_aqi.py::test_levels[50-优]`")
    assert reference == ("test_aqi.py", "test_levels")
    assert "test_no_such_rule" not in functions("test_aqi.py")
