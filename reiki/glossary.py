"""The glossary, built from data/terms.yaml (the same file the prose lint reads)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.addnodes import glossary, pending_xref
from sphinx.domains.std import make_glossary_term
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .datafile import DataError, line_of, load, require
from .domain import ReikiDomain
from .labels import label
from .messages import pair
from .roles import cite

ID = re.compile(r"^[a-z][a-z0-9-]*$")
REQUIRED = ("id", "term", "reading", "definition")


def load_terms(root: Path, rel: str) -> list[dict[str, Any]]:
    """Read the terms list (rel under root); raise DataError at the line of the first mistake."""
    data = load(root, rel)
    terms = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(terms, list):
        raise DataError(rel, line_of(data), *pair("data-list", key="terms"))
    seen: dict[str, int] = {}
    for t in terms:
        require(t, REQUIRED, rel, f"用語 {t.get('term') or t.get('id') or ''}" if isinstance(t, dict) else "用語")
        if not ID.match(str(t["id"])):
            raise DataError(rel, line_of(t, "id"), *pair("data-id", what="用語", value=t["id"]))
        if t["id"] in seen:
            raise DataError(
                rel, line_of(t, "id"), *pair("data-id-duplicate", what="用語", value=t["id"], first=seen[t["id"]])
            )
        seen[t["id"]] = line_of(t, "id")
    return terms


class TermsDirective(SphinxDirective):
    """Render every term of the data file as a glossary with stable ids (term-<id>)."""

    def run(self) -> list[nodes.Node]:
        """Build the glossary; {term} roles resolve to it."""
        rel = self.config.reiki_terms
        self.env.note_dependency(str(Path(self.env.srcdir, rel)))
        try:
            terms = load_terms(Path(self.env.srcdir), rel)
        except DataError as exc:
            exc.report()
            return []
        dom = cast(ReikiDomain, self.env.get_domain("reiki"))
        dom.data.setdefault("glossary_docs", {})[self.env.docname] = True
        dom.note_doc(self.env.docname)
        node = glossary(sorted=True)
        dl = nodes.definition_list(classes=["glossary"])
        node += dl
        source, line = self.get_source_info()
        for t in sorted(terms, key=lambda t: t["reading"]):
            term = make_glossary_term(
                self.env, [nodes.Text(t["term"])], None, source, line, f"term-{t['id']}", self.state.document
            )
            body = nodes.definition()
            para = nodes.paragraph(t["definition"], t["definition"])
            para.source, para.line = source, line  # definitions are translated like any paragraph
            body += para
            refs = t.get("refs") or []
            if refs:
                see = nodes.paragraph(
                    "",
                    label("related", self.config.language) + label("colon", self.config.language),
                    classes=["glossary-refs"],
                    translatable=False,
                )
                at = line_of(t, "refs")
                for i, target in enumerate(refs):
                    if i:
                        see += nodes.Text(label("sep", self.config.language))
                    see += cite(self.env, target, target, at, f"{rel}:{at}", source=str(Path(self.env.srcdir, rel)))
                body += see
            dl += nodes.definition_list_item("", term, body)
        return [node]


SKIP = (
    nodes.reference,
    nodes.literal,
    nodes.literal_block,
    nodes.title,
    nodes.term,
    nodes.rubric,
    nodes.raw,
    nodes.field_name,
    nodes.FixedTextElement,
    pending_xref,
    nodes.caption,
)


class TermLinks(SphinxPostTransform):
    """Link the first use of each glossary term on a page to its entry (Japanese pages, HTML)."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        """Split text nodes around the first occurrence of each term."""
        if not (self.config.language or "ja").startswith("ja"):
            return
        docs = list(self.env.get_domain("reiki").data.get("glossary_docs", {}))
        if not docs or self.env.docname in docs:
            return
        pattern, terms = _matcher(self.env, Path(self.env.srcdir, self.config.reiki_terms))
        if pattern is None:
            return
        seen: set[str] = set()
        uri = self.app.builder.get_relative_uri(self.env.docname, docs[0])
        for text in list(self.document.findall(nodes.Text)):
            if _skipped(text):
                continue
            value = str(text)
            m = next((m for m in pattern.finditer(value) if m.group(0) not in seen), None)
            if m is None:
                continue
            t = terms[m.group(0)]
            seen.add(m.group(0))
            link = nodes.reference(
                m.group(0),
                m.group(0),
                refuri=f"{uri}#term-{t['id']}",
                internal=True,
                reftitle=t["definition"],
                classes=["glossary-link"],
            )
            parts = [nodes.Text(value[: m.start()]), link, nodes.Text(value[m.end() :])]
            text.parent.replace(text, [p for p in parts if not isinstance(p, nodes.Text) or str(p)])


def _skipped(text: nodes.Text) -> bool:
    node = text.parent
    while node is not None:
        if isinstance(node, SKIP) or "reiki-ref" in node.get("classes", []):
            return True
        node = node.parent
    return False


def _matcher(env: Any, path: Path) -> tuple[re.Pattern[str] | None, dict[str, dict[str, Any]]]:
    """One regular expression for all terms, longest first (cached for the build)."""
    cached = getattr(env, "_reiki_term_matcher", None)
    if cached is not None and cached[0] == path:
        return cached[1], cached[2]
    try:
        terms = {t["term"]: t for t in load_terms(Path(env.srcdir), str(path.relative_to(env.srcdir)))}
    except DataError:  # reported by the glossary page
        return None, {}
    # A term inside a longer word is not that term (文化審議会, 審議会規則): kanji, katakana or letters on either side
    # mean no match.
    edge = "\u4e00-\u9fff\u30a0-\u30ffA-Za-z"
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    pattern = re.compile(f"(?<![{edge}])(?:{alternatives})(?![{edge}])") if terms else None
    env._reiki_term_matcher = (path, pattern, terms)
    return pattern, terms


def register(app: Any) -> None:
    """Register the directive, its data file option and the term links."""
    app.add_config_value("reiki_terms", "data/terms.yaml", "env", types=[str])
    app.add_directive("terms", TermsDirective)
    app.add_post_transform(TermLinks)
