"""Earlier versions and 新旧対照表: alignment, rendered markup in HTML and LaTeX, as-of citations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from reiki.versions import align, pair_units, parse, unchanged

ROOT = Path(__file__).parent / "roots" / "test-versions"
V1 = parse((ROOT / "policies/versions/sample/a1.md").read_text(encoding="utf-8"))
V2 = parse((ROOT / "policies/versions/sample/a2.md").read_text(encoding="utf-8"))
V3 = parse((ROOT / "policies/sample.md").read_text(encoding="utf-8"))


def test_parse_reads_articles_units_and_history() -> None:
    assert [a.number for a in V1.articles] == ["1", "2", "3", "4"]
    assert [(u.key, u.label) for u in V1.articles[2].units] == [("p1", "第3条"), ("p2", "2")]
    assert [a["id"] for a in V3.amendments] == ["enact", "a1", "a2"]


def test_alignment_of_deleted_renumbered_and_added_articles() -> None:
    rows = [(r.old.number if r.old else None, r.new.number if r.new else None, r.note) for r in align(V1, V2)]
    assert rows == [("1", "1", ""), ("2", None, ""), ("3", "2", "第3条を移動"), (None, "3", ""), ("4", "4", "")]
    assert [unchanged(r) for r in align(V1, V2)] == [True, False, False, False, True]


def test_alignment_of_wording_changes_and_added_paragraphs() -> None:
    rows = align(V2, V3)
    assert [(r.old.number, r.new.number) for r in rows] == [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")]
    assert [unchanged(r) for r in rows] == [True, True, False, False]
    assert pair_units(V2.articles[2].units, V3.articles[2].units) == {0: 0}  # 第2項 is new


def test_moved_paragraph_pairs_by_words_not_number() -> None:
    old = parse(
        "```{instrument} x\n:short: x\n```\n\n```{article} 1\n:caption: c\n\n本文である。\n2 点検は毎月行う。\n```\n"
    )
    new = parse(
        "```{instrument} x\n:short: x\n```\n\n```{article} 1\n:caption: c\n\n本文である。\n2 新たに加えた項である。\n"
        "3 点検は毎月行う。\n```\n"
    )
    assert pair_units(old.articles[0].units, new.articles[0].units) == {0: 0, 2: 1}


@pytest.mark.sphinx("html", testroot="versions")
def test_pages_tables_and_as_of_citation(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    out = Path(app.outdir)
    table = (out / "docs/versions/sample-a1-table.html").read_text(encoding="utf-8")
    assert "第1条（改正なし）" in table and "（削除）" in table and "（新設）" in table and "（第3条を移動）" in table
    assert re.search(r'<span class="reiki-changed">第2条</span>', table)  # the renumbered label is marked
    t2 = (out / "docs/versions/sample-a2-table.html").read_text(encoding="utf-8")
    assert '5<span class="reiki-changed">' not in t2 and re.search(r'<span class="reiki-changed">[57]</span>年間', t2)
    assert "第1条から第2条まで（改正なし）" in t2
    v1 = (out / "docs/versions/sample-a1.html").read_text(encoding="utf-8")
    assert "窓口は、本庁舎の1階に置く。" in v1 and 'id="a2"' in v1
    assert "平成29年4月1日（2017年4月1日）から平成31年4月1日（2019年4月1日）の前日まで" in v1
    notes = (out / "notes.html").read_text(encoding="utf-8")
    assert 'href="docs/versions/sample-a1.html#a3"' in notes  # in force on 2018-01-01: the text before a1
    assert 'href="policies/sample.html#a3"' in notes
    page = (out / "policies/sample.html").read_text(encoding="utf-8")
    assert 'href="../docs/versions/sample-a1-table.html"' in page


@pytest.mark.sphinx("latex", testroot="versions")
def test_comparison_markup_in_latex(app: SphinxTestApp) -> None:
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert r"\uline{7}" in tex and r"\uline{5}" in tex
    assert r"\usepackage[normalem]{ulem}" in tex
    assert "改正前" in tex and "改正後" in tex
