"""axe-core (from npm, tests/js/) on one page of every page type in both languages: no
violation of serious or critical impact. Chart internals are reported like everything else."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_serving import PREFIX
from test_site_build import build_demo_site

AXE = Path(__file__).resolve().parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
# One page of every page type (the demo site has the 2025 annual report built beside it).
KINDS = (
    "",
    "archive/",
    "finder/",
    "bulletins/2024-01/",
    "cities/",
    "cities/540400/",
    "annual/2025/",
    "methods/",
    "about/",
)


pytestmark = pytest.mark.slow


def _pages(out: Path) -> list[str]:
    """Each page type in zh and en, and the 404 page: every one must have been built."""
    pages = [f"{lang}{kind}index.html" for lang in ("", "en/") for kind in KINDS] + ["404.html"]
    missing = [rel for rel in pages if not (out / rel).is_file()]
    assert not missing, f"not built: {missing}"
    return pages


def _serious(page) -> list[dict]:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # the page's CSP is bypassed in this context
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_no_serious_axe_violation(served, browser, tmp_path_factory):
    assert AXE.exists(), f"{AXE} is missing: run make setup (npm ci in tests/js)"
    out = build_demo_site(tmp_path_factory.getbasetemp()).out
    pages = _pages(out)
    assert len(pages) == 2 * len(KINDS) + 1, pages
    context = browser.new_context(bypass_csp=True)
    found = []
    try:
        page = context.new_page()
        for rel in pages:
            page.goto(served + rel)
            page.wait_for_load_state("networkidle")
            for v in _serious(page):
                targets = [" ".join(map(str, n["target"])) for n in v["nodes"]]
                found.append(
                    f"{PREFIX}{rel}: {v['id']} ({v['impact']}) x{len(targets)}: {targets[:5]}"
                )
    finally:
        context.close()
    assert not found, "axe violations:\n" + "\n".join(found)
