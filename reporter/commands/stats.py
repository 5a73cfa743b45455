"""`reporter stats monthly|annual|trend`: the figures of a month or a year, as a table or JSON.

`stats` is the click group; a new kind of figures registers on it with `stats.add_command`.
Only click is imported at module level: the statistics engine loads when a command runs.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from .options import DATA_DIR_OPTION, SILENT_OPTION, open_store

JSON_OPTION = click.option(
    "--json", "as_json", is_flag=True, help="Print the figures object as JSON."
)


@click.group()
def stats() -> None:
    """Compute the figures of a month or a year (the JSON contract with --json)."""


def _period(text: str, kind: str):  # -> reporter.stats.period.Period
    from ..stats.period import Period

    period = Period.parse(text)
    if period.kind != kind:
        raise click.BadParameter(
            f"{text!r} is not a {kind} (use {'YYYY-MM' if kind == 'month' else 'YYYY'})"
        )
    return period


def _stats(period_text: str, kind: str, data_dir: Path | None, as_json: bool, silent: bool) -> None:
    from .ytd import print_figures, refuse_future

    started = time.perf_counter()
    period = _period(period_text, kind)
    refuse_future(period.start, period_text)  # a future month or year: no figures, no ranking
    print_figures(period, data_dir, as_json, silent, started)


@stats.command("monthly")
@click.argument("month")
@DATA_DIR_OPTION
@JSON_OPTION
@SILENT_OPTION
def stats_monthly(month: str, data_dir: Path | None, as_json: bool, silent: bool) -> None:
    """Figures for MONTH (YYYY-MM)."""
    _stats(month, "month", data_dir, as_json, silent)


@stats.command("annual")
@click.argument("year")
@DATA_DIR_OPTION
@JSON_OPTION
@SILENT_OPTION
def stats_annual(year: str, data_dir: Path | None, as_json: bool, silent: bool) -> None:
    """Figures for YEAR (YYYY)."""
    _stats(year, "year", data_dir, as_json, silent)


@stats.command("trend")
@click.argument("year")
@click.option(
    "--base-year", type=int, default=None, help="Year to compare with (default: YEAR - 5)."
)
@DATA_DIR_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the annual report figures as JSON.")
@SILENT_OPTION
def stats_trend(
    year: str, base_year: int | None, data_dir: Path | None, as_json: bool, silent: bool
) -> None:
    """Multi-year figures for the annual report of YEAR: trends, moving averages, counts."""
    from ..settings import load_settings
    from ..stats.annual import build_annual_report_figures

    period = _period(year, "year")
    store, settings = open_store(data_dir, silent=silent), load_settings(data_dir)
    report = build_annual_report_figures(store, period.start.year, base_year, settings=settings)
    if as_json:
        click.echo(report.to_json())
        return
    for area in report.areas:
        points = " ".join(f"{p.year}:{p.published}" for p in area.pm25.points)
        change = area.pm25.change_on_base_year.pct_published
        click.echo(f"{area.name_en:44} PM2.5 {points}  vs {report.base_year}: {change:+.1f}%")
