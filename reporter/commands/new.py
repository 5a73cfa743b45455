"""`reporter new record|news|issue`: a content file to fill in, every field explained.

Only click is imported at module level, so `reporter --help` stays instant.
"""

from __future__ import annotations

from pathlib import Path

import click

from .options import CONTENT_DIR_OPTION

MONTH_OPTION = click.option("--month", required=True, help="The month it belongs to (YYYY-MM).")


def _root(content_dir: Path | None) -> Path:
    from ..content.model import DEFAULT_CONTENT_DIR

    return content_dir or DEFAULT_CONTENT_DIR


def _done(path: Path) -> None:
    from ..content.model import display

    click.echo(f"Wrote {display(path)}: replace the placeholder words in both languages")


@click.group("new")
def new() -> None:
    """Start a content file: a project record, a policy news item or an issue."""


@new.command("record")
@click.argument("ident", metavar="ID")
@MONTH_OPTION
@click.option("--theme", default=None, help="Section id from content/themes.yaml.")
@CONTENT_DIR_OPTION
def new_record_command(ident: str, month: str, theme: str | None, content_dir: Path | None) -> None:
    """A project record: content/records/MONTH/ID.md."""
    from ..scaffold import new_record

    _done(new_record(_root(content_dir), ident, month, theme))


@new.command("news")
@click.argument("ident", metavar="ID")
@MONTH_OPTION
@CONTENT_DIR_OPTION
def new_news_command(ident: str, month: str, content_dir: Path | None) -> None:
    """A policy news item (时政速递): content/news/MONTH/ID.yaml."""
    from ..scaffold import new_news

    _done(new_news(_root(content_dir), ident, month))


@new.command("issue")
@click.argument("month")
@CONTENT_DIR_OPTION
def new_issue_command(month: str, content_dir: Path | None) -> None:
    """An issue of the bulletin: content/issues/MONTH.yaml, numbered after the last one."""
    from ..scaffold import new_issue

    _done(new_issue(_root(content_dir), month))
