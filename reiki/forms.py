r"""Paper forms (内部監査チェック表, 自主点検報告書): a ruled grid to fill in by hand, on landscape pages in the PDF.

A `form_grid` holds `form_row`s of `form_cell`s; the writers draw it themselves. LaTeX: a longtable with every cell
ruled, the header row repeated on each page, the choices (はい・いいえ・該当なし) in one unbreakable box, a blank
column with writing space, and rows that never cross the footer. A page holding a form is switched to A4 landscape
(reiki.sty \reikilandscape) and numbered "page x of y" within the form.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from docutils import nodes
from sphinx.util.i18n import format_date

from .dates import era_date
from .labels import label

WRITING_SPACE = "15mm"  # a blank cell of a form: three handwritten lines
FIELD_SPACE = "6mm"  # a box of the form's head: one handwritten line


class form_grid(nodes.General, nodes.Element):
    """A ruled grid: attributes heads (column headings), widths (relative), kind (fields or items)."""


class form_row(nodes.General, nodes.Element):
    """A row: kind = item, group (one cell across the grid) or field."""


class form_cell(nodes.General, nodes.Element):
    """A cell: role = text, choice (one line), blank (space to write in) or label."""


def cell(*children: nodes.Node | str, role: str = "text") -> form_cell:
    """A cell of text, nodes or (blank) nothing."""
    c = form_cell(role=role)
    words: list[nodes.Node] = []  # inline content (references among it) goes into one text element
    for ch in children:
        if isinstance(ch, nodes.Body) and isinstance(ch, nodes.Node):
            c += ch
        else:
            words.append(nodes.Text(ch) if isinstance(ch, str) else ch)
    if words:
        c += nodes.inline("", "", *words)
    return c


def row(*cells: form_cell, kind: str = "item") -> form_row:
    """A row of cells."""
    r = form_row(kind=kind)
    r.extend(cells)
    return r


def grid(
    heads: list[str], widths: list[int], rows: list[form_row], kind: str = "items", space: str = WRITING_SPACE
) -> form_grid:
    """A grid with its column headings (none for a block of fields); space: the least depth of a blank cell."""
    g = form_grid(heads=heads, widths=widths, kind=kind, space=space)
    g.extend(rows)
    return g


def field_block(fields: list[tuple[str, str]], lang: str) -> form_grid:
    """The head of a form: label | box pairs, two to a row, with room to write (dates as 令和　年　月　日)."""
    rows = []
    for k in range(0, len(fields), 2):
        cells: list[form_cell] = []
        for name, value in fields[k : k + 2]:
            lines = [nodes.paragraph(v, v) for v in label(value, lang).split("\n")] if value else []
            cells += [cell(label(name, lang), role="label"), cell(*lines, role="blank")]
        if len(cells) == 2:
            cells += [cell(role="label"), cell(role="blank")]
        rows.append(row(*cells, kind="field"))
    return grid([], [18, 32, 18, 32], rows, kind="fields", space=FIELD_SPACE)


# -- LaTeX ------------------------------------------------------------------------


def _colspec(widths: list[int]) -> str:
    n, total = len(widths), sum(widths)
    free = rf"(\linewidth-{2 * n}\tabcolsep-{n + 1}\arrayrulewidth)"
    return "|" + "|".join(rf"p{{\dimexpr{free}*{w}/{total}\relax}}" for w in widths) + "|"


def _visit_grid_latex(self: Any, node: form_grid) -> None:
    need = "40mm" if node["heads"] else "55mm"  # a form's head with the first rows; a grid's header with a row
    gap = "" if node["heads"] else "\\par\\vspace{.6\\baselineskip}"  # the form's head set off from the text above
    self.body.append(f"\n{gap}\\reikineedspace{{{need}}}\\begin{{reikiform}}{{{_colspec(node['widths'])}}}\n")
    if node["heads"]:
        head = "\\hline " + " & ".join(rf"\reikiformhead{{{self.encode(h)}}}" for h in node["heads"]) + r"\\\hline"
        self.body.append(head + "\\endfirsthead\n" + head + "\\endhead\n")
    else:
        self.body.append("\\hline\n")
    node["_n"] = len(node["widths"])


def _depart_grid_latex(self: Any, node: form_grid) -> None:
    self.body.append("\\end{reikiform}\n")


def _visit_row_latex(self: Any, node: form_row) -> None:
    if node["kind"] == "group":
        n = len(node.parent["widths"])
        self.body.append(rf"\multicolumn{{{n}}}{{|l|}}{{\reikiformgroup{{")


def _depart_row_latex(self: Any, node: form_row) -> None:
    group = node["kind"] == "group"
    # an area heading stays with its first item: \\* and a rule that is no break point (longtable's \hline is one)
    keep = "\\\\*\\noalign{\\nobreak\\hrule height\\arrayrulewidth\\nobreak}\n"
    self.body.append("}}" + keep if group else "\\\\\\hline\n")


def _visit_cell_latex(self: Any, node: form_cell) -> None:
    if node.parent.index(node):
        self.body.append(" & ")
    role = node["role"]
    if role in ("text", "label") and (self.builder.config.language or "ja").startswith("en"):
        self.body.append(r"\reikiragged ")  # narrow English columns: ragged right, no stretched spaces
    if role == "choice":
        self.body.append(r"\reikiformchoice{")
    elif role == "label":
        self.body.append(r"\reikiformlabel{")
    elif role == "blank":
        self.body.append(rf"\reikiformblank[{node.parent.parent['space']}]{{")


def _depart_cell_latex(self: Any, node: form_cell) -> None:
    if node["role"] in ("choice", "label", "blank"):
        self.body.append("}")


# -- HTML -------------------------------------------------------------------------


def _visit_grid_html(self: Any, node: form_grid) -> None:
    self.body.append(f'<table class="reiki-form reiki-form-{node["kind"]} docutils">\n<colgroup>')
    total = sum(node["widths"])
    self.body.extend(f'<col style="width: {100 * w / total:.1f}%">' for w in node["widths"])
    self.body.append("</colgroup>\n")
    if node["heads"]:
        self.body.append("<thead><tr>")
        self.body.extend(f'<th class="head">{self.encode(h)}</th>' for h in node["heads"])
        self.body.append("</tr></thead>\n")
    self.body.append("<tbody>\n")


def _depart_grid_html(self: Any, node: form_grid) -> None:
    self.body.append("</tbody>\n</table>\n")


def _visit_row_html(self: Any, node: form_row) -> None:
    self.body.append(f'<tr class="reiki-form-{node["kind"]}">')


def _depart_row_html(self: Any, node: form_row) -> None:
    self.body.append("</tr>\n")


def _visit_cell_html(self: Any, node: form_cell) -> None:
    row_ = node.parent
    span = f' colspan="{len(row_.parent["widths"])}"' if row_["kind"] == "group" else ""
    tag = "th" if row_["kind"] == "group" or node["role"] == "label" else "td"
    self.body.append(f'<{tag}{span} class="reiki-form-{node["role"]}">')


def _depart_cell_html(self: Any, node: form_cell) -> None:
    tag = "th" if node.parent["kind"] == "group" or node["role"] == "label" else "td"
    self.body.append(f"</{tag}>")


def _visit_text(self: Any, node: nodes.Node) -> None:
    self.new_state(0)


def _depart_text(self: Any, node: nodes.Node) -> None:
    self.end_state()


def landscape(app: Any, doctree: nodes.document) -> None:
    """A page holding a form prints on A4 landscape pages numbered within the form (doctree-read)."""
    if not any(g["kind"] == "items" for g in doctree.findall(form_grid)):
        return
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return
    pageof = label("page_of", app.config.language).format(x="#1", y="#2")
    start = rf"\renewcommand{{\reikipageof}}[2]{{{pageof}}}"
    printed = _printed(app)
    if printed:  # a Japanese form is dated in the era, as its boxes are (令和　年　月　日)
        start += rf"\renewcommand{{\reikiformdate}}{{{era_date(printed)}}}"
    start += r"\reikilandscape"
    top.insert(0, nodes.raw("", start + "\n", format="latex"))
    top.append(nodes.raw("", "\\reikiportrait\n", format="latex"))


def _printed(app: Any) -> dt.date | None:
    """The date the Japanese edition prints (the today setting, or Sphinx's date of the build); None in English."""
    if (app.config.language or "ja").startswith("en"):
        return None
    text = app.config.today or format_date("%Y年%m月%d日", language="ja")
    m = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
    return dt.date(*(int(g) for g in m.groups())) if m else None


def register(app: Any) -> None:
    """Register the nodes, their writers and the landscape switch."""
    app.connect("doctree-read", landscape)
    app.add_node(
        form_grid,
        html=(_visit_grid_html, _depart_grid_html),
        latex=(_visit_grid_latex, _depart_grid_latex),
        text=(_visit_text, _depart_text),
    )
    app.add_node(
        form_row,
        html=(_visit_row_html, _depart_row_html),
        latex=(_visit_row_latex, _depart_row_latex),
        text=(lambda s, n: None, lambda s, n: s.add_text("\n")),
    )
    app.add_node(
        form_cell,
        html=(_visit_cell_html, _depart_cell_html),
        latex=(_visit_cell_latex, _depart_cell_latex),
        text=(lambda s, n: None, lambda s, n: s.add_text(" | ")),
    )
