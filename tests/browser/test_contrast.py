"""Colour contrast (WCAG AA, axe-core's color-contrast rule) on every page, light and dark, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from corpus_search import evaluate as ev

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SKIP_DIRS = {"_static", "_sources", "_images", "pagefind"}
# states that colour more than a page at rest: a linked article, a paragraph, search results with highlights
EXTRA = ["policies/kanri-unyo-kitei.html#a7", "policies/kanri-unyo-kitei.html#a7-p2", "search.html?q={q}"]
QUERY = {"ja": "操作者識別カード", "en": "operator identification card"}


def pages(site: Path) -> list[str]:
    """Every page of a built site (relative), and the extra states."""
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return [p for p in found if not SKIP_DIRS.intersection(p.split("/")[:-1])] + EXTRA


def contrast_failures(page: Page) -> list[str]:
    """axe-core's color-contrast violations on the open page, one line each."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run 'npm ci' (make setup)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {runOnly: ['color-contrast'], resultTypes: ['violations']})")
    return [f"{n['target']}: {n['any'][0]['message'][:160]}" for v in result["violations"] for n in v["nodes"]]


def open_page(page: Page, base: str, rel: str, lang: str) -> None:
    """Open rel; for the search page, wait until the results are on screen."""
    page.goto(base + rel.format(q=QUERY[lang]))
    if "?q=" in rel:
        page.wait_for_function(ev.PAGEFIND_DONE, arg=[QUERY[lang], ev.TOP])
    page.evaluate("async () => { await document.fonts.ready; }")


def check_site(browser: Browser, site: Path, scheme: str, lang: str) -> dict[str, list[str]]:
    """The contrast failures of every page of site in a colour scheme, by page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    failures = {}
    with ev.serve(site) as base:
        for rel in pages(site):
            open_page(page, base, rel, lang)
            found = contrast_failures(page)
            if found:
                failures[rel] = found[:3]
    context.close()
    return failures


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_japanese_page_has_aa_contrast(browser: Browser, site: Path, scheme: str) -> None:
    assert len(pages(site)) > 40
    assert check_site(browser, site, scheme, "ja") == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_english_page_has_aa_contrast(browser: Browser, site_en: Path, scheme: str) -> None:
    assert check_site(browser, site_en, scheme, "en") == {}


def test_dark_scheme_follows_the_os(browser: Browser, base: str) -> None:
    """With no choice made on the theme button, the OS setting decides: furo's dark colours, and ours."""
    for scheme, dark in (("light", False), ("dark", True)):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(base + "policies/kanri-unyo-kitei.html#a7")
        colour = page.evaluate("getComputedStyle(document.querySelector('#a7')).backgroundColor")
        text = page.evaluate("getComputedStyle(document.body).color")
        assert (colour == "rgb(51, 42, 0)") is dark, colour
        assert (text != "rgb(0, 0, 0)") is dark, text
        context.close()


def test_the_check_finds_a_planted_low_contrast_colour(browser: Browser, base: str) -> None:
    """The light highlight kept in the dark scheme (the colours before this check) is reported."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    open_page(page, base, "policies/kanri-unyo-kitei.html#a7", "ja")
    assert contrast_failures(page) == []
    page.add_style_tag(content="body { --reiki-target-bg: #fff3bf !important; }")
    found = contrast_failures(page)
    assert any("background color: #fff3bf" in line for line in found), found
    context.close()
