"""The Lighthouse benchmark's file server and its outside-request check (no browser, no npm)."""

from __future__ import annotations

import gzip
import importlib.util
import urllib.request
from pathlib import Path

import brotli
import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_lighthouse.py"
PAGE = "<p>汉字 text</p>\n".encode()


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_lighthouse", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def base(bench, tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "index.html").write_bytes(PAGE)
    (tmp_path / "p" / "index.html.gz").write_bytes(gzip.compress(PAGE))
    (tmp_path / "p" / "index.html.br").write_bytes(brotli.compress(PAGE))
    (tmp_path / "a.js").write_text("let a = 1;\n")
    server = bench.serve(tmp_path)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def fetch(url: str, accept: str) -> tuple[str | None, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept})
    with urllib.request.urlopen(request) as response:
        return (
            response.headers["Content-Encoding"],
            response.headers["Content-Type"],
            response.read(),
        )


@pytest.mark.parametrize(
    ("accept", "coding"),
    [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"), ("", None)],
)
def test_serves_the_accepted_precompressed_copy(base, accept, coding):
    got, kind, body = fetch(base + "p/", accept)
    assert got == coding
    assert kind == "text/html; charset=utf-8"
    decode = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[coding]
    assert decode(body) == PAGE


def test_plain_file_without_copies_and_its_type(base):
    got, kind, body = fetch(base + "a.js", "br, gzip")
    assert got is None
    assert kind.startswith(("text/javascript", "application/javascript"))
    assert body == b"let a = 1;\n"


def test_outside_requests_are_found(bench):
    urls = ["http://127.0.0.1:8000/", "data:image/png;base64,AA", "https://cdn.example.com/x.js"]
    report = {"audits": {"network-requests": {"details": {"items": [{"url": u} for u in urls]}}}}
    assert bench.outside_requests(report) == ["https://cdn.example.com/x.js"]
