"""A release holds the store for its whole run, and checks the content before it ingests."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter.cli import cli
from reporter.config import PROJECT_ROOT
from reporter.demo.feeds import DEMO_DIR, load_demo
from reporter.store import Store

pytestmark = pytest.mark.slow
REVISED = DEMO_DIR / "revised" / "china_cities_20240115.csv"


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("held") / "data"
    load_demo(Store(data_dir), silent=True)
    return data_dir


def lock_is_held(lock: Path) -> bool:
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def test_an_ingest_during_a_release_is_refused_and_changes_nothing(demo_data, tmp_path):
    release = subprocess.Popen(
        [sys.executable, "-m", "reporter", "release", "2024-01", "--data-dir", str(demo_data),
         "--publish-dir", str(tmp_path / "publish"), "--work-dir", str(tmp_path / "work"),
         "--inbox", str(tmp_path / "no-inbox"), "--silent"],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not lock_is_held(demo_data / "store" / ".lock"):
            assert release.poll() is None, release.stdout.read().decode()
            assert time.monotonic() < deadline, "the release never took the store lock"
            time.sleep(0.05)
        before = tree_hashes(demo_data / "store")
        result = CliRunner().invoke(
            cli, ["ingest", "cnemc", str(REVISED), "--data-dir", str(demo_data)]
        )
        assert result.exit_code == 1, result.output
        assert result.output.strip() == (
            f"Error: {demo_data / 'store'}: another reporter run is using this store; "
            "wait for it to finish"
        )
        assert tree_hashes(demo_data / "store") == before
        still_held = lock_is_held(demo_data / "store" / ".lock") or release.poll() is not None
        assert still_held
    finally:
        release.kill()
        release.wait()


def test_a_release_refused_for_bad_content_ingests_nothing(demo_data, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    record = content / "records" / "2024-01" / "hainan-zero-waste-kickoff.md"
    text = record.read_text(encoding="utf-8").replace("hainan-components.svg", "/etc/passwd")
    record.write_text(text, encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(REVISED, inbox)
    before = tree_hashes(demo_data / "store")
    result = CliRunner().invoke(
        cli,
        ["release", "2024-01", "--data-dir", str(demo_data), "--content-dir", str(content),
         "--publish-dir", str(tmp_path / "publish"), "--work-dir", str(tmp_path / "work"),
         "--inbox", str(inbox), "--silent"],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "/etc/passwd is an absolute path" in lines[0]
    assert "Ingested" not in result.output
    assert tree_hashes(demo_data / "store") == before
    assert not (tmp_path / "publish").exists()


def test_the_same_process_may_take_its_own_lock_again(tmp_path):
    store = Store(tmp_path / "data")
    with store.lock(), store.lock():
        assert lock_is_held(store.root / ".lock")
    assert not lock_is_held(store.root / ".lock")
    os.remove(store.root / ".lock")
