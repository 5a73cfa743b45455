"""City CO2 / air-pollution synergy rankings (seed 003) from an emissions inventory.

read_inventory (feeds.emissions) ─▶ compute_synergy ─▶ SynergyResult (JSON) ─▶ summary_text
"""

from __future__ import annotations

from .compute import compute_synergy
from .method import (
    KG_PER_TONNE,
    LAPEQ_WEIGHTS_KG,
    classify,
    competition_ranks,
    lapeq,
    percent,
    quadrant,
    reduction_rate,
)
from .result import SynergyResult
from .text import summary_text

__all__ = [
    "KG_PER_TONNE",
    "LAPEQ_WEIGHTS_KG",
    "SynergyResult",
    "classify",
    "competition_ranks",
    "compute_synergy",
    "lapeq",
    "percent",
    "quadrant",
    "reduction_rate",
    "summary_text",
]
