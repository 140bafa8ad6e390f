"""Every bad input an author can make stops the build with one line: file:line and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences
from strict_build import app_warnings

# The bad inputs of this root are in the battery (tests/battery.py, run by tests/test_battery.py); what stays here is
# the one whose message is sphinxcontrib-bibtex's own (English, no fix: not yet in the battery's terms).
# (case, old text, new text, expected line, expected message fragment)
CASES = [
    ("unknown-bib-key", "試験のために定める。", "{cite:t}`nosuch`に定める。", 24, 'could not find bibtex key "nosuch"'),
]


@pytest.mark.parametrize(("case", "old", "new", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input(scratch_root, case: str, old: str, new: str, line: int, message: str) -> None:  # type: ignore[no-untyped-def]
    src: Path = scratch_root("errors")
    index = src / "index.md"
    text = index.read_text(encoding="utf-8")
    assert old in text, case
    index.write_text(text.replace(old, new, 1), encoding="utf-8")
    warnings = app_warnings(src)
    relevant = [w for w in warnings if "index.md" in w]
    assert len(relevant) >= 1, warnings
    assert relevant[0].startswith(f"index.md:{line}: WARNING: "), relevant  # relative, as the author sees it
    assert message in relevant[0], relevant
    assert len(relevant) == 1, relevant  # one mistake, one line


def test_good_root_is_clean(scratch_root) -> None:  # type: ignore[no-untyped-def]
    app = SphinxTestApp("html", srcdir=scratch_root("errors"))
    try:
        app.build()
        assert strip_escape_sequences(app.warning.getvalue()) == ""
    finally:
        app.cleanup()


def test_strict_cli_fails_with_file_and_line(scratch_root, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src: Path = scratch_root("errors")
    index = src / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("試験のために定める。", "{jo}`第9条`に定める。"), encoding="utf-8"
    )
    from strict_build import sphinx

    result = sphinx("html", tmp_path / "out", src=src, env={"PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert result.returncode != 0
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert lines == [
        "index.md:24: WARNING: 正規程に第9条がない（第9条 と引用）: 実在する条・項・号を引用する。条を動かしたときは引用も直す "
        "[reiki.ref]"
    ]
