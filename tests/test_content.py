"""The content model: the demo content loads, and every kind of mistake is reported at once,
one line per problem, naming the file and the field."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter.commands.monthly import monthly
from reporter.config import PROJECT_ROOT
from reporter.content.model import ContentError, load_content

CONTENT = PROJECT_ROOT / "content"
RECORD = Path("records/2024-01/hainan-zero-waste-kickoff.md")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the demo content to break."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def edit(root: Path, relative: Path | str, old: str, new: str) -> Path:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(root)
    return [p.message for p in caught.value.problems]


def test_demo_content_loads_with_both_demo_months():
    content = load_content(CONTENT)
    for period in ("2024-01", "2024-02"):
        issue = content.issue(period)
        assert issue.records and issue.news and issue.demo
        assert all(r.date.strftime("%Y-%m") == period for r in issue.records)
        for record in issue.records:
            assert record.body.zh and record.body.en and record.title.zh and record.title.en
    january = content.issue("2024-01")
    assert [t.id for t, _ in january.themes(content.themes)] == ["health", "industry"]
    assert content.issue("2022-03").number == 22


def test_missing_translation_names_file_and_field(content):
    path = edit(content, RECORD, "::: en\n", "")
    edit(content, RECORD, "  en: Supporting better environmental governance in Hainan\n", "")
    found = problems(content)
    assert f"{path}, field 'body.en': missing English text (add a '::: en' section)" in found
    assert any(p.startswith(f"{path}, field 'subtitle.en': missing English text") for p in found)


def test_missing_image(content):
    path = edit(content, RECORD, "file: hainan-components.svg", "file: hainan-photo.png")
    [problem] = problems(content)
    assert problem.startswith(f"{path}, field 'images[1].file': image hainan-photo.png not found")


def test_unknown_theme(content):
    path = edit(content, RECORD, "theme: industry", "theme: industy")
    [problem] = problems(content)
    assert problem == (
        f"{path}, field 'theme': unknown theme 'industy' "
        "(use one of health, industry, institutions, planning)"
    )


def test_date_outside_the_period_of_its_folder(content):
    path = edit(content, RECORD, "date: 2024-01-17", "date: 2024-02-17")
    [problem] = problems(content)
    assert problem == (
        f"{path}, field 'date': 2024-02-17 is outside the period 2024-01 "
        "(move the file to records/2024-02/)"
    )


def test_issue_listing_a_record_from_another_month(content):
    path = content / "issues" / "2024-02.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "records: [linfen-coordination]\n", "utf-8")
    [problem] = problems(content)
    assert problem == (
        f"{path}, field 'records': linfen-coordination is dated 2024-01-15, "
        "outside the period 2024-02"
    )


def test_broken_yaml_names_the_line(content):
    path = edit(content, RECORD, "stage: kickoff", "stage: [kickoff")
    [problem] = problems(content)
    assert problem.startswith(f"{path}: broken YAML, line ")


def test_every_problem_is_listed_at_once(content):
    edit(content, RECORD, "theme: industry", "theme: nowhere")
    edit(content, "records/2024-02/beijing-synergy-kickoff.md", "::: zh\n", "")
    edit(
        content,
        "news/2024-01/mee-integrated-inventory-guideline.yaml",
        "date: 2024-01-30",
        "date: 2024-03-01",
    )
    edit(content, "issues/2024-02.yaml", "number: 36", "number: 35")
    with pytest.raises(ContentError) as caught:
        load_content(content)
    lines = str(caught.value.message).splitlines()
    assert lines[0] == "4 problems in the content:"
    assert len(lines) == 5
    for fragment in ("field 'theme'", "field 'body.zh'", "field 'date'", "field 'number'"):
        assert sum(fragment in line for line in lines) == 1, fragment
    assert all(re.match(r"  \S+\.(md|yaml), field '", line) for line in lines[1:])


def test_cli_stops_with_one_line_and_no_traceback(content, tmp_path):
    path = edit(content, RECORD, "theme: industry", "theme: industy")
    result = CliRunner().invoke(
        monthly,
        ["2024-01", "--content-dir", str(content), "--data-dir", str(tmp_path / "d"), "-q"],
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [
        f"Error: {path}, field 'theme': unknown theme 'industy' "
        "(use one of health, industry, institutions, planning)"
    ]


def test_cli_month_without_an_issue_file(tmp_path):
    result = CliRunner().invoke(monthly, ["2023-05", "--data-dir", str(tmp_path / "d"), "-q"])
    assert result.exit_code == 1
    assert "no issue file for 2023-05" in result.output and "issues/2023-05.yaml" in result.output


def test_cli_refuses_an_unknown_language(tmp_path):
    result = CliRunner().invoke(
        monthly, ["2024-01", "--lang", "zh,fr", "--data-dir", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "fr (use zh, en, comma-separated)" in result.output
