"""Options every command shares, defined once (only click is imported: `--help` stays instant)."""

from __future__ import annotations

from pathlib import Path

import click

DATA_DIR_OPTION = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder holding the store (default: the project's data/ with the bundled demo data).",
)
CONTENT_DIR_OPTION = click.option(
    "--content-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Editorial content: issues/, records/, news/ (default: the project's content/).",
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
