"""The site's words and templates, on the shared Jinja environment (reporter.render.templating).

Words live in ``templates/site/i18n/<lang>.yaml`` (labels) and ``templates/site/<lang>/
sentences.j2`` (the sentences of the pages the PDF does not have: cities, methods, about, and
what is missing). A bulletin page says what the PDF says with the PDF's own templates (see
sections.py). zh and en are equals: a word or sentence missing in one language is an error naming the file
and the key, with or without --strict: a page never shows the other language's word.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from .. import i18n
from ..errors import ConfigError
from ..render.templating import PACKAGED_TEMPLATES, make_environment
from .inputs import LANGS

SITE_TEMPLATES = PACKAGED_TEMPLATES / "site"
SENTENCES = "site/{lang}/sentences.j2"


@lru_cache(maxsize=2)
def _catalogues() -> dict[str, dict[str, Any]]:
    """The site's words in both languages, through the one loader (reporter.i18n): a word or a
    sentence missing in one language is an error naming file and key, never filled."""
    words_by_lang = i18n.load(i18n.CATALOGUES["site"])
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
        missing = sorted(set().union(*macros.values()) - macros[lang])
        if missing:
            raise ConfigError(
                f"templates/site/{lang}/sentences.j2",
                [f"missing sentence '{name}'" for name in missing],
            )
    return words_by_lang


def words(lang: str) -> dict[str, Any]:
    """The labels of one language."""
    return _catalogues()[lang]


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


def relative_url(target: str, src: str | None, lang: str) -> str:
    """A file of the site (path from its root) as a link from the page made from `src`."""
    here = page_url(src, lang) if src else ""
    rel = posixpath.relpath(target, here or ".")
    return rel + "/" if target.endswith("/") and not rel.endswith("/") else rel


def served_image(path: Path) -> str:
    """Where the site serves a picture of a project record (content/images/…), from its root.
    Not under assets/images/: the theme's own pictures are there."""
    return f"assets/records/{path.name}"


def data_folder(month: str) -> str:
    """Where a bulletin's files go. Not under the page's own folder: the theme takes a click on
    a link inside another language's page folder for a language switch."""
    return f"data/bulletins/{month}/"


# Characters that would start Markdown inline syntax (all of them escapable with a backslash).
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]#!|])")
_TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&#?\w+;)")


def markdown_heading(text: Any) -> Markup:
    """HTML (or plain text, escaped) for a Markdown heading line, read back exactly as given.

    Staff titles reach a page already rendered (reporter.render.templating.render_markdown);
    this keeps Markdown from reading them a second time: syntax characters outside tags and
    entities are escaped with a backslash, and line breaks become spaces.
    """
    parts = _TAG_OR_ENTITY.split(" ".join(str(escape(text)).split()))
    return Markup(
        "".join(p if i % 2 else _MARKDOWN_SYNTAX.sub(r"\\\1", p) for i, p in enumerate(parts))
    )


class SiteTemplates:
    """Renders page sources; each page gets its language's words and URL helpers."""

    def __init__(self, cache: Any = None) -> None:
        self.cache = cache  # reporter.website.inputs.Cache: chart renders by spec digest
        self.env = make_environment()
        self.env.globals["langs"] = LANGS
        self.env.filters["md_heading"] = markdown_heading
        self._sentences: dict[str, Any] = {}

    def sentences(self, lang: str) -> Any:
        if lang not in self._sentences:
            template = self.env.get_template(SENTENCES.format(lang=lang))
            self._sentences[lang] = template.make_module({"t": words(lang), "lang": lang})
        return self._sentences[lang]

    def render(self, template: str, *, lang: str, src: str | None = None, **context: Any) -> Markup:
        """Render `site/<template>`; `src` (the page's source path) enables `url()` and `link()`."""
        values = self._values(lang, src, context)
        text = self.env.get_template(f"site/{template}").render(values).strip() + "\n"
        return Markup(text)  # already escaped: safe to place inside another template

    def module(self, template: str, *, lang: str, src: str | None = None, **context: Any) -> Any:
        """The macros of `template` (a path under templates/), seeing what `render` gives."""
        return self.env.get_template(template).make_module(self._values(lang, src, context))

    def _values(self, lang: str, src: str | None, context: dict[str, Any]) -> dict[str, Any]:
        def url(target: str) -> str:
            """A file of the site (path from its root) as a link from this page."""
            return relative_url(target, src, lang)

        def link(target: str) -> str:
            """Another page's source (`cities/540400.md`), for a Markdown link mkdocs resolves."""
            return posixpath.relpath(target, posixpath.dirname(src or "") or ".")

        def page(target: str) -> str:
            """Another page's source, as an href for raw HTML (which mkdocs leaves alone)."""
            return url(page_url(target, lang))

        return {
            "t": words(lang),
            "s": self.sentences(lang),
            "lang": lang,
            "url": url,
            "link": link,
            "page": page,
            **context,
        }
