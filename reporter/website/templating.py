"""The site's words and templates, on the shared Jinja environment (reporter.render.templating).

Words live in ``templates/site/i18n/<lang>.yaml`` (labels) and ``templates/site/<lang>/
sentences.j2`` (sentences, whose word order differs by language). zh and en are equals: a word
or sentence missing in one language is a problem (an error with --strict); without --strict
the other language's word stands in, so the site still builds.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..config import load_yaml
from ..errors import ConfigError
from ..render.templating import PACKAGED_TEMPLATES, make_environment
from .inputs import LANGS, files_digest

SITE_TEMPLATES = PACKAGED_TEMPLATES / "site"
SENTENCES = "site/{lang}/sentences.j2"


def templates_digest() -> str:
    """What page sources depend on besides their data: the site's templates and this package."""
    package = Path(__file__).resolve().parent
    files = [
        *(p for p in SITE_TEMPLATES.rglob("*") if p.is_file()),
        *(PACKAGED_TEMPLATES / "common").glob("*.j2"),
        *package.glob("*.py"),
    ]
    return files_digest(files, PACKAGED_TEMPLATES.parent)


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}{key}."))
        return out
    return {prefix.rstrip("."): value}


def _fill(own: Any, other: Any) -> Any:
    """`own` with the keys it lacks taken from `other` (recursively)."""
    if isinstance(own, dict) and isinstance(other, dict):
        merged = {k: _fill(own[k], other[k]) if k in other else own[k] for k in own}
        merged.update({k: v for k, v in other.items() if k not in own})
        return merged
    return own


@lru_cache(maxsize=2)
def _catalogues() -> tuple[dict[str, dict[str, Any]], tuple[str, ...]]:
    raw = {}
    for lang in LANGS:
        path = SITE_TEMPLATES / "i18n" / f"{lang}.yaml"
        data = load_yaml(path)
        if not isinstance(data, dict):
            raise ConfigError(path, ["expected a mapping of words"])
        raw[lang] = data
    problems = []
    keys = {lang: set(_flatten(data)) for lang, data in raw.items()}
    for lang in LANGS:
        for key in sorted(set().union(*keys.values()) - keys[lang]):
            problems.append(f"templates/site/i18n/{lang}.yaml: missing translation for '{key}'")
    env = make_environment()
    macros = {
        lang: {
            name
            for name, value in vars(env.get_template(SENTENCES.format(lang=lang)).module).items()
            if callable(value) and not name.startswith("_")
        }
        for lang in LANGS
    }
    for lang in LANGS:
        for name in sorted(set().union(*macros.values()) - macros[lang]):
            problems.append(f"templates/site/{lang}/sentences.j2: missing sentence '{name}'")
    other = {"zh": "en", "en": "zh"}
    filled = {lang: _fill(raw[lang], raw[other[lang]]) for lang in LANGS}
    return filled, tuple(problems)


def words(lang: str) -> dict[str, Any]:
    """The labels of one language (missing ones filled from the other language)."""
    return _catalogues()[0][lang]


def word_problems() -> tuple[str, ...]:
    """Translations missing in one language: one line each."""
    return _catalogues()[1]


def page_url(src: str, lang: str) -> str:
    """The URL path (relative to the site root) of a page source such as `bulletins/2024-01.md`."""
    stem = src[: -len(".md")]
    if stem == "index":
        path = ""
    elif stem.endswith("/index"):
        path = stem[: -len("index")]
    else:
        path = stem + "/"
    return path if lang == LANGS[0] else f"{lang}/{path}"


class SiteTemplates:
    """Renders page sources; each page gets its language's words and URL helpers."""

    def __init__(self) -> None:
        self.env = make_environment()
        self.env.globals["langs"] = LANGS
        self._sentences: dict[str, Any] = {}

    def sentences(self, lang: str) -> Any:
        if lang not in self._sentences:
            template = self.env.get_template(SENTENCES.format(lang=lang))
            self._sentences[lang] = template.make_module({"t": words(lang), "lang": lang})
        return self._sentences[lang]

    def render(self, template: str, *, lang: str, src: str | None = None, **context: Any) -> Markup:
        """Render `site/<template>`; `src` (the page's source path) enables `url()` and `link()`."""
        here = page_url(src, lang) if src else ""

        def url(target: str) -> str:
            """A file of the site (path from its root) as a link from this page."""
            rel = posixpath.relpath(target, here or ".")
            return rel + "/" if target.endswith("/") and not rel.endswith("/") else rel

        def link(target: str) -> str:
            """Another page's source (`cities/540400.md`), for a Markdown link mkdocs resolves."""
            return posixpath.relpath(target, posixpath.dirname(src or "") or ".")

        def page(target: str) -> str:
            """Another page's source, as an href for raw HTML (which mkdocs leaves alone)."""
            return url(page_url(target, lang))

        values = {
            "t": words(lang),
            "s": self.sentences(lang),
            "lang": lang,
            "url": url,
            "link": link,
            "page": page,
            **context,
        }
        text = self.env.get_template(f"site/{template}").render(values).strip() + "\n"
        return Markup(text)  # already escaped: safe to place inside another template
