"""`reporter synergy`: CO2 / air-pollution synergy rankings from an emissions inventory."""

from __future__ import annotations

import time
from pathlib import Path

import click

from .options import DATA_DIR_OPTION


@click.command("synergy")
@click.option(
    "--emissions",
    "emissions",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Inventory table (CSV, Parquet or Excel): city, year, co2, so2, nox, pm "
    "[, aqi, pm25, no2, o3]; co2/so2/nox/pm in tonnes. Default: the bundled synthetic demo inventory.",
)
@click.option(
    "--base",
    type=int,
    default=None,
    metavar="YEAR",
    help="Base year (default: the file's first year).",
)
@click.option(
    "--target",
    type=int,
    default=None,
    metavar="YEAR",
    help="Target year (default: the file's last year).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the synergy result as JSON.")
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse the file if a row names a city not in the registry, or a column is outside "
    "the format. Without it such rows and columns are skipped and listed.",
)
@DATA_DIR_OPTION
def synergy(
    emissions: Path | None,
    base: int | None,
    target: int | None,
    as_json: bool,
    strict: bool,
    data_dir: Path | None,
) -> None:
    """Rank cities on CO2 × air-pollutant (LAPeq) and CO2 × AQI co-reduction.

    \b
    Reduction rate = (base − target) / base, positive = reduced.
    LAPeq = 1000 × (SO2/0.95 + NOx/0.95 + PM/2.18) pollution equivalents (tonnes → kg).
    Class I: both rates > 0; II: exactly one; III: neither. Rank by class, then by the
    sum of the two rates, larger first; equal sums share the better rank (1, 2, 2, 4).
    A city missing a year, a value or with a zero base is listed as not ranked, with why.
    Duplicate city-years, negative or non-numeric values and a missing column refuse the file.
    """
    from .. import __version__
    from ..demo.inventory import DEMO_EMISSIONS
    from ..feeds.emissions import read_inventory
    from ..settings import load_settings
    from ..synergy import compute_synergy, summary_text

    started = time.perf_counter()
    path = emissions or DEMO_EMISSIONS
    if not path.exists():
        raise click.BadParameter(f"file {str(path)!r} does not exist", param_hint="--emissions")
    registry = load_settings(data_dir).registry  # the data folder's, as every command reads it
    inventory = read_inventory(path, registry, strict=strict)
    years = inventory.years
    if not years:
        raise click.ClickException(f"{path}: no row names a registry city")
    result = compute_synergy(
        inventory,
        registry,
        years[0] if base is None else base,
        years[-1] if target is None else target,
        synthetic=path.resolve().is_relative_to(DEMO_EMISSIONS.parent.resolve()),
        software=f"reporter {__version__}",
    )
    if as_json:
        click.echo(result.to_json())
        return
    click.echo(summary_text(result))
    click.echo(f"Done in {time.perf_counter() - started:.1f}s", err=True)
