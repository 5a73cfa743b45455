"""CNEMC hourly files: hour-ending convention, structural refusals, value exclusions, idempotency."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import SAMPLE, cnemc_text, write_cnemc

from reporter.errors import InputError
from reporter.feeds.cnemc import parse_cnemc
from reporter.ingest import ingest_cnemc
from reporter.stats.period import Period, daily_values

D1 = dt.date(2024, 1, 1)
D2 = dt.date(2024, 1, 2)


def full_day(value, cities=1, kinds=("PM2.5", "O3"), hours=range(24)):
    return {(h, k): [value] * cities for h in hours for k in kinds}


def test_hour_0_belongs_to_the_previous_day(tmp_path, store, registry):
    # File D1: hours 1..23 at 10. File D2: hour 0 (= 24:00 of D1) at 250, nothing else.
    write_cnemc(tmp_path / "in", D1, ["北京"], full_day(10, hours=range(1, 24)))
    write_cnemc(tmp_path / "in", D2, ["北京"], {(0, "PM2.5"): [250], (0, "O3"): [250]})
    ingest_cnemc([tmp_path / "in"], store, registry)
    hourly = store.read_hourly(D1, D1)
    assert sorted(hourly["hour"]) == list(range(1, 25))
    assert hourly.loc[hourly["hour"] == 24, "pm25"].item() == 250
    daily = daily_values(store, Period.month(2024, 1))
    first = daily[daily["date"] == pd.Timestamp(D1)]
    # (23*10 + 250) / 24 = 20; counting hour 0 of D2 on D2 would give 10 from 23 hours.
    assert first["pm25"].item() == 20


def test_19_hours_do_not_make_a_day_20_do(tmp_path, store, registry):
    write_cnemc(tmp_path / "a", D1, ["北京", "天津"], {
        **{(h, "PM2.5"): [30, 30] for h in range(1, 20)},  # 19 hours for both
        **{(20, "PM2.5"): [None, 30]},  # a 20th hour for 天津 only
    })  # fmt: skip
    ingest_cnemc([tmp_path / "a"], store, registry)
    daily = daily_values(store, Period.month(2024, 1)).set_index("code")
    assert np.isnan(daily.loc["110000", "pm25"])
    assert daily.loc["120000", "pm25"] == 30


def test_real_sample_maps_every_prefecture_city_and_lists_the_rest(store, registry):
    assert SAMPLE.exists(), "the shared sample day is part of the test data"
    parsed = parse_cnemc(SAMPLE, registry)
    codes = set(parsed.table.column("code").to_pylist())
    # Independent reading: every column with at least one value, resolved through the registry.
    with SAMPLE.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    with_values = {rows[0][j] for j in range(3, len(rows[0])) if any(r[j] for r in rows[1:])}
    expected = {registry.resolve(n).code for n in with_values if registry.resolve(n)}
    assert codes == expected
    assert len(codes) >= len(registry.cities) - 1  # 三沙's column is empty that day
    county_level_and_new_areas = {
        "寿光", "章丘", "即墨", "胶南", "胶州", "莱西", "平度", "蓬莱", "招远", "莱州", "荣成", "文登",
        "乳山", "吴江", "昆山", "常熟", "张家港", "太仓", "句容", "江阴", "宜兴", "金坛", "溧阳", "海门",
        "临安", "富阳", "义乌", "诸暨", "瓦房店", "兰州新区", "赣江新区", "雄安新区", "西咸新区",
    }  # fmt: skip
    assert set(parsed.unmapped) == county_level_and_new_areas
    # Old and new spellings of one city are merged, not double counted.
    merged_names = {name for names in parsed.merged.values() for name in names}
    assert {"甘孜州", "甘孜藏族自治州", "那曲地区", "那曲"} <= merged_names
    # Hour 0 of 2021-07-01 is stored as the hour ending 24:00 on 2021-06-30.
    frame = parsed.table.to_pandas()
    assert set(frame.loc[frame["hour"] == 24, "date"]) == {dt.date(2021, 6, 30)}
    report = ingest_cnemc([SAMPLE], store, registry)
    assert report.new == 1 and report.files == 1


def test_same_file_twice_changes_nothing_and_a_revision_replaces(tmp_path, store, registry):
    path = write_cnemc(tmp_path / "in", D1, ["北京"], full_day(40, hours=range(1, 24)))
    first = ingest_cnemc([path], store, registry)
    partition = store.hourly_partition(D1)
    before = partition.read_bytes()
    second = ingest_cnemc([path], store, registry)
    assert (first.new, second.unchanged, second.new, second.revised) == (1, 1, 0, 0)
    assert partition.read_bytes() == before
    path.write_text(cnemc_text(D1, ["北京"], full_day(44, hours=range(1, 24))), encoding="utf-8")
    third = ingest_cnemc([path], store, registry)
    assert third.revised == 1
    hourly = store.read_hourly(D1, D1)
    assert len(hourly) == 23  # replaced, not duplicated
    assert set(hourly["pm25"]) == {44}


BAD_FILES = {
    "missing header": ("PM2.5,1,2\n1,2,3\n", "missing the 'date,hour,type' header", 1),
    "hour outside 0-23": (
        "date,hour,type,北京\n20240101,24,PM2.5,3\n",
        "hour 24 is outside 0-23",
        2,
    ),
    "unknown type": ("date,hour,type,北京\n20240101,1,PM1,3\n", "unknown type 'PM1'", 2),
    "truncated row": (
        "date,hour,type,北京,天津\n20240101,1,PM2.5,3,4\n20240101,2,PM2.5\n",
        "truncated row",
        3,
    ),
    "empty file": ("", "the file is empty", None),
    "date not the file's": (
        "date,hour,type,北京\n20240102,1,PM2.5,3\n",
        "does not match the file name",
        2,
    ),
    "duplicate row": (
        "date,hour,type,北京\n20240101,1,PM2.5,3\n20240101,1,PM2.5,4\n",
        "a second row",
        3,
    ),
    "hour not a number": ("date,hour,type,北京\n20240101,x,PM2.5,3\n", "not a whole number", 2),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_structural_errors_refuse_the_file_and_leave_the_store_untouched(
    case, tmp_path, store, registry
):
    good = write_cnemc(tmp_path / "in", D2, ["北京"], full_day(40))
    text, message, row = BAD_FILES[case]
    bad = tmp_path / "in" / "china_cities_20240101.csv"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        ingest_cnemc([good, bad], store, registry)
    assert message in str(caught.value.message)
    assert caught.value.row == row
    assert str(bad) in caught.value.message
    assert not store.root.exists() or not any(store.root.rglob("*.parquet"))


def test_a_file_not_named_like_cnemc_is_refused(tmp_path, store, registry):
    path = tmp_path / "cities.csv"
    path.write_text("date,hour,type,北京\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a CNEMC city file"):
        ingest_cnemc([path], store, registry)


def test_value_errors_are_excluded_and_listed(tmp_path, store, registry):
    values = full_day(30, cities=2, hours=range(1, 24))
    values[(5, "PM2.5")] = ["abc", 30]
    values[(6, "PM2.5")] = [-4, 30]
    values[(7, "PM2.5")] = [30, 2500]
    path = write_cnemc(tmp_path / "in", D1, ["北京", "天津"], values)
    report = ingest_cnemc([path], store, registry)
    found = {(p.row, p.city, p.field, p.value, p.reason) for p in report.problems}
    # Rows go O3 then PM2.5 for each hour after the header: hour h's PM2.5 is row 2h + 1.
    assert found == {
        (11, "北京", "PM2.5", "abc", "not a number"),
        (13, "北京", "PM2.5", "-4", "negative"),
        (15, "天津", "PM2.5", "2500", "impossible (above 2000)"),
    }
    hourly = store.read_hourly(D1, D1).set_index(["code", "hour"])
    assert np.isnan(hourly.loc[("110000", 5), "pm25"])
    assert np.isnan(hourly.loc[("120000", 7), "pm25"])
    assert hourly.loc[("120000", 5), "pm25"] == 30


def test_value_errors_refuse_the_file_under_strict(tmp_path, store, registry):
    values = full_day(30, hours=range(1, 24))
    values[(5, "PM2.5")] = [-1]
    path = write_cnemc(tmp_path / "in", D1, ["北京"], values)
    with pytest.raises(InputError, match="negative; refused under --strict"):
        ingest_cnemc([path], store, registry, strict=True)
    assert not any(store.root.rglob("*.parquet")) if store.root.exists() else True


def test_gbk_file_is_decoded_not_misread(tmp_path, store, registry):
    path = tmp_path / "china_cities_20240101.csv"
    path.write_bytes(cnemc_text(D1, ["北京"], full_day(12, hours=range(1, 24))).encode("gbk"))
    parsed = parse_cnemc(path, registry)
    assert parsed.encoding == "GB18030"
    assert set(parsed.table.column("code").to_pylist()) == {"110000"}


def test_utf8_bom_is_accepted(tmp_path, registry):
    path = tmp_path / "china_cities_20240101.csv"
    path.write_bytes(b"\xef\xbb\xbf" + cnemc_text(D1, ["北京"], full_day(12)).encode())
    assert parse_cnemc(path, registry).table.num_rows > 0


def test_unmapped_columns_are_reported_once(tmp_path, store, registry):
    folder = tmp_path / "in"
    for day in (D1, D2):
        write_cnemc(folder, day, ["北京", "昆山"], full_day(10, cities=2))
    report = ingest_cnemc([folder], store, registry)
    assert report.unmapped == {"昆山": 2}


def test_missing_path_is_a_user_error(tmp_path, store, registry):
    with pytest.raises(InputError, match="no such file or folder"):
        ingest_cnemc([tmp_path / "nope"], store, registry)


def test_rows_are_numbered_like_the_file(tmp_path, registry):
    path = Path(tmp_path / "china_cities_20240101.csv")
    path.write_text(
        "date,hour,type,北京\n20240101,1,PM2.5,3\n20240101,1,O3,5\n20240101,2,PM2.5,x\n"
    )
    parsed = parse_cnemc(path, registry)
    assert [(p.row, p.value) for p in parsed.problems] == [(4, "x")]
