"""Synergy rankings (seed 003): rates, classes, the tie rule, bad inventories and the JSON contract.

Every expected number is worked out by hand in the comments next to it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from reporter.commands.synergy import synergy
from reporter.demo.inventory import DEMO_EMISSIONS, generate_emissions
from reporter.errors import InputError, ReporterError
from reporter.feeds.emissions import read_inventory
from reporter.synergy import (
    classify,
    competition_ranks,
    compute_synergy,
    lapeq,
    percent,
    quadrant,
    summary_text,
)

HEADER = "city,year,co2,so2,nox,pm,aqi"


def write_inventory(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def pair(city: str, base: tuple, target: tuple, years=(2020, 2025)) -> list[str]:
    """Two rows (base year, target year) of one city from value tuples."""
    return [f"{city},{years[0]},{','.join(map(str, base))}", f"{city},{years[1]},{','.join(map(str, target))}"]  # fmt: skip


def run(tmp_path: Path, registry, rows: list[str], header: str = HEADER, base=2020, target=2025):
    path = write_inventory(tmp_path / "inventory.csv", rows, header)
    return compute_synergy(read_inventory(path, registry), registry, base, target)


# Four cities, one per quadrant of CO2 × LAPeq (values: co2, so2, nox, pm, aqi):
#   石家庄 CO2 1000 → 800 = +0.20; SO2/NOx/PM halved → LAPeq +0.50; AQI 100 → 90 = +0.10
#   唐山   CO2 1000 → 1100 = −0.10; pollutants halved → +0.50;      AQI 100 → 110 = −0.10
#   上海   CO2 1000 → 1250 = −0.25; pollutants × 1.2 → −0.20;       AQI 80 → 60 = +0.25
#   广州   CO2 1000 → 900 = +0.10;  pollutants × 1.1 → −0.10;       AQI 100 → 100 = 0
FOUR = [
    *pair("石家庄", (1000, 100, 200, 50, 100), (800, 50, 100, 25, 90)),
    *pair("唐山", (1000, 100, 200, 50, 100), (1100, 50, 100, 25, 110)),
    *pair("上海", (1000, 100, 200, 50, 80), (1250, 120, 240, 60, 60)),
    *pair("广州", (1000, 100, 200, 50, 100), (900, 110, 220, 55, 100)),
]


@pytest.fixture
def four(tmp_path, registry):
    return run(tmp_path, registry, FOUR)


def test_lapeq_weights_against_hand_computed_values():
    # SO2 95 t = 95 000 kg / 0.95 kg = 100 000 equivalents; NOx 190 t = 190 000 / 0.95 = 200 000;
    # PM 218 t = 218 000 / 2.18 = 100 000. Total 400 000 pollution equivalents.
    assert lapeq(Fraction(95), Fraction(190), Fraction(218)) == 400_000
    assert lapeq(Fraction(0), Fraction(0), Fraction(218)) == 100_000  # PM weighs 2.18, not 0.95


def test_lapeq_weights_change_the_rate(tmp_path, registry):
    # Base SO2 95 t + PM 218 t = 100 000 + 100 000 = 200 000 eq.; target PM 218 t only = 100 000.
    # LAPeq rate = (200 000 − 100 000) / 200 000 = 0.5 (a plain tonne sum would give 95/313).
    result = run(tmp_path, registry, pair("北京", (1000, 95, 0, 218, 50), (900, 0, 0, 218, 50)))
    beijing = result.city("北京")
    assert beijing.values["lapeq"].base == 400_000 / 2
    assert beijing.values["lapeq"].target == 100_000
    assert beijing.lapeq_rate == 0.5
    assert beijing.so2_rate == 1.0 and beijing.pm_rate == 0.0


def test_each_class_with_hand_computed_rates(four):
    shijiazhuang, tangshan, shanghai, guangzhou = (
        four.city(n) for n in ("石家庄", "唐山", "上海", "广州")
    )
    assert (shijiazhuang.co2_rate, shijiazhuang.lapeq_rate, shijiazhuang.aqi_rate) == (
        0.2,
        0.5,
        0.1,
    )
    assert shijiazhuang.class_emissions == "I"  # both > 0
    assert (tangshan.co2_rate, tangshan.lapeq_rate) == (-0.1, 0.5)
    assert tangshan.class_emissions == "II"  # LAPeq only
    assert (guangzhou.co2_rate, guangzhou.lapeq_rate) == (0.1, -0.1)
    assert guangzhou.class_emissions == "II"  # CO2 only
    assert (shanghai.co2_rate, shanghai.lapeq_rate) == (-0.25, -0.2)
    assert shanghai.class_emissions == "III"  # neither
    # Class first, then the sum: I 0.7; II 0.4 (唐山) before 0.0 (广州); III −0.45.
    assert [c.city for c in four.ranked("emissions")] == ["石家庄", "唐山", "广州", "上海"]
    assert [c.rank_emissions for c in four.ranked("emissions")] == [1, 2, 3, 4]
    assert shijiazhuang.sum_emissions == 0.7 and shijiazhuang.sum_emissions_pct_published == 70.0
    # CO2 × AQI: 石家庄 I (0.3); 广州 II (0.1 + 0 = 0.1, AQI unchanged is not a reduction);
    # 上海 II (−0.25 + 0.25 = 0); 唐山 III (−0.2).
    assert [(c.city, c.class_air, c.rank_air) for c in four.ranked("air")] == [
        ("石家庄", "I", 1),
        ("广州", "II", 2),
        ("上海", "II", 3),
        ("唐山", "III", 4),
    ]
    assert four.summary.class_emissions["II"].count == 2
    assert four.summary.class_emissions["II"].n_positive_sum == 1  # 唐山 0.4 > 0, 广州 0.0 not
    assert (four.summary.class_emissions["III"].first_rank, four.summary.class_emissions["III"].last_rank) == (4, 4)  # fmt: skip


def test_classify_and_quadrant_treat_zero_as_not_reduced():
    f = Fraction
    assert [classify(f(1), f(1)), classify(f(1), f(0)), classify(f(0), f(0))] == ["I", "II", "III"]
    assert classify(f(-1), f(1)) == "II" and classify(f(-1), f(-1)) == "III"
    assert [quadrant(f(1), f(1)), quadrant(f(-1), f(1)), quadrant(f(0), f(0)), quadrant(f(1), f(0))] == ["I", "II", "III", "IV"]  # fmt: skip


def test_competition_ranks_share_the_better_rank():
    ranks = competition_ranks([("a", (0, -5)), ("b", (0, -3)), ("c", (0, -3)), ("d", (0, -1))])
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_tie_rule_1_2_2_4_with_a_float_tie(tmp_path, registry):
    # 天津 0.1 + 0.2 and 唐山 0.15 + 0.15 are both exactly 0.3: in binary floats they are not.
    assert 0.1 + 0.2 != 0.15 + 0.15
    rows = [
        *pair("北京", (1000, 100, 100, 100, 50), (500, 100, 100, 100, 50)),  # 0.5 + 0 → class II!
        *pair("石家庄", (1000, 100, 100, 100, 50), (800, 70, 70, 70, 50)),  # 0.2 + 0.3 = 0.5
        *pair("天津", (1000, 100, 100, 100, 50), (900, 80, 80, 80, 50)),  # 0.1 + 0.2 = 0.3
        *pair("唐山", (1000, 100, 100, 100, 50), (850, 85, 85, 85, 50)),  # 0.15 + 0.15 = 0.3
        *pair("邯郸", (1000, 100, 100, 100, 50), (950, 95, 95, 95, 50)),  # 0.05 + 0.05 = 0.1
    ]
    result = run(tmp_path, registry, rows)
    ranked = [(c.city, c.rank_emissions) for c in result.ranked("emissions")]
    # Cities sharing a rank are listed by code: 天津 120000 before 唐山 130200.
    assert ranked == [("石家庄", 1), ("天津", 2), ("唐山", 2), ("邯郸", 4), ("北京", 5)]
    assert result.city("天津").sum_emissions == result.city("唐山").sum_emissions
    # 北京's sum 0.5 equals 石家庄's, but class comes first: it ranks after every class I city.
    assert result.city("北京").class_emissions == "II"


def test_zero_base_is_not_ranked_with_the_reason(tmp_path, registry):
    rows = [
        *pair("北京", (0, 100, 100, 100, 50), (100, 90, 90, 90, 45)),  # CO2 base 0
        *pair("天津", (1000, 0, 0, 0, 50), (900, 5, 5, 5, 45)),  # LAPeq base 0
        *pair("石家庄", (1000, 100, 100, 100, 50), (900, 90, 90, 90, 45)),
    ]
    result = run(tmp_path, registry, rows)
    beijing, tianjin = result.city("北京"), result.city("天津")
    assert beijing.rank_emissions is None and beijing.rank_air is None
    assert beijing.co2_rate is None
    assert beijing.reason_emissions == (
        "zero base: CO2 is 0 in 2020, so its reduction rate is undefined"
    )
    assert tianjin.rank_emissions is None and "LAPeq is 0 in 2020" in tianjin.reason_emissions
    assert tianjin.rank_air == 1 and tianjin.class_air == "I"  # CO2 and AQI are fine
    assert result.city("石家庄").rank_emissions == 1
    assert {(n.city, n.ranking, n.reason_code) for n in result.not_ranked} == {
        ("北京", "emissions", "zero_base"),
        ("北京", "air", "zero_base"),
        ("天津", "emissions", "zero_base"),
    }
    assert result.summary.n_ranked_emissions == 1 and result.summary.n_ranked_air == 2


def test_city_missing_a_year_or_a_value_is_not_ranked(tmp_path, registry):
    rows = [
        "北京,2020,1000,100,100,100,50",  # no 2025 row
        *pair("天津", (1000, 100, 100, 100, 50), ("", 90, 90, 90, 45)),  # CO2 blank in 2025
        *pair("石家庄", (1000, 100, 100, 100, 50), (900, 90, 90, 90, "")),  # AQI blank in 2025
    ]
    result = run(tmp_path, registry, rows)
    beijing, tianjin, shijiazhuang = (result.city(n) for n in ("北京", "天津", "石家庄"))
    assert beijing.reason_emissions == "no row for 2025" and beijing.rank_air is None
    assert beijing.rows == {"base": 2, "target": None}
    assert tianjin.reason_emissions == "co2 is empty for 2025 (row 4)"
    assert shijiazhuang.rank_emissions == 1 and shijiazhuang.rank_air is None
    assert shijiazhuang.reason_air == "aqi is empty for 2025 (row 6)"
    codes = {(n.city, n.ranking): n.reason_code for n in result.not_ranked}
    assert codes[("北京", "emissions")] == "missing_year"
    assert codes[("天津", "air")] == "missing_value"
    assert ("石家庄", "emissions") not in codes


def test_quadrant_counts_and_shares(four):
    lapeq_quadrants = next(q for q in four.quadrants if q.y == "lapeq")
    assert lapeq_quadrants.counts == {"I": 1, "II": 1, "III": 1, "IV": 1}
    assert lapeq_quadrants.shares_pct_published == {"I": 25.0, "II": 25.0, "III": 25.0, "IV": 25.0}
    aqi = next(q for q in four.quadrants if q.y == "aqi")
    # 石家庄 (+,+) I; 上海 (−,+) II; 唐山 (−,−) III; 广州 (+, 0) IV.
    assert aqi.counts == {"I": 1, "II": 1, "III": 1, "IV": 1}
    so2 = next(q for q in four.quadrants if q.y == "so2")
    # SO2 halved in 石家庄 and 唐山, up in 上海 and 广州: I 1, II 1, III 1, IV 1 again.
    assert so2.n_cities == 4 and so2.shares["I"] == 0.25


def test_percent_is_published_half_to_even():
    assert percent(Fraction(1, 3)) == 33.33
    assert percent(Fraction(1, 800)) == 0.12  # 0.125 % → 0.12 (GB/T 8170)
    assert percent(Fraction(3, 800)) == 0.38  # 0.375 % → 0.38
    assert percent(None) is None


def test_province_and_region_averages(four, tmp_path, registry):
    hebei = next(p for p in four.provinces if p.name_zh == "河北")
    # 石家庄 and 唐山: CO2 (0.2 − 0.1) / 2 = 0.05; LAPeq (0.5 + 0.5) / 2 = 0.5; AQI (0.1 − 0.1) / 2 = 0.
    assert hebei.n_members == 2
    assert hebei.mean_rates["co2"] == 0.05 and hebei.mean_rates_pct_published["co2"] == 5.0
    assert hebei.mean_rates["lapeq"] == 0.5 and hebei.mean_rates["aqi"] == 0
    assert hebei.class_emissions == {"I": 1, "II": 1, "III": 0}
    assert [p.name_zh for p in four.provinces] == ["河北", "上海", "广东"]  # registry order
    regions = {r.id: r for r in four.regions}  # in effect on 2025-12-31
    assert set(regions) == {"prd", "jjj_2024", "yrd_2024", "fwp_2024"}
    assert regions["jjj_2024"].n_members == 2 and regions["jjj_2024"].mean_rates["co2"] == 0.05
    assert regions["prd"].mean_rates["lapeq"] == -0.1  # 广州 alone
    assert regions["fwp_2024"].n_members == 0 and regions["fwp_2024"].mean_rates["co2"] is None
    # With 2019 as the target the 2018 definitions apply: 秦皇岛 is in "2+36", not in "2+26".
    rows = pair("秦皇岛", (1000, 100, 100, 100, 50), (900, 90, 90, 90, 45), years=(2015, 2019))
    early = run(tmp_path, registry, rows, base=2015, target=2019)
    assert {r.id for r in early.regions} == {"jjj_2p26_2018", "yrd_2018", "fwp_2018", "prd"}
    assert early.city("秦皇岛").regions == []
    late = run(tmp_path, registry, pair("秦皇岛", (1000, 100, 100, 100, 50), (900, 90, 90, 90, 45)))
    assert late.city("秦皇岛").regions == ["jjj_2024"]


def one_line_error(tmp_path, registry, rows, header=HEADER, **kwargs) -> str:
    path = write_inventory(tmp_path / "bad.csv", rows, header)
    with pytest.raises(InputError) as caught:
        inventory = read_inventory(path, registry, strict=kwargs.pop("strict", False))
        compute_synergy(inventory, registry, kwargs.get("base", 2020), kwargs.get("target", 2025))
    message = caught.value.format_message()
    assert "\n" not in message and str(path) in message
    return message


def test_duplicate_city_year_names_both_rows(tmp_path, registry):
    rows = [*FOUR[:2], "北京市,2020,1,1,1,1,1", "北京,2020,2,2,2,2,2"]  # alias and name: one city
    message = one_line_error(tmp_path, registry, rows)
    assert "rows 4 and 5 are both for 北京 (110000) in 2020" in message


def test_negative_emission_names_row_and_field(tmp_path, registry):
    message = one_line_error(tmp_path, registry, [*FOUR[:2], "北京,2020,1000,-5,1,1,1"])
    assert "row 4, field 'so2': negative value -5" in message


def test_not_a_number_names_row_and_field(tmp_path, registry):
    message = one_line_error(
        tmp_path, registry, ["北京,2020,1000,1,1,1,1", "北京,2025,lots,1,1,1,1"]
    )
    assert "row 3, field 'co2': 'lots' is not a number" in message


def test_unknown_city_is_skipped_and_listed_or_refused_under_strict(tmp_path, registry):
    rows = [*FOUR, "寿光,2020,1,1,1,1,1", "寿光,2025,1,1,1,1,1"]
    result = run(tmp_path, registry, rows)
    assert [(u.name, u.rows) for u in result.unknown_cities] == [("寿光", [10, 11])]
    assert result.summary.n_ranked_emissions == 4
    message = one_line_error(tmp_path, registry, rows, strict=True)
    assert "row 10, field 'city': unknown city '寿光'" in message


def test_missing_base_year_is_refused_naming_the_year(tmp_path, registry):
    message = one_line_error(tmp_path, registry, FOUR, base=2015)
    assert "no rows for the base year 2015 (years in the file: 2020, 2025)" in message


def test_missing_column_is_refused(tmp_path, registry):
    message = one_line_error(tmp_path, registry, ["北京,2020,1,1,1,1"], header="city,year,co2,so2,pm,aqi")  # fmt: skip
    assert "row 1: missing column(s) nox" in message


def test_unknown_column_is_listed_or_refused_under_strict(tmp_path, registry):
    header = HEADER + ",remark"
    rows = [r + ",x" for r in FOUR]
    assert run(tmp_path, registry, rows, header=header).ignored_columns == ["remark"]
    assert "unknown column(s) remark" in one_line_error(
        tmp_path, registry, rows, header, strict=True
    )


def test_base_must_precede_target(tmp_path, registry):
    with pytest.raises(ReporterError, match="must be before"):
        run(tmp_path, registry, FOUR, base=2025, target=2020)


def test_without_aqi_column_the_air_ranking_is_not_computed(tmp_path, registry):
    rows = [r.rsplit(",", 1)[0] for r in FOUR]
    result = run(tmp_path, registry, rows, header="city,year,co2,so2,nox,pm")
    assert result.summary.n_ranked_air == 0 and result.summary.n_ranked_emissions == 4
    assert result.city("石家庄").reason_air == "the inventory has no aqi column"
    assert result.not_ranked == [] and "aqi" not in result.indicators and result.notes


def test_parquet_floats_rank_like_the_csv_decimals(tmp_path, registry):
    frame = pd.DataFrame(
        {
            "city": ["天津", "天津", "唐山", "唐山"],
            "year": [2020, 2025, 2020, 2025],
            "co2": [1.0, 0.9, 1.0, 0.85],
            "so2": [1.0, 0.8, 1.0, 0.85],
            "nox": [1.0, 0.8, 1.0, 0.85],
            "pm": [1.0, 0.8, 1.0, 0.85],
        }
    )
    frame.to_parquet(tmp_path / "inv.parquet")
    result = compute_synergy(
        read_inventory(tmp_path / "inv.parquet", registry), registry, 2020, 2025
    )
    assert [c.rank_emissions for c in result.ranked("emissions")] == [
        1,
        1,
    ]  # 0.1 + 0.2 = 0.15 + 0.15


def test_cli_json_contract(tmp_path):
    path = write_inventory(tmp_path / "inv.csv", FOUR)
    out = CliRunner().invoke(
        synergy, ["--emissions", str(path), "--base", "2020", "--target", "2025", "--json"]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    required = {"city", "code", "co2_rate", "lapeq_rate", "aqi_rate", "class_emissions"}
    required |= {"rank_emissions", "class_air", "rank_air"}
    for city in data["cities"]:
        assert required <= set(city)
    first = data["cities"][0]
    assert (first["city"], first["code"], first["co2_rate"], first["aqi_rate"]) == ("石家庄", "130100", 0.2, 0.1)  # fmt: skip
    assert {k: v["count"] for k, v in data["summary"]["class_emissions"].items()} == {"I": 1, "II": 2, "III": 1}  # fmt: skip
    assert data["source"]["synthetic"] is False and data["kind"] == "synergy"
    assert data["method"]["lapeq_weights_kg"] == {"so2": 0.95, "nox": 0.95, "pm": 2.18}


def test_cli_reads_the_registry_of_the_data_dir(tmp_path):
    """`--data-dir` with a registry of its own: its city names are the ones the ranking uses."""
    import shutil

    from reporter.paths import DEFAULT_DATA_DIR

    own = tmp_path / "own"
    shutil.copytree(DEFAULT_DATA_DIR / "registry", own / "registry")
    cities = own / "registry" / "cities.csv"
    text = cities.read_text(encoding="utf-8")
    assert ",石家庄,Shijiazhuang," in text
    cities.write_text(text.replace(",石家庄,Shijiazhuang,", ",石家庄,Shijiazhuang City,"), "utf-8")
    path = write_inventory(tmp_path / "inv.csv", FOUR)

    def names(*extra: str) -> set[str]:
        out = CliRunner().invoke(synergy, ["--emissions", str(path), "--json", *extra])
        assert out.exit_code == 0, out.output
        return {c["name_en"] for c in json.loads(out.output)["cities"]}

    assert "Shijiazhuang City" in names("--data-dir", str(own))
    assert "Shijiazhuang" in names() and "Shijiazhuang City" not in names()


def test_cli_bad_file_is_one_line_without_traceback(tmp_path):
    path = write_inventory(tmp_path / "inv.csv", [*FOUR, "北京,2020,1,1,-1,1,1"])
    out = CliRunner().invoke(synergy, ["--emissions", str(path)])
    assert out.exit_code == 1
    assert "Traceback" not in out.output
    assert out.output.strip().count("\n") == 0 and "row 10, field 'nox'" in out.output


def test_cli_help_and_light_import():
    help_text = CliRunner().invoke(synergy, ["--help"]).output
    assert "--strict" in help_text and "skipped and listed" in help_text
    code = "import sys, reporter.commands.synergy; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_demo_inventory_ranks_every_class():
    out = CliRunner().invoke(synergy, ["--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["source"]["synthetic"] is True
    assert (data["base_year"], data["target_year"]) == (2020, 2025)
    for ranking in ("class_emissions", "class_air"):
        assert all(data["summary"][ranking][c]["count"] > 0 for c in ("I", "II", "III"))
    assert data["summary"]["n_cities_in_file"] == data["summary"]["n_registry_cities"]
    assert [(n["city"], n["reason_code"]) for n in data["not_ranked"]] == [
        ("三沙", "zero_base")
    ] * 2
    by_city = {c["city"]: c for c in data["cities"]}
    assert by_city["株洲"]["rank_emissions"] == by_city["绵阳"]["rank_emissions"]  # exact tie
    assert {"aqi", "pm25", "no2", "o3"} <= set(data["indicators"])


def test_demo_summary_text():
    out = CliRunner().invoke(synergy, [])
    assert out.exit_code == 0, out.output
    text = out.output
    assert "[SYNTHETIC DEMO DATA]" in text and "31 provinces" in text
    assert text.count("top 10") == 2 and text.count("bottom 10") == 2
    assert "class III" in text and "三沙 (460300), emissions: zero base" in text


def test_summary_text_marks_shared_ranks(tmp_path, registry):
    rows = [
        *pair("天津", (1000, 100, 100, 100, 50), (900, 80, 80, 80, 50)),
        *pair("唐山", (1000, 100, 100, 100, 50), (850, 85, 85, 85, 50)),
    ]
    text = summary_text(run(tmp_path, registry, rows))
    assert text.count("   1= ") == 2


def test_demo_generator_is_deterministic_and_matches_the_bundled_file(tmp_path):
    first = generate_emissions(tmp_path / "a" / "emissions.csv")
    second = generate_emissions(tmp_path / "b" / "emissions.csv")
    assert first.read_bytes() == second.read_bytes() == DEMO_EMISSIONS.read_bytes()
    assert "SYNTHETIC" in (DEMO_EMISSIONS.parent / "README.md").read_text(encoding="utf-8")
