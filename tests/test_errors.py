"""Every bad input an author can make stops the build with one line: file:line and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences
from strict_build import app_warnings

ARTICLE = "```{article} 1\n:caption: 目的\n\nこの規程は、試験のために定める。\n```\n"

# (case, old text, new text, expected line, expected message fragment)
CASES = [
    (
        "duplicate-article",
        ARTICLE,
        ARTICLE + "\n" + ARTICLE,
        27,
        "第1条が重なる（最初は21行）: 番号を振り直すか、枝番号（30の2）を使う",
    ),
    (
        "gap",
        ARTICLE,
        ARTICLE + "\n```{article} 3\n:caption: 飛び番\n\n本文。\n```\n",
        27,
        "第3条は第1条の次に置けない: 条番号を連続させる",
    ),
    (
        "paragraph-gap",
        "この規程は、試験のために定める。",
        "この規程は、試験のために定める。\n3 第3項。",
        25,
        "番号 3 の所は 2 のはず: 項・号の番号を",
    ),
    ("item-style", "この規程は、試験のために定める。", "次に掲げる。\n(1) 一\nウ 細目", 26, "番号 ウ の所は ア のはず"),
    (
        "item-orphan",
        "この規程は、試験のために定める。",
        "次に掲げる。\nア 細目",
        25,
        "ア の上の号がない: ア は号 (1) の下に",
    ),
    (
        "fullwidth-label",
        "この規程は、試験のために定める。",
        "本文。\n２ 全角の項番号",
        25,
        "項番号「２」が全角: 半角で「2 」と書く",
    ),
    (
        "no-label",
        "この規程は、試験のために定める。",
        "本文。\n番号のない行",
        25,
        "行頭に項又は号の番号がない: 第2項は「2 」で始める",
    ),
    ("empty-article", "この規程は、試験のために定める。\n", "", 21, "条の本文がない: 本文を書くか"),
    (
        "missing-article",
        "試験のために定める。",
        "{jo}`第9条`に定める。",
        24,
        "正規程に第9条がない（第9条 と引用）: 実在する条・項・号を引用する",
    ),
    ("missing-item", "試験のために定める。", "{jo}`第1条第1項第4号`に定める。", 24, "正規程に第1条第1項第4号がない"),
    (
        "unknown-instrument",
        "試験のために定める。",
        "{jo}`nosuch:第1条`に定める。",
        24,
        "nosuch:第1条 の例規 nosuch がない: instrument 指令の識別子（good）を使う",
    ),
    (
        "wrong-relative",
        "試験のために定める。",
        "{jo}`前条 <第1条>`に定める。",
        24,
        "第1条の前に条がないのに前条と書いている: 表示か参照先を直す",
    ),
    (
        "unknown-statute",
        "試験のために定める。",
        "{law}`住民法第1条`に定める。",
        24,
        "法令 住民法 が登録簿にない: data/statutes.yaml の題名又は略称",
    ),
    (
        "statute-article",
        "試験のために定める。",
        "{law}`住基法第99条`に定める。",
        24,
        "住民基本台帳法第99条が data/statutes.yaml にない: 見出し、確認状況、出典を付けて",
    ),
    (
        "unverified-article",
        "試験のために定める。",
        "{law}`住基法第30条の24`に定める。",
        24,
        "住民基本台帳法第30条の24は確認できていない: 条を特定せずに規定し",
    ),
    ("unknown-bib-key", "試験のために定める。", "{cite:t}`nosuch`に定める。", 24, 'could not find bibtex key "nosuch"'),
    (
        "bad-date",
        ":enacted: 未確認",
        ":enacted: 2017-02-30",
        3,
        ":enacted: の日付 2017-02-30 が読めない: 実在する日付を YYYY-MM-DD で書く",
    ),
    ("missing-metadata", ":owner: 試験課\n", "", 3, "例規 good の頭書きに :owner: がない: その項目を書く"),
    (
        "bad-amendment-date",
        "  date: 未確認",
        "  date: 平成29年",
        14,
        "改正 enact の date の日付 平成29年 が読めない: YYYY-MM-DD で書く",
    ),
    (
        "suppl-history",
        ":effective: 未確認\n\nこの規程は",
        ":effective: 2017-04-01\n\nこの規程は",
        29,
        "附則 enact の施行日 2017-04-01 が履歴の施行日 未確認 と違う: 附則と履歴の施行日を一致させる",
    ),
    (
        "missing-suppl",
        "```{supplementary} enact",
        "```{supplementary} other",
        29,
        "附則 other に当たる改正が履歴にない（履歴: enact）: 附則の引数を履歴の id にする",
    ),
    (
        "chapter-gap",
        "```{article} 1",
        "## 第2章 総則\n\n```{article} 1",
        21,
        "章の番号が第1章のはずが第2章: 章の番号を連続させる",
    ),
]


@pytest.mark.parametrize(("case", "old", "new", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input(scratch_root, case: str, old: str, new: str, line: int, message: str) -> None:  # type: ignore[no-untyped-def]
    src: Path = scratch_root("errors")
    index = src / "index.md"
    text = index.read_text(encoding="utf-8")
    assert old in text, case
    index.write_text(text.replace(old, new, 1), encoding="utf-8")
    warnings = app_warnings(src)
    relevant = [w for w in warnings if "index.md" in w]
    assert len(relevant) >= 1, warnings
    assert relevant[0].startswith(f"index.md:{line}: WARNING: "), relevant  # relative, as the author sees it
    assert message in relevant[0], relevant
    assert len(relevant) == 1, relevant  # one mistake, one line


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
        "index.md:24: WARNING: 正規程に第9条がない（第9条 と引用）: 実在する条・項・号を引用する。条を動かしたときは引用も直す "
        "[reiki.ref]"
    ]
