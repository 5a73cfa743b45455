"""What the site is made from, and its cache keyed by the recipes of reporter.digests.

Figures and city series are cached as JSON under ``build/site-cache/`` by a digest of exactly
what they are computed from: the store partitions of the years involved, the configuration
(rules, bands, registry) and the engine's code. Pages are then keyed by the digest of the
figures' content, so a store change that leaves a month's figures alone re-renders nothing.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import types
import typing
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.model import Content, Issue
from ..digests import CONTENT, ENGINE, STORE_YEAR, digest, file_digest
from ..figures import Figures
from ..paths import BULLETIN_FILE, ISSUES_FOLDER, PROJECT_ROOT, THEMES_FILE
from ..store import Store

# The demo bulletins, used when content/ has no issues/ folder.
DEMO_MONTHS = ("2024-01", "2024-02")
LANGS = ("zh", "en")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


# -- digests: the recipes of reporter.digests ----------------------------------------------------
def engine_digest(store: Store) -> str:
    """Everything figures depend on besides the store's partitions: the engine and the labels."""
    return digest(ENGINE(store.data_dir), file_digest(store.root / "store.json"))


class StoreDigests:
    """Per-year digests of the store's partitions, each computed once per build."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._years: dict[int, str] = {}

    def years(self) -> list[int]:
        root = self.store.root
        found = {
            int(p.stem)
            for kind in ("daily", "monthly")
            for p in root.glob(f"{kind}/*.parquet")
            if p.stem.isdigit()
        }
        found |= {
            int(p.name) for p in root.glob("hourly/*") if p.name.isdigit() and any(p.iterdir())
        }
        return sorted(found)

    def year(self, year: int) -> str:
        if year not in self._years:
            self._years[year] = STORE_YEAR(self.store, year)
        return self._years[year]


class Cache:
    """JSON values under `root/<kind>/<key>.json`; entries a build did not use are pruned after it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.used: dict[str, set[str]] = defaultdict(set)

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / f"{key}.json"

    def get(self, kind: str, key: str) -> Any | None:
        self.used[kind].add(key)
        path = self._path(kind, key)
        if not path.exists():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # a damaged entry is rebuilt, never trusted
            return None

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry is there (kept by the prune, like one read)."""
        self.used[kind].add(key)
        return self._path(kind, key).exists()

    def put(self, kind: str, key: str, value: Any) -> None:
        self.used[kind].add(key)
        path = self._path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Renamed into place, not synced: a cache entry lost to a power cut is simply rebuilt.
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(
            json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        os.replace(tmp, path)

    def prune(self) -> None:
        for kind, keys in self.used.items():
            for path in (self.root / kind).glob("*.json"):
                if path.stem not in keys:
                    path.unlink(missing_ok=True)


# -- figures -------------------------------------------------------------------------------------
def from_dict(cls: type, data: dict[str, Any]) -> Any:
    """A dataclass (nested ones too) from its `asdict` form; unknown keys are ignored."""
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**kwargs)


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(options[0], value) if len(options) == 1 else value
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_convert(item, v) for v in value]
    if origin is dict:  # e.g. a synergy city's values: indicator -> IndicatorChange
        _, item = typing.get_args(hint)
        return {k: _convert(item, v) for k, v in value.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return from_dict(hint, value)
    return value


@dataclass
class MonthFigures:
    month: str
    figures: Figures | None  # None: the store has no data for the month
    digest: str  # of the figures' content: what pages showing them are keyed by


def month_figures(
    store: Store, month: str, cache: Cache, digests: StoreDigests, engine: str
) -> MonthFigures:
    """A month's figures from the cache, or computed (0.5–1.5 s) and cached."""
    key = figures_key(month, digests, engine)
    cached = cache.get("figures", key)
    if cached is None:
        cached = _figures_value(store, month)
        cache.put("figures", key, cached)
    value = cached["figures"]
    figures = from_dict(Figures, value) if value is not None else None
    return MonthFigures(month, figures, digest(value))


def figures_key(month: str, digests: StoreDigests, engine: str) -> str:
    year = int(month[:4])
    # YoY needs the year before; MoM of January needs December of the year before.
    return digest("figures", month, engine, digests.year(year - 1), digests.year(year))


def series_key(year: int, digests: StoreDigests, engine: str) -> str:
    return digest("series", year, engine, digests.year(year))


def _figures_value(store: Store, month: str) -> dict[str, Any]:
    """A month's figures as JSON (None inside when the store has no data for the month)."""
    from ..errors import NoDataError
    from ..stats.period import Period
    from ..stats.summary import build_figures

    try:
        return {"figures": build_figures(store, Period.parse(month)).to_dict()}
    except NoDataError:
        return {"figures": None}


# -- city series ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class MonthValue:
    """One city's published monthly values; None where the month is not valid (HJ 663)."""

    month: str
    pm25: int | None
    pm25_band: int | None
    pm25_days: int | None
    o3: int | None
    o3_band: int | None
    o3_days: int | None
    pm10: int | None = None
    so2: int | None = None
    no2: int | None = None
    co: float | None = None  # mg/m³, one decimal


def city_series(
    store: Store, cache: Cache, digests: StoreDigests, engine: str
) -> dict[str, list[MonthValue]]:
    """Every city's monthly values over all years in the store (~1 s per uncached year)."""
    out: dict[str, list[MonthValue]] = defaultdict(list)
    for year in digests.years():
        key = series_key(year, digests, engine)
        rows = cache.get("series", key)
        if rows is None:
            rows = _year_rows(store, year)
            cache.put("series", key, rows)
        for code, values in rows.items():
            out[code].extend(MonthValue(*v) for v in values)
    return dict(out)


def _year_rows(store: Store, year: int) -> dict[str, list[list[Any]]]:
    """Each city's months of a year: values, rounding and bands from the figures' own code."""
    from ..stats.period import monthly_city_values
    from ..stats.summary import city_bands, published_values

    bands = city_bands(store.data_dir)
    rows: dict[str, list[list[Any]]] = defaultdict(list)
    for month, frame in sorted(monthly_city_values(store, year).items()):
        for code, record in frame.to_dict("index").items():
            pub = published_values(record, bands)
            rows[str(code)].append(
                [
                    month,
                    pub["pm25_published"],
                    pub["pm25_band"],
                    _int(record["pm25_days"]),
                    pub["o3_published"],
                    pub["o3_band"],
                    _int(record["o3_days"]),
                    *(pub[f"{k}_published"] for k in ("pm10", "so2", "no2", "co")),
                ]
            )
    return dict(rows)


def _int(value: Any) -> int | None:
    try:
        return None if value is None or value != value else int(value)
    except (TypeError, ValueError):
        return None


# -- content and PDFs ----------------------------------------------------------------------------
@dataclass
class IssueFile:
    """A month's issue of the bulletin (validated by reporter.content.model), or why it has none."""

    month: str
    path: Path  # content/issues/YYYY-MM.yaml
    issue: Issue | None  # None when the file is missing or empty
    digest: str  # of every content file the issue prints
    problem: str | None = None  # "missing" or "empty"


def bulletin_months(content_dir: Path) -> list[str]:
    """Months with an issue file; the demo months when content/ has no issues/ folder."""
    issues = content_dir / ISSUES_FOLDER
    if not issues.is_dir():
        return list(DEMO_MONTHS)
    return sorted(p.stem for p in issues.glob("*.yaml") if _MONTH.fullmatch(p.stem))


def read_issue(content: Content, month: str) -> IssueFile:
    """The issue of a month from content that has been loaded, hence checked, as a whole."""
    path = content.root / ISSUES_FOLDER / f"{month}.yaml"
    issue = content.issues.get(month)
    if issue is None:  # reporter.content.model skips an issue file that holds nothing
        problem = "empty" if path.exists() else "missing"
        return IssueFile(month, path, None, digest(problem), problem)
    files = [
        path,
        content.root / BULLETIN_FILE,  # title and publisher
        content.root / THEMES_FILE,  # the headings of the project sections
        *(record.path for record in issue.records),
        *(image.path for record in issue.records for image in record.images),
        *(item.path for item in issue.news),
    ]
    return IssueFile(month, path, issue, CONTENT(content.root, files))


def pdf_path(bulletins_dir: Path, month: str, lang: str) -> Path:
    return bulletins_dir / f"bulletin-{month}-{lang}.pdf"


def published_pdfs(bulletins_dir: Path, months: list[str]) -> dict[str, dict[str, Path]]:
    """The bulletin PDFs the site publishes: month -> language -> PDF, those built only.
    Every page that links or shows a PDF reads this one list."""
    found: dict[str, dict[str, Path]] = {}
    for month in months:
        paths = {lang: pdf_path(bulletins_dir, month, lang) for lang in LANGS}
        found[month] = {lang: path for lang, path in paths.items() if path.is_file()}
    return found


def source_name(src: str, lang: str) -> str:
    """`bulletins/2024-01.md` for Chinese, `bulletins/2024-01.en.md` for English (suffix layout)."""
    return src if lang == LANGS[0] else f"{src[: -len('.md')]}.{lang}.md"


def display(path: Path) -> str:
    """A path as an editor types it: relative to the project when inside it."""
    try:
        return Path(path).resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return str(path)
