"""Shared fixtures; the helpers that build feed files and stores are in helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest

# Re-exported: tests written before helpers.py import them from here.
from helpers import (  # noqa: F401
    SAMPLE,
    cnemc_text,
    load_cnemc,
    load_daily,
    month_days,
    write_cnemc,
    write_daily_csv,
)

# One site server and one browser for the whole session (a second sync Playwright would fail).
from site_serving import browser, served  # noqa: F401

from reporter.registry import load_registry
from reporter.store import Store


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data")


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of the project's content/ folder, to import into and edit."""
    import shutil

    root = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parent.parent / "content", root)
    return root
