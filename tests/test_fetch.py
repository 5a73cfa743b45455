"""`reporter fetch` against a local mirror on 127.0.0.1: whole months, a connection dropped
half-way (resumed with a Range request), days not yet published (404), files revised upstream,
files already in the inbox, and a month with nothing published at all."""

from __future__ import annotations

import datetime as dt
import hashlib
import socket
import threading
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from reporter.cli import cli
from reporter.fetch import FetchError, Mirror, fetch_month

STAMP = 1706745600.0  # 2024-02-01 00:00 UTC, the Last-Modified of every served file


def body(day: dt.date, value: int = 40) -> bytes:
    """A small CNEMC city file (two cities, one hour), bigger than one read so it can break."""
    rows = "".join(f"{day:%Y%m%d},{h},PM2.5,{value},{value + h}\n" for h in range(24))
    return ("date,hour,type,北京,上海\n" + rows * 40).encode("utf-8")


class Mirror404(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.files: dict[str, bytes] = {}
        self.drops: dict[str, int] = {}  # name -> how many more answers break half-way
        self.ranges = True  # whether Range requests are honoured
        self.log: list[tuple[str, dict[str, str]]] = []
        self.body_bytes = 0

    def pattern(self) -> str:
        return (
            f"http://127.0.0.1:{self.server_address[1]}/air/data/china_cities_{{date:%Y%m%d}}.csv"
        )


class Handler(BaseHTTPRequestHandler):
    server: Mirror404

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        name = self.path.rsplit("/", 1)[-1]
        self.server.log.append((name, dict(self.headers.items())))
        data = self.server.files.get(name)
        if data is None:
            self.send_error(404)
            return
        etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.end_headers()
            return
        start = 0
        wanted = self.headers.get("Range", "")
        if self.server.ranges and wanted.startswith("bytes="):
            start = int(wanted[6:].split("-")[0])
        part = data[start:]
        self.send_response(206 if start else 200)
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.send_header("Content-Length", str(len(part)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(STAMP, usegmt=True))
        self.end_headers()
        if self.server.drops.get(name, 0) > 0:
            self.server.drops[name] -= 1
            self.wfile.write(part[: len(part) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            self.server.body_bytes += len(part) // 2
            return
        self.wfile.write(part)
        self.server.body_bytes += len(part)


@pytest.fixture
def mirror():
    server = Mirror404()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    thread.join()


def february(server: Mirror404, *, through: int = 29) -> dict[str, bytes]:
    """February 2024 (a leap year: 29 days) published through `through`; March 1 not yet."""
    for n in range(1, through + 1):
        day = dt.date(2024, 2, n)
        server.files[f"china_cities_{day:%Y%m%d}.csv"] = body(day, n)
    return dict(server.files)


def config(server: Mirror404, retries: int = 2) -> Mirror:
    return Mirror(server.pattern(), retries=retries, backoff=0, timeout=5)


def inbox_files(inbox) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in inbox.glob("china_cities_*.csv")}


def test_a_month_is_every_day_and_the_first_of_the_next(mirror, tmp_path):
    served = february(mirror)
    report = fetch_month("2024-02", tmp_path / "inbox", config(mirror))
    asked = [name for name, _ in mirror.log]
    assert asked[0] == "china_cities_20240201.csv" and asked[-1] == "china_cities_20240301.csv"
    assert len(asked) == 30  # 29 days of a leap February + 1 March
    assert inbox_files(tmp_path / "inbox") == served
    assert report.missing == ["china_cities_20240301.csv"]  # 404: not published yet
    assert len(report.fetched) == 29 and not report.revised and not report.failed
    assert not (tmp_path / "inbox" / ".partial").exists()
    assert "29 new, 0 revised, 0 unchanged, 1 missing" in report.summary()


def test_a_dropped_connection_resumes_from_where_it_broke(mirror, tmp_path):
    served = february(mirror)
    name = "china_cities_20240210.csv"
    mirror.drops[name] = 1
    report = fetch_month("2024-02", tmp_path / "inbox", config(mirror))
    tries = [headers for asked, headers in mirror.log if asked == name]
    assert len(tries) == 2
    half = len(served[name]) // 2
    assert tries[1].get("Range") == f"bytes={half}-"  # only the missing half is asked again
    assert (tmp_path / "inbox" / name).read_bytes() == served[name]
    assert name in report.fetched and not report.failed


def test_a_mirror_without_range_support_sends_the_whole_file_again(mirror, tmp_path):
    served = february(mirror)
    name = "china_cities_20240203.csv"
    mirror.drops[name], mirror.ranges = 1, False
    fetch_month("2024-02", tmp_path / "inbox", config(mirror))
    assert (tmp_path / "inbox" / name).read_bytes() == served[name]


def test_a_file_that_keeps_breaking_is_never_in_the_inbox_and_resumes_next_run(mirror, tmp_path):
    served = february(mirror)
    name = "china_cities_20240229.csv"
    mirror.drops[name] = 3  # the first try and both retries break
    inbox = tmp_path / "inbox"
    report = fetch_month("2024-02", inbox, config(mirror, retries=2))
    assert [n for n, _ in report.failed] == [name]
    assert not (inbox / name).exists()  # half a file never reaches the inbox
    partial = inbox / ".partial" / f"{name}.part"
    assert partial.exists() and 0 < partial.stat().st_size < len(served[name])
    again = fetch_month("2024-02", inbox, config(mirror))
    assert again.fetched == [name] and len(again.unchanged) == 28
    assert mirror.log[-2][1].get("Range") == f"bytes={partial_size(served[name])}-"
    assert (inbox / name).read_bytes() == served[name]
    assert not (inbox / ".partial").exists()


def partial_size(data: bytes) -> int:
    """Bytes kept after three broken answers: half, then half the rest, then half of that."""
    size = 0
    for _ in range(3):
        size += (len(data) - size) // 2
    return size


def test_a_second_run_downloads_nothing_and_a_revised_day_says_so(mirror, tmp_path):
    february(mirror)
    inbox = tmp_path / "inbox"
    fetch_month("2024-02", inbox, config(mirror))
    sent = mirror.body_bytes
    again = fetch_month("2024-02", inbox, config(mirror))
    assert mirror.body_bytes == sent  # every file answered 304 Not Modified
    assert len(again.unchanged) == 29 and not again.fetched
    revised = dt.date(2024, 2, 15)
    mirror.files[f"china_cities_{revised:%Y%m%d}.csv"] = body(revised, 99)
    third = fetch_month("2024-02", inbox, config(mirror))
    assert third.revised == ["china_cities_20240215.csv"]
    assert (inbox / "china_cities_20240215.csv").read_bytes() == body(revised, 99)
    assert any("revised upstream: china_cities_20240215.csv" in line for line in third.lines())
    assert "1 revised" in third.summary()


def test_a_file_copied_by_hand_with_the_same_content_is_left_alone(mirror, tmp_path):
    served = february(mirror, through=2)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    copy = inbox / "china_cities_20240201.csv"
    copy.write_bytes(served[copy.name])
    before = copy.stat().st_mtime_ns
    report = fetch_month("2024-02", inbox, config(mirror))
    assert copy.name in report.unchanged and copy.stat().st_mtime_ns == before


def test_a_month_with_nothing_published_is_one_line_and_writes_nothing(mirror, tmp_path):
    inbox = tmp_path / "inbox"
    result = CliRunner().invoke(
        cli, ["fetch", "2031-05", "--mirror", mirror.pattern(), "--inbox", str(inbox), "-q"]
    )
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "nothing published for 2031-05 (all 32 days answered 404)" in result.output
    assert not inbox.exists()


def test_an_unreachable_mirror_stops_after_three_files(tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    pattern = f"http://127.0.0.1:{port}/china_cities_{{date:%Y%m%d}}.csv"
    with pytest.raises(FetchError, match="the mirror does not answer"):
        fetch_month("2024-02", tmp_path / "inbox", Mirror(pattern, retries=0, backoff=0))
    assert not (tmp_path / "inbox").exists()


def test_the_command_prints_the_summary_and_reads_the_mirror_from_configuration(mirror, tmp_path):
    february(mirror, through=28)
    data = tmp_path / "data"
    data.mkdir()
    (data / "fetch.yaml").write_text(
        f"mirror: {mirror.pattern()}\nretries: 0\nbackoff_seconds: 0\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["fetch", "2024-02", "--data-dir", str(data), "-q"])
    assert result.exit_code == 0, result.output
    assert "28 new, 0 revised, 0 unchanged, 2 missing" in result.output
    assert "not published: china_cities_20240229.csv, china_cities_20240301.csv" in result.output
    assert len(inbox_files(data / "inbox")) == 28


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("mirror: https://example.org/day.csv\n", "must contain {date:%Y%m%d}"),
        ("mirror: https://example.org/{day}.csv\n", "bad pattern"),
        ("retries: many\n", "field 'retries'"),
        ("mirrors: x\n", "unknown field 'mirrors'"),
    ],
)
def test_a_bad_mirror_configuration_is_one_line(tmp_path, text, problem):
    (tmp_path / "fetch.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["fetch", "2024-02", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1 and problem in result.output
    assert "fetch.yaml" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "inbox").exists()


def test_retries_back_off_doubling_from_the_configured_pause(mirror, tmp_path, monkeypatch):
    february(mirror, through=1)
    mirror.drops["china_cities_20240201.csv"] = 3
    pauses: list[float] = []
    monkeypatch.setattr("reporter.fetch.time.sleep", pauses.append)
    fetch_month("2024-02", tmp_path / "inbox", Mirror(mirror.pattern(), retries=3, backoff=2))
    assert pauses == [2, 4, 8]
