"""`reporter content import FILE.docx`: a project record written in Word into content/.

Only click is imported at module level; mammoth loads when the command runs.
"""

from __future__ import annotations

from pathlib import Path

import click

from .options import CONTENT_DIR_OPTION


@click.group("content")
def content() -> None:
    """Staff content: project records, policy news, issues."""


@content.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Language of the document (default: from its title).",
)
@click.option("--month", default=None, help="Check that the record belongs to YYYY-MM.")
@CONTENT_DIR_OPTION
def import_command(
    file: Path, lang: str | None, month: str | None, content_dir: Path | None
) -> None:
    """Import a project record written in Word (layout: content/word/record-template.docx).

    \b
    reporter content import 开题会.docx             # a new record, Chinese
    reporter content import kickoff.docx --lang en  # adds the English version to it
    """
    from ..content.model import DEFAULT_CONTENT_DIR
    from ..wordimport.record import import_word

    result = import_word(file, content_dir or DEFAULT_CONTENT_DIR, lang, month)
    for what in result.unmapped:
        click.echo(f"  not mapped: {what}", err=True)
    click.echo(result.summary())
