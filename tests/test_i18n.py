"""The English edition: translated rules with English labels, the incomplete-page notice, the hard stop for rules."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

REPO = Path(__file__).resolve().parent.parent


def build(src: Path, **conf: str) -> tuple[Path, list[str]]:
    app = SphinxTestApp("html", srcdir=src, confoverrides={"language": "en", **conf})
    try:
        app.build()
        return Path(app.outdir), [w for w in strip_escape_sequences(app.warning.getvalue()).splitlines() if w]
    finally:
        app.cleanup()


def test_translated_rule_has_english_labels_throughout(scratch_root) -> None:  # type: ignore[no-untyped-def]
    out, warnings = build(scratch_root("i18n"))
    assert warnings == []
    html = (out / "policies" / "rule.html").read_text(encoding="utf-8")
    assert '<p class="reiki-caption">(Purpose)</p>' in html
    assert re.search(r'href="#a1">Article 1</a> This regulation governs', html)
    assert ">Basic Resident Registration Act, Article 30-6, paragraph 1<span" in html  # then the screen-reader words
    assert '<span class="reiki-ref">Article 2, paragraph 1, item 1</span>' in html
    assert "10 February 2017" in html and "1 April 2017" in html and "平成" not in html
    assert "Enactment" in html and "Regulation" in html and "Testing Section" in html
    notes = (out / "notes.html").read_text(encoding="utf-8")
    assert "Test Regulation Article 1, paragraph 2" in notes
    assert "Translation incomplete" in notes and "1 untranslated and 0 out-of-date" in notes
    assert "Translation incomplete" not in html


def test_statute_link_title_is_english_where_the_registry_has_english(scratch_root) -> None:  # type: ignore[no-untyped-def]
    src: Path = scratch_root("i18n")
    reg = src / "statutes.yaml"
    text = reg.read_text(encoding="utf-8").replace(
        "    number: 昭和42年法律第81号\n", "    number: 昭和42年法律第81号\n    number_en: Act No. 81 of 1967\n"
    )
    text = text.replace("{caption: 本人確認情報の通知等,", "{caption: 本人確認情報の通知等, caption_en: Notification,")
    reg.write_text(text, encoding="utf-8")
    out, warnings = build(src)
    assert warnings == []
    html = (out / "policies" / "rule.html").read_text(encoding="utf-8")
    assert (
        'title="Basic Resident Registration Act (Act No. 81 of 1967), Article 30-6, paragraph 1 (Notification) [registry:'
        in html
    )
    assert "昭和42年" not in html and "本人確認情報の通知等" not in html


STATS = """figures:
  - id: sent
    label: 通知カードの送付数
    label-en: Notification Cards sent
    value: 210201
    unit: 通
    unit-en: ""
    as_of: 2015-10-05
    note: 送付の対象を定めた日の数である。
    note-en: The number on the date that fixed who was to receive a card.
    source: 未確認
  - id: untranslated
    label: 未訳の数
    value: 5
    unit: 件
    as_of: 2016-12-31
    source: 未確認
charts:
  - title: 通知カード
    title-en: Notification Cards
    figures: [sent]
"""


def test_statistics_in_english_where_the_data_has_english(scratch_root) -> None:  # type: ignore[no-untyped-def]
    src: Path = scratch_root("i18n")
    (src / "stats.yaml").write_text(STATS, encoding="utf-8")
    (src / "notes.md").write_text(
        (src / "notes.md").read_text(encoding="utf-8") + "\n```{statistics}\n```\n", encoding="utf-8"
    )
    out, warnings = build(src, reiki_statistics="stats.yaml")
    assert warnings == [], warnings
    html = (out / "notes.html").read_text(encoding="utf-8")
    assert "Notification Cards sent" in html and "210,201<" in html and "5 October 2015" in html
    assert "The number on the date that fixed who was to receive a card." in html and "Notification Cards</span>" in html
    assert "通知カード" not in html and "平成27年" not in html
    assert "未訳の数" in html  # no English field: the Japanese stays rather than nothing


RULE_PO = "locale/en/LC_MESSAGES/policies/rule.po"


def _po_line(src: Path, text: str) -> int:
    """The line of a message's msgid in the scratch root's rule catalog."""
    lines = (src / RULE_PO).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line == f'msgid "{text}"')


def test_untranslated_rule_stops_the_english_build(scratch_root) -> None:  # type: ignore[no-untyped-def]
    src: Path = scratch_root("i18n")
    po = src / RULE_PO
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Definitions"', 'msgstr ""'), encoding="utf-8")
    _, warnings = build(src)
    line = _po_line(src, "定義")
    assert warnings == [
        f"policies/rule.md:29: WARNING: 規程の文「定義」（英語版カタログで未翻訳）: {RULE_PO}:{line} を訳す [reiki.i18n]"
    ]


def test_fuzzy_message_counts_as_untranslated(scratch_root) -> None:  # type: ignore[no-untyped-def]
    src: Path = scratch_root("i18n")
    po = src / RULE_PO
    po.write_text(po.read_text(encoding="utf-8").replace('msgid "定義"', '#, fuzzy\nmsgid "定義"'), encoding="utf-8")
    _, warnings = build(src)
    assert warnings == [
        f"policies/rule.md:29: WARNING: 規程の文「定義」（英語版カタログで未翻訳）: {RULE_PO}:{_po_line(src, '定義')} を訳す "
        "[reiki.i18n]"
    ]


def _intl_update(src: Path) -> None:
    """What make intl-update does: extract the messages, update the catalogs, clear the risky fuzzy guesses."""
    bindir = Path(sys.executable).parent
    pot = src / "_build" / "gettext"
    env = {"PYTHONPATH": str(REPO), "PATH": os.environ["PATH"]}
    for cmd in (
        [str(bindir / "sphinx-build"), "-b", "gettext", "-E", "-q", "-d", str(src / "_build" / "dt"), str(src), str(pot)],
        [str(bindir / "sphinx-intl"), "update", "-p", str(pot), "-d", str(src / "locale"), "-l", "en", "-w", "0"],
        [sys.executable, str(REPO / "tools" / "po_defuzz.py"), str(src / "locale" / "en" / "LC_MESSAGES")],
    ):
        subprocess.run(cmd, check=True, capture_output=True, env=env)


def test_rule_changed_since_the_catalog_update_stops_the_english_build(scratch_root) -> None:  # type: ignore[no-untyped-def]
    """A clerk edits a rule sentence and runs no intl-update: the English build names the sentence and the catalog line."""
    src: Path = scratch_root("i18n")
    (src / "conf.py").write_text((src / "conf.py").read_text(encoding="utf-8") + "gettext_location = False\n")  # as conf.py
    rule = src / "policies" / "rule.md"
    rule.write_text(
        rule.read_text(encoding="utf-8").replace("操作する職員をいう。", "操作する市の職員をいう。"), encoding="utf-8"
    )
    _, warnings = build(src)
    assert len(warnings) == 1, warnings
    found = re.fullmatch(
        r"policies/rule\.md:33: WARNING: 規程の文「操作者　統合端末を操作する市の職員をいう。」（カタログの更新後に変わった文）の英訳がない: "
        rf"make intl-update を実行し、{RULE_PO}:(\d+) を訳す \[reiki\.i18n\]",
        warnings[0],
    )
    assert found, warnings[0]
    _intl_update(src)  # the fix as the line says: the changed sentence is then at the line it named
    assert _po_line(src, "操作者　統合端末を操作する市の職員をいう。") == int(found.group(1))
    _, warnings = build(src)
    assert warnings == [
        f"policies/rule.md:33: WARNING: 規程の文「操作者　統合端末を操作する市の職員をいう。」（英語版カタログで未翻訳）: "
        f"{RULE_PO}:{found.group(1)} を訳す [reiki.i18n]"
    ]


def test_changed_fragment_and_data_text_are_found_where_they_are_written(scratch_root) -> None:  # type: ignore[no-untyped-def]
    src: Path = scratch_root("i18n")
    rule, po = src / "policies" / "rule.md", src / RULE_PO
    (src / "frag.md").write_text("試験の断片である。\n", encoding="utf-8")
    rule.write_text(
        rule.read_text(encoding="utf-8").replace("## 附則", "```{include} ../frag.md\n```\n\n## 附則"), encoding="utf-8"
    )
    po.write_text(
        po.read_text(encoding="utf-8") + '\nmsgid "試験の断片である。"\nmsgstr "A test fragment."\n', encoding="utf-8"
    )
    assert build(src)[1] == []  # translated: no notice, no stop
    (src / "frag.md").write_text("\n試験の断片とする。\n", encoding="utf-8")
    _, warnings = build(src)
    assert len(warnings) == 1 and warnings[0].startswith("frag.md:2: WARNING: 規程の文「試験の断片とする。」"), warnings
    (src / "frag.md").write_text("試験の断片である。\n", encoding="utf-8")
    rule.write_text(rule.read_text(encoding="utf-8").replace(":owner: 試験課", ":owner: 試験係"), encoding="utf-8")
    _, warnings = build(src)  # text the directive renders from its options (the instrument's owner)
    assert len(warnings) == 1 and warnings[0].startswith("policies/rule.md:3: WARNING: 規程の文「試験係」"), warnings


def test_changed_page_text_gets_the_notice(scratch_root) -> None:  # type: ignore[no-untyped-def]
    src: Path = scratch_root("i18n")
    out, warnings = build(src)
    assert warnings == [] and "Translation incomplete" not in (out / "index.html").read_text(encoding="utf-8")
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("# 翻訳の試験", "# 翻訳の試験の頁"), encoding="utf-8")
    out, warnings = build(src)
    assert warnings == []  # not a rule: the page is published with the notice
    assert "Translation incomplete" in (out / "index.html").read_text(encoding="utf-8")
    assert "0 untranslated and 1 out-of-date" in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_corpus_catalogs_are_in_sync() -> None:
    run = subprocess.run([sys.executable, str(REPO / "tools" / "intl_check.py")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_no_reference_style_links_in_translated_sources() -> None:
    """MyST-Parser #690: [text][label] links are lost in translation; the corpus uses inline links and roles."""
    pattern = re.compile(r"\]\[[^\]]*\]")
    code = re.compile(r"`+[^`]*`+")  # inline code may show the syntax
    offenders = [
        f"{p}:{n}"
        for p in sorted(REPO.glob("**/*.md"))
        if ".venv" not in p.parts and "node_modules" not in p.parts
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(code.sub("", line))
    ]
    assert offenders == []


CHART = """
```{graphviz}
:caption: 流れ

digraph flow {
    start [label="障害に\\\\n気付く"];
    stop [label="操作を中止する"];
    start -> stop [label="はい"];
}
```
"""
CHART_PO = """
msgid "流れ"
msgstr "Flow"

msgid "障害に気付く"
msgstr "Notice a failure"

msgid "操作を中止する"
msgstr "Stop the operation"

msgid "はい"
msgstr "Yes"
"""


def _chart_root(src: Path) -> Path:
    rule = src / "policies" / "rule.md"
    rule.write_text(rule.read_text(encoding="utf-8") + CHART, encoding="utf-8")
    po = src / "locale" / "en" / "LC_MESSAGES" / "policies" / "rule.po"
    po.write_text(po.read_text(encoding="utf-8") + CHART_PO, encoding="utf-8")
    return src


def test_chart_labels_are_messages_of_the_page(scratch_root) -> None:  # type: ignore[no-untyped-def]
    src = _chart_root(scratch_root("i18n"))
    app = SphinxTestApp("gettext", srcdir=src)
    try:
        app.build()
        pot = (Path(app.outdir) / "policies" / "rule.pot").read_text(encoding="utf-8")
    finally:
        app.cleanup()
    for label in ("障害に気付く", "操作を中止する", "はい"):  # the DOT line break joined: one message a label
        assert f'msgid "{label}"' in pot, pot


def test_chart_is_drawn_with_the_translated_labels(scratch_root) -> None:  # type: ignore[no-untyped-def]
    out, warnings = build(_chart_root(scratch_root("i18n")), graphviz_output_format="svg")
    assert warnings == [], warnings
    svg = "".join(p.read_text(encoding="utf-8") for p in (out / "_images").glob("graphviz-*.svg"))
    assert ">Notice a failure<" in svg and ">Stop the operation<" in svg and ">Yes<" in svg
    assert "操作" not in svg and "はい" not in svg
    html = (out / "policies" / "rule.html").read_text(encoding="utf-8")
    assert 'aria-label="Flow' in html and "<li>Notice a failure. Yes: step 2</li>" in html  # the name and the text


def test_untranslated_chart_label_stops_the_english_build(scratch_root) -> None:  # type: ignore[no-untyped-def]
    src = _chart_root(scratch_root("i18n"))
    po = src / "locale" / "en" / "LC_MESSAGES" / "policies" / "rule.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Stop the operation"', 'msgstr ""'), encoding="utf-8")
    _, warnings = build(src)
    line = next(
        n
        for n, ln in enumerate((src / "policies" / "rule.md").read_text(encoding="utf-8").splitlines(), 1)
        if "操作を中止する" in ln
    )
    po_line = next(
        n for n, ln in enumerate(po.read_text(encoding="utf-8").splitlines(), 1) if ln == 'msgid "操作を中止する"'
    )
    assert [w for w in warnings if "操作を中止する" in w] == [
        f"policies/rule.md:{line}: WARNING: 規程の文「操作を中止する」（英語版カタログで未翻訳）: locale/en/LC_MESSAGES/policies/rule.po:{po_line} を訳す [reiki.i18n]"
    ], warnings
