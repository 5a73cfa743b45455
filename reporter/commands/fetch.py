"""`reporter fetch YYYY-MM`: the month's CNEMC city files from a public mirror into the inbox.

Only click is imported at module level, so `reporter --help` stays instant.
"""

from __future__ import annotations

from pathlib import Path

import click

from .options import DATA_DIR_OPTION, SILENT_OPTION


@click.command("fetch")
@click.argument("month")
@click.option(
    "--mirror",
    default=None,
    help="URL pattern with {date:%Y%m%d} for the day (default: data/fetch.yaml, quotsoft.net/air).",
)
@click.option(
    "--inbox",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the files go (default: DATA_DIR/inbox, where `reporter release` reads them).",
)
@DATA_DIR_OPTION
@SILENT_OPTION
def fetch(
    month: str, mirror: str | None, inbox: Path | None, data_dir: Path | None, silent: bool
) -> None:
    """Download MONTH's CNEMC city files (each day and the 1st of the next month).

    \b
    Resumes interrupted downloads, leaves files with the same content alone and says which
    files were revised upstream. Then: reporter release MONTH --dry-run
    """
    from ..fetch import fetch_month, load_mirror
    from ..paths import DEFAULT_DATA_DIR, INBOX_FOLDER
    from ..progress import progress

    report = fetch_month(
        month.strip(),
        inbox or (data_dir or DEFAULT_DATA_DIR) / INBOX_FOLDER,
        load_mirror(data_dir, mirror),
        progress=lambda items, label: progress(items, label, silent=silent),
    )
    for line in report.lines():
        click.echo(line, err=True)
    click.echo(report.summary())
    if report.failed:
        raise click.ClickException(f"{len(report.failed)} file(s) incomplete; run again to resume")
