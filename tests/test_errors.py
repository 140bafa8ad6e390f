"""Every bad input an author can make stops the build with one line: file:line and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

ARTICLE = "```{article} 1\n:caption: 目的\n\nこの規程は、試験のために定める。\n```\n"

# (case, old text, new text, expected line, expected message fragment)
CASES = [
    ("duplicate-article", ARTICLE, ARTICLE + "\n" + ARTICLE, 27, "duplicate article 第1条 (first at line 21)"),
    (
        "gap",
        ARTICLE,
        ARTICLE + "\n```{article} 3\n:caption: 飛び番\n\n本文。\n```\n",
        27,
        "numbering: 第3条 cannot follow 第1条",
    ),
    (
        "paragraph-gap",
        "この規程は、試験のために定める。",
        "この規程は、試験のために定める。\n3 第3項。",
        25,
        "numbering: expected '2' here but found '3'",
    ),
    ("item-style", "この規程は、試験のために定める。", "次に掲げる。\n(1) 一\nウ 細目", 26, "numbering: expected 'ア'"),
    ("item-orphan", "この規程は、試験のために定める。", "次に掲げる。\nア 細目", 25, "item ア has no parent"),
    ("fullwidth-label", "この規程は、試験のために定める。", "本文。\n２ 全角の項番号", 25, "a line without a label"),
    ("empty-article", "この規程は、試験のために定める。\n", "", 21, "an empty article"),
    ("missing-article", "試験のために定める。", "{jo}`第9条`に定める。", 24, "正規程 has no 第9条"),
    ("missing-item", "試験のために定める。", "{jo}`第1条第1項第4号`に定める。", 24, "正規程 has no 第1条第1項第4号"),
    ("unknown-instrument", "試験のために定める。", "{jo}`nosuch:第1条`に定める。", 24, "unknown instrument 'nosuch'"),
    (
        "wrong-relative",
        "試験のために定める。",
        "{jo}`前条 <第1条>`に定める。",
        24,
        "'前条' means the article before 第1条, but the target is 第1条",
    ),
    ("unknown-statute", "試験のために定める。", "{law}`住民法第1条`に定める。", 24, "unknown statute '住民法'"),
    (
        "statute-article",
        "試験のために定める。",
        "{law}`住基法第99条`に定める。",
        24,
        "住民基本台帳法第99条 is not in data/statutes.yaml",
    ),
    (
        "unverified-article",
        "試験のために定める。",
        "{law}`住基法第30条の24`に定める。",
        24,
        "住民基本台帳法第30条の24 is unverified",
    ),
    ("unknown-bib-key", "試験のために定める。", "{cite:t}`nosuch`に定める。", 24, 'could not find bibtex key "nosuch"'),
    ("bad-date", ":enacted: 未確認", ":enacted: 2017-02-30", 3, "invalid date '2017-02-30' in :enacted:"),
    ("missing-metadata", ":owner: 試験課\n", "", 3, "instrument 'good' lacks :owner:"),
    ("bad-amendment-date", "  date: 未確認", "  date: 平成29年", 14, "invalid date '平成29年' in amendment 'enact'"),
    (
        "suppl-history",
        ":effective: 未確認\n\nこの規程は",
        ":effective: 2017-04-01\n\nこの規程は",
        29,
        "附則 'enact' says :effective: 2017-04-01 but the history says 未確認",
    ),
    (
        "missing-suppl",
        "```{supplementary} enact",
        "```{supplementary} other",
        29,
        "附則 'other' names no entry of the amendment history",
    ),
    ("chapter-gap", "```{article} 1", "## 第2章 総則\n\n```{article} 1", 21, "chapter numbering: expected 第1章"),
]


@pytest.mark.parametrize(("case", "old", "new", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input(scratch_root, case: str, old: str, new: str, line: int, message: str) -> None:  # type: ignore[no-untyped-def]
    src: Path = scratch_root("errors")
    index = src / "index.md"
    text = index.read_text(encoding="utf-8")
    assert old in text, case
    index.write_text(text.replace(old, new, 1), encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        warnings = [w for w in strip_escape_sequences(app.warning.getvalue()).splitlines() if w.strip()]
    finally:
        app.cleanup()
    relevant = [w for w in warnings if "index.md" in w]
    assert len(relevant) >= 1, warnings
    assert relevant[0].startswith(f"index.md:{line}: WARNING: "), relevant  # relative, as the author sees it
    assert message in relevant[0], relevant
    if case not in ("missing-suppl", "suppl-history"):
        assert len(relevant) == 1, relevant


def test_good_root_is_clean(scratch_root) -> None:  # type: ignore[no-untyped-def]
    app = SphinxTestApp("html", srcdir=scratch_root("errors"))
    try:
        app.build()
        assert strip_escape_sequences(app.warning.getvalue()) == ""
    finally:
        app.cleanup()


def test_strict_cli_fails_with_file_and_line(scratch_root, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src: Path = scratch_root("errors")
    index = src / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("試験のために定める。", "{jo}`第9条`に定める。"), encoding="utf-8"
    )
    from strict_build import sphinx

    result = sphinx("html", tmp_path / "out", src=src, env={"PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert result.returncode != 0
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert lines == [
        "index.md:24: WARNING: 正規程 has no 第9条 (cited as '第9条'): cite an existing article, "
        "paragraph or item [reiki.ref]"
    ]
