"""The demo year's annual figures (`annual-2025.json`, as `make demo` builds it: base year 2020,
the bundled inventory) kept as a golden file: every number the annual report and its website
pages print, reviewed in the diff when it changes.

Regenerate it after an intended change of the figures, then review the diff:

    .venv/bin/python tests/regen_golden.py
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from test_annual_report import built, demo  # noqa: F401  (session fixtures)

GOLDEN = Path(__file__).resolve().parent / "golden" / "annual-2025.json"
YEAR, BASE_YEAR = 2025, 2020  # the Makefile's `reporter annual 2025` (base year YEAR - 5)


def stable(data: dict[str, Any]) -> dict[str, Any]:
    """The artefact without what changes with every release or edit of the code: `software`
    (here and in the synergy result) and the inputs' digests (store, engine, content)."""
    out = {k: v for k, v in data.items() if k not in ("software", "inputs")}
    out["synergy"] = dict(out["synergy"])
    if out["synergy"]["result"] is not None:
        out["synergy"]["result"] = {**out["synergy"]["result"], "software": "reporter"}
    out["figures"] = {**out["figures"], "figures": {**out["figures"]["figures"]}}
    out["figures"]["figures"]["software"] = "reporter"
    return out


def demo_artefact(store, base_year: int | None = BASE_YEAR, through: int | None = None) -> dict:
    """The artefact of the demo year (or its first `through` months), from the same two
    functions the annual build uses."""
    from reporter.annual.artefact import artefact_text
    from reporter.annual.report import report_inputs

    figures, synergy = report_inputs(store, YEAR, base_year, through=through)
    return stable(json.loads(artefact_text(figures, synergy, {}, "reporter")))


def write_golden(
    golden: Path = GOLDEN, base_year: int | None = BASE_YEAR, through: int | None = None
) -> None:
    """Write a golden artefact (default tests/golden/annual-2025.json) from a fresh demo store."""
    from reporter.demo.feeds import load_demo
    from reporter.store import Store

    with tempfile.TemporaryDirectory() as work:
        store = Store(Path(work) / "data")
        load_demo(store, silent=True)
        text = json.dumps(demo_artefact(store, base_year, through), ensure_ascii=False, indent=2)
    golden.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {golden.relative_to(golden.parents[2])}")


def _golden() -> dict[str, Any]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


MESSAGE = (
    f"{GOLDEN} differs; if intended, run .venv/bin/python tests/regen_golden.py and review the diff"
)


def test_the_demo_years_figures_are_the_golden_ones(demo):  # noqa: F811
    _, store = demo
    assert demo_artefact(store) == _golden(), MESSAGE


@pytest.mark.slow
def test_the_built_report_writes_the_golden_figures(built, demo):  # noqa: F811
    work, _ = demo
    data = json.loads((work / "out" / "annual-2025.json").read_text(encoding="utf-8"))
    assert stable(data) == _golden(), MESSAGE


def test_the_golden_file_names_its_year_base_year_and_limits():
    data = _golden()
    assert (data["kind"], data["schema_version"]) == ("annual-report", 2)
    figures = data["figures"]
    assert (figures["year"], figures["base_year"]) == (YEAR, BASE_YEAR)
    assert (figures["figures"]["pm25"]["limit"], figures["figures"]["o3"]["limit"]) == (35, 160)
    assert figures["figures"]["schema_version"] == 5
