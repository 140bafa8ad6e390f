"""The site search in Chromium: the staff query set, the sidebar box, width folding, deep links, offline indexing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from corpus_search import evaluate as ev

REPO = Path(__file__).resolve().parents[2]


def test_query_set_recall_at_5_is_complete(browser: Browser, site: Path) -> None:
    queries = ev.load_queries()
    assert len(queries) >= 40
    report = ev.run(browser, site, "pagefind", queries)
    misses = [(o.query.q, o.missed, [r["url"] for r in o.results]) for o in report.outcomes if o.missed]
    assert not misses, misses
    assert report.recall() == 1.0


def test_sidebar_box_finds_the_article_with_a_snippet(page: Page, base: str) -> None:
    results, _ = ev.search(page, base, "pagefind", "操作者識別カード", via="sidebar")
    assert "search.html?q=" in page.url
    assert f"{base}policies/kanri-unyo-kitei.html#a19" in [r["url"] for r in results]
    hit = page.locator(".pagefind-ui__result").filter(has=page.locator('a[href$="kanri-unyo-kitei.html#a19"]'))
    expect(hit.locator(".pagefind-ui__result-title")).to_have_text("管理運用規程第19条（操作者識別カードの管理）")
    expect(hit.locator(".pagefind-ui__result-excerpt mark").first).to_have_text("操作者識別カード")
    expect(hit).to_contain_text("長崎市住民基本台帳ネットワークシステムに係る管理及び運用に関する規程")


@pytest.mark.parametrize(("full", "half"), [("第７条 緊急時対応計画", "第7条 緊急時対応計画"), ("ﾊﾟｽﾜｰﾄﾞ", "パスワード")])
def test_full_and_half_width_queries_find_the_same(page: Page, base: str, full: str, half: str) -> None:
    wide, _ = ev.search(page, base, "pagefind", full)
    narrow, _ = ev.search(page, base, "pagefind", half)
    assert [r["url"] for r in wide] == [r["url"] for r in narrow]
    assert wide


def test_search_result_opens_the_article_in_view(page: Page, base: str) -> None:
    ev.search(page, base, "pagefind", "緊急時対応班")
    page.locator(".pagefind-ui__result-link").first.click()
    page.wait_for_url("**/policies/kinkyuji-keikaku.html#a9")
    expect(page.locator("#a9")).to_be_in_viewport()


def test_article_permalink_scrolls_to_the_article(page: Page, base: str) -> None:
    page.goto(f"{base}policies/kanri-unyo-kitei.html#a19")
    article = page.locator("#a19")
    expect(article).to_be_in_viewport()
    expect(article.locator(".reiki-caption")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 1000


def test_search_works_when_the_site_is_served_below_a_folder(page: Page, site: Path) -> None:
    with ev.serve(site.parent) as root:
        base = f"{root}{site.name}/"
        results, _ = ev.search(page, base, "pagefind", "脅威度", via="url")
        assert f"{base}policies/kinkyuji-keikaku.html#a3" in [r["url"] for r in results]


def test_index_builds_offline_with_the_plain_binary(tmp_path: Path, site: Path) -> None:
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare -n is not permitted here")
    copy = tmp_path / "html"
    shutil.copytree(site, copy)
    run = subprocess.run(
        ["unshare", "-n", sys.executable, str(REPO / "tools" / "search_index.py"), str(copy)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert (copy / "pagefind" / "pagefind-ui.js").exists()


def test_extended_binary_is_the_extended_one(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "tools"))
    import search_index

    page = tmp_path / "index.html"
    page.write_text('<html lang="ja"><body><main><h1>操作者識別カード</h1></main></body></html>', encoding="utf-8")
    log = search_index.build(tmp_path, "extended", "raw")
    assert "(Extended)" in log


def test_parallel_staging_gives_the_same_records(tmp_path: Path, site: Path) -> None:
    sys.path.insert(0, str(REPO / "tools"))
    import search_index

    one, three = tmp_path / "one", tmp_path / "three"
    assert search_index.stage(site, one, jobs=1) == search_index.stage(site, three, jobs=3) > 100
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(three) for p in three.rglob("*") if p.is_file())
    assert all((one / f).read_bytes() == (three / f).read_bytes() for f in files)
    record = (one / "policies" / "kanri-unyo-kitei.html#a7").read_text(encoding="utf-8")
    assert "緊急 時" in record or "緊急時" in record  # the article's own record, split into words


def test_index_words_are_the_browsers_words(tmp_path: Path, site: Path, page: Page) -> None:
    """The staging splits text with ICU (icu4py); Chromium splits queries with Intl.Segmenter: the words must agree."""
    sys.path.insert(0, str(REPO / "tools"))
    import search_index

    texts: list[str] = []
    split = search_index.split_words

    def keep(batch: list[str]) -> list[str]:
        texts.extend(batch)
        return split(batch)

    search_index.split_words = keep
    try:
        search_index.stage(site, tmp_path / "records", jobs=1)
    finally:
        search_index.split_words = split
    assert len(texts) > 1000
    browser_words = page.evaluate(
        """texts => { const s = new Intl.Segmenter("ja", {granularity: "word"});
        return texts.map(t => Array.from(s.segment(t), x => x.segment).join(" ").replace(/\\s+/g, " ")); }""",
        texts,
    )
    differ = [(t, a, b) for t, a, b in zip(texts, split(texts), browser_words, strict=True) if a != b]
    assert not differ, differ[:5]
