"""Numbers and labels of 条・項・号, and parsing of citation strings (no Sphinx imports)."""

from __future__ import annotations

import re
from dataclasses import dataclass

KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
FULLWIDTH = str.maketrans("０１２３４５６７８９（）", "0123456789()")

ARTICLE_NUMBER = re.compile(r"^(\d+)((?:の\d+)*)$")
CITATION = re.compile(
    r"^(?:(?P<instrument>[a-z0-9-]+):)?"
    r"(?:第(?P<head>\d+)(?P<style>条?)(?P<branch>(?:の\d+)*))?"
    r"(?:第(?P<para>\d+)項)?"
    r"(?:第(?P<item>\d+(?:の\d+)?)号(?P<sub>[ア-ン]?)(?:\((?P<subsub>[ア-ン])\))?)?$"
)
LAW_CITATION = re.compile(
    r"^(?P<law>.+?)(?:第(?P<head>\d+)条(?P<branch>(?:の\d+)*))?(?:第(?P<para>\d+)項)?"
    r"(?:第(?P<item>\d+(?:の\d+)?)号)?$"
)
UNIT_LINE = re.compile(
    r"^(?:(?P<para>[0-9]+)|\((?P<item>[0-9]+)\)|(?P<sub>[ア-ン])|\((?P<subsub>[ア-ン])\))[ 　](?P<text>.*)$"
)


@dataclass(frozen=True)
class ArticleNumber:
    """An article number such as 7 or 30の2 (branch numbers allowed)."""

    parts: tuple[int, ...]

    @classmethod
    def parse(cls, text: str) -> ArticleNumber:
        """Parse 「7」「30の2」; raise ValueError on anything else."""
        m = ARTICLE_NUMBER.match(text.strip().translate(FULLWIDTH))
        if not m:
            raise ValueError(text)
        branches = [int(b) for b in m.group(2).split("の")[1:]]
        return cls((int(m.group(1)), *branches))

    @property
    def text(self) -> str:
        """Japanese form: 30の2."""
        return "の".join(str(p) for p in self.parts)

    @property
    def anchor(self) -> str:
        """ASCII anchor part: 30_2."""
        return "_".join(str(p) for p in self.parts)

    def follows(self, prev: ArticleNumber | None) -> bool:
        """True when self may come right after prev (next number or next branch)."""
        if prev is None:
            return self.parts == (1,)
        a, b = prev.parts, self.parts
        if len(b) == 1:
            return b[0] == a[0] + 1
        # a branch: 30の2 after 30, 30の3 after 30の2, 30の2の2 after 30の2
        head, last = b[:-1], b[-1]
        if last == 2 and a == head:
            return True
        return a[: len(b)] == (*head, last - 1) and len(a) >= len(b)


def article_label(number: ArticleNumber, style: str = "条", lang: str = "ja") -> str:
    """Label of an article: 第7条, 第30条の2, 第7 (style 第) or Article 7."""
    if lang.startswith("en"):
        return ("Article " if style == "条" else "Part ") + "-".join(str(p) for p in number.parts)
    head, *branches = number.parts
    tail = "".join(f"の{b}" for b in branches)
    return f"第{head}条{tail}" if style == "条" else f"第{head}{tail}"


ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv")


def item_label(level: int, n: int, lang: str = "ja") -> str:
    """Label of an item at level 1–3: (1) / ア / (ア); in English (1) / (a) / (i)."""
    if level == 1:
        return f"({n})"
    if lang.startswith("en"):
        if level == 2:
            return f"({chr(ord('a') + n - 1)})" if n <= 26 else "(?)"
        return f"({ROMAN[n - 1]})" if n <= len(ROMAN) else "(?)"
    kana = KATAKANA[n - 1] if n <= len(KATAKANA) else "?"
    return kana if level == 2 else f"({kana})"


def kana_index(kana: str) -> int:
    """1-based position of ア, イ … in the 50-sound order."""
    return KATAKANA.index(kana) + 1 if kana in KATAKANA else 0


@dataclass(frozen=True)
class UnitLine:
    """One line of an article body: a paragraph (項) or an item (号 and below)."""

    level: int  # 0 paragraph, 1 (1), 2 ア, 3 (ア)
    number: int | None  # None for the unnumbered first paragraph
    text: str


def parse_unit_line(line: str) -> UnitLine:
    """Split a body line into its label and text."""
    m = UNIT_LINE.match(line)
    if not m:
        return UnitLine(0, None, line.strip())
    text = m.group("text").strip()
    if m.group("para"):
        return UnitLine(0, int(m.group("para")), text)
    if m.group("item"):
        return UnitLine(1, int(m.group("item")), text)
    if m.group("sub"):
        return UnitLine(2, kana_index(m.group("sub")), text)
    return UnitLine(3, kana_index(m.group("subsub")), text)


@dataclass(frozen=True)
class Target:
    """A parsed article citation: [instrument:]第N条[第N項][第N号[ア[(ア)]]]."""

    instrument: str | None
    article: ArticleNumber | None
    para: int | None
    items: tuple[int, ...]

    def anchor(self) -> str:
        """Anchor of the cited unit, e.g. a7-p2-i1."""
        parts = [f"a{self.article.anchor}"] if self.article else []
        if self.para or self.items:
            parts.append(f"p{self.para or 1}")
        if self.items:
            parts.append("i" + "-".join(str(i) for i in self.items))
        return "-".join(parts)


def parse_target(text: str) -> Target:
    """Parse a {jo} target; raise ValueError when it is not a citation."""
    m = CITATION.match(text.strip().translate(FULLWIDTH))
    if not m or not (m.group("head") or m.group("para") or m.group("item")):
        raise ValueError(text)
    items: list[int] = []
    if m.group("item"):
        items.append(int(m.group("item").split("の")[0]))
        if m.group("sub"):
            items.append(kana_index(m.group("sub")))
        if m.group("subsub"):
            items.append(kana_index(m.group("subsub")))
    article = ArticleNumber.parse(m.group("head") + m.group("branch")) if m.group("head") else None
    return Target(m.group("instrument"), article, int(m.group("para")) if m.group("para") else None, tuple(items))


def target_label(target: Target, style: str = "条", lang: str = "ja") -> str:
    """Legal form of a target without the instrument name: 第7条第2項第1号."""
    out = article_label(target.article, style, lang) if target.article else ""
    en = lang.startswith("en")
    if (target.para and (target.para > 1 or target.items or not target.article)) or (target.para and not target.article):
        out += f", paragraph {target.para}" if en else f"第{target.para}項"
    elif target.para == 1 and not target.items:
        out += ", paragraph 1" if en else "第1項"
    for level, n in enumerate(target.items, start=1):
        if level == 1:
            out += f", item {n}" if en else f"第{n}号"
        else:
            out += f" {item_label(level, n, lang)}" if en else item_label(level, n)
    return out.lstrip(", ")


@dataclass(frozen=True)
class LawCitation:
    """A parsed statute citation: name, article, paragraph, item."""

    law: str
    article: ArticleNumber | None
    para: int | None
    item: str | None

    def egov_fragment(self) -> str:
        """e-Gov anchor, e.g. Mp-At_30_6-Pr_1 (empty for a whole statute)."""
        if not self.article:
            return ""
        frag = f"Mp-At_{self.article.anchor}"
        if self.para:
            frag += f"-Pr_{self.para}"
        if self.item:
            frag += f"-It_{self.item.replace('の', '_')}"
        return frag

    def suffix(self, lang: str = "ja") -> str:
        """The article part: 第30条の6第1項, or ", Article 30-6, paragraph 1" in English."""
        if lang.startswith("en"):
            out = f", {article_label(self.article, lang=lang)}" if self.article else ""
            out += f", paragraph {self.para}" if self.para else ""
            return out + (f", item {self.item.replace('の', '-')}" if self.item else "")
        out = article_label(self.article) if self.article else ""
        if self.para:
            out += f"第{self.para}項"
        if self.item:
            out += f"第{self.item}号"
        return out


def parse_law(text: str) -> LawCitation:
    """Parse 「住基法第30条の6第1項」 into its parts."""
    m = LAW_CITATION.match(text.strip().translate(FULLWIDTH))
    if not m:
        raise ValueError(text)
    art = ArticleNumber.parse(m.group("head") + m.group("branch")) if m.group("head") else None
    return LawCitation(m.group("law"), art, int(m.group("para")) if m.group("para") else None, m.group("item"))
