"""Bad Word files for `reporter content import`: one line each, naming the file, and nothing
half-written into content/ (pictures included)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_word_import import WORD, snapshot

from reporter.cli import cli

FACTS = [("记录编号 Record id", "test-record"), ("日期 Date", "2024-01-09"),
         ("阶段 Stage", "中期"), ("主题 Theme", "planning")]  # fmt: skip


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(out, "PNG")
    return out.getvalue()


def word(path: Path, *, facts=FACTS, caption: str | None = "图1 现场照片", picture: str = "png",
         extra=None) -> Path:  # fmt: skip
    """A small record in Word, written with python-docx."""
    from docx import Document
    from PIL import Image

    document = Document()
    if facts:
        table = document.add_table(rows=0, cols=2)
        for label, value in facts:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
    document.add_heading("规划项目中期会召开", level=1)
    document.add_paragraph("正文第一段。")
    if picture:
        data = png()
        if picture == "tiff":
            out = io.BytesIO()
            Image.new("RGB", (40, 30)).save(out, "TIFF")
            data = out.getvalue()
        document.add_picture(io.BytesIO(data))
        if caption is not None:
            document.add_paragraph(caption)
    if extra:
        extra(document)
    document.save(path)
    return path


def as_emf(path: Path) -> Path:
    """The same file with its picture turned into an EMF drawing, as Word embeds charts."""
    out = path.with_name("emf.docx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            name = item.filename
            if name.startswith("word/media/"):
                name, data = re.sub(r"\.\w+$", ".emf", name), b"\x01\x00\x00\x00" + b"\0" * 84
            elif name == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>", b'<Default Extension="emf" ContentType="image/x-emf"/></Types>'
                )
            elif name == "word/_rels/document.xml.rels":
                data = re.sub(rb"(media/image\d+)\.png", rb"\1.emf", data)
            dst.writestr(name, data)
    return out


def encrypted(path: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = path.with_name("locked.docx")
    with (WORD / "example-zh.docx").open("rb") as plain, out.open("wb") as locked:
        OOXMLFile(plain).encrypt("secret", locked)
    return out


CASES = {
    "not-word": (lambda d: _text(d / "notes.docx", "这不是 Word 文件"), "notes.docx: not a Word file"),
    "old-doc": (lambda d: _bytes(d / "old.docx", bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504),
                "an old Word 97–2003 .doc"),
    "zip-not-word": (lambda d: _zip(d / "archive.docx"), "not a Word document (no word/document.xml)"),
    "password": (encrypted, "locked.docx: password-protected (save it in Word without a password)"),
    "no-facts": (lambda d: word(d / "plain.docx", facts=None),
                 "plain.docx: no facts table (date, stage, theme …) at the top"),
    "emf": (lambda d: as_emf(word(d / "chart.docx")), "picture 1 is EMF, which the PDF cannot show"),
    "tiff": (lambda d: word(d / "scan.docx", picture="tiff"), "picture 1 is TIFF, which the PDF cannot show"),
    "caption-in-english": (lambda d: word(d / "en-caption.docx", caption="Figure 1 The site"),
                           "the caption of picture 1 is in English, missing its Chinese text"),
    "no-caption": (lambda d: word(d / "bare.docx", caption=None), "picture 1 has no Chinese caption"),
    "bad-stage": (lambda d: word(d / "stage.docx", facts=[*FACTS[:2], ("阶段 Stage", "启动"), FACTS[3]]),
                  "field 'facts table: stage': unknown stage '启动'"),
}  # fmt: skip


def _text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_word_file_is_one_line_and_writes_nothing(case, content_copy, tmp_path):
    content = content_copy
    make, message = CASES[case]
    docx = make(tmp_path)
    before = snapshot(content)
    result = CliRunner().invoke(
        cli, ["content", "import", str(docx), "--content-dir", str(content)]
    )
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert snapshot(content) == before


def test_what_cannot_be_mapped_is_listed(content_copy, tmp_path):
    content = content_copy

    def more(document) -> None:
        run = document.add_paragraph("删去的话").runs[0]
        run.font.strike = True
        document.add_paragraph("引文", style="Intense Quote")

    facts = [*FACTS, ("负责人 Lead", "某某")]
    docx = word(tmp_path / "more.docx", facts=facts, extra=more)
    result = CliRunner().invoke(
        cli, ["content", "import", str(docx), "--content-dir", str(content)]
    )
    assert result.exit_code == 0, result.output
    assert "not mapped: facts table row '负责人 Lead' (not a record field)" in result.output
    assert "not mapped: paragraph style 'Intense Quote' (written as plain text)" in result.output
    assert "not mapped: strikethrough (kept as plain text)" in result.output
    text = (content / "records/2024-01/test-record.md").read_text(encoding="utf-8")
    assert "删去的话" in text and "引文" in text  # kept, as text
