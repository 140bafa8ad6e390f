"""改め文: the amending instrument that turns one version of an instrument into the next, in 法制執務 form.

Sentences follow the document order. Each is applied (溶け込み, reiki.yokekomi) to a working copy as soon as it is
written, so every reference names the unit by the number it holds at that moment; the finished 改め文 is applied
once more to the old text and must give back the new text exactly.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

from .dates import SourceDate, era_date, era_year
from .honsoku import Instrument, Num, Unit, articles, label, render
from .yokekomi import Interpreter, Kaibun, Sentence, YokekomiError, apply_all, count_at

MATCH = 0.5  # similarity above which two units are the same unit, changed
WHOLE = 0.5  # similarity below which a 条・項・号 is rewritten whole (「…を次のように改める。」)
MAX_CLAUSES = 6
TERMINAL = {
    "改め": "改める",
    "削り": "削る",
    "加え": "加える",
    "とし": "とする",
    "繰り下げ": "繰り下げる",
    "繰り上げ": "繰り上げる",
}
CONTINUATIVE = {v: k for k, v in TERMINAL.items()} | {"付する": "付し"}


class NotExpressible(ValueError):
    """An edit the 改め文 cannot express (or a generator fault): the message asks for a 全部改正 of the unit."""


def similarity(a: str, b: str) -> float:
    """The difflib ratio of two texts."""
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def content(u: Unit) -> str:
    """A unit's words without its own number, for matching (a 章 or 節 by its name and its articles' 見出し)."""
    if u.kind in ("章", "節"):
        return "\n".join([u.title, *(a.title for a in articles(u))])
    return "\n".join([u.title, u.text, *(ln for c in u.children for ln in render(c))])


def walk(u: Unit) -> list[Unit]:
    """The unit and everything below it, in document order."""
    return [u, *(x for c in u.children for x in walk(c))]


def align(olds: list[Unit], news: list[Unit]) -> list[tuple[Unit | None, Unit | None]]:
    """Order-preserving pairing of siblings: equal words first, then the best sum of similarities in the gaps."""
    ta, tb = [content(u) for u in olds], [content(u) for u in news]
    out: list[tuple[Unit | None, Unit | None]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if op == "equal":
            out += [(olds[i], news[j]) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]
        else:
            out += _pair_gap(olds[i1:i2], news[j1:j2], ta[i1:i2], tb[j1:j2])
    return out


def _pair_gap(olds: list[Unit], news: list[Unit], ta: list[str], tb: list[str]) -> list[tuple[Unit | None, Unit | None]]:
    def weight(i: int, j: int) -> float:
        a, b = olds[i], news[j]
        if a.kind != b.kind or a.level != b.level:
            return -1.0
        sm = difflib.SequenceMatcher(None, ta[i], tb[j], autojunk=False)
        if sm.real_quick_ratio() < MATCH or sm.quick_ratio() < MATCH:
            return 0.3 if a.num == b.num else -1.0
        r = sm.ratio()
        if r >= MATCH:
            return r
        return 0.3 if a.num == b.num else -1.0  # same place, rewritten

    n, m = len(olds), len(news)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    w = [[weight(i, j) for j in range(m)] for i in range(n)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            if w[i][j] > 0:
                best = max(best, w[i][j] + score[i + 1][j + 1])
            score[i][j] = best
    out: list[tuple[Unit | None, Unit | None]] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and w[i][j] > 0 and score[i][j] == w[i][j] + score[i + 1][j + 1]:
            out.append((olds[i], news[j]))
            i, j = i + 1, j + 1
        elif i < n and (j == m or score[i][j] == score[i + 1][j]):
            out.append((olds[i], None))
            i += 1
        else:
            out.append((None, news[j]))
            j += 1
    return out


def char_class(ch: str) -> str:
    """K kanji, A katakana, L letters and digits, H hiragana, P anything else."""
    if "\u4e00" <= ch <= "\u9fff" or ch in "々〆ヶ":
        return "K"
    if "\u30a0" <= ch <= "\u30ff":
        return "A"
    if ch.isalnum() and not ("\u3040" <= ch <= "\u309f"):
        return "L"
    return "H" if "\u3040" <= ch <= "\u309f" else "P"


COUNTERS = set("年月日時分秒間回件人箇条項号歳週度倍円本枚部名")


def _word_start(text: str, a: int, floor: int) -> int:
    """The start of the run of kanji, katakana or letters that a falls in (a itself otherwise)."""
    while a > floor and a < len(text) and char_class(text[a]) in "KAL" and char_class(text[a - 1]) == char_class(text[a]):
        a -= 1
    return a


def _word_end(text: str, b: int) -> int:
    """The end of the run that b falls in, a number with its counter (5年間) kept whole."""
    while 0 < b < len(text) and char_class(text[b - 1]) in "KAL" and char_class(text[b]) == char_class(text[b - 1]):
        b += 1
    while 0 < b < len(text) and (text[b - 1].isdigit() or text[b - 1] in COUNTERS) and text[b] in COUNTERS:
        b += 1
    return b


def natural(text: str, a: int, b: int, floor: int) -> tuple[int, int]:
    """Widen a changed span to natural edges: whole katakana and letter words, at least two kanji of a compound."""
    if a < len(text) and char_class(text[a]) in "AL":
        a = _word_start(text, a, floor)
    if b > 0 and char_class(text[b - 1]) in "AL":
        b = _word_end(text, b)
    if 0 < b < len(text) and text[b - 1].isdigit():
        b = _word_end(text, b)
    kanji = lambda k: char_class(text[k]) == "K"  # noqa: E731
    if a < b and kanji(a) and a > floor and kanji(a - 1) and not (a + 1 < b and kanji(a + 1)):
        a -= 1
    elif a < b and kanji(b - 1) and b < len(text) and kanji(b) and not (b - 2 >= a and kanji(b - 2)):
        b += 1
    return a, b


def paired(text: str) -> bool:
    """True when the 「」 of a text pair up."""
    depth = 0
    for ch in text:
        depth += {"「": 1, "」": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def balance(text: str, a: int, b: int, floor: int) -> tuple[int, int]:
    """Widen a span until its 「」 pair up (a quote must not cut a quotation in two)."""
    while True:
        depth, low = 0, 0
        for ch in text[a:b]:
            depth += {"「": 1, "」": -1}.get(ch, 0)
            low = min(low, depth)
        if low < 0 and a > floor:
            a = text.rfind("「", floor, a)
            a = floor if a < 0 else a
        elif depth - low > 0 and b < len(text):
            close = text.find("」", b)
            b = len(text) if close < 0 else close + 1
        else:
            return a, b


def _step_left(text: str, a: int, floor: int) -> int:
    """One step left: the run before a and, when that run is not a word (a particle, a comma), the word before it."""
    if a <= floor:
        return a
    cls = char_class(text[a - 1])
    a -= 1
    while a > floor and char_class(text[a - 1]) == cls:
        a -= 1
    if cls not in "KAL" and a > floor and char_class(text[a - 1]) in "KAL":
        return _word_start(text, a - 1, floor)
    return a


def _step_right(text: str, b: int) -> int:
    """One step right: the run after b."""
    if b >= len(text):
        return b
    cls = char_class(text[b])
    b += 1
    while b < len(text) and char_class(text[b]) == cls:
        b += 1
    return b


def word_clauses(old: str, new: str) -> str | None:
    """「A」を「B」に、「C」を「D」に改め、「E」を削る … : the shortest unique quotes; None when too much changes."""
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    ops = sm.get_opcodes()
    regions = [(i1, i2) for op, i1, i2, _j1, _j2 in ops if op != "equal"]

    def to_new(x: int, end: bool = False) -> int:
        for op, i1, i2, j1, j2 in ops:
            if op != "equal" and x == (i2 if end else i1):
                return j2 if end else j1
        for op, i1, i2, j1, _j2 in ops:
            if op == "equal" and i1 <= x <= i2:
                return j1 + (x - i1)
        raise AssertionError(x)

    clauses: list[tuple[str, str]] = []
    floor, jfloor, k = 0, 0, 0  # old and new positions up to which every change is quoted
    while k < len(regions):
        a, b = regions[k]
        if a == b:  # pure insertion: quote the words before it (or after it at the start)
            if a > floor:
                a = _step_left(old, a, floor)
            else:
                b = _step_right(old, b)
        a, b = balance(old, *natural(old, a, b, floor), floor)
        while True:
            absorbed = [r for r in regions[k + 1 :] if r[0] <= b + 1]  # a change one letter away joins this quote
            if absorbed:
                a, b = balance(old, *natural(old, a, max(b, *(r[1] for r in absorbed)), floor), floor)
                k += len(absorbed)
                continue
            start = jfloor + (a - floor)
            current = new[:start] + old[a:]
            if len(count_at(current, old[a:b])) == 1 and paired(new[start : to_new(b, end=True)]):
                break
            if a > floor:
                a, b = balance(old, _step_left(old, a, floor), b, floor)
            elif b < len(old):
                a, b = balance(old, a, _step_right(old, b), floor)
            else:
                return None
        qa, qb = old[a:b], new[jfloor + (a - floor) : to_new(b, end=True)]
        if not qb:
            clauses.append(("削り", f"「{qa}」を削"))
        elif qb.startswith(qa) and qa:
            clauses.append(("加え", f"「{qa}」の下に「{qb[len(qa) :]}」を加"))
        else:
            clauses.append(("改め", f"「{qa}」を「{qb}」に"))
        floor, jfloor, k = b, to_new(b, end=True), k + 1
        while k < len(regions) and regions[k][1] <= floor and regions[k][0] < floor:
            k += 1
    groups: list[str] = []
    verbs: list[str] = []
    for verb, text in clauses:
        if verb == "改め" and verbs and verbs[-1] == "改め":
            groups[-1] = groups[-1] + "、" + text
        else:
            groups.append(text)
            verbs.append(verb)
    if len(groups) > MAX_CLAUSES:
        return None
    parts = [g + {"改め": "改め", "削り": "り", "加え": "え"}[v] for g, v in zip(groups, verbs, strict=True)]
    return finish(parts)


def finish(clauses: list[str]) -> str:
    """Join clauses with 「、」 and end the last in its terminal form."""
    last = clauses[-1]
    for cont, term in TERMINAL.items():
        if last.endswith(cont):
            return "、".join([*clauses[:-1], last[: -len(cont)] + term])
    return "、".join(clauses)


def continuative(sentence: str) -> str | None:
    """A sentence without its 「。」 and with its last verb in the continuative form (to chain another clause)."""
    body = sentence.removesuffix("。")
    for term, cont in CONTINUATIVE.items():
        if body.endswith(term):
            return body[: -len(term)] + cont
    return None


class Generator:
    """Writes the sentences that turn one 本則 into another, applying each to a working copy."""

    def __init__(self, old: Instrument, new: Instrument) -> None:
        self.old, self.new, self.style = old, new, old.style
        self.cur = old.root.copy()
        self.of = {id(o): c for o, c in zip(walk(old.root), walk(self.cur), strict=True)}
        self.interp = Interpreter(self.cur, self.style)
        self.sentences: list[Sentence] = []
        self.new_parent = {id(c): u for u in walk(new.root) for c in u.children}
        self.old_parent = {id(c): u for u in walk(old.root) for c in u.children}
        self.heading_pair: dict[int, Unit] = {}  # new 章・節 → old

    def emit(self, text: str, body: list[str] | None = None) -> None:
        """Add a sentence and apply it to the working copy."""
        s = Sentence(text, body or [])
        self.sentences.append(s)
        try:
            self.interp.apply(s, len(self.sentences))
        except YokekomiError as e:
            raise NotExpressible(f"生成した改め文が当てはまらない（生成の誤り）：{e}") from e

    # -- references --------------------------------------------------------------------------------

    def path(self, target: Unit) -> list[Unit]:
        """The chain of units from the 本則 down to target in the working copy."""

        def down(u: Unit, acc: list[Unit]) -> list[Unit] | None:
            for c in u.children:
                if c is target:
                    return [*acc, c]
                if found := down(c, [*acc, c]):
                    return found
            return None

        found = down(self.cur, [])
        assert found is not None
        return found

    def ref(self, u: Unit) -> str:
        """第3章第1節 / 第7条 / 第7条第2項 / 第2条第1項第3号ア; the 項 left out of a one-項 article."""
        chain = self.path(u)
        if u.kind in ("章", "節"):
            return "".join(label(x) for x in chain)
        at = next(i for i, x in enumerate(chain) if x.kind == "条")
        art, rest = chain[at], chain[at + 1 :]
        out = label(art, self.style)
        for x in rest:
            if x.kind == "項" and len(art.children) == 1:
                continue
            out += label(x)
        return out

    def same(self, u: Unit, holder: Unit) -> str:
        """The reference with the article written 同条 (or the 項 written 同項), after a clause naming it."""
        full, prefix = self.ref(u), self.ref(holder)
        word = "同項" if holder.kind == "項" and prefix.endswith("項") else "同条"
        if holder.kind == "号":
            word = "同号"
        return word + full[len(prefix) :] if full.startswith(prefix) else full

    def numbered(self, u: Unit, num: Num) -> str:
        """The label a unit would have with another number."""
        return label(Unit(u.kind, num, level=u.level), self.style)

    # -- the instrument ----------------------------------------------------------------------------

    def run(self) -> list[Sentence]:
        """All sentences, in document order as far as renumbering allows."""
        chapters = align(self._headings(self.old.root), self._headings(self.new.root))
        for o, n in chapters:
            if o and n:
                self.heading_pair[id(n)] = o
                subs = align(self._headings(o), self._headings(n))
                self.heading_pair |= {id(sn): so for so, sn in subs if so and sn}
        self.headings(self.old.root, self.new.root, self.cur, "delete")
        old_arts = [a for a in articles(self.old.root) if self._kept(a, self.old_parent, old=True)]
        news = articles(self.new.root)
        ghosts = {id(a) for a in news if not self._kept(a, self.new_parent, old=False)}
        self.container("条", old_arts, news, None, ghosts)
        self.headings(self.old.root, self.new.root, self.cur, "rest")
        return self.sentences

    def _headings(self, u: Unit) -> list[Unit]:
        return [c for c in u.children if c.kind in ("章", "節")]

    def _kept(self, art: Unit, parents: dict[int, Unit], old: bool) -> bool:
        """True when every heading above the article stays (is matched)."""
        kept = {id(o) for o in self.heading_pair.values()} if old else set(self.heading_pair)
        p = parents.get(id(art))
        while p is not None and p.kind in ("章", "節"):
            if id(p) not in kept:
                return False
            p = parents.get(id(p))
        return True

    def headings(self, old: Unit, new: Unit, cur: Unit, phase: str) -> None:
        """章 (then 節 within each kept 章): deletions first, the rest after the articles."""
        olds, news = self._headings(old), self._headings(new)
        if not olds and not news:
            return
        kind = (olds or news)[0].kind
        events = align(olds, news)
        self.walk_events(kind, events, cur, set(), phase)
        for o, n in events:
            if o and n:
                self.headings(o, n, self.of[id(o)], phase)

    # -- one level of siblings ------------------------------------------------------------------------

    def siblings(self, kind: str, holder: Unit | None, like: Unit | None = None) -> list[Unit]:
        """The units numbered together in the working copy."""
        if kind == "条":
            return articles(self.cur)
        assert holder is not None
        return [c for c in holder.children if c.kind == kind and (like is None or c.level == like.level)]

    def container(self, kind: str, olds: list[Unit], news: list[Unit], holder: Unit | None, ghosts: set[int]) -> None:
        """Changes, insertions and deletions among the children of one unit (or among all articles)."""
        self.walk_events(kind, align(olds, news), holder, ghosts, "all")

    def walk_events(
        self,
        kind: str,
        events: list[tuple[Unit | None, Unit | None]],
        holder: Unit | None,
        ghosts: set[int],
        phase: str,
    ) -> None:
        """Walk the pairing in order: modify matched units, insert and delete runs, renumbering what follows."""
        prev: Unit | None = None
        i = 0
        while i < len(events):
            o, n = events[i]
            if o is not None and n is not None:
                c = self.of[id(o)]
                if phase != "delete":
                    self.modify(o, n, c)
                prev = c
                i += 1
                continue
            j = i
            if o is None:
                ghost = id(n) in ghosts
                while j < len(events) and events[j][0] is None and (id(events[j][1]) in ghosts) == ghost:
                    j += 1
                group = [e[1] for e in events[i:j] if e[1] is not None]
                if phase != "delete":
                    prev = self.insert(kind, group, holder, prev, ghost) or prev
            else:
                while j < len(events) and events[j][1] is None:
                    j += 1
                group = [e[0] for e in events[i:j] if e[0] is not None]
                follow = next(((a, b) for a, b in events[j:] if a is not None and b is not None), None)
                before_insert = None  # matched units between this deletion and the next insertion, which fills the gap
                for k, (a, b) in enumerate(events[j:]):
                    if a is None and b is not None and len(b.num) == 1:
                        before_insert = k
                        break
                    if b is None:
                        break
                if phase != "rest":
                    self.delete(kind, group, holder, prev, follow, kind == "条" and self._gone(group), before_insert)
            i = j

    def _gone(self, group: list[Unit]) -> bool:
        """Articles already removed with their 章 or 節."""
        return all(not self._kept(a, self.old_parent, old=True) for a in group)

    def after(self, kind: str, holder: Unit | None, prev: Unit | None, like: Unit) -> list[Unit]:
        """The siblings after prev in the working copy (all of them when prev is None)."""
        sibs = self.siblings(kind, holder, like)
        if prev is None:
            return sibs
        at = [s is prev for s in sibs].index(True)
        return sibs[at + 1 :]

    def shift_clauses(self, units: list[Unit], step: int, kind: str, down: bool, scope: str | None = None) -> list[str]:
        """第5条を第6条とし / 第5条から第9条までを1条ずつ繰り下げ (last first when moving down).

        scope None names the first unit in full; a string (「第3条中」, or 「」 after a clause that named the
        article) puts it before the unit's own label, as 「第3条中第3項を第4項とし、第2項を第3項とし」.
        """
        if not units or not step:
            return []

        def first(u: Unit) -> str:
            return self.ref(u) if scope is None else scope + self.numbered(u, u.num)

        move = (lambda u: (u.num[0] + step, *u.num[1:])) if down else (lambda u: (u.num[0] - step, *u.num[1:]))
        word = "繰り下げ" if down else "繰り上げ"
        counter = ("条" if self.style == "条" else "") if kind == "条" else kind  # 要綱 style: 1ずつ
        if len(units) >= 3:
            return [f"{first(units[0])}から{self.numbered(units[-1], units[-1].num)}までを{step}{counter}ずつ{word}"]
        order = list(reversed(units)) if down else units
        out = [f"{first(order[0])}を{self.numbered(order[0], move(order[0]))}とし"]
        out += [f"{self.numbered(u, u.num)}を{self.numbered(u, move(u))}とし" for u in order[1:]]
        return out

    def insert(self, kind: str, group: list[Unit], holder: Unit | None, prev: Unit | None, ghost: bool) -> Unit | None:
        """Insert a run of new units after prev, moving the following ones down first when numbers collide."""
        like = group[0]
        following = self.after(kind, holder, prev, like)
        plain_nums = [u.num[0] for u in group if len(u.num) == 1]
        step = max(0, max(plain_nums) + 1 - following[0].num[0]) if following and plain_nums else 0
        inner = kind in ("項", "号")
        scope = f"{self.ref(holder)}中" if inner and holder is not None else None
        chain = self.shift_clauses(following, step, kind, down=True, scope=scope)
        if ghost:
            if chain:
                self.emit(finish(chain) + "。")
            return None
        body = [ln for u in group for ln in render(u, self.style)]
        count = f"{len(group)}{'条' if kind == '条' else kind}を"
        if kind == "条" and self.style != "条":
            count = "ように"  # 要綱 style (第1, 第2 …): 「第4の次に次のように加える。」
        if kind in ("章", "節"):
            place = self._place_heading(group, holder, prev, following, step, count)
        elif kind == "条":
            place = self._place_article(group[0], prev, following, step, count)
        elif not following:
            assert holder is not None
            place = f"{self.ref(holder)}に次の{count}加え"
        elif prev is not None:
            assert holder is not None
            place = f"{self.numbered(prev, prev.num) if chain else self.ref(prev)}の次に次の{count}加え"
        else:
            first = following[0]
            place = f"{self.numbered(first, (first.num[0] + step, *first.num[1:]))}の前に次の{count}加え"
            if not chain:
                place = f"{self.ref(first)}の前に次の{count}加え"
        self.emit(finish([*chain, place]) + "。", body)
        sibs = self.siblings(kind, holder, like)
        return next(s for s in sibs if s.num == group[-1].num)

    def _place_article(self, first: Unit, prev: Unit | None, following: list[Unit], step: int, count: str) -> str:
        """第4条の次に次の1条を加え, or 第5章中第15条の前に … when the article opens its 章 or 節."""
        parent = self.new_parent.get(id(first))
        target = self.cur if parent is None or parent.kind == "本則" else self.of[id(self.heading_pair[id(parent)])]
        if prev is not None and self.interp.parent_of(prev) is target:
            return f"{self.ref(prev)}の次に次の{count}加え"
        inside = [a for a in following if self.interp.parent_of(a) is target]
        if not inside:
            raise NotExpressible(f"{label(first, self.style)}を加える場所を改め文で示せない（章又は節の全部改正とすること）")
        a = inside[0]
        shown = self.numbered(a, (a.num[0] + step, *a.num[1:]))
        return (
            f"{self.ref(target)}中{shown}の前に次の{count}加え"
            if target is not self.cur
            else f"{shown}の前に次の{count}加え"
        )

    def _place_heading(
        self,
        group: list[Unit],
        holder: Unit | None,
        prev: Unit | None,
        following: list[Unit],
        step: int,
        count: str,
    ) -> str:
        """第4章の次に次の1章を加え."""
        if prev is not None:
            return f"{self.ref(prev)}の次に次の{count}加え"
        if following:
            a = following[0]
            shown = self.numbered(a, (a.num[0] + step, *a.num[1:]))
            prefix = self.ref(holder) if holder is not None and holder.kind == "章" else ""
            return f"{prefix}{shown}の前に次の{count}加え"
        raise NotExpressible(f"{label(group[0])}を加える場所を改め文で示せない")

    def delete(
        self,
        kind: str,
        group: list[Unit],
        holder: Unit | None,
        prev: Unit | None,
        follow: tuple[Unit, Unit] | None,
        gone: bool,
        before_insert: int | None = None,
    ) -> None:
        """第5条を削り、第6条から第9条までを1条ずつ繰り上げる."""
        cur = [self.of[id(o)] for o in group] if not gone else []
        like = group[0]
        last = cur[-1] if cur else prev
        following = self.after(kind, holder, last, like) if (last is not None or gone) else []
        if gone and prev is None:
            following = self.siblings(kind, holder, like)
        step = 0
        if follow is not None and len(follow[1].num) == 1:
            step = max(0, self.of[id(follow[0])].num[0] - follow[1].num[0])
        inner = kind in ("項", "号") and holder is not None
        chain_units = (following if before_insert is None else following[:before_insert]) if step else []
        clauses: list[str] = []
        if cur:
            names = f"{self.ref(holder)}中{self.numbered(cur[0], cur[0].num)}" if inner and chain_units else self.ref(cur[0])  # type: ignore[arg-type]
            if len(cur) == 2:
                names += f"及び{self.numbered(cur[1], cur[1].num)}"
            elif len(cur) > 2:
                names += f"から{self.numbered(cur[-1], cur[-1].num)}まで"
            clauses.append(f"{names}を削り")
        scope = ("" if cur else f"{self.ref(holder)}中") if inner else None  # type: ignore[arg-type]
        chain = self.shift_clauses(chain_units, step, kind, down=False, scope=scope)
        if clauses or chain:
            self.emit(finish(clauses + chain) + "。")

    # -- a matched unit ---------------------------------------------------------------------------------

    def modify(self, o: Unit, n: Unit, c: Unit) -> None:
        """Sentences for the changes within one unit that keeps its place."""
        if content(o) == content(n):
            return
        if o.kind in ("章", "節"):
            if o.title != n.title:
                words = word_clauses(o.title, n.title)
                name = "章名" if o.kind == "章" else "節名"
                if words is None:
                    self.emit(f"{self.ref(c)}の{name}を次のように改める。", [f"{label(c)}　{n.title}"])
                else:
                    self.emit(f"{self.ref(c)}の{name}中{words}。")
            return
        if o.kind == "条":
            self.modify_article(o, n, c)
            return
        self.modify_unit(o, n, c)

    def replace_whole(self, c: Unit, n: Unit) -> None:
        """「…を次のように改める。」 with the new unit under the number it holds now."""
        shown = Unit(n.kind, c.num, n.title, n.text, n.children, n.level)
        body = render(shown, self.style)
        if c.kind == "項" and c.num == (1,):
            art = self.path(c)[-2]
            body[0] = f"{label(art, self.style)}　{n.text}"
            self.emit(f"{label(art, self.style)}第1項を次のように改める。", body)
            return
        self.emit(f"{self.ref(c)}を次のように改める。", body)

    def modify_article(self, o: Unit, n: Unit, c: Unit) -> None:
        """見出し, then the 項 (or the whole article when most of it changes or it becomes 削除)."""
        deleted = [p.text for p in n.children] == ["削除"]
        if deleted or similarity(content(o), content(n)) < WHOLE:
            self.replace_whole(c, n)
            return
        if o.title != n.title:
            ref = self.ref(c)
            if not n.title:
                self.emit(f"{ref}の見出しを削る。")
            elif not o.title:
                self.emit(f"{ref}に見出しとして「（{n.title}）」を付する。")
            elif (words := word_clauses(o.title, n.title)) is None or words.startswith(f"「{o.title}」を「"):
                self.emit(f"{ref}の見出しを「（{n.title}）」に改める。")
            else:
                self.emit(f"{ref}の見出し中{words}。")
        self.container("項", o.children, n.children, c, set())

    def modify_unit(self, o: Unit, n: Unit, c: Unit) -> None:
        """A 項 or 号: its words, then the items below it (a 号 gaining ア・イ is rewritten whole)."""
        if o.kind == "号" and any(a is None for a, _ in align(o.children, n.children)):
            self.replace_whole(c, n)
            return
        if o.text != n.text:
            words = word_clauses(o.text, n.text)
            if words is None or similarity(o.text, n.text) < WHOLE:
                self.replace_whole(c, n)
                return
            self.emit(f"{self.ref(c)}中{words}。")
        self.container("号", o.children, n.children, c, set())

    # -- tidying -----------------------------------------------------------------------------------------

    def merged(self) -> list[Sentence]:
        """Consecutive sentences on one article joined: 「第13条第2項中…に改め、同条に次の2項を加える。」."""
        out: list[Sentence] = []
        for s in self.sentences:
            prev = out[-1] if out else None
            head = WORDS_ON.match(prev.text) if prev and not prev.body else None
            if prev and head and s.text.startswith(head.group(1)) and AFTER_ARTICLE.match(s.text[len(head.group(1)) :]):
                joined = continuative(prev.text)
                if joined:
                    out[-1] = Sentence(joined + "、同条" + s.text[len(head.group(1)) :], s.body)
                    continue
            out.append(s)
        return out


WORDS_ON = re.compile(r"^(第\d+(?:条)?(?:の\d+)*)(?:第\d+項)?(?:第\d+号)?[ア-ン]?(?:\([ア-ン]\))?(?:の見出し)?中「")
AFTER_ARTICLE = re.compile(r"^(?:第\d+項|第\d+号|中「|中第|の見出し|に次の)")


def generate(old: Instrument, new: Instrument, amendment: dict[str, str] | None = None) -> Kaibun:
    """The amending instrument (題名, 本則, 附則) from two versions, proven by applying it to the old text."""
    gen = Generator(old, new)
    gen.run()
    want = render(new.root, new.style)
    for sentences in (gen.merged(), gen.sentences):
        try:
            got = render(apply_all(old.root, sentences, old.style), old.style)
        except YokekomiError:
            continue
        if got == want:
            break
    else:
        got = render(gen.cur, old.style)
        line = next((w for w, g in zip(want, got, strict=False) if w != g), (want + got)[-1] if want or got else "")
        raise NotExpressible(f"この改正は改め文で表せない（「{line[:30]}」の辺り）：その条又は章の全部改正とすること")
    return Kaibun(title(old), lead(old), sentences, supplementary(amendment or {}))


def title(old: Instrument) -> str:
    """「…の一部を改正する訓令」."""
    return f"{old.title}の一部を改正する訓令"


def lead(old: Instrument) -> str:
    """「…（平成15年訓令第12号）の一部を次のように改正する。」 (未確認 where the number is not known)."""
    enacted = SourceDate.parse(old.enacted).value if old.enacted else None
    if old.number in ("", "未確認"):
        cite = "（例規番号未確認）"
    else:
        cite = f"（{era_year(enacted) if enacted else ''}{old.number}）"
    return f"{old.title}{cite}の一部を次のように改正する。"


def supplementary(amendment: dict[str, str]) -> list[str]:
    """The 附則 in the 訓令 form (この訓令は、令和X年X月X日から施行する)."""
    value = SourceDate.parse(amendment.get("effective", "未確認")).value
    return [f"この訓令は、{era_date(value) if isinstance(value, dt.date) else '（施行日未確認）'}から施行する。"]
