"""Counts of a rule's items ({count}`kitei:第28条`): rendered from the rule's text, and literal counts that went wrong."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from strict_build import app_warnings

from reiki.counts import count, literal_counts

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = Path(__file__).parent / "roots" / "test-versions"


def items_in_source(path: Path, article: str) -> int:
    """The (n) lines of one article block, counted in the source file itself."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"```{{article}} {article}\n")
    block = text[start : text.index("\n```", start)]
    return len(re.findall(r"^\(\d+\) ", block, re.M))


def test_count_is_read_from_the_rule() -> None:
    kitei = ROOT / "policies" / "kanri-unyo-kitei.md"
    assert count(ROOT, "kitei:第28条") == (items_in_source(kitei, "28"), kitei)
    assert count(ROOT, "kitei:第15条")[0] == items_in_source(kitei, "15")
    with pytest.raises(ValueError, match="kitei:第99条 がない"):
        count(ROOT, "kitei:第99条")


def test_corpus_has_no_literal_count_that_went_wrong() -> None:
    assert literal_counts(ROOT) == []


def _copy(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(SAMPLE, src)
    return src


def test_count_role_follows_the_amended_rule(tmp_path: Path) -> None:
    src = _copy(tmp_path)
    notes = src / "notes.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n第3条の項は{count}`sample:第3条`つである。\n", encoding="utf-8")
    assert app_warnings(src) == []
    page = (src / "_build/html/notes.html").read_text(encoding="utf-8")
    assert "第3条の項は2つである。" in page
    rule = src / "policies/sample.md"  # an amendment deletes 第3条第2項: the page says 1 without being touched
    rule.write_text(rule.read_text(encoding="utf-8").replace("2 研修の記録は、セキュリティ責任者が作成する。\n", ""))
    assert app_warnings(src) == []
    assert "第3条の項は1つである。" in (src / "_build/html/notes.html").read_text(encoding="utf-8")


def test_count_of_a_unit_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    src = _copy(tmp_path)
    notes = src / "notes.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n{count}`sample:第9条`つの事項\n", encoding="utf-8")
    lines = [ln for ln in app_warnings(src) if "WARNING" in ln]
    assert len(lines) == 1, lines
    n = len(notes.read_text(encoding="utf-8").splitlines())
    assert f"notes.md:{n}: WARNING: {{count}} のsample:第9条 がない：引用する単位を確かめる" in lines[0]


def test_planted_wrong_literal_count_stops_the_build(tmp_path: Path) -> None:
    src = _copy(tmp_path)
    notes = src / "notes.md"
    text = notes.read_text(encoding="utf-8")
    notes.write_text(text + "\n研修は、次の3つの事項による（{jo}`sample:第3条@2019-04-01`）。\n", encoding="utf-8")
    (src / "data").mkdir()
    (src / "data/questions.yaml").write_text("- question: 試験要領第3条の2つの事項を守っているか。\n", encoding="utf-8")
    lines = [ln for ln in app_warnings(src) if "WARNING" in ln]
    n = len(notes.read_text(encoding="utf-8").splitlines())
    assert lines == [
        f"notes.md:{n}: WARNING: sample:第3条 の下の単位の数は 2 で、書いた数 3 と違う：数を {{count}}`sample:第3条` と書く"
        "（改正で数が変わっても正しく示される） [reiki.count]"
    ], lines
    assert literal_counts(src) == [("notes.md", n, "sample:第3条", 3, 2)]  # the data file's count (2) is right


def test_wrong_literal_count_in_a_data_file(tmp_path: Path) -> None:
    src = _copy(tmp_path)
    (src / "data").mkdir()
    (src / "data/questions.yaml").write_text("- id: Q1\n  question: 試験要領第3条の5つの事項を守っているか。\n")
    assert literal_counts(src) == [("data/questions.yaml", 2, "sample:第3条", 5, 2)]


@pytest.mark.slow
def test_checklist_question_prints_the_count_of_the_rule(corpus) -> None:  # type: ignore[no-untyped-def]
    kitei = ROOT / "policies" / "kanri-unyo-kitei.md"
    page = (corpus.html / "docs" / "audit" / "checklist.html").read_text(encoding="utf-8")
    assert f"管理運用規程第28条の{items_in_source(kitei, '28')}つの事項を定めているか。" in page
    assert "{count}" not in page
