"""`reporter stats ytd YYYY-MM`: January through a month (累计, 1—N月)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from .options import DATA_DIR_OPTION, SILENT_OPTION, refuse_future


def ytd_period(text: str):  # -> Period
    """The year-to-date period ending with MONTH; a month not yet begun is refused."""
    from ..errors import ReporterError
    from ..stats.period import Period

    month = Period.parse(text)
    if month.kind != "month":
        raise ReporterError(f"{text!r} is not a month (use YYYY-MM)")
    refuse_future(month.start, text)
    return Period.ytd(month.start.year, month.start.month)


@click.command("ytd")
@click.argument("month")
@DATA_DIR_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the figures object as JSON.")
@SILENT_OPTION
def stats_ytd(month: str, data_dir: Path | None, as_json: bool, silent: bool) -> None:
    """Year-to-date figures: January through MONTH (YYYY-MM), YoY on the same months."""
    from .stats import print_figures

    started = time.perf_counter()
    print_figures(ytd_period(month), data_dir, as_json, silent, started)
