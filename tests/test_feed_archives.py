"""The feed as distributed: zip archives, gzip files and folders of them; real extremes kept."""

from __future__ import annotations

import datetime as dt
import gzip
import zipfile

import numpy as np
import pytest
from conftest import cnemc_text

from reporter.errors import InputError
from reporter.ingest import extreme_lines, ingest_cnemc

D1 = dt.date(2024, 1, 1)


def day_text(day: dt.date, value: object = 30, cities=("北京",)) -> str:
    values = {(h, k): [value] * len(cities) for h in range(24) for k in ("PM2.5", "O3")}
    return cnemc_text(day, list(cities), values)


def test_a_zip_of_daily_files_ingests_like_the_files(tmp_path, store, registry):
    archive = tmp_path / "feed.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(3):
            day = D1 + dt.timedelta(days=i)
            z.writestr(f"china_cities_{day:%Y%m%d}.csv", day_text(day, 10 + i))
    report = ingest_cnemc([archive], store, registry)
    assert (report.files, report.new) == (3, 3)
    hourly = store.read_hourly(D1, D1 + dt.timedelta(days=1))
    # Hour 0 of 2 January (value 11) closes 1 January: 23 hours of 10 and one of 11.
    first = hourly[hourly["date"] == np.datetime64(D1)]
    assert sorted(first["pm25"].tolist()) == [10.0] * 23 + [11.0]
    again = ingest_cnemc([archive], store, registry)
    assert (again.new, again.unchanged) == (0, 3)


def test_a_gzip_file_and_a_plain_one_are_the_same_file(tmp_path, store, registry):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "china_cities_20240101.csv.gz").write_bytes(gzip.compress(day_text(D1).encode()))
    report = ingest_cnemc([folder], store, registry)
    assert report.new == 1 and report.rows > 0
    plain = tmp_path / "china_cities_20240101.csv"
    plain.write_text(day_text(D1), encoding="utf-8")
    assert ingest_cnemc([plain], store, registry).unchanged == 1  # same bytes, same file


def test_a_zip_member_that_is_not_a_daily_file_is_refused_by_name(tmp_path, store, registry):
    archive = tmp_path / "feed.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("china_cities_20240101.csv", day_text(D1))
        z.writestr("readme.txt", "hello")
    with pytest.raises(InputError, match=r"member 'readme\.txt' is not a daily feed file"):
        ingest_cnemc([archive], store, registry)
    assert store.read_hourly(D1, D1).empty  # nothing written


def test_a_broken_gzip_or_zip_is_one_line(tmp_path, store, registry):
    bad = tmp_path / "china_cities_20240101.csv.gz"
    bad.write_bytes(b"not gzip at all")
    with pytest.raises(InputError, match="not a readable gzip file"):
        ingest_cnemc([bad], store, registry)
    broken = tmp_path / "feed.zip"
    broken.write_bytes(b"PK not really")
    with pytest.raises(InputError, match="not a readable zip archive"):
        ingest_cnemc([broken], store, registry)


@pytest.mark.parametrize(
    ("city", "kind", "value"),
    [
        ("和田地区", "PM10", 8806),
        ("海西蒙古族藏族自治州", "PM2.5", 2999),
        ("喀什地区", "PM10", 9600),
    ],
)
def test_real_dust_storm_values_are_kept_and_listed(tmp_path, store, registry, city, kind, value):
    # The storms of 2023-2024 in southern Xinjiang and Qinghai (DESIGN: real extremes are data).
    values = {(h, k): [50] for h in range(24) for k in ("PM2.5", "PM10", "O3")}
    values[(12, kind)] = [value]
    path = tmp_path / f"china_cities_{D1:%Y%m%d}.csv"
    path.write_text(cnemc_text(D1, [city], values), encoding="utf-8")
    report = ingest_cnemc([path], store, registry)
    assert report.problems == []
    column = {"PM10": "pm10", "PM2.5": "pm25"}[kind]
    assert store.read_hourly(D1, D1)[column].max() == value
    (line,) = extreme_lines(report.extremes)
    assert line.startswith(f"extreme, kept: {city} {kind} {value} (1 hourly value(s) above")


def test_only_what_no_analyser_reports_is_refused(tmp_path, store, registry):
    values = {(h, "PM10"): [50] for h in range(24)}
    values[(3, "PM10")] = [10001]  # above the 0-10 mg/m³ full scale of PM monitors
    values[(4, "PM10")] = [10000]  # at full scale: a reading
    path = tmp_path / "china_cities_20240101.csv"
    path.write_text(cnemc_text(D1, ["北京"], values), encoding="utf-8")
    report = ingest_cnemc([path], store, registry)
    assert [(p.value, p.reason) for p in report.problems] == [
        ("10001", "above the analysers' range (10000)")
    ]
    assert store.read_hourly(D1, D1)["pm10"].max() == 10000
