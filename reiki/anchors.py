"""Anchor stability: every published anchor stays, or has a recorded redirect."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import yaml
from sphinx.application import Sphinx

from .domain import ReikiDomain
from .errors import error
from .reruns import warned


def current(app: Sphinx) -> set[str]:
    """Every anchor of the regulation model as docname#anchor."""
    dom = cast(ReikiDomain, app.env.get_domain("reiki"))
    out = {f"{i.docname}#top" for i in dom.instruments.values()}
    out |= {f"{u.docname}#{u.anchor}" for u in dom.units.values()}
    return out


def read_lock(path: Path) -> set[str]:
    """Anchors recorded in the lock file (one per line, # comments)."""
    if not path.exists():
        return set()
    return {ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")}


def read_redirects(path: Path) -> dict[str, str]:
    """Recorded redirects: old docname#anchor → new docname#anchor."""
    if not path.exists():
        return {}
    return {str(k): str(v) for k, v in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items()}


def check(app: Sphinx, exc: Exception | None) -> None:
    """Fail when a recorded anchor disappeared without a redirect (HTML builds)."""
    if exc is not None or app.builder.format != "html":
        return
    now = current(app)
    Path(app.outdir, "_anchors.txt").write_text("\n".join(sorted(now)) + "\n", encoding="utf-8")
    if not app.config.reiki_anchor_lock:
        return
    lock_path = Path(app.confdir, app.config.reiki_anchor_lock)
    redirects = read_redirects(Path(app.confdir, app.config.reiki_redirects))
    held = warned(app)  # a page with errors: its anchors follow once they are fixed (one mistake, one line)
    lock = {a for a in read_lock(lock_path) if a.split("#")[0] not in held}
    now_shown = {a for a in now if a.split("#")[0] not in held}
    for gone in sorted(lock - now):
        if gone not in redirects:
            error(
                f"anchor {gone} was published and is gone: restore it or record '{gone}: <new place>' in "
                f"{app.config.reiki_redirects}",
                f"{lock_path}:1",
                "anchor",
            )
        elif redirects[gone] not in now:
            error(f"redirect of {gone} points to {redirects[gone]}, which does not exist", f"{lock_path}:1", "anchor")
    new = now_shown - read_lock(lock_path)
    if new:
        error(
            f"{len(new)} new anchors are not recorded (e.g. {sorted(new)[0]}): run 'make anchors' and commit "
            f"{app.config.reiki_anchor_lock}",
            f"{lock_path}:1",
            "anchor",
        )
