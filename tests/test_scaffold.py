"""`reporter new`: skeletons that validate as written, named by the content conventions."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from reporter.cli import cli
from reporter.content.model import RECORD_FIELDS, load_content


def new(*args: str):
    return CliRunner().invoke(cli, ["new", *args])


def test_a_new_month_of_skeletons_validates(content_copy):
    content = content_copy
    for args in (["issue", "2024-03"], ["record", "solar-kickoff", "--month", "2024-03",
                 "--theme", "planning"], ["news", "mee-new-rule", "--month", "2024-03"]):  # fmt: skip
        result = new(*args, "--content-dir", str(content))
        assert result.exit_code == 0, result.output
    loaded = load_content(content)
    issue = loaded.issue("2024-03")
    assert issue.number == 37  # after the highest so far: 36 (2024-02)
    assert [r.id for r in issue.records] == ["solar-kickoff"]
    assert [n.id for n in issue.news] == ["mee-new-rule"]
    record = loaded.records["solar-kickoff"]
    assert record.theme == "planning" and str(record.date) == "2024-03-01"
    assert record.path == content / "records/2024-03/solar-kickoff.md"
    assert (content / "news/2024-03/mee-new-rule.yaml").is_file()


def test_every_record_field_is_explained(content_copy):
    content = content_copy
    new("record", "x-kickoff", "--month", "2024-03", "--content-dir", str(content))
    text = (content / "records/2024-03/x-kickoff.md").read_text(encoding="utf-8")
    for name in RECORD_FIELDS:
        line = next(line for line in text.splitlines() if line.lstrip("# ").startswith(f"{name}:"))
        assert "#" in line.split(":", 1)[1] or name == "images", name
    assert "::: zh" in text and "::: en" in text


def test_an_existing_file_is_never_overwritten(content_copy):
    content = content_copy
    result = new("issue", "2024-01", "--content-dir", str(content))
    assert result.exit_code == 1 and "issues/2024-01.yaml: already exists" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["record", "Bad_Id", "--month", "2024-03"], "'Bad_Id' is not an id"),
        (["record", "ok", "--month", "2024-3x"], "'2024-3x' is not a month"),
        (["record", "ok", "--month", "2024-03", "--theme", "sport"], "unknown theme 'sport'"),
    ],
)
def test_bad_arguments_are_one_line(content_copy, args, message):
    content = content_copy
    result = new(*args, "--content-dir", str(content))
    assert result.exit_code == 1 and message in result.output
