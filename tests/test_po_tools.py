"""Catalog updates keep no dangerous fuzzy guesses, and the translator's list names each message to do."""

from __future__ import annotations

from pathlib import Path

from tools import intl_report, po_defuzz

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

#, fuzzy
msgid "この訓令は、令和9年4月1日から施行する。"
msgstr "This Instruction comes into force on 1 April 2026."

#, fuzzy
msgid "研修の実施について"
msgstr "Training"

msgid "目的"
msgstr "Purpose"

msgid "定義"
msgstr ""
"""


def test_risky_guesses_are_cleared_and_others_kept(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(PO, encoding="utf-8")
    assert po_defuzz.defuzz(po) == 1
    text = po.read_text(encoding="utf-8")
    assert "1 April 2026" not in text  # the old date is not carried into the new message
    assert '#, fuzzy\nmsgid "研修の実施について"' in text  # a guess without figures stays for the translator to confirm
    assert 'msgstr "Purpose"' in text
    assert po_defuzz.defuzz(po) == 0  # a second run changes nothing


def test_report_names_each_message_to_do(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(PO, encoding="utf-8")
    todo = intl_report.messages_to_do(po)
    assert [(kind, text) for _, kind, text in todo] == [
        ("要確認（fuzzy）", "この訓令は、令和9年4月1日から施行する。"),
        ("要確認（fuzzy）", "研修の実施について"),
        ("未翻訳", "定義"),
    ]
    lines = po.read_text(encoding="utf-8").splitlines()
    assert all(lines[n - 1].startswith("msgid") for n, _, _ in todo)  # the line is the message's own
