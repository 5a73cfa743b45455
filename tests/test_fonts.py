"""The pinned font copied out of the installed collection is the same file every time."""

from __future__ import annotations

import time

from reporter.render.fonts import ensure_fonts


def test_the_font_copied_twice_is_byte_identical_so_the_pdfs_are_too(tmp_path):
    first = ensure_fonts(tmp_path / "one")
    time.sleep(1.1)  # the font's own date ('head' table) counts in seconds
    second = ensure_fonts(tmp_path / "two")
    assert first.regular.read_bytes() == second.regular.read_bytes()
    assert first.bold.read_bytes() == second.bold.read_bytes()
