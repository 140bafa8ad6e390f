"""Citation form (法制執務): short titles introduced before use, defined terms used after definition, 法令番号 cited."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from . import state
from .domain import Instrument, ReikiDomain
from .errors import error
from .glossary import load_terms
from .nodes import unit_text

# 「以下「X」という」「以下これらを「X」という」; scoped forms (以下この条において…) do not match and are not checked
DEFINITION = re.compile(r"以下(?:これらを|これを)?(?:総称して)?「(?P<term>[^」]+)」という")
# a character that makes an occurrence part of a longer word (…審議会 in …管理運用審議会)
WORD = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9々]")
UNKNOWN = "未確認"


@dataclass
class Stream:
    """The text of an instrument's articles and 附則 as read, with the line of every piece and its statute citations."""

    text: str = ""
    starts: list[tuple[int, int]] = field(default_factory=list)  # (offset, source line)
    laws: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, statute key)

    def line(self, offset: int) -> int:
        """The source line of the piece holding this offset."""
        found = self.starts[0][1] if self.starts else 0
        for start, line in self.starts:
            if start > offset:
                break
            found = line
        return found


def _flatten(node: nodes.Node, dom: ReikiDomain, out: list[tuple[str, str]]) -> None:
    """The text of a unit as the reader sees it: other instruments' short titles included, bibliography keys left out."""
    if isinstance(node, nodes.Text):
        out.append((str(node), ""))
        return
    if isinstance(node, pending_xref):
        if node.get("refdomain") != "reiki":
            return  # a {cite} key: the bibliography label is not text of the rule
        other = dom.instruments.get(str(node.get("reftarget", "")).split("#")[0])
        shown = node.astext()
        if node.get("reiki_other") and not node.get("refexplicit") and other:
            shown = other.short + shown
        out.append((shown, ""))
        return
    if isinstance(node, nodes.Element) and node.get("reiki_law"):
        out.append((node.astext(), node["reiki_law"][0]))
        return
    for child in node.children:
        _flatten(child, dom, out)


def stream(doctree: nodes.document, dom: ReikiDomain) -> Stream:
    """Every unit of the page's instrument, in order."""
    s = Stream()
    for ut in doctree.findall(unit_text):
        pieces: list[tuple[str, str]] = []
        _flatten(ut, dom, pieces)
        s.starts.append((len(s.text), ut.line or 0))
        for text, law in pieces:
            if law:
                s.laws.append((len(s.text), len(s.text) + len(text), law))
            s.text += text
        s.text += "\n"
    return s


def _word_at(text: str, start: int) -> bool:
    """True when the word at start stands on its own (is not the tail of a longer name such as …内部監査委員会設置要領)."""
    return not (start > 0 and WORD.match(text[start - 1]))


def _find_word(text: str, word: str, start: int = 0) -> int:
    """The first offset from start where word stands on its own; -1 when there is none."""
    pos = text.find(word, start)
    while pos >= 0 and not _word_at(text, pos):
        pos = text.find(word, pos + 1)
    return pos


def check_short_titles(s: Stream, inst: Instrument, others: list[Instrument], terms: set[str]) -> list[tuple[int, str]]:
    """A short title of another instrument is used only after 「題名（例規番号。以下「略称」という。）」."""
    out = []
    for other in others:
        short = other.short
        if short in terms or short == inst.short:
            continue
        first = _find_word(s.text, short)
        if first < 0:
            continue
        intro = f"以下「{short}」という"
        at = s.text.find(intro)
        number = other.meta.get("number", "")
        want = f"{other.title}（{'' if number in ('', UNKNOWN) else number + '。'}以下「{short}」という。）"
        # the first use is the introduction itself, or the title that the introduction follows (title = short)
        title_at = s.text.rfind("（", 0, at) - len(other.title) if at >= 0 else -1
        introduced = at >= 0 and (first == at + len("以下「") or title_at <= first < title_at + len(other.title))
        if not introduced:
            where = "導入していない" if at < 0 else "導入する前に使っている"
            out.append(
                (
                    s.line(first),
                    f"「{short}」をこの例規で{where}: 最初に使う箇所で「{want}」と書いて導入する"
                    "（又は data/terms.yaml の用語にする）",
                )
            )
            continue
        paren = s.text.rfind("（", 0, at)
        head = s.text[:paren] if paren >= 0 else ""
        inside = s.text[paren + 1 : at] if paren >= 0 else ""
        if not head.endswith(other.title) or (number not in ("", UNKNOWN) and number not in inside):
            out.append((s.line(at), f"「{short}」の導入に題名又は例規番号がない: 「{want}」と書く"))
    return out


def check_definitions(s: Stream, shorts: set[str]) -> list[tuple[int, str]]:
    """A term defined by 「以下「X」という」 is not used before the sentence that defines it (short titles: above)."""
    out = []
    seen: set[str] = set()
    for m in DEFINITION.finditer(s.text):
        term = m.group("term")
        if term in seen or term in shorts or len(term) < 2:
            continue
        seen.add(term)
        # the defining sentence may name the term itself (「…回線の障害…（以下これらを「障害」という。）」)
        paren = s.text.rfind("（", 0, m.start())
        paren = paren if paren >= 0 else m.start()
        limit = max(s.text.rfind("。", 0, paren), s.text.rfind("\n", 0, paren)) + 1
        pos = _find_word(s.text, term)
        if 0 <= pos < limit:
            out.append(
                (
                    s.line(pos),
                    f"「{term}」を定義（{s.line(m.start())}行目の「以下「{term}」という」）より前に使っている: "
                    "定義を最初に使う箇所に移すか、ここでは定義前の語で書く",
                )
            )
    return out


def check_statute_numbers(s: Stream, registry: Any) -> list[tuple[int, str]]:
    """The first citation of each statute in an instrument carries its 法令番号."""
    out = []
    seen: set[str] = set()
    for start, end, key in s.laws:
        if key in seen:
            continue
        seen.add(key)
        st = registry.statutes.get(key)
        if st is None or not st.number:
            continue
        near = s.text[start : end + len(st.number) + 2]
        if f"（{st.number}" not in near:
            out.append(
                (
                    s.line(start),
                    f"「{st.title}」をこの例規で初めて引用する箇所に法令番号がない: 「{st.title}（{st.number}）」と書く",
                )
            )
    return out


def check(app: Sphinx, env: BuildEnvironment) -> None:
    """Check the citation form of every instrument (Japanese builds: the form is a rule of Japanese drafting)."""
    if not (app.config.language or "ja").startswith("ja"):
        return
    dom = cast(ReikiDomain, env.get_domain("reiki"))
    try:
        has_terms = Path(app.srcdir, app.config.reiki_terms).is_file()
        terms = {t["term"] for t in load_terms(Path(app.srcdir), app.config.reiki_terms)} if has_terms else set()
    except (OSError, ValueError, KeyError):  # DataError is a ValueError
        return  # the glossary reports the broken terms file; without its terms every use would be a knock-on error
    registry = state.registry(env)
    instruments = sorted(dom.instruments.values(), key=lambda i: i.docname)
    for inst in instruments:
        s = stream(env.get_doctree(inst.docname), dom)
        others = [o for o in instruments if o.id != inst.id]
        found = (
            check_short_titles(s, inst, others, terms)
            + check_definitions(s, {o.short for o in others})
            + check_statute_numbers(s, registry)
        )
        for line, message in sorted(found):
            error(message, (inst.docname, line), "citeform")


def register(app: Sphinx) -> None:
    """Run the checks once all pages are read."""
    app.connect("env-check-consistency", check)
