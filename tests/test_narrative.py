"""The analysis sentences: golden files per case and language, and what each case must say.

After an intended wording change: `.venv/bin/python tests/regen_golden.py`, then review the diff.
"""

from __future__ import annotations

import dataclasses

import pytest
from regen_golden import CASES, LANGS, golden_path, render_case

from reporter.bulletin.narrative import build_context, plain_text, render_sentences
from reporter.config import PROJECT_ROOT
from reporter.errors import ConfigError
from reporter.registry import load_registry
from reporter.render.templating import (
    fmt_pct,
    fmt_share,
    fmt_signed_pct,
    load_catalogue,
    make_environment,
)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name, lang):
    expected = golden_path(name, lang).read_text(encoding="utf-8")
    assert render_case(name, lang) == expected, (
        f"{golden_path(name, lang)} differs; if intended, run .venv/bin/python tests/regen_golden.py"
    )


def sentences(name: str, lang: str) -> dict[str, dict[str, str]]:
    context = build_context(CASES[name], registry=load_registry())
    rendered = render_sentences(make_environment(), context, lang)
    return {k: {p: plain_text(t) for p, t in v.items()} for k, v in rendered.items()}


@pytest.mark.parametrize(
    ("name", "zh_words", "en_words"),
    [
        (
            "rose",
            ["环比上升8.5%", "同比上升2.3%"],
            ["rose 8.5% from the previous month", "2.3% from a year earlier"],
        ),
        (
            "fell",
            ["环比下降1.4%", "同比下降9.8%"],
            ["fell 1.4% from the previous month", "9.8% from a year earlier"],
        ),
        (
            "unchanged",
            ["环比持平", "同比持平"],
            ["unchanged from both the previous month and a year earlier"],
        ),
        (
            "mixed",
            ["环比无可比数据", "同比下降12.1%"],
            ["cannot be compared with the previous month", "fell 12.1%"],
        ),
    ],
)
def test_each_direction_reads_correctly(name, zh_words, en_words):
    zh, en = sentences(name, "zh")["pm25"]["headline"], sentences(name, "en")["pm25"]["headline"]
    for words in zh_words:
        assert words in zh
    for words in en_words:
        assert words in en
    # Never a sign inside words: the verb carries the direction.
    assert "-" not in zh.split("。")[0] and "−" not in en


def test_ties_are_all_named():
    zh, en = (
        sentences("fell", "zh")["pm25"]["headline"],
        sentences("fell", "en")["pm25"]["headline"],
    )
    assert "佛山、揭阳和红河州的PM2.5月均浓度并列全国最低，均为16 µg/m3" in zh
    assert "Foshan, Jieyang, and Honghe Prefecture shared the lowest value, 16 µg/m3" in en


def test_a_pollutant_without_valid_figures_says_so():
    zh, en = sentences("no_o3", "zh")["o3"], sentences("no_o3", "en")["o3"]
    assert "没有城市的O3监测数据满足有效性要求" in zh["headline"]
    assert "本期不发布全国O3浓度" in zh["headline"]
    assert "no national O3 value or change is published" in en["headline"]
    assert zh["bands"] == "" and en["regions"] == ""
    assert "None" not in zh["headline"] + en["headline"] and "—" not in en["headline"]


def test_units_and_pollutants_carry_sub_and_superscripts():
    html = render_case("rose", "zh")
    assert "PM<sub>2.5</sub>" in html and "O<sub>3</sub>" in html
    assert "µg/m<sup>3</sup>" in html


def test_city_names_are_escaped():
    case = CASES["rose"]
    lowest = case.pm25.min
    bad = dataclasses.replace(lowest.cities[0], name_zh="<b>林芝</b>", name_en="<b>Nyingchi</b>")
    figures = dataclasses.replace(
        case, pm25=dataclasses.replace(case.pm25, min=dataclasses.replace(lowest, cities=[bad]))
    )
    context = build_context(figures, registry=load_registry())
    html = render_sentences(make_environment(), context, "en")["pm25"]["headline"]
    assert "&lt;b&gt;Nyingchi&lt;/b&gt;" in html


@pytest.mark.parametrize(
    ("function", "value", "text"),
    [
        (fmt_pct, 8.5, "8.5%"),
        (fmt_pct, 10.0, "10.0%"),
        (fmt_share, 3.5, "3.50%"),
        (fmt_share, 0.0, "0.00%"),
        (fmt_signed_pct, -2.7, "−2.7%"),
        (fmt_signed_pct, 9.1, "+9.1%"),
        (fmt_signed_pct, 0.0, "0.0%"),
        (fmt_pct, None, "—"),
    ],
)
def test_number_formats(function, value, text):
    assert function(value) == text


def test_context_takes_published_values_and_drops_the_sign():
    context = build_context(CASES["fell"], registry=load_registry())
    assert context.pm25.value == 46
    assert context.pm25.yoy.direction == "down" and context.pm25.yoy.pct == 9.8
    assert context.pm25.yoy.signed_pct == -9.8
    assert [n.zh for n in context.pm25.lowest] == ["佛山", "揭阳", "红河州"]


def test_user_templates_override_packaged_ones(tmp_path):
    override = tmp_path / "narrative" / "en"
    override.mkdir(parents=True)
    packaged = PROJECT_ROOT / "templates" / "narrative" / "en" / "analysis.j2"
    text = packaged.read_text(encoding="utf-8").replace("Key regions:", "Regions to watch:")
    (override / "analysis.j2").write_text(text, encoding="utf-8")
    context = build_context(CASES["rose"], registry=load_registry())
    html = render_sentences(make_environment(tmp_path), context, "en")["pm25"]["regions"]
    assert html.startswith("Regions to watch:")


def test_a_word_missing_in_one_language_fails(tmp_path):
    (tmp_path / "i18n").mkdir()
    words = (PROJECT_ROOT / "templates" / "i18n" / "en.yaml").read_text(encoding="utf-8")
    (tmp_path / "i18n" / "en.yaml").write_text(words.replace("credits: Credits\n", ""), "utf-8")
    with pytest.raises(ConfigError, match="missing translation for 'credits'"):
        load_catalogue("en", tmp_path)
