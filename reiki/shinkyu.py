"""The 新旧対照表 in the national 法制執務 layout: 改正後 | 改正前 (configurable), changes underlined, （略） for the rest.

The directive builds a `comparison` node of rows; each row holds the two sides (in the configured order), each side a
label and one translatable paragraph. After translation (doctree-read) the two paragraphs of a row are compared and
the changed words wrapped in `changed` nodes, so the English edition marks the changes of the English texts. The
writers draw the whole table themselves: a longtable with two fixed columns in LaTeX (underline per character that
breaks with the line, see reiki.sty), a two-column table in HTML.
"""

from __future__ import annotations

import difflib
import html
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .labels import label
from .numbering import ArticleNumber, article_label

if TYPE_CHECKING:
    from .versions import Article, Row, Unit, Version

ORDERS = ("new-old", "old-new")
# JIS X 4051 line-start and line-end prohibitions (the same set as pTeX's kinsoku table, in short)
NO_START = set("、。，．）〕］｝〉》」』】・：；？！ゝゞヽヾー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.)]}:;?!%")
NO_END = set("（〔［｛〈《「『【([{")
UNIT = re.compile(r"\s+|[!-~\u00a0-\u024f\u2018-\u201d\u2013\u2014]+|.", re.S)


class comparison(nodes.General, nodes.Element):
    """A 新旧対照表: rows of two sides; attribute order = new-old or old-new."""


class cmp_row(nodes.General, nodes.Element):
    """One line pair of the table; kind = articles (unchanged, （略）), note, caption, unit or elided (unit （略）)."""


class cmp_side(nodes.General, nodes.Element):
    """One side (side = new or old) of a row: label attribute, then at most one paragraph."""


class changed(nodes.Inline, nodes.TextElement):
    """Changed words in a 新旧対照表 (underlined)."""


def _side(side: str, text: str = "", lbl: str = "", level: int = 0, where: tuple[str, int] | None = None) -> cmp_side:
    node = cmp_side(side=side, label=lbl, level=level, label_changed=False)
    if text:
        para = nodes.paragraph(text, text, translatable=where is not None)
        if where:  # author-written words: sent to the translators, translated before the changes are marked
            para.source, para.line = where
        node += para
    return node


def _row(kind: str, new: cmp_side, old: cmp_side, order: str) -> cmp_row:
    row = cmp_row(kind=kind)
    row.extend([new, old] if order == "new-old" else [old, new])
    return row


def _sides_of(row: cmp_row) -> list[cmp_side]:
    """The two sides of a row in printed order."""
    return [c for c in row.children if isinstance(c, cmp_side)]


def sides(row: cmp_row) -> tuple[cmp_side, cmp_side]:
    """(new, old) of a row whatever the printed order."""
    a, b = _sides_of(row)
    return (a, b) if a["side"] == "new" else (b, a)


def _range(first: str, last: str, lang: str, count: int = 3) -> str:
    """第1条～第10条, 2・3 (two in a row), or one label."""
    return first if first == last else label("range" if count > 2 else "pair", lang).format(a=first, b=last)


def comparison_table(old: Version, new: Version, order: str, lang: str, where: tuple[str, int]) -> comparison:
    """The table of one amendment: changed articles in full, runs of unchanged articles and units as （略）."""
    from .versions import align, unchanged

    table = comparison(order=order)
    run: list[Row] = []
    omitted = label("omitted", lang)

    def flush() -> None:
        if run:
            first, last = (article_label(ArticleNumber.parse(r.new.number), new.style, lang) for r in (run[0], run[-1]))  # type: ignore[union-attr]
            text = f"{_range(first, last, lang, len(run))}{label('gap', lang)}{omitted}"
            table.append(_row("articles", _side("new", text), _side("old", text), order))
            run.clear()

    for r in align(old, new):
        if unchanged(r):
            run.append(r)
            continue
        flush()
        table.extend(_article_rows(r, old, new, order, lang, where))
    flush()
    return table


def _article_rows(r: Row, old: Version, new: Version, order: str, lang: str, where: tuple[str, int]) -> list[cmp_row]:
    """Rows of one changed, added, deleted or moved article."""
    from .versions import pair_units

    rows: list[cmp_row] = []
    if r.note or r.old is None or r.new is None:
        note_new = label("moved", lang).format(x=_label(r.old, old, lang)) if r.note and r.old else ""
        rows.append(
            _row(
                "note",
                _side("new", label("deleted_art", lang) if r.new is None else (_paren(note_new, lang) if note_new else "")),
                _side("old", label("added", lang) if r.old is None else ""),
                order,
            )
        )
    if (r.new and r.new.caption) or (r.old and r.old.caption):
        rows.append(
            _row(
                "caption",
                _side("new", r.new.caption if r.new else "", where=where),
                _side("old", r.old.caption if r.old else "", where=where),
                order,
            )
        )
    ou, nu = (r.old.units if r.old else []), (r.new.units if r.new else [])
    pairs = pair_units(ou, nu)
    seq: list[tuple[Unit | None, Unit | None]] = []
    i = 0
    for j, added in enumerate(nu):
        if j in pairs:
            seq += [(o, None) for o in ou[i : pairs[j]]]
            seq.append((ou[pairs[j]], added))
            i = pairs[j] + 1
        else:
            seq.append((None, added))
    seq += [(o, None) for o in ou[i:]]
    same: list[tuple[Unit, Unit]] = []

    def flush() -> None:
        if same:
            level = same[0][1].level
            lbl = _range(_ulabel(same[0][1], r.new, new, lang), _ulabel(same[-1][1], r.new, new, lang), lang, len(same))
            text = label("omitted", lang)
            rows.append(_row("elided", _side("new", text, lbl, level), _side("old", text, lbl, level), order))
            same.clear()

    for o, u in seq:
        if o and u and o.label == u.label and o.text == u.text:  # unchanged: （略）, runs of one level merged
            if not same or same[-1][1].level != u.level or same[0][1].key == "p1":
                flush()
            same.append((o, u))
            continue
        flush()
        sn = _side("new", u.text, _ulabel(u, r.new, new, lang), u.level, where) if u else _side("new")
        so = _side("old", o.text, _ulabel(o, r.old, old, lang), o.level, where) if o else _side("old")
        sn["label_changed"] = so["label_changed"] = not (o and u and o.label == u.label)
        rows.append(_row("unit", sn, so, order))
    flush()
    return rows


def _label(art: Article | None, version: Version, lang: str) -> str:
    return article_label(ArticleNumber.parse(art.number), version.style, lang) if art else ""


def _ulabel(u: Unit, art: Article | None, version: Version, lang: str) -> str:
    """The label of a unit in the output language (第11条 → Article 11 for the first paragraph)."""
    return _label(art, version, lang) if u.key == "p1" else u.label


def _paren(text: str, lang: str) -> str:
    return f"({text})" if lang.startswith("en") else f"（{text}）"


# -- marking the changes (after translation) -----------------------------------


def tokens(text: str, lang: str) -> list[str]:
    """Units to compare: characters for Japanese, words and spaces for English."""
    return re.findall(r"\s+|\w+|[^\w\s]", text) if lang.startswith("en") else list(text)


def marked(old: str, new: str, lang: str = "ja") -> tuple[list[nodes.Node], list[nodes.Node]]:
    """Both texts with the changed spans wrapped in `changed` nodes."""
    a_tok, b_tok = tokens(old, lang), tokens(new, lang)
    sm = difflib.SequenceMatcher(None, a_tok, b_tok, autojunk=False)
    a: list[nodes.Node] = []
    b: list[nodes.Node] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        sa, sb = "".join(a_tok[i1:i2]), "".join(b_tok[j1:j2])
        if op == "equal":
            a.append(nodes.Text(sa))
            b.append(nodes.Text(sb))
            continue
        if sa:
            a.append(changed(sa, sa))
        if sb:
            b.append(changed(sb, sb))
    return a, b


def mark(app: Any, doctree: nodes.document) -> None:
    """Underline what differs between the two sides of every row (doctree-read: after the Locale transform)."""
    lang = app.config.language or "ja"
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is not None and next(iter(doctree.findall(comparison)), None) is not None:
        top.insert(0, nodes.raw("", "\\clearpage\n", format="latex"))  # on paper each table starts a page
    for row in doctree.findall(cmp_row):
        if row["kind"] not in ("caption", "unit"):
            continue
        new, old = sides(row)
        pn, po = (s.next_node(nodes.paragraph) for s in (new, old))
        if pn is not None and po is not None:
            mo, mn = marked(po.astext(), pn.astext(), lang)
            po.children, pn.children = [], []
            po.extend(mo)
            pn.extend(mn)
        else:
            for p in (pn, po):
                if p is not None:
                    text = p.astext()
                    p.children = []
                    p += changed(text, text)


# -- writers ----------------------------------------------------------------------


def _lang(self: Any) -> str:
    return self.builder.config.language or "ja"


def _heads(self: Any, node: comparison) -> list[str]:
    lang = _lang(self)
    heads = [label("after", lang), label("before", lang)]
    return heads if node["order"] == "new-old" else heads[::-1]


def _segments(side: cmp_side) -> list[tuple[str, bool]]:
    para = side.next_node(nodes.paragraph)
    if para is None:
        return []
    return [(c.astext(), isinstance(c, changed)) for c in para.children]


def _visit_html(self: Any, node: comparison) -> None:
    self.body.append('<table class="reiki-comparison docutils align-default">\n<colgroup><col><col></colgroup>\n<thead><tr>')
    self.body.extend(f'<th class="head">{html.escape(h)}</th>' for h in _heads(self, node))
    self.body.append("</tr></thead>\n<tbody>\n")
    for row in node.findall(cmp_row):
        self.body.append(f'<tr class="reiki-cmp-{row["kind"]}">')
        for side in _sides_of(row):
            self.body.append(f'<td class="reiki-cmp-side reiki-cmp-{side["side"]}">')
            text = "".join(
                f'<span class="reiki-changed">{html.escape(t)}</span>' if ch else html.escape(t) for t, ch in _segments(side)
            )
            if row["kind"] == "caption" and text:
                text = "（" + text + "）" if not _lang(self).startswith("en") else "(" + text + ")"
            lbl = html.escape(side["label"])
            if lbl:
                lbl = f'<span class="reiki-changed">{lbl}</span>' if side["label_changed"] else f"<strong>{lbl}</strong>"
                lbl += "　" if not _lang(self).startswith("en") else " "
            if text or lbl:
                cls = f"reiki-text reiki-l{side['level']}" + (" reiki-caption" if row["kind"] == "caption" else "")
                cls += " reiki-cmp-note" if row["kind"] in ("note",) else ""
                self.body.append(f'<p class="{cls}">{lbl}{text}</p>')
            self.body.append("</td>")
        self.body.append("</tr>\n")
    self.body.append("</tbody>\n</table>\n")
    raise nodes.SkipNode


def underlined(self: Any, segments: list[tuple[str, bool]]) -> str:
    """LaTeX for a text with changed spans: a box per character (Latin word) and breakable underlined glue between."""
    units: list[tuple[str, bool]] = [(u, ch) for text, ch in segments for u in UNIT.findall(text)]
    out: list[str] = []
    enc = self.encode
    for k, (u, ch) in enumerate(units):
        nxt = units[k + 1] if k + 1 < len(units) else None
        if u.isspace():
            out.append(r"\reikiusp{}" if ch else " ")
            continue
        out.append(rf"\reikiubox{{{enc(u)}}}" if ch else enc(u))
        if nxt is None or nxt[0].isspace() or not (ch or nxt[1]):
            continue  # the engine spaces plain text itself
        nb = int(u[-1] in NO_END or nxt[0][0] in NO_START)
        out.append(rf"\reikiugap{{{enc(u)}}}{{{enc(nxt[0])}}}{{{nb}}}{{{int(ch and nxt[1])}}}")
    return "".join(out)


def _visit_latex(self: Any, node: comparison) -> None:
    en = _lang(self).startswith("en")
    head = r"\hline" + " & ".join(rf"\reikicmphead{{{self.encode(h)}}}" for h in _heads(self, node)) + r"\\\hline"
    head += r"\reikicmptop"  # the first row of each page clear of the rule under the header, as the rows below it
    self.body.append(
        "\n\\begin{reikicomparison}\n"
        + head
        + "\\endfirsthead\n"
        + head
        + "\\endhead\n\\hline\\endfoot\n\\hline\\endlastfoot\n"
    )
    rows = list(node.findall(cmp_row))
    for n, row in enumerate(rows):
        cells = []
        for side in _sides_of(row):
            text = underlined(self, _segments(side))
            if row["kind"] == "caption" and text:
                text = ("(" + text + ")") if en else ("（" + text + "）")
            lbl = side["label"]
            if lbl:
                shown = underlined(self, [(lbl, True)]) if side["label_changed"] else self.encode(lbl)
                lbl = rf"\reikicmplabel{{{shown}}}" + ("~" if en else r"\hspace{1zw}")
            kind = {"caption": "caption", "note": "note"}.get(row["kind"], "unit")
            ragged = r"\reikiragged{}" if en else ""  # English words do not hyphenate inside their boxes: ragged right
            cells.append(rf"\reikicmp{kind}{{{side['level']}}}{{{ragged}{lbl}}}{{{text}}}")
        if n and row["kind"] in ("caption", "note", "articles") and rows[n - 1]["kind"] != "note":
            self.body.append("&\\\\*[-.5\\baselineskip]\n")  # a little space between articles, kept with what follows
        keep = row["kind"] in ("caption", "note")
        self.body.append(" & ".join(cells) + ("\\\\*\n" if keep else "\\\\\n"))
    self.body.append("\\end{reikicomparison}\n")
    raise nodes.SkipNode


def _visit_text(self: Any, node: comparison) -> None:
    self.new_state(0)
    for row in node.findall(cmp_row):
        self.add_text(" | ".join(f"{s['label']} {s.astext()}".strip() for s in _sides_of(row)) + "\n")
    self.end_state()
    raise nodes.SkipNode


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def check_order(app: Any) -> None:
    """reiki_shinkyu_order must be new-old or old-new: one line naming conf.py, then the national order is used."""
    from pathlib import Path

    from .errors import error

    config = app.config
    if config.reiki_shinkyu_order in ORDERS:
        return
    conf = Path(app.confdir, "conf.py")
    lines = conf.read_text(encoding="utf-8").splitlines() if conf.is_file() else []
    line = next((n for n, t in enumerate(lines, 1) if t.startswith("reiki_shinkyu_order")), None)
    error(
        f"reiki_shinkyu_order = {config.reiki_shinkyu_order!r} は使えない: "
        "'new-old'（改正後を左）又は 'old-new'（改正前を左）と書く",
        f"{conf}:{line or 1}",
        "config",
    )
    config.reiki_shinkyu_order = ORDERS[0]


def register(app: Any) -> None:
    """Register the nodes, the writers, the order setting and the marking hook."""
    app.add_config_value("reiki_shinkyu_order", "new-old", "env", types=[str])
    none = (lambda s, n: None, lambda s, n: None)
    app.add_node(comparison, html=(_visit_html, None), latex=(_visit_latex, None), text=(_visit_text, None))
    for n in (cmp_row, cmp_side):
        app.add_node(n, html=(_skip, None), latex=(_skip, None), text=(_skip, None))
    app.add_node(changed, html=none, latex=none, text=none)
    app.connect("builder-inited", check_order)
    app.connect("doctree-read", mark)
