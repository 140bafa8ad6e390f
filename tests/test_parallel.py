"""-j 2 with reiki's builder: the same site as -j 1, and errors met by the writing processes still stop the build."""

from __future__ import annotations

from pathlib import Path

from sphinx.testing.util import SphinxTestApp
from strict_build import REPO, VOLATILE, sphinx

from reiki.parallel import ParallelHTMLBuilder, shares


def _files(root: Path) -> dict[str, bytes]:
    """The published files (not Sphinx's own caches: .doctrees, .buildinfo)."""
    names = {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}
    return {name: p.read_bytes() for name, p in names.items() if not name.startswith(".")}


def test_shares_interleave_and_cover_every_document() -> None:
    docs = [f"d{i}" for i in range(7)]
    assert shares(docs, 2) == [["d0", "d2", "d4", "d6"], ["d1", "d3", "d5"]]
    assert shares(docs[:1], 2) == [["d0"]]


def test_html_builds_use_the_parallel_builder(tmp_path: Path, scratch_root) -> None:  # type: ignore[no-untyped-def]
    app = SphinxTestApp("html", srcdir=scratch_root("basic"), parallel=2)
    try:
        assert type(app.builder) is ParallelHTMLBuilder
    finally:
        app.cleanup()


def test_real_corpus_j2_equals_j1(corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = sphinx("html", tmp_path / "j2", "-j", "2")
    assert run.returncode == 0, run.stderr
    one, two = _files(corpus.html), _files(tmp_path / "j2")
    assert sorted(one) == sorted(two)  # images registered while resolving (charts, graphviz) are copied too
    assert any(name.startswith("_images/chart-") for name in two)
    for name, data in one.items():
        if name.endswith(".html"):
            a, b = VOLATILE.sub("", data.decode()), VOLATILE.sub("", two[name].decode())
            assert a == b, name
        elif not name.startswith("_static/"):
            assert data == two[name], name


def test_error_while_resolving_in_a_writer_stops_the_build(tmp_path: Path, scratch_root) -> None:  # type: ignore[no-untyped-def]
    src = scratch_root("basic")
    notes = src / "notes.md"
    text = notes.read_text(encoding="utf-8")
    notes.write_text(text + "\n{ref}`no-such-label`\n", encoding="utf-8")
    line = text.count("\n") + 2
    run = sphinx("html", tmp_path / "out", "-j", "2", src=src, env={"PYTHONPATH": str(REPO)})
    assert run.returncode != 0
    assert f"notes.md:{line}: WARNING: undefined label: 'no-such-label'" in run.stderr
