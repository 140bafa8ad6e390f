"""The shared site navigation (corpus_nav): one tree for the whole site, filled into each page's sidebar."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser

NESTED = "docs/training/03-mynumber.html"


def test_pages_carry_a_placeholder_not_the_tree(site: Path) -> None:
    tree = (site / "_static" / "site-nav.js").read_text(encoding="utf-8")
    pages = [p for p in site.rglob("*.html") if "_static" not in p.parts and "pagefind" not in p.parts]
    linked = set(re.findall(r'href=\\"([^"\\#]+\.html)', tree))
    assert {"policies/kanri-unyo-kitei.html", NESTED, "docs/reference/glossary.html"} <= linked
    assert all((site / href).exists() for href in linked), "the tree links a page that does not exist"
    for p in pages:
        html = p.read_text(encoding="utf-8")
        if 'class="sidebar-tree"' not in html:
            continue
        sidebar = html[html.index('class="sidebar-tree"') : html.index("</div>", html.index('class="sidebar-tree"'))]
        assert 'id="site-nav"' in sidebar and "toctree-l1" not in sidebar, p  # the tree itself is not in the page


def test_tree_is_filled_in_and_marks_the_current_page(browser: Browser, base: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + NESTED)
    nav = page.locator("#site-nav")
    assert nav.locator("a").count() > 40
    current = nav.locator("a[aria-current=page]")
    assert current.count() == 1
    assert current.inner_text() == page.locator("h1").first.inner_text().strip()
    assert nav.locator("li.current-page").count() == 1
    # the ancestors are open: the checkbox of the training course is ticked
    assert nav.locator("li.current > input.toctree-checkbox:checked").count() >= 1
    # links are rewritten for this page's depth and lead to the right page
    with page.expect_navigation():  # wait for the new page, not the old one's load state
        nav.get_by_role("link", name=re.compile("管理及び運用に関する規程$")).first.click()
    assert page.url.endswith("/policies/kanri-unyo-kitei.html")
    assert page.locator("#site-nav a[aria-current=page]").count() == 1
    assert errors == []
    page.close()


def test_without_javascript_the_sidebar_links_the_contents(browser: Browser, base: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + NESTED)
    fallback = page.locator("#site-nav .site-nav-fallback a")
    assert fallback.inner_text() == "全ての頁の一覧（目次）"
    with page.expect_navigation():  # wait for the new page, not the old one's load state
        fallback.click()
    assert re.search(r"/(index\.html)?$", page.url), page.url
    assert page.locator("article a[href='policies/kanri-unyo-kitei.html']").count() >= 1
    context.close()
