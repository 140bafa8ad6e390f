"""Keyboard use: a visible focus ring on every control, results one Tab after a search, a Japanese skip link, figures."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from corpus_search import evaluate as ev

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from reiki import figures  # noqa: E402

PAGES = ["index.html", "policies/kanri-unyo-kitei.html", "docs/training/01-overview.html", "policies/shogai-manual.html"]
# The focused element: what it is, whether it shows a ring (outline or box shadow of 2px or more), and its box.
FOCUSED = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || /\\dpx \\dpx \\d*[2-9]px/.test(s.boxShadow);
  const r = e.getBoundingClientRect();
  return {name: e.tagName + '.' + String(e.className).split(' ')[0] + ' ' + (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 30),
          ring, body: e === document.body,
          seen: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight};
}"""


def no_ring(page: Page, limit: int = 400) -> list[str]:
    """Tab through the page from its start until the focus comes back round; the controls focused without a ring."""
    # where the focus lands, without waiting for the sidebars to slide or scroll smoothly
    page.add_style_tag(content="* { transition: none !important; scroll-behavior: auto !important; }")
    page.evaluate("document.activeElement.blur()")
    seen, bad = set(), []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now["body"] or (now["name"] in seen and now["name"].startswith("A.skip-to-content")):
            break
        seen.add(now["name"])
        if not now["ring"] or not now["seen"]:
            bad.append(now["name"])
    assert len(seen) > 5, seen
    return bad


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("rel", PAGES)
def test_every_control_shows_its_focus(browser: Browser, base: str, rel: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(base + rel)
    assert no_ring(page) == []
    context.close()


@pytest.mark.parametrize("rel", ["policies/kanri-unyo-kitei.html", "docs/training/01-overview.html"])
def test_on_a_narrow_screen_the_focused_control_is_on_screen(browser: Browser, base: str, rel: str) -> None:
    """Below furo's breakpoints the sidebars are off screen; a focused link in them brings its sidebar in."""
    context = browser.new_context(viewport={"width": 800, "height": 900})
    page = context.new_page()
    page.goto(base + rel)
    assert no_ring(page) == []
    context.close()


def test_search_results_show_their_focus(page: Page, base: str) -> None:
    ev.search(page, base, "pagefind", "停電", via="url")
    assert no_ring(page) == []


def test_the_check_finds_a_control_without_a_ring(page: Page, base: str) -> None:
    page.goto(base + "index.html")
    page.add_style_tag(content=".sidebar-search:focus-visible { outline: none !important; }")
    assert [name for name in no_ring(page) if name.startswith("INPUT.sidebar-search")]


@pytest.mark.parametrize("via", ["sidebar", "enter"])
def test_one_tab_after_a_search_reaches_the_first_result(page: Page, base: str, via: str) -> None:
    if via == "sidebar":
        ev.search(page, base, "pagefind", "操作者識別カード", via="sidebar")
    else:
        ev.search(page, base, "pagefind", "操作者識別カード")
        page.locator(".pagefind-ui__search-input").press("Enter")
    expect(page.locator(".pagefind-ui__message")).to_be_focused()
    page.keyboard.press("Tab")
    first = page.locator(".pagefind-ui__result-link").first
    expect(first).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "#a" in page.url


def test_skip_link_is_japanese_visible_and_goes_to_the_text(page: Page, base: str) -> None:
    page.goto(base + "policies/kanri-unyo-kitei.html")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-to-content")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("本文へ移動")
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.url.endswith("#furo-main-content")
    page.keyboard.press("Tab")  # the next stop is in the page's text, not the sidebar
    assert page.evaluate("!!document.activeElement.closest('#furo-main-content, .main')")


def test_flowchart_has_a_name_and_its_steps_as_text(page: Page, base: str) -> None:
    page.goto(base + "policies/shogai-manual.html")
    chart = page.locator("object.graphviz")
    assert chart.get_attribute("role") == "img"
    assert (chart.get_attribute("aria-label") or "").startswith("障害発生時の判断の流れ")
    text = page.locator("details.figure-text")
    text.locator("summary").click()
    steps = text.locator("li")
    source = Path(REPO, "policies", "shogai-manual.md").read_text(encoding="utf-8")
    dot = re.search(r"^digraph .*?^\}", source, re.S | re.M).group(0)  # type: ignore[union-attr]
    laid = json.loads(subprocess.run(["dot", "-Tjson"], input=dot, capture_output=True, text=True).stdout)
    assert steps.count() == len(laid["objects"]) > 10
    expect(steps.first).to_have_text("障害又は異常に気付く。次は2へ")
    expect(steps.nth(2)).to_have_text("不正アクセスの疑いがあるか。はいのときは4へ、いいえのときは7へ")
    expect(steps.last).to_contain_text("ここで終わる")


def test_steps_of_a_chart_and_a_broken_one() -> None:
    words = figures.WORDS["ja"]
    assert figures.steps('digraph { a [label="始め"]; b [label="終わり"]; a -> b [label="はい"]; }', words) == [
        "始め。はいのときは2へ",
        "終わり。ここで終わる",
    ]
    assert figures.steps('digraph { a [label="two\\nlines"]; }', figures.WORDS["en"]) == ["two lines. the end"]
    with pytest.raises(ValueError):
        figures.steps("digraph { a -> }", words)
