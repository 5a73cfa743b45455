"""`reporter stats ytd YYYY-MM`: January through a month (累计, 1—N月)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from .options import DATA_DIR_OPTION, SILENT_OPTION, open_store


def ytd_period(text: str):  # -> Period
    """The year-to-date period ending with MONTH; a month not yet begun is refused."""
    from ..errors import ReporterError
    from ..stats.period import Period

    month = Period.parse(text)
    if month.kind != "month":
        raise ReporterError(f"{text!r} is not a month (use YYYY-MM)")
    refuse_future(month.start, text)
    return Period.ytd(month.start.year, month.start.month)


def refuse_future(start, text: str) -> None:
    """A period that has not begun has no data yet: say so instead of printing empty figures."""
    import datetime as dt

    from ..errors import ReporterError

    if start > dt.date.today():
        raise ReporterError(f"{text} has not begun yet (today is {dt.date.today().isoformat()})")


@click.command("ytd")
@click.argument("month")
@DATA_DIR_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the figures object as JSON.")
@SILENT_OPTION
def stats_ytd(month: str, data_dir: Path | None, as_json: bool, silent: bool) -> None:
    """Year-to-date figures: January through MONTH (YYYY-MM), YoY on the same months."""
    started = time.perf_counter()
    print_figures(ytd_period(month), data_dir, as_json, silent, started)


def print_figures(
    period, data_dir: Path | None, as_json: bool, silent: bool, started: float
) -> None:
    """The period's figures: the JSON contract, or the terminal summary and the time taken."""
    from ..figures.text import summary_table
    from ..settings import load_settings
    from ..stats.summary import build_figures

    settings = load_settings(data_dir)  # once per command, from --data-dir
    figures = build_figures(open_store(data_dir, silent=silent), period, settings=settings)
    if as_json:
        click.echo(figures.to_json())
    else:
        click.echo(summary_table(figures))
        click.echo(f"Done in {time.perf_counter() - started:.1f}s", err=True)
