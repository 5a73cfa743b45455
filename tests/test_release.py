"""`reporter release`: end to end on the demo month, reproducible, atomic under kill -9, locked."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter.cli import cli
from reporter.demo.feeds import DEMO_DIR, load_demo
from reporter.store import Store

pytestmark = pytest.mark.slow
EPOCH = "1706745600"  # 2024-02-01T00:00:00Z: fixed dates for reproducible output


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("release") / "data"
    load_demo(Store(data_dir), silent=True)
    return data_dir


def release_args(data_dir: Path, link: Path, work: Path, *extra: str) -> list[str]:
    return ["release", "2024-01", "--data-dir", str(data_dir), "--publish-dir", str(link),
            "--work-dir", str(work), "--silent", *extra]  # fmt: skip


@pytest.fixture(scope="module")
def first_release(demo_data, tmp_path_factory):
    root = tmp_path_factory.mktemp("publish")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        result = CliRunner().invoke(cli, release_args(demo_data, root / "publish", root / "work"))
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert result.exit_code == 0, result.output
    return root, result.output


def test_release_publishes_pdfs_site_and_manifest(first_release):
    root, output = first_release
    link = root / "publish"
    assert link.is_symlink()
    published = link.resolve()
    for name in ("pdf/bulletin-2024-01-zh.pdf", "pdf/bulletin-2024-01-en.pdf", "site/index.html",
                 "site/en/index.html", "manifest.json"):  # fmt: skip
        assert (published / name).is_file(), name
    assert "2024-01 has not been released yet" in output
    assert output.strip().splitlines()[-1].startswith(f"Published 2024-01 to {link}")


def test_same_inputs_give_identical_files(first_release, demo_data, tmp_path):
    root, _ = first_release
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        again = CliRunner().invoke(
            cli, release_args(demo_data, tmp_path / "publish", tmp_path / "work")
        )
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert again.exit_code == 0, again.output
    first = tree_hashes((root / "publish").resolve())
    second = tree_hashes((tmp_path / "publish").resolve())
    first.pop("manifest.json"), second.pop("manifest.json")  # names its own store path
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
    # The second release of the same month saw nothing new.
    assert "stored values: none changed" in again.output


def test_kill_9_mid_build_leaves_the_published_version_intact(first_release, demo_data):
    root, _ = first_release
    link = root / "publish"
    before_target = os.readlink(link)
    before = tree_hashes(link.resolve())
    versions = root / "publish-versions"
    process = subprocess.Popen(
        [sys.executable, "-m", "reporter", *release_args(demo_data, link, root / "work")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 180
    while not any(versions.glob(".*.tmp/pdf/*.pdf")) and time.monotonic() < deadline:
        assert process.poll() is None, "the release ended before it could be killed"
        time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert os.readlink(link) == before_target
    assert tree_hashes(link.resolve()) == before
    # The next release clears what the killed one left and publishes normally.
    rerun = CliRunner().invoke(cli, release_args(demo_data, link, root / "work"))
    assert rerun.exit_code == 0, rerun.output
    assert not list(versions.glob(".*.tmp"))


def test_two_releases_at_once_are_refused(demo_data, tmp_path):
    link = tmp_path / "publish"
    lock = tmp_path / ".publish.lock"
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = CliRunner().invoke(cli, release_args(demo_data, link, tmp_path / "work"))
    assert result.exit_code == 1
    assert (
        result.output.strip() == f"Error: {link}: another release is running; wait for it to finish"
    )


def test_dry_run_publishes_nothing_and_leaves_the_store(demo_data, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(DEMO_DIR / "revised" / "china_cities_20240115.csv", inbox)
    before = tree_hashes(demo_data / "store")
    result = CliRunner().invoke(
        cli,
        release_args(
            demo_data, tmp_path / "publish", tmp_path / "work", "--dry-run", "--inbox", str(inbox)
        ),
    )
    assert result.exit_code == 0, result.output
    assert "Ingested 1 CNEMC file(s): 0 new, 1 revised" in result.output
    assert "Dry run of 2024-01: nothing built or published" in result.output
    assert not (tmp_path / "publish").exists()
    assert tree_hashes(demo_data / "store") == before
