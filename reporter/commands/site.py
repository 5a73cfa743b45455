"""`reporter site build|serve`: the public website (mkdocs-material, zh and en).

Only click is imported at module level; the site machinery loads inside the commands.
"""

from __future__ import annotations

from pathlib import Path

import click

from .options import CONTENT_DIR_OPTION, DATA_DIR_OPTION, open_store

OUT_OPTION = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the built site (default: build/site).",
)


@click.group()
def site() -> None:
    """The public website: every bulletin and its figures, in Chinese and English."""


def _build(
    out: Path | None, data_dir: Path | None, content_dir: Path | None, strict: bool, silent: bool
):
    from ..paths import BULLETINS_FOLDER, DEFAULT_CONTENT_DIR
    from ..progress import progress
    from ..website.build import BUILD_DIR, build_site
    from ..website.bulletins import ensure_bulletins

    store = open_store(data_dir, silent=silent)
    # The bulletins the site links to, built first where missing or out of date.
    built = ensure_bulletins(
        store, content_dir or DEFAULT_CONTENT_DIR, BUILD_DIR / BULLETINS_FOLDER, BUILD_DIR,
        progress=lambda items, label: progress(items, label, silent=silent),
    )  # fmt: skip
    report = build_site(
        store,
        out=out,
        content_dir=content_dir,
        strict=strict,
        echo=(lambda line: None) if silent else (lambda line: click.echo(line, err=True)),
        progress=lambda items, label: progress(items, label, silent=silent, length=len(items)),
    )
    if not silent:
        for line in report.problems[:20]:
            click.echo(f"  missing: {line}", err=True)
        if len(report.problems) > 20:
            click.echo(f"  … and {len(report.problems) - 20} more", err=True)
        for line in report.warnings[:10]:
            click.echo(f"  mkdocs: {line}", err=True)
    built_note = f" (bulletin PDFs built first: {', '.join(built)})" if built else ""
    click.echo(report.summary() + built_note)
    return report


@site.command("build")
@OUT_OPTION
@DATA_DIR_OPTION
@CONTENT_DIR_OPTION
@click.option("--strict", is_flag=True, help="Fail on anything missing (PDF, data, content).")
@click.option("--silent", "-q", is_flag=True, help="No progress, no list of what is missing.")
def build_command(
    out: Path | None, data_dir: Path | None, content_dir: Path | None, strict: bool, silent: bool
) -> None:
    """Build the site from the store and content/, reusing every unchanged page.

    Pages the site cannot fill (a bulletin without its PDF, a month without data, a city
    without data) say so on the page; --strict turns them into an error.
    """
    _build(out, data_dir, content_dir, strict, silent)


@site.command("serve")
@OUT_OPTION
@DATA_DIR_OPTION
@click.option("--port", type=int, default=8000, show_default=True)
def serve_command(out: Path | None, data_dir: Path | None, port: int) -> None:
    """Preview the built site on http://127.0.0.1:PORT/ (builds it first if missing)."""
    from ..paths import DEFAULT_SITE_OUT
    from ..website.build import serve

    directory = (out or DEFAULT_SITE_OUT).resolve()
    if not (directory / "index.html").exists():
        _build(out, data_dir, None, False, False)
    click.echo(f"Serving {directory} on http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    try:
        serve(directory, port)
    except OSError as exc:
        raise click.ClickException(f"port {port}: {exc.strerror}; try --port") from exc
    except KeyboardInterrupt:
        pass
