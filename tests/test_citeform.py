"""Citation form: short titles introduced before use, terms used after their definition, 法令番号 on first citation."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences
from strict_build import app_warnings

OTHER = """---
orphan: true
---

# 試験の他の規程

```{instrument} other
:short: 他規程
:kind: 規程
:number: 未確認
:enacted: 未確認
:owner: 試験課
:reviewed: 2026-11-28
:next-review: 2027-11-30
```

```{amendments}
- id: enact
  type: 制定
  date: 未確認
  number: 未確認
  effective: 未確認
```

```{article} 1
:caption: 趣旨

この規程は、試験のために定める。
```

## 附則

```{supplementary} enact
:effective: 未確認

この規程は、決定の日から施行する。
```
"""

BODY = "この規程は、試験のために定める。"
INTRO = "試験の他の規程（以下「他規程」という。）{jo}`第1条 <other:第1条>`の規定により、他規程の定めを補う。"

# (case, article text, line or None when clean, message fragment)
CASES = [
    ("short-title-not-introduced", "{jo}`other:第1条`の規定による。", 24, "「他規程」をこの例規で導入していない"),
    ("short-title-literal", "他規程の定めを補う。", 24, "「他規程」をこの例規で導入していない"),
    ("short-title-before-intro", "他規程を補う。\n2 " + INTRO, 24, "「他規程」をこの例規で導入する前に使っている"),
    ("short-title-introduced", INTRO, None, ""),
    (
        "short-title-without-title",
        "定め（以下「他規程」という。）を補う。",
        24,
        "「他規程」の導入に題名又は例規番号がない: 「試験の他の規程（以下「他規程」という。）」と書く",
    ),
    (
        "term-before-definition",
        "緊急事態に備える。\n2 住基ネットが止まる事態（以下「緊急事態」という。）の対応を定める。",
        24,
        "「緊急事態」を定義（25行目の「以下「緊急事態」という」）より前に使っている",
    ),
    ("term-in-its-own-definition", "回線の障害その他の事故（以下これらを「障害」という。）を定める。", None, ""),
    (
        "statute-without-number",
        "{law}`住基法第30条の6`に規定する本人確認情報を扱う。",
        24,
        "「住民基本台帳法」をこの例規で初めて引用する箇所に法令番号がない",
    ),
    (
        "statute-with-number",
        "{law}`住民基本台帳法（昭和42年法律第81号）第30条の6 <住基法第30条の6>`に規定する本人確認情報を扱う。"
        "{law}`住基法第30条の6`の例による。",
        None,
        "",
    ),
]


@pytest.mark.parametrize(("case", "text", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_citation_form(scratch_root, case: str, text: str, line: int | None, message: str) -> None:  # type: ignore[no-untyped-def]
    src: Path = scratch_root("errors")
    (src / "other.md").write_text(OTHER, encoding="utf-8")
    index = src / "index.md"
    source = index.read_text(encoding="utf-8")
    assert BODY in source
    index.write_text(source.replace(BODY, text, 1), encoding="utf-8")
    warnings = app_warnings(src)
    if line is None:
        assert warnings == [], warnings
        return
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"{index.relative_to(src).as_posix()}:{line}: WARNING: {message}"), warnings
    assert warnings[0].endswith("[reiki.citeform]"), warnings


GUIDE = """
@guideline{shishin,
  title  = {試験の指針},
  issuer = {{試験機構}},
  date   = {2016-07-25},
  label  = {試験指針},
  yomi   = {しけん},
}
"""


def test_notice_and_guideline_citations(scratch_root) -> None:  # type: ignore[no-untyped-def]
    """A 告示 is cited bare with its number, a 指針 in 「」 with its issuer; 「（…）（以下…）」 becomes one parenthesis."""
    src: Path = scratch_root("errors")
    with (src / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write(GUIDE)
    index = src / "index.md"
    text = "{cite:t}`kokuji334`（以下「基準」という。）及び{cite:t}`shishin`に従う。{cite:t}`kokuji334`の例による。"
    index.write_text(index.read_text(encoding="utf-8").replace(BODY, text, 1), encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        assert strip_escape_sequences(app.warning.getvalue()) == ""
        html = (app.outdir / "index.html").read_text(encoding="utf-8")
    finally:
        app.cleanup()
    import re

    plain = re.sub(r"<[^>]+>", "", html)
    assert "技術的基準（平成14年6月10日総務省告示第334号。以下「基準」という。）" in plain
    assert "「試験の指針」（平成28年7月25日　試験機構）に従う" in plain
    assert "技術的基準（平成14年6月10日総務省告示第334号）の例による" in plain
    assert "）（以下" not in plain
