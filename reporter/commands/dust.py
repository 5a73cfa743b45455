"""`reporter ingest dust FILE`: the table of sand-dust processes (city, start, end, source)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from .options import DATA_DIR_OPTION, data_store


@click.command("dust")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@DATA_DIR_OPTION
def ingest_dust_command(file: Path, data_dir: Path | None) -> None:
    """Ingest the sand-dust processes (city, start, end, source): PM10, PM2.5, the composite
    index and the good-day ratio are then also given with those days deducted.

    The table is the complete list: it replaces the one stored before."""
    from ..dust import ingest_dust
    from ..settings import load_settings

    started = time.perf_counter()
    count = ingest_dust(file, data_store(data_dir), load_settings(data_dir).registry)
    click.echo(
        f"Ingested {count} sand-dust process(es) from {file.name}; "
        f"{time.perf_counter() - started:.1f}s"
    )
