"""The glossary, built from data/terms.yaml (the same file the prose lint reads)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, cast

import yaml
from docutils import nodes
from sphinx.addnodes import glossary, pending_xref
from sphinx.domains.std import make_glossary_term
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .domain import ReikiDomain
from .errors import error
from .labels import label
from .numbering import parse_target

ID = re.compile(r"^[a-z][a-z0-9-]*$")
REQUIRED = ("id", "term", "reading", "definition")


def load_terms(path: Path) -> list[dict[str, Any]]:
    """Read the terms list; raise ValueError with the reason when malformed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    terms = data.get("terms") or []
    seen: set[str] = set()
    for t in terms:
        missing = [k for k in REQUIRED if not t.get(k)]
        if missing:
            raise ValueError(f"term {t.get('term') or t.get('id')!r} lacks {', '.join(missing)}")
        if not ID.match(t["id"]) or t["id"] in seen:
            raise ValueError(f"term id {t['id']!r} must be unique lower-case ASCII")
        seen.add(t["id"])
    return terms


class TermsDirective(SphinxDirective):
    """Render every term of the data file as a glossary with stable ids (term-<id>)."""

    def run(self) -> list[nodes.Node]:
        """Build the glossary; {term} roles resolve to it."""
        path = Path(self.env.srcdir, self.config.reiki_terms)
        self.env.note_dependency(str(path))
        try:
            terms = load_terms(path)
        except (OSError, ValueError) as exc:
            error(f"{self.config.reiki_terms}: {exc}", self.get_location(), "terms")
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
                for i, target in enumerate(refs):
                    try:
                        parse_target(target)
                    except ValueError:
                        error(
                            f"{self.config.reiki_terms}: term {t['term']!r}: bad reference {target!r}",
                            self.get_location(),
                            "terms",
                        )
                        continue
                    if i:
                        see += nodes.Text(label("sep", self.config.language))
                    see += self._jo(target)
                body += see
            dl += nodes.definition_list_item("", term, body)
        return [node]

    def _jo(self, target: str) -> list[nodes.Node]:
        """A {jo} citation of target, parsed as the author would write it."""
        parsed, _ = self.state.inline_text(f"{{jo}}`{target}`", self.lineno - 1)
        return parsed


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
        terms = {t["term"]: t for t in load_terms(path)}
    except (OSError, ValueError):
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
