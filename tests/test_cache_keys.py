"""Every cache is keyed by the recipes of reporter.digests: an edited input is never served stale.

The stale-cache cases edit files of the package and of data/, so they run on a copy of the
project in a fresh interpreter: the copy's own code computes its own keys.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reporter import digests
from reporter.paths import PROJECT_ROOT
from reporter.store import Store

# The 13-month trend of a bulletin, with each month's figures replaced by a counter.
TREND = """
import json, sys
from pathlib import Path
import reporter, reporter.stats.trend as trend
from reporter.figures import TrendPoint
from reporter.store import Store

assert Path(reporter.__file__).is_relative_to(Path.cwd()), reporter.__file__
computed = []
def counted(build, root, label, key):
    computed.append(label)
    return TrendPoint(label, 30, 90, 1, 1)
trend._month_point = counted
class Value: published = 30; n_cities = 1
class Figures: period = "2024-01"; pm25 = Value; o3 = Value
trend.monthly_trend(Store(Path(sys.argv[1])), Figures, None, cache_dir=Path(sys.argv[2]))
print(json.dumps(computed))
"""

# The site's "build the bulletin PDFs first", with the PDF build replaced by a recorder.
BULLETINS = """
import json, sys
from pathlib import Path
import reporter, reporter.website.bulletins as bulletins
from reporter.store import Store

assert Path(reporter.__file__).is_relative_to(Path.cwd()), reporter.__file__
class RecordingBuild:
    def __init__(self, **kw): self.kw = kw
    def run(self, progress=None):
        for lang in self.kw["langs"]:
            name = bulletins.output_name(self.kw["period"], lang)
            (Path(self.kw["out_dir"]) / name).write_bytes(b"%PDF-1.7")
bulletins.BulletinBuild = RecordingBuild
built = bulletins.ensure_bulletins(
    Store(Path(sys.argv[1])), Path("content"), Path(sys.argv[2]), Path(sys.argv[3]))
print(json.dumps(built))
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The package, its configuration, templates and content, copied (no store, no demo feeds)."""
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__", "demo", "store", "inbox")
    for name in ("reporter", "data", "templates", "content", "site"):
        shutil.copytree(PROJECT_ROOT / name, copy / name, ignore=ignore)
    return copy


def run_in(project: Path, script: str, *args: Path) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(project)}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *map(str, args)],
        cwd=project, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_editing_rounding_py_invalidates_the_trend_cache(project, tmp_path):
    store, cache = tmp_path / "data", tmp_path / "cache"
    assert len(run_in(project, TREND, store, cache)) == 12  # 12 earlier months, all computed
    assert run_in(project, TREND, store, cache) == []  # the cache serves them
    rounding = project / "reporter" / "rounding.py"
    rounding.write_text(rounding.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert len(run_in(project, TREND, store, cache)) == 12


def test_editing_the_city_registry_rebuilds_the_bulletin_pdfs(project, tmp_path):
    store, pdfs, work = tmp_path / "data", tmp_path / "pdfs", tmp_path / "work"
    pdfs.mkdir()
    months = run_in(project, BULLETINS, store, pdfs, work)
    assert "2024-01" in months
    assert run_in(project, BULLETINS, store, pdfs, work) == []  # unchanged inputs: reused
    cities = project / "data" / "registry" / "cities.csv"
    text = cities.read_text(encoding="utf-8")
    cities.write_text(text.replace(",Beijing,", ",Peking,", 1), encoding="utf-8")
    assert run_in(project, BULLETINS, store, pdfs, work) == months


def test_the_engine_recipe_follows_the_bands_of_the_data_dir(tmp_path):
    default = digests.ENGINE(tmp_path)  # no bands.yaml here: the project's own
    bands = tmp_path / "bands.yaml"
    bands.write_bytes((PROJECT_ROOT / "data" / "bands.yaml").read_bytes())
    assert digests.ENGINE(tmp_path) == default  # the same bytes, the same key
    bands.write_text(bands.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert digests.ENGINE(tmp_path) != default


def test_the_store_recipe_changes_with_an_ingested_file_and_not_with_history(tmp_path, registry):
    from helpers import load_daily, month_days

    store = Store(tmp_path / "data")
    empty = digests.STORE(store)
    load_daily(store, registry, tmp_path, [("北京", d, 30, 90) for d in month_days(2024, 1, 3)])
    loaded = digests.STORE(store)
    assert loaded != empty
    (store.root / "history").mkdir(exist_ok=True)
    (store.root / "history" / "old.parquet").write_bytes(b"x")
    assert digests.STORE(store) == loaded


def test_the_engine_code_is_what_the_engine_imports():
    names = {
        p.relative_to(PROJECT_ROOT).as_posix() for p in digests.code_files(*digests.ENGINE_ENTRIES)
    }
    # The rounding and the registry reach every figure; the website and the PDFs do not.
    assert {"reporter/rounding.py", "reporter/registry.py", "reporter/stats/period.py"} <= names
    assert not any(n.startswith(("reporter/website/", "reporter/render/")) for n in names)


def test_the_site_templates_recipe_covers_the_bulletin_code_its_pages_use():
    names = {
        p.relative_to(PROJECT_ROOT).as_posix() for p in digests.code_files("reporter.website.build")
    }
    assert {
        "reporter/website/pages.py",
        "reporter/website/cities.py",
        "reporter/bulletin/narrative.py",
    } <= names
