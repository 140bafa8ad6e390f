"""Build docutils tables from rows of cells (text or nodes)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from docutils import nodes

Cell = str | nodes.Node | Sequence[nodes.Node]


def _entry(cell: Cell) -> nodes.entry:
    entry = nodes.entry()
    if isinstance(cell, str):  # generated words: not sent to translators (the build writes them per language)
        entry += nodes.paragraph(cell, cell, translatable=False)
    elif isinstance(cell, nodes.Node):
        entry += (
            cell if isinstance(cell, nodes.Body) and not isinstance(cell, nodes.Inline) else nodes.paragraph("", "", cell)
        )
    elif all(isinstance(c, nodes.Body) and not isinstance(c, nodes.Inline) for c in cell):
        entry.extend(cell)
    else:
        entry += nodes.paragraph("", "", *cell)
    return entry


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[int] | None = None,
    title: str = "",
    classes: Sequence[str] = (),
    long: bool = False,
) -> nodes.table:
    """A table with a header row; widths are relative column widths; long: breaks across pages (header repeated)."""
    t = nodes.table(classes=list(classes) + (["longtable", "colwidths-given"] if long else []))
    if title:
        t["ids"] = ["tbl-" + hashlib.sha1(title.encode()).hexdigest()[:8]]
        t += nodes.title(title, title, translatable=False)
    group = nodes.tgroup(cols=len(headers))
    t += group
    for w in widths or [1] * len(headers):
        group += nodes.colspec(colwidth=w)
    head = nodes.row()
    for h in headers:
        head += _entry(h)
    group += nodes.thead("", head)
    body = nodes.tbody()
    for r in rows:
        row = nodes.row()
        for c in r:
            row += _entry(c)
        body += row
    group += body
    return t
