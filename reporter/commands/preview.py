"""`reporter preview YYYY-MM`: the month's bulletin live in a browser, reloaded on every change.

Only click is imported at module level, so `reporter --help` stays instant.
"""

from __future__ import annotations

from pathlib import Path

import click

from .options import CONTENT_DIR_OPTION, DATA_DIR_OPTION, TEMPLATES_DIR_OPTION, open_store


@click.command("preview")
@click.argument("month")
@click.option("--port", type=int, default=8001, show_default=True, help="Port on 127.0.0.1.")
@click.option(
    "--pdf", is_flag=True, help="Rebuild the PDFs (build/bulletins/) on every change too."
)
@DATA_DIR_OPTION
@CONTENT_DIR_OPTION
@TEMPLATES_DIR_OPTION
def preview(
    month: str,
    port: int,
    pdf: bool,
    data_dir: Path | None,
    content_dir: Path | None,
    templates_dir: Path | None,
) -> None:
    """Serve MONTH's bulletin as HTML on http://127.0.0.1:PORT/ and reload it on changes.

    \b
    Content files, templates and the store are watched; a content error shows on the page.
    Ctrl-C stops the server.
    """
    from ..bulletin.build import BulletinBuild
    from ..content.model import DEFAULT_CONTENT_DIR
    from ..preview import Preview, serve, wait_forever

    build = BulletinBuild(open_store(data_dir), month.strip(), content_dir=content_dir,
                          templates_dir=templates_dir, draft=True)  # fmt: skip
    state = Preview(build, Path(content_dir or DEFAULT_CONTENT_DIR), pdf=pdf)
    server = serve(state, port)
    click.echo(f"Previewing {month} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
    try:
        wait_forever()
    except KeyboardInterrupt:
        server.shutdown()
