"""The language switch and the languages of the pages: same page and place in the other language, in both layouts."""

from __future__ import annotations

import contextlib
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from corpus_search import evaluate as ev

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from reiki.i18n import mark_japanese  # noqa: E402

JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u9fff]")
SKIP_DIRS = {"_static", "_sources", "_images", "pagefind"}
# The layouts: make site (site/ja, site/en) and the build folders side by side (_build/html, _build/html-en).
LAYOUTS = {"site": ("ja", "en"), "build": ("html", "html-en")}
# Text nodes with Japanese whose nearest lang="…" is not ja (scripts and styles are not text of the page).
UNTAGGED = """() => {
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const bad = [];
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (!/[\\u3040-\\u30ff\\u3400-\\u9fff]/.test(n.data) || el.closest('script, style, svg')) continue;
    if (el.closest('[lang]').getAttribute('lang') !== 'ja') bad.push(n.data.trim().slice(0, 40));
  }
  return bad;
}"""


@pytest.fixture(scope="module")
def layouts(site: Path, site_en: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both editions in both layouts: root/site/{ja,en} and root/build/{html,html-en}."""
    root = tmp_path_factory.mktemp("layouts")
    for layout, (ja, en) in LAYOUTS.items():
        shutil.copytree(site, root / layout / ja)
        shutil.copytree(site_en, root / layout / en)
    return root


@pytest.fixture(scope="module")
def served(layouts: Path) -> Iterator[str]:
    """The layouts over HTTP."""
    with ev.serve(layouts) as url:
        yield url


def pages(site: Path) -> list[str]:
    """Every page of a built site, relative."""
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return [p for p in found if not SKIP_DIRS.intersection(p.split("/")[:-1])]


def _switch(page: Page, name: str) -> None:
    """Follow the language link called name and wait for the new page."""
    with page.expect_navigation():  # wait for the new page, not the old one's load state
        page.get_by_role("link", name=name, exact=True).click()


@pytest.mark.parametrize("where", ["http", "file"])
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_switch_keeps_the_article_both_ways(browser: Browser, layouts: Path, served: str, layout: str, where: str) -> None:
    ja, en = LAYOUTS[layout]
    base = served if where == "http" else layouts.resolve().as_uri() + "/"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}{layout}/{ja}/policies/kanri-unyo-kitei.html#a19")
    expect(page.locator("#a19 .reiki-label").first).to_have_text("第19条")
    _switch(page, "English")
    assert page.url == f"{base}{layout}/{en}/policies/kanri-unyo-kitei.html#a19"
    expect(page.locator("#a19 .reiki-label").first).to_have_text("Article 19")
    expect(page.locator("#a19")).to_be_in_viewport()
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(f"{base}{layout}/{en}/policies/kanri-unyo-kitei.html#a7-p2")  # a paragraph, reached by its link
    _switch(page, "日本語")
    assert page.url == f"{base}{layout}/{ja}/policies/kanri-unyo-kitei.html#a7-p2"
    expect(page.locator("#a7-p2")).to_be_in_viewport()
    context.close()


def test_switch_follows_the_place_reached_inside_the_page(page: Page, served: str) -> None:
    page.goto(f"{served}site/ja/policies/kanri-unyo-kitei.html")
    page.locator("#a7 a.reiki-label").first.click()  # the reader follows the article's own link
    _switch(page, "English")
    assert page.url.endswith("/site/en/policies/kanri-unyo-kitei.html#a7")


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_top_page_switches_to_the_top_page(page: Page, served: str, layout: str) -> None:
    ja, en = LAYOUTS[layout]
    for start in (f"{layout}/{ja}/index.html", f"{layout}/{ja}/"):
        page.goto(served + start)
        link = page.locator("a.language-other")
        assert "#" not in (link.get_attribute("href") or ""), link.get_attribute("href")
        _switch(page, "English")
        assert urlsplit(page.url).path.rstrip("/").removesuffix("/index.html").endswith(f"/{layout}/{en}")
        expect(page.locator("h1").first).to_be_visible()


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_page_links_to_itself_in_the_other_language(browser: Browser, layouts: Path, site: Path, layout: str) -> None:
    """From every page of each edition (opened from its folder), the switch points at an existing page of the same name."""
    context = browser.new_context()
    page = context.new_page()
    wrong = []
    for here, there in (LAYOUTS[layout], LAYOUTS[layout][::-1]):
        root = layouts / layout / here
        for rel in pages(root):
            page.goto((root / rel).resolve().as_uri() + "#x")
            href = page.locator("a.language-other").get_attribute("href") or ""
            target = Path(unquote(urlsplit(href).path))
            expected = (layouts / layout / there / rel).resolve()
            if target != expected or not target.exists() or not href.endswith("#x"):
                wrong.append((f"{here}/{rel}", href))
    context.close()
    assert len(pages(site)) > 40
    assert wrong == []


def test_english_pages_have_english_titles(site_en: Path) -> None:
    japanese = []
    for rel in pages(site_en):
        html = (site_en / rel).read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        if title and JAPANESE.search(title.group(1)):
            japanese.append((rel, title.group(1)))
    assert japanese == []


def test_japanese_text_on_english_pages_is_tagged(browser: Browser, site_en: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    untagged = {}
    for rel in pages(site_en):
        page.goto((site_en / rel).resolve().as_uri())
        found = page.evaluate(UNTAGGED)
        if found:
            untagged[rel] = found[:3]
    # the check itself: Japanese text added without lang="ja" is found
    page.evaluate("document.querySelector('article').insertAdjacentHTML('beforeend', '<p>未確認の段落</p>')")
    planted = page.evaluate(UNTAGGED)
    context.close()
    assert untagged == {}
    assert "未確認の段落" in planted


def test_mark_japanese_wraps_runs_and_leaves_markup() -> None:
    html = '<p>The Juki-net (住基ネット), 平成28年9月の停電。<a title="日本">端末</a></p><script>"日本"</script>'
    assert mark_japanese(html) == (
        '<p>The Juki-net (<span lang="ja">住基ネット</span>), <span lang="ja">平成28年9月の停電。</span>'
        '<a title="日本"><span lang="ja">端末</span></a></p><script>"日本"</script>'
    )


@pytest.mark.parametrize(
    ("edition", "words"),
    [
        ("ja", ["本文へ移動", "この頁の目次", "次へ", "前へ"]),
        ("en", ["Skip to content", "On this page", "Next", "Previous"]),
    ],
)
def test_interface_words_are_in_the_page_language(page: Page, served: str, edition: str, words: list[str]) -> None:
    page.goto(f"{served}site/{edition}/docs/training/03-mynumber.html")
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle")
    for word in words:
        assert page.get_by_text(word, exact=True).count() >= 1, word
    assert "Skip to content" not in page.content() or edition == "en"
