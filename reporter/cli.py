"""The `reporter` command line: parses options and calls the library; it computes nothing.

Heavy modules (pandas, pyarrow, WeasyPrint) are imported inside commands so `--help` is instant.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from . import __version__
from .commands.options import CONTENT_DIR_OPTION, DATA_DIR_OPTION, SILENT_OPTION, STRICT_OPTION
from .config import DEFAULT_DATA_DIR


def open_store(data_dir: Path | None, *, silent: bool = False):  # -> Store
    """The store to use; the default store is filled from the bundled demo data on first use."""
    from .store import Store

    if data_dir is not None:
        return Store(data_dir)
    store = Store(DEFAULT_DATA_DIR)
    if store.is_empty():
        from .demo import load_demo

        click.echo("The store is empty: loading the bundled synthetic demo data…", err=True)
        load_demo(store, silent=silent)
    return store


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


@cli.group()
def ingest() -> None:
    """Validate feed files and add them to the store (idempotent; revised files replace values)."""


def _print_ingest(report, silent: bool) -> None:
    for name, files in sorted(report.unmapped.items()):
        click.echo(f"  not in the registry, skipped: {name} ({files} file(s))", err=True)
    for code, names in sorted(report.merged.items()):
        click.echo(f"  merged columns {' + '.join(names)} into city {code}", err=True)
    for problem in report.problems[:50]:
        click.echo(f"  excluded: {problem.line()}", err=True)
    if len(report.problems) > 50:
        click.echo(f"  … and {len(report.problems) - 50} more excluded value(s)", err=True)
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
    from .ingest import ingest_cnemc
    from .progress import progress
    from .registry import load_registry
    from .store import Store

    store = Store(data_dir or DEFAULT_DATA_DIR)
    report = ingest_cnemc(
        paths,
        store,
        load_registry(),
        strict=strict,
        progress=lambda items, label: progress(items, label, silent=silent),
    )
    _print_ingest(report, silent)


@ingest.command("daily")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@DATA_DIR_OPTION
@STRICT_OPTION
def ingest_daily_command(file: Path, data_dir: Path | None, strict: bool) -> None:
    """Ingest a tidy daily table: city, date, pm25, o3_mda8 [, pm10, so2, no2, co, o3_1h]."""
    from .ingest import ingest_daily
    from .registry import load_registry
    from .store import Store

    _print_ingest(
        ingest_daily(file, Store(data_dir or DEFAULT_DATA_DIR), load_registry(), strict=strict),
        False,
    )


@ingest.command("monthly")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@DATA_DIR_OPTION
@STRICT_OPTION
def ingest_monthly_command(file: Path, data_dir: Path | None, strict: bool) -> None:
    """Ingest a tidy monthly table: city, month, pm25, o3_8h_90."""
    from .ingest import ingest_monthly
    from .registry import load_registry
    from .store import Store

    store = Store(data_dir or DEFAULT_DATA_DIR)
    _print_ingest(ingest_monthly(file, store, load_registry(), strict=strict), False)


@cli.group()
def stats() -> None:
    """Compute the figures of a month or a year (the JSON contract with --json)."""


def _stats(period_text: str, kind: str, data_dir: Path | None, as_json: bool, silent: bool) -> None:
    from .stats.period import Period
    from .stats.summary import build_figures
    from .textreport import summary_table

    started = time.perf_counter()
    period = Period.parse(period_text)
    if period.kind != kind:
        raise click.BadParameter(
            f"{period_text!r} is not a {kind} (use {'YYYY-MM' if kind == 'month' else 'YYYY'})"
        )
    figures = build_figures(open_store(data_dir, silent=silent), period)
    if as_json:
        click.echo(figures.to_json())
    else:
        click.echo(summary_table(figures))
        click.echo(f"Done in {time.perf_counter() - started:.1f}s", err=True)


@stats.command("monthly")
@click.argument("month")
@DATA_DIR_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the figures object as JSON.")
@SILENT_OPTION
def stats_monthly(month: str, data_dir: Path | None, as_json: bool, silent: bool) -> None:
    """Figures for MONTH (YYYY-MM)."""
    _stats(month, "month", data_dir, as_json, silent)


@stats.command("annual")
@click.argument("year")
@DATA_DIR_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the figures object as JSON.")
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
    from .stats.annual import build_annual_report_figures
    from .stats.period import Period

    period = Period.parse(year)
    if period.kind != "year":
        raise click.BadParameter(f"{year!r} is not a year (use YYYY)")
    report = build_annual_report_figures(
        open_store(data_dir, silent=silent), period.start.year, base_year
    )
    if as_json:
        click.echo(report.to_json())
        return
    for area in report.areas:
        points = " ".join(f"{p.year}:{p.published}" for p in area.pm25.points)
        change = area.pm25.change_on_base_year.pct_published
        click.echo(f"{area.name_en:44} PM2.5 {points}  vs {report.base_year}: {change:+.1f}%")


@cli.command("diff")
@click.argument("month")
@DATA_DIR_OPTION
def diff_command(month: str, data_dir: Path | None) -> None:
    """What changed in the store, and in MONTH's published figures, since MONTH was released."""
    from .releases import diff_since_release
    from .stats.period import Period

    report = diff_since_release(open_store(data_dir), Period.parse(month))
    click.echo("\n".join(report.lines()))


@cli.command("release")
@click.argument("month")
@DATA_DIR_OPTION
@click.option(
    "--inbox",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of new feed files (default: DATA_DIR/inbox).",
)
@click.option(
    "--publish-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where the published version is linked (default: build/publish).",
)
@CONTENT_DIR_OPTION
@click.option(
    "--work-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for intermediate builds and caches (default: build/).",
)
@click.option(
    "--dry-run", is_flag=True, help="Ingest into a copy, show what would change, publish nothing."
)
@STRICT_OPTION
@SILENT_OPTION
def release_command(
    month: str,
    data_dir: Path | None,
    inbox: Path | None,
    publish_dir: Path | None,
    content_dir: Path | None,
    work_dir: Path | None,
    dry_run: bool,
    strict: bool,
    silent: bool,
) -> None:
    """The month's release: ingest the inbox, check content, show the diff, build, publish.

    \b
    reporter release 2024-01 --dry-run    # what would change; nothing is written
    reporter release 2024-01              # PDFs + site, published atomically to build/publish
    """
    from .progress import progress
    from .release import BUILD_DIR, run_release

    store = open_store(data_dir, silent=silent)
    link = publish_dir or BUILD_DIR / "publish"
    report = run_release(
        store,
        month,
        inbox=inbox or store.data_dir / "inbox",
        publish_link=link,
        content_dir=content_dir,
        dry_run=dry_run,
        strict=strict,
        work_dir=work_dir or BUILD_DIR,
        echo=click.echo,
        progress=lambda items, label: progress(items, label, silent=silent),
    )
    click.echo(report.summary(link))


@cli.group()
def demo() -> None:
    """The synthetic demo dataset (clearly labelled as such wherever it shows)."""


@demo.command("generate")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the demo feed files (default: data/demo).",
)
@click.option("--seed", type=int, default=20240101, show_default=True)
def demo_generate(out: Path | None, seed: int) -> None:
    """Regenerate the demo feed files deterministically (same seed, same bytes)."""
    from .demo import DEMO_DIR, generate_demo

    started = time.perf_counter()
    written = generate_demo(out or DEMO_DIR, seed=seed)
    click.echo(
        f"Wrote {len(written)} demo file(s) to {out or DEMO_DIR} in {time.perf_counter() - started:.1f}s"
    )


@demo.command("load")
@DATA_DIR_OPTION
@SILENT_OPTION
def demo_load(data_dir: Path | None, silent: bool) -> None:
    """Ingest the bundled demo feed files into the store."""
    from .demo import load_demo
    from .store import Store

    started = time.perf_counter()
    load_demo(Store(data_dir or DEFAULT_DATA_DIR), silent=silent)
    click.echo(f"Demo data loaded in {time.perf_counter() - started:.1f}s")


def main() -> None:  # pragma: no cover - console entry point
    cli()


def _register_commands() -> None:
    """Commands that live in their own modules (each imports only click at load time)."""
    from .commands.annual import annual
    from .commands.content import content
    from .commands.fetch import fetch
    from .commands.monthly import monthly
    from .commands.new import new
    from .commands.preview import preview
    from .commands.site import site
    from .commands.synergy import synergy

    cli.add_command(annual)
    cli.add_command(content)
    cli.add_command(fetch)
    cli.add_command(monthly)
    cli.add_command(new)
    cli.add_command(preview)
    cli.add_command(site)
    cli.add_command(synergy)


_register_commands()
