"""Chart styles: one loader for every product's style file, one Vega-Lite config built from it.

A product's colours and sizes live in ``templates/<folder>/style.yaml`` (the user's template
folder first); the keys a product needs are checked at load, every missing one listed.
A chart is built once for a `Medium`: print (the PDF's embedded font and the product's style)
or screen (the site's style and the reader's own font stacks, at a given width).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..render.fonts import CHART_FONT
from ..render.templating import template_dirs

# What the site's style file must hold (templates/site/style.yaml).
SCREEN_KEYS = ("font", "band_colors", "direction_colors", "line_colors", "bars", "trend", "map",
               "series", "regions", "widths")  # fmt: skip


_LOADED: dict[tuple[str, int, int], dict[str, Any]] = {}  # by path and version of the file


def load_style(folder: str, keys: Iterable[str], user_dir: Path | None = None) -> dict[str, Any]:
    """The style file of `folder` (e.g. "charts", "annual"), with the `keys` it must have.

    Parsed once per version of the file (a site build asks for it for every chart; an edited
    file is read again); each caller gets its own copy."""
    import copy

    from ..config import load_yaml

    for root in template_dirs(user_dir):
        path = root / folder / "style.yaml"
        if path.exists():
            stat = path.stat()
            version = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
            if version not in _LOADED:
                _LOADED[version] = load_yaml(path) or {}
            style = copy.deepcopy(_LOADED[version])
            missing = [key for key in keys if key not in style]
            if missing:
                raise ConfigError(path, [f"missing '{key}'" for key in missing])
            return style
    raise ConfigError(template_dirs(user_dir)[-1] / folder, ["style.yaml not found"])


@dataclass(frozen=True)
class Medium:
    """Where a chart is shown, and so its sizes, font and palette."""

    name: str  # "print" (PDF) or "screen" (site)
    style: dict[str, Any]  # the style file's values: colours and sizes
    font: str  # the font family list the chart's text names
    width: int | None = None  # screen: the SVG's whole width in CSS px; None: the style's sizes

    @property
    def screen(self) -> bool:
        return self.name == "screen"


def print_medium(style: dict[str, Any]) -> Medium:
    """A printed chart: the embedded font (vl-convert measures it, WeasyPrint draws it)."""
    return Medium("print", style, CHART_FONT)


def screen_style(user_dir: Path | None = None) -> dict[str, Any]:
    return load_style("site", SCREEN_KEYS, user_dir)


def screen_medium(
    lang: str, width: int | None = None, style: dict[str, Any] | None = None
) -> Medium:
    """A site chart in `lang`: the reader's fonts, CJK first on Chinese pages, Latin first on
    English ones; never the PDF's embedded font, which readers do not have."""
    site = screen_style()
    fonts = site["font"]
    font = fonts[lang] if isinstance(fonts, dict) else fonts
    return Medium("screen", style if style is not None else site, font, width)


def as_medium(medium: Medium | dict[str, Any]) -> Medium:
    """A style dict given where a medium is expected is the printed medium of that style."""
    return medium if isinstance(medium, Medium) else print_medium(medium)


def chart_config(style: dict[str, Any], font: str = CHART_FONT) -> dict[str, Any]:
    """The Vega-Lite `config` of a chart: its font, sizes from the style."""
    size = style.get("font_size", 11)
    return {
        "font": font,
        "view": {"stroke": None},
        "axis": {"labelFontSize": size, "titleFontSize": size, "titleFontWeight": "normal"},
        "legend": {"labelFontSize": size, "titleFontSize": size, "titleFontWeight": "normal"},
        "text": {"fontSize": style.get("label_size", size)},  # value labels on the marks
        "background": "white",
    }


def configure(chart: Any, medium: Medium, validate: bool = True) -> dict[str, Any]:
    """An Altair chart configured for `medium`, as a Vega-Lite dict.

    On screen at a given width the SVG is exactly that wide (plot, axes and labels together),
    so a phone shows it at its own size and its text never shrinks.
    """
    if medium.screen and medium.width:
        chart = chart.properties(width=medium.width, autosize={"type": "fit-x",
                                                               "contains": "padding"})  # fmt: skip
    # Screen specs skip Altair's schema validation (half a second each, for ~700 city pages);
    # the tests validate them.
    validate = validate and not medium.screen
    return chart.configure(**chart_config(medium.style, medium.font)).to_dict(validate=validate)
