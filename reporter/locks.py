"""One lock helper: a second writer is refused with a clear message, never interleaved.

A process that holds a lock may take it again (a release holds the store lock for its whole
run and ingests under it); another process is refused at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import ReporterError

_HELD: dict[str, int] = {}  # lock files this process holds, and how many times


@contextlib.contextmanager
def exclusive(lock_file: Path, busy: ReporterError) -> Iterator[None]:
    """Hold `lock_file` for the block; raise `busy` at once if another process holds it.

    flock locks die with their process, so a run killed with kill -9 never leaves a stale lock.
    """
    key = os.path.realpath(lock_file)
    if _HELD.get(key):  # already ours: the outer holder releases it
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    try:  # a read-only or full data folder: one line, nothing written
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_file, "a")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise ReporterError(f"{lock_file.parent}: cannot write here ({exc.strerror})") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise busy from exc
        _HELD[key] = 1
        try:
            yield
        finally:
            _HELD.pop(key, None)
            fcntl.flock(handle, fcntl.LOCK_UN)
