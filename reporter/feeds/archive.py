"""CNEMC feed files as distributed: plain CSV, gzip-compressed CSV, zip archives and folders.

Every source is read into memory as the bytes of one daily file; the reader validates it as if
it were a plain `china_cities_YYYYMMDD.csv`.
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..bounded import Unreadable, read_bytes
from ..errors import InputError

DAILY_NAME = re.compile(r"^china_cities_\d{8}\.csv(\.gz)?$")
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # a daily file is under 1 MB; larger is not a feed file


@dataclass(frozen=True)
class FeedSource:
    """One daily file: the path it is reported by (`archive.zip/china_cities_….csv`) and its bytes."""

    path: Path
    read: Callable[[], bytes]


def _gunzip(path: Path, data: bytes) -> bytes:
    try:  # bounded: a small file that inflates without end is refused, not read to exhaustion
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            text = handle.read(MAX_MEMBER_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(path, f"not a readable gzip file: {exc}") from exc
    if len(text) > MAX_MEMBER_BYTES:
        raise InputError(path, "inflates beyond the size of a daily file")
    return text


def _read_file(path: Path) -> bytes:
    try:
        data = read_bytes(path)  # regular files only, size-bounded (bounded.py)
    except Unreadable as exc:
        raise InputError(path, str(exc)) from None
    return _gunzip(path, data) if path.name.endswith(".gz") else data


def _zip_sources(path: Path) -> list[FeedSource]:
    """Every member of the archive must be a daily feed file: anything else refuses it by name."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(path, f"not a readable zip archive: {exc}") from exc
    sources = []
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = info.filename.rsplit("/", 1)[-1]
            if not DAILY_NAME.match(name):
                raise InputError(
                    path,
                    f"member {info.filename!r} is not a daily feed file "
                    "(expected china_cities_YYYYMMDD.csv)",
                )
            if info.file_size > MAX_MEMBER_BYTES:
                raise InputError(path, f"member {info.filename!r} is too large for a daily file")
            sources.append(FeedSource(path / name, _member_reader(path, info.filename)))
    return sources


def _member_reader(path: Path, member: str) -> Callable[[], bytes]:
    def read() -> bytes:
        try:
            with zipfile.ZipFile(path) as archive:
                data = archive.read(member)
        except (zipfile.BadZipFile, OSError, zlib.error) as exc:
            raise InputError(path, f"member {member!r} cannot be read: {exc}") from exc
        return _gunzip(path / member, data) if member.endswith(".gz") else data

    return read


def feed_sources(paths: Iterable[Path]) -> list[FeedSource]:
    """Files as given, zip archives' members, and the daily files and archives under folders."""
    found: list[FeedSource] = []
    for path in map(Path, paths):
        if path.is_dir():
            files = [p for p in path.rglob("china_cities_*") if DAILY_NAME.match(p.name)]
            found += [FeedSource(p, _reader(p)) for p in files]
            for archive in sorted(path.rglob("*.zip")):
                found += _zip_sources(archive)
        elif path.suffix.lower() == ".zip" and path.is_file():
            found += _zip_sources(path)
        elif path.exists():
            found.append(FeedSource(path, _reader(path)))
        else:
            raise InputError(path, "no such file or folder")
    unique = {str(s.path): s for s in found}
    return sorted(unique.values(), key=lambda s: (s.path.name, str(s.path)))


def _reader(path: Path) -> Callable[[], bytes]:
    return lambda: _read_file(path)
