"""One word catalogue: zh/en parity names file and key, a missing word fails, templates use known keys."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reporter import i18n
from reporter.errors import ConfigError
from reporter.paths import TEMPLATES_DIR


def _catalogue(folder: Path, zh: str, en: str) -> None:
    (folder / "i18n").mkdir()
    (folder / "i18n" / "zh.yaml").write_text(zh, encoding="utf-8")
    (folder / "i18n" / "en.yaml").write_text(en, encoding="utf-8")


def test_parity_problem_names_the_file_and_the_key(tmp_path):
    _catalogue(tmp_path, "a: 甲\nstage:\n  final: 结题\n", "a: A\nstage: {}\n")
    problems = i18n.parity_problems("i18n/{lang}.yaml", tmp_path)
    assert problems == ("templates/i18n/en.yaml: missing translation for 'stage.final'",)


def test_a_missing_translation_fails_the_load_and_is_never_filled(tmp_path):
    _catalogue(tmp_path, "a: 甲\nb: 乙\n", "a: A\n")
    with pytest.raises(ConfigError) as caught:
        i18n.load("i18n/{lang}.yaml", tmp_path)
    assert "en.yaml" in str(caught.value) and "'b'" in str(caught.value)


def test_a_placeholder_that_differs_between_languages_is_a_problem(tmp_path):
    # One placeholder syntax, {name}: a translation naming another placeholder would print
    # "{count}" or lose the number.
    _catalogue(
        tmp_path,
        "n_cities: '{n}个城市'\nok: '{year}年'\n",
        "n_cities: '{count} cities'\nok: '{year}'\n",
    )
    problems = i18n.parity_problems("i18n/{lang}.yaml", tmp_path)
    assert problems == (
        "templates/i18n/en.yaml: 'n_cities' must carry the placeholders of zh ({n}), not {count}",
    )
    with pytest.raises(ConfigError, match="n_cities"):
        i18n.load("i18n/{lang}.yaml", tmp_path)


def test_a_missing_site_sentence_stops_the_site_instead_of_borrowing_the_other_language(
    tmp_path, monkeypatch
):
    from reporter.website import templating

    zh = (TEMPLATES_DIR / "site" / "zh" / "sentences.j2").read_text(encoding="utf-8")
    first_macro = re.search(r"\{% macro (\w+)\(", zh).group(1)
    shortened = re.sub(
        r"\{% macro " + first_macro + r"\(.*?\{% endmacro %\}", "", zh, count=1, flags=re.S
    )
    user = tmp_path / "templates"
    (user / "site" / "zh").mkdir(parents=True)
    (user / "site" / "zh" / "sentences.j2").write_text(shortened, encoding="utf-8")
    real = templating.make_environment
    monkeypatch.setattr(templating, "make_environment", lambda: real(user))
    templating._catalogues.cache_clear()
    try:
        with pytest.raises(ConfigError, match=f"zh/sentences.j2.*missing sentence '{first_macro}'"):
            templating.words("en")
    finally:
        templating._catalogues.cache_clear()


def test_css_counters_turns_a_catalogue_pattern_into_css_content():
    from reporter.render.templating import css_counters

    assert css_counters("第 {page} 页 / 共 {pages} 页") == (
        '"第 " counter(page) " 页 / 共 " counter(pages) " 页"'
    )
    assert css_counters('Figure {figure}. "x"') == '"Figure " counter(figure) ". \\"x\\""'


def test_a_missing_word_fails_the_lookup():
    words = {"stage": {"final": "Final review"}}
    assert i18n.lookup(words, "stage.final") == "Final review"
    with pytest.raises(ConfigError, match=r"stage\.kickoff"):
        i18n.lookup(words, "stage.kickoff")


@pytest.mark.parametrize("product", sorted(i18n.CATALOGUES))
def test_every_packaged_catalogue_has_zh_en_parity(product):
    assert i18n.parity_problems(i18n.CATALOGUES[product]) == ()


# The name under which each product's templates receive their words.
_USES = {
    "bulletin": (TEMPLATES_DIR / "bulletin", r"\bt\.([a-z_][a-z0-9_.]*)"),
    "site": (TEMPLATES_DIR / "site", r"\bt\.([a-z_][a-z0-9_.]*)"),
    "annual": (TEMPLATES_DIR / "annual", r"\bw\(\s*'([a-z_][a-z0-9_.]*)'"),
}


@pytest.mark.parametrize("product", sorted(_USES))
def test_every_catalogue_key_the_templates_use_exists(product):
    folder, pattern = _USES[product]
    keys = set(i18n.flatten(i18n.load(i18n.CATALOGUES[product])["en"]))
    prefixes = {k.rsplit(".", n)[0] for k in keys for n in range(k.count(".") + 1)}
    used = {
        re.sub(r"\.(format|replace|split|upper|lower|items)$", "", match.rstrip("."))
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in {".html", ".j2", ".css"}
        for match in re.findall(pattern, path.read_text(encoding="utf-8"))
    }
    assert used, f"no catalogue words found in {folder}"
    assert sorted(used - keys - prefixes) == []
