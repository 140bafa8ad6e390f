"""Search from a folder (file://) as over HTTP: the index as plain scripts, and a message when search cannot run."""

from __future__ import annotations

import contextlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from corpus_search import evaluate as ev

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
import search_offline  # noqa: E402

UNAVAILABLE = "この場所では検索を実行できない。"


def test_query_set_recall_at_5_from_a_folder(browser: Browser, site: Path) -> None:
    """The whole staff query set, the site opened from its folder (file://): the same recall as over HTTP."""
    report = ev.run(browser, site, "pagefind", ev.load_queries(), local=True)
    misses = [(o.query.q, o.missed, [r["url"] for r in o.results]) for o in report.outcomes if o.missed]
    assert not misses, misses
    assert report.recall() == 1.0


def _requests(page: Page) -> list[str]:
    """Record the URL of every request the page makes."""
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    return urls


@pytest.mark.parametrize("where", ["file", "http"])
def test_search_uses_the_plain_scripts_and_finds_the_article(page: Page, site: Path, base: str, where: str) -> None:
    root = site.resolve().as_uri() + "/" if where == "file" else base
    urls = _requests(page)
    results, _ = ev.search(page, root, "pagefind", "緊急時対応班", via="url")
    assert f"{root}policies/kinkyuji-keikaku.html#a9" in [r["url"] for r in results]
    expect(page.locator("#corpus-search-unavailable")).to_be_hidden()
    assert any(u.endswith("/pagefind/classic/pagefind.js") for u in urls)
    # neither the module, nor the worker, nor a binary index file: only scripts
    assert not [u for u in urls if u.endswith(("/pagefind/pagefind.js", "pagefind-worker.js", ".pf_fragment"))]
    page.locator(".pagefind-ui__result-link").first.click()
    expect(page.locator("h1").first).to_be_visible()


@pytest.fixture(scope="module")
def broken(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Two copies of the site: one without its search index (pagefind/), one without the index's data scripts."""
    root = tmp_path_factory.mktemp("broken")
    shutil.copytree(site, root / "no-index", ignore=shutil.ignore_patterns("pagefind"))
    shutil.copytree(site, root / "no-data")
    for sub in ("fragment", "index"):
        shutil.rmtree(root / "no-data" / "pagefind" / "classic" / sub)
    yield root


@pytest.mark.parametrize("where", ["file", "http"])
@pytest.mark.parametrize("case", ["no-index", "no-data"])
def test_message_when_search_cannot_run(page: Page, broken: Path, where: str, case: str) -> None:
    with ev.serve(broken) if where == "http" else contextlib.nullcontext(broken.resolve().as_uri() + "/") as url:
        page.goto(f"{url}{case}/search.html?q=操作者識別カード")
        note = page.locator("#corpus-search-unavailable")
        expect(note).to_be_visible(timeout=5000)  # long before the watchdog's 10 s: the loader reports the failure
        expect(note).to_contain_text(UNAVAILABLE)
        expect(note).to_have_attribute("role", "alert")
        expect(page.locator(".pagefind-ui__message")).to_be_hidden()


def test_message_is_not_shown_without_a_fault(page: Page, base: str) -> None:
    page.goto(f"{base}search.html?q=操作者識別カード")
    page.wait_for_function(ev.PAGEFIND_DONE, arg=["操作者識別カード", ev.TOP])
    expect(page.locator("#corpus-search-unavailable")).to_be_hidden()


def test_data_scripts_carry_the_index_files_exactly(site: Path) -> None:
    bundle = site / "pagefind"
    originals = [p for p in bundle.rglob("*") if p.is_file() and p.suffix in (".pf_fragment", ".pf_index", ".pf_meta")]
    assert len(originals) > 100
    for path in originals:
        key = path.relative_to(bundle).as_posix()
        script = (bundle / search_offline.CLASSIC / f"{key}.js").read_text(encoding="ascii")
        assert search_offline.decode_script(script) == path.read_bytes(), key


def test_unknown_pagefind_release_stops_with_one_line(tmp_path: Path, site: Path) -> None:
    copy = tmp_path / "html"
    shutil.copytree(site / "pagefind", copy / "pagefind")
    js = copy / "pagefind" / "pagefind.js"
    js.write_text(js.read_text(encoding="utf-8").replace("fetch(queued.input)", "fetch(q.input)"), encoding="utf-8")
    with pytest.raises(search_offline.OfflineError, match=r"fetch\(queued.input\)' found 0 times"):
        search_offline.build(copy)
