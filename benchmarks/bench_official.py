"""The official-grade figures on a year of the real feed's structure, from one zip archive.

    .venv/bin/python benchmarks/bench_official.py [--repeat 3] [--workdir benchmarks/work]

The year is synthesised from the real January 2024 files in `tests/data/real/` (375 columns as
published: county-level cities, always-empty columns, real gaps and dust-storm extremes, CRLF):
day D of the benchmark year is the real file of day (D mod 31) + 1, its date column rewritten to
D, so every file is a real day's values in the real layout. The 366 files (1 January of the next
year closes the last day) go into one zip archive, as the public archive distributes them.

Each step runs in a fresh process (no cache carries over) and is repeated; the table gives the
median wall time and the step's peak resident memory:

- ingest: `ingest_cnemc([archive.zip])` into a new store;
- 12 monthly figure sets: `build_figures` for every month (six pollutants, the 168 ranking);
- 12 year-to-date sets: `build_figures(Period.ytd(year, m))` for m = 1…12;
- the monthly ranking: `build_ranking` for the 12 months, the city values read before the clock.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import PROJECT_ROOT, _Clock, _mb, _median, _peak_rss_bytes  # noqa: E402

REAL_ZIP = PROJECT_ROOT / "tests" / "data" / "real" / "china_cities_20240101-20240201.zip"
YEAR = 2023  # a past year: the ingest refuses files dated in the future
STEPS = ("ingest", "monthly", "ytd", "ranking")
LABELS = {
    "ingest": "Ingest of the year (one zip, 366 daily files)",
    "monthly": "12 monthly figure sets (six pollutants, 168 ranking)",
    "ytd": "12 year-to-date figure sets (1—N月)",
    "ranking": "12 monthly 168-city rankings (values read)",
}


def synthesise(workdir: Path, year: int = YEAR) -> Path:
    """The year's zip archive from the real month's files (made once, then reused)."""
    target = workdir / f"china_cities_{year}0101-{year + 1}0101.zip"
    if target.exists():
        return target
    workdir.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(REAL_ZIP) as real:
        days = [real.read(f"china_cities_202401{d:02d}.csv") for d in range(1, 32)]
    partial = target.with_suffix(".part")
    day, last = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as out:
        while day <= last:
            source = days[day.toordinal() % 31]
            lines = source.split(b"\n")
            stamp = day.strftime("%Y%m%d").encode()
            # Rows start with the file's date (YYYYMMDD,): rewrite it, keep everything else.
            body = [lines[0]] + [stamp + line[8:] if line else line for line in lines[1:]]
            out.writestr(f"china_cities_{day:%Y%m%d}.csv", b"\n".join(body))
            day += dt.timedelta(days=1)
    partial.rename(target)
    return target


def _ingest(archive: Path, store_dir: Path) -> dict:
    from reporter.ingest import ingest_cnemc
    from reporter.registry import load_registry
    from reporter.store import Store

    shutil.rmtree(store_dir, ignore_errors=True)
    store, registry = Store(store_dir), load_registry()
    with _Clock() as clock:
        report = ingest_cnemc([archive], store, registry)
    return {"seconds": clock.seconds, "rows": report.rows, "extremes": len(report.extremes)}


def _figures(archive: Path, store_dir: Path, kind: str) -> dict:
    from reporter.registry import load_registry
    from reporter.stats.period import Period
    from reporter.stats.summary import build_figures
    from reporter.store import Store

    store, registry = Store(store_dir), load_registry()
    make = Period.month if kind == "monthly" else Period.ytd
    with _Clock() as clock:
        figures = [build_figures(store, make(YEAR, m), registry) for m in range(1, 13)]
    ranked = [len(f.ranking_168.cities) if f.ranking_168 else 0 for f in figures]
    return {"seconds": clock.seconds, "ranked": ranked, "co_cities": figures[-1].co.n_cities}


def _ranking(archive: Path, store_dir: Path) -> dict:
    from reporter.registry import load_registry
    from reporter.stats.period import Period
    from reporter.stats.ranking168 import build_ranking
    from reporter.stats.summary import city_values
    from reporter.store import Store

    store, registry = Store(store_dir), load_registry()
    months = [Period.month(YEAR, m) for m in range(1, 13)]
    values = [city_values(store, p) for p in months]
    with _Clock() as clock:
        rankings = [
            build_ranking(v, None, registry, p) for v, p in zip(values, months, strict=True)
        ]
    return {"seconds": clock.seconds, "ranked": [len(r.cities) for r in rankings]}


def _child(step: str, archive: Path, store_dir: Path) -> None:
    if step == "ingest":
        result = _ingest(archive, store_dir)
    elif step == "ranking":
        result = _ranking(archive, store_dir)
    else:
        result = _figures(archive, store_dir, step)
    result["peak_rss"] = _peak_rss_bytes()
    print("RESULT " + json.dumps(result))


def _run(step: str, archive: Path, store_dir: Path) -> dict:
    command = [sys.executable, __file__, "--step", step, "--archive", str(archive)]
    done = subprocess.run(
        [*command, "--store", str(store_dir)], capture_output=True, text=True, cwd=PROJECT_ROOT
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"benchmark step {step!r} failed (exit {done.returncode})")
    line = next(x for x in reversed(done.stdout.splitlines()) if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=HERE / "work")
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--archive", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        _child(args.step, args.archive, args.store)
        return 0
    started = time.perf_counter()
    archive = synthesise(args.workdir)
    print(f"archive: {archive.name}, {_mb(archive.stat().st_size)} compressed", file=sys.stderr)
    store_dir = args.workdir / "official-store"
    results: dict[str, list[dict]] = {s: [] for s in STEPS}
    for _ in range(args.repeat):
        for step in STEPS:  # the ingest builds the store the three others read
            results[step].append(_run(step, archive, store_dir))
    print(f"| Step | Median of {args.repeat} (s) | Peak RSS |\n|---|---:|---:|")
    for step in STEPS:
        peak = max(r["peak_rss"] for r in results[step])
        print(f"| {LABELS[step]} | {_median(results[step], 'seconds'):.2f} | {_mb(peak)} |")
    # What each step produced (rows, extremes kept, cities ranked): a benchmark that measured
    # an empty store would show it here.
    checks = {
        s: {k: v for k, v in results[s][-1].items() if k not in ("seconds", "peak_rss")}
        for s in STEPS
    }
    print(json.dumps(checks, ensure_ascii=False), file=sys.stderr)
    print(f"total {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
