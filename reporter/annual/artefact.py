"""The annual report's figures as a built artefact, `annual-YYYY.json`, written beside its PDFs.

    {"kind": "annual-report", "schema_version": 2, "software": "reporter …", "synthetic": true,
     "figures": {…},            the annual figures object (`reporter stats trend --json`):
                                its `year` and `base_year` are the report's
     "synergy": {"status": "ok" | "no_year" | "one_year", "years_in_file": […],
                 "path": …, "sha256": …, "synthetic": …,
                 "result": {…}},   the synergy result (`reporter synergy --json`), or null
     "inputs": {"store": …, "engine": …, "emissions": {"path": …, "sha256": …},
                "content": …}}    what the numbers were made from, by their digests

The website publishes the annual report from this file and the year's content only: it never
reads the store or an inventory, so its pages carry exactly the numbers of the PDFs they link.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..stats.annual import AnnualReportFigures
from ..synergy.result import SynergyResult
from .synergy_section import SynergyContext

KIND = "annual-report"
# 2: `year` and `base_year` only inside `figures` (one name per number); the figures' schema 4.
SCHEMA_VERSION = 2


def artefact_name(year: int, draft: bool = False, through: int | None = None) -> str:
    """`annual-2025.json`, beside `annual-2025-zh.pdf`; a draft's and a partial year's say so
    as their PDFs do (`annual-2025-01-09.json`)."""
    span = f"{year}-01-{through:02d}" if through else f"{year}"
    return f"annual-{span}{'-draft' if draft else ''}.json"


@dataclass(frozen=True)
class SynergyPart:
    """The synergy section's inputs as computed: the result, or why there is none."""

    status: str  # "ok", "no_year", "one_year" (as SynergyContext.status)
    path: str
    sha256: str
    synthetic: bool
    years_in_file: tuple[int, ...]
    result: SynergyResult | None = None

    def context(self) -> SynergyContext:
        from .synergy_section import missing_synergy, synergy_context

        if self.result is None:
            return missing_synergy(
                self.status, self.path, self.sha256, self.synthetic, self.years_in_file
            )
        return synergy_context(self.result, self.years_in_file)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "years_in_file": list(self.years_in_file),
            "path": self.path,
            "sha256": self.sha256,
            "synthetic": self.synthetic,
            "result": self.result.to_dict() if self.result is not None else None,
        }


def artefact_text(
    figures: AnnualReportFigures, synergy: SynergyPart, inputs: dict[str, Any], software: str
) -> str:
    """The artefact as JSON text: strict JSON, keys in a fixed order, so builds are identical."""
    data = {
        "kind": KIND,
        "schema_version": SCHEMA_VERSION,
        "software": software,
        "synthetic": bool(figures.figures.synthetic or synergy.synthetic),
        "figures": figures.to_dict(),
        "synergy": synergy.to_dict(),
        "inputs": inputs,
    }
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def read_artefact(path: Path) -> tuple[AnnualReportFigures, SynergyPart]:
    """The figures and synergy part of a built `annual-YYYY.json`; a foreign file is refused."""
    from ..website.inputs import from_dict

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(path, f"not a readable annual figures file ({exc})") from None
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise InputError(path, f"not an annual figures file (kind {KIND!r} expected)")
    if data.get("schema_version") != SCHEMA_VERSION:
        raise InputError(
            path,
            f"schema_version {data.get('schema_version')!r}, this software reads {SCHEMA_VERSION}",
            hint="rebuild it with reporter annual",
        )
    figures = from_dict(AnnualReportFigures, data["figures"])
    s = data["synergy"]
    result = from_dict(SynergyResult, s["result"]) if s["result"] is not None else None
    part = SynergyPart(
        s["status"], s["path"], s["sha256"], s["synthetic"], tuple(s["years_in_file"]), result
    )
    return figures, part
