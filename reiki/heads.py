"""Running heads on paper: a page's short head (front matter head-ja, head-en) in place of its long title."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util.texescape import escape


def short_marks(app: Any, doctree: nodes.document, docname: str) -> None:
    """After the chapter title of each page that names a short head, set that head as the running head."""
    if app.builder.format != "latex":
        return
    key = "head-en" if (app.config.language or "ja").startswith("en") else "head-ja"
    for part in doctree.findall(addnodes.start_of_file):
        head = str(app.env.metadata.get(part.get("docname", ""), {}).get(key) or "").strip()
        section = part.next_node(nodes.section)
        title = section.next_node(nodes.title) if section is not None and head else None
        if title is None or title.parent is not section:
            continue
        prefix = str(title.get("reiki_prefix", ""))  # 資料3　(reiki.packet) stays in front of the short head
        mark = nodes.raw("", "\\reikishortmark{" + escape(prefix + head) + "}\n", format="latex")
        section.insert(section.index(title) + 1, mark)


def register(app: Any) -> None:
    """Register the hook after the 資料番号 are put in front of the titles (reiki.packet)."""
    app.connect("doctree-resolved", short_marks, priority=600)
