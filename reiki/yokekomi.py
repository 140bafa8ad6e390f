"""溶け込み: apply a 改め文 (generated or hand-written) to the old text of an instrument and return the new text.

Sentences apply one after another, each to the text as the sentences before it left it, and the clauses of one
sentence likewise. A reference without its article (「第3項」 after 「第11条第2項を」) belongs to the article named
before it in the sentence; 同条・同項・同号・同章 name the unit named last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NoReturn

from .honsoku import KINDS, Num, Unit, articles, is_body_line, label, parse_body
from .kansuji import BRANCHED, KANJI_DIGITS, NUMBER, to_int, to_num
from .numbering import KATAKANA, kana_index


class YokekomiError(ValueError):
    """A sentence that does not apply: the message is one Japanese line naming the sentence and the unit."""


@dataclass
class Sentence:
    """One sentence of the 本則 of an amending instrument, with the lines of text it inserts or substitutes."""

    text: str
    body: list[str] = field(default_factory=list)


@dataclass
class Kaibun:
    """An amending instrument: 題名, the opening sentence, the 本則 sentences and the 附則."""

    title: str
    lead: str
    sentences: list[Sentence]
    suppl: list[str]

    def lines(self) -> list[str]:
        """The instrument as printed, one line each (the inverse of parse_kaibun)."""
        out = [self.title, "", self.lead]
        for s in self.sentences:
            out += [s.text, *s.body]
        return [*out, "", "附則", *self.suppl]

    def text(self) -> str:
        """The printed form with a final newline."""
        return "\n".join(self.lines()) + "\n"


def parse_kaibun(text: str) -> Kaibun:
    """Read a printed amending instrument: 題名, 「…の一部を次のように改正する。」, sentences and their text, 附則."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title = lines[0] if lines else ""
    lead_at = next((k for k, ln in enumerate(lines) if ln.endswith("改正する。")), 0)
    sentences: list[Sentence] = []
    suppl: list[str] = []
    k = lead_at + 1
    while k < len(lines):
        ln = lines[k]
        if ln == "附則":
            suppl = lines[k + 1 :]
            break
        if is_body_line(ln) and sentences:
            sentences[-1].body.append(ln)
        else:
            sentences.append(Sentence(ln))
        k += 1
    return Kaibun(title, lines[lead_at] if lines else "", sentences, suppl)


def count_at(text: str, words: str) -> list[int]:
    """Every position of words in text (overlapping ones too)."""
    out, start = [], text.find(words)
    while start >= 0 and words:
        out.append(start)
        start = text.find(words, start + 1)
    return out


N = NUMBER  # 13, １３ or 十三: a received 改め文 may write any of them outside its quotes
REF = re.compile(
    r"(?:同章|第(?P<chapter>" + BRANCHED + r")章)?"
    r"(?:同節|第(?P<section>" + N + r")節)?"
    r"(?:同条|第(?P<article>" + N + r")(?:条|(?![章節項号\d" + KANJI_DIGITS + r"]))(?P<branch>(?:の" + N + r")*))?"
    r"(?:同項|第(?P<para>" + N + r")項)?"
    r"(?:同号|第(?P<item>" + N + r")号)?"
    r"(?P<sub>[" + KATAKANA + r"](?![" + KATAKANA + r"]))?"
    r"(?:\((?P<subsub>[" + KATAKANA + r"])\))?"
)
SAME = {"同章": "chapter", "同節": "section", "同条": "article", "同項": "para", "同号": "item"}
LEVELS = ("chapter", "section", "article", "para", "item", "sub", "subsub")
COUNTER = {"条": "条", "項": "項", "号": "号", "章": "章", "節": "節"}


class Interpreter:
    """Applies sentences to a 本則 tree in place."""

    def __init__(self, root: Unit, style: str = "条") -> None:
        self.root = root
        self.style = style
        self.sentence, self.index = "", 0
        self.ctx: dict[str, object] = {}

    # -- errors and references -------------------------------------------------------------------

    def fail(self, what: str) -> NoReturn:
        """Stop with the sentence and the unit named."""
        short = self.sentence if len(self.sentence) <= 40 else self.sentence[:40] + "…"
        raise YokekomiError(f"改め文の第{self.index}文「{short}」：{what}")

    def read_ref(self, t: str, pos: int) -> tuple[dict[str, object], str, int] | None:
        """The unit reference at pos, completed from the one before it; None when there is none."""
        m = REF.match(t, pos)
        if not m or m.end() == pos:
            return None
        written = t[pos : m.end()]
        parts: dict[str, object] = {}
        for k in ("chapter", "section"):
            if m.group(k):
                parts[k] = to_num(m.group(k))
        if m.group("article"):
            parts["article"] = to_num(m.group("article") + (m.group("branch") or ""))
        for k in ("para", "item"):
            if m.group(k):
                parts[k] = (to_int(m.group(k)),)
        for k in ("sub", "subsub"):
            if m.group(k):
                parts[k] = (kana_index(m.group(k)),)
        for word, key in SAME.items():
            if word in written:
                if key not in self.ctx:
                    self.fail(f"「{word}」が指す単位が前にない")
                parts[key] = self.ctx[key]
        first = next(k for k in LEVELS if k in parts or any(w in written for w, v in SAME.items() if v == k))
        inherit = LEVELS.index(first)
        if first in ("para", "item", "sub", "subsub"):
            for k in LEVELS[:inherit]:
                if k in self.ctx and k not in parts:
                    parts[k] = self.ctx[k]
        elif first == "section" and "chapter" in self.ctx and "chapter" not in parts:
            parts["chapter"] = self.ctx["chapter"]
        self.ctx = dict(parts)
        return parts, written, m.end()

    def resolve(self, parts: dict[str, object], written: str) -> tuple[Unit, Unit]:
        """The referenced unit and its parent."""
        parent, unit = self.root, None
        if "chapter" in parts:
            unit = self.child(self.root, "章", parts["chapter"], written)
        if "section" in parts:
            holder = unit or self.root
            parent, unit = holder, self.child(holder, "節", parts["section"], written)
        if "article" in parts:
            found = [(a, p) for a, p in self.article_parents() if a.num == parts["article"]]
            if not found:
                self.fail(f"{label(Unit('条', parts['article']), self.style)}がない")  # type: ignore[arg-type]
            unit, parent = found[0]
            art = unit
            if "para" in parts:
                parent, unit = art, self.child(art, "項", parts["para"], written)
            elif any(k in parts for k in ("item", "sub", "subsub")):
                if len(art.children) != 1:
                    self.fail(f"{written}：{label(art, self.style)}には項が複数あるので、項を示すこと")
                parent, unit = art, art.children[0]
            for k, level in (("item", 1), ("sub", 2), ("subsub", 3)):
                if k in parts:
                    parent, unit = unit, self.child(unit, "号", parts[k], written, level)
        if unit is None:
            self.fail(f"{written}：単位を読み取れない")
        return unit, parent

    def child(self, parent: Unit, kind: str, num: object, written: str, level: int = 0) -> Unit:
        """The child of a kind and number, or stop naming it."""
        for c in parent.children:
            if c.kind == kind and c.num == num and (not level or c.level == level):
                return c
        self.fail(f"{written}がない")
        raise AssertionError

    def article_parents(self) -> list[tuple[Unit, Unit]]:
        """Every article with its parent."""
        out: list[tuple[Unit, Unit]] = []

        def walk(u: Unit) -> None:
            for c in u.children:
                if c.kind == "条":
                    out.append((c, u))
                elif c.kind in ("章", "節"):
                    walk(c)

        walk(self.root)
        return out

    def siblings(self, unit: Unit, parent: Unit) -> list[Unit]:
        """The units numbered together with unit: all articles for a 条, otherwise the parent's children."""
        if unit.kind == "条":
            return articles(self.root)
        return [c for c in parent.children if c.kind == unit.kind and c.level == unit.level]

    # -- sentences ---------------------------------------------------------------------------------

    def apply(self, sentence: Sentence, index: int) -> None:
        """Apply one sentence; raise YokekomiError naming it when it does not apply."""
        self.sentence, self.index = sentence.text, index
        self.ctx = {}
        self.body: list[str] | None = list(sentence.body)
        t = sentence.text
        if not t.endswith("。"):
            self.fail("文が「。」で終わっていない")
        pos = 0
        while pos < len(t) - 1:
            if t[pos] == "、":
                pos += 1
                continue
            ref = self.read_ref(t, pos)
            if ref is None:
                self.fail(f"「{t[pos : pos + 12]}」を解釈できない（単位の名前が来るところ）")
                return
            parts, written, pos = ref
            unit, parent = self.resolve(parts, written)
            pos = self.clause(t, pos, unit, parent, written)
        if self.body:
            self.fail("加える又は改める文がないのに本文の行がある")

    def take_body(self) -> list[Unit]:
        """The lines following the sentence, as units (once per sentence)."""
        if not self.body:
            self.fail("「次の…」とあるのに本文の行がない")
        lines, self.body = self.body, None
        try:
            return parse_body(lines or [])
        except ValueError as e:
            self.fail(f"本文の行「{e}」を読み取れない")
            raise

    def clause(self, t: str, pos: int, unit: Unit, parent: Unit, written: str) -> int:
        """Apply the clause that follows a unit reference; return where the next clause starts."""
        rest = t[pos:]
        if m := re.match(r"中(?=第|同)", rest):  # 第5章中第15条の前に
            ref = self.read_ref(t, pos + 1)
            assert ref is not None
            parts, written2, pos = ref
            inner, inner_parent = self.resolve(parts, written2)
            if not self.contains(unit, inner):
                self.fail(f"{written2}は{written}の中にない")
            return self.clause(t, pos, inner, inner_parent, written2)
        for head, attr in (("中", "text"), ("の見出し中", "title"), ("の章名中", "title"), ("の節名中", "title")):
            if rest.startswith(head) and rest[len(head) : len(head) + 1] == "「":
                target = unit
                if attr == "text" and unit.kind == "条":
                    if len(unit.children) != 1:
                        self.fail(f"{written}には項が複数あるので、項を示すこと")
                    target = unit.children[0]
                return self.words(t, pos + len(head), target, attr, written + head[:-1])
        if m := re.match(r"の見出しを削(?:り|る)", rest):
            unit.title = ""
            return pos + m.end()
        if m := re.match(r"の見出しを「（(.*?)）」に改め(?:る)?", rest):
            unit.title = m.group(1)
            return pos + m.end()
        if m := re.match(r"に見出しとして「（(.*?)）」を付(?:し|する)", rest):
            if unit.title:
                self.fail(f"{written}には既に見出しがある")
            unit.title = m.group(1)
            return pos + m.end()
        if m := re.match(r"の(?:章|節)名を次のように改め(?:る)?", rest):
            new = self.take_body()
            if len(new) != 1 or new[0].kind != unit.kind or new[0].num != unit.num:
                self.fail(f"{written}の名を改める行が{label(unit)}の行でない")
            unit.title = new[0].title
            return pos + m.end()
        if m := re.match(r"を次のように改め(?:る)?", rest):
            new = self.take_body()
            if unit.kind == "項" and len(new) == 1 and new[0].kind == "条" and not new[0].title:
                if new[0].num != parent.num or len(new[0].children) != 1:
                    self.fail(f"{written}を改める本文の1行目が「{label(parent, self.style)}　」で始まる1項でない")
                new = new[0].children  # 第1項 is printed under its article's number
            if len(new) != 1 or new[0].kind != unit.kind or new[0].num != unit.num or new[0].level != unit.level:
                self.fail(f"{written}を改める本文が{written}の1単位でない")
            unit.title, unit.text, unit.children = new[0].title, new[0].text, new[0].children
            return pos + m.end()
        if m := re.match(r"を(?=第|同)", rest):
            ref = self.read_ref(t, pos + 1)
            assert ref is not None
            parts, written2, end = ref
            if m2 := re.match(r"と(?:し|する)", t[end:]):
                self.renumber([unit], parent, self.deepest(parts, unit.kind), written2)
                self.ctx = self.ctx_of(unit, parent)
                return end + m2.end()
            self.fail(f"{written}を{written2}：「とし」又は「とする」がない")
        if m := re.match(r"(から|及び)(?=第|同)", rest):
            ref = self.read_ref(t, pos + len(m.group(1)))
            assert ref is not None
            parts, written2, end = ref
            last, _ = self.resolve(parts, written2)
            group = self.span(unit, parent, last, m.group(1) == "から", written, written2)
            tail = t[end:]
            if m2 := re.match(r"(?:まで)?を削(?:り|る)", tail):
                for u in group:
                    self.remove(u)
                return end + m2.end()
            if m2 := re.match(r"までを(" + N + r")(条|項|号|章|節)?ずつ繰り(下|上)げ(?:る)?", tail):
                step = to_int(m2.group(1)) * (1 if m2.group(3) == "下" else -1)
                self.shift(group, step, written)
                return end + m2.end()
            self.fail(f"{written}{m.group(1)}{written2}の後を解釈できない")
        if m := re.match(r"を削(?:り|る)", rest):
            self.remove(unit)
            return pos + m.end()
        if m := re.match(r"の(次|前)に次の(?:(" + N + r")(条|項|号|章|節)|ように)を?加え(?:る)?", rest):
            new = self.take_body()
            self.check_count(new, m.group(2), m.group(3), written)
            where = [c is unit for c in parent.children].index(True) + (1 if m.group(1) == "次" else 0)
            parent.children[where:where] = new
            self.check_numbers(new[0], parent, written)
            return pos + m.end()
        if m := re.match(r"に次の(" + N + r")(条|項|号|章|節)を加え(?:る)?", rest):
            new = self.take_body()
            self.check_count(new, m.group(1), m.group(2), written)
            holder = unit
            if new[0].kind == "号" and unit.kind == "条":
                if len(unit.children) != 1:
                    self.fail(f"{written}には項が複数あるので、号を加える項を示すこと")
                holder = unit.children[0]
            holder.children += new
            self.check_numbers(new[0], holder, written)
            return pos + m.end()
        self.fail(f"{written}の後の「{rest[:12]}」を解釈できない")
        raise AssertionError

    def words(self, t: str, pos: int, target: Unit, attr: str, where: str) -> int:
        """「A」を「B」に、「C」を「D」に改め / 「A」を削り / 「A」の下に「B」を加え, on one unit's words."""
        pending: list[tuple[str, str]] = []
        while True:
            a, pos = self.quote(t, pos)
            if m := re.match(r"を「", t[pos:]):
                b, pos = self.quote(t, pos + 1)
                if not t.startswith("に", pos):
                    self.fail(f"「{a}」を「{b}」の後に「に」がない")
                pending.append((a, b))
                pos += 1
                if t.startswith("、「", pos):
                    pos += 1
                    continue
                m = re.match(r"改め(?:る)?", t[pos:])
                if not m:
                    self.fail(f"「{a}」を「{b}」に：「改め」がない")
                for old, new in pending:
                    self.replace(target, attr, old, new, where)
                pending = []
                pos += m.end()
            elif m := re.match(r"を削(?:り|る)", t[pos:]):
                self.replace(target, attr, a, "", where)
                pos += m.end()
            elif m := re.match(r"の(下|上)に「", t[pos:]):
                b, pos = self.quote(t, pos + m.end() - 1)
                m2 = re.match(r"を加え(?:る)?", t[pos:])
                if not m2:
                    self.fail(f"「{a}」の{m.group(1)}に「{b}」：「を加え」がない")
                self.replace(target, attr, a, a + b if m.group(1) == "下" else b + a, where)
                pos += m2.end()
            else:
                self.fail(f"「{a}」の後を解釈できない")
            if t.startswith("、「", pos):
                pos += 1
                continue
            return pos

    def quote(self, t: str, pos: int) -> tuple[str, int]:
        """The words inside 「…」 at pos (nested brackets kept); the position after it."""
        if not t.startswith("「", pos):
            self.fail(f"「{t[pos : pos + 8]}」：かぎ括弧が来るところ")
        depth = 0
        for k in range(pos, len(t)):
            depth += {"「": 1, "」": -1}.get(t[k], 0)
            if depth == 0:
                return t[pos + 1 : k], k + 1
        self.fail("かぎ括弧が閉じていない")
        raise AssertionError

    def replace(self, target: Unit, attr: str, old: str, new: str, where: str) -> None:
        """Replace the one occurrence of old in the unit's words."""
        text = getattr(target, attr)
        at = count_at(text, old)
        if not at:
            self.fail(f"{where}に「{old}」がない")
        if len(at) > 1:
            self.fail(f"{where}に「{old}」が{len(at)}箇所ある（1箇所に決まるまで引用を長くすること）")
        setattr(target, attr, text[: at[0]] + new + text[at[0] + len(old) :])

    # -- structure ---------------------------------------------------------------------------------

    def contains(self, outer: Unit, inner: Unit) -> bool:
        """True when inner is outer or below it."""
        return outer is inner or any(self.contains(c, inner) for c in outer.children)

    def parent_of(self, unit: Unit) -> Unit:
        """The unit's parent."""

        def walk(u: Unit) -> Unit | None:
            for c in u.children:
                if c is unit:
                    return u
                if found := walk(c):
                    return found
            return None

        found = walk(self.root)
        assert found is not None
        return found

    def remove(self, unit: Unit) -> None:
        """Delete a unit with what it holds."""
        parent = self.parent_of(unit)
        parent.children = [c for c in parent.children if c is not unit]

    def span(self, first: Unit, parent: Unit, last: Unit, through: bool, w1: str, w2: str) -> list[Unit]:
        """The units from first to last (から…まで) or the two (及び), in document order."""
        sibs = self.siblings(first, parent)
        if last not in sibs or first not in sibs:
            self.fail(f"{w1}と{w2}は同じ種類の単位でない")
        i, j = [s is first for s in sibs].index(True), [s is last for s in sibs].index(True)
        if j <= i:
            self.fail(f"{w2}が{w1}より前にある")
        return sibs[i : j + 1] if through else [first, last]

    def deepest(self, parts: dict[str, object], kind: str) -> Num:
        """The number the reference gives to a unit of this kind."""
        key = {"章": "chapter", "節": "section", "条": "article", "項": "para"}.get(kind)
        if key is None:
            key = next(k for k in ("subsub", "sub", "item") if k in parts)
        if key not in parts:
            self.fail(f"番号を変える先が{kind}でない")
        return parts[key]  # type: ignore[return-value]

    def ctx_of(self, unit: Unit, parent: Unit) -> dict[str, object]:
        """The reference context pointing at a unit after its number changed (for 同条)."""
        ctx = dict(self.ctx)
        key = {"章": "chapter", "節": "section", "条": "article", "項": "para"}.get(unit.kind, "item")
        ctx[key] = unit.num
        return ctx

    def renumber(self, group: list[Unit], parent: Unit, num: Num, written: str) -> None:
        """第5条を第6条とし: give a unit a number no other unit of its kind holds."""
        unit = group[0]
        if any(s.num == num for s in self.siblings(unit, parent) if s is not unit):
            self.fail(f"{written}は既にある")
        unit.num = num

    def shift(self, group: list[Unit], step: int, written: str) -> None:
        """繰り下げ・繰り上げ: add step to the head number of every unit in the group."""
        parent = self.parent_of(group[0])
        nums = {id(s): s.num for s in self.siblings(group[0], parent)}
        for u in group:
            nums[id(u)] = (u.num[0] + step, *u.num[1:])
        if len(set(nums.values())) != len(nums) or min(n[0] for n in nums.values()) < 1:
            self.fail(f"{written}から繰り{'下' if step > 0 else '上'}げると番号が重なる")
        for u in group:
            u.num = nums[id(u)]

    def check_count(self, new: list[Unit], count: str | None, kind: str | None, written: str) -> None:
        """次のN条: the lines hold N units of that kind."""
        if count is None:
            return
        top = [u for u in new if u.kind in KINDS]
        if len(top) != to_int(count) or any(COUNTER[kind or ""] != u.kind for u in top):
            self.fail(f"{written}：「次の{count}{kind}」と本文の行の数又は種類が合わない")

    def check_numbers(self, first: Unit, parent: Unit, written: str) -> None:
        """After an insertion, numbers stay unique and in order."""
        sibs = self.siblings(first, parent)
        nums = [s.num for s in sibs]
        if len(set(nums)) != len(nums):
            self.fail(f"{written}の前後に加えた単位の番号が既にある")
        if nums != sorted(nums):
            self.fail(f"{written}の前後に加えた単位の番号が順序に合わない")


def apply_all(root: Unit, sentences: list[Sentence], style: str = "条") -> Unit:
    """The new 本則: a copy of root with every sentence applied in order."""
    new = root.copy()
    interp = Interpreter(new, style)
    for k, s in enumerate(sentences, start=1):
        interp.apply(s, k)
    return new
