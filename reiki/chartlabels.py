"""Chart labels as messages: each label of a graphviz chart goes to the page's catalog and is set in its translation."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.ext import graphviz as gv
from sphinx.transforms import SphinxTransform

from .figures import _label

# label="…", xlabel, headlabel, taillabel (quoted DOT strings; HTML labels <…> are not taken)
LABEL = re.compile(r'\b((?:x|head|tail)?label\s*=\s*)"((?:[^"\\]|\\.)*)"', re.S)
WIDTH = 26  # characters per line of a translated label (the Japanese labels break by hand with \n)


class chart_label(nodes.TextElement):
    """One label of a chart as a translatable message (a child of the chart, never rendered)."""


def _unescape(dot: str) -> str:
    """The label as one line: DOT escapes read, line breaks joined (Japanese without a space, Latin with one)."""
    return _label(re.sub(r'\\(["\\])', r"\1", dot))


def _escape(text: str) -> str:
    """A translated label as a DOT string, wrapped to WIDTH characters a line."""
    lines = textwrap.wrap(" ".join(text.split()), WIDTH) or [""]
    return r"\n".join(line.replace("\\", "\\\\").replace('"', '\\"') for line in lines)


class ChartMessages(SphinxTransform):
    """Before the catalogs are applied (Locale, 20): each label of each chart becomes a message under the chart."""

    default_priority = 15

    def apply(self, **kwargs: Any) -> None:
        """Add a chart_label for each label, in the order of the DOT source."""
        for chart in self.document.findall(gv.graphviz):
            source = chart.source or self.document["source"]
            for i, m in enumerate(LABEL.finditer(chart["code"])):
                text = _unescape(m.group(2))
                if not text.strip():
                    continue
                msg = chart_label(text, text, index=i, original=text)
                msg.source, msg.line = source, _line_of(source, m.group(0)) or chart.line
                chart += msg


class ChartTranslations(SphinxTransform):
    """After the catalogs are applied (Locale, 20): the chart's DOT source takes each translated label."""

    default_priority = 25

    def apply(self, **kwargs: Any) -> None:
        """Put each translation in place of its label; an untranslated label stays as written."""
        for chart in self.document.findall(gv.graphviz):
            labels = [c for c in chart.children if isinstance(c, chart_label)]
            done = {c["index"]: c.astext() for c in labels if c.astext() != c["original"]}
            if done:
                chart["code"] = "".join(_rebuild(chart["code"], done))


def _line_of(source: str, written: str) -> int | None:
    """The line of the source file where a label is written (graphviz nodes carry no line of their own)."""
    try:
        text = Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    at = text.find(written)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def drop_messages(app: Any, doctree: nodes.document, docname: str) -> None:
    """Outside the gettext builder (which reads the messages when it writes), the chart_label nodes go."""
    if app.builder.name != "gettext":
        for msg in list(doctree.findall(chart_label)):
            msg.parent.remove(msg)


def _rebuild(code: str, done: dict[int, str]) -> list[str]:
    """The DOT source in pieces, with the translated labels in place of the originals."""
    out, at = [], 0
    for i, m in enumerate(LABEL.finditer(code)):
        if i in done:
            out += [code[at : m.start(2)], _escape(done[i])]
            at = m.end(2)
    return [*out, code[at:]]


def register(app: Any) -> None:
    """Register the node (never rendered: the chart's visitors skip its children) and the two transforms."""
    app.add_node(chart_label)
    app.add_transform(ChartMessages)
    app.add_transform(ChartTranslations)
    app.connect("doctree-resolved", drop_messages, priority=100)
