"""Narrative golden cases: hand-made figures objects and the sentences they produce.

Regenerate the golden files after an intended change of wording, then review the diff:

    .venv/bin/python tests/regen_golden.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from reporter.figures import (  # noqa: E402
    AqiDays,
    Band,
    Change,
    CityRef,
    Extreme,
    Figures,
    PollutantFigures,
    RegionFigures,
    RuleSetRef,
)

GOLDEN = Path(__file__).resolve().parent / "golden" / "narrative"
LIMITS = {"pm25": 35, "o3": 160}  # GB 3095-2012 grade II, as data/rules/gb3095-2012.yaml
LANGS = ("zh", "en")
BOUNDS = {
    "pm25": [(None, 15, "≤15"), (15, 35, "15–35"), (35, 75, "35–75"), (75, None, ">75")],
    "o3": [(None, 100, "≤100"), (100, 120, "100–120"), (120, 160, "120–160"), (160, None, ">160")],
}
CITIES = {
    "林芝": ("540400", "Nyingchi"),
    "佛山": ("440600", "Foshan"),
    "揭阳": ("445200", "Jieyang"),
    "红河州": ("532500", "Honghe Prefecture"),
    "达州": ("511700", "Dazhou"),
    "成都": ("510100", "Chengdu"),
}
REGIONS = [
    ("jjj", "京津冀及周边地区", "Beijing-Tianjin-Hebei and surrounding areas"),
    ("yrd", "长三角地区", "Yangtze River Delta"),
    ("fwp", "汾渭平原", "Fenwei Plain"),
]


def change(pct: float | None, n: int = 336) -> Change:
    """A published percent change; the direction follows its sign, as the engine decides it."""
    if pct is None:
        return Change(None, None, None, 0)
    direction = "up" if pct > 0 else "down" if pct < 0 else "flat"
    return Change(pct, pct, direction, n)


def pollutant(
    key: str,
    value: int | None,
    mom: float | None,
    yoy: float | None,
    lowest: list[str],
    low_value: int | None,
    bands: list[tuple[int, float]],
    regions: list[tuple[int | None, float | None]],
) -> PollutantFigures:
    n = sum(count for count, _ in bands)
    refs = [CityRef(CITIES[name][0], name, CITIES[name][1]) for name in lowest]
    extreme = Extreme(low_value, refs) if refs else None
    return PollutantFigures(
        key=key,
        statistic="",
        mean=value,
        published=value,
        n_cities=n,
        yoy=change(yoy),
        mom=change(mom),
        bands=[
            Band(label, label, lower, upper, count, share, share)
            for (lower, upper, label), (count, share) in zip(BOUNDS[key], bands, strict=True)
        ],
        min=extreme,
        max=None,
        limit=LIMITS[key],
        regions=[
            RegionFigures(rid, zh, en, 10, v, v, change(pct, 10), None)
            for (rid, zh, en), (v, pct) in zip(REGIONS, regions, strict=False)
        ],
    )


def figures(pm25: PollutantFigures, o3: PollutantFigures, period: str = "2024-01") -> Figures:
    return Figures(
        kind="monthly",
        period=period,
        start=f"{period}-01",
        end=f"{period}-28",
        rule_set=RuleSetRef("GB3095-2012", "GB 3095-2012", "GB 3095-2012"),
        synthetic=False,
        validity={
            "daily_min_hours": 20,
            "o3_min_windows": 14,
            "o3_exceedance": 160,
            "min_days": 27,
        },
        cities=[],
        pm25=pm25,
        o3=o3,
        # HJ 633 good and heavy-pollution cut-offs, as data/rules/gb3095-2012.yaml
        aqi_days=AqiDays(0, None, None, None, None, good_at_most=100, heavy_above=200),
        excluded=[],
        registry_cities=339,
        cities_without_data=[],
    )


NO_DATA = pollutant("o3", None, None, None, [], None, [(0, None)] * 4, [])

# Each case names what it exercises; every direction of change appears in both languages.
CASES: dict[str, Figures] = {
    # Both changes up; one lowest city.
    "rose": figures(
        pollutant(
            "pm25",
            51,
            8.5,
            2.3,
            ["林芝"],
            7,
            [(12, 3.55), (90, 26.63), (185, 54.73), (51, 15.09)],
            [(81, 4.2), (51, 1.0), (72, 12.6)],
        ),
        pollutant(
            "o3",
            100,
            20.0,
            6.1,
            ["达州"],
            65,
            [(166, 49.11), (159, 47.04), (13, 3.85), (0, 0.0)],
            [(110, 3.5), (99, 0.4), (95, 16.0)],
        ),
    ),
    # Both changes down; three cities tie for the lowest value (并列).
    "fell": figures(
        pollutant(
            "pm25",
            46,
            -1.4,
            -9.8,
            ["佛山", "揭阳", "红河州"],
            16,
            [(13, 3.85), (99, 29.29), (196, 57.99), (30, 8.88)],
            [(70, -22.1), (45, -5.9), (66, -3.3)],
        ),
        pollutant(
            "o3",
            85,
            -6.4,
            -6.1,
            ["成都"],
            41,
            [(296, 87.57), (20, 5.92), (20, 5.92), (2, 0.59)],
            [(92, -9.6), (89, -6.7), (87, -7.0)],
        ),
    ),
    # No change either way; two cities tie.
    "unchanged": figures(
        pollutant(
            "pm25",
            35,
            0.0,
            0.0,
            ["林芝", "佛山"],
            9,
            [(20, 5.93), (150, 44.51), (160, 47.48), (7, 2.08)],
            [(60, 0.0), (40, 0.0), (55, 0.0)],
        ),
        pollutant(
            "o3",
            120,
            0.0,
            0.0,
            ["成都"],
            88,
            [(100, 29.67), (150, 44.51), (80, 23.74), (7, 2.08)],
            [(130, 0.0), (125, 0.0), (118, 0.0)],
        ),
    ),
    # Mixed: nothing to compare with last month; a region without data and one without YoY.
    "mixed": figures(
        pollutant(
            "pm25",
            38,
            None,
            -12.1,
            ["林芝"],
            5,
            [(30, 8.90), (150, 44.51), (150, 44.51), (7, 2.08)],
            [(50, 3.1), (None, None), (44, None)],
        ),
        pollutant(
            "o3",
            98,
            23.5,
            -5.4,
            ["达州"],
            60,
            [(200, 59.35), (100, 29.67), (37, 10.98), (0, 0.0)],
            [(101, -5.9), (97, 16.7), (90, 0.0)],
        ),
    ),
    # No valid O3 figures at all: the text must say so, not print a blank.
    "no_o3": figures(
        pollutant(
            "pm25",
            47,
            9.1,
            -2.7,
            ["佛山"],
            16,
            [(0, 0.0), (99, 29.38), (204, 60.53), (34, 10.09)],
            [(81, -0.6)],
        ),
        NO_DATA,
    ),
}


def render_case(name: str, lang: str) -> str:
    """The golden text of one case: every paragraph of both pollutants, labelled."""
    from reporter.bulletin.narrative import build_context, render_sentences
    from reporter.registry import load_registry
    from reporter.render.templating import make_environment

    context = build_context(CASES[name], registry=load_registry())
    sentences = render_sentences(make_environment(), context, lang)
    blocks = []
    for key, paragraphs in sentences.items():
        for paragraph, text in paragraphs.items():
            blocks.append(f"[{key}.{paragraph}]\n{text}\n")
    return "\n".join(blocks)


def golden_path(name: str, lang: str) -> Path:
    return GOLDEN / lang / f"{name}.html"


def main() -> None:
    for lang in LANGS:
        for name in CASES:
            path = golden_path(name, lang)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render_case(name, lang), encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    from test_annual_report import write_golden as write_annual_golden

    write_annual_golden()
    from test_figures_trend import write_golden as write_figures_golden

    write_figures_golden()
    from test_annual_golden import write_golden as write_annual_figures_golden

    write_annual_figures_golden()
    from test_annual_ytd_golden import write_golden as write_ytd_figures_golden

    write_ytd_figures_golden()


if __name__ == "__main__":
    main()
