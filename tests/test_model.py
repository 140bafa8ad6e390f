"""The regulation model end to end on a small instrument: HTML, LaTeX, export, -j 2, incremental."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences
from strict_build import VOLATILE

pytestmark = pytest.mark.sphinx("html", testroot="basic")


def build(srcdir: Path, builder: str = "html", **kw: object) -> Built:
    """Build in-process and release the app (so the next one registers its nodes cleanly)."""
    app = SphinxTestApp(builder, srcdir=srcdir, **kw)
    try:
        app.build()
        return Built(Path(app.outdir), strip_escape_sequences(app.warning.getvalue()))
    finally:
        app.cleanup()


@dataclass
class Built:
    """Output folder and warnings of one build."""

    outdir: Path
    warnings: str


def test_clean_build(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""


def test_articles_render_in_legal_layout(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    # caption line, then 第1条 leading the first paragraph, linked to its own anchor
    assert '<p class="reiki-caption">（目的）</p>' in html
    assert re.search(r'id="a1-p1"[^>]*>\s*<p class="reiki-text"><a class="reiki-label" href="#a1">第1条</a>', html)
    assert re.search(r'id="a1-p2".*?<a class="reiki-label" href="#a1-p2">2</a>', html, re.S)
    # items (1), ア, (ア) with nested anchors
    for anchor, label in [("a2-p1-i1", "(1)"), ("a2-p1-i1-1", "ア"), ("a2-p1-i1-2-1", "(ア)"), ("a2-p1-i2", "(2)")]:
        assert re.search(rf'id="{anchor}".*?href="#{anchor}">{re.escape(label)}</a>', html, re.S), anchor
    assert 'href="#a2_2">第2条の2</a>' in html
    # deleted article
    assert re.search(r'id="a3".*?削除', html, re.S)


def test_references_and_statutes(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<a class="reference internal" href="#a2-p1-i1"[^>]*><span class="reiki-ref">第2条第1項第1号</span>', html
    )
    assert re.search(r'href="#a1"[^>]*><span class="reiki-ref">前条</span>', html)
    assert 'href="https://laws.e-gov.go.jp/law/342AC0000000081#Mp-At_30_6-Pr_1"' in html
    # a statute link says that it leaves the site and what the registry knows of the article (closed networks)
    assert '>住民基本台帳法第30条の6第1項<span class="reiki-sr-only no-search">（外部サイト）</span></a>' in html
    link = re.search(
        r'<a class="([^"]*)" href="https://laws.e-gov.go.jp/law/342AC0000000081#Mp-At_30_6-Pr_1" title="([^"]*)"', html
    )
    assert link and "reiki-external" in link.group(1)
    assert "（本人確認情報の通知等）〔台帳の確認状況: 推定〕（外部サイト: e-Gov法令検索）" in link.group(2)
    other = (app.outdir / "other.html").read_text(encoding="utf-8")
    assert re.search(r'href="index.html#a2-p1-i1-1"[^>]*><span class="reiki-ref">試験規程第2条第1項第1号ア</span>', other)


def test_referenced_by(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    art2 = html[html.index('id="a2"') : html.index('id="a2_2"')]
    assert "この条を引用している箇所" in art2
    assert 'href="other.html#a1">他規程第1条</a>' in art2
    art1 = html[html.index('id="a1"') : html.index('id="a2"')]
    assert 'href="notes.html">解説</a>' in art1


def test_metadata_dates_and_history(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "平成29年2月10日（2017年2月10日）" in html
    assert "令和元年5月1日（2019年5月1日）" in html
    assert '<p class="reiki-unknown">未確認</p>' in html
    assert "附則（令和元年5月1日訓令第2号）" in html
    assert 'id="suppl-r1-p2"' in html


def test_stable_heading_ids(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'id="ch1"' in html and 'id="ch2"' in html and 'id="suppl"' in html
    notes = (app.outdir / "notes.html").read_text(encoding="utf-8")
    assert not re.search(r'id="id\d+"', notes)
    assert re.search(r'<section id="h-[0-9a-f]{8}">', notes)


def test_export(app: SphinxTestApp) -> None:
    app.build()
    data = json.loads((app.outdir / "reiki.json").read_text(encoding="utf-8"))
    inst = {i["id"]: i for i in data["instruments"]}
    assert set(inst) == {"sample", "other"}
    units = {u["anchor"]: u for u in inst["sample"]["units"]}
    assert units["a1"]["caption"] == "目的" and units["a1"]["label"] == "第1条"
    assert units["a2-p1-i1-2-1"]["text"] == "会計年度任用職員"
    assert [a["id"] for a in inst["sample"]["amendments"]] == ["enact", "r1"]
    assert {"from_doc": "other", "from_anchor": "a1", "instrument": "sample", "anchor": "a2-p1-i1-1"} in data["citations"]
    assert data["statute_citations"][0]["statute"] == "jukiho"


@pytest.mark.sphinx("latex", testroot="basic")
def test_latex_layout(app: SphinxTestApp) -> None:
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert r"\reikicaption{（目的）}" in tex
    assert r"\reikiunit{0}" in tex and r"\reikilabel{第1条}" in tex and r"\reikiunit{3}" in tex
    assert r"\label{\detokenize{index:a2-p1-i1}}" in tex
    assert "\\section" not in tex.split("第1章")[1].split("第2章")[0]  # articles are not sections
    assert "reference-by" not in tex and "この条を引用" not in tex


def _pages(outdir: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(outdir.glob("*.html"))}


def test_parallel_build_equals_serial(tmp_path: Path, scratch_root) -> None:  # type: ignore[no-untyped-def]
    src = scratch_root("basic")
    one = build(src, builddir=tmp_path / "j1")
    two = build(src, builddir=tmp_path / "j2", parallel=2)
    assert two.warnings == ""
    a, b = _pages(one.outdir), _pages(two.outdir)
    assert a.keys() == b.keys()
    for name in a:
        assert VOLATILE.sub("", a[name]) == VOLATILE.sub("", b[name]), name


def test_incremental_rebuild_updates_citing_pages(tmp_path: Path, scratch_root) -> None:  # type: ignore[no-untyped-def]
    src = scratch_root("basic")
    build(src, builddir=tmp_path / "b")
    # renumber: 第2条第1項第1号ア disappears -> other.md must be re-read and report the broken citation
    index = src / "index.md"
    time.sleep(0.01)
    index.write_text(
        index.read_text(encoding="utf-8").replace("ア 常勤の職員\nイ 臨時職員等\n(ア) 会計年度任用職員\n", ""),
        encoding="utf-8",
    )
    app = build(src, builddir=tmp_path / "b")
    assert "other.md:24: WARNING: 試験規程に第2条第1項第1号アがない" in app.warnings
    # a new citation in notes.md adds notes to 第2条's "cited by" list on the unchanged-source page index.html
    notes = src / "notes.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n{jo}`sample:第2条の2`も参照。\n", encoding="utf-8")
    app = build(src, builddir=tmp_path / "b")
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    part = html[html.index('id="a2_2"') : html.index('id="a3"')]
    assert 'href="notes.html">解説</a>' in part


def test_changed_caption_rewrites_the_citing_pages_only(tmp_path: Path, scratch_root) -> None:  # type: ignore[no-untyped-def]
    src = scratch_root("basic")
    out = build(src, builddir=tmp_path / "b").outdir
    assert 'title="試験規程第2条第1項第1号ア（定義）"' in (out / "other.html").read_text(encoding="utf-8")
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.html")}
    time.sleep(0.01)
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(":caption: 定義", ":caption: 用語の定義"), encoding="utf-8")
    app = build(src, builddir=tmp_path / "b")
    assert app.warnings == ""
    assert 'title="試験規程第2条第1項第1号ア（用語の定義）"' in (out / "other.html").read_text(encoding="utf-8")
    # notes.md cites 第1条 only: its page is not written again
    assert (out / "notes.html").stat().st_mtime_ns == before["notes.html"]


def test_export_follows_an_edited_article(tmp_path: Path, scratch_root) -> None:  # type: ignore[no-untyped-def]
    src = scratch_root("basic")
    out = build(src, builddir=tmp_path / "b").outdir
    words = json.loads((out / "reiki.json").read_text(encoding="utf-8"))
    first = next(u for i in words["instruments"] for u in i["units"] if i["id"] == "sample" and u["anchor"] == "a1-p1")
    index = src / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace(first["text"], "この規程は、試験のために改めた。"), encoding="utf-8"
    )
    build(src, builddir=tmp_path / "b")
    data = json.loads((out / "reiki.json").read_text(encoding="utf-8"))
    units = {u["anchor"]: u for i in data["instruments"] if i["id"] == "sample" for u in i["units"]}
    assert units["a1-p1"]["text"] == "この規程は、試験のために改めた。"
    assert units["a1-p1"]["url"] == "index.html#a1-p1"
    # the words live in the export only, not in the pickled environment
    env = (tmp_path / "b" / "doctrees" / "environment.pickle").read_bytes()
    assert "試験のために改めた".encode() not in env


def test_removed_anchor_fails_unless_redirected(tmp_path: Path, scratch_root) -> None:  # type: ignore[no-untyped-def]
    src = scratch_root("basic")
    first = build(src, builddir=tmp_path / "b", confoverrides={"reiki_anchor_lock": "anchors.lock"})
    published = (first.outdir / "_anchors.txt").read_text(encoding="utf-8")
    assert "index#a2-p1-i1-2-1" in published and "other#a1" in published
    # a new article not yet recorded is reported too
    (src / "anchors.lock").write_text(published.replace("other#a1\n", ""), encoding="utf-8")
    assert (
        "新しいアンカー 1件が記録されていない（例: other#a1）: make anchors を実行し"
        in build(src, builddir=tmp_path / "b", confoverrides={"reiki_anchor_lock": "anchors.lock"}, freshenv=True).warnings
    )
    # an anchor that was published and has gone stops the build, unless a redirect is recorded
    (src / "anchors.lock").write_text(published + "index#a9\n", encoding="utf-8")
    gone = build(src, builddir=tmp_path / "b", confoverrides={"reiki_anchor_lock": "anchors.lock"}, freshenv=True)
    assert "公開したアンカー index#a9 が無くなった: 元に戻すか" in gone.warnings
    (src / "redirects.yaml").write_text("index#a9: index#a1\n", encoding="utf-8")
    ok = build(
        src,
        builddir=tmp_path / "b",
        confoverrides={"reiki_anchor_lock": "anchors.lock", "reiki_redirects": "redirects.yaml"},
        freshenv=True,
    )
    assert ok.warnings == ""
