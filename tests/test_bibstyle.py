"""The bibliography styles: Japanese short names and reading order; English short names and English order."""

from __future__ import annotations

from pybtex.database import parse_string
from pybtex.plugin import find_plugin

from reiki import bibstyle

BIB = """
@guideline{b, title = {指針}, title_en = {Guideline}, issuer = {{機構}}, issuer_en = {{J-LIS}},
  date = {2016-07-25}, label = {指針}, label_en = {Zeta Guideline}, yomi = {あ}}
@guideline{a, title = {方針}, title_en = {Policy}, issuer = {{協議会}}, issuer_en = {{Council}},
  date = {2000-09-25}, label = {方針}, label_en = {Alpha Policy}, yomi = {い}}
"""


def _labels(style: str) -> list[str]:
    bibstyle.register()
    entries = parse_string(BIB, "bibtex").entries
    formatted = find_plugin("pybtex.style.formatting", style)().format_entries(entries.values())
    return [e.label for e in formatted]


def test_japanese_list_uses_short_names_in_reading_order() -> None:
    assert _labels("kokuji") == ["指針", "方針"]


def test_english_list_uses_english_short_names_in_their_order() -> None:
    assert _labels("kokuji-en") == ["Alpha Policy", "Zeta Guideline"]
