"""The language switch: every page links to the same page in the other language, both built side by side."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from corpus_search import evaluate as ev


@pytest.fixture(scope="module")
def both(site: Path, site_en: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Japanese site under /ja/ and the English one under /en/, served together (the layout of make site)."""
    root = tmp_path_factory.mktemp("both")
    shutil.copytree(site, root / "ja")
    shutil.copytree(site_en, root / "en")
    with ev.serve(root) as url:
        yield url


def test_switch_to_english_and_back_on_an_article_page(browser: Browser, both: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(both + "ja/policies/kanri-unyo-kitei.html#a7")
    assert page.locator("#a7 .reiki-label").first.inner_text() == "第7条"
    with page.expect_navigation():  # wait for the new page, not the old one's load state
        page.get_by_role("link", name="English").click()
    assert page.url.endswith("/en/policies/kanri-unyo-kitei.html")
    assert page.locator("#a7 .reiki-label").first.inner_text() == "Article 7"
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():  # wait for the new page, not the old one's load state
        page.get_by_role("link", name="日本語").click()
    assert page.url.endswith("/ja/policies/kanri-unyo-kitei.html")
    context.close()
