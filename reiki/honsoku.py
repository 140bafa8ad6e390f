"""The 本則 of an instrument as a tree of 章・節・条・項・号 with 見出し, parsed from MyST or from 改め文 body lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .kansuji import BRANCHED, NUMBER, to_int, to_num
from .numbering import KATAKANA, ArticleNumber, item_label, kana_index, parse_unit_line
from .versions import FENCE, Names, fence_at, plain

CHAPTER = re.compile(r"^##\s+第(\d+(?:の\d+)*)章[ 　]+(.+?)\s*$")
SECTION = re.compile(r"^###\s+第(\d+(?:の\d+)*)節[ 　]+(.+?)\s*$")
SUPPL = re.compile(r"^##\s+附則\s*$")
TITLE = re.compile(r"^#\s+(.+?)\s*$")

KINDS = ("章", "節", "条", "項", "号")
Num = tuple[int, ...]


@dataclass
class Unit:
    """One 章, 節, 条, 項 or 号 (号 level 1, its 細分 ア level 2 and (ア) level 3)."""

    kind: str
    num: Num
    title: str = ""  # 章名・節名, or the 見出し of a 条
    text: str = ""  # the words of a 項 or 号 (for a 項 with 号, its 柱書)
    children: list[Unit] = field(default_factory=list)
    level: int = 0

    def copy(self) -> Unit:
        """A deep copy (the interpreter edits copies)."""
        return Unit(self.kind, self.num, self.title, self.text, [c.copy() for c in self.children], self.level)


@dataclass
class Instrument:
    """An instrument's 題名, numbering style and 本則 tree (root kind 本則)."""

    title: str
    style: str
    root: Unit
    number: str = "未確認"
    enacted: str = "未確認"
    kind: str = "規程"


def num_text(num: Num) -> str:
    """13の2 from (13, 2)."""
    return "の".join(str(p) for p in num)


def parse_num(text: str) -> Num:
    """(13, 2) from 13の2 (full-width digits allowed)."""
    return ArticleNumber.parse(text).parts


def label(unit: Unit, style: str = "条") -> str:
    """The unit's name within its parent: 第3章, 第1節, 第13条の2 (or 第7 in style 第), 第2項, 第3号, ア, (ア)."""
    if unit.kind in ("章", "節"):
        head, *rest = unit.num
        return f"第{head}{unit.kind}" + "".join(f"の{r}" for r in rest)
    if unit.kind == "条":
        head, *rest = unit.num
        return f"第{head}{'条' if style == '条' else ''}" + "".join(f"の{r}" for r in rest)
    if unit.kind == "項":
        return f"第{unit.num[0]}項"
    if unit.level == 1:
        return f"第{num_text(unit.num)}号"
    return item_label(unit.level, unit.num[0])


def articles(root: Unit) -> list[Unit]:
    """Every 条 in document order."""
    out: list[Unit] = []
    for c in root.children:
        out += [c] if c.kind == "条" else articles(c)
    return out


def parse_source(text: str, names: Names | None = None) -> Instrument:
    """The 本則 of a MyST instrument file (附則 left out), role markup reduced to the displayed words."""
    title, options = "", {}
    root = Unit("本則", ())
    chapter: Unit | None = None
    section: Unit | None = None
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if not title and (m := TITLE.match(line)):
            title = m.group(1)
        if SUPPL.match(line):
            break
        if m := CHAPTER.match(line):
            chapter, section = Unit("章", parse_num(m.group(1)), m.group(2)), None
            root.children.append(chapter)
        elif m := SECTION.match(line):
            section = Unit("節", parse_num(m.group(1)), m.group(2))
            (chapter or root).children.append(section)
        elif m := FENCE.match(line):
            kind, arg = m.groups()
            opts, j, end = fence_at(lines, i)
            if kind == "instrument":
                options = opts
            elif kind == "article":
                body = [plain(ln.strip(), names) for ln in lines[j:end] if ln.strip()]
                (section or chapter or root).children.append(_article(parse_num(arg), opts.get("caption", ""), body))
            i = end
        i += 1
    style = options.get("style", "条")
    return Instrument(
        title,
        style,
        root,
        options.get("number", "未確認"),
        options.get("enacted", "未確認"),
        options.get("kind", "規程"),
    )


def _article(num: Num, caption: str, body: list[str]) -> Unit:
    """A 条 from its body lines: the first line is 第1項, then 2 …, (1) …, ア …, (ア) …."""
    art = Unit("条", num, caption)
    stack: list[Unit] = []
    for n, raw in enumerate(body):
        line = parse_unit_line(raw)
        if n == 0 or line.level == 0:
            para = Unit("項", (line.number or 1,) if n else (1,), text=line.text if n else raw)
            art.children.append(para)
            stack = [para]
            continue
        item = Unit("号", (line.number or 0,), text=line.text, level=line.level)
        while len(stack) > line.level:
            stack.pop()
        stack[-1].children.append(item)
        stack.append(item)
    return art


def render(unit: Unit, style: str = "条") -> list[str]:
    """The unit as printed, one line each: 第3章　…, （見出し）, 第7条　…, 2　…, (1)　…, ア　…."""
    if unit.kind == "本則":
        return [ln for c in unit.children for ln in render(c, style)]
    if unit.kind in ("章", "節"):
        return [f"{label(unit)}　{unit.title}", *(ln for c in unit.children for ln in render(c, style))]
    if unit.kind == "条":
        out = [f"（{unit.title}）"] if unit.title else []
        for k, p in enumerate(unit.children):
            lines = render(p, style)
            if k == 0:
                lines[0] = f"{label(unit, style)}　{p.text}"
            out += lines
        return out
    head = str(unit.num[0]) if unit.kind == "項" else item_label(unit.level, unit.num[0])
    return [f"{head}　{unit.text}", *(ln for c in unit.children for ln in render(c, style))]


BODY_LINE = re.compile(
    r"^(?:（(?P<caption>[^（）]*)）"
    r"|第(?P<chapter>" + BRANCHED + r")章[ 　](?P<ctitle>.*)"
    r"|第(?P<section>" + BRANCHED + r")節[ 　](?P<stitle>.*)"
    r"|第(?P<article>" + NUMBER + r")(?:条)?(?P<branch>(?:の" + NUMBER + r")*)　(?P<atext>.*)"
    r"|(?P<para>\d+)　(?P<ptext>.*)"
    r"|[(（](?P<item>" + NUMBER + r")[)）]　(?P<itext>.*)"
    r"|(?P<sub>[" + KATAKANA + r"])　(?P<subtext>.*)"
    r"|[(（](?P<subsub>[" + KATAKANA + r"])[)）]　(?P<sstext>.*))$"
)


def is_body_line(line: str) -> bool:
    """True for a line of inserted or replacing text (a label and a full-width space, or a 見出し)."""
    return bool(BODY_LINE.match(line))


def parse_body(lines: list[str]) -> list[Unit]:
    """Units from printed lines (the inverse of render): top-level units of whatever kind the lines start with."""
    top: list[Unit] = []
    stack: list[Unit] = []  # open containers, outermost first
    caption = ""
    rank = {"章": 0, "節": 1, "条": 2, "項": 3}

    def place(u: Unit, depth: int) -> None:
        while stack and _depth(stack[-1], rank) >= depth:
            stack.pop()
        (stack[-1].children if stack else top).append(u)
        stack.append(u)

    for line in lines:
        m = BODY_LINE.match(line)
        if not m:
            raise ValueError(line)
        if m.group("caption") is not None:
            caption = m.group("caption")
        elif m.group("chapter"):
            place(Unit("章", to_num(m.group("chapter")), m.group("ctitle")), 0)
        elif m.group("section"):
            place(Unit("節", to_num(m.group("section")), m.group("stitle")), 1)
        elif m.group("article"):
            art = Unit("条", to_num(m.group("article") + m.group("branch")), caption)
            caption = ""
            place(art, 2)
            para = Unit("項", (1,), text=m.group("atext"))
            art.children.append(para)
            stack.append(para)
        elif m.group("para"):
            place(Unit("項", (int(m.group("para")),), text=m.group("ptext")), 3)
        else:
            level, n, text = next(
                (lv, v, m.group(t))
                for lv, g, t in ((1, "item", "itext"), (2, "sub", "subtext"), (3, "subsub", "sstext"))
                if (v := m.group(g))
            )
            number = to_int(n) if level == 1 else kana_index(n)
            place(Unit("号", (number,), text=text, level=level), 3 + level)
    return top


def _depth(u: Unit, rank: dict[str, int]) -> int:
    return rank[u.kind] if u.kind in rank else 3 + u.level
