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


def test_audit_results_in_english_where_the_data_has_english(scratch_root) -> None:  # type: ignore[no-untyped-def]
    src: Path = scratch_root("trace")
    audits = src / "audits.yaml"
    text = audits.read_text(encoding="utf-8").replace(
        "    summary: 全ての項目に問題がなかった。\n",
        "    summary: 全ての項目に問題がなかった。\n    summary-en: No item had a problem.\n    methods-en: [interviews]\n",
    )
    audits.write_text(text, encoding="utf-8")
    out, warnings = build(src, language="en")
    assert [w for w in warnings if ":short-en:" not in w] == []  # the test rule has no English short name
    html = (out / "forms.html").read_text(encoding="utf-8")
    assert "Internal audit (1 April 2015 to 31 October 2016)" in html
    assert "No item had a problem." in html and "interviews" in html and "no problem" in html
    assert "全ての項目に問題がなかった。" not in html and "聞き取り調査" not in html and "問題なし" not in html


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
    ("unknown-article", "check.yaml", "[good:第1条]", "[good:第9条]", 2, "CK-01: good:第9条 does not exist"),
    ("unknown-requirement", "check.yaml", "[REQ-01, REQ-02]", "[REQ-01, REQ-09]", 2, "CK-01: unknown requirement REQ-09"),
    (
        "duplicate-item",
        "check.yaml",
        "out_of_scope: []",
        "  - id: CK-01\n    area: a\n    question: 重複していますか。\n    evidence: e\n    who: 操作責任者\n    frequency: 毎月\n"
        "    articles: [good:第1条]\n    requirements: [REQ-01]\nout_of_scope: []",
        11,
        "duplicate item id CK-01 (first at line 2)",
    ),
    (
        "no-question",
        "check.yaml",
        "    question: 目的を確かめましたか。\n",
        "",
        2,
        "items/0: 'question' is a required property",
    ),
    ("unknown-result-item", "audits.yaml", "item: CK-01", "item: CK-77", 9, "audit-1: result for unknown item CK-77"),
    ("bad-result-value", "audits.yaml", "result: 問題なし", "result: 良好", 9, "'良好' is not one of"),
    (
        "unverified-source",
        "req.yaml",
        "住基法第30条の6",
        "住基法第30条の24",
        2,
        "REQ-01: 住民基本台帳法第30条の24 is unverified",
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
    mine = [w for w in warnings if w.startswith(f"{path}:")]
    assert mine, warnings
    assert mine[0].startswith(f"{path}:{line}: WARNING: "), mine
    assert message in mine[0], mine
