"""Numbers as a received 改め文 writes them: 13, １３ or 十三 (漢数字, read with kanjize), and 13の2 / 十三の二."""

from __future__ import annotations

from kanjize import kanji2number

KANJI_DIGITS = "〇一二三四五六七八九十百千"
NUMBER = rf"(?:\d+|[{KANJI_DIGITS}]+)"  # a regex for one number (\d takes full-width digits too)
BRANCHED = rf"{NUMBER}(?:の{NUMBER})*"  # 13の2, 十三の二


def to_int(text: str) -> int:
    """The value of 13, １３, 十三 or 一〇; ValueError when it is none of them."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if text and all(ch in KANJI_DIGITS for ch in text):
        return int(kanji2number(text))
    raise ValueError(text)


def to_num(text: str) -> tuple[int, ...]:
    """(13, 2) from 13の2 or 十三の二."""
    return tuple(to_int(part) for part in text.split("の"))
