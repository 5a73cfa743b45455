"""`reporter demo generate|load`: the synthetic demo dataset (labelled as such wherever it shows).

Only click is imported at module level; the generator and the store load when a command runs.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from ..paths import DEMO_DIR
from .options import DATA_DIR_OPTION, SILENT_OPTION, data_store, folder_option


@click.group()
def demo() -> None:
    """The synthetic demo dataset (clearly labelled as such wherever it shows)."""


@demo.command("generate")
@folder_option("--out", "Where to write the demo feed files (default: data/demo).")
@click.option("--seed", type=int, default=20240101, show_default=True)
def demo_generate(out: Path | None, seed: int) -> None:
    """Regenerate the demo feed files deterministically (same seed, same bytes)."""
    from ..demo.feeds import generate_demo

    started = time.perf_counter()
    written = generate_demo(out or DEMO_DIR, seed=seed)
    click.echo(
        f"Wrote {len(written)} demo file(s) to {out or DEMO_DIR} in {time.perf_counter() - started:.1f}s"
    )


@demo.command("load")
@DATA_DIR_OPTION
@SILENT_OPTION
def demo_load(data_dir: Path | None, silent: bool) -> None:
    """Ingest the bundled demo feed files into the store."""
    from ..demo.feeds import load_demo

    started = time.perf_counter()
    load_demo(data_store(data_dir), silent=silent)
    click.echo(f"Demo data loaded in {time.perf_counter() - started:.1f}s")
