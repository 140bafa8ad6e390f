"""The machine-readable export: every instrument, unit, citation and amendment as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx

from . import state
from .domain import Instrument, ReikiDomain, Unit
from .errors import error
from .messages import msg

SCHEMA_VERSION = 1
URI = "\u0001"  # stands for the page's URI in a stored fragment (serialised as the escape \u0001)
FRAGMENTS = "reiki-export"


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _instrument(inst: Instrument, units: list[Unit]) -> dict[str, Any]:
    """One instrument of the export, with URI placeholders (the URI depends on the builder, the words do not)."""
    return {
        "id": inst.id,
        "title": inst.title,
        "short": inst.short,
        "kind": inst.kind,
        "url": URI,
        "metadata": inst.meta,
        "amendments": [asdict(a) for a in inst.amendments],
        "units": [
            {"anchor": u.anchor, "url": f"{URI}#{u.anchor}", "label": u.label, "caption": u.caption, "text": u.text}
            for u in sorted(units, key=lambda u: (u.lineno, u.anchor))
        ],
    }


def _fragment(doctreedir: str | Path, docname: str) -> Path:
    return Path(doctreedir, FRAGMENTS, docname + ".json")


def store(app: Sphinx, doctree: nodes.document) -> None:
    """After reading a page: store its instruments' export with the words of every unit (kept out of the environment)."""
    env = app.env
    units: list[Unit] = env.temp_data.get("reiki_units") or []
    dom = cast(ReikiDomain, env.get_domain("reiki"))
    mine = dom.on_page(env.docname)
    path = _fragment(app.doctreedir, env.docname)
    if not mine:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # a line per instrument: its id, a tab, its JSON (which holds no raw tab or newline)
    lines = (f"{i.id}\t{_dump(_instrument(i, [u for u in units if u.instrument == i.id]))}\n" for i in mine)
    path.write_text("".join(lines), encoding="utf-8")


def _instruments(app: Sphinx, dom: ReikiDomain) -> list[str]:
    """The stored fragments of every instrument, in page order, with their URIs filled in."""
    out = []
    cache: dict[str, dict[str, str]] = {}
    for inst in sorted(dom.instruments.values(), key=lambda i: i.docname):
        if inst.docname not in cache:
            path = _fragment(app.doctreedir, inst.docname)
            if not path.exists():
                error(msg("export-missing", docname=inst.docname), None, "metadata")
                continue
            lines = path.read_text(encoding="utf-8").split("\n")[:-1]  # not splitlines: U+2028 may be in the words
            cache[inst.docname] = dict(line.split("\t", 1) for line in lines)
        uri = json.dumps(app.builder.get_target_uri(inst.docname), ensure_ascii=False)[1:-1]
        out.append(cache[inst.docname][inst.id].replace('"url":"\\u0001', '"url":"' + uri))
    return out


def write(app: Sphinx, exc: Exception | None) -> None:
    """Write reiki.json into the HTML output, from the fragments stored when each page was read."""
    if exc is not None or app.builder.format != "html":
        return
    dom = cast(ReikiDomain, app.env.get_domain("reiki"))
    registry = state.registry(app.env)
    cites = sorted({(c.docname, c.from_anchor, c.instrument, c.anchor) for c in dom.citations})
    laws = sorted({(c.docname, c.from_anchor, c.statute, c.article) for c in dom.laws})
    statutes = [
        {
            "key": s.key,
            "title": s.title,
            "number": s.number,
            "law_id": s.law_id,
            "short": list(s.short),
            "articles": [asdict(a) for a in s.articles.values()],
        }
        for s in registry.statutes.values()
    ]
    # the keys in sorted order, as json.dumps(sort_keys=True) would write the whole document
    text = (
        '{"citations":'
        + _dump([dict(zip(("from_doc", "from_anchor", "instrument", "anchor"), c, strict=True)) for c in cites])
        + ',"instruments":['
        + ",".join(_instruments(app, dom))
        + f'],"schema":{SCHEMA_VERSION},"statute_citations":'
        + _dump([dict(zip(("from_doc", "from_anchor", "statute", "article"), c, strict=True)) for c in laws])
        + ',"statutes":'
        + _dump(statutes)
        + "}\n"
    )
    Path(app.outdir, "reiki.json").write_text(text, encoding="utf-8")
