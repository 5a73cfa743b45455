"""One word-catalogue loader, one lookup and one zh/en parity check for every product.

A catalogue is a YAML mapping per language, found by a pattern relative to the template
folders (user folder first): ``i18n/{lang}.yaml`` (bulletin), ``annual/words.{lang}.yaml``
(annual report), ``site/i18n/{lang}.yaml`` (website). zh and en are equals: a key present in
one language and missing in the other is a problem naming the file and the key.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .config import load_yaml
from .errors import ConfigError
from .paths import TEMPLATES_DIR

LANGUAGES = ("zh", "en")
# Every catalogue of the three products, by product name.
CATALOGUES = {
    "bulletin": "i18n/{lang}.yaml",
    "annual": "annual/words.{lang}.yaml",
    "site": "site/i18n/{lang}.yaml",
}


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested words as dotted keys: ``{"stage": {"final": …}}`` → ``{"stage.final": …}``."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}{key}."))
        return out
    return {prefix.rstrip("."): value}


# The one placeholder syntax of every catalogue: {name}, filled by str.format or css_counters.
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def placeholders(value: Any) -> frozenset[str]:
    """The {name} placeholders a word carries (none for a non-text word)."""
    return frozenset(_PLACEHOLDER.findall(value)) if isinstance(value, str) else frozenset()


def _folders(user_dir: Path | None) -> list[Path]:
    return ([Path(user_dir)] if user_dir is not None else []) + [TEMPLATES_DIR]


def _read(pattern: str, user_dir: Path | None) -> dict[str, tuple[Path, dict[str, Any]]]:
    found: dict[str, tuple[Path, dict[str, Any]]] = {}
    for lang in LANGUAGES:
        relative = pattern.format(lang=lang)
        for folder in _folders(user_dir):
            path = folder / relative
            if path.exists():
                data = load_yaml(path)
                if not isinstance(data, dict):
                    raise ConfigError(path, ["expected a mapping of words"])
                found[lang] = (path, data)
                break
        else:
            raise ConfigError(TEMPLATES_DIR / relative, ["no such word catalogue"])
    return found


def _label(path: Path, user_dir: Path | None) -> str:
    for folder in _folders(user_dir):
        try:
            return f"templates/{path.relative_to(folder).as_posix()}"
        except ValueError:
            continue
    return str(path)


def _problems(found: dict[str, tuple[Path, dict[str, Any]]]) -> list[tuple[Path, str]]:
    """Keys missing in a language, and words whose placeholders differ between languages."""
    flat = {lang: flatten(data) for lang, (_, data) in found.items()}
    every = set().union(*(set(words) for words in flat.values()))
    problems = [
        (path, f"missing translation for '{key}'")
        for lang, (path, _) in found.items()
        for key in sorted(every - set(flat[lang]))
    ]
    first, *others = LANGUAGES
    for lang in others:
        path = found[lang][0]
        for key in sorted(set(flat[first]) & set(flat[lang])):
            own, theirs = placeholders(flat[lang][key]), placeholders(flat[first][key])
            if own != theirs:
                names = ", ".join("{" + n + "}" for n in sorted(theirs)) or "none"
                mine = ", ".join("{" + n + "}" for n in sorted(own)) or "none"
                problems.append(
                    (path, f"'{key}' must carry the placeholders of {first} ({names}), not {mine}")
                )
    return problems


def parity_problems(pattern: str, user_dir: Path | None = None) -> tuple[str, ...]:
    """One line per key present in one language and missing in another (file and key), and per
    word whose {placeholders} differ between the languages."""
    found = _read(pattern, user_dir)
    return tuple(f"{_label(path, user_dir)}: {text}" for path, text in _problems(found))


@lru_cache(maxsize=16)
def load(pattern: str, user_dir: Path | None = None) -> dict[str, dict[str, Any]]:
    """The catalogues of every language; a missing translation or a placeholder that differs
    between languages is an error (a word is never filled from the other language)."""
    found = _read(pattern, user_dir)
    problems = _problems(found)
    if problems:
        path = problems[0][0]
        raise ConfigError(path, [text for where, text in problems if where == path])
    return {lang: data for lang, (_, data) in found.items()}


def lookup(words: dict[str, Any], key: str) -> Any:
    """The word at a dotted key; a missing word is an error naming the key."""
    value: Any = words
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            raise ConfigError("word catalogue", [f"no word for '{key}'"])
        value = value[part]
    return value
