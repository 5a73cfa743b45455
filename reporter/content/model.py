"""The editorial content of the bulletin, written by staff under ``content/`` (see its README).

  bulletin.yaml              the bulletin's title and publisher (zh/en)
  themes.yaml                the project sections, in order, with zh/en names
  records/YYYY-MM/*.md       one project record per file: YAML front matter, then `::: zh` and
                             `::: en` bodies in Markdown
  news/YYYY-MM/*.yaml        one policy news item (时政速递) per file
  issues/YYYY-MM.yaml        one file per issue: number, editors, reviewers, what it carries
  images/                    pictures referred to by records

Everything is validated at load and every problem is reported at once, one line each,
naming the file, the field and what to fix.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..bounded import BoundedLoader, Unreadable, read_text
from ..errors import InputError, ReporterError
from ..feeds.parse import parse_date
from ..paths import BULLETIN_FILE, DEFAULT_CONTENT_DIR, ISSUES_FOLDER, THEMES_FILE
from .files import Refused, content_image

STAGES = ("kickoff", "mid-term", "final", "release", "other")
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_MONTH = re.compile(r"\d{4}-\d{2}")
_BODY_MARK = re.compile(r"^:::\s*(\w+)\s*$", re.MULTILINE)
LANG_NAMES = {"zh": "Chinese", "en": "English"}


class ContentError(ReporterError):
    """Content that does not validate; every problem on its own line."""

    def __init__(self, problems: list[InputError]) -> None:
        self.problems = problems
        lines = [p.message for p in problems]
        if len(lines) == 1:
            super().__init__(lines[0])
        else:
            super().__init__(f"{len(lines)} problems in the content:\n  " + "\n  ".join(lines))


@dataclass(frozen=True)
class Text:
    """The same words in both languages; neither is optional."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return getattr(self, lang)


@dataclass(frozen=True)
class Theme:
    id: str
    order: int
    name: Text


@dataclass(frozen=True)
class Image:
    path: Path
    caption: Text


@dataclass(frozen=True)
class Record:
    id: str
    path: Path
    date: dt.date
    stage: str
    theme: str
    title: Text
    subtitle: Text | None
    grantee: Text | None
    partners: tuple[Text, ...]
    location: Text | None
    project: str | None
    images: tuple[Image, ...]
    body: Text  # Markdown


@dataclass(frozen=True)
class NewsItem:
    id: str
    path: Path
    date: dt.date
    source: Text
    title: Text
    text: Text  # Markdown
    url: str | None


@dataclass(frozen=True)
class Issue:
    path: Path
    number: int
    period: str  # YYYY-MM
    demo: bool
    editors: tuple[Text, ...]
    reviewers: tuple[Text, ...]
    foreword: Text | None
    records: tuple[Record, ...]
    news: tuple[NewsItem, ...]

    def themes(self, themes: tuple[Theme, ...]) -> list[tuple[Theme, list[Record]]]:
        """The themes this issue has records for, in theme order, records by date."""
        groups = []
        for theme in themes:
            records = sorted((r for r in self.records if r.theme == theme.id), key=_by_date)
            if records:
                groups.append((theme, records))
        return groups


@dataclass
class Content:
    root: Path
    title: Text
    publisher: Text
    themes: tuple[Theme, ...]
    records: dict[str, Record]
    news: dict[str, NewsItem]
    issues: dict[str, Issue] = field(default_factory=dict)

    def issue(self, period: str) -> Issue:
        """The issue of a month; a missing issue file is a user error that says what to add."""
        if period not in self.issues:
            path = self.root / ISSUES_FOLDER / f"{period}.yaml"
            raise InputError(
                display(path),
                f"no issue file for {period}",
                hint="copy the previous month's issue file and set number and period",
            )
        return self.issues[period]


def _by_date(item: Record | NewsItem) -> tuple[dt.date, str]:
    return (item.date, item.id)


def display(path: Path) -> str:
    """A path as people see it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


class _Checker:
    """Collects the problems of one file, so that all of them are reported together."""

    def __init__(self, path: Path, problems: list[InputError]) -> None:
        self.path = path
        self.problems = problems

    def add(self, field: str | None, problem: str, hint: str | None = None) -> None:
        self.problems.append(InputError(display(self.path), problem, field=field, hint=hint))

    def text(self, data: dict[str, Any], name: str, *, required: bool = True) -> Text | None:
        value = data.get(name)
        if value is None or not isinstance(value, dict):
            if value is not None or required:
                self.add(
                    name,
                    "missing" if value is None else "expected zh and en texts",
                    f"write {name}: {{zh: …, en: …}}",
                )
            return None
        return self._pair(value, name)

    def _pair(self, value: dict[str, Any], name: str) -> Text | None:
        texts = {}
        for lang in ("zh", "en"):
            text = value.get(lang)
            if isinstance(text, str) and text.strip():
                texts[lang] = text.strip()
            else:
                self.add(
                    f"{name}.{lang}", f"missing {LANG_NAMES[lang]} text", "add the translation"
                )
        extra = sorted(map(str, set(value) - {"zh", "en"}))
        if extra:
            self.add(name, f"unknown language(s) {', '.join(extra)}", "use zh and en")
        return Text(**texts) if len(texts) == 2 else None

    def texts(self, data: dict[str, Any], name: str) -> tuple[Text, ...]:
        value = data.get(name) or []
        if not isinstance(value, list):
            self.add(name, "expected a list of {zh: …, en: …} entries")
            return ()
        out = []
        for i, item in enumerate(value, start=1):
            pair = self._pair(item, f"{name}[{i}]") if isinstance(item, dict) else None
            if not isinstance(item, dict):
                self.add(f"{name}[{i}]", "expected {zh: …, en: …}")
            elif pair:
                out.append(pair)
        return tuple(out)

    def date(self, data: dict[str, Any], folder: str | None, kind: str) -> dt.date | None:
        """An ISO date; in a YYYY-MM folder it must fall in that month."""
        value = data.get("date")
        try:
            date = parse_date(str(value))  # ISO YYYY-MM-DD only (feeds/parse.py)
        except ValueError:
            self.add("date", f"{value!r} is not a date", "write it as YYYY-MM-DD")
            return None
        if folder is not None and f"{date:%Y-%m}" != folder:
            self.add(
                "date",
                f"{date} is outside the period {folder}",
                f"move the file to {kind}/{date:%Y-%m}/",
            )
        return date

    def ident(self, data: dict[str, Any]) -> str | None:
        value = data.get("id")
        if isinstance(value, str) and _ID.fullmatch(value):
            return value
        self.add("id", f"{value!r} is not a valid id", "use lower-case letters, digits and -")
        return None

    def choice(self, data: dict[str, Any], name: str, allowed: Iterable[str]) -> str | None:
        value, allowed = data.get(name), sorted(allowed) if name == "theme" else list(allowed)
        if value in allowed:
            return value
        self.add(name, f"unknown {name} {value!r}", f"use one of {', '.join(allowed)}")
        return None

    def unknown_keys(self, data: dict[str, Any], allowed: tuple[str, ...]) -> None:
        for key in sorted(map(str, set(data) - set(allowed))):
            self.add(key, "unknown field", f"allowed: {', '.join(allowed)}")


class _Loader(BoundedLoader):
    """Keeps dates as text, so an impossible date is reported for its field, not raised."""


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def _yaml(text: str, check: _Checker, first_line: int = 1) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + first_line}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        check.add(None, f"broken YAML, {line}{problem}", "check indentation, colons and quotes")
        return None


def _read(path: Path, problems: list[InputError]) -> tuple[str | None, _Checker]:
    check = _Checker(path, problems)
    try:
        return read_text(path), check  # regular files only, size-bounded (bounded.py)
    except Unreadable as exc:
        check.add(None, str(exc))
        return None, check
    except UnicodeDecodeError:
        check.add(None, "not UTF-8 text", "save the file as UTF-8")
        return None, check


def _mapping(path: Path, problems: list[InputError]) -> tuple[dict[str, Any] | None, _Checker]:
    text, check = _read(path, problems)
    data = _yaml(text, check) if text is not None else None
    if data is not None and not isinstance(data, dict):
        check.add(None, "expected a mapping of fields")
        return None, check
    return data, check


def _folder_month(path: Path) -> str | None:
    return path.parent.name if _MONTH.fullmatch(path.parent.name) else None


def _read_meta(root: Path, problems: list[InputError]) -> tuple[Text | None, Text | None]:
    if not (root / BULLETIN_FILE).exists():
        problems.append(InputError(display(root / BULLETIN_FILE), "file not found"))
        return None, None
    data, check = _mapping(root / BULLETIN_FILE, problems)
    return (check.text(data, "title"), check.text(data, "publisher")) if data else (None, None)


def _read_themes(root: Path, problems: list[InputError]) -> tuple[Theme, ...]:
    if not (root / THEMES_FILE).exists():
        problems.append(InputError(display(root / THEMES_FILE), "file not found"))
        return ()
    data, check = _mapping(root / THEMES_FILE, problems)
    themes: list[Theme] = []
    listed = (data or {}).get("themes") or []
    if not isinstance(listed, list):
        check.add("themes", "expected a list of themes")
        listed = []
    for i, item in enumerate(listed, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            check.add(f"themes[{i}]", "each theme needs id, order and name {zh, en}")
            continue
        if not isinstance(item.get("order"), int):
            check.add(f"themes[{i}].order", "expected a whole number giving the section order")
        name = check.text(item, "name")
        if name and isinstance(item.get("order"), int):
            themes.append(Theme(item["id"], item["order"], name))
    if data is not None and not themes:
        check.add("themes", "no themes defined")
    return tuple(sorted(themes, key=lambda t: t.order))


RECORD_FIELDS = ("id", "date", "stage", "theme", "title", "subtitle", "grantee", "partners",
                 "location", "project", "images")  # fmt: skip


def _split_body(text: str, check: _Checker) -> Text | None:
    """The `::: zh` and `::: en` sections of a record body."""
    marks = list(_BODY_MARK.finditer(text))
    sections: dict[str, str] = {}
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        if mark.group(1) not in ("zh", "en"):
            check.add("body", f"unknown section '::: {mark.group(1)}'", "use '::: zh' and '::: en'")
        sections[mark.group(1)] = text[mark.end() : end].strip()
    for lang in ("zh", "en"):
        if not sections.get(lang):
            check.add(
                f"body.{lang}", f"missing {LANG_NAMES[lang]} text", f"add a '::: {lang}' section"
            )
    return (
        Text(sections["zh"], sections["en"]) if sections.get("zh") and sections.get("en") else None
    )


def _images(data: dict[str, Any], root: Path, check: _Checker) -> tuple[Image, ...]:
    images: list[Image] = []
    listed = data.get("images") or []
    if not isinstance(listed, list):
        check.add("images", "expected a list of {file, caption} entries")
        return ()
    for i, item in enumerate(listed, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("file"), str):
            check.add(f"images[{i}]", "each image needs file and caption {zh, en}")
            continue
        try:  # inside content/images/ after symlinks, a regular picture file (content/files.py)
            path = content_image(root, item["file"])
        except Refused as exc:
            check.add(f"images[{i}].file", exc.problem, exc.hint)
            continue
        caption = check.text(item, "caption")
        if caption:
            images.append(Image(path, caption))
    return tuple(images)


def _read_record(path: Path, root: Path, themes: set[str], problems: list[InputError]):
    text, check = _read(path, problems)
    parts = re.split(r"^---\s*$", text or "", maxsplit=2, flags=re.MULTILINE)
    if text is not None and (len(parts) < 3 or parts[0].strip()):
        check.add(None, "no front matter", "start the file with a '---' line, fields, then '---'")
    data = (
        _yaml(parts[1], check, first_line=2) if len(parts) == 3 and not parts[0].strip() else None
    )
    if not isinstance(data, dict):
        if data is not None:
            check.add(None, "front matter is not a mapping of fields")
        return None
    check.unknown_keys(data, RECORD_FIELDS)
    project = data.get("project")
    if project is not None and not isinstance(project, str | int):
        check.add("project", "expected a project id")
    fields = {
        "id": check.ident(data),
        "path": path,
        "date": check.date(data, _folder_month(path), "records"),
        "stage": check.choice(data, "stage", STAGES),
        "theme": check.choice(data, "theme", themes),
        "title": check.text(data, "title"),
        "subtitle": check.text(data, "subtitle", required=False),
        "grantee": check.text(data, "grantee", required=False),
        "partners": check.texts(data, "partners"),
        "location": check.text(data, "location", required=False),
        "project": None if project is None else str(project),
        "images": _images(data, root, check),
        "body": _split_body(parts[2], check),
    }
    required = ("id", "date", "stage", "theme", "title", "body")
    return None if any(fields[k] is None for k in required) else Record(**fields)


NEWS_FIELDS = ("id", "date", "source", "title", "text", "url")
_WEB_ADDRESS = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)


def _news_url(value: Any, check: _Checker) -> str | None:
    """A news item's source address: a web address, never a script or a local file."""
    if value is None or (isinstance(value, str) and _WEB_ADDRESS.fullmatch(value)):
        return value
    check.add("url", f"{str(value)[:80]!r} is not a web address", "write https://…")
    return None


def _read_news(path: Path, problems: list[InputError]) -> NewsItem | None:
    data, check = _mapping(path, problems)
    if data is None:
        return None
    check.unknown_keys(data, NEWS_FIELDS)
    fields = {
        "id": check.ident(data),
        "path": path,
        "date": check.date(data, _folder_month(path), "news"),
        "source": check.text(data, "source"),
        "title": check.text(data, "title"),
        "text": check.text(data, "text"),
        "url": _news_url(data.get("url"), check),
    }
    return None if any(v is None for k, v in fields.items() if k != "url") else NewsItem(**fields)


ISSUE_FIELDS = ("number", "period", "demo", "editors", "reviewers", "foreword", "records", "news")


def _pick(check: _Checker, name: str, wanted: Any, items: dict, period: str) -> tuple:
    """The items an issue lists (checked), or by default those dated in its period."""
    if wanted is None:
        chosen = [item for item in items.values() if f"{item.date:%Y-%m}" == period]
        return tuple(sorted(chosen, key=_by_date))
    if not isinstance(wanted, list):
        check.add(name, "expected a list of ids")
        return ()
    chosen = []
    for ident in wanted:
        if not isinstance(ident, str):
            check.add(name, f"{str(ident)[:40]!r} is not an id", "list ids as plain words")
            continue
        item = items.get(ident)
        if item is None:
            check.add(
                name, f"no {'record' if name == 'records' else 'news item'} with id {ident!r}"
            )
        elif f"{item.date:%Y-%m}" != period:
            check.add(name, f"{ident} is dated {item.date}, outside the period {period}")
        else:
            chosen.append(item)
    return tuple(chosen)


def _read_issue(path: Path, records: dict, news: dict, problems: list[InputError]):
    data, check = _mapping(path, problems)
    if data is None:
        return None
    check.unknown_keys(data, ISSUE_FIELDS)
    period = str(data.get("period", ""))
    if period != path.stem or not _MONTH.fullmatch(period):
        check.add(
            "period", f"{period!r} does not match the file name", f"write period: {path.stem}"
        )
        return None
    number = data.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        check.add("number", f"{number!r} is not an issue number", "the running number, 总第N期")
        number = None
    people = {name: check.texts(data, name) for name in ("editors", "reviewers")}
    for name, names in people.items():
        if not names and not data.get(name):
            check.add(name, "missing", "name at least one person")
    foreword = check.text(data, "foreword", required=False)
    chosen_records = _pick(check, "records", data.get("records"), records, period)
    chosen_news = _pick(check, "news", data.get("news"), news, period)
    if number is None:
        return None
    return Issue(
        path,
        number,
        period,
        bool(data.get("demo", False)),
        people["editors"],
        people["reviewers"],
        foreword,
        chosen_records,
        chosen_news,
    )


def _unique(items: list, problems: list[InputError], kind: str) -> dict:
    out: dict[str, Any] = {}
    for item in items:
        if item.id in out:
            where = display(out[item.id].path)
            problems.append(
                InputError(
                    display(item.path), f"{kind} id {item.id!r} also used in {where}", field="id"
                )
            )
        else:
            out[item.id] = item
    return out


def load_content(root: Path | None = None) -> Content:
    """Read and validate the whole content folder; raise ContentError listing every problem."""
    root = Path(root or DEFAULT_CONTENT_DIR)
    if not root.is_dir():
        raise InputError(display(root), "content folder not found", hint="pass --content-dir DIR")
    problems: list[InputError] = []
    title, publisher = _read_meta(root, problems)
    themes = _read_themes(root, problems)
    ids = {t.id for t in themes}
    records = [_read_record(p, root, ids, problems) for p in sorted(root.glob("records/**/*.md"))]
    news = [_read_news(p, problems) for p in sorted(root.glob("news/**/*.yaml"))]
    by_id = _unique([r for r in records if r], problems, "record")
    news_by_id = _unique([n for n in news if n], problems, "news")
    issues: dict[str, Issue] = {}
    numbers: dict[int, Issue] = {}
    for path in sorted(root.glob("issues/*.yaml")):
        issue = _read_issue(path, by_id, news_by_id, problems)
        if issue is None:
            continue
        if issue.number in numbers:
            other = display(numbers[issue.number].path)
            problems.append(
                InputError(
                    display(path),
                    f"issue number {issue.number} is also used by {other}",
                    field="number",
                )
            )
        numbers[issue.number] = issues[issue.period] = issue
    if problems:
        raise ContentError(problems)
    assert title is not None and publisher is not None
    return Content(root, title, publisher, themes, by_id, news_by_id, issues)
