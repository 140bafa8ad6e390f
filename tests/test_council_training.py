"""Council record, training course and glossary on the built corpus."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

if TYPE_CHECKING:
    from conftest import CorpusBuild

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent


class Text(HTMLParser):
    """The visible text of a page's main article."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(path: Path) -> str:
    parser = Text()
    html = path.read_text(encoding="utf-8")
    parser.feed(html[html.index('<article role="main"') :])
    return re.sub(r"\s+", "", "".join(parser.parts))


def test_h28_record_holds_every_figure_and_follow_up(corpus: CorpusBuild) -> None:
    page = text_of(corpus.html / "docs" / "council" / "h28-1.html")
    stats = yaml.safe_load((REPO / "data" / "statistics.yaml").read_text(encoding="utf-8"))
    for figure in stats["figures"]:
        assert f"{figure['value']:,}{figure['unit']}" in page, figure["id"]
    for fact in [
        "平成29年2月10日",
        "平成28年12月27日",
        "平成27年4月1日",
        "平成28年10月31日",
        "問題なし",
        "平成28年9月",
        "消費者センター",
        "香焼",
        "防災無線",
        "平成27年12月31日",
        "平成28年1月25日",
        "マイナポータル",
    ]:
        assert fact in page, fact
    for n in range(1, 5):
        assert f"FU-H28-1-0{n}" in page
    tracker = text_of(corpus.html / "docs" / "council" / "followups.html")
    assert all(f"FU-H28-1-0{n}" in tracker for n in range(1, 5))


def test_meeting_index_lists_every_known_meeting(corpus: CorpusBuild) -> None:
    meetings = yaml.safe_load((REPO / "data" / "meetings.yaml").read_text(encoding="utf-8"))["meetings"]
    page = (corpus.html / "docs" / "council" / "index.html").read_text(encoding="utf-8")
    assert page.count("<tr") == len(meetings) + 1
    assert page.count("コーパス未収録") == len([m for m in meetings if m["record"] != "in_corpus"])
    assert 'href="h28-1.html"' in page


SECTIONS = ["学習の目標", "所要時間", "根拠となる規定", "確認問題", "まとめ"]


@pytest.mark.parametrize(
    "module", ["01-overview", "02-law", "03-mynumber", "04-terminal", "05-daily", "06-privacy", "07-outage"]
)
def test_training_module_is_complete_and_cites_live_articles(corpus: CorpusBuild, module: str) -> None:
    html = (corpus.html / "docs" / "training" / f"{module}.html").read_text(encoding="utf-8")
    heads = re.findall(r"<h2>(.*?)<a class=\"headerlink\"", html)
    assert [h for h in heads if h in SECTIONS] == SECTIONS, heads
    assert heads.index("根拠となる規定") + 1 < heads.index("確認問題")  # content between
    live = re.findall(r'<a class="reference internal" href="(\.\./\.\./policies/[a-z-]+\.html#a[0-9_]+[^"]*)"', html)
    assert live, module
    for href in live:
        page, anchor = href.split("#")
        target = (corpus.html / "docs" / "training" / page).resolve().read_text(encoding="utf-8")
        assert f'id="{anchor}"' in target, href
    assert html.count('<details class="selfcheck-answer') >= 3


def test_glossary_terms_resolve_and_texts_link_to_them(corpus: CorpusBuild) -> None:
    terms = yaml.safe_load((REPO / "data" / "terms.yaml").read_text(encoding="utf-8"))["terms"]
    glossary = (corpus.html / "docs" / "reference" / "glossary.html").read_text(encoding="utf-8")
    for t in terms:
        assert f'id="term-{t["id"]}"' in glossary, t["id"]
    kitei = (corpus.html / "policies" / "kanri-unyo-kitei.html").read_text(encoding="utf-8")
    links = set(re.findall(r'glossary\.html#(term-[a-z0-9-]+)"', kitei))
    assert {"term-jukinet", "term-honnin-kakunin-joho", "term-togo-tanmatsu"} <= links
    assert all(f'id="{link}"' in glossary for link in links)
