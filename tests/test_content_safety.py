"""Content carries no code and no outside file: the sanitiser, the picture checks, the PDF fetcher."""

from __future__ import annotations

import http.server
import os
import re
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reporter.content.files import Refused, content_image
from reporter.errors import ReporterError
from reporter.render.fetcher import allowed_file
from reporter.render.sanitise import clean_svg, safe_link
from reporter.render.templating import render_markdown


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32

HOSTILE_MARKDOWN = [
    "*focus*{: autofocus onfocus=alert(1) }",
    "![](data:image/png;base64,AAAA){: onerror=alert(1) }",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click][r]\n\n[r]: javascript:alert(1)",
    '[click](https://example.org "javascript:alert(1)"){: onmouseover=alert(1) }',
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "[click](//evil.example/x)",
    'para\n{: style="background:url(javascript:alert(1))" id=__config class=md-header }',
    "<a href='javascript:alert(1)'>raw</a>",
    "<svg onload=alert(1)>",
    "<sub onmouseover=alert(1)>x</sub>",
    "![x](http://tracker.example/pixel.png)",
]


@pytest.mark.parametrize("text", HOSTILE_MARKDOWN)
def test_no_handler_script_link_or_picture_survives(text):
    for inline in (False, True):
        html = str(render_markdown(text, inline=inline))
        for tag, attrs in tags_of(html):
            assert tag not in ("img", "svg", "script", "iframe", "object"), html
            assert not any(name.startswith("on") for name in attrs), html
            assert set(attrs) <= {"href", "title", "rel"}, html
            assert safe_link(attrs.get("href") or ""), html
            assert not (attrs.get("href") or "").startswith("//"), html


def test_safe_links_and_footnotes_stay():
    html = str(render_markdown("[a](https://x.org) [b](mailto:a@b.cn) [c](../x/) [d](#top)"))
    for href in ('href="https://x.org"', 'href="mailto:a@b.cn"', 'href="../x/"', 'href="#top"'):
        assert href in html
    notes = str(render_markdown("x[^1]\n\n[^1]: note"))
    assert 'id="fnref:1"' in notes and 'href="#fn:1"' in notes
    table = str(render_markdown("| a |\n|:-|\n| b |"))
    assert 'style="text-align:left"' in table


def test_svg_keeps_the_drawing_and_loses_every_script():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        b' onload="alert(1)" width="10"><script>alert(1)</script>'
        b"<foreignObject><div xmlns='http://www.w3.org/1999/xhtml'>x</div></foreignObject>"
        b'<rect width="3" height="4" fill="url(http://evil.example/p)" onclick="alert(1)"/>'
        b'<use xlink:href="http://evil.example/x.svg#a"/><use href="#a"/>'
        b'<a href="javascript:alert(1)"><circle r="2"/></a><image href="file:///etc/passwd"/>'
        b'<set attributeName="onmouseover" to="alert(1)"/><animate attributeName="href"/>'
        b'<style>@import url(http://evil.example/x.css);</style><text x="1">Hi</text></svg>'
    )
    out = clean_svg(svg).decode()
    for word in ("script", "onload", "onclick", "foreignObject", "evil", "javascript", "passwd",
                 "<set", "<animate", "<style", "<image", "<a "):  # fmt: skip
        assert word not in out, out
    assert '<rect width="3" height="4"' in out and 'href="#a"' in out and ">Hi</text>" in out


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "content" / "images").mkdir(parents=True)
    (tmp_path / "content" / "images" / "ok.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(PNG)
    return tmp_path / "content"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("/etc/passwd.png", "is an absolute path"),
        ("../../secret.png", "leads outside the content folder"),
        ("file:///etc/hosts.png", "is a URL"),
        ("https://tracker.example/p.png", "is a URL"),
        ("missing.png", "not found"),
        ("link-out.png", "leads outside the content folder"),
        ("fake.png", "is not a PNG file"),
        ("fifo.png", "is not a regular file"),
        ("entity.svg", "DTD or entities"),
        ("broken.svg", "not a readable SVG"),
    ],
)
def test_pictures_outside_or_not_pictures_are_refused(root, name, problem):
    images = root / "images"
    os.symlink(root.parent / "secret.png", images / "link-out.png")
    (images / "fake.png").write_bytes(b"<svg onload=alert(1)></svg>")
    os.mkfifo(images / "fifo.png")
    (images / "entity.svg").write_bytes(
        b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    )
    (images / "broken.svg").write_bytes(b"<svg")
    with pytest.raises(Refused, match=re.escape(problem)):
        content_image(root, name)


def test_a_picture_inside_content_even_by_symlink_is_accepted(root):
    os.symlink(root / "images" / "ok.png", root / "images" / "alias.png")
    assert content_image(root, "ok.png") == root / "images" / "ok.png"
    assert content_image(root, "alias.png").name == "alias.png"


def test_fetcher_allows_only_files_inside_its_roots(root):
    assert allowed_file((root / "images" / "ok.png").as_uri(), [root]) is not None
    assert allowed_file((root.parent / "secret.png").as_uri(), [root]) is None
    assert allowed_file("file:///etc/passwd", [root]) is None
    assert allowed_file("http://127.0.0.1/ok.png", [root]) is None


def test_pdf_build_makes_no_request_and_loads_no_outside_file(tmp_path, root):
    from reporter.render.pdf import write_pdf

    hits: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        pixel = f"http://127.0.0.1:{server.server_address[1]}/pixel.png"
        for src in (pixel, (root.parent / "secret.png").as_uri()):
            html = f'<html><body><p>x</p><img src="{src}"></body></html>'
            with pytest.raises(ReporterError, match="refused to load"):
                write_pdf(html, [], tmp_path / "x.pdf", root, (root,))
        css = f"@import url({pixel}); body {{ background: url({pixel}) }}"
        with pytest.raises(ReporterError, match="refused to load"):
            write_pdf("<p>x</p>", [css], tmp_path / "y.pdf", root, (root,))
        ok = f'<p>x</p><img src="{(root / "images" / "ok.png").as_uri()}">'
        write_pdf(ok, [], tmp_path / "z.pdf", root, (root,))
    finally:
        server.shutdown()
    assert hits == []
    assert not (tmp_path / "x.pdf").exists() and (tmp_path / "z.pdf").exists()
