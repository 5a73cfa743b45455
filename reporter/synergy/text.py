"""A short readable summary of a synergy result for the terminal; it formats, never computes."""

from __future__ import annotations

import unicodedata
from collections import Counter

from .result import CLASSES, CitySynergy, ClassSummary, SynergyResult

TITLES = {
    "emissions": ("CO2 × LAPeq (emissions)", "lapeq", "LAPeq"),
    "air": ("CO2 × AQI (air quality)", "aqi", "AQI"),
}
CLASS_WORDS = {"I": "both reduced", "II": "one reduced", "III": "neither reduced"}


def _pct(value: float | None) -> str:
    if value is None:
        return "n/a"
    return "0.00%" if value == 0 else f"{value:+.2f}%"


def _pad(text: str, width: int) -> str:
    """Left-align to `width` terminal columns; CJK characters take two."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 1)


def _class_line(name: str, summary: ClassSummary) -> str:
    share = "n/a" if summary.share_pct_published is None else f"{summary.share_pct_published:.2f}%"
    ranks = (
        f"ranks {summary.first_rank}–{summary.last_rank}" if summary.first_rank is not None else ""
    )
    return f"  class {name:<3} {CLASS_WORDS[name]:<16} {summary.count:>4}  {share:>7}   {ranks}"


def _city_line(city: CitySynergy, ranking: str, tied: Counter, other: str, label: str) -> str:
    rank = getattr(city, f"rank_{ranking}")
    mark = "=" if tied[rank] > 1 else " "
    name = _pad(f"{city.city} {city.name_en}", 30)
    return (
        f"    {rank:>4}{mark} {name}{getattr(city, f'class_{ranking}'):<3} "
        f"CO2 {_pct(city.values['co2'].rate_pct_published):>9}  "
        f"{label} {_pct(city.values[other].rate_pct_published):>9}  "
        f"sum {_pct(getattr(city, f'sum_{ranking}_pct_published')):>9}"
    )


def _ranking_lines(result: SynergyResult, ranking: str, top: int) -> list[str]:
    title, other, label = TITLES[ranking]
    ordered = result.ranked(ranking)
    lines = [f"{title}: {len(ordered)} cities ranked"]
    if not ordered:
        return [*lines, "  (nothing to rank)"]
    classes = getattr(result.summary, f"class_{ranking}")
    lines += [_class_line(name, classes[name]) for name in CLASSES]
    tied = Counter(getattr(c, f"rank_{ranking}") for c in ordered)
    lines.append(f"  top {min(top, len(ordered))}")
    lines += [_city_line(c, ranking, tied, other, label) for c in ordered[:top]]
    if len(ordered) > top:
        lines.append(f"  bottom {min(top, len(ordered) - top)}")
        lines += [
            _city_line(c, ranking, tied, other, label)
            for c in ordered[max(top, len(ordered) - top) :]
        ]
    return lines


def summary_text(result: SynergyResult, top: int = 10) -> str:
    """Class sizes and shares, top and bottom cities of both rankings, and what was left out."""
    summary = result.summary
    head = f"CO2 / air-pollution synergy {result.base_year} → {result.target_year}"
    if result.synthetic:
        head += "  [SYNTHETIC DEMO DATA]"
    lines = [
        head,
        f"Inventory {result.source.path}: {summary.n_cities_in_file} of "
        f"{summary.n_registry_cities} registry cities, {summary.n_provinces} provinces, "
        f"{summary.n_regions} key regions",
        "",
    ]
    lines += _ranking_lines(result, "emissions", top)
    lines.append("")
    lines += _ranking_lines(result, "air", top)
    if result.not_ranked:
        lines += ["", f"Not ranked ({len(result.not_ranked)}):"]
        lines += [f"  {n.city} ({n.code}), {n.ranking}: {n.reason}" for n in result.not_ranked]
    if result.unknown_cities:
        lines += ["", f"Not in the registry, skipped ({len(result.unknown_cities)}):"]
        lines += [
            f"  {u.name} (row{'s' if len(u.rows) > 1 else ''} {', '.join(map(str, u.rows))})"
            for u in result.unknown_cities
        ]
    if result.ignored_columns:
        lines += ["", f"Columns outside the format, skipped: {', '.join(result.ignored_columns)}"]
    if result.cities_without_data:
        names = "、".join(c.city for c in result.cities_without_data[:20])
        more = len(result.cities_without_data) - 20
        lines += [
            "",
            f"Registry cities not in the inventory ({len(result.cities_without_data)}): {names}"
            + (f" … and {more} more" if more > 0 else ""),
        ]
    lines += [f"Note: {note}" for note in result.notes]
    return "\n".join(lines)
