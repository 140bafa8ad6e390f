"""Renumbered units: a citation of a number an amendment gave to another unit stops the build unless it carries a date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from strict_build import REPO, sphinx

from reiki.renumbering import histories

ROOT = Path(__file__).parent / "roots" / "test-renumber"
STALE = "点検の結果は、{jo}`rule:第2条第3項@2025-04-01`により報告する。"


def _build(src: Path, out: Path) -> list[str]:
    """Strict HTML build as make html runs it; the lines it printed."""
    run = sphinx("html", out, src=src, env={"PYTHONPATH": str(REPO), "NO_COLOR": "1"})
    assert "Traceback" not in run.stderr
    lines = [ln for ln in run.stderr.splitlines() if ln.strip()]
    assert (run.returncode != 0) == bool(lines), run.stderr
    return lines


def _plant(src: Path, old: str, new: str, name: str = "notes.md") -> int:
    """Replace old by new in a file of the copied root; the line it is on."""
    page = src / name
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new), encoding="utf-8")
    return next(n for n, ln in enumerate(page.read_text(encoding="utf-8").splitlines(), 1) if new in ln)


def test_inserted_paragraph_shifts_the_later_one() -> None:
    (step,) = histories(ROOT)["rule"].steps
    assert step.moves["a2-p2"] == "a2-p3" and step.moves["a2-p1"] == "a2-p1"
    assert step.changed("a2-p2") and not step.changed("a2-p1") and not step.changed("a2-p3")


def test_the_corpus_renumberings_are_the_two_inserted_paragraphs() -> None:
    found = {
        (ident, old, new)
        for ident, hist in histories(REPO).items()
        for step in hist.steps
        for old, new in step.moves.items()
        if step.changed(old)
    }
    assert found == {("kitei", "a11-p2", "a11-p3"), ("kansa", "a6-p6", "a6-p7")}  # 第3条第3項第2号 was rewritten, not moved


def test_clean_root_and_as_of_resolution(scratch_root, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = scratch_root("renumber")
    assert _build(src, tmp_path / "out") == []
    page = (tmp_path / "out" / "notes.html").read_text(encoding="utf-8")
    links = re.findall(
        r'<a [^>]*href="([^"]+)"[^>]*><span class="reiki-ref">([^<]*)</span></a>(<span class="reiki-asof">[^<]*)?', page
    )
    assert links == [
        ("policies/rule.html#a2-p3", "試験規程第2条第3項", ""),  # checked on or after the amendment: today's unit
        ("policies/rule.html#a2-p2", "試験規程第2条第2項", ""),
        # before it: the text then in force, and today's number of that unit
        (
            "docs/versions/rule-c1.html#a2-p2",
            "試験規程第2条第2項",
            '<span class="reiki-asof">（令和7年4月1日施行の改正前の番号。現在の第2条第3項）',
        ),
    ]


def test_stale_citation_stops_every_build_with_one_line(scratch_root, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = scratch_root("renumber")
    line = _plant(src, STALE, "点検の結果は、{jo}`rule:第2条第2項`により報告する。")
    for _ in range(2):  # a second (incremental) build reads the page again and reports it again
        lines = _build(src, tmp_path / "out")
        assert len(lines) == 1, lines
        assert lines[0].startswith(f"notes.md:{line}: WARNING: rule:第2条第2項（試験規程第2条第2項）は、令和7年4月1日施行の")
        assert "で第3項に繰り下がった。今の第2項は別の規定: " in lines[0]
        assert "改正前の規定なら rule:第2条第3項@2025-04-01、今の第2項なら rule:第2条第2項@2025-04-01" in lines[0]
        assert lines[0].endswith("[reiki.renumbered]")
    _plant(src, "{jo}`rule:第2条第2項`", "{jo}`rule:第2条第3項@2025-04-01`")
    assert _build(src, tmp_path / "out") == []


def test_stale_data_citation_is_reported_at_the_data_line(scratch_root, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = scratch_root("renumber")
    _plant(src, "articles: [rule:第2条第3項@2025-04-01]", "articles: [rule:第2条第2項]", "check.yaml")
    lines = _build(src, tmp_path / "out")
    assert len(lines) == 1 and lines[0].startswith("check.yaml:2: WARNING: rule:第2条第2項（試験規程第2条第2項）"), lines


def test_date_before_the_unit_existed_is_reported(scratch_root, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = scratch_root("renumber")
    line = _plant(src, STALE, "点検の結果は、{jo}`rule:第2条第3項@2024-01-01`により報告する。")
    lines = _build(src, tmp_path / "out")
    assert lines == [
        f"notes.md:{line}: WARNING: rule:第2条第3項: 令和6年1月1日（2024年1月1日）に効力のあった試験規程に第2条第3項がない: "
        "その日の番号で書くか、@ の後の日付を直す [reiki.renumbered]"
    ]


def test_an_amendment_made_later_reports_the_unchanged_citing_page(scratch_root, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = scratch_root("renumber")
    rule = src / "policies/rule.md"
    amended = rule.read_text(encoding="utf-8")
    inserted = "2 セキュリティ責任者は、自主点検の様式を定め、必要に応じて見直す。\n3 "
    rule.write_text(amended.replace(inserted, "2 "), encoding="utf-8")  # make amend opened c1: text not yet edited
    for old in (STALE, "{jo}`rule:第2条第2項@2025-04-01`", "{jo}`rule:第2条第2項@2024-01-01`"):
        _plant(src, old, "{jo}`rule:第2条第2項`")  # written when 第2項 was the report
    _plant(src, "[rule:第2条第3項@2025-04-01]", "[rule:第2条第1項]", "check.yaml")
    assert _build(src, tmp_path / "out") == []
    rule.write_text(amended, encoding="utf-8")  # the clerk inserts the paragraph
    lines = _build(src, tmp_path / "out")  # notes.md itself did not change
    assert len(lines) == 3 and all(ln.startswith("notes.md:") and "第3項に繰り下がった" in ln for ln in lines), lines


def test_an_unreadable_date_is_one_line(scratch_root, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = scratch_root("renumber")
    line = _plant(src, STALE, "点検の結果は、{jo}`rule:第2条第2項@2025-13-01`により報告する。")
    lines = _build(src, tmp_path / "out")
    assert len(lines) == 1 and lines[0].startswith(
        f"notes.md:{line}: WARNING: rule:第2条第2項@2025-13-01 の @ の後の日付"
    ), lines


@pytest.mark.slow
def test_the_corpus_cites_the_added_paragraphs_as_checked(corpus) -> None:  # type: ignore[no-untyped-def]
    assert corpus.html_log.strip() == ""  # no citation of a renumbered 項 is left without a date
    page = (corpus.html / "docs/council/h28-1.html").read_text(encoding="utf-8")
    assert 'kanri-unyo-kitei.html#a11-p2" title="管理運用規程第11条第2項（自主点検）"' in page
    assert 'naibu-kansa-yoryo.html#a6-p6"' in page and "reiki-asof" not in page  # checked after the amendment: today's units
