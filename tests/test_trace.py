"""Traceability data: rendered forms, matrix and coverage; each bad input is one file:line error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences


def build(src: Path, **conf: str) -> tuple[Path, list[str]]:
    app = SphinxTestApp("html", srcdir=src, confoverrides=conf)
    try:
        app.build()
        return Path(app.outdir), [w for w in strip_escape_sequences(app.warning.getvalue()).splitlines() if w]
    finally:
        app.cleanup()


def test_forms_matrix_coverage_render(scratch_root) -> None:  # type: ignore[no-untyped-def]
    out, warnings = build(scratch_root("trace"))
    assert warnings == []
    html = (out / "forms.html").read_text(encoding="utf-8")
    assert 'id="ck-01"' in html and "目的を確かめましたか。" in html and "はい・いいえ・該当なし" in html
    assert "所属名" in html  # self-inspection header
    assert 'id="req-01"' in html and "Mp-At_30_6" in html
    assert re.search(r"要求事項 2件のうち、監査項目で確かめるもの 2件。", html)
    assert "全ての項目に問題がなかった。" in html
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r'この条を確かめる監査項目：<a class="reference internal" href="forms.html#ck-01"', index)
    assert 'href="forms.html#req-01"' in index


CASES = [
    ("unknown-article", "check.yaml", "[good:第1条]", "[good:第9条]", 2, "CK-01: good:第9条 がない: 実在する条・項を書く"),
    (
        "unknown-requirement",
        "check.yaml",
        "[REQ-01, REQ-02]",
        "[REQ-01, REQ-09]",
        2,
        "CK-01: 要求事項 REQ-09 がない: req.yaml の id を使う",
    ),
    (
        "duplicate-item",
        "check.yaml",
        "out_of_scope: []",
        "  - id: CK-01\n    area: a\n    question: 重複していますか。\n    evidence: e\n    who: 操作責任者\n    frequency: 毎月\n"
        "    articles: [good:第1条]\n    requirements: [REQ-01]\nout_of_scope: []",
        11,
        "監査項目の番号 CK-01 が重なる（最初は2行）",
    ),
    (
        "no-question",
        "check.yaml",
        "    question: 目的を確かめましたか。\n",
        "",
        2,
        "items/0: 項目 question がない: 必要な項目を書く",
    ),
    (
        "unknown-result-item",
        "audits.yaml",
        "item: CK-01",
        "item: CK-77",
        9,
        "audit-1: 結果の項目 CK-77 がない: check.yaml の項目の番号を使う",
    ),
    (
        "bad-result-value",
        "audits.yaml",
        "result: 問題なし",
        "result: 良好",
        10,
        "'良好' は使えない値: 問題なし・要改善・該当なし のいずれか",
    ),
    (
        "unverified-source",
        "req.yaml",
        "住基法第30条の6",
        "住基法第30条の24",
        2,
        "REQ-01: 住民基本台帳法第30条の24は確認できていない: 条を特定せずに規定し",
    ),
]


@pytest.mark.parametrize(("case", "file", "old", "new", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_trace_data(scratch_root, case: str, file: str, old: str, new: str, line: int, message: str) -> None:  # type: ignore[no-untyped-def]
    src: Path = scratch_root("trace")
    path = src / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _, warnings = build(src)
    mine = [w for w in warnings if w.startswith(f"{file}:")]
    assert mine, warnings
    assert len(mine) == 1, mine  # one mistake, one line
    assert mine[0].startswith(f"{file}:{line}: WARNING: "), mine
    assert message in mine[0], mine
