"""One progress helper for every long step: a bar on a terminal, nothing off one or with --silent."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

import click

T = TypeVar("T")


def progress(
    items: Iterable[T], label: str, *, silent: bool = False, length: int | None = None
) -> Iterator[T]:
    """Yield `items`, drawing a bar on stderr when it is a terminal and not silenced."""
    if silent or not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(items, label=label, length=length, file=sys.stderr) as bar:
        yield from bar
