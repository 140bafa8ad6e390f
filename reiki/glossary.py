"""The glossary, built from data/terms.yaml (the same file the prose lint reads)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from sphinx.addnodes import glossary
from sphinx.domains.std import make_glossary_term
from sphinx.util.docutils import SphinxDirective

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


def register(app: Any) -> None:
    """Register the directive and its data file option."""
    app.add_config_value("reiki_terms", "data/terms.yaml", "env", types=[str])
    app.add_directive("terms", TermsDirective)
