"""The bulletin's font, pinned by file, and the check that it has every character we print.

Debian's fonts-noto-cjk ships Noto Sans CJK as TrueType collections (.ttc) holding the JP, KR,
SC, TC and HK faces. The Simplified Chinese faces are copied out to single .otf files under
``build/fonts/`` and named in CSS under a family name no host font has ("Bulletin Sans"),
so the PDF never depends on what fontconfig happens to find.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ReporterError
from ..paths import FONTS_FOLDER

FAMILY = "Bulletin Sans"  # the CSS family; resolves only to the files below
FACE = "Noto Sans CJK SC"  # the face copied out of the collection
# Charts name both: vl-convert measures text with the registered face, WeasyPrint draws it
# with the CSS family.
CHART_FONT = f"{FAMILY}, {FACE}"
SEARCH = (
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/noto-cjk"),
    Path("/usr/share/fonts/google-noto-cjk"),
    Path("/usr/local/share/fonts"),
)
COLLECTIONS = {"regular": "NotoSansCJK-Regular.ttc", "bold": "NotoSansCJK-Bold.ttc"}
# Layout characters that draw nothing and need no glyph.
INVISIBLE = {"\n", "\r", "\t", "\u00ad", "\u200b", "\ufeff"}


class FontNotFoundError(ReporterError):
    """The CJK font collection is not installed."""


class MissingGlyphError(ReporterError):
    """A character the bulletin font cannot draw: the PDF would show a box or another font."""


@dataclass(frozen=True)
class BulletinFonts:
    regular: Path
    bold: Path
    directory: Path

    @property
    def cmap(self) -> frozenset[int]:
        return _cmap(str(self.regular), self.regular.stat().st_mtime)


@lru_cache(maxsize=4)
def _cmap(path: str, mtime: float) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _find_collection(name: str) -> Path:
    for folder in SEARCH:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FontNotFoundError(
        f"{name}: the Noto Sans CJK font is not installed "
        "(on Debian or Ubuntu: sudo apt-get install fonts-noto-cjk)"
    )


def _extract(collection: Path, target: Path) -> None:
    """Copy the SC face out of the collection (tables are copied, not re-encoded: fast)."""
    from fontTools.ttLib import TTCollection

    faces = TTCollection(str(collection), lazy=True)
    for font in faces.fonts:
        if font["name"].getDebugName(1) == FACE:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            font.recalcTimestamp = False  # the collection's date, not today's: PDFs reproducible
            font.save(str(tmp))
            os.replace(tmp, target)  # atomic: two builds at once never read half a font
            return
    raise FontNotFoundError(f"{collection}: has no '{FACE}' face")


def ensure_fonts(build_dir: Path) -> BulletinFonts:
    """The bulletin's font files, copied out of the installed collection on first use."""
    directory = Path(build_dir) / FONTS_FOLDER
    paths = {}
    for weight, name in COLLECTIONS.items():
        collection = _find_collection(name)
        target = directory / f"NotoSansCJKsc-{weight.capitalize()}.otf"
        if not target.exists() or target.stat().st_mtime < collection.stat().st_mtime:
            _extract(collection, target)
        paths[weight] = target
    return BulletinFonts(paths["regular"], paths["bold"], directory)


def _describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def check_glyphs(sources: Iterable[tuple[str, str]], cmap: frozenset[int]) -> None:
    """Fail on the first source holding characters the font lacks, naming them and where.

    `sources` are (where, text) pairs; `where` reads like "file, field 'body.zh'".
    """
    for where, text in sources:
        missing: dict[str, int] = {}
        for index, char in enumerate(text):
            if char not in INVISIBLE and ord(char) not in cmap and char not in missing:
                missing[char] = index
        if missing:
            char, index = next(iter(missing.items()))
            context = text[max(0, index - 12) : index + 12].replace("\n", " ")
            others = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            raise MissingGlyphError(
                f"{where}: character {_describe(char)}{others} is not in the font {FACE}, "
                f"near '{context}' (replace it with a character the font has)"
            )
