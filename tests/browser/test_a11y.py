"""Accessibility: axe-core (pinned in package.json) on every page type, no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from corpus_search import evaluate as ev

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "top": "index.html",
    "instrument": "policies/kanri-unyo-kitei.html",
    "article anchor": "policies/kanri-unyo-kitei.html#a7",
    "meeting": "docs/council/h28-1.html",
    "training module": "docs/training/01-overview.html",
    "glossary": "docs/reference/glossary.html",
    "flowchart": "policies/shogai-manual.html",
    "bibliography": "docs/reference/bibliography.html",
    "code examples": "docs/authoring/errors.html",
}


def serious(page: Page) -> list[str]:
    """The serious and critical axe violations on the open page, one line each."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run 'npm ci' (make setup)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("kind", list(PAGES))
def test_page_type_has_no_serious_violation(page: Page, base: str, site: Path, kind: str) -> None:
    if not (site / PAGES[kind].split("#")[0]).exists():
        pytest.skip(f"{PAGES[kind]} is not in this corpus")
    page.goto(base + PAGES[kind])
    assert serious(page) == []


def test_search_results_page_has_no_serious_violation(page: Page, base: str) -> None:
    ev.search(page, base, "pagefind", "操作者識別カード", via="url")
    assert serious(page) == []
