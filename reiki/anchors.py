"""Anchor stability: every published anchor stays, or has a recorded redirect that the site follows."""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path
from typing import Any, cast

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from . import datafile
from .domain import ReikiDomain
from .errors import error
from .messages import msg, pair
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


def read_redirects(path: Path, rel: str = "") -> dict[str, str]:
    """Recorded redirects: old docname#anchor → new docname#anchor."""
    return {old: new for old, (new, _) in redirect_lines(path, rel).items()}


def redirect_lines(path: Path, rel: str = "") -> dict[str, tuple[str, int]]:
    """Recorded redirects with the line of each in the file (a mistake in the file is a DataError)."""
    if not path.exists():
        return {}
    rel = rel or str(path)
    data = datafile.parse_yaml(datafile.read_text(path, rel), rel)
    if data is not None and not isinstance(data, dict):
        raise datafile.DataError(rel, 1, *pair("data-redirects"))
    return {str(k): (str(v), datafile.line_of(data, k)) for k, v in (data or {}).items()}


def redirects(app: Sphinx) -> dict[str, tuple[str, int]]:
    """The redirects of this build (read once; a mistake in the file is reported once and the file taken as empty)."""
    cached = getattr(app, "reiki_redirect_lines", None)
    if cached is None:
        rel = app.config.reiki_redirects
        try:
            cached = redirect_lines(Path(app.confdir, rel), rel)
        except datafile.DataError as exc:
            exc.report()
            cached = {}
        app.reiki_redirect_lines = cached  # type: ignore[attr-defined]
    return cached


# Follows an old fragment (#a28-p1-i7) of this page to where the unit is now; plain JavaScript, works from file://.
SCRIPT = (
    "<script>(function(){{var m={moves};function go(){{var h=decodeURIComponent(location.hash.slice(1));"
    "if(h&&!document.getElementById(h)&&m[h])location.replace(m[h]);}}"
    "if(document.readyState==='loading')document.addEventListener('DOMContentLoaded',go);else go();"
    "window.addEventListener('hashchange',go);}})();</script>"
)


def moves_by_page(app: Sphinx) -> dict[str, dict[str, str]]:
    """The redirects grouped by the old page: old docname -> {old fragment: new docname#anchor}."""
    out: dict[str, dict[str, str]] = {}
    for old, (new, _) in redirects(app).items():
        doc, _, frag = old.partition("#")
        out.setdefault(doc, {})[frag] = new
    return out


def url(app: Sphinx, page: str, target: str) -> str:
    """The address of docname#anchor as seen from page."""
    doc, _, anchor = target.partition("#")
    base = "" if doc == page else app.builder.get_relative_uri(page, doc)
    return f"{base}#{anchor}" if anchor and anchor != "top" else base or "#"


def script(app: Sphinx, page: str, moves: dict[str, str]) -> str:
    """The redirect script of one page."""
    table = {frag: url(app, page, new) for frag, new in sorted(moves.items())}
    return SCRIPT.format(moves=json.dumps(table, ensure_ascii=False).replace("</", "<\\/"))


def add_script(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Put the redirect script in the head of a page that has redirected fragments."""
    moves = moves_by_page(app).get(pagename)
    if moves and app.builder.format == "html":
        context["metatags"] = context.get("metatags", "") + script(app, pagename, moves)


def gone_pages(app: Sphinx, exc: Exception | None) -> None:
    """A page that no longer exists: a small page in its place that sends each old fragment to its new place."""
    if exc is not None or app.builder.format != "html":
        return
    for doc, moves in moves_by_page(app).items():
        if doc in app.env.found_docs:
            continue
        first = url(app, doc, sorted(moves.values())[0]).split("#")[0]
        page = (
            f'<!doctype html><html lang="ja"><meta charset="utf-8"><title>移動した頁</title>{script(app, doc, moves)}'
            f"<script>if(!location.hash)location.replace({json.dumps(first)});</script>"
            f'<p><a href="{html.escape(first)}">この頁は移動した。</a></p></html>\n'
        )
        out = Path(app.outdir, app.builder.get_target_uri(doc))
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page, encoding="utf-8")


def outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Pages whose redirects changed since the last build are written again (the script is in the page)."""
    now = moves_by_page(app)
    before: dict[str, dict[str, str]] = getattr(env, "reiki_moves", {})
    env.reiki_moves = now  # type: ignore[attr-defined]
    return sorted(d for d in set(now) | set(before) if now.get(d) != before.get(d) and d in env.found_docs)


def lock_lines(path: Path) -> dict[str, int]:
    """Anchors recorded in the lock file with their line numbers."""
    if not path.exists():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    return {ln.strip(): n for n, ln in enumerate(lines, 1) if ln.strip() and not ln.startswith("#")}


def check(app: Sphinx, exc: Exception | None) -> None:
    """Fail when a recorded anchor disappeared without a redirect, or a redirect leads nowhere (HTML builds)."""
    if exc is not None or app.builder.format != "html":
        return
    now = current(app)
    Path(app.outdir, "_anchors.txt").write_text("\n".join(sorted(now)) + "\n", encoding="utf-8")
    if not app.config.reiki_anchor_lock:
        return
    lock_name, redirects_name = app.config.reiki_anchor_lock, app.config.reiki_redirects
    recorded = lock_lines(Path(app.confdir, lock_name))
    moved = redirects(app)
    held = warned()  # a page with errors: its anchors follow once they are fixed (one mistake, one line)
    for gone in sorted(a for a in set(recorded) - now if a.split("#")[0] not in held):
        if gone not in moved:
            error(msg("anchor-gone", anchor=gone, redirects=redirects_name), f"{lock_name}:{recorded[gone]}", "anchor")
    for old, (new, line) in sorted(moved.items()):
        if new not in now and new.split("#")[0] not in held:
            error(msg("anchor-redirect", old=old, new=new), f"{redirects_name}:{line}", "anchor")
    new_ones = {a for a in now - set(recorded) if a.split("#")[0] not in held}
    if new_ones:
        error(
            msg("anchor-new", count=len(new_ones), example=sorted(new_ones)[0], lock=lock_name), f"{lock_name}:1", "anchor"
        )


def update_lock(now_file: Path, lock: Path, redirects: Path) -> str | None:
    """Record the current anchors in the lock, unless that drops a published anchor without a redirect."""
    now = set(read_lock(now_file))
    recorded = lock_lines(lock)
    moved = read_redirects(redirects, str(redirects))
    dropped = sorted((a for a in set(recorded) - now if a not in moved), key=recorded.__getitem__)
    if dropped:
        more = f"（ほか{len(dropped) - 1}件）" if len(dropped) > 1 else ""
        first = dropped[0]
        return f"{lock}:{recorded[first]}: " + msg("anchor-drop", anchor=first, more=more, redirects=redirects)
    lock.write_text("\n".join(sorted(now)) + "\n", encoding="utf-8")
    return None


def main(argv: list[str]) -> int:
    """Record the anchors (tools/anchor_lock.py, run by make anchors): now-file, lock, redirects."""
    try:
        refused = update_lock(Path(argv[0]), Path(argv[1]), Path(argv[2]))
    except datafile.DataError as exc:
        refused = str(exc)
    if refused:
        print(refused, file=sys.stderr)
        return 1
    print(f"{argv[1]}: {len(read_lock(Path(argv[1])))} anchors")
    return 0


def register(app: Sphinx) -> None:
    """Connect the anchor check, the redirect scripts and pages."""
    app.connect("env-get-outdated", outdated)
    app.connect("html-page-context", add_script)
    app.connect("build-finished", gone_pages)
    app.connect("build-finished", check)
