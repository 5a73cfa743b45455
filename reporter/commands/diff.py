"""`reporter diff YYYY-MM`: what changed in the store, and in the month's figures, since release.

Only click is imported at module level; the store and the diff load when the command runs.
"""

from __future__ import annotations

from pathlib import Path

import click

from .options import DATA_DIR_OPTION, open_store


@click.command("diff")
@click.argument("month")
@DATA_DIR_OPTION
def diff_command(month: str, data_dir: Path | None) -> None:
    """What changed in the store, and in MONTH's published figures, since MONTH was released."""
    from ..release.manifest import diff_since_release
    from ..stats.period import Period

    report = diff_since_release(open_store(data_dir), Period.parse(month))
    click.echo("\n".join(report.lines()))
