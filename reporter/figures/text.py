"""A short readable summary of a figures object for the terminal."""

from __future__ import annotations

from . import Change, Figures, PollutantFigures


def _change(label: str, change: Change | None) -> str:
    if change is None or change.pct_published is None:
        return f"{label} n/a"
    return f"{label} {change.pct_published:+.1f}% ({change.n_cities} cities)"


def _pollutant_lines(name: str, unit: str, p: PollutantFigures) -> list[str]:
    lines = [
        f"{name}: {p.published if p.published is not None else 'n/a'} {unit} over {p.n_cities} cities; "
        f"{_change('YoY', p.yoy)}" + (f"; {_change('MoM', p.mom)}" if p.mom else "")
    ]
    bands = "  ".join(
        f"{b.label_en}: {b.count} ({b.share_pct_published:.2f}%)"
        for b in p.bands
        if b.share_pct_published is not None
    )
    lines.append(f"  bands  {bands}")
    for label, extreme in (("lowest", p.min), ("highest", p.max)):
        if extreme:
            names = "、".join(c.name_zh for c in extreme.cities)
            lines.append(f"  {label:7} {names} {extreme.value}")
    for region in p.regions:
        value = region.published if region.published is not None else "n/a"
        lines.append(f"  {region.name_en:44} {value!s:>4}  {_change('YoY', region.yoy)}")
    return lines


def _other_line(name: str, p: PollutantFigures) -> str:
    """One line for PM10, SO2, NO2 or CO: national value, city count, YoY."""
    value = "n/a" if p.published is None else f"{p.published:.{p.places}f}"
    return f"{name}: {value} {p.unit} over {p.n_cities} cities; {_change('YoY', p.yoy)}"


def summary_table(figures: Figures) -> str:
    """Figures as a few aligned lines: national values, changes, bands, extremes, regions."""
    kind = {"ytd": "Year-to-date"}.get(figures.kind, figures.kind.capitalize())
    head = f"{kind} figures {figures.period} — rule set {figures.rule_set.id}"
    if figures.synthetic:
        head += "  [SYNTHETIC DEMO DATA]"
    lines = [head, ""]
    lines += _pollutant_lines("PM2.5", "µg/m³", figures.pm25)
    lines.append("")
    lines += _pollutant_lines("O3-8h-90per", "µg/m³", figures.o3)
    lines.append("")
    for name, p in (("PM10", figures.pm10), ("SO2", figures.so2), ("NO2", figures.no2)):
        if p is not None:
            lines.append(_other_line(name, p))
    if figures.co is not None:
        lines.append(_other_line("CO-95per", figures.co))
    days = figures.aqi_days
    if days.good_day_ratio_pct_published is not None:
        lines += [
            "",
            f"Good days {days.good_day_ratio_pct_published:.1f}%, heavy pollution "
            f"{days.heavy_share_pct_published:.2f}% of days ({days.n_cities} cities)",
        ]
    lines.append("")
    lines.append(
        f"{len(figures.cities)} cities with data of {figures.registry_cities}; "
        f"{len(figures.excluded)} city value(s) invalid under the day-count rules"
    )
    return "\n".join(lines)
