"""Build-wide hooks: registry loading, incremental dependencies and consistency checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .domain import ReikiDomain
from .errors import error
from .messages import msg
from .reruns import warned
from .state import app_state, env_state
from .statutes import Registry, read


def domain(env: BuildEnvironment) -> ReikiDomain:
    """The reiki domain."""
    return cast(ReikiDomain, env.get_domain("reiki"))


def load_registry(app: Sphinx) -> None:
    """Read data/statutes.yaml once per build; each problem of its form or evidence is one line at its line."""
    rel = app.config.reiki_statutes
    statutes, problems = read(Path(app.confdir, rel), rel)
    for p in problems:
        error(p.message, f"{p.path}:{p.line}", "statutes")
    env_state(app.env).reiki_registry = Registry(statutes)
    # an unreadable registry: statute citations say nothing rather than one error each
    env_state(app.env).reiki_registry_broken = bool(problems) and not statutes


def _incoming(env: BuildEnvironment) -> dict[str, set[tuple[str, str, str]]]:
    dom = domain(env)
    out: dict[str, set[tuple[str, str, str]]] = {}
    for c in dom.citations:
        inst = dom.instruments.get(c.instrument)
        if inst:
            out.setdefault(inst.docname, set()).add((c.docname, c.from_anchor, c.anchor))
    return out


def _captions(env: BuildEnvironment, docnames: set[str]) -> dict[str, dict[str, tuple[str, str]]]:
    """For the instruments on these pages: anchor -> (label, caption of its article), what citing pages show."""
    dom = domain(env)
    ids = {i.id: i.docname for i in dom.instruments.values() if i.docname in docnames}
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for (inst_id, anchor), u in dom.units.items():
        if inst_id in ids:
            art = dom.units.get((inst_id, anchor.split("-")[0]))
            out.setdefault(inst_id, {})[anchor] = (u.label, art.caption if art else "")
    return out


def outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Note what changed pages offer to citations; citing pages are rewritten (not re-read) after reading."""
    # kept on the app, not the environment: they serve this build only and need not be pickled
    app_state(app).reiki_incoming = _incoming(env)
    app_state(app).reiki_offered = _captions(env, changed | removed)
    return []


def updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite pages whose 'cited by' lists changed, pages citing a unit that changed, and the citation indexes."""
    before: dict[str, set[Any]] = getattr(app, "reiki_incoming", {})
    after = _incoming(env)
    docs = {d for d in set(before) | set(after) if before.get(d) != after.get(d)}
    offered: dict[str, dict[str, tuple[str, str]]] = getattr(app, "reiki_offered", {})
    if offered:
        dom = domain(env)
        docnames = {i.docname for i in dom.instruments.values() if i.id in offered}
        now = _captions(env, docnames)
        gone = {
            (inst_id, anchor)
            for inst_id, old in offered.items()
            for anchor in old.keys() | now.get(inst_id, {}).keys()
            if old.get(anchor) != now.get(inst_id, {}).get(anchor)
        }
        docs |= {c.docname for c in dom.citations if (c.instrument, c.anchor) in gone}
    docs |= set(domain(env).data.setdefault("index_docs", {}))
    return sorted(d for d in docs if d in env.all_docs)


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """Each amendment has one 附則, in the same order, with the same 施行日 (pages with errors: after those are fixed)."""
    held = warned()
    for inst in domain(env).instruments.values():
        if inst.docname in held:
            continue
        history = [(a.id, a.effective) for a in inst.amendments]
        supps = inst.supplementaries
        for amend_id, effective, line in supps:
            match = next((a for a in inst.amendments if a.id == amend_id), None)
            if match is None:
                error(
                    msg("suppl-unknown", id=amend_id, ids="・".join(h for h, _ in history)), (inst.docname, line), "history"
                )
            elif match.effective != effective:
                error(
                    msg("suppl-effective", id=amend_id, effective=effective, history=match.effective),
                    (inst.docname, line),
                    "history",
                )
        unknown = any(all(a.id != s[0] for a in inst.amendments) for s in supps)
        if not unknown and [s[0] for s in supps] != [h for h, _ in history]:  # a wrong id already said it
            missing = [h for h, _ in history if h not in {s[0] for s in supps}]
            what = (
                msg("suppl-missing", short=inst.short, ids="・".join(missing))
                if missing
                else msg("suppl-order", short=inst.short)
            )
            error(what, (inst.docname, inst.lineno), "history")
