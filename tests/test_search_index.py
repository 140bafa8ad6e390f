"""Staging for the Pagefind index: each text is split into words once, in the record that indexes it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import search_index

PAGE = """<!doctype html><html lang="ja"><head><title>規程</title></head><body>
<article role="main"><h1>管理規程</h1><p>前文の語</p>
<div class="reiki-article" id="a1"><p class="reiki-caption">（目的）</p>
<div class="reiki-unit"><p class="reiki-text"><a class="reiki-label" href="#a1">第1条</a>　条の本文</p>
<div class="reiki-trace no-search"><p>点検の語</p></div>
<p class="no-search reiki-refby">引用元の語</p></div></div>後ろの語</article></body></html>"""


def test_each_text_goes_to_the_segmenter_once(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[str] = []

    def split(texts: list[str]) -> list[str]:
        sent.extend(texts)
        return [f"«{t}»" for t in texts]

    monkeypatch.setattr(search_index, "split_words", split)
    records = search_index.stage_page(PAGE, "p.html", "規程")
    assert sorted(records) == ["p.html", "p.html#a1"]
    search_index.segment(list(records.values()))
    # the page record ignores the article (it has a record of its own) but keeps the text around it
    assert [t for t in sent if "条の本文" in t] == [" 条の本文"]  # folded: U+3000 becomes a space
    assert "前文の語" in sent and [t for t in sent if "後ろの語" in t]  # the page's text after the article
    assert not [t for t in sent if "引用元" in t or "点検" in t]  # "cited by" lists and audit links are not indexed
    page = search_index._html(records["p.html"])
    assert "«前文の語»" in page and "後ろの語»" in page and "条の本文" not in page
    assert "« 条の本文»" in search_index._html(records["p.html#a1"])


def _site(tmp_path: Path) -> Path:
    """A built site of one instrument page (PAGE) with its export."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "p.html").write_text(PAGE, encoding="utf-8")
    (site / "reiki.json").write_text('{"instruments": [{"url": "p.html", "short": "規程"}]}', encoding="utf-8")
    return site


def test_pages_mode_indexes_each_page_once(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert search_index.stage(site, tmp_path / "words", "words") == 2  # the page and its article
    assert search_index.stage(site, tmp_path / "pages", "pages") == 1
    assert "条 の 本文" in (tmp_path / "pages" / "p.html").read_text(encoding="utf-8")  # split into words


def test_sections_mode_makes_each_article_a_heading_of_its_page(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert search_index.stage(site, tmp_path / "sections", "sections") == 1
    staged = (tmp_path / "sections" / "p.html").read_text(encoding="utf-8")
    # Pagefind's sub-result: a heading carrying the article's anchor, its label and caption (split into words)
    assert '<h3 id="a1">第 1 条 （ 目的 ）</h3>' in staged, staged
    assert 'class="reiki-article" id=' not in staged and "reiki-caption" not in staged
    assert "条 の 本文" in staged


@pytest.mark.parametrize(
    ("text", "words"),
    [  # as Chromium 156's Intl.Segmenter("ja") splits them (checked in the browser)
        ("data/checklist.yaml", "data / checklist . yaml"),
        ("{cite:t}", "{ cite : t }"),
        ("e.g.", "e . g ."),
        ("1.5", "1.5"),
        ("v1.5.2", "v1.5.2"),
        ("a.b1", "a . b1"),
        ("ａ．ｂ", "ａ ． ｂ"),
        ("a\ufe52b", "a\ufe52b"),
        ("a\u200d.b", "a\u200d . b"),
        ("don't", "don't"),
        ("住基.yaml", "住 基 . yaml"),
    ],
)
def test_words_are_split_as_chromium_splits_them(text: str, words: str) -> None:
    assert search_index.split_words([text]) == [words]
