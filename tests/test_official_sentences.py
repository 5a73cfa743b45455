"""The other-pollutant and year-to-date paragraphs, in both languages, from given figures."""

from __future__ import annotations

import dataclasses

from regen_golden import CASES, change

from reporter.bulletin.narrative import build_context, plain_text, render_sentences
from reporter.figures import PollutantFigures
from reporter.registry import load_registry
from reporter.render.templating import make_environment


def other(key: str, value, yoy, places: int = 0) -> PollutantFigures:
    base = CASES["rose"].pm25
    return dataclasses.replace(
        base, key=key, published=value, yoy=change(yoy), places=places, regions=[], bands=[]
    )


def with_others(figures, period: str, months: list[str]):
    return dataclasses.replace(
        figures,
        period=period,
        pm10=other("pm10", 78, -19.2),
        so2=other("so2", 10, 0.0),
        no2=other("no2", 32, 19.9),
        co=other("co", 1.2, -1.3, places=1),
        months=months,
    )


def rendered(month, ytd, lang):
    context = build_context(month, registry=load_registry(), ytd=ytd)
    out = render_sentences(make_environment(), context, lang)["official"]
    return {k: plain_text(v) for k, v in out.items()}


MARCH = with_others(CASES["rose"], "2024-03", ["2024-03"])
YTD = with_others(CASES["rose"], "2024-01..2024-03", ["2024-01", "2024-02", "2024-03"])


def test_other_pollutants_zh():
    text = rendered(MARCH, None, "zh")["others"]
    assert text == (
        "2024年3月，全国地级及以上城市PM10平均浓度为78 µg/m3，同比下降19.2%；"
        "SO2平均浓度为10 µg/m3，同比持平；NO2平均浓度为32 µg/m3，同比上升19.9%；"
        "CO日均值第95百分位浓度为1.2 mg/m3，同比下降1.3%。"
    )


def test_other_pollutants_en():
    text = rendered(MARCH, None, "en")["others"]
    assert "PM10 78 µg/m3 (down 19.2% year on year)" in text
    assert "CO (95th percentile of daily means) 1.2 mg/m3 (down 1.3% year on year)." in text


def test_year_to_date_paragraph_from_february_on():
    zh = rendered(MARCH, YTD, "zh")["ytd"]
    en = rendered(MARCH, YTD, "en")["ytd"]
    assert zh.startswith(
        "2024年1—3月（累计），全国地级及以上城市PM2.5平均浓度为51 µg/m3，同比上升2.3%"
    )
    assert en.startswith("January–March 2024 (year to date)")
    january = with_others(CASES["rose"], "2024-01..2024-01", ["2024-01"])
    assert rendered(MARCH, january, "zh")["ytd"] == ""  # January is its own total
