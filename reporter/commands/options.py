"""Options every command shares, defined once, and the store `--data-dir` opens.

Only click is imported at module level, so `--help` stays instant.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..paths import DEFAULT_DATA_DIR

if TYPE_CHECKING:  # the store imports pandas and pyarrow: loaded when a command runs
    from ..store import Store


def folder_option(name: str, help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """An option naming a folder (it need not exist yet); None when not given."""
    return click.option(
        name, type=click.Path(file_okay=False, path_type=Path), default=None, help=help
    )


DATA_DIR_OPTION = folder_option(
    "--data-dir",
    "Folder holding the store (default: the project's data/ with the bundled demo data).",
)
CONTENT_DIR_OPTION = folder_option(
    "--content-dir",
    "Editorial content: issues/, records/, news/ (default: the project's content/).",
)
SILENT_OPTION = click.option("--silent", "-q", is_flag=True, help="No progress bars.")
STRICT_OPTION = click.option(
    "--strict",
    is_flag=True,
    help="Refuse a file with any bad value instead of excluding the value.",
)
DRAFT_OPTION = click.option(
    "--draft", is_flag=True, help="Stamp 草稿 / DRAFT on every page (file names end -draft)."
)
TEMPLATES_DIR_OPTION = click.option(
    "--templates-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of templates that override the packaged ones, file by file.",
)


def data_store(data_dir: Path | None) -> Store:
    """The store of `--data-dir` (default: the project's data/), as it is: for commands that write."""
    from ..store import Store

    return Store(data_dir or DEFAULT_DATA_DIR)


def open_store(data_dir: Path | None, *, silent: bool = False) -> Store:
    """The store to read; the default store is filled from the bundled demo data on first use."""
    store = data_store(data_dir)
    if data_dir is None and store.is_empty():
        from ..demo.feeds import load_demo

        click.echo("The store is empty: loading the bundled synthetic demo data…", err=True)
        load_demo(store, silent=silent)
    return store
