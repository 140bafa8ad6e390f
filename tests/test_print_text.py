"""Copying from the printed 例規集: article numbers come back as 「第16条」, on the line of their text."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import CorpusBuild

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_article_numbers_are_not_spaced_in_any_volume(corpus: CorpusBuild) -> None:
    assert corpus.pdf_rc == 0, corpus.pdf_log
    for pdf in sorted(corpus.latex.glob("*.pdf")):
        if pdf.name.startswith(("graphviz-", "chart-")):
            continue
        spaced = re.findall(r"第 ?\d+ 条|第 \d+ ?条", _text(pdf))
        assert spaced == [], f"{pdf.name}: {spaced[:5]}"


def test_article_number_stays_with_its_text(corpus: CorpusBuild) -> None:
    lines = _text(corpus.latex / "reikishu.pdf").splitlines()
    alone = [ln for ln in lines if re.fullmatch(r"第\d+条(の\d+)?", ln.strip())]
    assert alone == []
    source = (REPO / "policies" / "kanri-unyo-kitei.md").read_text(encoding="utf-8").splitlines()
    start = source.index(":caption: 入退室の管理")
    first = next(ln for ln in source[start + 1 :] if ln.strip())[:12]  # the first words of 第16条
    assert any(ln.startswith(f"第16条 {first}") for ln in lines)


def test_closing_brackets_stay_on_their_line(corpus: CorpusBuild) -> None:
    # 「という。）」: the half-width 。 and ） overlap as glyph boxes; without ActualText pdftotext broke before ）
    lines = _text(corpus.latex / "reikishu.pdf").splitlines()
    broken = [ln for ln in lines if ln and ln[0] in "）」』"]
    assert broken == []
    assert any("という。）" in ln for ln in lines)


def test_no_latex_command_is_printed_in_any_volume(corpus: CorpusBuild) -> None:
    # the 新旧対照表 sets its text itself: a raw command of another transform inside it was printed as text
    for pdf in sorted(corpus.latex.glob("*.pdf")):
        if pdf.name.startswith(("graphviz-", "chart-")):
            continue
        printed = re.findall(r"\\[A-Za-z]+\{", _text(pdf))
        assert printed == [], f"{pdf.name}: {printed[:5]}"


def test_references_outside_a_volume_print_their_heading(corpus: CorpusBuild) -> None:
    # the audit results cite the council's follow-ups, which are not in the audit-forms volume
    text = _text(corpus.latex / "audit-forms.pdf")
    assert "fu-h28-1-01" not in text and "FU-H28-1-01 自主点検報告書の表現の見直し" in text


def test_running_heads_use_a_pages_short_head(corpus: CorpusBuild) -> None:
    pdf = corpus.latex / "council-h28-1.pdf"
    run = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    heads = [" ".join(p.split("\n", 1)[0].split()) for p in run.stdout.split("\f") if p.strip()]
    assert "第5章 会議の記録 平成28年度第1回 審議会資料" in heads, heads  # head-ja of the meeting record
    assert "第4章 資料3 停電への対応と見直し 平成28年度第1回 審議会資料" in heads, heads  # after the 資料番号
    assert not any("管理運用審議会" in h and "審議会資料" in h for h in heads)  # the long title ran into the right head
