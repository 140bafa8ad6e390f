"""改正注記 under each amended article of the consolidated text, and the 公布 ledger of every instrument and amendment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .dates import SourceDate, era_date
from .domain import ReikiDomain
from .labels import label
from .nodes import article
from .numbering import ArticleNumber, article_label
from .tables import table
from .versions import Version, align, chain, snapshots, unchanged

ERA_SHORT = {"明治": "明", "大正": "大", "昭和": "昭", "平成": "平", "令和": "令"}
KINDS = {
    "ja": {"added": "追加", "changed": "一部改正", "deleted": "削除"},
    "en": {"added": "added", "changed": "amended", "deleted": "deleted"},
}


def _when(amend: dict[str, str]) -> dt.date | None:
    """The date that names an amendment: its promulgation, else its effective date (None when neither is known)."""
    for key in ("date", "effective"):
        d = SourceDate.parse(str(amend.get(key, "未確認"))).value
        if d:
            return d
    return None


def note_text(amend: dict[str, str], kind: str, lang: str) -> str:
    """（令8訓令5・一部改正） in Japanese, (2026 Instruction No. 5: amended) in English; 未確認 parts said as such."""
    d = _when(amend)
    number = str(amend.get("number", "未確認"))
    if lang.startswith("en"):
        when = str(d.year) if d else "date not confirmed"
        num = "number not confirmed" if number == "未確認" else number
        return f"({when}, {num}: {KINDS['en'][kind]})"
    era = era_date(d) if d else ""
    short = f"{ERA_SHORT[era[:2]]}{era[2 : era.index('年')]}" if d else "年未確認"
    short = short.replace("元", "1")
    num = "番号未確認" if number == "未確認" else number.replace("第", "").replace("号", "")
    return f"（{short}{num}・{KINDS['ja'][kind]}）"


def kinds(before: Version, after: Version) -> list[tuple[str, str]]:
    """(article number, added / changed / deleted) for every article one amendment touched, in order."""
    out = []
    for row in align(before, after):
        if row.new is None or unchanged(row):
            continue
        text = "".join(u.text for u in row.new.units).strip()
        out.append((row.new.number, "added" if row.old is None else "deleted" if text == "削除" else "changed"))
    return out


def notes_paragraphs(amend: dict[str, str], before: Version, after: Version, lang: str) -> list[nodes.Node]:
    """The 改正注記 this amendment puts in the consolidated text: the articles of each kind with the note they get."""
    en = lang.startswith("en")
    grouped: dict[str, list[str]] = {}
    for number, kind in kinds(before, after):
        grouped.setdefault(kind, []).append(article_label(ArticleNumber.parse(number), after.style, lang))
    if not grouped:
        return []
    head = "Notes this amendment adds to the consolidated text" if en else "この改正が本文に付ける改正注記"
    out: list[nodes.Node] = [nodes.rubric("", head, translatable=False)]
    for kind, labels in grouped.items():
        note = note_text(amend, kind, lang)
        line = f"{', '.join(labels)}: {note}" if en else f"{'、'.join(labels)}　{note}"
        out.append(nodes.paragraph("", line, classes=["reiki-amend-notes"], translatable=False))
    return out


def changes(srcdir: Path, stem: str) -> dict[str, list[tuple[dict[str, str], str]]]:
    """Article number → the amendments that added, changed or deleted it, in order (from the saved earlier texts)."""
    out: dict[str, list[tuple[dict[str, str], str]]] = {}
    if stem not in snapshots(srcdir):
        return out
    _, steps = chain(srcdir, stem)
    for amend, before, after in steps:
        for number, kind in kinds(before, after):
            out.setdefault(number, []).append((amend, kind))
    return out


def add_notes(app: Sphinx, doctree: nodes.document) -> None:
    """After reading an instrument page: put the 改正注記 at the end of each article an amendment touched."""
    env = app.env
    dom = cast(ReikiDomain, env.get_domain("reiki"))
    if not dom.on_page(env.docname) or not env.docname.startswith("policies/"):
        return
    stem = Path(env.docname).name
    found = changes(Path(app.srcdir), stem)
    if not found:
        return
    lang = app.config.language or "ja"
    for node in doctree.findall(article):
        for amend, kind in found.get(str(node.get("number", "")), []):
            text = note_text(amend, kind, lang)
            box = nodes.container(classes=["reiki-amend-note"])  # set to the right, on the site and on paper
            box += nodes.paragraph(text, text, translatable=False)
            node += box


class LedgerDirective(SphinxDirective):
    """The 公布 ledger: every instrument and amendment with 例規番号, 公布日, 施行日 and its 改め文 and 新旧対照表."""

    def run(self) -> list[nodes.Node]:
        """One row per history entry of every instrument, in the order of the instruments' pages."""
        self.env.note_reread()  # the rows come from every instrument page
        lang = self.config.language or "ja"
        en = lang.startswith("en")
        return [ledger_placeholder(lang=lang, en=en)]


class ledger_placeholder(nodes.General, nodes.Element):
    """Filled when the pages are written, once every instrument has been read."""


def fill_ledger(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace the ledger placeholder with the table."""
    dom = cast(ReikiDomain, app.env.get_domain("reiki"))
    src = Path(app.srcdir)
    for node in list(doctree.findall(ledger_placeholder)):
        en = bool(node["en"])
        heads = (
            ["Instrument", "Kind", "Number", "Promulgated", "In force", "Amending text and comparison"]
            if en
            else ["例規", "区分", "例規番号", "公布日", "施行日", "改め文・新旧対照表"]
        )
        rows = []
        for inst in sorted(dom.instruments.values(), key=lambda i: i.docname):
            if not inst.docname.startswith("policies/"):
                continue
            stem = Path(inst.docname).name
            snaps = snapshots(src).get(stem, {})
            for a in inst.amendments:
                links: Any = "—"
                if a.id in snaps:
                    links = _link(app, docname, f"docs/versions/{inst.id}-{a.id}-table")
                unknown = "not confirmed" if en else "未確認"
                rows.append(
                    (
                        _link(app, docname, inst.docname),
                        label(a.type, "en" if en else "ja"),
                        unknown if a.number == "未確認" else a.number,
                        SourceDate.parse(a.date).show("en" if en else "ja"),
                        SourceDate.parse(a.effective).show("en" if en else "ja"),
                        links,
                    )
                )
        widths = [4, 4, 3, 3, 3, 5] if en else [5, 2, 3, 4, 4, 5]  # "Partial amendment" needs the room
        node.replace_self(table(heads, rows, widths=widths, classes=["ledger"], long=True))


def _link(app: Sphinx, here: str, target: str) -> nodes.Node:
    """The title of a page, linked on the site (plain words in print, where the page may not be in the volume)."""
    title = app.env.titles[target].astext() if target in app.env.titles else target
    if app.builder.format != "html":
        return nodes.paragraph(title, title)
    ref = nodes.reference(title, title, internal=True, refuri=app.builder.get_relative_uri(here, target))
    return nodes.paragraph("", "", ref)


def register(app: Any) -> None:
    """Register the notes, the ledger directive and its filling."""
    app.add_node(ledger_placeholder)
    app.add_directive("promulgation-ledger", LedgerDirective)
    app.connect("doctree-read", add_notes)
    app.connect("doctree-resolved", fill_ledger)
