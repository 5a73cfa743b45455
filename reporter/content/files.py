"""Files that content refers to stay inside the content folder, and are the pictures they claim.

A record's `images[].file` names a file under `content/images/`. It is refused (one line naming
the file and the field) when it is a URL (`file://`, `http://` …), an absolute path, or leads
outside the content folder once `..` and symlinks are resolved; when it is not a regular file,
is larger than MAX_IMAGE_BYTES, or its bytes are not the PNG, JPEG or SVG its name says; and
when an SVG cannot be read safely (DTD, entities, not XML). An SVG that passes is published
cleaned (render/sanitise.py); the PDF loads it through a fetcher limited to these files.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

MAX_IMAGE_BYTES = 20 * 1024 * 1024
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_MAGIC = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",)}


class Refused(ValueError):
    """A reference that cannot be used: the problem, and what to do."""

    def __init__(self, problem: str, hint: str | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.hint = hint


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every symlink resolved, lies inside `root` (also resolved)."""
    try:
        return path.resolve(strict=True).is_relative_to(root.resolve(strict=True))
    except (OSError, RuntimeError):
        return False


def content_image(root: Path, name: str) -> Path:
    """The picture `name` (relative to content/images/), checked; Refused otherwise."""
    where = "content/images/"
    if "\x00" in name or not name.strip():
        raise Refused(f"{name!r} is not a file name", f"name a file under {where}")
    if _URL.match(name) and not re.match(r"^[a-zA-Z]:[\\/]", name):
        raise Refused(f"{name} is a URL", f"copy the picture into {where} and give its name")
    if os.path.isabs(name) or name.startswith(("~", "\\")):
        raise Refused(f"{name} is an absolute path", f"copy the picture into {where}")
    path = root / "images" / name
    if not os.path.normpath(path).startswith(os.path.normpath(root) + os.sep):
        raise Refused(f"image {name} leads outside the content folder", f"copy it into {where}")
    if not os.path.lexists(path):
        raise Refused(f"image {name} not found", f"put it in {where}")
    if not inside(path, root):
        raise Refused(
            f"image {name} leads outside the content folder",
            f"copy the picture into {where} (no '..', no symlink out)",
        )
    real = path.resolve()
    info = real.stat()
    if not stat.S_ISREG(info.st_mode):
        raise Refused(f"image {name} is not a regular file")
    suffix = real.suffix.lower() if real.suffix.lower() in IMAGE_SUFFIXES else path.suffix.lower()
    if suffix not in IMAGE_SUFFIXES or path.suffix.lower() not in IMAGE_SUFFIXES:
        raise Refused("not a PNG, JPEG or SVG image")
    if info.st_size > MAX_IMAGE_BYTES:
        raise Refused(
            f"image {name} is {info.st_size // 2**20} MB, over the limit of "
            f"{MAX_IMAGE_BYTES // 2**20} MB",
            "make the picture smaller",
        )
    data = real.read_bytes()
    if suffix == ".svg":
        from ..render.sanitise import SvgError, clean_svg

        try:
            clean_svg(data)
        except SvgError as exc:
            raise Refused(f"image {name}: {exc}", "export the picture again as plain SVG") from exc
    elif not data.startswith(_MAGIC[suffix]):
        kind = "PNG" if suffix == ".png" else "JPEG"
        raise Refused(f"image {name} is not a {kind} file", "check the file")
    return path
