"""Build-wide hooks: registry loading, incremental dependencies and consistency checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .domain import ReikiDomain
from .errors import error
from .statutes import Registry


def domain(env: BuildEnvironment) -> ReikiDomain:
    """The reiki domain."""
    return cast(ReikiDomain, env.get_domain("reiki"))


def load_registry(app: Sphinx) -> None:
    """Read data/statutes.yaml once per build."""
    app.env.reiki_registry = Registry.load(Path(app.confdir, app.config.reiki_statutes))  # type: ignore[attr-defined]


def _incoming(env: BuildEnvironment) -> dict[str, set[tuple[str, str, str]]]:
    dom = domain(env)
    out: dict[str, set[tuple[str, str, str]]] = {}
    for c in dom.citations:
        inst = dom.instruments.get(c.instrument)
        if inst:
            out.setdefault(inst.docname, set()).add((c.docname, c.from_anchor, c.anchor))
    return out


def outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Re-read documents that cite a changed document, so their citations are checked again."""
    env.reiki_incoming = _incoming(env)  # type: ignore[attr-defined]
    touched = changed | removed
    dom = domain(env)
    cited_docs = {i.docname: i.id for i in dom.instruments.values() if i.docname in touched}
    return sorted({c.docname for c in dom.citations if c.instrument in cited_docs.values()} - touched)


def updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite pages whose 'cited by' lists changed, and the pages that index citations."""
    before: dict[str, set[Any]] = getattr(env, "reiki_incoming", {})
    after = _incoming(env)
    docs = {d for d in set(before) | set(after) if before.get(d) != after.get(d)}
    docs |= set(domain(env).data.setdefault("index_docs", {}))
    return sorted(d for d in docs if d in env.all_docs)


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """Each amendment has one 附則, in the same order, with the same 施行日."""
    for inst in domain(env).instruments.values():
        history = [(a.id, a.effective) for a in inst.amendments]
        supps = inst.supplementaries
        for amend_id, effective, line in supps:
            match = next((a for a in inst.amendments if a.id == amend_id), None)
            if match is None:
                error(
                    f"附則 {amend_id!r} names no entry of the amendment history ({', '.join(h for h, _ in history)})",
                    (inst.docname, line),
                    "history",
                )
            elif match.effective != effective:
                error(
                    f"附則 {amend_id!r} says :effective: {effective} but the history says {match.effective}: "
                    "make them agree",
                    (inst.docname, line),
                    "history",
                )
        if [s[0] for s in supps] != [h for h, _ in history]:
            missing = [h for h, _ in history if h not in {s[0] for s in supps}]
            what = f"no 附則 for {', '.join(missing)}" if missing else "附則 out of order"
            error(
                f"{inst.short}: {what}; write one {{supplementary}} per history entry, oldest first",
                (inst.docname, inst.lineno),
                "history",
            )
