"""Cover thumbnails: page 1 of each published PDF, drawn small for the home and archive pages.

Drawn with pypdfium2 (PDFium, shipped inside the wheel, so every machine draws the same pixels
for the same pinned version; no program to install) and encoded with Pillow as lossy WebP
(a few tens of KB at 240 px). Cached by the PDF's digest: a rebuild draws nothing new until a
PDF changes. Same PDF, same library versions: the same bytes (no metadata, one encoder pass).
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from ..digests import digest, file_digest
from .inputs import Cache, display

WIDTH = 240  # CSS pixels on the page; drawn at twice that and scaled down, for sharp text
OVERSAMPLE = 2
QUALITY = 80


@dataclass(frozen=True)
class Cover:
    """A PDF's cover thumbnail: its file name (placed beside the PDF in the site) and size."""

    name: str
    width: int
    height: int
    data: bytes


def cover_name(pdf: Path) -> str:
    # Not `<stem>.<lang>.webp`: the i18n plugin would take the language suffix for its own.
    return f"{pdf.stem}-cover.webp"


def render_cover(pdf: Path, width: int = WIDTH) -> tuple[bytes, int, int]:
    """Page 1 of `pdf` as WebP bytes `width` pixels wide, with its height."""
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        points_wide, points_high = page.get_size()
        height = max(1, round(width * points_high / points_wide))
        scale = width * OVERSAMPLE / points_wide
        image = page.render(scale=scale).to_pil().convert("RGB")
        page.close()
    finally:
        document.close()
    image = image.resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="WEBP", quality=QUALITY, method=6, exact=False)
    return out.getvalue(), width, height


def _key(pdf: Path) -> str:
    return digest(
        "cover",
        file_digest(pdf),
        WIDTH,
        OVERSAMPLE,
        QUALITY,
        version("pypdfium2"),
        version("pillow"),
    )


def covers(pdfs: list[Path], cache: Cache) -> tuple[dict[Path, Cover], list[str]]:
    """The cover of each PDF (from the cache when its digest is known), and one line per PDF
    whose first page cannot be drawn (it then has no cover; the site still builds)."""
    from pypdfium2 import PdfiumError

    found: dict[Path, Cover] = {}
    problems = []
    for pdf in pdfs:
        key = _key(pdf)
        value = cache.get("covers", key)
        if value is None:
            try:
                data, width, height = render_cover(pdf)
            except (PdfiumError, OSError) as exc:  # a damaged PDF: no cover, said; the site builds
                problems.append(f"{display(pdf)}: no cover thumbnail, page 1 not drawn ({exc})")
                continue
            value = {"webp": base64.b64encode(data).decode("ascii"), "w": width, "h": height}
            cache.put("covers", key, value)
        data = base64.b64decode(value["webp"])
        found[pdf] = Cover(cover_name(pdf), value["w"], value["h"], data)
    return found, problems
