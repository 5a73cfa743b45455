"""Skeletons of content files, every field explained, named and placed as content/README.md says.

Each skeleton validates as written (placeholder texts in both languages), so an editor can
build a draft at once and replace the words one by one.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .content import model
from .errors import InputError, ReporterError
from .paths import ISSUES_FOLDER

RECORD = """\
---
id: {id}                      # lower-case letters, digits and -; unique; the file name
date: {date}                  # YYYY-MM-DD, inside the month of the folder
stage: kickoff                # kickoff 开题 | mid-term 中期 | final 结题 | release 发布 | other 其他
theme: {theme}                # a section id from content/themes.yaml: {themes}
title:                        # the heading of the record
  zh: 项目名称会议召开
  en: Kickoff of the project
subtitle:                     # optional: the line after the dash in the heading
  zh: 一句话说明意义
  en: What it is for, in one line
grantee:                      # optional: who carries out the project
  zh: 承担单位
  en: Grantee
partners:                     # optional: one {{zh, en}} per partner
  - {{zh: 合作单位, en: Partner}}
location:                     # optional
  zh: 会议地点
  en: Venue
# project: G-2024-0001        # optional: the related project id
# images:                     # optional: files under content/images/ (PNG, JPEG or SVG)
#   - file: {id}-1.jpg
#     caption: {{zh: 图注（不写“图1”，编号自动生成）, en: Caption (no "Figure 1": numbered in print)}}
---
::: zh
中文正文（Markdown）。PM<sub>2.5</sub> 和 µg/m<sup>3</sup> 用 <sub>/<sup> 书写。

::: en
English text (Markdown). Write PM<sub>2.5</sub> and µg/m<sup>3</sup> with <sub>/<sup>.
"""

NEWS = """\
id: {id}                      # lower-case letters, digits and -; unique; the file name
date: {date}                  # YYYY-MM-DD, inside the month of the folder
source:                       # who published it
  zh: 发布机构
  en: Publisher
title:
  zh: 政策标题
  en: Title of the policy
text:                         # Markdown; a few sentences each
  zh: 政策要点。
  en: What it says.
# url: https://…              # optional: where to read it
"""

ISSUE = """\
number: {number}              # the running number, 总第N期; unique
period: {period}              # YYYY-MM, the same as the file name
demo: false                   # true prints "demo content" on the cover and in the credits
editors:                      # one {{zh, en}} per person
  - {{zh: 编辑姓名, en: Editor Name}}
reviewers:
  - {{zh: 审核姓名, en: Reviewer Name}}
# foreword: {{zh: 本期导读……, en: This issue…}}  # optional
# records: [id, …]            # optional; default: every record dated in the period
# news: [id, …]               # optional; default: every news item dated in the period
"""


def _month(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise ReporterError(f"{text!r} is not a month (use YYYY-MM)") from None


def _ident(text: str) -> str:
    if not model._ID.fullmatch(text):
        raise ReporterError(f"{text!r} is not an id (use lower-case letters, digits and -)")
    return text


def _write_new(path: Path, text: str) -> Path:
    if path.exists():
        raise InputError(model.display(path), "already exists", hint="choose another id")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def new_record(root: Path, ident: str, month: str, theme: str | None = None) -> Path:
    problems: list[InputError] = []
    themes = model._read_themes(root, problems)
    if problems:
        raise model.ContentError(problems)
    ids = [t.id for t in themes]
    if theme is not None and theme not in ids:
        raise ReporterError(f"unknown theme {theme!r} (use one of {', '.join(ids)})")
    first = _month(month)
    text = RECORD.format(id=_ident(ident), date=first.isoformat(), theme=theme or ids[0],
                         themes=", ".join(ids))  # fmt: skip
    return _write_new(root / "records" / f"{first:%Y-%m}" / f"{ident}.md", text)


def new_news(root: Path, ident: str, month: str) -> Path:
    first = _month(month)
    text = NEWS.format(id=_ident(ident), date=first.isoformat())
    return _write_new(root / "news" / f"{first:%Y-%m}" / f"{ident}.yaml", text)


def new_issue(root: Path, month: str) -> Path:
    first = _month(month)
    numbers = []
    for path in (root / ISSUES_FOLDER).glob("*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("number:") and line.split(":")[1].split("#")[0].strip().isdigit():
                numbers.append(int(line.split(":")[1].split("#")[0]))
    text = ISSUE.format(number=max(numbers, default=0) + 1, period=f"{first:%Y-%m}")
    return _write_new(root / ISSUES_FOLDER / f"{first:%Y-%m}.yaml", text)
