"""Chart styles: one loader for every product's style file, one Vega-Lite config built from it.

A product's colours and sizes live in ``templates/<folder>/style.yaml`` (the user's template
folder first); the keys a product needs are checked at load, every missing one listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..render.fonts import CHART_FONT
from ..render.templating import template_dirs


def load_style(folder: str, keys: Iterable[str], user_dir: Path | None = None) -> dict[str, Any]:
    """The style file of `folder` (e.g. "charts", "annual"), with the `keys` it must have."""
    from ..config import load_yaml

    for root in template_dirs(user_dir):
        path = root / folder / "style.yaml"
        if path.exists():
            style = load_yaml(path) or {}
            missing = [key for key in keys if key not in style]
            if missing:
                raise ConfigError(path, [f"missing '{key}'" for key in missing])
            return style
    raise ConfigError(template_dirs(user_dir)[-1] / folder, ["style.yaml not found"])


def chart_config(style: dict[str, Any]) -> dict[str, Any]:
    """The Vega-Lite `config` of a printed chart: the embedded font, sizes from the style."""
    size = style.get("font_size", 11)
    return {
        "font": CHART_FONT,
        "view": {"stroke": None},
        "axis": {"labelFontSize": size, "titleFontSize": size, "titleFontWeight": "normal"},
        "legend": {"labelFontSize": size, "titleFontSize": size, "titleFontWeight": "normal"},
        "text": {"fontSize": style.get("label_size", size)},  # value labels on the marks
        "background": "white",
    }
