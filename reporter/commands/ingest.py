"""`reporter ingest cnemc|daily|monthly`: validate feed files and add them to the store.

`ingest` is the click group; a new feed's command registers on it with `ingest.add_command`.
Only click is imported at module level: the readers and the store load when a command runs.
"""

from __future__ import annotations

from pathlib import Path

import click

from .options import DATA_DIR_OPTION, SILENT_OPTION, STRICT_OPTION, data_store


@click.group()
def ingest() -> None:
    """Validate feed files and add them to the store (idempotent; revised files replace values)."""


def print_ingest(report) -> None:  # report: reporter.ingest.IngestReport
    """What an ingest skipped, merged and excluded (on stderr), then its summary line."""
    for name, files in sorted(report.unmapped.items()):
        click.echo(f"  not in the registry, skipped: {name} ({files} file(s))", err=True)
    for code, names in sorted(report.merged.items()):
        click.echo(f"  merged columns {' + '.join(names)} into city {code}", err=True)
    for problem in report.problems[:50]:
        click.echo(f"  excluded: {problem.line()}", err=True)
    if len(report.problems) > 50:
        click.echo(f"  … and {len(report.problems) - 50} more excluded value(s)", err=True)
    from ..ingest import extreme_lines

    for line in extreme_lines(
        getattr(report, "extremes", []), getattr(report, "limits", None)
    ):  # real extremes are kept
        click.echo(f"  {line}", err=True)
    click.echo(report.summary())


@ingest.command("cnemc")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@DATA_DIR_OPTION
@STRICT_OPTION
@SILENT_OPTION
def ingest_cnemc_command(
    paths: tuple[Path, ...], data_dir: Path | None, strict: bool, silent: bool
) -> None:
    """Ingest CNEMC city hourly files (china_cities_YYYYMMDD.csv), or folders of them."""
    from ..ingest import ingest_cnemc
    from ..progress import progress
    from ..settings import load_settings

    report = ingest_cnemc(
        paths,
        data_store(data_dir),
        load_settings(data_dir).registry,
        strict=strict,
        progress=lambda items, label: progress(items, label, silent=silent),
    )
    print_ingest(report)


@ingest.command("daily")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@DATA_DIR_OPTION
@STRICT_OPTION
def ingest_daily_command(file: Path, data_dir: Path | None, strict: bool) -> None:
    """Ingest a tidy daily table: city, date, pm25, o3_mda8 [, pm10, so2, no2, co, o3_1h]."""
    from ..ingest import ingest_daily
    from ..settings import load_settings

    registry = load_settings(data_dir).registry
    print_ingest(ingest_daily(file, data_store(data_dir), registry, strict=strict))


@ingest.command("monthly")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@DATA_DIR_OPTION
@STRICT_OPTION
def ingest_monthly_command(file: Path, data_dir: Path | None, strict: bool) -> None:
    """Ingest a tidy monthly table: city, month, pm25, o3_8h_90."""
    from ..ingest import ingest_monthly
    from ..settings import load_settings

    registry = load_settings(data_dir).registry
    print_ingest(ingest_monthly(file, data_store(data_dir), registry, strict=strict))
