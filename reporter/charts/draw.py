"""Drawing Vega-Lite specs to SVG with vl-convert, offline: one, or many at once.

vl-convert draws one chart at a time per process, so a build with hundreds of city charts
spreads them over worker processes, one per core.

Workers are fresh interpreters started with `-c` (not forks: the parent holds vl-convert's
threads; not multiprocessing's spawn, which re-runs the caller's main module). Each reads its
specs as JSON on stdin and writes one JSON line per SVG on stdout, in order.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from ..errors import ReporterError

MAX_WORKERS = 4
PER_WORKER = 8  # fewer charts than this per worker: drawn here, starting interpreters costs more


def to_svg(spec: dict[str, Any]) -> str:
    """Render a Vega-Lite spec to SVG, offline (no data is fetched from anywhere)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])


def cores() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def draw_all(
    specs: Sequence[dict[str, Any]],
    labels: Sequence[str],
    progress: Callable[[list[Any], str], Iterable[Any]] | None = None,
) -> Iterator[tuple[str, str]]:
    """(label, SVG) for every spec, as they are drawn (not in order)."""
    n = min(MAX_WORKERS, cores(), len(specs) // PER_WORKER)
    shown: Iterable[Any] = (
        progress(list(labels), "Drawing charts") if progress and specs else labels
    )
    if n < 2:
        for label, spec in zip(shown, specs, strict=True):
            yield label, to_svg(spec)
        return
    results: queue.Queue[tuple[int, str | None]] = queue.Queue()
    workers = [_Worker(list(range(i, len(specs), n)), specs, results) for i in range(n)]
    try:
        for _ in shown:
            index, svg = results.get()
            if svg is None:
                failed = next((w for w in workers if w.process.poll() not in (None, 0)), workers[0])
                raise ReporterError(f"chart {labels[index]}: drawing failed: {failed.last_error()}")
            yield labels[index], svg
    finally:
        for worker in workers:
            worker.stop()


class _Worker:
    """A process drawing `specs[i]` for each of `indices`; a thread reads its lines into `results`
    (an index with None when the worker ended early)."""

    def __init__(self, indices: list[int], specs: Sequence[dict[str, Any]], results: queue.Queue):
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop(); a file, not a pipe: a full pipe would stall it
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from reporter.charts.draw import _worker; _worker()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
        )
        self.indices, self.specs, self.results = indices, specs, results
        threading.Thread(target=self._feed_and_read, daemon=True).start()

    def _feed_and_read(self) -> None:
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        try:
            stdin.write(json.dumps([self.specs[i] for i in self.indices]).encode())
            stdin.close()
        except OSError:  # it ended before reading: its lines are missing below
            pass
        for index in self.indices:
            line = stdout.readline()
            self.results.put((index, json.loads(line) if line else None))

    def last_error(self) -> str:
        self.process.wait()
        self.errors.seek(0)
        lines = self.errors.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else f"exit status {self.process.returncode}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.errors.close()


def _worker() -> None:
    """Draw the specs read on stdin, one JSON line per SVG on stdout."""
    for spec in json.load(sys.stdin):
        sys.stdout.write(json.dumps(to_svg(spec)) + "\n")
        sys.stdout.flush()
