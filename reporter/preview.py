"""A month's bulletin as HTML on 127.0.0.1, rebuilt and reloaded when its inputs change.

The page is the PDF's own HTML and stylesheets (bulletin/build.py), with a screen stylesheet
that marks the page breaks and a script file (site/preview/reload.js) that reloads the page
when the build version moves. Content, templates and the store are polled for changes; a
content error shows on the page, naming file and field, and the server keeps running.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .bulletin.build import BulletinBuild
from .errors import ReporterError
from .paths import PREVIEW_ASSETS
from .render.templating import PACKAGED_TEMPLATES

ASSETS = PREVIEW_ASSETS
_FILE_URI = re.compile(r"file://(/[^\"')\s]+)")


def _signature(folders: list[Path]) -> tuple:
    """What a change looks like: every file's path, size and modification time."""
    items = []
    for folder in folders:
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file() and not path.name.startswith("."):
                    stat = path.stat()
                    items.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(items))


@dataclass
class Preview:
    """The build state the server answers from; `refresh()` rebuilds what changed."""

    build: BulletinBuild
    content_dir: Path
    pdf: bool = False
    version: int = 0
    pages: dict[str, str] = field(default_factory=dict)
    css: dict[str, list[str]] = field(default_factory=dict)
    error: str | None = None
    files: set[str] = field(default_factory=set)  # local files the page may load
    _seen: dict[str, tuple] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def watched(self) -> dict[str, list[Path]]:
        templates = [PACKAGED_TEMPLATES]
        if self.build.templates_dir:
            templates.append(Path(self.build.templates_dir))
        return {"content": [self.content_dir], "templates": templates,
                "store": [self.build.store.root]}  # fmt: skip

    def refresh(self) -> bool:
        """Rebuild when an input changed since the last look; True if the page changed."""
        now = {name: _signature(folders) for name, folders in self.watched().items()}
        changed = {name for name, sig in now.items() if self._seen.get(name) != sig}
        if not changed:
            return False
        self._seen = now
        try:
            self._render(figures_too="store" in changed or "figures" not in self.build._state)
            self.error = None
        except ReporterError as exc:  # content errors name file and field: show them
            self.error = exc.format_message()
        except Exception as exc:  # a broken template: shown too, the server keeps running
            self.error = f"{type(exc).__name__}: {exc}"
        with self._lock:
            self.version += 1
        if self.pdf and self.error is None:
            try:
                self.build.result.paths.clear()
                self.build._state["jobs"] = []
                for lang in self.build.langs:
                    self.build._document(lang)
                self.build._pdfs()
            except ReporterError as exc:
                self.error = f"PDF: {exc.format_message()}"
        return True

    def _render(self, figures_too: bool) -> None:
        build = self.build
        build._load_content()
        if figures_too:
            build._figures()
            build._trend()
        pages, files = {}, set()
        for lang in build.langs:
            page, css, _extra = build.render_html(lang)
            files |= set(_FILE_URI.findall(page)) | {f for s in css for f in _FILE_URI.findall(s)}
            pages[lang] = page
            self.css[lang] = [_local(s) for s in css]
        self.pages = {lang: self._page(lang, _local(page)) for lang, page in pages.items()}
        self.files = {unquote(f) for f in files}

    def _page(self, lang: str, page: str) -> str:
        links = "".join(
            f'<link rel="stylesheet" href="/style/{lang}/{i}.css">'
            for i in range(len(self.css[lang]))
        )
        head = (f'{links}<link rel="stylesheet" href="/preview/preview.css">'
                '<script src="/preview/reload.js" defer></script>')  # fmt: skip
        page = page.replace("</head>", head + "</head>", 1)
        page = re.sub(r"<html ", f'<html data-version="{self.version + 1}" ', page, count=1)
        others = " ".join(f'<a href="/{other}/">{other}</a>' for other in self.build.langs)
        bar = f'<div class="preview-bar">{self.build.period} · {lang} · {others}</div>'
        return re.sub(r"(<body[^>]*>)", r"\1" + bar.replace("\\", "\\\\"), page, count=1)

    def error_page(self) -> str:
        return (f'<!doctype html><html data-version="{self.version}"><head><meta charset="utf-8">'
                "<title>Preview: content error</title>"
                '<link rel="stylesheet" href="/preview/preview.css">'
                '<script src="/preview/reload.js" defer></script></head><body>'
                f'<div class="preview-bar">{self.build.period}</div>'
                f'<p class="preview-error">{html.escape(self.error or "")}</p></body></html>')  # fmt: skip


def _local(text: str) -> str:
    """file:// addresses (pictures, fonts) as the server's /file/ paths."""
    return _FILE_URI.sub(lambda m: "/file" + m.group(1), text)


class _Handler(BaseHTTPRequestHandler):
    preview: Preview

    def log_message(self, *args) -> None:
        pass

    def _send(self, body: bytes, kind: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", "script-src 'self'")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        preview = self.preview
        path = unquote(urlsplit(self.path).path)
        lang = parse_qs(urlsplit(self.path).query).get("lang", [None])[0]
        if path == "/version":
            self._send(json.dumps({"version": preview.version}).encode(), "application/json")
        elif path in ("/", *(f"/{code}/" for code in preview.build.langs)):
            lang = path.strip("/") or lang or preview.build.langs[0]
            page = preview.error_page() if preview.error else preview.pages.get(lang, "")
            self._send(page.encode("utf-8"), "text/html; charset=utf-8")
        elif match := re.fullmatch(r"/style/(\w+)/(\d+)\.css", path):
            sheets = preview.css.get(match.group(1), [])
            index = int(match.group(2))
            text = sheets[index] if index < len(sheets) else ""
            self._send(text.encode("utf-8"), "text/css; charset=utf-8", 200 if text else 404)
        elif path in ("/preview/reload.js", "/preview/preview.css"):
            kind = "text/javascript" if path.endswith(".js") else "text/css"
            self._send((ASSETS / Path(path).name).read_bytes(), f"{kind}; charset=utf-8")
        elif path.startswith("/file/") and path[5:] in preview.files:
            suffix = Path(path).suffix.lower()
            kind = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                    ".svg": "image/svg+xml", ".otf": "font/otf", ".ttf": "font/ttf"}  # fmt: skip
            self._send(Path(path[5:]).read_bytes(), kind.get(suffix, "application/octet-stream"))
        else:
            self._send(b"not found", "text/plain", 404)


def serve(preview: Preview, port: int = 8001, interval: float = 0.5) -> ThreadingHTTPServer:
    """Start the server and the watcher (daemon threads); the caller shuts the server down."""
    preview.refresh()
    handler = type("Handler", (_Handler,), {"preview": preview})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(interval):
            preview.refresh()

    threading.Thread(target=server.serve_forever, daemon=True).start()
    threading.Thread(target=watch, daemon=True).start()
    original = server.shutdown
    server.shutdown = lambda: (stop.set(), original())  # type: ignore[method-assign]
    return server


def wait_forever() -> None:  # pragma: no cover - the command runs until Ctrl-C
    while True:
        time.sleep(3600)
