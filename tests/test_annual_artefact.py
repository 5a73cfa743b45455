"""The annual report's built figures (`annual-YYYY.json` beside its PDFs) and the website pages
published from them: a report built with its own inventory and base year shows those numbers on
the site, never figures recomputed from the store with the demo inventory.
"""

from __future__ import annotations

import csv
import hashlib
import json
import types
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import pytest
from test_annual_report import demo  # noqa: F401  (a session fixture)

PROJECT = Path(__file__).resolve().parents[1]
DEMO_INVENTORY = PROJECT / "data" / "demo" / "emissions" / "emissions_demo.csv"
N_CITIES = 40


def small_inventory(path: Path) -> list[str]:
    """The first 40 cities of the demo inventory, their 2020 rows relabelled 2022."""
    with DEMO_INVENTORY.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = list(dict.fromkeys(r["city"] for r in rows))[:N_CITIES]
    kept = [dict(r, year="2022" if r["year"] == "2020" else r["year"]) for r in rows
            if r["city"] in names]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    return names


def co2_rate_pct(path: Path, city: str) -> str:
    """Hand computation: (base − target) / base in percent, two places, half to even."""
    with path.open(encoding="utf-8") as handle:
        co2 = {r["year"]: Decimal(r["co2"]) for r in csv.DictReader(handle) if r["city"] == city}
    rate = (co2["2022"] - co2["2025"]) / co2["2022"] * 100
    return str(rate.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN))


@pytest.fixture(scope="module")
def own_report(demo, tmp_path_factory):  # noqa: F811  (the fixture imported above)
    """The 2025 report built through the CLI with a 40-city inventory and base year 2021."""
    from click.testing import CliRunner

    from reporter.commands.annual import annual

    work, store = demo
    folder = tmp_path_factory.mktemp("own-report")
    inventory = folder / "inventory-40.csv"
    names = small_inventory(inventory)
    out = folder / "annual"
    args = ["2025", "--base-year", "2021", "--emissions", str(inventory), "--lang", "zh,en",
            "--data-dir", str(work / "data"), "--out", str(out), "--content-dir",
            str(folder / "no-content"), "-q"]  # fmt: skip
    result = CliRunner().invoke(annual, args)
    assert result.exit_code == 0, result.output
    return types.SimpleNamespace(store=store, out=out, inventory=inventory, names=names)


def site_files(report, tmp_path) -> tuple[dict[str, str], dict[str, Path], list[str]]:
    """The site's annual unit as the site build plans and renders it: files, copies, problems."""
    from reporter.registry import load_registry
    from reporter.website.build import annual_reports
    from reporter.website.inputs import Cache
    from reporter.website.pages import Plan, _plan_annual
    from reporter.website.templating import SiteTemplates

    pdfs = annual_reports(report.out)
    # A store at hand, as a site build has one: the annual pages must not read it.
    site = types.SimpleNamespace(
        annual_pdfs=pdfs,
        store=report.store,
        registry=load_registry(),
        config_digest="config",
        content=types.SimpleNamespace(root=tmp_path / "no-content"),
        covers={},  # no cover thumbnails drawn: the page goes without them
    )
    plan, units = Plan(), []
    templates = SiteTemplates(Cache(tmp_path / "cache"))
    _plan_annual(site, templates, 2025, pdfs[2025], lambda *unit: units.append(unit), plan)
    (unit,) = units
    return unit[3](), plan.copies, plan.problems


@pytest.mark.slow
def test_the_figures_are_written_beside_the_pdfs_with_their_inputs(own_report):
    path = own_report.out / "annual-2025.json"
    data = json.loads(path.read_text("utf-8"))
    assert (data["kind"], data["schema_version"]) == ("annual-report", 2)
    assert (data["figures"]["year"], data["figures"]["base_year"]) == (2025, 2021)
    assert data["figures"]["years"][0] == 2021
    assert not {"year", "base_year"} & data.keys()  # one name per number: inside figures only
    sha = hashlib.sha256(own_report.inventory.read_bytes()).hexdigest()
    assert data["inputs"]["emissions"]["sha256"] == sha == data["synergy"]["sha256"]
    assert data["synergy"]["years_in_file"] == [2022, 2025]
    result = data["synergy"]["result"]
    assert (result["base_year"], result["target_year"]) == (2022, 2025)
    assert result["summary"]["n_cities_in_file"] == N_CITIES
    assert sorted(data["inputs"]["store"]) == [str(y) for y in range(2021, 2026)]


@pytest.mark.slow
def test_the_site_publishes_the_built_numbers_not_the_store(own_report, tmp_path):
    files, copies, problems = site_files(own_report, tmp_path)
    assert problems == []
    zh, en = files["annual/2025.md"], files["annual/2025.en.md"]
    assert f"排放清单包含{N_CITIES}个城市的数据" in zh
    assert "以2022年为基准年、2025年为目标年" in zh
    assert f"The inventory has data for {N_CITIES} cities" in en
    assert "较2021年" in zh and "较2020年" not in zh  # the report's base year, not the default
    rows = list(csv.DictReader(files["annual/2025-synergy-ranking.csv"].splitlines()))
    assert {r["name_zh"] for r in rows} <= set(own_report.names) and len(rows) == N_CITIES
    beijing = next(r for r in rows if r["name_zh"] == "北京")
    assert beijing["co2_rate_pct"] == co2_rate_pct(own_report.inventory, "北京")
    # Every number of the ranking download and the national air figures of the page are the
    # built artefact's (its inventory and base year), not a recomputation.
    data = json.loads((own_report.out / "annual-2025.json").read_text("utf-8"))
    built = {c["code"]: c for c in data["synergy"]["result"]["cities"]}
    for row in rows:
        row = {k.lstrip("\ufeff"): v for k, v in row.items()}  # the file opens with a BOM
        city = built[row["code"]]
        for column, key in (("rank_emissions", "rank_emissions"),
                            ("sum_emissions_pct", "sum_emissions_pct_published")):  # fmt: skip
            assert row[column] == ("" if city[key] is None else str(city[key]))
        assert row["co2_rate_pct"] == f"{city['values']['co2']['rate_pct_published']}"
        assert row["lapeq_rate_pct"] == f"{city['values']['lapeq']['rate_pct_published']}"
    national = data["figures"]["areas"][0]
    for key in ("pm25", "o3"):
        change = national[key]["change_on_base_year"]
        word = {"down": "下降", "up": "上升"}.get(change["direction"])
        if word:
            assert f"较2021年{word}{abs(change['pct_published']):.1f}%" in zh
    assert '<a href="../../data/annual/annual-2025.json" download>年度数据（JSON）</a>' in zh
    # The downloads are the built files themselves.
    assert copies["data/annual/annual-2025.json"] == own_report.out / "annual-2025.json"
    assert copies["data/annual/annual-2025-zh.pdf"] == own_report.out / "annual-2025-zh.pdf"


def test_a_report_without_its_figures_is_not_published_and_says_so(tmp_path):
    from reporter.website.pages import Plan, _plan_annual
    from reporter.website.templating import SiteTemplates

    for edition in ("zh", "en"):
        (tmp_path / f"annual-2025-{edition}.pdf").write_bytes(b"%PDF-1.4\n")
    pdfs = {2025: {e: tmp_path / f"annual-2025-{e}.pdf" for e in ("zh", "en")}}
    site = types.SimpleNamespace(annual_pdfs=pdfs)
    plan, units = Plan(), []
    _plan_annual(site, SiteTemplates(), 2025, pdfs[2025], lambda *unit: units.append(unit), plan)
    assert units == [] and site.annual_pdfs == {}
    assert plan.problems == [
        f"{tmp_path}/annual-2025.json: figures of the annual report 2025 missing beside its PDFs "
        "(rebuild it with `reporter annual 2025`)"
    ]


def test_a_foreign_json_is_refused_in_one_line(tmp_path):
    from reporter.annual.artefact import read_artefact
    from reporter.errors import InputError

    path = tmp_path / "annual-2025.json"
    path.write_text('{"kind": "synergy"}', encoding="utf-8")
    with pytest.raises(InputError, match=r"annual-2025\.json: not an annual figures file"):
        read_artefact(path)
