"""The demo site served from 127.0.0.1 under a sub-path, and one headless Chromium: session
fixtures shared by every browser test (conftest.py registers them once)."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_site_build import build_demo_site

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


PREFIX = "/reports/air/"  # served under a sub-path, as a host may: every link must be relative


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """The site under PREFIX only; anything else is a 404. Sends a file's precompressed `.gz`
    copy when the browser accepts gzip, as a host configured for them does."""

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        if not clean.startswith(PREFIX):
            return str(Path(self.directory) / ".nothing-here")
        return super().translate_path("/" + clean[len(PREFIX) :])

    def log_message(self, *args) -> None:  # keep the test output readable
        pass


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """The demo site on a free port of 127.0.0.1 under a sub-path, by a plain local file server."""
    demo = build_demo_site(tmp_path_factory.getbasetemp())
    handler = functools.partial(SubPathHandler, directory=str(demo.out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    # Never downloaded: Debian's own chromium (make setup installs it), driven by playwright.
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run make setup (apt-get install chromium)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()
