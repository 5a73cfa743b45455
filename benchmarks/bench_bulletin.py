"""Benchmark: one month's bulletin in both languages, as `reporter monthly 2024-01` builds it.

    .venv/bin/python benchmarks/bench_bulletin.py [--month 2024-01] [--warm]

Runs on a private copy of the demo store (loaded first, not timed) and a private build folder,
so the time includes the cold work: font extraction, the 13-month trend and both PDFs.
`--warm` times a second build as well (fonts and trend cached). Target: under 30 s on 2 cores.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def build_once(store, month: str, work: Path) -> tuple[float, list[Path]]:
    from reporter.bulletin.build import BulletinBuild

    started = time.perf_counter()
    build = BulletinBuild(store, month, out_dir=work / "out", build_dir=work / "build")
    steps = build.steps()
    for label, step in steps:
        step_started = time.perf_counter()
        step()
        print(f"  {label:<10} {time.perf_counter() - step_started:6.1f}s")
    return time.perf_counter() - started, build.result.paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--month", default="2024-01")
    parser.add_argument("--warm", action="store_true", help="also time a second, cached build")
    args = parser.parse_args()

    from reporter.demo.feeds import load_demo
    from reporter.store import Store

    with tempfile.TemporaryDirectory(prefix="bench-bulletin-") as tmp:
        work = Path(tmp)
        store = Store(work / "data")
        load_demo(store, silent=True)
        print(f"bulletin {args.month}, zh + en (cold)")
        seconds, paths = build_once(store, args.month, work)
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.2f} MB" for p in paths)
        print(f"cold: {seconds:.1f}s  ({sizes})")
        if args.warm:
            print(f"bulletin {args.month}, zh + en (warm)")
            seconds, _ = build_once(store, args.month, work)
            print(f"warm: {seconds:.1f}s")


if __name__ == "__main__":
    main()
