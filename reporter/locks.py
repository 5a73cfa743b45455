"""One lock helper: a second writer is refused with a clear message, never interleaved."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from .errors import ReporterError


@contextlib.contextmanager
def exclusive(lock_file: Path, busy: ReporterError) -> Iterator[None]:
    """Hold `lock_file` for the block; raise `busy` at once if another process holds it.

    flock locks die with their process, so a run killed with kill -9 never leaves a stale lock.
    """
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise busy from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
