"""corpus_search: the site's search page and sidebar box on Pagefind (offline, Japanese-aware), for the furo theme."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

HERE = Path(__file__).parent
ENGINES = ("pagefind", "sphinx")


def configure(app: Sphinx, config: Config) -> None:
    """Use the Pagefind search page and assets unless the build asks for Sphinx's built-in search."""
    if config.corpus_search_engine not in ENGINES:
        raise ValueError(f"corpus_search_engine must be one of {ENGINES}, not {config.corpus_search_engine!r}")
    config.html_static_path.append(os.path.relpath(HERE / "static", app.confdir))  # the same in any clone
    app.add_css_file("corpus-search.css")
    app.add_css_file("corpus-print.css", media="print")
    if config.corpus_search_engine == "pagefind":
        config.templates_path.insert(0, os.path.relpath(HERE / "templates", app.confdir))
        config.html_additional_pages.setdefault("search", "search.html")


def no_sphinx_index(app: Sphinx) -> None:
    """With Pagefind, skip Sphinx's own search index: nothing reads it, and its Japanese splitter is slow."""
    if (
        app.config.corpus_search_engine == "pagefind"
        and app.builder.format == "html"
        and isinstance(app.builder, StandaloneHTMLBuilder)
    ):
        app.builder.search = False


class UniqueTableIds(SphinxPostTransform):
    """Keep a table's id on the table only: furo's table wrapper copies it, so the page would have it twice."""

    formats = ("html",)
    default_priority = 600  # after furo's WrapTableAndMathInAContainerTransform (500)

    def run(self, **kwargs: Any) -> None:
        """Drop from each table-wrapper the ids its table carries."""
        for wrapper in self.document.findall(nodes.container):
            tables = [c for c in wrapper.children if isinstance(c, nodes.table)]
            if "table-wrapper" in wrapper["classes"] and tables:
                wrapper["ids"] = [i for i in wrapper["ids"] if i not in tables[0]["ids"]]


def visit_citation(self: Any, node: nodes.citation) -> None:
    """A bibliography entry as a list item of its list (docutils' doc-biblioentry role is deprecated: axe critical)."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self: Any, node: nodes.citation) -> None:
    """Close the entry, and the list after its last entry (as docutils does)."""
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), type(node)):
        self.body.append("</div>\n")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the option and the hook."""
    app.add_config_value("corpus_search_engine", "pagefind", "html", types=[str])
    app.connect("config-inited", configure)
    app.connect("builder-inited", no_sphinx_index)
    app.add_post_transform(UniqueTableIds)
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
