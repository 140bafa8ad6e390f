"""The reiki domain: instruments, their units and every citation, kept per document."""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any, ClassVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from .messages import msg
from .numbering import ArticleNumber, Target, target_label
from .reruns import hold, warned

logger = logging.getLogger(__name__)


@dataclass
class Amendment:
    """One entry of an instrument's amendment history."""

    id: str
    type: str
    date: str
    number: str
    effective: str
    summary: str = ""
    form: str = ""  # the kind of instrument that made the amendment (訓令, 告示 …): its 附則 reads 「この訓令は、…」


@dataclass
class Instrument:
    """An instrument (例規) and its metadata."""

    id: str
    docname: str
    lineno: int
    title: str
    short: str
    kind: str
    style: str
    meta: dict[str, str]
    amendments: list[Amendment] = field(default_factory=list)
    supplementaries: list[tuple[str, str, int]] = field(default_factory=list)  # (amendment id, effective, line)


@dataclass
class Unit:
    """An article, paragraph or item with its anchor, label and text."""

    instrument: str
    docname: str
    anchor: str
    label: str
    caption: str
    text: str
    lineno: int


@dataclass
class Citation:
    """A {jo} reference from one place to a unit of an instrument."""

    docname: str
    from_anchor: str
    from_label: str
    instrument: str
    anchor: str
    lineno: int


@dataclass
class LawCite:
    """A {law} citation of a statute (and article)."""

    docname: str
    from_anchor: str
    from_label: str
    statute: str
    article: str
    lineno: int


def _label(node: pending_xref, style: str, lang: str) -> str:
    """The legal label of a pending citation in the cited instrument's style."""
    article: str
    para: int
    items: list[int]
    article, para, items = node.get("reiki_target", ("", 0, []))
    if not article:
        return node.get("reiki_label", "")
    return target_label(Target(None, ArticleNumber.parse(article), para or None, tuple(items)), style, lang)


class ReikiDomain(Domain):
    """Domain owning the regulation model's cross-document state."""

    name = "reiki"
    label = "Japanese municipal regulations"
    initial_data: ClassVar[dict[str, Any]] = {"instruments": {}, "units": {}, "citations": [], "laws": [], "index_docs": {}}

    @property
    def instruments(self) -> dict[str, Instrument]:
        """Instruments by id."""
        return self.data["instruments"]

    @property
    def units(self) -> dict[tuple[str, str], Unit]:
        """Units by (instrument id, anchor)."""
        return self.data["units"]

    @property
    def citations(self) -> list[Citation]:
        """All {jo} citations."""
        return self.data["citations"]

    @property
    def laws(self) -> list[LawCite]:
        """All {law} citations."""
        return self.data["laws"]

    def on_page(self, docname: str) -> list[Instrument]:
        """The instruments defined on a page (usually one, none on most other pages)."""
        return [i for i in self.instruments.values() if i.docname == docname]

    def clear_doc(self, docname: str) -> None:
        """Forget everything read from docname."""
        seen: dict[str, bool] = self.data.setdefault("docs", {})
        if not seen.pop(docname, False):  # nothing recorded from it: keep a full build linear
            return
        for key in [k for k, v in self.instruments.items() if v.docname == docname]:
            del self.instruments[key]
        for unit_key in [k for k, v in self.units.items() if v.docname == docname]:
            del self.units[unit_key]
        self.data["citations"] = [c for c in self.citations if c.docname != docname]
        self.data["laws"] = [c for c in self.laws if c.docname != docname]
        self.data["index_docs"].pop(docname, None)
        self.data.setdefault("glossary_docs", {}).pop(docname, None)
        pages = self.data.setdefault("trace_pages", {})
        for key in [k for k, d in pages.items() if d == docname]:
            del pages[key]

    def note_doc(self, docname: str) -> None:
        """Remember that docname recorded something here (so clear_doc has work to do)."""
        self.data.setdefault("docs", {})[docname] = True

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        """Take the data of docnames read in a parallel process."""
        self.data.setdefault("docs", {}).update({d: True for d in otherdata.get("docs", {}) if d in docnames})
        for inst in otherdata["instruments"].values():
            if inst.docname in docnames:
                self.note_instrument(inst)
        for key, u in otherdata["units"].items():
            if u.docname in docnames:
                self.units[key] = u
        self.citations.extend(c for c in otherdata["citations"] if c.docname in docnames)
        self.laws.extend(c for c in otherdata["laws"] if c.docname in docnames)
        self.data["index_docs"].update({d: v for d, v in otherdata["index_docs"].items() if d in docnames})
        self.data.setdefault("glossary_docs", {}).update(
            {d: v for d, v in otherdata.get("glossary_docs", {}).items() if d in docnames}
        )
        self.data.setdefault("trace_pages", {}).update(
            {k: d for k, d in otherdata.get("trace_pages", {}).items() if d in docnames}
        )

    def note_instrument(self, inst: Instrument) -> None:
        """Record an instrument; a duplicate id is an error."""
        other = self.instruments.get(inst.id)
        if other and other.docname != inst.docname:
            logger.warning(
                msg("instrument-duplicate", ident=inst.id, other=other.docname),
                location=(inst.docname, inst.lineno),
                type="reiki",
                subtype="duplicate",
            )
            return
        self.instruments[inst.id] = inst
        self.note_doc(inst.docname)

    # Sphinx declares reference | None but puts whatever node is returned in place of the pending_xref (its std domain
    # returns contnode too): after the one error, the citation's words stay, with no missing-reference warning on top.
    def resolve_xref(  # type: ignore[override]  # returns contnode (an Element) for a citation already reported
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        """Resolve a {jo} citation to the unit it names; an unknown target is an error."""
        if typ == "item":
            page = self.data.get("trace_pages", {}).get("audit")
            return make_refnode(builder, fromdocname, page, target.lower(), contnode, target) if page else contnode
        instrument_id, _, anchor = target.partition("#")
        inst = self.instruments.get(instrument_id)
        if inst is None:
            logger.warning(
                msg(
                    "ref-unknown-instrument",
                    text=node.get("reiki_source", target),
                    ident=instrument_id,
                    ids="・".join(sorted(self.instruments)),
                ),
                location=node,
                type="reiki",
                subtype="ref",
            )
            return contnode
        unit = self.units.get((instrument_id, anchor))
        if unit is None:
            if node.get("reiki_checked") or node.get("reiki_renumbered"):  # reported at the data line / as renumbered
                return contnode
            if inst.docname in warned():  # the cited page has an error of its own: that is the one line
                hold(fromdocname)
                return contnode
            logger.warning(
                msg(
                    "ref-missing",
                    short=inst.short,
                    label=_label(node, inst.style, "ja"),
                    text=node.get("reiki_source", target),
                ),
                location=node,
                type="reiki",
                subtype="ref",
            )
            return contnode
        if not node.get("refexplicit") and node.get("reiki_other"):
            lang = env.config.language or "ja"
            text = inst.short + (" " if lang.startswith("en") else "") + _label(node, inst.style, lang)
            contnode = nodes.inline(text, text, classes=["reiki-ref"])
        docname = node.get("reiki_then") or inst.docname  # an as-of citation of a number changed since: the earlier text
        lang = env.config.language or "ja"
        title = inst.short + (" " if lang.startswith("en") else "") + _label(node, inst.style, lang)
        art = self.units.get((instrument_id, anchor.split("-")[0]))
        if art and art.caption and not lang.startswith("en") and not node.get("reiki_then"):  # caption (not an old text's)
            title += f"（{art.caption}）"
        try:
            return make_refnode(builder, fromdocname, docname, anchor, contnode, title)
        except NoUri:  # the cited page is not part of this output (a separate PDF volume)
            return contnode

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        """The regulation model is not searched by the any role."""
        return []

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Articles for the inventory (objects.inv, which Sphinx sorts)."""
        for (inst_id, anchor), u in self.units.items():
            if u.caption or anchor.count("-") == 0:
                yield f"{inst_id}#{anchor}", f"{u.label}", "article", u.docname, anchor, 1
