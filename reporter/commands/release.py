"""`reporter release YYYY-MM`: the month's release, end to end, published atomically.

Only click is imported at module level; ingest, builds and publishing load when it runs.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..paths import BUILD_DIR, INBOX_FOLDER, PUBLISH_LINK
from .options import (
    CONTENT_DIR_OPTION,
    DATA_DIR_OPTION,
    SILENT_OPTION,
    STRICT_OPTION,
    folder_option,
    open_store,
)


@click.command("release")
@click.argument("month")
@DATA_DIR_OPTION
@folder_option("--inbox", "Folder of new feed files (default: DATA_DIR/inbox).")
@click.option(
    "--publish-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where the published version is linked (default: build/publish).",
)
@CONTENT_DIR_OPTION
@folder_option("--work-dir", "Folder for intermediate builds and caches (default: build/).")
@click.option(
    "--dry-run", is_flag=True, help="Ingest into a copy, show what would change, publish nothing."
)
@STRICT_OPTION
@SILENT_OPTION
def release_command(
    month: str,
    data_dir: Path | None,
    inbox: Path | None,
    publish_dir: Path | None,
    content_dir: Path | None,
    work_dir: Path | None,
    dry_run: bool,
    strict: bool,
    silent: bool,
) -> None:
    """The month's release: ingest the inbox, check content, show the diff, build, publish.

    \b
    reporter release 2024-01 --dry-run    # what would change; nothing is written
    reporter release 2024-01              # PDFs + site, published atomically to build/publish
    """
    from ..progress import progress
    from ..release.run import run_release

    store = open_store(data_dir, silent=silent)
    link = publish_dir or PUBLISH_LINK
    report = run_release(
        store,
        month,
        inbox=inbox or store.data_dir / INBOX_FOLDER,
        publish_link=link,
        content_dir=content_dir,
        dry_run=dry_run,
        strict=strict,
        work_dir=work_dir or BUILD_DIR,
        echo=click.echo,
        progress=lambda items, label: progress(items, label, silent=silent),
    )
    click.echo(report.summary(link))
