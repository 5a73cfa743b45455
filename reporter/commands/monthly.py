"""`reporter monthly YYYY-MM`: the month's bulletin as finished PDFs, Chinese and English.

Only click is imported here at module level, so `reporter --help` stays instant; the
rendering stack (WeasyPrint, Altair, pandas) loads when the command runs.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from .options import (
    CONTENT_DIR_OPTION,
    DATA_DIR_OPTION,
    DRAFT_OPTION,
    SILENT_OPTION,
    TEMPLATES_DIR_OPTION,
    open_store,
)


def _languages(value: str) -> tuple[str, ...]:
    from ..render.templating import LANGUAGES

    langs = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if not langs or unknown:
        raise click.BadParameter(
            f"{', '.join(unknown) or 'nothing'} (use {', '.join(LANGUAGES)}, comma-separated)",
            param_hint="'--lang'",
        )
    return langs


def _shown(path: Path) -> str:
    from ..content.model import display

    return display(path)


@click.command("monthly")
@click.argument("month")
@click.option(
    "--lang",
    "lang_text",
    default="zh,en",
    show_default=True,
    help="Languages to build, comma-separated.",
)
@DRAFT_OPTION
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the PDFs (default: build/bulletins).",
)
@DATA_DIR_OPTION
@CONTENT_DIR_OPTION
@TEMPLATES_DIR_OPTION
@click.option(
    "--boundary",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="GeoJSON boundary layer for the maps (must be an approved base map; none by default).",
)
@SILENT_OPTION
def monthly(
    month: str,
    lang_text: str,
    draft: bool,
    out: Path | None,
    data_dir: Path | None,
    content_dir: Path | None,
    templates_dir: Path | None,
    boundary: Path | None,
    silent: bool,
) -> None:
    """Build the bulletin of MONTH (YYYY-MM) as PDF, in Chinese and English.

    \b
    Examples:
      reporter monthly 2024-01                 # both languages, into build/bulletins/
      reporter monthly 2024-01 --draft         # for review: 草稿 / DRAFT on every page
      reporter monthly 2024-01 --lang en --out outbox/
    """
    from ..bulletin.build import DEFAULT_OUT_DIR, BulletinBuild
    from ..progress import progress

    started = time.perf_counter()
    langs = _languages(lang_text)
    build = BulletinBuild(
        store=open_store(data_dir, silent=silent),
        period=month.strip(),
        langs=langs,
        draft=draft,
        out_dir=out or DEFAULT_OUT_DIR,
        content_dir=content_dir,
        templates_dir=templates_dir,
        boundary=boundary,
    )
    result = build.run(lambda items, label: progress(items, label, silent=silent))
    names = ", ".join(_shown(path) for path in result.paths)
    label = " (synthetic demo data)" if build.synthetic else ""
    click.echo(f"Wrote {names} in {time.perf_counter() - started:.1f}s{label}")
