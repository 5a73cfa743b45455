"""Chapters of the annual report: Markdown files with `::: zh` and `::: en` bodies, paired
paragraph by paragraph, and lines that place generated material by name.

    ---
    title: {zh: 进展, en: Progress}
    number: 1                        # optional: unnumbered chapters (a summary) have none
    ---
    ::: zh
    第一段……

    ::: figure trend-national

    ::: en
    First paragraph …

    ::: figure trend-national

A block is the text between blank lines: a paragraph (Markdown), a heading (`## …`) or a
placement (`::: KIND NAME`, KIND one of figure, table, text, section). The Chinese block n and
the English block n are twins: the bilingual edition prints them one after the other, so both
languages must have the same blocks in the same order, placements naming the same material.
Placements are read before Markdown, and no Markdown or sanitiser treats `:::` specially.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..content.model import LANG_NAMES, Text, _Checker, _yaml, display
from ..errors import InputError

KINDS = ("figure", "table", "text", "section")
_LANG_MARK = re.compile(r"^:::\s*(\w+)\s*$")
_PLACE = re.compile(r"^:::\s*(\S+)\s+(\S+)\s*$")
_HEADING = re.compile(r"^(#{2,4})\s+(.+?)\s*#*\s*$")
_CHAPTER_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
CHAPTER_FIELDS = ("title", "number")


@dataclass(frozen=True)
class Piece:
    """One language's block, as written."""

    kind: str  # "para", "heading" or "place"
    line: int  # where it starts in the file
    text: str  # Markdown (para), heading text, or "KIND NAME" (place)
    level: int = 0  # headings: 2–4 (## … ####)


@dataclass(frozen=True)
class Block:
    """A paragraph, heading or placement in both languages (placements: the same in both)."""

    kind: str
    number: int  # the block's position in the chapter, from 1 (errors name it)
    line: int  # the Chinese block's line
    zh: str
    en: str
    level: int = 0
    what: str = ""  # placements: figure, table, text or section
    name: str = ""


@dataclass(frozen=True)
class Chapter:
    id: str
    path: Path
    number: int | None
    title: Text
    blocks: tuple[Block, ...]

    @property
    def anchor(self) -> str:
        return f"chapter-{self.id}"


def _pieces(lines: list[str], start: int, check: _Checker) -> dict[str, list[Piece]]:
    """Each language's blocks; `start` is the 0-based line index of the body's first line."""
    out: dict[str, list[Piece]] = {}
    lang: str | None = None
    buf: list[str] = []
    first = 0

    def flush() -> None:
        if lang is not None and buf:
            out[lang].append(_piece(buf, first))
        buf.clear()

    for i, raw in enumerate(lines[start:], start=start + 1):
        line = raw.rstrip()
        mark = _LANG_MARK.match(line.strip())
        if mark:
            flush()
            lang = mark.group(1)
            if lang not in LANG_NAMES:
                check.add("body", f"line {i}: unknown section '::: {lang}'", "use ::: zh, ::: en")
                lang = None
            elif lang in out:
                check.add("body", f"line {i}: a second '::: {lang}' section", "write one of each")
            if lang:
                out.setdefault(lang, [])
        elif not line.strip():
            flush()
        elif lang is None:
            check.add("body", f"line {i}: text before '::: zh'", "start the body with '::: zh'")
            lang = ""  # reported once; the text is skipped
            out.setdefault(lang, [])
        else:
            if not buf:
                first = i
            buf.append(line)
    flush()
    out.pop("", None)
    return out


def _piece(buf: list[str], line: int) -> Piece:
    text = "\n".join(buf).strip()
    if len(buf) == 1 and (m := _PLACE.match(text)):
        return Piece("place", line, f"{m.group(1)} {m.group(2)}")
    if len(buf) == 1 and (m := _HEADING.match(text)):
        return Piece("heading", line, m.group(2), len(m.group(1)))
    return Piece("para", line, text)


def _describe(piece: Piece | None) -> str:
    if piece is None:
        return "missing"
    if piece.kind == "place":
        return f"'::: {piece.text}'"
    return "a heading" if piece.kind == "heading" else "a paragraph"


def pair(pieces: dict[str, list[Piece]], path: Path, problems: list[InputError]) -> list[Block]:
    """Chinese block n with English block n; every mismatch is a problem naming block n."""
    zh, en = pieces.get("zh", []), pieces.get("en", [])
    blocks = []
    for n in range(1, max(len(zh), len(en)) + 1):
        a = zh[n - 1] if n <= len(zh) else None
        b = en[n - 1] if n <= len(en) else None
        same = a is not None and b is not None and a.kind == b.kind
        if same and a.kind == "place":
            same = a.text == b.text
        if same and a.kind == "heading":
            same = a.level == b.level
        if not same:
            where = f"{display(path)}, paragraph {n}"
            lines = ", ".join(f"{lang} line {p.line}" for lang, p in (("zh", a), ("en", b)) if p)
            problems.append(
                InputError(
                    where,
                    f"the languages do not pair: Chinese {_describe(a)}, English {_describe(b)}"
                    f" ({lines})",
                    hint="each Chinese paragraph is followed by its English twin",
                )
            )
            continue
        assert a is not None and b is not None
        what, name = a.text.split(" ", 1) if a.kind == "place" else ("", "")
        blocks.append(Block(a.kind, n, a.line, a.text, b.text, a.level, what, name))
    return blocks


def read_chapter(path: Path, problems: list[InputError]) -> Chapter | None:
    """One chapter file, with every problem of its front matter and body added to `problems`."""
    check = _Checker(path, problems)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        check.add(None, "not UTF-8 text", "save the file as UTF-8")
        return None
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---" or "---" not in (x.strip() for x in lines[1:]):
        check.add(None, "no front matter", "start the file with a '---' line, fields, then '---'")
        return None
    end = next(i for i, x in enumerate(lines[1:], start=1) if x.strip() == "---")
    data = _yaml("\n".join(lines[1:end]), check, first_line=2)
    if not isinstance(data, dict):
        if data is not None:
            check.add(None, "front matter is not a mapping of fields")
        return None
    check.unknown_keys(data, CHAPTER_FIELDS)
    number = data.get("number")
    if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
        check.add("number", f"{number!r} is not a chapter number", "a whole number, or leave out")
        number = None
    title = check.text(data, "title")
    pieces = _pieces(lines, end + 1, check)
    for lang in LANG_NAMES:
        if not pieces.get(lang):
            check.add(f"body.{lang}", f"missing {LANG_NAMES[lang]} text", f"add '::: {lang}'")
    for items in pieces.values():
        for p in items:
            what = p.text.split(" ", 1)[0]
            if p.kind == "para" and re.match(r"#\s", p.text):  # the chapter title is the one h1
                check.add(
                    None, f"line {p.line}: a '# ' heading", "use ## (or ###, ####) in a chapter"
                )
            if p.kind == "place" and what not in KINDS:
                check.add(
                    None,
                    f"line {p.line}: unknown placement '::: {what}'",
                    f"use ::: {', ::: '.join(KINDS)} followed by a name",
                )
    blocks = pair(pieces, path, problems) if all(pieces.get(x) for x in LANG_NAMES) else []
    ident = re.sub(r"^\d+[-_]?", "", path.stem) or path.stem
    if not _CHAPTER_ID.fullmatch(ident):
        check.add(None, f"file name {path.name!r}", "use lower-case letters, digits and -")
    if title is None:
        return None
    return Chapter(ident, path, number, title, tuple(blocks))
