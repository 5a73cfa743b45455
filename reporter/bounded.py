"""Reading input with bounds: regular files only, a size limit, YAML with few aliases.

A FIFO or a device (`/dev/zero`) would block or never end; a huge file or cell would take the
machine's memory; a YAML "billion laughs" (aliases of aliases) expands to gigabytes when walked.
Each is refused before it is read, with the problem as text for the caller's one-line error.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 200 * 1024 * 1024  # a year of CNEMC hourly files is far below this
MAX_TEXT_BYTES = 2 * 1024 * 1024  # a content or configuration file
MAX_CELL_CHARS = 10_000  # a cell of a feed table
MAX_ALIASES = 20  # YAML aliases (*name) per document: expansion stays a few thousand nodes


class Unreadable(ValueError):
    """A file that is not read: not a regular file, too large, or not readable."""


def check_regular(path: Path, limit: int = MAX_FILE_BYTES) -> int:
    """The size of `path` if it is a regular file within `limit`; Unreadable otherwise."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise Unreadable("file not found") from None
    except OSError as exc:
        raise Unreadable(f"cannot read the file ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device or folder"
        raise Unreadable(f"not a regular file ({kind})")
    if info.st_size > limit:
        raise Unreadable(f"{info.st_size // 2**20} MB, over the limit of {limit // 2**20} MB")
    return info.st_size


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file within `limit` (opened without blocking on a FIFO)."""
    check_regular(path, limit)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise Unreadable(f"cannot read the file ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped after the check
            raise Unreadable("not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise Unreadable(f"over the limit of {limit // 2**20} MB")
    return data


def read_text(path: Path, limit: int = MAX_TEXT_BYTES) -> str:
    """A UTF-8 text file (UnicodeDecodeError is the caller's to report)."""
    return read_bytes(path, limit).decode("utf-8")


class BoundedLoader(yaml.SafeLoader):
    """Safe YAML with at most MAX_ALIASES aliases (no billion laughs)."""

    _aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                event = self.peek_event()
                raise yaml.YAMLError(
                    f"line {event.start_mark.line + 1}: more than {MAX_ALIASES} YAML aliases "
                    "(*name); write the values out"
                )
        return super().compose_node(parent, index)
