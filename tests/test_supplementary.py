"""附則 of an amendment in the form of the amending instrument: 附則（令和X年X月X日訓令第X号）「この訓令は、…」."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

HISTORY = """  effective: 未確認
```"""
AMEND = """  effective: 未確認
- id: r1
  type: 一部改正
  date: 2026-11-28
  number: {number}
  effective: 2026-12-01{form}
```"""
SUPPL = """
```{{supplementary}} r1
:effective: 2026-12-01

{body}
```
"""


def _build(src: Path, number: str, form: str, body: str) -> tuple[list[str], str]:
    index = src / "index.md"
    text = index.read_text(encoding="utf-8")
    text = text.replace(HISTORY, AMEND.format(number=number, form=f"\n  form: {form}" if form else ""), 1)
    text = text.replace("\n```{bibliography}", SUPPL.format(body=body) + "\n```{bibliography}", 1)
    index.write_text(text, encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        warnings = [w for w in strip_escape_sequences(app.warning.getvalue()).splitlines() if w.strip()]
        html = re.sub(r"<[^>]+>", "", (app.outdir / "index.html").read_text(encoding="utf-8"))
    finally:
        app.cleanup()
    return warnings, html


@pytest.mark.parametrize(
    ("number", "form", "heading"),
    [("訓令第5号", "", "附則（令和8年11月28日訓令第5号）"), ("未確認", "訓令", "附則（令和8年11月28日訓令・番号未確認）")],
)
def test_amending_directive_heading(scratch_root, number: str, form: str, heading: str) -> None:  # type: ignore[no-untyped-def]
    warnings, html = _build(scratch_root("errors"), number, form, "この訓令は、令和8年12月1日から施行する。")
    assert warnings == []
    assert heading in html


def test_amending_directive_must_speak_of_the_directive(scratch_root) -> None:  # type: ignore[no-untyped-def]
    src = scratch_root("errors")
    warnings, _ = _build(src, "訓令第5号", "", "この規程は、令和8年12月1日から施行する。")
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("index.md:"), warnings  # relative to the project, as every message
    assert "附則 'r1' は訓令による改正の附則なので「この訓令は、」で始める（「この規程は、」と書かれている）" in warnings[0]
