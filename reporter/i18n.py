"""One word-catalogue loader, one lookup and one zh/en parity check for every product.

A catalogue is a YAML mapping per language, found by a pattern relative to the template
folders (user folder first): ``i18n/{lang}.yaml`` (bulletin), ``annual/words.{lang}.yaml``
(annual report), ``site/i18n/{lang}.yaml`` (website). zh and en are equals: a key present in
one language and missing in the other is a problem naming the file and the key.
"""

from __future__ import annotations

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


def parity_problems(pattern: str, user_dir: Path | None = None) -> tuple[str, ...]:
    """One line per key present in one language and missing in another: file and key."""
    found = _read(pattern, user_dir)
    keys = {lang: set(flatten(data)) for lang, (_, data) in found.items()}
    every = set().union(*keys.values())
    return tuple(
        f"{_label(path, user_dir)}: missing translation for '{key}'"
        for lang, (path, _) in found.items()
        for key in sorted(every - keys[lang])
    )


@lru_cache(maxsize=16)
def load(pattern: str, user_dir: Path | None = None) -> dict[str, dict[str, Any]]:
    """The catalogues of every language; a missing translation is an error (never filled)."""
    found = _read(pattern, user_dir)
    keys = {lang: set(flatten(data)) for lang, (_, data) in found.items()}
    every = set().union(*keys.values())
    for lang, (path, _) in found.items():
        missing = sorted(every - keys[lang])
        if missing:
            raise ConfigError(path, [f"missing translation for '{key}'" for key in missing])
    return {lang: data for lang, (_, data) in found.items()}


def lookup(words: dict[str, Any], key: str) -> Any:
    """The word at a dotted key; a missing word is an error naming the key."""
    value: Any = words
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            raise ConfigError("word catalogue", [f"no word for '{key}'"])
        value = value[part]
    return value
