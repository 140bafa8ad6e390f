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
    assert "第1条　（略）" in table and "（削除）" in table and "（新設）" in table and "（第3条を移動）" in table
    assert re.search(r'<span class="reiki-changed">第2条</span>', table)  # the renumbered label is marked
    t2 = (out / "docs/versions/sample-a2-table.html").read_text(encoding="utf-8")
    assert '5<span class="reiki-changed">' not in t2 and re.search(r'<span class="reiki-changed">[57]</span>年間', t2)
    assert "第1条・第2条　（略）" in t2
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
    assert r"\reikiubox{7}" in tex and r"\reikiubox{5}" in tex  # one box per changed character
    assert r"\begin{reikicomparison}" in tex and r"\endhead" in tex  # a longtable whose header repeats
    tables = tex.count(r"\begin{reikicomparison}")
    # on every page the first row stands clear of the rule under the header (it touched it; issue 19)
    assert tex.count(r"\reikicmptop\endfirsthead") == tables == tex.count(r"\reikicmptop\endhead")
    block = tex[tex.index(r"\begin{reikicomparison}") :]
    assert block.index("改正後") < block.index("改正前")  # the national order: 改正後 on the left


def _order(html: str) -> list[str]:
    return re.findall(r'<th class="head">(改正[前後])</th>', html)


@pytest.mark.sphinx("html", testroot="versions", confoverrides={"reiki_shinkyu_order": "old-new"})
def test_order_setting_swaps_the_columns(app: SphinxTestApp) -> None:
    app.build()
    page = (Path(app.outdir) / "docs/versions/sample-a2-table.html").read_text(encoding="utf-8")
    assert _order(page) == ["改正前", "改正後"]
    first = re.search(r'<tr class="reiki-cmp-unit">(.*?)</tr>', page, re.S)
    assert first and re.findall(r"reiki-cmp-(old|new)", first.group(1)) == ["old", "new"]


@pytest.mark.sphinx("html", testroot="versions")
def test_default_order_is_new_then_old(app: SphinxTestApp) -> None:
    app.build()
    page = (Path(app.outdir) / "docs/versions/sample-a2-table.html").read_text(encoding="utf-8")
    assert _order(page) == ["改正後", "改正前"]


def test_unknown_order_stops_the_build_with_one_line(tmp_path: Path) -> None:
    import shutil

    from strict_build import sphinx

    src = tmp_path / "src"  # a copy: the build writes its generated pages into the source folder
    shutil.copytree(ROOT, src)
    repo = str(Path(__file__).resolve().parent.parent)
    run = sphinx("html", tmp_path / "out", "-D", "reiki_shinkyu_order=left-right", src=src, env={"PYTHONPATH": repo})
    assert run.returncode != 0 and "Traceback" not in run.stderr
    lines = [ln for ln in run.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "reiki_shinkyu_order = 'left-right' は使えない" in lines[0] and "conf.py" in lines[0]


LONG = "操作責任者は、" + "研修の記録、受講した者の所属及び氏名並びに受講の日を確かめ、" * 14 + "報告しなければならない。"
# Where the text area lies, printed by LaTeX itself (in pt) so the check needs no guess of the margins.
AREA = r"""\AtBeginDocument{\typeout{REIKI-AREA \the\dimexpr1in+\hoffset+\oddsidemargin\relax\space
\the\dimexpr1in+\hoffset+\oddsidemargin+\textwidth\relax\space
\the\dimexpr1in+\voffset+\topmargin\relax\space
\the\dimexpr1in+\voffset+\topmargin+\headheight+\headsep+\textheight+\footskip+12pt\relax}}"""


def _pdf(tmp: Path, extra: str = "") -> tuple[Path, list[float]]:
    """The test root with a 400-character paragraph inserted by amendment a2, built to PDF with real uplatex."""
    import shutil
    import subprocess

    src = tmp / "src"
    shutil.copytree(ROOT, src)
    page = src / "policies/sample.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("2 研修の記録は、", f"2 {LONG}\n3 研修の記録は、"), encoding="utf-8"
    )
    app = SphinxTestApp("latex", srcdir=src, confoverrides={"latex_elements": {"preamble": AREA + extra}})
    try:
        app.build()
    finally:
        app.cleanup()
    out = Path(app.outdir)
    subprocess.run(["make", "-C", str(out), "all-pdf"], capture_output=True, check=True)
    log = next(out.glob("*.log")).read_text(encoding="utf-8", errors="replace")
    area = [float(v.removesuffix("pt")) * 72 / 72.27 for v in re.search(r"REIKI-AREA (\S+) (\S+) (\S+) (\S+)", log).groups()]  # type: ignore[union-attr]
    return next(out.glob("*.pdf")), area


def _outside(pdf: Path, area: list[float]) -> list[str]:
    """Words that pdftotext -bbox places outside the text area (header and footer bands included)."""
    import subprocess

    box = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    left, right, top, bottom = area
    bad = []
    for x0, y0, x1, y1, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', box
    ):
        # a line-final 、。）」 is set half-width, but poppler reports the font's full-width advance: allow half an em
        slack = (float(y1) - float(y0)) / 2 + 1 if word[-1] in "、。，．）」』" else 1.0
        if float(x0) < left - 1 or float(x1) > right + slack or float(y0) < top - 1 or float(y1) > bottom + 1:
            bad.append(word)
    return bad


def test_a_long_inserted_paragraph_wraps_inside_its_column(tmp_path: Path) -> None:
    pdf, area = _pdf(tmp_path)
    text = __import__("subprocess").run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "受講した者の所属及び氏名" in text  # the planted paragraph is there
    assert _outside(pdf, area) == []


def test_the_wrap_check_sees_an_unbreakable_underline(tmp_path: Path) -> None:
    # negative control: without the breakable glue the underlined paragraph is one line and runs off the page
    pdf, area = _pdf(tmp_path, r"\makeatletter\AtBeginDocument{\renewcommand{\reikiugap}[4]{}}\makeatother")
    assert _outside(pdf, area)
