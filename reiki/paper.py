"""On paper: links to pages outside the volume print the page's title; punctuation runs copy as they read."""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join


class PaperDocRefs(SphinxPostTransform):
    """Before references are resolved in a LaTeX volume, turn {doc} links to pages it lacks into their titles."""

    builders = ("latex",)
    default_priority = 5  # before sphinx's ReferencesResolver (10), which would print the bare target path

    def run(self, **kwargs: Any) -> None:
        """Replace each {doc} reference to a page outside the volume by the page's title as plain text."""
        volume: set[str] = getattr(self.app.builder, "docnames", set())
        labels = self.env.domaindata.get("std", {}).get("labels", {})
        for ref in list(self.document.findall(addnodes.pending_xref)):
            if ref.get("reftype") == "ref" and ref.get("refdomain") == "std":
                # a {ref} to a section of a page outside the volume: its heading, not the bare label
                docname, _, section = labels.get(ref["reftarget"], ("", "", ""))
                if docname and docname not in volume and section:
                    text = ref.astext() if ref.get("refexplicit") else section
                    ref.replace_self(nodes.inline(text, text, classes=["doc-outside-volume"]))
                continue
            if ref.get("reftype") != "doc" or ref.get("refdomain") != "std":
                continue
            target = docname_join(ref.get("refdoc", self.env.docname), ref["reftarget"].lstrip("/"))
            if ref["reftarget"].startswith("/"):
                target = ref["reftarget"].lstrip("/")
            if target in volume or target not in self.env.titles:
                continue
            text = ref.astext() if ref.get("refexplicit") else self.env.titles[target].astext()
            ref.replace_self(nodes.inline(text, text, classes=["doc-outside-volume"]))


def volume_docnames(doctree: nodes.document) -> set[str]:
    """The pages inlined into a LaTeX volume's doctree."""
    return {n["docname"] for n in doctree.findall(addnodes.start_of_file)}


# Runs of Japanese punctuation (。） 」、 ）「 …): set half-width, their full-width glyph boxes overlap, and
# text extraction (poppler's overlap rule) broke the line before the second mark: 「という。\n）」. On paper
# each run carries its text as /ActualText (reiki.sty \reikiat), which copy and paste and pdftotext use.
PUNCT = "、。，．）〕］｝〉》」』】（〔［｛〈《「『【"
RUN = re.compile(f"[{PUNCT}]{{2,}}")
SKIP = (nodes.title, nodes.literal, nodes.literal_block, nodes.raw, nodes.FixedTextElement)


class PunctuationText(SphinxPostTransform):
    """Wrap each run of two or more punctuation marks of running text in the reikiat command (LaTeX only)."""

    builders = ("latex",)
    default_priority = 800

    def run(self, **kwargs: Any) -> None:
        """Split the text nodes that hold a run; headings, code and raw output are left alone."""
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            ancestors = _ancestors(parent) if parent is not None else []
            # the 新旧対照表 sets its text character by character itself (reiki.shinkyu): no raw LaTeX inside it
            inside_table = any(type(p).__name__ == "comparison" for p in ancestors)
            if parent is None or not RUN.search(text) or inside_table or any(isinstance(p, SKIP) for p in ancestors):
                continue
            parts: list[nodes.Node] = []
            last = 0
            for m in RUN.finditer(text):
                if m.start() > last:
                    parts.append(nodes.Text(text[last : m.start()]))
                hexed = "FEFF" + m.group(0).encode("utf-16-be").hex().upper()
                parts.append(nodes.raw("", f"\\reikiat{{{hexed}}}{{{m.group(0)}}}", format="latex"))
                last = m.end()
            if last < len(text):
                parts.append(nodes.Text(text[last:]))
            parent.replace(text, parts)


class RaggedColumns(SphinxPostTransform):
    """English narrow table columns (class reiki-ragged) set ragged right: no stretched spaces, hyphenated words."""

    builders = ("latex",)
    default_priority = 810  # after the translation, so the message of each paragraph is untouched

    def run(self, **kwargs: Any) -> None:
        """Start every paragraph of such a table with the reikiragged command (reiki.sty)."""
        if not (self.config.language or "ja").startswith("en"):
            return
        for table in self.document.findall(nodes.table):
            if "reiki-ragged" in table["classes"]:
                for para in list(table.findall(nodes.paragraph)):
                    para.insert(0, nodes.raw("", "\\reikiragged ", format="latex"))


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    out = []
    while node is not None:
        out.append(node)
        node = node.parent
    return out


def register(app: Any) -> None:
    """Register the transforms."""
    app.add_post_transform(PaperDocRefs)
    app.add_post_transform(PunctuationText)
    app.add_post_transform(RaggedColumns)
