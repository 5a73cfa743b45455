"""The annual report's words and sentences, on the shared Jinja environment.

Fixed words live in ``templates/annual/words.<lang>.yaml`` (the bulletin's catalogue loader
reads one file per language, so the report keeps its own, with the same zh/en check); the
sentences live in ``templates/annual_narrative/<lang>/report.j2``, one macro per paragraph.
The PDF and the website pages print the same paragraphs, rendered here once per language.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..render.templating import LANGUAGES, make_environment, word_catalogues
from .context import AnnualContext

NARRATIVE = "annual_narrative/{lang}/report.j2"
# Formulas whose digits are subscripts in print (the words catalogues spell them plainly).
# Bounded by non-ASCII-alphanumerics, so "CO2减排率" matches and "NO3" or "PM2.55" do not.
_FORMULA = re.compile(r"(?<![A-Za-z0-9])(?:(PM)(2\.5|10)|(O|CO|SO|NO)([23x]))(?![A-Za-z0-9]|\.\d)")


def chem(text: Any):  # -> Markup
    """Plain words with chemical formulas set as sub-scripts: 'PM2.5' → PM<sub>2.5</sub>."""
    from markupsafe import Markup, escape

    escaped = str(escape(text))

    def sub(match: re.Match) -> str:
        head = match.group(1) or match.group(3)
        digits = match.group(2) or match.group(4)
        return f"{head}<sub>{digits}</sub>"

    return Markup(_FORMULA.sub(sub, escaped))


def environment(user_dir: Path | None = None):  # -> jinja2.Environment
    """The shared environment (reporter.render.templating) with the report's `chem` filter."""
    env = make_environment(user_dir)
    env.filters["chem"] = chem
    return env


def load_catalogues(user_dir: Path | None = None) -> dict[str, dict[str, Any]]:
    """The report's fixed words of every language (`user_dir` first, then the packaged ones)."""
    return word_catalogues(
        "annual/words.{lang}.yaml", Path(user_dir) if user_dir is not None else None
    )


def load_words(lang: str, user_dir: Path | None = None) -> dict[str, Any]:
    """The report's fixed words in one language, checked against the other language."""
    if lang not in LANGUAGES:
        raise ConfigError("--lang", [f"unknown language {lang!r} (use {', '.join(LANGUAGES)})"])
    return load_catalogues(user_dir)[lang]


def render_sentences(env, ctx: AnnualContext, lang: str, words: dict[str, Any]) -> dict[str, Any]:
    """Every paragraph of the report in one language, keyed by where it goes.

    Keys: ``national.pm25``, ``regions.o3``, ``region.<id>``, ``cities_standards``, ``days``,
    ``city_table``, ``synergy_*`` and ``note_*``; ``reasons`` holds one phrase per city that
    was not ranked. A paragraph that has nothing to say is empty.
    """
    module = env.get_template(NARRATIVE.format(lang=lang)).make_module({"lang": lang})
    out: dict[str, Any] = {}
    for key in ("pm25", "o3"):
        out[f"national.{key}"] = module.national(ctx, key)
    for key in ("pm25", "o3"):
        out[f"regions.{key}"] = module.regions(ctx, key)
    for region in ctx.regions:
        out[f"region.{region.id}"] = module.region(ctx, region)
    out["cities_standards"] = module.cities_standards(ctx)
    out["days"] = module.days(ctx)
    out["city_table"] = module.city_table(ctx)
    if ctx.synergy.ok:
        out["synergy_method"] = module.synergy_method(ctx)
        out["synergy_classes"] = module.synergy_classes(ctx)
        out["synergy_quadrants"] = module.synergy_quadrants(ctx)
        out["synergy_regions"] = module.synergy_regions(ctx)
        out["synergy_air"] = module.synergy_air(ctx)
        out["synergy_not_ranked"] = module.synergy_not_ranked(ctx, words)
        out["reasons"] = [module.reason(ctx.synergy, row, words) for row in ctx.synergy.not_ranked]
    else:
        out["synergy_missing"] = module.synergy_missing(ctx)
    out["note_rules"] = module.note_rules(ctx)
    out["note_validity"] = module.note_validity(ctx, words)
    out["note_inventory"] = module.note_inventory(ctx)
    out["note_synthetic"] = module.note_synthetic(ctx, words)
    return out
