"""A Word record into content/: a new record from one language, the other language added later.

The record is composed in memory, validated by the same reader as hand-written records (in a
staging copy), and only then written: pictures first, the record file last, each atomically.
Until both languages are in, the only problems allowed are the other language's missing texts.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..content import model
from ..content.model import ContentError, display
from ..errors import InputError
from .document import LANG_NAMES, WordRecord, read_word

STAGE_NAMES = {"开题": "kickoff", "中期": "mid-term", "结题": "final", "发布": "release",
               "其他": "other", "midterm": "mid-term", "mid term": "mid-term"}  # fmt: skip
_ZH_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
FIELD_ORDER = model.RECORD_FIELDS


@dataclass
class ImportResult:
    path: Path
    lang: str
    created: bool
    images: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # languages the record still lacks
    unmapped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        verb = "Wrote" if self.created else "Updated"
        pictures = f", {len(self.images)} picture(s) in content/images/" if self.images else ""
        line = f"{verb} {display(self.path)} ({LANG_NAMES[self.lang]}{pictures})"
        if self.missing:
            other = self.missing[0]
            line += (f"; still needs the {LANG_NAMES[other]} version: "
                     f"reporter content import FILE.docx --lang {other}")  # fmt: skip
        return line


def _date(text: str) -> dt.date | None:
    match = _ZH_DATE.search(text)
    try:
        if match:
            return dt.date(*(int(g) for g in match.groups()))
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _theme(value: str, themes: tuple[model.Theme, ...]) -> str | None:
    wanted = value.strip().lower()
    for theme in themes:
        if wanted in (theme.id, theme.name.zh.lower(), theme.name.en.lower()):
            return theme.id
    return None


def _facts(doc: WordRecord, themes, problems: list[InputError]) -> dict[str, Any]:
    """The language-neutral facts, checked; labels as the table names them."""
    where = display(doc.path)
    facts = doc.facts

    def bad(name: str, problem: str, hint: str) -> None:
        problems.append(InputError(where, problem, field=f"facts table: {name}", hint=hint))

    out: dict[str, Any] = {}
    ident = str(facts.get("id") or re.sub(r"[^a-z0-9-]+", "-", doc.path.stem.lower()).strip("-"))
    if model._ID.fullmatch(ident):
        out["id"] = ident
    else:
        bad(
            "id",
            f"{ident!r} is not a record id",
            "add a row 记录编号 Record id: lower-case letters, digits and -",
        )
    date = _date(str(facts.get("date", "")))
    if date is None:
        bad("date", f"{facts.get('date', '')!r} is not a date", "write it as YYYY-MM-DD")
    out["date"] = date
    stage = str(facts.get("stage", "")).strip()
    stage = STAGE_NAMES.get(stage.lower(), STAGE_NAMES.get(stage, stage.lower()))
    if stage in model.STAGES:
        out["stage"] = stage
    else:
        bad(
            "stage",
            f"unknown stage {facts.get('stage', '')!r}",
            "开题 kickoff | 中期 mid-term | 结题 final | 发布 release | 其他 other",
        )
    theme = _theme(str(facts.get("theme", "")), themes)
    if theme:
        out["theme"] = theme
    else:
        names = ", ".join(f"{t.name.zh} ({t.id})" for t in themes)
        bad("theme", f"unknown theme {facts.get('theme', '')!r}", f"use one of {names}")
    if facts.get("project"):
        out["project"] = str(facts["project"])
    return out


def _find(root: Path, ident: str) -> Path | None:
    found = sorted(root.glob(f"records/*/{ident}.md"))
    return found[0] if found else None


def _read_existing(path: Path) -> tuple[dict[str, Any], dict[str, str]]:
    parts = re.split(r"^---\s*$", path.read_text(encoding="utf-8"), maxsplit=2, flags=re.MULTILINE)
    if len(parts) < 3:
        raise InputError(display(path), "no front matter", hint="fix the record by hand first")
    data = yaml.load(parts[1], Loader=model._Loader) or {}
    marks = list(model._BODY_MARK.finditer(parts[2]))
    bodies = {}
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(parts[2])
        bodies[mark.group(1)] = parts[2][mark.end() : end].strip()
    return data, bodies


def _set(data: dict[str, Any], name: str, lang: str, text: str | None) -> None:
    if text:
        pair = data.get(name) if isinstance(data.get(name), dict) else {}
        data[name] = {**pair, lang: text}


def _compose(data: dict[str, Any], bodies: dict[str, str], sources: list[str]) -> str:
    ordered = {k: data[k] for k in FIELD_ORDER if data.get(k) not in (None, [], {})}
    if isinstance(ordered.get("date"), str):
        ordered["date"] = dt.date.fromisoformat(ordered["date"])
    front = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=4096)
    body = "\n\n".join(f"::: {lang}\n{bodies[lang]}" for lang in ("zh", "en") if bodies.get(lang))
    return f"---\n# Imported from Word: {', '.join(sources)}\n{front}---\n{body}\n"


def _merge(doc: WordRecord, facts: dict[str, Any], existing: Path | None, problems) -> tuple:
    where, lang = display(doc.path), doc.lang
    data, bodies = _read_existing(existing) if existing else ({}, {})
    for name in ("date", "stage", "theme", "project"):
        old, new = data.get(name), facts.get(name)
        if existing and new is not None and old is not None and str(old) != str(new):
            problems.append(InputError(where, f"{name} {new} differs from {old} in {display(existing)}",
                                       field=f"facts table: {name}", hint="make both versions agree"))  # fmt: skip
    data.update({k: v for k, v in facts.items() if v is not None and k not in data})
    _set(data, "title", lang, doc.title)
    _set(data, "subtitle", lang, doc.subtitle)
    for name in ("grantee", "location"):
        _set(data, name, lang, doc.facts.get(name))
    partners = list(doc.facts.get("partners") or [])
    old_partners = data.get("partners") or []
    if partners and old_partners and len(old_partners) != len(partners):
        problems.append(InputError(where, f"{len(partners)} partner(s), the record has {len(old_partners)}",
                                   field="facts table: partners", hint="list the same partners in both versions"))  # fmt: skip
    elif partners:
        data["partners"] = [{**(old_partners[i] if old_partners else {}), lang: p}
                            for i, p in enumerate(partners)]  # fmt: skip
    images = data.get("images") or []
    new_files: list[tuple[str, bytes]] = []
    if images and len(images) != len(doc.pictures):
        problems.append(InputError(where, f"{len(doc.pictures)} picture(s), the record has {len(images)}",
                                   hint="both versions carry the same pictures, in the same order"))  # fmt: skip
    elif images and any(lang not in (img.get("caption") or {}) for img in images):
        for image, picture in zip(images, doc.pictures, strict=True):  # the other version's files
            image["caption"] = {**(image.get("caption") or {}), lang: picture.caption}
    else:  # a new record, or this language again: the pictures are (re)written
        images = []
        for picture in doc.pictures:
            name = f"{data.get('id', facts.get('id'))}-{picture.number}.{picture.extension}"
            old = next((i for i in data.get("images") or [] if i.get("file") == name), {})
            images.append(
                {"file": name, "caption": {**(old.get("caption") or {}), lang: picture.caption}}
            )
            new_files.append((name, picture.data))
    if images:
        data["images"] = images
    bodies[lang] = doc.body
    return data, bodies, new_files


def _stage_check(
    root: Path, month: str, ident: str, text: str, files, data, themes
) -> list[InputError]:
    """Validate the composed record with the content reader, in a staging copy of the folder."""
    with tempfile.TemporaryDirectory(prefix="reporter-import-") as tmp:
        stage = Path(tmp)
        (stage / "images").mkdir()
        for name, blob in files:
            (stage / "images" / name).write_bytes(blob)
        for image in data.get("images") or []:
            source = root / "images" / str(image.get("file"))
            if source.is_file() and not (stage / "images" / source.name).exists():
                shutil.copyfile(source, stage / "images" / source.name)
        record = stage / "records" / month / f"{ident}.md"
        record.parent.mkdir(parents=True)
        record.write_text(text, encoding="utf-8")
        problems: list[InputError] = []
        model._read_record(record, stage, {t.id for t in themes}, problems)
        return problems


def _write(path: Path, blob: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(blob)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def import_word(
    docx: Path, root: Path, lang: str | None = None, month: str | None = None
) -> ImportResult:
    """Import one Word record into the content folder `root`; nothing is written on a problem."""
    doc = read_word(docx, lang)
    where = display(doc.path)
    problems: list[InputError] = []
    themes = model._read_themes(root, problems)
    facts = _facts(doc, themes, problems)
    if problems:
        raise ContentError(problems)
    existing = _find(root, facts["id"])
    folder = existing.parent.name if existing else f"{facts['date']:%Y-%m}"
    if month and month != folder:
        raise InputError(where, f"the record belongs to {folder}, not {month}", field="facts table: date",
                         hint="correct the date in the facts table, or drop --month")  # fmt: skip
    data, bodies, files = _merge(doc, facts, existing, problems)
    if problems:
        raise ContentError(problems)
    sources = sorted({*_sources(existing), doc.path.name})
    text = _compose(data, bodies, sources)
    missing = [other for other in ("zh", "en") if not bodies.get(other)]
    staged = _stage_check(root, folder, facts["id"], text, files, data, themes)
    left = [p for p in staged if not (missing and p.field and p.field.endswith(f".{missing[0]}"))]
    if left:  # report against the Word file: the staged copy is gone
        raise ContentError([InputError(where, p.problem, field=p.field) for p in left])
    target = existing or root / "records" / folder / f"{facts['id']}.md"
    written = []
    try:
        for name, blob in files:
            _write(root / "images" / name, blob)
            written.append(root / "images" / name)
        _write(target, text.encode("utf-8"))
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise InputError(display(target), f"cannot write ({exc.strerror})") from None
    return ImportResult(target, doc.lang, existing is None, written, missing, doc.unmapped)


def _sources(existing: Path | None) -> list[str]:
    if existing is None:
        return []
    match = re.search(r"^# Imported from Word: (.+)$", existing.read_text(encoding="utf-8"), re.M)
    return [s.strip() for s in match.group(1).split(",")] if match else []
