"""The one Jinja environment factory, number filters and the per-language word catalogues.

Packaged templates live in the project's ``templates/``; a user folder passed as ``user_dir``
is searched first, so an editor can override any single template by copying it there.
The bulletin (PDF) and the website both build their environments here.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..errors import ConfigError
from ..paths import TEMPLATES_DIR
from ..rounding import to_decimal

PACKAGED_TEMPLATES = TEMPLATES_DIR
LANGUAGES = ("zh", "en")
# BCP 47 tags for <html lang> and the PDF's /Lang entry.
LANGUAGE_TAGS = {"zh": "zh-Hans", "en": "en"}
MINUS = "\u2212"  # a true minus sign: the hyphen-minus reads as a dash in running text


def template_dirs(user_dir: Path | None = None) -> list[Path]:
    """Folders searched for templates, the user's first."""
    dirs = [Path(user_dir)] if user_dir is not None else []
    return [*dirs, PACKAGED_TEMPLATES]


def make_environment(user_dir: Path | None = None):  # -> jinja2.Environment
    """The Jinja environment: autoescape for HTML/SVG/narrative, strict undefined, our filters."""
    import jinja2

    if user_dir is not None and not Path(user_dir).is_dir():
        raise ConfigError(user_dir, ["templates folder not found"])
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(user_dir)]),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "svg", "j2"), default_for_string=True
        ),
        undefined=jinja2.StrictUndefined,  # a misspelt field fails the build, never prints blank
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(
        markdown=render_markdown,
        markdown_inline=lambda text: render_markdown(text, inline=True),
        fmt_int=fmt_int,
        fmt_published=fmt_published,
        fmt_pct=fmt_pct,
        fmt_share=fmt_share,
        fmt_signed_pct=fmt_signed_pct,
        fmt_decimal=fmt_decimal,
        fmt_num=fmt_num,
        css_string=css_string,
        css_counters=css_counters,
    )
    return env


# The only raw HTML staff may write: sub- and superscripts (PM<sub>2.5</sub>, m<sup>3</sup>), line breaks.
_ALLOWED_TAGS = re.compile(r"</?(?:sub|sup)>|<br\s*/?>", re.IGNORECASE)


def escape_raw_html(text: str) -> str:
    """Escape every '<' and '&' that is not one of the allowed tags: raw HTML shows as text."""
    parts, last = [], 0
    for match in _ALLOWED_TAGS.finditer(text):
        parts.append(html.escape(text[last : match.start()], quote=False))
        parts.append(match.group(0).lower())
        last = match.end()
    parts.append(html.escape(text[last:], quote=False))
    return "".join(parts)


def render_markdown(text: str, inline: bool = False):  # -> Markup
    """Staff-written Markdown as safe HTML: raw HTML is escaped except <sub>, <sup> and <br>,
    and the result is cleaned on an allow-list (render/sanitise.py: no handler, no unsafe link).

    `inline` drops the paragraph around a single-paragraph text (titles, captions).
    """
    import markdown
    from markupsafe import Markup

    from .sanitise import clean_html

    html = clean_html(
        markdown.markdown(
            escape_raw_html(text),
            extensions=["extra", "sane_lists"],
            # A footnote's way back is the arrow Word prints (↑); the default ↩ is not in the CJK font.
            extension_configs={"extra": {"footnotes": {"BACKLINK_TEXT": "↑"}}},
        )
    )
    if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


# -- number formatting: presentation only; every value arrives already published ---------------
def fmt_int(value: float | int | None) -> str:
    """A published concentration (an integer by GB/T 8170)."""
    if value is None:
        return "—"
    return str(int(value))


def fmt_published(value: float | int | None) -> str:
    """A published value with the decimals it was published with (27.9, 28.0, 35)."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    return str(to_decimal(value)).replace("-", MINUS)


def fmt_num(value: float | int | None) -> str:
    """A configured bound (band limits): whole numbers without a decimal point."""
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def fmt_decimal(value: float | None, places: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value:.{places}f}".replace("-", MINUS)


def fmt_pct(value: float | None) -> str:
    """A percent change: one decimal, as the seeds print them (8.5%)."""
    return "—" if value is None else f"{fmt_decimal(value, 1)}%"


def fmt_share(value: float | None) -> str:
    """A share of cities: two decimals (3.55%)."""
    return "—" if value is None else f"{fmt_decimal(value, 2)}%"


def fmt_signed_pct(value: float | None) -> str:
    """A change with its sign for tables and chart labels (+9.1%, −2.7%, 0.0%)."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    return f"{sign}{fmt_decimal(value, 1)}%"


def css_string(value: object) -> str:
    """Text for a CSS string literal ("…"): quotes and backslashes escaped, one line."""
    text = " ".join(str(value).split())
    return text.replace("\\", "\\\\").replace('"', '\\"')


_COUNTER = re.compile(r"\{([a-z]+)\}")


def css_counters(pattern: object) -> Markup:
    """A catalogue pattern as a CSS `content` value, its placeholders as counters:
    "第 {page} 页 / 共 {pages} 页" → "第 " counter(page) " 页 / 共 " counter(pages) " 页"."""
    parts: list[str] = []
    for i, piece in enumerate(_COUNTER.split(str(pattern))):
        if i % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(f'"{_css_text(piece)}"')
    return Markup(" ".join(parts) or '""')


def _css_text(value: str) -> str:
    """Like css_string, but spaces are kept as written (they separate a word from a number)."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


# -- catalogues ----------------------------------------------------------------------------------
def word_catalogues(pattern: str, user_dir: Path | None = None) -> dict[str, dict[str, Any]]:
    """Word catalogues for every language from `pattern` (e.g. "i18n/{lang}.yaml"): the one
    loader in reporter.i18n, where a word present in one language and not another fails.
    """
    from .. import i18n

    return i18n.load(pattern, user_dir)


def _catalogues(user_dir: Path | None) -> dict[str, dict[str, Any]]:
    return word_catalogues("i18n/{lang}.yaml", user_dir)


def load_catalogue(lang: str, user_dir: Path | None = None) -> dict[str, Any]:
    """The words of one language (``templates/i18n/<lang>.yaml``), checked against the others."""
    if lang not in LANGUAGES:
        raise ConfigError("--lang", [f"unknown language {lang!r} (use {', '.join(LANGUAGES)})"])
    return _catalogues(Path(user_dir) if user_dir is not None else None)[lang]
