"""References on paper: a link to a page outside the printed volume prints that page's title, never its path."""

from __future__ import annotations

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
        for ref in list(self.document.findall(addnodes.pending_xref)):
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


def register(app: Any) -> None:
    """Register the transform."""
    app.add_post_transform(PaperDocRefs)
