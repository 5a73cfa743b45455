"""A project record written in Word, read with mammoth: facts table, headings, body, pictures.

The layout (see content/word/record-template.docx): a table of facts at the top, one field per
row with its label in Chinese or English in the first column; the title as Heading 1 (or the
Title style), the subtitle as Heading 2 (or Subtitle, or after "——" in the title); then the
body. Every picture is followed by its caption, "图1 …" in Chinese, "Figure 1 …" in English.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..content.model import display
from ..errors import InputError
from .markdown import MarkdownWriter, Node, is_note_list, parse_html

OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => h2:fresh
p[style-name='Caption'] => p:fresh
"""
# What WeasyPrint draws in a PDF; Word also embeds EMF/WMF (drawings) and TIFF, which it cannot.
FORMATS = {"image/png": ("png", b"\x89PNG"), "image/jpeg": ("jpg", b"\xff\xd8")}
FORMAT_NAMES = {"image/x-emf": "EMF", "image/x-wmf": "WMF", "image/tiff": "TIFF",
                "image/bmp": "BMP", "image/gif": "GIF", "image/svg+xml": "SVG"}  # fmt: skip
CAPTION = {
    "zh": re.compile(r"^图\s*(\d+)\s*[.．:：、]?\s*(.+)$"),
    "en": re.compile(r"^(?:Figure|Fig\.)\s*(\d+)\s*[.:：]?\s*(.+)$", re.IGNORECASE),
}
LANG_NAMES = {"zh": "Chinese", "en": "English"}
# Labels of the facts table, Chinese or English; the longest label found in a cell wins.
LABELS = {
    "id": ("记录编号", "record id", "编号", "id"),
    "date": ("日期", "date"),
    "stage": ("阶段", "stage"),
    "theme": ("主题", "板块", "theme"),
    "grantee": ("承担单位", "grantee"),
    "partners": ("合作单位", "partners"),
    "location": ("地点", "location"),
    "project": ("项目编号", "project id", "project"),
}
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class Picture:
    number: int
    data: bytes
    extension: str
    caption: str | None = None


@dataclass
class WordRecord:
    path: Path
    lang: str
    facts: dict[str, str | list[str]]
    title: str
    subtitle: str | None
    body: str  # Markdown
    pictures: list[Picture] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)


def _container(path: Path) -> None:
    """A .docx is a zip; an OLE container is an old .doc or a password-protected file."""
    where = display(path)
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC:
        data = path.read_bytes()
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise InputError(where, "password-protected", hint="save it in Word without a password")
        raise InputError(where, "an old Word 97–2003 .doc", hint="save it as .docx in Word")
    if not zipfile.is_zipfile(path):
        raise InputError(where, "not a Word file", hint="save the record as .docx in Word")
    with zipfile.ZipFile(path) as archive:
        if "word/document.xml" not in archive.namelist():
            raise InputError(where, "not a Word document (no word/document.xml)",
                             hint="save the record as .docx in Word")  # fmt: skip


def _label(cell: str) -> str | None:
    text = cell.strip().lower()
    best, length = None, 0
    for name, labels in LABELS.items():
        for label in labels:
            if label in text and len(label) > length:
                best, length = name, len(label)
    return best


def _cells(row: Node) -> list[Node]:
    return [c for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]


def _is_facts(table: Node) -> bool:
    rows = [_cells(r) for r in table.find("tr")]
    return sum(1 for cells in rows if cells and _label(cells[0].text())) >= 2


def _facts(table: Node, unmapped: list[str]) -> dict[str, str | list[str]]:
    facts: dict[str, str | list[str]] = {}
    for cells in (_cells(r) for r in table.find("tr")):
        if len(cells) < 2:
            continue
        label = cells[0].text().strip()
        name = _label(label)
        lines = [p.text().strip() for p in cells[1].find("p")] or [cells[1].text().strip()]
        lines = [line for line in lines if line]
        if name is None:
            unmapped.append(f"facts table row {label!r} (not a record field)")
        elif name == "partners":
            facts[name] = [
                p.strip() for line in lines for p in re.split("[;；]", line) if p.strip()
            ]
        elif lines:
            facts[name] = " ".join(lines)
    return facts


def _split_title(title: str, lang: str) -> tuple[str, str | None]:
    """The seeds write "title——subtitle" in one heading."""
    mark = "——" if lang == "zh" else " — "
    if mark in title:
        head, tail = title.split(mark, 1)
        if head.strip() and tail.strip():
            return head.strip(), tail.strip()
    return title, None


def read_word(path: Path, lang: str | None = None) -> WordRecord:
    """Read one record from a .docx; every problem is raised at once (ContentError)."""
    import mammoth

    from ..content.model import ContentError

    path = Path(path)
    _container(path)
    where = display(path)
    problems: list[InputError] = []
    images: list[tuple[str, bytes]] = []

    def keep_image(image) -> dict[str, str]:
        with image.open() as handle:
            images.append((image.content_type or "", handle.read()))
        return {"src": f"picture:{len(images)}"}

    try:
        with path.open("rb") as handle:
            result = mammoth.convert_to_html(
                handle, style_map=STYLE_MAP, convert_image=mammoth.images.img_element(keep_image)
            )
    except Exception as exc:  # a damaged package: mammoth raises KeyError, ValueError, XML errors
        raise InputError(where, f"cannot be read as a Word document ({type(exc).__name__})",
                         hint="open it in Word and save it again as .docx") from None  # fmt: skip
    unmapped = [_message(m.message) for m in result.messages]
    root = parse_html(result.value)
    blocks = [c for c in root.children if isinstance(c, Node)]
    facts_at = next((i for i, b in enumerate(blocks) if b.tag == "table" and _is_facts(b)), None)
    if facts_at is None:
        raise InputError(where, "no facts table (date, stage, theme …) at the top",
                         hint="start from content/word/record-template.docx")  # fmt: skip
    facts = _facts(blocks.pop(facts_at), unmapped)
    headings = [b for b in blocks if b.tag == "h1"]
    if not headings:
        raise InputError(where, "no title", hint="format the title as Heading 1 (标题 1)")
    title_node = headings[0]
    title = " ".join(title_node.text().split())
    lang = lang or ("zh" if _CJK.search(title) else "en")
    start = blocks.index(title_node) + 1
    subtitle = None
    if start < len(blocks) and blocks[start].tag == "h2":
        subtitle = " ".join(blocks[start].text().split())
        start += 1
    if subtitle is None:
        title, subtitle = _split_title(title, lang)
    if any(
        b.tag not in ("table",) and b.text().strip() for b in blocks[: blocks.index(title_node)]
    ):
        unmapped.append("text above the title (left out: put it under the title)")

    pictures: list[Picture] = []
    waiting: list[Picture] = []
    writer = MarkdownWriter(lambda node: None)

    def picture(node: Node) -> None:
        number = len(pictures) + 1
        content_type, data = images[int(node.attrs["src"].split(":")[1]) - 1]
        known = FORMATS.get(content_type)
        if known is None or not data.startswith(known[1]):
            name = FORMAT_NAMES.get(content_type, content_type or "an unknown format")
            problems.append(InputError(where, f"picture {number} is {name}, which the PDF cannot show",
                                       hint="save it as PNG or JPEG and insert it again"))  # fmt: skip
        item = Picture(number, data, known[0] if known else "")
        pictures.append(item)
        waiting.append(item)

    writer.picture = picture
    out: list[str] = []
    notes: list[str] = []
    for block in blocks[start:]:
        text = " ".join(block.text().split())
        caption_line = waiting and block.tag == "p" and not block.find("img")
        if caption_line and _caption(waiting.pop(0), text, lang, where, problems):
            continue
        if block.tag == "p":
            paragraph = writer.paragraph(block)
            if (
                waiting
                and block.find("img")
                and CAPTION[lang].match(" ".join(block.text().split()))
            ):
                _caption(waiting.pop(0), " ".join(block.text().split()), lang, where, problems)
            elif paragraph:
                out.append(paragraph)
        elif block.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            if block.tag == "h1":
                unmapped.append(f"a second Heading 1 {text[:30]!r} (written as a sub-heading)")
            out.append(f"### {writer.paragraph(block)}")
        elif block.tag in ("ul", "ol") and is_note_list(block):
            notes += writer.footnote_definitions(block)
        elif block.tag in ("ul", "ol"):
            out.append(writer.listing(block))
        elif block.tag == "table":
            out.append(writer.table(block))
        else:
            unmapped.append(f"<{block.tag}> block (written as a paragraph)")
            out.append(writer.paragraph(block))
    for item in waiting:
        _caption(item, "", lang, where, problems)
    if problems:
        raise ContentError(problems)
    body = "\n\n".join([*out, "\n".join(notes)] if notes else out).strip()
    return WordRecord(path, lang, facts, title, subtitle, body, pictures,
                      [*unmapped, *writer.unmapped])  # fmt: skip


def _caption(item: Picture, text: str, lang: str, where: str, problems: list[InputError]) -> bool:
    """The caption under a picture, in the document's language; False if it is not one."""
    match = CAPTION[lang].match(text)
    if match:
        item.caption = match.group(2).strip()
        return True
    other = "en" if lang == "zh" else "zh"
    example = f"图{item.number} …" if lang == "zh" else f"Figure {item.number} …"
    if CAPTION[other].match(text):
        problem = (f"the caption of picture {item.number} is in {LANG_NAMES[other]}, "
                   f"missing its {LANG_NAMES[lang]} text")  # fmt: skip
        hint = f"write '{example}' under the picture; the {LANG_NAMES[other]} caption belongs in the {LANG_NAMES[other]} version"
    else:
        problem = f"picture {item.number} has no {LANG_NAMES[lang]} caption"
        hint = f"write '{example}' in the line under the picture"
    problems.append(InputError(where, problem, field=f"picture {item.number}", hint=hint))
    return False


def _message(text: str) -> str:
    match = re.match(r"Unrecognised (paragraph|run) style: (.+?) \(Style ID", text)
    if match:
        return f"{match.group(1)} style '{match.group(2)}' (written as plain text)"
    return text
