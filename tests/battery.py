"""The battery of bad inputs (issue 22): one planted change each, grouped as the issue's Why groups them.

Each case names the test root it is planted in, the file, the text replaced (or "" to append), the new text (or
SJIS: the file saved in Shift_JIS), where the one error line must point (a line number, or text on that line), and
a fragment of the message that must be on it (the fix, in the words of reiki/messages.py).
tests/test_battery.py builds each in-process; docs/authoring/errors.md states the counts (checked by the test).
"""

from __future__ import annotations

from dataclasses import dataclass

SJIS = "<shift_jis>"  # the file is saved in Shift_JIS instead of UTF-8
ARTICLE = "```{article} 1\n:caption: 目的\n\nこの規程は、試験のために定める。\n```\n"
BODY = "この規程は、試験のために定める。"
CITE = "試験のために定める。"
N = "983205673214"  # a valid 個人番号 (the second worked example of docs/authoring/personal-data.md), not allowlisted
SNAPSHOT = "policies/versions/sample/a1.md"

# The groups of the Why (the fourth, 再現できない, is the reproducibility test: tests/test_editions.py)
GROUPS = {
    "traceback": "内部の誤り（トレースバック）になっていたもの",
    "location": "場所を誤って示していたもの",
    "silent": "止まらずに誤った出力になっていたもの",
}


@dataclass(frozen=True)
class Case:
    """One bad input."""

    id: str
    group: str
    file: str
    old: str
    new: str
    at: int | str  # the expected line, or text on it (looked up after planting)
    says: str
    root: str = "battery"
    out: str = ""  # the written file the line names, when the last net (the output scan) finds it
    out_at: str = ""  # text on that line of the written file


def pii(case: str, spelled: str, file: str = "index.md", old: str = BODY, at: str = "", root: str = "battery") -> Case:
    """A valid 個人番号 planted in one route, in one spelling."""
    new = old.replace("。", f"（{spelled}）。", 1) if "。" in old else f"{old}（{spelled}）"
    return Case(case, "silent", file, old, new, at or spelled, f"個人番号 {N}）がある: 実在の個人の情報を消す", root)


CASES = [
    # 番号と見出し、参照（tests/roots/test-errors の誤りを移したもの）
    Case(
        "duplicate-article",
        "silent",
        "index.md",
        ARTICLE,
        ARTICLE + "\n" + ARTICLE,
        27,
        "第1条が重なる（最初は21行）: 番号を振り直すか",
    ),
    Case(
        "gap",
        "silent",
        "index.md",
        ARTICLE,
        ARTICLE + "\n```{article} 3\n:caption: 飛び番\n\n本文。\n```\n",
        27,
        "第3条は第1条の次に置けない: 条番号を連続させる",
    ),
    Case("paragraph-gap", "silent", "index.md", BODY, BODY + "\n3 第3項。", 25, "番号 3 の所は 2 のはず: 項・号の番号を"),
    Case("item-style", "silent", "index.md", BODY, "次に掲げる。\n(1) 一\nウ 細目", 26, "番号 ウ の所は ア のはず"),
    Case("item-orphan", "silent", "index.md", BODY, "次に掲げる。\nア 細目", 25, "ア の上の号がない: ア は号 (1) の下に"),
    Case(
        "fullwidth-label",
        "silent",
        "index.md",
        BODY,
        "本文。\n２ 全角の項番号",
        25,
        "項番号「２」が全角: 半角で「2 」と書く",
    ),
    Case(
        "no-label",
        "silent",
        "index.md",
        BODY,
        "本文。\n番号のない行",
        25,
        "行頭に項又は号の番号がない: 第2項は「2 」で始める",
    ),
    Case("empty-article", "silent", "index.md", BODY + "\n", "", 21, "条の本文がない: 本文を書くか"),
    Case(
        "missing-article",
        "silent",
        "index.md",
        CITE,
        "{jo}`第9条`に定める。",
        24,
        "正規程に第9条がない（第9条 と引用）: 実在する",
    ),
    Case("missing-item", "silent", "index.md", CITE, "{jo}`第1条第1項第4号`に定める。", 24, "正規程に第1条第1項第4号がない"),
    Case(
        "unknown-instrument",
        "silent",
        "index.md",
        CITE,
        "{jo}`nosuch:第1条`に定める。",
        24,
        "instrument 指令の識別子（good）を使う",
    ),
    Case(
        "wrong-relative",
        "silent",
        "index.md",
        CITE,
        "{jo}`前条 <第1条>`に定める。",
        24,
        "前に条がないのに前条と書いている: 表示か参照先",
    ),
    Case(
        "short-form-previous-paragraph",
        "silent",
        "index.md",
        CITE,
        "{jo}`前項 <第1項>`に定める。",
        24,
        "第1項の前に項がないのに前項",
    ),
    Case(
        "unknown-statute",
        "silent",
        "index.md",
        CITE,
        "{law}`住民法第1条`に定める。",
        24,
        "法令 住民法 が登録簿にない: data/statutes.yaml",
    ),
    Case(
        "statute-article",
        "silent",
        "index.md",
        CITE,
        "{law}`住基法第99条`に定める。",
        24,
        "住民基本台帳法第99条が data/statutes.yaml にない",
    ),
    Case(
        "unverified-article",
        "silent",
        "index.md",
        CITE,
        "{law}`住基法第30条の24`に定める。",
        24,
        "確認できていない: 条を特定せずに",
    ),
    Case(
        "chapter-gap",
        "silent",
        "index.md",
        "```{article} 1",
        "## 第2章 総則\n\n```{article} 1",
        21,
        "章の番号が第1章のはずが第2章",
    ),
    # 頭書き、履歴、附則と日付
    Case(
        "bad-date",
        "traceback",
        "index.md",
        ":enacted: 未確認",
        ":enacted: 2017-02-30",
        ":enacted:",
        "実在する日付を YYYY-MM-DD で書く",
    ),
    Case(
        "missing-metadata",
        "silent",
        "index.md",
        ":owner: 試験課\n",
        "",
        3,
        "例規 good の頭書きに :owner: がない: その項目を書く",
    ),
    Case(
        "era-amendment-date",
        "silent",
        "index.md",
        "  date: 未確認",
        "  date: 平成29年",
        14,
        "date の日付 平成29年 が読めない",
    ),
    Case(
        "impossible-amendment-date",
        "traceback",
        "index.md",
        "  date: 未確認",
        "  date: 2017-02-30",
        "date: 2017-02-",
        "日付 2017-02-30 は暦にない",
    ),
    Case("amendments-indent", "traceback", "index.md", "  type: 制定", " type: 制定", " type: 制定", "YAML として読めない"),
    Case(
        "amendments-field",
        "traceback",
        "index.md",
        "  number: 未確認\n  effective",
        "  effective",
        "- id: enact",
        "5つの項目を全て書く",
    ),
    Case(
        "suppl-history",
        "silent",
        "index.md",
        ":effective: 未確認\n\nこの",
        ":effective: 2017-04-01\n\nこの",
        29,
        "附則と履歴の施行日を一致",
    ),
    Case(
        "missing-suppl",
        "silent",
        "index.md",
        "```{supplementary} enact",
        "```{supplementary} other",
        29,
        "附則の引数を履歴の id にする",
    ),
    Case(
        "next-review-before-review",
        "silent",
        "index.md",
        ":next-review: 2027-11-30",
        ":next-review: 2025-11-30",
        ":next-review:",
        "次回の見直し予定日を最後の見直しの日より後の日にする",
    ),
    Case(
        "effective-before-promulgation",
        "silent",
        "index.md",
        "  date: 未確認\n  number: 未確認\n  effective: 未確認",
        "  date: 2017-04-01\n  number: 未確認\n  effective: 2017-03-01",
        "  effective: 2017-03-01",
        "施行日を公布日以後にするか、公布日を直す",
    ),
    Case(
        "era-year-zero",
        "silent",
        "index.md",
        "決定の日から施行する。",
        "令和0年4月1日から施行する。",
        "令和0年",
        "令和は元年からであるので、西暦で確かめて直す",
    ),
    Case(
        "era-year-past-end",
        "silent",
        "index.md",
        "決定の日から施行する。",
        "平成32年4月1日から施行する。",
        "平成32年",
        "平成は31年（2019年4月30日）まで",
    ),
    # 文字コード
    Case("page-sjis", "traceback", "index.md", "", SJIS, 1, "iconv -f Shift_JIS -t UTF-8"),
    Case("earlier-text-sjis", "traceback", SNAPSHOT, "", SJIS, 1, "iconv -f Shift_JIS -t UTF-8", root="versions"),
    Case("fragment-sjis", "location", "_fragments/note.md", "", SJIS, 1, "iconv -f Shift_JIS -t UTF-8"),
    Case("statutes-sjis", "traceback", "data/statutes.yaml", "", SJIS, 3, "iconv -f Shift_JIS -t UTF-8"),
    # データファイル: その行を示す
    Case(
        "statutes-yaml",
        "traceback",
        "data/statutes.yaml",
        "    number: 昭和42年法律第81号",
        "   number: 昭和42年法律第81号",
        "   number:",
        "字下げ、「:」の後の空白",
    ),
    Case(
        "statutes-enum",
        "location",
        "data/statutes.yaml",
        "status: probable",
        "status: maybe",
        "status: maybe",
        "のいずれかにする",
    ),
    Case(
        "pii-pattern-regex",
        "traceback",
        "data/pii-patterns.yaml",
        "'0[789]0-?",
        "'0[789]0-?(",
        "'0[789]0-?(",
        "正規表現として書き直す",
    ),
    Case(
        "pii-allow-reason",
        "location",
        "data/pii-allowlist.yaml",
        "    reason: 試験のための公開の番号の見本\n",
        "",
        '"095-800-0000"',
        "reason",
    ),
    # 断片（include）の誤りは断片の行で示す
    Case(
        "fragment-citation",
        "location",
        "_fragments/note.md",
        "読み込む。",
        "読み込む（{jo}`good:第9条`）。",
        1,
        "正規程に第9条がない",
    ),
    Case(
        "fragment-statute",
        "location",
        "_fragments/note.md",
        "読み込む。",
        "読み込む（{law}`住民法第1条`）。",
        1,
        "法令 住民法 が登録簿にない",
    ),
    # 公開版に載せないもの
    Case(
        "external-image", "silent", "index.md", "", "![図](https://example.org/map.png)", "https://example.org", "相対パス"
    ),
    Case(
        "external-script",
        "silent",
        "index.md",
        "",
        '<script src="https://cdn.example.org/x.js"></script>',
        "cdn.example",
        "リンク（<a>）にする",
    ),
    # 個人番号: 各経路
    pii("pii-page", N),
    pii("pii-fragment", N, "_fragments/note.md", "この注記は、試験のために読み込む。"),
    pii("pii-catalog", N, "locale/en/LC_MESSAGES/index.po", "This note is read for the test."),
    pii("pii-data", N, "data/statutes.yaml", "    source: test"),
    # 条の外（題名）に置く: 条の字句を変えると、改め文の記録との食い違いも（別の誤りとして）示されるため
    pii("pii-earlier-text", N, SNAPSHOT, "# 試験要領", root="versions"),
    # 個人番号: 各書き方
    pii("pii-hyphens", "9832-0567-3214"),
    pii("pii-fullwidth-digits", "９８３２０５６７３２１４"),
    pii("pii-fullwidth-spaces", "９８３２　０５６７　３２１４"),
    pii("pii-plain-spaces", "9832 0567 3214"),
    pii("pii-unicode-hyphens", "9832‐0567‐3214"),
    pii("pii-fullwidth-hyphens", "9832－0567－3214"),
    pii("pii-long-vowel-marks", "9832ー0567ー3214"),
    pii("pii-spaced-dashes", "9832 – 0567 – 3214"),
    pii("pii-split-by-bold", "9832**0567**3214"),
    pii("pii-split-by-role", "9832{strong}`0567`3214"),
    pii("pii-split-in-fragment", "9832 **0567** 3214", "_fragments/note.md", "この注記は、試験のために読み込む。"),
    # 設定した一覧（data/pii-patterns.yaml）
    Case(
        "mobile-number",
        "silent",
        "index.md",
        BODY,
        BODY + "連絡先は090-1234-5678とする。",
        "090-",
        "携帯電話番号 090-1234-5678",
    ),
    Case(
        "mobile-fullwidth",
        "silent",
        "index.md",
        BODY,
        BODY + "連絡先は０９０－１２３４－５６７８。",
        "０９０",
        "携帯電話番号",
    ),
    Case("landline-brackets", "silent", "index.md", BODY, BODY + "電話095(800)1234。", "095(800)", "電話番号 095(800)1234"),
    Case(
        "public-number-elsewhere",
        "silent",
        "_fragments/note.md",
        "読み込む。",
        "読み込む。095-800-0000",
        1,
        "電話番号 095-800-0000",
    ),
    Case("email-address", "silent", "index.md", BODY, BODY + "taro.yamada@example.jp", "taro.yamada", "電子メールアドレス"),
    Case(
        "email-in-catalog",
        "silent",
        "locale/en/LC_MESSAGES/index.po",
        "A good rule",
        "A good rule hanako@example.jp",
        "hanako",
        "電子メールアドレス",
    ),
    # 生成された文（書き出した頁を最後に調べる）
    Case(
        "pii-generated",
        "silent",
        "conf.py",
        'language = "ja"',
        f'language = "ja"\nhtml_title = "試験 {N}"',
        "html_title",
        f"どの原稿にもない個人情報と思われる値（個人番号 {N}）",
        out="_build/html/genindex.html",  # the first written page (in name order) that shows it
        out_at=N,
    ),
    # 閉じていない囲み
    Case("unclosed-colon-fence", "silent", "index.md", "", ":::{note}\n注記。", ":::{note}", "「:::」だけの行を置く"),
    Case("unclosed-backtick-fence", "silent", "index.md", "", "```{note}\n注記。", "```{note}", "「```」だけの行を置く"),
    Case("unclosed-code-block", "silent", "index.md", "", "```text\n例。", "```text", "「```」だけの行を置く"),
    Case(
        "unclosed-nested-fence",
        "silent",
        "index.md",
        "",
        "::::{note}\n:::{warning}\n警告。\n::::",
        ":::{warning}",
        "外側の記号",
    ),
    Case(
        "unclosed-fence-in-fragment", "silent", "_fragments/note.md", "", ":::{note}\n注記。", ":::{note}", "「:::」だけの行"
    ),
    Case(
        "unclosed-fence-in-earlier-text",
        "silent",
        SNAPSHOT,
        "",
        "```{article} 9\n:caption: 追加\n\n本文。",
        "```{article} 9",
        "「```」だけの行",
        root="versions",
    ),
]

# Good inputs that look like the bad ones: each must build clean
CLEAN = [
    ("not-a-check-digit", "index.md", BODY, BODY.replace("。", "（983205673215）。")),
    ("registered-sample", "index.md", BODY, BODY.replace("。", "（1234 5678 9018）。")),
    ("public-number-where-registered", "index.md", BODY, BODY + "代表電話は095-800-0000とする。"),
    ("closed-nested-fences", "index.md", "", "::::{note}\n:::{warning}\n警告。\n:::\n::::"),
    ("fence-shown-in-code", "index.md", "", "````markdown\n:::{note}\n````"),
    ("landline-without-separators", "index.md", BODY, BODY + "番号は0958000000。"),
]
