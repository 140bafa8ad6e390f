"""The messages authors see when the build stops: what is wrong and how to fix it, in Japanese, one line each."""

from __future__ import annotations

from typing import Any

# key: (what is wrong, how to fix it); str.format fields are filled by the check that finds the mistake.
# docs/authoring/errors.md lists each of them (tests/test_messages.py keeps the two in step).
MESSAGES: dict[str, tuple[str, str]] = {
    # 例規の頭書き
    "instrument-id": ("例規の識別子 {ident} が使えない形", "英小文字・数字・ハイフンで書く"),
    "instrument-twice": ("1つのファイルに例規が2つある", "2つ目の例規を別のファイルに移す"),
    "instrument-lacks": ("例規 {ident} の頭書きに {fields} がない", "その項目を書く（値が分からなければ 未確認）"),
    "instrument-kind": ("種別 {kind} は使えない", "{kinds} のいずれかにする"),
    "instrument-date": ("{field} の日付 {value} が読めない", "実在する日付を YYYY-MM-DD で書く（不明なら 未確認）"),
    "instrument-review-order": (
        ":next-review: の {next} が :reviewed: の {last} より後でない",
        "次回の見直し予定日を最後の見直しの日より後の日にする",
    ),
    "instrument-style": (":style: の {style} は使えない", "条 又は 第 とする"),
    "instrument-short-en": ("例規 {ident} に英語の略称 :short-en: がない", "頭書きに :short-en: を書く"),
    "instrument-duplicate": ("例規の識別子 {ident} は {other} で使われている", "例規ごとに別の識別子を付ける"),
    "outside-instrument": ("{directive} が例規の外にある", "ファイルの先頭に instrument 指令を置く"),
    # 改正の履歴
    "history-fields": ("改正の履歴の行に id, type, date, number, effective のどれかがない", "5つの項目を全て書く"),
    "history-type": ("改正の種類 {type} は使えない", "{types} のいずれかにする"),
    "history-date": ("改正 {id} の {field} の日付 {value} が読めない", "YYYY-MM-DD で書く（不明なら 未確認）"),
    "history-effective-early": (
        "改正 {id} の施行日 {effective} が公布日（date） {date} より前",
        "施行日を公布日以後にするか、公布日を直す",
    ),
    "history-empty": ("改正の履歴が空", "少なくとも制定（type: 制定）の行を書く"),
    "history-first": ("改正の履歴の最初が制定でない", "最初の行を 制定（又は 全部改正）とする"),
    "history-duplicate": ("改正の id が重なる（{ids}）", "行ごとに別の id を付ける"),
    "suppl-unknown": ("附則 {id} に当たる改正が履歴にない（履歴: {ids}）", "附則の引数を履歴の id にする"),
    "suppl-effective": ("附則 {id} の施行日 {effective} が履歴の施行日 {history} と違う", "附則と履歴の施行日を一致させる"),
    "suppl-missing": ("{short}の附則が {ids} の分だけない", "履歴の各行に附則を1つずつ、古い順に置く"),
    "suppl-order": ("{short}の附則の順が履歴の順と違う", "附則を履歴と同じ古い順に並べる"),
    "suppl-date": ("附則の :effective: の日付 {value} が読めない", "YYYY-MM-DD で書く（不明なら 未確認）"),
    "snapshot-missing": ("改正 {id} の前の本文 {path} がない", "改正前の本文をそのファイルに保存する"),
    # 番号
    "article-number": ("条番号 {number} が読めない", "7 や 30の2 と書く"),
    "article-duplicate": ("{label}が重なる（最初は{first}行）", "番号を振り直すか、枝番号（30の2）を使う"),
    "article-sequence": (
        "{label}は{prev}の次に置けない",
        "条番号を連続させる（枝番号は元の条の次）。条を削るときは本文を 削除 とする",
    ),
    "article-caption": ("{label}に見出し（:caption:）がない", ":caption: を書く（削除した条を除く）"),
    "article-empty": ("条の本文がない", "本文を書くか、削除した条は 削除 と書く"),
    "unit-first": ("第1項に番号が付いている", "第1項は番号を付けずに本文から書く"),
    "unit-no-label": (
        "行頭に項又は号の番号がない",
        "第{next}項は「{next} 」で始める。号は「(1) 」「ア 」「(ア) 」で始め、1行に1つ書く",
    ),
    "unit-fullwidth": ("項番号「{found}」が全角", "半角で「{number} 」と書く"),
    "unit-orphan": ("{label} の上の号がない", "ア は号 (1) の下に、(ア) は ア の下に置く"),
    "unit-sequence": ("番号 {found} の所は {want} のはず", "項・号の番号を 1, 2, 3（(1), ア, (ア)）と飛ばさず重ねずに振る"),
    "unit-empty": ("{label} の本文がない", "番号の後に本文を書く"),
    "heading-in-instrument": (
        "例規の中の見出し {text} は使えない",
        "「## 第N章 見出し」又は「## 附則」と書く（附則は最後）",
    ),
    "chapter-sequence": ("章の番号が第{want}章のはずが第{found}章", "章の番号を連続させる"),
    "heading-in-chapter": ("第{chapter}章の中の見出し {text} は使えない", "「### 第N節 見出し」と書く"),
    "section-sequence": ("節の番号が第{want}節のはずが{found}", "節の番号を連続させる"),
    # 囲み（``` と :::）
    "fence-unclosed": (
        "「{fence}」の囲みが閉じていない（{until}までが中に入る）",
        "中身の終わりに「{close}」だけの行を置く。囲みを入れ子にするときは外側の記号を1つ多くする",
    ),
    # 参照と引用
    "ref-not-citation": ("{text} は条の引用の形でない", "第7条、第7条第2項第1号、kitei:第7条 のように書く"),
    "ref-date": ("{text} の @ の後の日付が読めない", "YYYY-MM-DD で書く"),
    "ref-no-instrument": (
        "{text} がどの例規か分からない（この頁に例規がない）",
        "kitei:{text} のように例規の識別子を付ける",
    ),
    "ref-needs-article": ("{text} は条の外では使えない", "第N条{text} のように条から書く"),
    "ref-unknown-instrument": ("{text} の例規 {ident} がない", "instrument 指令の識別子（{ids}）を使う"),
    "ref-missing": ("{short}に{label}がない（{text} と引用）", "実在する条・項・号を引用する。条を動かしたときは引用も直す"),
    "ref-renumbered": (
        "{text}（{short}{label}）は、{when}改正（{id}）で{moved}",
        "引用する規定を本文で確かめ、今の番号と確かめた日を書く（{fix}）",
    ),
    "ref-asof-missing": ("{text}: {when}に効力のあった{short}に{label}がない", "その日の番号で書くか、@ の後の日付を直す"),
    "ref-relative-article": (
        "{shown}は{here}の{side}の条（{expected}）だが、参照先は{target}",
        "参照先か表示（前条・次条）を直す",
    ),
    "ref-relative-none": ("{here}の{side}に{what}がないのに{shown}と書いている", "表示か参照先を直す"),
    "ref-relative-para": (
        "{shown}は第{here}項の{side}の項（第{expected}項）だが、参照先は{target}",
        "参照先か表示（前項・次項）を直す",
    ),
    "law-not-citation": ("{text} は法令の引用の形でない", "住基法第30条の6第1項 のように書く"),
    "law-unknown": ("法令 {law} が登録簿にない", "data/statutes.yaml の題名又は略称（{names}）を使う"),
    "law-article-missing": ("{title}{article}が data/statutes.yaml にない", "見出し、確認状況、出典を付けて登録簿に加える"),
    "law-article-unverified": (
        "{title}{article}は確認できていない",
        "条を特定せずに規定し、docs/reference/open-questions.md に挙げる",
    ),
    # アンカー
    "anchor-gone": ("公開したアンカー {anchor} が無くなった", "元に戻すか、{redirects} に「{anchor}: <新しい場所>」と書く"),
    "anchor-redirect": ("{old} の転送先 {new} がない", "実在するアンカーを転送先にする"),
    "anchor-new": (
        "新しいアンカー {count}件が記録されていない（例: {example}）",
        "make anchors を実行し、{lock} をコミットする",
    ),
    "anchor-drop": (
        "公開したアンカー {anchor} が無くなるが、転送先の記録がない{more}",
        "元に戻すか、{redirects} に「{anchor}: <新しい場所>」と書いてから make anchors を実行する",
    ),
    # 監査と点検のデータ
    "trace-unknown-instrument": ("対象外の {target} の例規がない", "例規の識別子を確かめる"),
    "trace-not-citation": ("{id}: {target} は条の引用の形でない", "kitei:第N条 のように書く"),
    "trace-missing": ("{id}: {target} がない", "実在する条・項を書く"),
    "trace-duplicate": ("{what}の番号 {id} が重なる（最初は{first}行）", "番号を重複させない。一度付けた番号は変えない"),
    "trace-unknown-requirement": ("{id}: 要求事項 {req} がない", "{path} の id を使う"),
    "trace-unknown-item": ("{id}: 結果の項目 {item} がない", "{path} の項目の番号を使う"),
    "trace-form": (":form: の値が違う", "{forms} のいずれかにする"),
    # データファイル（data/*.yaml、頁の中の YAML）
    "data-unreadable": ("ファイルを読めない（{reason}）", "ファイルの名前と場所を確かめる"),
    "data-encoding": (
        "文字コードが UTF-8 ではない（{name} と思われる）",
        "UTF-8 に変換して保存する（iconv -f {name} -t UTF-8）",
    ),
    "data-encoding-unknown": ("文字コードが UTF-8 ではない", "UTF-8 で保存し直す"),
    "data-yaml": ("YAML として読めない（{problem}）", "字下げ、「:」の後の空白、引用符と括弧の対応を確かめる"),
    "data-date": ("日付 {value} は暦にない", "実在する日付を YYYY-MM-DD で書く（不明なら 未確認）"),
    "data-row": ("{what} が「項目: 値」の形でない", "他の行と同じ形に書く"),
    "data-field": ("{what} に項目 {fields} がない", "その項目を書く（値が分からなければ 未確認）"),
    "data-list": ("{key} の一覧がない", "{key}: の下に行を - で並べる"),
    "schema-required": ("{where}: 項目 {fields} がない", "必要な項目を書く（値が分からなければ 未確認）"),
    "schema-unknown-field": ("{where}: 知らない項目がある（{fields}）", "項目名の綴りを確かめるか、その項目を削る"),
    "schema-enum": ("{where}: {value} は使えない値", "{values} のいずれかにする"),
    "schema-pattern": ("{where}: {value} は決まった形でない", "形 {pattern} に合わせる"),
    "schema-type": ("{where}: {value} の型が違う", "{type} で書く"),
    "schema-other": ("{where}: 値が決まりに合わない（{problem}）", "reiki/schemas/ の定めに合わせて値を直す"),
    "data-integer": ("{what} の {field} {value} が整数でない", "整数で書く"),
    "data-id": ("{what}の id {value} が使えない形", "英小文字・数字・ハイフンで書く"),
    "data-id-duplicate": ("{what}の id {value} が重なる（最初は{first}行）", "別の id を付ける"),
    "data-unknown-figures": ("図 {title} が知らない数値 {ids} を挙げている", "figures の id を書く"),
    "data-redirects": ("転送の記録が「旧: 新」の形でない", "1行に「旧のアンカー: 新のアンカー」と書く"),
    "data-meeting-date": ("会議 {id} の日付 {value} が読めない", "YYYY-MM-DD で書く"),
    "data-figure-date": ("数値 {id} の as_of {value} が読めない", "YYYY-MM-DD で書く"),
    # 個人情報と英語版、その他
    "pii": (
        "個人情報と思われる値（{kind} {value}）がある",
        "実在の個人の情報を消す。見本が要るときは {allowlist} に登録した見本 {sample} を使う",
    ),
    "pii-nosample": (
        "個人情報と思われる値（{kind} {value}）がある",
        "実在の個人の情報を消す。公開のために書く値なら理由を付けて {allowlist} に登録する",
    ),
    "pii-output": (
        "書き出した頁に、どの原稿にもない個人情報と思われる値（{kind} {value}）がある",
        "その値を作る設定（conf.py）、データ又は拡張機能の出力を直す",
    ),
    "pii-pattern": ("個人情報の形 {id} の pattern が正規表現として読めない（{problem}）", "Python の正規表現として書き直す"),
    "i18n-rule": ("規程の文「{text}」（{others}英語版カタログで未翻訳）", "{po}:{line} を訳す"),
    "i18n-changed": (
        "規程の文「{text}」（{others}カタログの更新後に変わった文）の英訳がない",
        "make intl-update を実行し、{po}:{line} を訳す",
    ),
    "i18n-no-catalog": ("規程 {docname} に翻訳カタログがない", "make intl-update を実行して {po} を訳す"),
    "selfcheck-answer": ("確認問題（selfcheck）に答え（answer）がない", "selfcheck の中に answer を置く"),
    "export-missing": ("{docname} の書き出しがない", "make clean の後にビルドし直す"),
}


def pair(key: str, /, **fields: Any) -> tuple[str, str]:
    """What is wrong and how to fix it, filled in."""
    what, fix = MESSAGES[key]
    return what.format(**fields), fix.format(**fields)


def msg(key: str, /, **fields: Any) -> str:
    """The one-line message: what is wrong, a colon, how to fix it."""
    return ": ".join(pair(key, **fields))


# The groups of the table in docs/authoring/errors.md: (heading, the error types, key prefixes)
GROUPS = [
    ("例規の頭書き", "metadata・date・duplicate", ("instrument", "outside")),
    ("改正の履歴と附則", "metadata・history・date・versions", ("history", "suppl", "snapshot")),
    ("条・項・号の番号と見出し", "numbering・duplicate・empty", ("article", "unit", "heading", "chapter", "section")),
    ("囲み", "fence", ("fence",)),
    ("参照と引用", "ref・renumbered・law", ("ref", "law")),
    ("アンカー", "anchor", ("anchor",)),
    ("データファイル", "data・date・encoding・trace", ("data", "schema")),
    ("監査と点検のデータ", "trace", ("trace",)),
    ("個人情報、英語版その他", "pii・i18n・training・metadata", ("pii", "i18n", "selfcheck", "export")),
]


def shown(template: str) -> str:
    """A template as the table shows it: each value the build fills in is ‹…›."""
    out, depth = "", 0
    for ch in template:
        if ch == "{":
            depth += 1
            out += "‹…›" if depth == 1 else ""
        elif ch == "}":
            depth -= 1
        elif depth == 0:
            out += ch
    return out


def register(app: Any) -> None:
    """The {error-messages} directive: every message and its fix, as the build writes them."""
    from docutils import nodes
    from sphinx.util.docutils import SphinxDirective

    from .tables import table

    class ErrorMessagesDirective(SphinxDirective):
        """One table per group of messages (the words are those of reiki/messages.py, so they never drift)."""

        def run(self) -> list[nodes.Node]:
            """Headings and tables."""
            out: list[nodes.Node] = []
            for heading, kinds, prefixes in GROUPS:
                keys = [k for k in MESSAGES if k.split("-")[0] in prefixes]
                title = f"{heading}（{kinds}）"
                out.append(nodes.rubric(title, title, translatable=False))
                rows = [(shown(MESSAGES[k][0]), shown(MESSAGES[k][1])) for k in keys]
                out.append(table(["表示（何が誤りか）", "直し方"], rows, widths=[1, 1], classes=["error-messages"]))
            return out

    app.add_directive("error-messages", ErrorMessagesDirective)
