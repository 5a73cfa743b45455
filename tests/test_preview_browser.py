"""`reporter preview` in a real browser (Debian's chromium, headless) on 127.0.0.1: the page
shows the record, an edit reloads it with the change, a content error shows on the page
naming file and field, and fixing it brings the bulletin back. Screenshots: tests/artifacts/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_site_browser import ARTIFACTS

from reporter.bulletin.build import BulletinBuild
from reporter.cli import cli
from reporter.demo.feeds import load_demo
from reporter.preview import Preview, serve
from reporter.store import Store

ROOT = Path(__file__).resolve().parent.parent
WORD = ROOT / "content" / "word"
RECORD = "records/2022-03/inner-mongolia-industry-kickoff.md"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    work = tmp_path_factory.mktemp("preview")
    content = work / "content"
    shutil.copytree(ROOT / "content", content)
    for lang in ("zh", "en"):
        result = CliRunner().invoke(cli, ["content", "import", str(WORD / f"example-{lang}.docx"),
                                          "--content-dir", str(content)])  # fmt: skip
        assert result.exit_code == 0, result.output
    issue = content / "issues/2022-03.yaml"
    issue.write_text(issue.read_text() + "  - inner-mongolia-industry-kickoff\n", encoding="utf-8")
    store = Store(work / "data")
    load_demo(store, silent=True)
    build = BulletinBuild(store, "2022-03", content_dir=content, build_dir=work / "build")
    state = Preview(build, content)
    server = serve(state, port=0, interval=0.2)
    yield f"http://127.0.0.1:{server.server_address[1]}/", content, state
    server.shutdown()


@pytest.fixture(scope="module")
def page(browser):
    """A page of the session's one browser (site_serving.py)."""
    page = browser.new_page(viewport={"width": 900, "height": 1100})
    page.on("pageerror", lambda error: pytest.fail(f"script error: {error}"))
    yield page
    page.close()


def test_the_page_shows_the_record_and_reloads_on_an_edit(preview, page):
    url, content, _state = preview
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(url)
    record = page.locator("#record-inner-mongolia-industry-kickoff")
    assert "内蒙古自治区重点区域工业领域减污降碳协同控制路径" in record.inner_text()
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('figure.photo img'))"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )
    assert (
        page.locator("h1")
        .first.evaluate("h => getComputedStyle(h, '::before').content")
        .count("page break")
    )
    page.locator("h1", has_text="行业减污降碳").first.evaluate(
        "h => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 90)"
    )
    page.screenshot(path=str(ARTIFACTS / "preview-2022-03-zh.png"))
    record.screenshot(path=str(ARTIFACTS / "preview-imported-record-zh.png"))
    page.evaluate("() => { window.beforeEdit = true; }")
    path = content / RECORD
    path.write_text(path.read_text(encoding="utf-8").replace("七位专家", "八位专家"), "utf-8")
    page.wait_for_function("() => document.body.innerText.includes('八位专家')", timeout=60_000)
    assert page.evaluate("() => window.beforeEdit === undefined")  # the page itself reloaded


def test_a_content_error_shows_on_the_page_and_the_fix_brings_it_back(preview, page):
    url, content, state = preview
    page.goto(url)
    path = content / RECORD
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("stage: kickoff", "stage: launch"), encoding="utf-8")
    page.wait_for_selector(".preview-error", timeout=60_000)
    message = page.locator(".preview-error").inner_text()
    assert "inner-mongolia-industry-kickoff.md, field 'stage': unknown stage 'launch'" in message
    path.write_text(good, encoding="utf-8")
    page.wait_for_selector("#record-inner-mongolia-industry-kickoff", timeout=60_000)
    assert state.error is None


def test_the_english_page_and_no_inline_script(preview, page):
    url, _content, state = preview
    page.goto(url + "en/")
    captions = page.locator("#record-inner-mongolia-industry-kickoff figcaption").all_inner_texts()
    assert captions == ["The kickoff meeting online", "The research roadmap"]
    assert page.locator("script:not([src])").count() == 0
    assert "<script>" not in state.pages["en"]


def test_with_pdf_the_pdfs_are_rebuilt_on_a_change(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    store = Store(tmp_path / "data")
    load_demo(store, silent=True)
    out = tmp_path / "pdf"
    build = BulletinBuild(store, "2024-02", langs=("en",), content_dir=content, out_dir=out,
                          build_dir=tmp_path / "build")  # fmt: skip
    state = Preview(build, content, pdf=True)
    assert state.refresh() and state.error is None
    pdf = out / "bulletin-2024-02-en.pdf"
    first = pdf.stat().st_mtime_ns
    assert not state.refresh()  # nothing changed: nothing rebuilt
    record = next((content / "records/2024-02").glob("*.md"))
    record.write_text(record.read_text(encoding="utf-8") + "\nOne more sentence.\n", "utf-8")
    assert state.refresh() and state.error is None
    assert pdf.stat().st_mtime_ns > first
