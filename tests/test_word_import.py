"""`reporter content import`: the shipped Word examples become a record that validates and prints
with its pictures and captions; bad Word files are one line each and leave content/ untouched."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter.cli import cli
from reporter.content.model import ContentError, load_content

ROOT = Path(__file__).resolve().parent.parent
WORD = ROOT / "content" / "word"
RECORD = "records/2022-03/inner-mongolia-industry-kickoff.md"


def run(*args: str):
    return CliRunner().invoke(cli, ["content", "import", *map(str, args)])


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def media(docx: Path) -> list[bytes]:
    """The pictures inside a .docx, in document order (word/media/image1, image2 …)."""
    with zipfile.ZipFile(docx) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("word/media/"))
        return [archive.read(n) for n in names]


def test_the_chinese_example_becomes_a_record_waiting_for_its_english(content_copy):
    content = content_copy
    result = run(WORD / "example-zh.docx", "--content-dir", content)
    assert result.exit_code == 0, result.output
    assert "still needs the English version" in result.output
    text = (content / RECORD).read_text(encoding="utf-8")
    assert (
        "title:\n  zh: “内蒙古自治区重点区域工业领域减污降碳协同控制路径及对策建议研究”开题会召开"
        in text
    )
    assert "subtitle:\n  zh: 为内蒙古能源产业结构绿色化调整提供技术支撑" in text
    for line in (
        "date: 2022-03-17",
        "stage: kickoff",
        "theme: industry",
        "project: IM-INDUSTRY-2022",
    ):
        assert line in text
    body = text.split("::: zh", 1)[1]
    assert "**“内蒙古自治区重点区域工业领域减污降碳协同控制路径及对策建议研究”**开题会" in body
    assert "*“十三五”*期间" in body and "PM<sub>2.5</sub>改善" in body
    assert "µg/m<sup>3</sup>" in body and "CO<sub>2</sub>排放" in body
    assert "| 原煤占能源消费总量的比例 | 82.1% |" in body
    assert "- 针对电力、钢铁等重点行业开展现场调研；" in body
    assert "2. 提出呼包鄂区域协同控制优化路径。" in body
    assert "完全分解模型[^1]对源头" in body
    assert "[^1]: 完全分解模型：把排放变化无余项地分解为各驱动因素贡献的方法。" in body
    assert "图1" not in body  # captions belong to the pictures, not the text
    # No raw HTML but what content allows (issue of sanitising aside: nothing else is written).
    assert set(re.findall(r"</?([a-z]+)", body)) <= {"sub", "sup", "br"}
    pictures = media(WORD / "example-zh.docx")
    assert (content / "images/inner-mongolia-industry-kickoff-1.jpg").read_bytes() == pictures[0]
    assert (content / "images/inner-mongolia-industry-kickoff-2.png").read_bytes() == pictures[1]
    assert "caption:\n    zh: 开题会线上截屏" in text and "caption:\n    zh: 研究技术路线" in text
    with pytest.raises(ContentError) as error:
        load_content(content)
    fields = {p.field for p in error.value.problems}
    assert fields == {"title.en", "subtitle.en", "grantee.en", "partners[1].en", "location.en",
                      "caption.en", "body.en"}  # fmt: skip


def test_the_english_example_completes_the_record(content_copy):
    content = content_copy
    run(WORD / "example-zh.docx", "--content-dir", content)
    result = run(WORD / "example-en.docx", "--content-dir", content, "--month", "2022-03")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Updated ") and "still needs" not in result.output
    record = load_content(content).records["inner-mongolia-industry-kickoff"]
    assert record.title.en.startswith("Kickoff of the study on joint pollution and carbon control")
    assert record.grantee.en == "Chinese Research Academy of Environmental Sciences"
    assert record.partners[0].zh == "内蒙古自治区生态环境厅"
    assert [i.caption.en for i in record.images] == [
        "The kickoff meeting online",
        "The research roadmap",
    ]
    assert [i.caption.zh for i in record.images] == ["开题会线上截屏", "研究技术路线"]
    assert "PM<sub>2.5</sub> improved little" in record.body.en
    assert "| Raw coal, share of total energy use | 82.1% |" in record.body.en
    assert "PM<sub>2.5</sub>改善" in record.body.zh


def test_the_template_imports_as_it_stands(content_copy):
    content = content_copy
    result = run(WORD / "record-template.docx", "--content-dir", content)
    assert result.exit_code == 0, result.output
    text = (content / "records/2024-01/project-kickoff.md").read_text(encoding="utf-8")
    assert "stage: kickoff" in text and "theme: industry" in text
    assert "partners:\n- zh: 合作单位一\n- zh: 合作单位二" in text


def test_the_english_version_must_agree_on_the_facts(content_copy, tmp_path):
    content = content_copy
    run(WORD / "example-zh.docx", "--content-dir", content)
    before = snapshot(content)
    other = tmp_path / "late.docx"
    other.write_bytes(_replace_in_docx(WORD / "example-en.docx", "2022-03-17", "2022-03-18"))
    result = run(other, "--content-dir", content)
    assert result.exit_code == 1
    assert "field 'facts table: date': date 2022-03-18 differs from 2022-03-17" in result.output
    assert snapshot(content) == before


def _replace_in_docx(docx: Path, old: str, new: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(old.encode(), new.encode())
            dst.writestr(item, data)
    return out.getvalue()


@pytest.mark.slow
def test_the_imported_record_prints_in_both_bulletins_with_its_pictures(content_copy, tmp_path):
    content = content_copy
    run(WORD / "example-zh.docx", "--content-dir", content)
    run(WORD / "example-en.docx", "--content-dir", content)
    issue = content / "issues/2022-03.yaml"
    issue.write_text(issue.read_text() + "  - inner-mongolia-industry-kickoff\n", encoding="utf-8")
    out = tmp_path / "pdf"
    result = CliRunner().invoke(
        cli, ["monthly", "2022-03", "--content-dir", str(content), "--out", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    for lang, words in {
        "zh": ["内蒙古自治区重点区域工业领域减污降碳协同控制路径", "开题会线上截屏", "研究技术路线",
               "完全分解模型：把排放变化"],
        "en": ["Inner Mongolia's industry", "The kickoff meeting online", "The research roadmap",
               "A complete decomposition model splits"],
    }.items():  # fmt: skip
        pdf = out / f"bulletin-2022-03-{lang}.pdf"
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                       text=True, check=True).stdout.split())  # fmt: skip
        for word in words:
            assert word in text, (lang, word)
        listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                                 text=True, check=True).stdout.splitlines()[2:]  # fmt: skip
        sizes = {tuple(line.split()[3:5]) for line in listing}
        assert {("640", "360"), ("640", "300")} <= sizes  # the two pictures of the Word file
