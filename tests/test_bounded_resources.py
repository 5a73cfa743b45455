"""Bounded resources: only regular files are read, YAML bombs and odd shapes end in one line,
and a full disk or a read-only store ends in one line with the store consistent."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os

import pytest
from click.testing import CliRunner
from conftest import write_cnemc

from reporter.cli import cli

DAY = dt.date(2024, 1, 2)
VALUES = {(h, "PM2.5"): [30, 40] for h in range(1, 24)}


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.output
    return result.exit_code, lines


def test_a_fifo_in_the_inbox_is_refused_not_waited_on(tmp_path):
    inbox = tmp_path / "inbox"
    write_cnemc(inbox, DAY, ["北京", "天津"], VALUES)
    os.mkfifo(inbox / "china_cities_20240103.csv")
    code, lines = run("ingest", "cnemc", str(inbox), "--data-dir", str(tmp_path / "d"))
    assert code == 1 and len(lines) == 1
    assert "china_cities_20240103.csv: not a regular file (a FIFO)" in lines[0]
    assert not (tmp_path / "d" / "store" / "hourly").exists()


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_refused_by_name(tmp_path, device):
    code, lines = run("ingest", "daily", device, "--data-dir", str(tmp_path / "d"))
    assert code == 1 and len(lines) == 1 and device in lines[0]
    assert "not a regular file" in lines[0]


def test_a_huge_cell_is_refused_quickly(tmp_path):
    path = tmp_path / "daily.csv"
    path.write_text("city,date,pm25,o3_mda8\n北京,2024-01-01," + "9" * 10_000_000 + ",4\n")
    code, lines = run("ingest", "daily", str(path), "--data-dir", str(tmp_path / "d"))
    assert code == 1 and len(lines) == 1 and str(path) in lines[0]


def _sources(data_dir):
    path = data_dir / "store" / "sources.json"
    return json.loads(path.read_text()) if path.exists() else {}


def test_a_full_disk_ends_in_one_line_and_the_store_accounts_for_what_it_holds(
    tmp_path, monkeypatch
):
    import reporter.store as store_module

    inbox = tmp_path / "inbox"
    for day in (DAY, DAY + dt.timedelta(days=1)):
        write_cnemc(inbox, day, ["北京", "天津"], VALUES)
    real_fsync, calls = os.fsync, []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 2:  # the second partition finds the disk full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(store_module.os, "fsync", fsync)
    data_dir = tmp_path / "d"
    code, lines = run("ingest", "cnemc", str(inbox), "--data-dir", str(data_dir))
    assert code == 1 and len(lines) == 1
    assert "No space left on device" in lines[0] and "previous version is kept" in lines[0]
    store = data_dir / "store"
    partitions = sorted(p.name for p in store.rglob("*.parquet"))
    assert partitions == ["20240102.parquet"]  # the first, complete; no half-written second
    assert not list(store.rglob("*.tmp"))
    assert set(_sources(data_dir)) == {"hourly/20240102"}  # what is there is recorded


def test_a_read_only_store_ends_in_one_line(tmp_path, monkeypatch):
    import reporter.store as store_module

    inbox = tmp_path / "inbox"
    write_cnemc(inbox, DAY, ["北京", "天津"], VALUES)

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(store_module.tempfile, "mkstemp", refuse)
    code, lines = run("ingest", "cnemc", str(inbox), "--data-dir", str(tmp_path / "d"))
    assert code == 1 and len(lines) == 1
    assert "Read-only file system" in lines[0] and "nothing changed" in lines[0]
    assert not list((tmp_path / "d").rglob("*.parquet"))
