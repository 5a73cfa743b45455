"""The monthly figures JSON carries the 13-month national trend, the same numbers the bulletin
chart draws; and the whole 2024-01 figures JSON of the demo store is kept as a golden file.

Regenerate the golden file after an intended change of the figures, then review the diff:

    .venv/bin/python tests/regen_golden.py
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter.cli import cli
from reporter.demo.feeds import load_demo
from reporter.figures import SCHEMA_VERSION
from reporter.store import Store

GOLDEN = Path(__file__).resolve().parent / "golden" / "figures-2024-01.json"
VOLATILE = {"software": "reporter"}  # the version changes with every release, not the figures


def demo_figures_json(data_dir: Path) -> dict:
    """`reporter stats monthly 2024-01 --json` on the demo store, as a partner reads it."""
    result = CliRunner().invoke(
        cli, ["stats", "monthly", "2024-01", "--data-dir", str(data_dir), "--json", "--silent"]
    )
    assert result.exit_code == 0, result.output
    return {**json.loads(result.output), **VOLATILE}


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("trend") / "data")
    load_demo(store, silent=True)
    return store


@pytest.fixture(scope="module")
def figures_json(demo_store) -> dict:
    return demo_figures_json(demo_store.data_dir)


def test_schema_version_is_5(figures_json):
    assert SCHEMA_VERSION == 5
    assert figures_json["schema_version"] == 5


def test_trend_has_13_months_ending_with_the_month(figures_json):
    trend = figures_json["trend"]
    assert [p["period"] for p in trend] == [f"2023-{m:02d}" for m in range(1, 13)] + ["2024-01"]
    assert set(trend[0]) == {"period", "pm25", "o3", "pm25_cities", "o3_cities"}


def test_last_point_is_the_months_own_published_value(figures_json):
    last = figures_json["trend"][-1]
    assert last["pm25"] == figures_json["pm25"]["published"] == 47
    assert last["o3"] == figures_json["o3"]["published"]
    assert last["pm25_cities"] == figures_json["pm25"]["n_cities"]
    assert last["o3_cities"] == figures_json["o3"]["n_cities"]


def test_earlier_points_are_those_months_own_figures(demo_store, figures_json):
    from reporter.stats.period import Period
    from reporter.stats.summary import build_figures

    month = build_figures(demo_store, Period.parse("2023-07"), with_trend=False)
    [point] = [p for p in figures_json["trend"] if p["period"] == "2023-07"]
    assert (point["pm25"], point["o3"]) == (month.pm25.published, month.o3.published)
    assert (point["pm25_cities"], point["o3_cities"]) == (month.pm25.n_cities, month.o3.n_cities)


def chart_rows(build, key: str, lang: str) -> list[dict]:
    """The rows the bulletin's trend chart draws (its Vega-Lite data), for one pollutant."""
    from reporter.charts.bulletin import load_style, trend_line
    from reporter.render.templating import load_catalogue

    spec = trend_line(build.context.pollutant(key), lang, load_catalogue(lang), load_style())
    datasets = spec.get("datasets") or {}
    [rows] = list(datasets.values()) if datasets else [spec["data"]["values"]]
    return rows


@pytest.mark.parametrize("key", ["pm25", "o3"])
def test_json_trend_is_what_the_bulletin_chart_draws(demo_store, figures_json, tmp_path, key):
    from reporter.bulletin.build import BulletinBuild

    build = BulletinBuild(demo_store, "2024-01", out_dir=tmp_path / "out", build_dir=tmp_path)
    steps = dict(build.steps())
    steps["figures"]()
    steps["trend"]()
    drawn = [(r["month"], r["value"]) for r in chart_rows(build, key, "en")]
    published = [
        (p["period"].replace("-", "."), p[key]) for p in figures_json["trend"] if p[key] is not None
    ]
    assert len(drawn) == 13
    assert drawn == published
    assert build.figures.to_dict()["trend"] == figures_json["trend"]


def write_golden() -> None:
    """Write tests/golden/figures-2024-01.json from a fresh demo store."""
    with tempfile.TemporaryDirectory() as work:
        store = Store(Path(work) / "data")
        load_demo(store, silent=True)
        text = json.dumps(demo_figures_json(store.data_dir), ensure_ascii=False, indent=2)
    GOLDEN.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN.relative_to(GOLDEN.parents[2])}")


def test_golden_figures_json(figures_json):
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert figures_json == expected, (
        f"{GOLDEN} differs; if intended, run .venv/bin/python tests/regen_golden.py "
        "and review the diff"
    )
