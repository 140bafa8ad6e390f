"""The machine-readable export: every instrument, unit, citation and amendment as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import cast

from sphinx.application import Sphinx

from .domain import ReikiDomain, Unit

SCHEMA_VERSION = 1


def collect(app: Sphinx) -> dict[str, object]:
    """The export as a plain dict (see docs/authoring/export.md for the schema)."""
    dom = cast(ReikiDomain, app.env.get_domain("reiki"))
    registry = app.env.reiki_registry  # type: ignore[attr-defined]
    instruments = []
    by_instrument: dict[str, list[Unit]] = {}
    for (ident, _), u in dom.units.items():  # grouped once: the export stays linear in the corpus
        by_instrument.setdefault(ident, []).append(u)
    for inst in sorted(dom.instruments.values(), key=lambda i: i.docname):
        uri = app.builder.get_target_uri(inst.docname)
        units = [
            {"anchor": u.anchor, "url": f"{uri}#{u.anchor}", "label": u.label, "caption": u.caption, "text": u.text}
            for u in sorted(by_instrument.get(inst.id, []), key=lambda u: (u.lineno, u.anchor))
        ]
        instruments.append(
            {
                "id": inst.id,
                "title": inst.title,
                "short": inst.short,
                "kind": inst.kind,
                "url": uri,
                "metadata": inst.meta,
                "amendments": [asdict(a) for a in inst.amendments],
                "units": units,
            }
        )
    cites = sorted({(c.docname, c.from_anchor, c.instrument, c.anchor) for c in dom.citations})
    laws = sorted({(c.docname, c.from_anchor, c.statute, c.article) for c in dom.laws})
    return {
        "schema": SCHEMA_VERSION,
        "instruments": instruments,
        "citations": [dict(zip(("from_doc", "from_anchor", "instrument", "anchor"), c, strict=True)) for c in cites],
        "statute_citations": [dict(zip(("from_doc", "from_anchor", "statute", "article"), c, strict=True)) for c in laws],
        "statutes": [
            {
                "key": s.key,
                "title": s.title,
                "number": s.number,
                "law_id": s.law_id,
                "short": list(s.short),
                "articles": [asdict(a) for a in s.articles.values()],
            }
            for s in registry.statutes.values()
        ],
    }


def write(app: Sphinx, exc: Exception | None) -> None:
    """Write reiki.json into the HTML output."""
    if exc is not None or app.builder.format != "html":
        return
    data = collect(app)
    Path(app.outdir, "reiki.json").write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8"
    )
