"""The demo year-to-date annual figures (`annual-2025-01-09.json`, as `make demo` builds it:
`reporter annual 2025 --through 2025-09`, the default base year, the bundled inventory) kept as
a golden file beside `annual-2025.json`: every number the partial-year report prints, reviewed
in the diff when it changes.

Regenerate it after an intended change of the figures, then review the diff:

    .venv/bin/python tests/regen_golden.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import test_annual_golden as annual_golden
from test_annual_golden import stable
from test_annual_report import demo  # noqa: F401  (session fixture)

GOLDEN = Path(__file__).resolve().parent / "golden" / "annual-2025-01-09.json"
YEAR, THROUGH = 2025, 9  # the Makefile's `reporter annual 2025 --through 2025-09`
BASE_YEAR = 2020  # its default base year (YEAR - 5), not given on that line


def demo_artefact(store) -> dict[str, Any]:
    """The year-to-date artefact of the demo store, from the two functions the build uses."""
    return annual_golden.demo_artefact(store, None, THROUGH)


def write_golden() -> None:
    """Write tests/golden/annual-2025-01-09.json from a fresh demo store."""
    annual_golden.write_golden(GOLDEN, None, THROUGH)


def _golden() -> dict[str, Any]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


MESSAGE = (
    f"{GOLDEN} differs; if intended, run .venv/bin/python tests/regen_golden.py and review the diff"
)


def test_the_demo_year_to_date_figures_are_the_golden_ones(demo):  # noqa: F811
    _, store = demo
    assert demo_artefact(store) == _golden(), MESSAGE


@pytest.fixture(scope="session")
def built_ytd(demo):  # noqa: F811
    """The demo year-to-date report as the Makefile builds it (zh and en), with its JSON."""
    from click.testing import CliRunner

    from reporter.commands.annual import annual

    work, _ = demo
    out = work / "out-ytd"
    args = ["2025", "--through", "2025-09", "--data-dir", str(work / "data"), "--out", str(out),
            "-q", "--content-dir", str(work / "no-content")]  # fmt: skip
    result = CliRunner().invoke(annual, args)
    assert result.exit_code == 0, result.output
    return out / "annual-2025-01-09.json"


@pytest.mark.slow
def test_the_built_year_to_date_report_writes_the_golden_figures(built_ytd):
    data = json.loads(built_ytd.read_text(encoding="utf-8"))
    assert stable(data) == _golden(), MESSAGE


def test_the_golden_file_names_its_span_base_year_and_precision():
    data = _golden()
    assert (data["kind"], data["schema_version"]) == ("annual-report", 2)
    figures = data["figures"]
    assert (figures["year"], figures["base_year"], figures["through"]) == (YEAR, BASE_YEAR, THROUGH)
    inner = figures["figures"]
    assert (inner["kind"], inner["start"], inner["end"]) == ("ytd", "2025-01-01", "2025-09-30")
    assert inner["months"] == [f"2025-{m:02d}" for m in range(1, 10)]
    assert inner["schema_version"] == 5
    # A partial year publishes its concentrations with one decimal (data/annual_report.yaml).
    assert figures["places"] == 1
    assert [p["year"] for p in figures["areas"][0]["pm25"]["points"]][-1] == YEAR
