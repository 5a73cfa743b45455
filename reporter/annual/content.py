"""The annual report's editorial content, written by staff under ``content/annual/YYYY/``:

    report.yaml            titles, edition, co-chairs, working groups (members with their
                           affiliations), disclaimer, credits, and whether it is demo content
    chapters/*.md          the chapters in file-name order (reporter.annual.chapters)
    indicators/<id>.csv    outside indicators, each with <id>.yaml (reporter.annual.indicators)

Everything is validated at load, like the bulletin's content: every problem on its own line,
naming the file and the field (or line, or paragraph), and nothing is built while one remains.
A chapter's placements must name material the report has: `placeable()` lists it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import paths
from ..content.model import ContentError, Text, _Checker, _mapping, display
from ..errors import InputError
from .chapters import KINDS, Chapter, read_chapter
from .indicators import Indicator, read_indicators

DEFAULT_ANNUAL_DIR = paths.DEFAULT_ANNUAL_CONTENT
REPORT_FIELDS = ("demo", "title", "subtitle", "edition", "co_chairs", "working_groups",
                 "disclaimer", "credits")  # fmt: skip
PERSON_FIELDS = ("name", "affiliation", "role")
GROUP_FIELDS = ("name", "members")
CREDIT_FIELDS = ("role", "names")
# Generated sections a chapter can place whole: their sentences, charts and tables.
SECTIONS = ("national-air-quality", "regional-trends", "cities", "synergy-ranking")
TABLES = ("regions", "cities", "synergy-classes", "synergy-regions", "synergy-top",
          "synergy-bottom", "synergy-air", "synergy-not-ranked")  # fmt: skip
# Generated paragraphs by placement name -> the sentence key (reporter.annual.text).
TEXTS = {
    "national-pm25": "national.pm25",
    "national-o3": "national.o3",
    "regions-pm25": "regions.pm25",
    "regions-o3": "regions.o3",
    "cities-standards": "cities_standards",
    "days": "days",
    "city-table": "city_table",
    "synergy-method": "synergy_method",
    "synergy-classes": "synergy_classes",
    "synergy-quadrants": "synergy_quadrants",
    "synergy-regions": "synergy_regions",
    "synergy-air": "synergy_air",
    "synergy-not-ranked": "synergy_not_ranked",
}


@dataclass(frozen=True)
class Person:
    name: Text
    affiliation: Text
    role: Text | None  # e.g. 召集人 / Coordinating Lead Author


@dataclass(frozen=True)
class Group:
    name: Text
    members: tuple[Person, ...]


@dataclass(frozen=True)
class Credit:
    role: Text
    names: tuple[Text, ...]


@dataclass(frozen=True)
class AnnualContent:
    year: int
    root: Path
    demo: bool
    title: Text
    subtitle: Text | None
    edition: Text | None
    co_chairs: tuple[Person, ...]
    groups: tuple[Group, ...]
    disclaimer: Text
    credits: tuple[Credit, ...]
    chapters: tuple[Chapter, ...]
    indicators: dict[str, Indicator]

    @property
    def summary(self) -> tuple[Chapter, ...]:
        """Unnumbered chapters before the first numbered one: they precede the contributors."""
        out = []
        for chapter in self.chapters:
            if chapter.number is not None:
                break
            out.append(chapter)
        return tuple(out)

    @property
    def body(self) -> tuple[Chapter, ...]:
        return self.chapters[len(self.summary) :]


def placeable(ctx: Any) -> dict[str, list[str]]:
    """The generated material of a report, by kind: what chapters may place by name."""
    figures = ["trend-national", *(f"trend-{r.id}" for r in ctx.regions)]
    figures += ["synergy-scatter", "synergy-classes"]
    texts = list(TEXTS) + [f"region-{r.id}" for r in ctx.regions]
    return {"figure": figures, "table": list(TABLES), "text": texts, "section": list(SECTIONS)}


def sentence_key(name: str) -> str:
    """The sentence a `::: text NAME` placement prints."""
    return TEXTS.get(name) or f"region.{name[len('region-') :]}"


def _text(check: _Checker, item: dict, key: str, where: str, required: bool = True):
    """A {zh, en} field of a list entry, named with the entry in every problem."""
    value = item.get(key)
    if isinstance(value, dict):
        return check._pair(value, f"{where}.{key}")
    if value is not None or required:
        problem = "missing" if value is None else "expected zh and en texts"
        check.add(f"{where}.{key}", problem, f"write {key}: {{zh: …, en: …}}")
    return None


def _person(item: Any, where: str, check: _Checker) -> Person | None:
    if not isinstance(item, dict):
        check.add(where, "expected name, affiliation (and role) each {zh: …, en: …}")
        return None
    for key in sorted(map(str, set(item) - set(PERSON_FIELDS))):
        check.add(f"{where}.{key}", "unknown field", f"allowed: {', '.join(PERSON_FIELDS)}")
    name = _text(check, item, "name", where)
    affiliation = _text(check, item, "affiliation", where)
    role = _text(check, item, "role", where, required=False)
    return Person(name, affiliation, role) if name and affiliation else None


def _people(value: Any, where: str, check: _Checker) -> tuple[Person, ...]:
    if not isinstance(value, list) or not value:
        check.add(where, "expected a list of people", "each: name, affiliation, optional role")
        return ()
    people = [_person(item, f"{where}[{i}]", check) for i, item in enumerate(value, start=1)]
    return tuple(p for p in people if p)


def _groups(value: Any, check: _Checker) -> tuple[Group, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        check.add("working_groups", "expected a list of groups with name and members")
        return ()
    groups = []
    for i, item in enumerate(value, start=1):
        where = f"working_groups[{i}]"
        if not isinstance(item, dict):
            check.add(where, "expected name {zh, en} and members")
            continue
        for key in sorted(map(str, set(item) - set(GROUP_FIELDS))):
            check.add(f"{where}.{key}", "unknown field", f"allowed: {', '.join(GROUP_FIELDS)}")
        name = _text(check, item, "name", where)
        members = _people(item.get("members"), f"{where}.members", check)
        if name and members:
            groups.append(Group(name, members))
    return tuple(groups)


def _credits(value: Any, check: _Checker) -> tuple[Credit, ...]:
    if value is None:
        return ()
    out = []
    for i, item in enumerate(value if isinstance(value, list) else [None], start=1):
        where = f"credits[{i}]"
        if not isinstance(item, dict):
            check.add(where, "expected role {zh, en} and names [{zh, en}, …]")
            continue
        role = _text(check, item, "role", where)
        listed = item.get("names") if isinstance(item.get("names"), list) else []
        found = [check._pair(n, f"{where}.names[{j}]") if isinstance(n, dict)
                 else check.add(f"{where}.names[{j}]", "expected {zh: …, en: …}")
                 for j, n in enumerate(listed, start=1)]  # fmt: skip
        names = tuple(t for t in found if t)
        if role and names:
            out.append(Credit(role, names))
        elif role:
            check.add(f"{where}.names", "missing", "name at least one person")
    return tuple(out)


def _check_placements(
    chapters: Iterable[Chapter], names: Mapping[str, list[str]], problems: list[InputError]
) -> None:
    """Each placement names existing material, once in the report."""
    seen: dict[tuple[str, str], str] = {}
    for chapter in chapters:
        for block in chapter.blocks:
            if block.kind != "place" or block.what not in KINDS:
                continue
            where = f"{display(chapter.path)}, line {block.line}"
            valid = names.get(block.what, [])
            if block.name not in valid:
                problems.append(
                    InputError(
                        where,
                        f"no {block.what} named {block.name!r}",
                        hint=f"{block.what}s: {', '.join(valid) or 'none'}",
                    )
                )
            elif block.what != "text" and (block.what, block.name) in seen:
                first = seen[(block.what, block.name)]
                problems.append(
                    InputError(where, f"{block.what} {block.name!r} already placed at {first}")
                )
            seen.setdefault((block.what, block.name), where)


def load_annual_content(
    year: int, names: Mapping[str, list[str]], root: Path | None = None
) -> AnnualContent | None:
    """The content of `year`'s report, or None when there is no folder for it.

    `names` is `placeable(context)`; the outside indicators add their own figures and tables.
    Raises ContentError listing every problem.
    """
    folder = Path(root or DEFAULT_ANNUAL_DIR) / str(year)
    if not folder.is_dir():
        return None
    problems: list[InputError] = []
    meta_path = folder / "report.yaml"
    data, check = (None, None)
    if meta_path.is_file():
        data, check = _mapping(meta_path, problems)
    else:
        problems.append(
            InputError(display(meta_path), "file not found", hint="see content/README.md")
        )
    meta: dict[str, Any] = {}
    if data is not None and check is not None:
        check.unknown_keys(data, REPORT_FIELDS)
        demo = data.get("demo", False)
        if not isinstance(demo, bool):
            check.add("demo", f"{demo!r} is not true or false")
        meta = {
            "demo": demo is True,
            "title": check.text(data, "title"),
            "subtitle": check.text(data, "subtitle", required=False),
            "edition": check.text(data, "edition", required=False),
            "co_chairs": _people(data.get("co_chairs"), "co_chairs", check),
            "groups": _groups(data.get("working_groups"), check),
            "disclaimer": check.text(data, "disclaimer"),
            "credits": _credits(data.get("credits"), check),
        }
    chapter_files = sorted((folder / "chapters").glob("*.md"))
    if not chapter_files:
        problems.append(InputError(display(folder / "chapters"), "no chapter files (*.md)"))
    chapters = tuple(c for p in chapter_files if (c := read_chapter(p, problems)))
    indicators = read_indicators(folder / "indicators", problems)
    valid = {kind: list(values) for kind, values in names.items()}
    for kind in ("figure", "table"):
        valid[kind] = [*valid.get(kind, []), *indicators]
    _check_placements(chapters, valid, problems)
    if problems:
        raise ContentError(problems)
    assert meta["title"] is not None and meta["disclaimer"] is not None
    return AnnualContent(year, folder, chapters=chapters, indicators=indicators, **meta)
