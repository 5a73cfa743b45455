"""One strict parser (feeds/parse.py) for every reader: numbers, dates, months; Excel by value."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from conftest import write_cnemc

from reporter.cli import cli
from reporter.feeds.parse import parse_date, parse_decimal, parse_month


@pytest.mark.parametrize(
    ("text", "number"), [("12", 12.0), ("-3", -3.0), ("0.5", 0.5), (" 7 ", 7.0), ("12.", 12.0)]
)
def test_plain_decimals_are_read(text, number):
    assert parse_decimal(text) == number


@pytest.mark.parametrize(
    "text",
    ["1_5", "1e400", "1e3", "nan", "inf", "-inf", "1,5", "1.000,5", "３０", "+3", "0x1e", "", "—"],
)
def test_anything_else_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


def test_cells_that_are_numbers_must_be_finite():
    assert parse_decimal(30) == 30.0 and parse_decimal(2.5) == 2.5
    for value in (float("nan"), float("inf"), True):
        with pytest.raises(ValueError):
            parse_decimal(value)


def test_dates_are_iso_or_real_date_cells():
    assert parse_date("2024-01-07") == dt.date(2024, 1, 7)
    assert parse_date(dt.datetime(2024, 1, 7)) == dt.date(2024, 1, 7)  # an Excel date cell
    for bad in ("07.01.2024", "06/01/2024", "20240107", "2024-1-7", "2024-02-30",
                "2024-01-07T00:00:00+08:00", dt.datetime(2024, 1, 7, 13),
                dt.datetime(2024, 1, 7, tzinfo=dt.UTC)):  # fmt: skip
        with pytest.raises(ValueError):
            parse_date(bad)


def test_months_are_yyyy_mm():
    assert parse_month("2024-01") == "2024-01"
    for bad in ("2024-01x", "2024-13", "2024-1", "01/2024", "2024-01-15"):
        with pytest.raises(ValueError):
            parse_month(bad)


@pytest.mark.parametrize("month", ["2024-01x", "2024-1", "２０２４-01", "2024-13"])
def test_the_command_line_refuses_a_month_that_is_not_yyyy_mm(tmp_path, month):
    result = CliRunner().invoke(cli, ["stats", "monthly", month, "--data-dir", str(tmp_path)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "YYYY-MM" in result.output


def test_two_files_for_one_date_in_one_run_are_refused(tmp_path):
    values = {(h, "PM2.5"): [30, 40] for h in range(1, 24)}
    day = dt.date(2024, 1, 2)
    write_cnemc(tmp_path / "a", day, ["北京", "天津"], values)
    write_cnemc(tmp_path / "b", day, ["北京", "天津"], {k: [50, 60] for k in values})
    data = tmp_path / "d"
    result = CliRunner().invoke(
        cli, ["ingest", "cnemc", str(tmp_path / "a"), str(tmp_path / "b"), "--data-dir", str(data)]
    )
    assert result.exit_code == 1
    assert "a second file for 2024-01-02 in this run" in result.output
    assert not (data / "store" / "hourly").exists()


def _workbook(tmp_path, fill):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["city", "date", "pm25", "o3_mda8"])
    fill(sheet)
    path = tmp_path / "daily.xlsx"
    book.save(path)
    return path


def _ingest(path, tmp_path):
    return CliRunner().invoke(
        cli, ["ingest", "daily", str(path), "--data-dir", str(tmp_path / "d")]
    )


def test_excel_date_and_number_cells_are_read_by_value(tmp_path):
    path = _workbook(tmp_path, lambda s: s.append(["北京", dt.datetime(2024, 1, 7), 30, 90.5]))
    result = _ingest(path, tmp_path)
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output


def test_excel_merged_cells_are_refused(tmp_path):
    def fill(sheet):
        sheet.append(["北京", "2024-01-07", 30, 90])
        sheet.append([None, "2024-01-08", 31, 91])
        sheet.merge_cells("A2:A3")

    result = _ingest(_workbook(tmp_path, fill), tmp_path)
    assert result.exit_code == 1 and "merged cells A2:A3" in result.output


def test_excel_formula_without_a_stored_value_is_refused(tmp_path):
    def fill(sheet):
        sheet.append(["北京", "2024-01-07", "=10*3", 90])

    result = _ingest(_workbook(tmp_path, fill), tmp_path)
    assert result.exit_code == 1
    assert "row 2: cell C2 is a formula without a stored value" in result.output
