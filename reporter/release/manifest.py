"""Release manifests and the data diff: what changed in the store since a period was published.

A release records, in `<data-dir>/releases/<period>.json`, the hash of every store partition,
the content and output files, the software version, the rule set and the published figures.
`diff_since_release` compares the store of now with that record: which stored values changed
(replaced partitions are kept in the store's history/) and which published figures moved.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import __version__
from ..figures import Figures
from ..paths import RELEASES_FOLDER
from ..stats.period import Period
from ..stats.summary import build_figures
from ..store import Store, atomic_write_bytes

VALUE_COLUMNS = ("pm25", "pm10", "so2", "no2", "o3", "co", "o3_mda8", "o3_1h", "o3_8h_90")
KEYS = {"hourly": ["code", "date", "hour"], "daily": ["code", "date"], "monthly": ["code", "month"]}


def release_time() -> str:
    """UTC time of a release; SOURCE_DATE_EPOCH fixes it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.replace(microsecond=0).isoformat()


def manifest_path(store: Store, period: Period) -> Path:
    return store.data_dir / RELEASES_FOLDER / f"{period.label}.json"


def load_manifest(store: Store, period: Period) -> dict[str, Any] | None:
    path = manifest_path(store, period)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def write_manifest(
    store: Store,
    period: Period,
    figures: Figures,
    *,
    content: dict[str, str] | None = None,
    outputs: dict[str, str] | None = None,
) -> Path:
    """Record what a release of `period` was built from and what it published."""
    manifest = {
        "period": period.label,
        "released_at": release_time(),
        "software": f"reporter {__version__}",
        "rule_set": figures.rule_set.id,
        "partitions": store.partition_hashes(),
        "sources": store.sources,
        "content": content or {},
        "outputs": outputs or {},
        "figures": figures.to_dict(),
    }
    path = manifest_path(store, period)
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))
    return path


@dataclass
class PartitionChange:
    partition: str
    status: str  # new, revised, removed
    values: int | None = None  # changed values, when both versions are at hand
    cities: set[str] = field(default_factory=set)


@dataclass
class DataDiff:
    period: str
    released_at: str | None
    partitions: list[PartitionChange] = field(default_factory=list)
    figure_lines: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.partitions) or any(
            not line.startswith("unchanged") for line in self.figure_lines
        )

    def lines(self) -> list[str]:
        if self.released_at is None:
            return [f"{self.period} has not been released yet: every figure is new."]
        out = [f"Changes since the release of {self.period} ({self.released_at}):"]
        if not self.partitions:
            out.append("  stored values: none changed")
        for kind in ("hourly", "daily", "monthly"):
            changes = [c for c in self.partitions if c.partition.startswith(kind)]
            if not changes:
                continue
            cities = set().union(*(c.cities for c in changes))
            values = sum(c.values or 0 for c in changes)
            unknown = sum(c.values is None for c in changes)
            text = f"  {kind}: {len(changes)} partition(s), {len(cities)} cities, {values} {kind} values"
            out.append(
                text + (f" ({unknown} partition(s) without the earlier version)" if unknown else "")
            )
        out += [f"  {line}" for line in self.figure_lines]
        return out


def _value_changes(old: pd.DataFrame, new: pd.DataFrame, keys: list[str]) -> tuple[int, set[str]]:
    joined = old.merge(new, on=keys, how="outer", suffixes=("_old", "_new"))
    changed = np.zeros(len(joined), dtype=int)
    for column in VALUE_COLUMNS:
        if f"{column}_old" in joined and f"{column}_new" in joined:
            a, b = joined[f"{column}_old"], joined[f"{column}_new"]
            changed += (~((a == b) | (a.isna() & b.isna()))).to_numpy()
    return int(changed.sum()), set(joined.loc[changed > 0, "code"])


def _partition_changes(store: Store, recorded: dict[str, str]) -> list[PartitionChange]:
    current = store.partition_hashes()
    changes = []
    for partition in sorted(set(current) | set(recorded)):
        old_sha, new_sha = recorded.get(partition), current.get(partition)
        if old_sha == new_sha:
            continue
        if new_sha is None:
            changes.append(PartitionChange(partition, "removed"))
            continue
        new = store.read_partition(partition)
        old = store.read_partition(partition, old_sha) if old_sha else None
        change = PartitionChange(partition, "new" if old_sha is None else "revised")
        keys = KEYS[partition.split("/")[0]]
        if old is not None or old_sha is None:
            empty = pd.DataFrame(columns=new.columns).astype(new.dtypes.to_dict())
            change.values, change.cities = _value_changes(
                old if old is not None else empty, new, keys
            )
        changes.append(change)
    return changes


def _figure_lines(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    lines = []
    names = {"pm25": "PM2.5", "o3": "O3"}
    for key, label in names.items():
        a, b = old[key]["published"], new[key]["published"]
        state = f"unchanged at {b}" if a == b else f"changed from {a} to {b}"
        lines.append(f"national {label} for {new['period']} {state}")
        old_regions = {r["id"]: r["published"] for r in old[key]["regions"]}
        for region in new[key]["regions"]:
            before = old_regions.get(region["id"])
            if before != region["published"]:
                lines.append(
                    f"{region['name_zh']} {label} changed from {before} to {region['published']}"
                )
    old_cities = {c["code"]: c for c in old["cities"]}
    for city in new["cities"]:
        before = old_cities.get(city["code"], {})
        for key, label in names.items():
            band_key = f"{key}_band"
            if before.get(band_key) != city[band_key]:
                bands = new[key]["bands"]
                was = (
                    bands[before[band_key]]["label_en"]
                    if before.get(band_key) is not None
                    else "none"
                )
                now = bands[city[band_key]]["label_en"] if city[band_key] is not None else "none"
                lines.append(f"{city['name_zh']} {label} band changed: {was} → {now}")
    return lines


def diff_since_release(store: Store, period: Period) -> DataDiff:
    """What changed in the store, and in the published figures, since `period` was released."""
    manifest = load_manifest(store, period)
    if manifest is None:
        return DataDiff(period.label, None)
    diff = DataDiff(period.label, manifest["released_at"])
    diff.partitions = _partition_changes(store, manifest["partitions"])
    if diff.partitions:
        diff.figure_lines = _figure_lines(
            manifest["figures"], build_figures(store, period).to_dict()
        )
    else:
        pm25 = manifest["figures"]["pm25"]["published"]
        diff.figure_lines = [f"national PM2.5 for {period.label} unchanged at {pm25}"]
    return diff
