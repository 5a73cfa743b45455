"""`reporter annual YYYY`: the annual report as finished PDFs, Chinese, English and bilingual.

Only click is imported here at module level, so `reporter --help` stays instant; the
rendering stack (WeasyPrint, Altair, pandas) loads when the command runs.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from .options import DATA_DIR_OPTION, DRAFT_OPTION, SILENT_OPTION, folder_option, open_store

EDITIONS = ("zh", "en", "bilingual")  # as reporter.annual.report.EDITIONS, without importing it


def _editions(value: str) -> tuple[str, ...]:
    editions = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [e for e in editions if e not in EDITIONS]
    if not editions or unknown:
        raise click.BadParameter(
            f"{', '.join(unknown) or 'nothing'} (use {', '.join(EDITIONS)}, comma-separated)",
            param_hint="'--lang'",
        )
    return editions


def _year(value: str, what: str) -> int:
    text = value.strip()
    if not (text.isdigit() and len(text) == 4):
        raise click.BadParameter(f"{value!r} is not a year (use YYYY, e.g. 2025)", param_hint=what)
    return int(text)


def _through(value: str, year: int) -> int:
    """The last month of a partial year: YYYY-MM of the report year, not in the future."""
    from .ytd import ytd_period

    period = ytd_period(value)
    if period.start.year != year:
        raise click.BadParameter(f"{value!r} is not a month of {year}", param_hint="'--through'")
    return period.end.month


@click.command("annual")
@click.argument("year")
@click.option(
    "--base-year",
    "base_year_text",
    default=None,
    metavar="YYYY",
    help="First year of the trends and of the changes on a base year (default: YEAR − 5).",
)
@click.option(
    "--emissions",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Emissions inventory for the synergy ranking (CSV, Parquet or Excel: city, year, co2, "
    "so2, nox, pm [, aqi, …]). Default: the bundled synthetic demo inventory. The ranking runs "
    "from the file's first year to YEAR; without rows for YEAR the report says so.",
)
@click.option(
    "--lang",
    "lang_text",
    default="zh,en",
    show_default=True,
    help="Editions to build, comma-separated: zh, en, bilingual (each Chinese paragraph "
    "followed by its English twin).",
)
@click.option(
    "--through",
    "through_text",
    default=None,
    metavar="YYYY-MM",
    help="A partial year: January through this month of YEAR (e.g. 2025-09), every year "
    "compared over the same months.",
)
@DRAFT_OPTION
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the PDFs (default: build/annual).",
)
@folder_option(
    "--content-dir",
    "Editorial content: the report's metadata, chapters and outside indicators come from "
    "DIR/annual/YEAR/ (default: the project's content/); without that folder the report has "
    "its standard sections only.",
)
@DATA_DIR_OPTION
@SILENT_OPTION
def annual(
    year: str,
    base_year_text: str | None,
    emissions: Path | None,
    lang_text: str,
    through_text: str | None,
    draft: bool,
    out: Path | None,
    content_dir: Path | None,
    data_dir: Path | None,
    silent: bool,
) -> None:
    """Build the annual report of YEAR as PDF: PM2.5 and O3 trends, key regions, cities,
    and the CO2 / air-pollution synergy ranking.

    \b
    Examples:
      reporter annual 2025                          # zh and en, into build/annual/
      reporter annual 2025 --lang zh,en,bilingual   # also the side-by-side edition
      reporter annual 2025 --base-year 2020 --emissions inventory.xlsx --draft
    \b
    Chapters, working groups and outside indicators: content/annual/YEAR/ (see content/README.md).
    """
    from ..content.model import display
    from ..progress import progress

    started = time.perf_counter()
    editions = _editions(lang_text)
    report_year = _year(year, "'YEAR'")
    base_year = _year(base_year_text, "'--base-year'") if base_year_text is not None else None
    if emissions is not None and not emissions.is_file():
        raise click.BadParameter(
            f"file {str(emissions)!r} does not exist", param_hint="--emissions"
        )

    from ..annual.report import DEFAULT_OUT_DIR, AnnualBuild
    from ..paths import ANNUAL_CONTENT_FOLDER

    through = _through(through_text, report_year) if through_text else None

    build = AnnualBuild(
        store=open_store(data_dir, silent=silent),
        year=report_year,
        base_year=base_year,
        emissions=emissions,
        editions=editions,
        draft=draft,
        out_dir=out or DEFAULT_OUT_DIR,
        through=through,
        content_dir=content_dir / ANNUAL_CONTENT_FOLDER if content_dir is not None else None,
    )
    result = build.run(lambda items, label: progress(items, label, silent=silent))
    names = ", ".join(display(path) for path in result.paths)
    label = " (synthetic demo data)" if build.synthetic else ""
    click.echo(f"Wrote {names} in {time.perf_counter() - started:.1f}s{label}")
