"""Write the Word template for project records and a Chinese and an English example.

    .venv/bin/python scripts/make_word_examples.py      # → content/word/*.docx

The layout the importer (`reporter content import`) reads: a two-column table of facts at the
top (one field per row, label in Chinese or English), the title as Heading 1, the subtitle as
Heading 2, then the body; every picture is followed by its caption, "图1 …" or "Figure 1 …".
The example is the Inner Mongolia kickoff of the February–March 2022 issue (总第22期).
The files are written reproducibly (fixed dates in the package properties).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Mm
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "content" / "word"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

FACTS = {
    "zh": [
        ("记录编号 Record id", "inner-mongolia-industry-kickoff"),
        ("日期 Date", "2022-03-17"),
        ("阶段 Stage", "开题"),
        ("主题 Theme", "行业减污降碳"),
        ("承担单位 Grantee", "中国环境科学研究院"),
        ("合作单位 Partners", "内蒙古自治区生态环境厅"),
        ("地点 Location", "线上会议"),
        ("项目编号 Project id", "IM-INDUSTRY-2022"),
    ],
    "en": [
        ("记录编号 Record id", "inner-mongolia-industry-kickoff"),
        ("日期 Date", "2022-03-17"),
        ("阶段 Stage", "kickoff"),
        ("主题 Theme", "Cutting pollution and carbon in industry"),
        ("承担单位 Grantee", "Chinese Research Academy of Environmental Sciences"),
        ("合作单位 Partners", "Department of Ecology and Environment of Inner Mongolia"),
        ("地点 Location", "Online"),
        ("项目编号 Project id", "IM-INDUSTRY-2022"),
    ],
}
TEMPLATE_FACTS = [  # a third column is a note for the editor; the importer reads two
    ("记录编号 Record id", "project-kickoff", "小写字母、数字和 -；英文版用同一编号"),
    ("日期 Date", "2024-01-17", "YYYY-MM-DD，决定记录所在的月份"),
    ("阶段 Stage", "开题", "开题 kickoff | 中期 mid-term | 结题 final | 发布 release | 其他 other"),
    ("主题 Theme", "行业减污降碳", "content/themes.yaml 中的名称或编号"),
    ("承担单位 Grantee", "承担单位名称", "可删去此行"),
    ("合作单位 Partners", "合作单位一；合作单位二", "每个单位一行，或用分号隔开；可删去此行"),
    ("地点 Location", "会议地点", "可删去此行"),
    ("项目编号 Project id", "G-2024-0001", "可删去此行"),
]

TEXT = {
    "zh": {
        "title": "“内蒙古自治区重点区域工业领域减污降碳协同控制路径及对策建议研究”开题会召开",
        "subtitle": "为内蒙古能源产业结构绿色化调整提供技术支撑",
        "p1": [
            ("2022年3月17日下午，由能源基金会支持、中国环境科学研究院承担的", None),
            ("“内蒙古自治区重点区域工业领域减污降碳协同控制路径及对策建议研究”", "b"),
            ("开题会在线上召开，七位专家组成评审专家组。", None),
        ],
        "p2": [
            ("呼包鄂城市群是内蒙古最重要的经济圈和城市带，", None),
            ("“十三五”", "i"),
            ("期间区域能耗强度和碳排放强度仍较高，PM", None),
            ("2.5", "sub"),
            ("改善并不明显。区域工业能源消费情况如下：", None),
        ],
        "table": [
            ("指标", "占比"),
            ("规模以上工业企业能源消费量占自治区的比例", "96.1%"),
            ("原煤占能源消费总量的比例", "82.1%"),
        ],
        "p3": [
            ("项目基于大气污染物与CO", None),
            ("2", "sub"),
            ("排放的同根同源性，运用完全分解模型", None),
            ("FOOTNOTE", None),
            ("对源头减排、过程控制和末端治理进行分解，再以 LEAP 模型等方法开展情景模拟。", None),
        ],
        "footnote": "完全分解模型：把排放变化无余项地分解为各驱动因素贡献的方法。",
        "advice": "与会专家提出如下建议：",
        "bullets": [
            "项目路线图要体现时间节点，密切结合国家和自治区的相关政策；",
            "针对电力、钢铁等重点行业开展现场调研；",
            "分析减污降碳协同控制目标对环境质量的影响。",
        ],
        "steps": "下一步工作：",
        "numbered": ["完成排放清单与情景设计；", "提出呼包鄂区域协同控制优化路径。"],
        "p4": [("报告中浓度单位为 µg/m", None), ("3", "sup"), ("。", None)],
        "captions": ["图1 开题会线上截屏", "图2 研究技术路线"],
    },
    "en": {
        "title": "Kickoff of the study on joint pollution and carbon control in Inner Mongolia's industry",
        "subtitle": "Technical support for a greener energy and industrial structure in Inner Mongolia",
        "p1": [
            ("On the afternoon of 17 March 2022 the study ", None),
            (
                "Paths and policies for joint control of pollution and carbon in the industry "
                "of Inner Mongolia's key regions",
                "b",
            ),
            (
                ", supported by Energy Foundation China and carried out by the Chinese Research "
                "Academy of Environmental Sciences, was launched online before a panel of seven "
                "experts.",
                None,
            ),
        ],
        "p2": [
            (
                "The Hohhot–Baotou–Ordos city cluster is the region's economic core. During the ",
                None,
            ),
            ("13th Five-Year Plan", "i"),
            (" its energy and carbon intensity stayed high and PM", None),
            ("2.5", "sub"),
            (" improved little. Industrial energy use in the region:", None),
        ],
        "table": [
            ("Indicator", "Share"),
            ("Energy use of large industrial firms, share of the region's total", "96.1%"),
            ("Raw coal, share of total energy use", "82.1%"),
        ],
        "p3": [
            ("Building on the common sources of air pollutants and CO", None),
            ("2", "sub"),
            (", the team breaks emissions down with a complete decomposition model", None),
            ("FOOTNOTE", None),
            (" and simulates scenarios with LEAP and other tools.", None),
        ],
        "footnote": "A complete decomposition model splits a change in emissions among its "
        "drivers with no residual.",
        "advice": "The experts advised the team to:",
        "bullets": [
            "give the roadmap milestones tied to national and regional policy;",
            "visit firms in key sectors such as power and steel;",
            "assess how the joint control targets affect air quality.",
        ],
        "steps": "Next steps:",
        "numbered": ["complete the inventory and the scenarios;", "propose the optimal path."],
        "p4": [("Concentrations in the report are in µg/m", None), ("3", "sup"), (".", None)],
        "captions": ["Figure 1 The kickoff meeting online", "Figure 2 The research roadmap"],
    },
}


def screenshot_jpeg() -> bytes:
    """A picture in the manner of a meeting screenshot: a grid of video tiles."""
    image = Image.new("RGB", (640, 360), (34, 40, 49))
    draw = ImageDraw.Draw(image)
    colours = [(92, 128, 166), (120, 150, 110), (170, 130, 90), (140, 110, 160), (90, 150, 150),
               (160, 100, 100)]  # fmt: skip
    for i, colour in enumerate(colours):
        x, y = 20 + (i % 3) * 205, 20 + (i // 3) * 165
        draw.rectangle([x, y, x + 190, y + 150], fill=colour)
        draw.ellipse([x + 70, y + 30, x + 120, y + 80], fill=(235, 220, 200))
        draw.rectangle([x + 55, y + 85, x + 135, y + 150], fill=(50, 60, 75))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def roadmap_png() -> bytes:
    """A picture in the manner of a research roadmap: boxes joined by arrows."""
    image = Image.new("RGB", (640, 300), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for i in range(4):
        x = 20 + i * 155
        draw.rectangle([x, 110, x + 120, 190], outline=(31, 95, 139), width=4, fill=(226, 238, 246))
        if i < 3:
            draw.line([x + 124, 150, x + 150, 150], fill=(31, 95, 139), width=4)
            draw.polygon([(x + 150, 142), (x + 150, 158), (x + 158, 150)], fill=(31, 95, 139))
    out = io.BytesIO()
    image.convert("P", palette=Image.Palette.ADAPTIVE, colors=8).save(out, "PNG", optimize=True)
    return out.getvalue()


def footnotes_xml() -> str:
    """python-docx writes no footnotes: add the part with one note (id 1), as Word does."""
    xml = (
        f'<w:footnotes xmlns:w="{W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:footnote>"
        '<w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        '<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    return xml


def add_runs(paragraph, runs, footnote: str | None = None) -> None:
    for text, style in runs:
        if text == "FOOTNOTE":
            run = paragraph.add_run()
            run._r.append(parse_xml(f'<w:footnoteReference xmlns:w="{W}" w:id="1"/>'))
            run.font.superscript = True
            continue
        run = paragraph.add_run(text)
        run.bold = style == "b"
        run.italic = style == "i"
        run.font.subscript = style == "sub"
        run.font.superscript = style == "sup"


def facts_table(document, rows) -> None:
    table = document.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
        cells[0].paragraphs[0].runs[0].bold = True


def picture(document, data: bytes, caption: str) -> None:
    document.add_picture(io.BytesIO(data), width=Mm(120))
    document.add_paragraph(caption, style="Caption")


def finish(document, path: Path, footnote: str | None = None) -> None:
    if footnote:
        xml = footnotes_xml().replace("{text}", footnote)
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, xml.encode("utf-8"),
                    document.part.package)  # fmt: skip
        document.part.relate_to(part, RT.FOOTNOTES)
    props = document.core_properties
    props.author = props.last_modified_by = "reporter"
    props.created = props.modified = dt.datetime(2024, 1, 1)
    props.revision = 1
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)


def example(lang: str) -> Path:
    text = TEXT[lang]
    document = Document()
    facts_table(document, FACTS[lang])
    document.add_heading(text["title"], level=1)
    document.add_heading(text["subtitle"], level=2)
    add_runs(document.add_paragraph(), text["p1"])
    add_runs(document.add_paragraph(), text["p2"])
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for i, (left, right) in enumerate(text["table"]):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = left, right
        if i == 0:
            for cell in cells:
                cell.paragraphs[0].runs[0].bold = True
    add_runs(document.add_paragraph(), text["p3"])
    picture(document, screenshot_jpeg(), text["captions"][0])
    document.add_paragraph(text["advice"])
    for item in text["bullets"]:
        document.add_paragraph(item, style="List Bullet")
    document.add_paragraph(text["steps"])
    for item in text["numbered"]:
        document.add_paragraph(item, style="List Number")
    add_runs(document.add_paragraph(), text["p4"])
    picture(document, roadmap_png(), text["captions"][1])
    path = OUT / f"example-{lang}.docx"
    finish(document, path, text["footnote"])
    return path


def template() -> Path:
    document = Document()
    facts_table(document, TEMPLATE_FACTS)
    document.add_heading("标题：项目名称与会议（样式“标题 1”）", level=1)
    document.add_heading("副标题：一句话说明意义（样式“标题 2”；可删去）", level=2)
    for line in (
        "正文从这里开始。上面表格的每一行是一项记录信息：左列是字段名（中文或英文均可），"
        "右列填写内容；可以删去可选的行，但不要改动左列。英文版使用同样的表格、同样的记录编号和日期。",
        "正文可以使用加粗、斜体、项目符号和编号列表、表格、脚注，以及下标和上标（PM2.5 的 2.5 设为下标）。",
        "每张图片下面紧接一行图注，中文版写“图1 ……”，英文版写“Figure 1 …”。图片请用 PNG 或 JPEG 格式。",
    ):
        document.add_paragraph(line)
    picture(document, roadmap_png(), "图1 图注写在图片下面")
    path = OUT / "record-template.docx"
    finish(document, path)
    return path


def main() -> None:
    for path in (template(), example("zh"), example("en")):
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)", file=sys.stderr)


if __name__ == "__main__":
    main()
