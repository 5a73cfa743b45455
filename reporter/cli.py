"""The `reporter` command line: the click group. Each command lives in its own module under
reporter/commands/ and computes nothing; it parses options and calls the library.

Heavy modules (pandas, pyarrow, WeasyPrint) are imported inside commands so `--help` is instant.
A new command is one import and one `add_command` line below; a new subcommand of `ingest` or
`stats` is `ingest.add_command(…)` / `stats.add_command(…)`.
"""

from __future__ import annotations

import click

from . import __version__
from .commands.annual import annual
from .commands.demo import demo
from .commands.diff import diff_command
from .commands.ingest import ingest
from .commands.monthly import monthly
from .commands.options import open_store
from .commands.release import release_command
from .commands.site import site
from .commands.stats import stats
from .commands.synergy import synergy

__all__ = ["cli", "ingest", "main", "open_store", "stats"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reporter")
def cli() -> None:
    """Clean-air bulletins from Chinese city air-quality feeds.

    \b
    A month, start to finish:
      reporter ingest cnemc inbox/            # the month's CNEMC hourly files
      reporter stats monthly 2024-01          # check the figures
      reporter stats monthly 2024-01 --json   # the figures object, for partners and templates
    """


def main() -> None:  # pragma: no cover - console entry point
    cli()


for _command in (
    ingest,
    stats,
    monthly,
    annual,
    site,
    synergy,
    diff_command,
    release_command,
    demo,
):
    cli.add_command(_command)
