"""Build data/registry/cities.csv from cpca's division table and the curated overrides.

Sources:
  * ``cpca`` (MIT): its ``resources/adcodes.csv`` gives the 6-digit division codes, official
    names and city-seat coordinates (GCJ-02, converted here to WGS-84).
  * ``pypinyin`` (MIT): English names for ordinary cities (toneless pinyin).
  * ``data/registry/overrides.yaml``: scope, renamed units, short names, English exceptions
    and extra aliases (feed spellings, former names, names used in seed 003).

To rerun it, install the build-only dependencies into the project's virtualenv:

    .venv/bin/pip install cpca==0.5.5 pypinyin==0.55.0
    .venv/bin/python scripts/build_registry.py            # rewrite cities.csv
    .venv/bin/python scripts/build_registry.py --check    # fail if cities.csv is stale
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pypinyin import Style, lazy_pinyin

ROOT = Path(__file__).resolve().parent.parent
REGISTRY_DIR = ROOT / "data" / "registry"
OVERRIDES = REGISTRY_DIR / "overrides.yaml"
OUTPUT = REGISTRY_DIR / "cities.csv"
HEADER = ("code", "name_zh", "name_en", "province_zh", "province_en", "lon", "lat", "aliases")
EXPECTED_COUNT = 339


@dataclass
class Unit:
    code: str
    full_name: str
    lon: float
    lat: float


def adcodes_path() -> Path:
    """Locate cpca's table without importing cpca (its import builds a large matcher)."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("cpca is not installed: .venv/bin/pip install cpca==0.5.5")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


def read_adcodes(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["adcode"][:6]: row for row in csv.DictReader(handle)}


# GCJ-02 is the obfuscated datum of Chinese web maps; the registry stores WGS-84.
_A = 6378245.0
_EE = 0.00669342162296594323


def _delta(lon: float, lat: float) -> tuple[float, float]:
    x, y = lon - 105.0, lat - 35.0
    common = (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    dlat += common
    dlat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2 / 3
    dlat += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2 / 3
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    dlon += common
    dlon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2 / 3
    dlon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2 / 3
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * math.sqrt(magic)) * math.pi)
    dlon = (dlon * 180.0) / (_A / math.sqrt(magic) * math.cos(radlat) * math.pi)
    return dlon, dlat


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """Invert the forward shift by fixed-point iteration (converges to < 1e-8 degrees)."""
    wlon, wlat = lon, lat
    for _ in range(10):
        dlon, dlat = _delta(wlon, wlat)
        wlon, wlat = lon - dlon, lat - dlat
    return wlon, wlat


def pinyin_name(text: str) -> str:
    """Toneless pinyin as one capitalised word, with the apostrophe before a/e/o syllables."""
    syllables = lazy_pinyin(text, style=Style.NORMAL, v_to_u=True)
    word = syllables[0]
    for syllable in syllables[1:]:
        word += ("'" if syllable[0] in "aeo" else "") + syllable
    return word[0].upper() + word[1:]


def collect_units(adcodes: dict[str, dict[str, str]], ov: dict[str, Any]) -> list[Unit]:
    excluded = set(ov["excluded"])
    renamed = ov["renamed"]
    units: list[Unit] = []

    def unit(code: str, name: str, source: str) -> Unit:
        row = adcodes[source]
        return Unit(code, name, float(row["longitude"]), float(row["latitude"]))

    for code, seat in ov["municipalities"].items():
        units.append(unit(code, adcodes[code]["name"], seat))
    for code, row in adcodes.items():
        is_prefecture = code[2:4] != "00" and code[4:] == "00" and code[2:4] != "90"
        name = row["name"]
        if not is_prefecture or code in excluded or code in ov["municipalities"].values():
            continue
        if name in ("县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        if code in renamed:
            units.append(unit(renamed[code]["code"], renamed[code]["name"], code))
        else:
            units.append(unit(code, name, code))
    units.extend(unit(code, adcodes[code]["name"], code) for code in ov["added"])
    return sorted(units, key=lambda u: u.code)


def build_rows(units: list[Unit], ov: dict[str, Any]) -> list[dict[str, str]]:
    rows = []
    for u in units:
        full = u.full_name
        if u.code in ov["short_names"]:
            name_zh = ov["short_names"][u.code]
            core, suffix = name_zh.removesuffix("州"), " Prefecture"
        elif full.endswith("地区"):
            name_zh, core, suffix = full, full.removesuffix("地区"), " Prefecture"
        elif full.endswith("盟"):
            name_zh, core, suffix = full, full.removesuffix("盟"), " League"
        elif full.endswith("市"):
            name_zh = core = full.removesuffix("市")
            suffix = ""
        else:
            raise SystemExit(f"{u.code} {full}: unknown unit type, add it to short_names")
        name_en = ov["english"].get(u.code) or pinyin_name(core) + suffix
        province_zh, province_en = ov["provinces"][u.code[:2]]
        aliases: list[str] = []
        for alias in (full, core, *ov["aliases"].get(u.code, [])):
            if alias != name_zh and alias not in aliases:
                aliases.append(alias)
        lon, lat = gcj02_to_wgs84(u.lon, u.lat)
        rows.append(
            {
                "code": u.code,
                "name_zh": name_zh,
                "name_en": name_en,
                "province_zh": province_zh,
                "province_en": province_en,
                "lon": f"{lon:.4f}",
                "lat": f"{lat:.4f}",
                "aliases": "|".join(aliases),
            }
        )
    return rows


def check_rows(rows: list[dict[str, str]], ov: dict[str, Any]) -> list[str]:
    problems = []
    if len(rows) != EXPECTED_COUNT:
        problems.append(f"{len(rows)} cities, expected {EXPECTED_COUNT}")
    unused = set(ov["english"]) | set(ov["aliases"]) | set(ov["short_names"])
    unused -= {row["code"] for row in rows}
    if unused:
        problems.append(f"overrides name unknown codes: {sorted(unused)}")
    owner: dict[str, str] = {}
    for row in rows:
        names = [row["name_zh"], row["name_en"], *row["aliases"].split("|")]
        for name in filter(None, names):
            key = name.casefold()
            if owner.setdefault(key, row["code"]) != row["code"]:
                problems.append(f"{name!r} claimed by {owner[key]} and {row['code']}")
    return problems


def render(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    overrides = yaml.safe_load(OVERRIDES.read_text(encoding="utf-8"))
    rows = build_rows(collect_units(read_adcodes(adcodes_path()), overrides), overrides)
    problems = check_rows(rows, overrides)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    text = render(rows)
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date: rerun scripts/build_registry.py", file=sys.stderr)
            return 1
        print(f"{OUTPUT}: up to date ({len(rows)} cities)")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT} ({len(rows)} cities)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
