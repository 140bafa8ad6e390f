"""Text alternatives for figures on the site: each graphviz chart gets a name and its steps written out as a list."""

from __future__ import annotations

import json
import re
import subprocess
from html import escape
from typing import Any

from docutils import nodes
from sphinx.ext import graphviz as gv

from .errors import error

WORDS = {
    "ja": {
        "summary": "図の内容を文章で読む",
        "see": "（図の内容は、図の下の「図の内容を文章で読む」にある）",
        "next": "次は{n}へ",
        "branch": "{label}のときは{n}へ",
        "end": "ここで終わる",
        "sep": "。",
        "join": "、",
    },
    "en": {
        "summary": "Read the chart as text",
        "see": " (the chart as text follows it: 'Read the chart as text')",
        "next": "next: step {n}",
        "branch": "{label}: step {n}",
        "end": "the end",
        "sep": ". ",
        "join": "; ",
    },
}
LINE_BREAK = re.compile(r"\\[nlr]")


def _label(text: str) -> str:
    """A node or edge label as one line: graphviz line breaks dropped next to Japanese, a space between Latin words."""
    parts = [p.strip() for p in LINE_BREAK.split(text)]
    out = parts[0]
    for part in parts[1:]:
        out += " " + part if out[-1:].isascii() and part[:1].isascii() else part
    return out


def steps(code: str, words: dict[str, str]) -> list[str]:
    """Each node of a graphviz chart (laid out by dot) as a numbered step: its label and where each edge leads."""
    run = subprocess.run(["dot", "-Tjson"], input=code, capture_output=True, text=True)
    if run.returncode != 0:
        raise ValueError(run.stderr.strip().splitlines()[0] if run.stderr.strip() else "dot failed")
    graph = json.loads(run.stdout)
    objects = [o for o in graph.get("objects", []) if "nodes" not in o]  # subgraphs list their nodes
    number = {o["_gvid"]: i + 1 for i, o in enumerate(objects)}
    out = []
    for obj in objects:
        edges = [e for e in graph.get("edges", []) if e["tail"] == obj["_gvid"]]
        goes = [
            words["branch"].format(label=_label(e["label"]), n=number[e["head"]])
            if e.get("label")
            else words["next"].format(n=number[e["head"]])
            for e in edges
        ]
        text = _label(obj.get("label") or obj["name"])
        out.append(text + words["sep"] + (words["join"].join(goes) if goes else words["end"]))
    return out


def describe(app: Any, doctree: nodes.document, docname: str) -> None:
    """After each graphviz chart on an HTML page, its steps as text; the chart is named by its caption."""
    if app.builder.format != "html":
        return
    words = WORDS["en" if (app.config.language or "ja").startswith("en") else "ja"]
    for chart in list(doctree.findall(gv.graphviz)):
        figure = chart.parent if isinstance(chart.parent, nodes.figure) else chart
        caption = figure.next_node(nodes.caption) if figure is not chart else None
        name = chart.get("alt") or (caption.astext() if caption is not None else words["summary"])
        chart["alt"] = name  # the fallback text inside <object>, instead of the chart's source
        chart["reiki_label"] = name + words["see"]
        try:
            items = steps(chart["code"], words)
        except (ValueError, OSError) as err:
            error(f"図を文章にできない（{err}）: graphviz の記述を直すこと", chart, "figure")
            continue
        html = "".join(f"<li>{escape(item)}</li>" for item in items)
        text = (
            f'<details class="figure-text no-search"><summary>{escape(words["summary"])}</summary>'
            f"<p>{escape(name)}</p><ol>{html}</ol></details>\n"
        )
        figure.parent.insert(figure.parent.index(figure) + 1, nodes.raw("", text, format="html"))


def visit_graphviz(self: Any, node: gv.graphviz) -> None:
    """Sphinx's HTML for a chart, with the <object> named (role img, aria-label) so readers of the page know it."""
    start = len(self.body)
    try:
        gv.html_visit_graphviz(self, node)
    finally:
        label = node.get("reiki_label")
        for i in range(start, len(self.body)):
            if label and self.body[i].startswith("<object "):
                self.body[i] = self.body[i].replace("<object ", f'<object role="img" aria-label="{escape(label)}" ', 1)


def register(app: Any) -> None:
    """Register the hook and the HTML visitor (after sphinx.ext.graphviz's own, which it wraps)."""
    app.setup_extension("sphinx.ext.graphviz")
    app.connect("doctree-resolved", describe)
    app.add_node(gv.graphviz, override=True, html=(visit_graphviz, None))
