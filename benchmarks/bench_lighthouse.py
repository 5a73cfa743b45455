"""Benchmark: Lighthouse scores of the built site, served locally with compression.

    .venv/bin/python benchmarks/bench_lighthouse.py [--repeat N] [--site build/site] [--check]

Serves `build/site/` (built by `reporter site build`) on 127.0.0.1 by a small file server that
sends a file's precompressed `.br` or `.gz` copy when the browser accepts it, as a host set up
for them does, and runs Lighthouse (npm, pinned by benchmarks/js/package-lock.json; `npm ci
--prefix benchmarks/js`, which `make bench` does) with Debian's Chromium on the home page and
the 2024-01 bulletin, in Chinese and English. Lighthouse's default settings: a mobile device,
simulated slow 4G (150 ms, 1.6 Mbit/s) and a 4x slower CPU. The table gives, per page, the
median of N runs of the four category scores, the bytes and requests of the load, the largest
contentful paint and the time to interactive (the page's scripts, the charts' included, have
run by then). Every request Lighthouse saw must have gone to 127.0.0.1: any other fails the run.
Targets: each score >= 0.90; charts drawn within 5 s on slow 4G. The exit status is 0 whatever
the scores, unless --check is given.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent
LIGHTHOUSE = HERE / "js" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_PATH = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {
    "Home (zh)": "",
    "Home (en)": "en/",
    "Bulletin 2024-01 (zh)": "bulletins/2024-01/",
    "Bulletin 2024-01 (en)": "en/bulletins/2024-01/",
}
TARGET_SCORE = 0.90
TARGET_CHARTS_S = 5.0
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
TEXT_TYPES = ("text/", "application/json", "application/javascript", "image/svg+xml")


# -- the server ------------------------------------------------------------------------------


def _accepted(header: str) -> set[str]:
    """The content codings an Accept-Encoding header allows (q=0 excluded)."""
    codings = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        q = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        try:
            allowed = float(q) > 0
        except ValueError:
            allowed = False
        if name and allowed:
            codings.add(name.strip().lower())
    return codings


class CompressedHandler(http.server.SimpleHTTPRequestHandler):
    """A static file server that prefers a file's `.br`, then `.gz` copy when accepted."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the stdlib's redirect to the slash form
            path = path / "index.html"
        accepted = _accepted(self.headers.get("Accept-Encoding", ""))
        for coding, suffix in ENCODINGS:
            packed = path.with_name(path.name + suffix)
            if coding in accepted and path.is_file() and packed.is_file():
                handle = packed.open("rb")
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", coding)
                self.send_header("Content-Length", str(packed.stat().st_size))
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                return handle
        return super().send_head()

    def guess_type(self, path) -> str:
        kind = super().guess_type(path)
        if kind.startswith(TEXT_TYPES) and "charset" not in kind:
            return f"{kind}; charset=utf-8"
        return kind

    def log_message(self, *args) -> None:
        pass


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    """The site on a free port of 127.0.0.1, in a background thread."""
    handler = functools.partial(CompressedHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# -- Lighthouse ------------------------------------------------------------------------------


def run_lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run of `url` with the default (mobile, simulated slow 4G) settings."""
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": CHROME_PATH}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0 or not out.is_file():
        sys.exit(f"Lighthouse failed on {url} (exit {done.returncode}):\n{done.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        sys.exit(f"Lighthouse could not load {url}: {report['runtimeError']}")
    settings = report["configSettings"]
    if settings["formFactor"] != "mobile" or settings["throttlingMethod"] != "simulate":
        sys.exit(f"Lighthouse did not use the mobile, simulated-throttling settings: {settings}")
    return report


def outside_requests(report: dict) -> list[str]:
    """Every request of the load that went anywhere but 127.0.0.1."""
    items = report["audits"]["network-requests"]["details"]["items"]
    urls = [item["url"] for item in items]
    local = ("data", "blob")
    return [
        u for u in urls if urlsplit(u).scheme not in local and urlsplit(u).hostname != "127.0.0.1"
    ]


def measures(report: dict) -> dict[str, float]:
    """The numbers of one run."""
    audits = report["audits"]
    row = {name: report["categories"][name]["score"] for name in CATEGORIES}
    row["kb"] = audits["total-byte-weight"]["numericValue"] / 1024
    row["requests"] = len(audits["network-requests"]["details"]["items"])
    row["lcp"] = audits["largest-contentful-paint"]["numericValue"] / 1000
    row["tti"] = audits["interactive"]["numericValue"] / 1000
    return row


def failed_audits(report: dict, category: str) -> list[str]:
    """The ids of a category's scored audits that did not pass."""
    audits = report["audits"]
    refs = report["categories"][category]["auditRefs"]
    return [
        r["id"]
        for r in refs
        if r["weight"] > 0 and audits[r["id"]]["score"] is not None and audits[r["id"]]["score"] < 1
    ]


# -- the table -------------------------------------------------------------------------------


def table(rows: dict[str, dict[str, float]], repeat: int) -> str:
    head = (
        f"| Page (median of {repeat}) | Performance | Accessibility | Best practices | SEO "
        "| Transfer (KB) | Requests | LCP (s) | Interactive (s) |"
    )
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for page, r in rows.items():
        scores = " | ".join(f"{r[c]:.2f}" for c in CATEGORIES)
        lines.append(
            f"| {page} | {scores} | {r['kb']:.0f} | {r['requests']:.0f} "
            f"| {r['lcp']:.1f} | {r['tti']:.1f} |"
        )
    return "\n".join(lines)


def misses(rows: dict[str, dict[str, float]]) -> list[str]:
    """The targets each page misses, in words."""
    found = []
    for page, r in rows.items():
        for c in CATEGORIES:
            if r[c] < TARGET_SCORE:
                found.append(f"{page}: {c} {r[c]:.2f} < {TARGET_SCORE:.2f}")
        if page.startswith("Bulletin") and r["tti"] > TARGET_CHARTS_S:
            found.append(f"{page}: charts ready by {r['tti']:.1f} s > {TARGET_CHARTS_S:.0f} s")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per page (default 1)")
    parser.add_argument("--site", type=Path, default=PROJECT_ROOT / "build" / "site")
    parser.add_argument("--keep", type=Path, help="folder to keep the Lighthouse JSON reports in")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        sys.exit(f"No built site in {args.site}: run `reporter site build` first")
    if not LIGHTHOUSE.is_file():
        sys.exit("Lighthouse is not installed: run `npm ci --prefix benchmarks/js` (make bench)")
    server = serve(args.site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    keep = args.keep or Path(tempfile.mkdtemp(prefix="lighthouse-"))
    keep.mkdir(parents=True, exist_ok=True)
    runs: dict[str, list[dict[str, float]]] = {page: [] for page in PAGES}
    failing: dict[str, set[str]] = {page: set() for page in PAGES}
    try:
        for n in range(args.repeat):
            for page, path in PAGES.items():
                slug = path.strip("/").replace("/", "-") or "home"
                report = run_lighthouse(base + path, keep / f"{slug}-{n + 1}.json")
                leaks = outside_requests(report)
                if leaks:
                    sys.exit(f"{page} made requests outside 127.0.0.1:\n" + "\n".join(leaks))
                runs[page].append(measures(report))
                for c in CATEGORIES:
                    failing[page].update(f"{c}:{a}" for a in failed_audits(report, c))
                print(f"run {n + 1}/{args.repeat} {page}: done", file=sys.stderr)
    finally:
        server.shutdown()
    rows = {p: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for p, rs in runs.items()}
    print(table(rows, args.repeat))
    print("\nEvery request went to 127.0.0.1. Reports kept in", keep)
    for page, ids in failing.items():
        if ids:
            print(f"{page}, audits not passed: {', '.join(sorted(ids))}")
    missed = misses(rows)
    print("\nTargets missed:\n  " + "\n  ".join(missed) if missed else "\nEvery target met.")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
