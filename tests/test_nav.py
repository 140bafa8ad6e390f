"""corpus_nav: the site tree is written once per build, only when titles or toctrees change, and pages stay small."""

from __future__ import annotations

import time
from pathlib import Path

from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

NAV = {"extensions": ["myst_parser", "reiki", "corpus_nav"], "html_theme": "furo"}


def build(srcdir: Path, builddir: Path) -> tuple[Path, str]:
    """Build the scratch root with furo and corpus_nav; return the output folder and the warnings."""
    app = SphinxTestApp("html", srcdir=srcdir, builddir=builddir, confoverrides=NAV)
    try:
        app.build()
        return Path(app.outdir), strip_escape_sequences(app.warning.getvalue())
    finally:
        app.cleanup()


def test_tree_is_shared_and_redrawn_only_when_it_changes(tmp_path: Path, scratch_root) -> None:  # type: ignore[no-untyped-def]
    src = scratch_root("basic")
    out, warnings = build(src, tmp_path / "b")
    assert warnings == ""
    tree = out / "_static" / "site-nav.js"
    text = tree.read_text(encoding="utf-8")
    assert 'href=\\"other.html\\"' in text and "他規程" in text and 'href=\\"notes.html\\"' in text
    for page in ("index.html", "other.html", "notes.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert 'id="site-nav"' in html and "_static/site-nav.js" in html
        assert "toctree-l1" not in html.split('class="sidebar-tree"', 1)[1].split("</div>", 1)[0], page
    # an edit that leaves titles and toctrees alone does not redraw the tree
    stamp = tree.stat().st_mtime_ns
    time.sleep(0.01)
    notes = src / "notes.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n補足を加えた。\n", encoding="utf-8")
    build(src, tmp_path / "b")
    assert tree.stat().st_mtime_ns == stamp
    # a new title is in the tree after an incremental build, though no other page is rewritten for it
    other = src / "other.md"
    other.write_text(other.read_text(encoding="utf-8").replace("# 他規程", "# 他の規程", 1), encoding="utf-8")
    build(src, tmp_path / "b")
    assert "他の規程" in tree.read_text(encoding="utf-8")
