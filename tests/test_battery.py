"""The battery (tests/battery.py): every bad input stops the build with one line, relative file:line and the fix."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from battery import CASES, CLEAN, GROUPS, SJIS, Case
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences
from test_data_errors import CASES as CLI_CASES

REPO = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).parent / "roots"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def prepared(tmp_path: Path, root: str) -> Path:
    """A copy of the root to plant in (the battery root gets the corpus's configured identifier list)."""
    src = tmp_path / root
    shutil.copytree(ROOTS / f"test-{root}", src)
    if root == "battery":
        shutil.copy(REPO / "data" / "pii-patterns.yaml", src / "data" / "pii-patterns.yaml")
    return src


def plant(src: Path, case: Case) -> int:
    """Make the case's change; the line the error must name."""
    path = src / case.file
    text = path.read_text(encoding="utf-8")
    if case.new == SJIS:
        path.write_bytes(text.encode("cp932"))
        return case.at if isinstance(case.at, int) else 0
    if case.old:
        assert text.count(case.old) == 1, case.id
        text = text.replace(case.old, case.new)
    else:
        text = text.rstrip("\n") + "\n\n" + case.new + "\n"
    path.write_text(text, encoding="utf-8")
    if isinstance(case.at, int):
        return case.at
    return next(n for n, ln in enumerate(text.splitlines(), 1) if case.at in ln)


def build(src: Path) -> tuple[int, list[str], str]:
    """An in-process strict build (warnings are errors): status, warning lines, everything it wrote to the log."""
    app = SphinxTestApp("html", srcdir=src, warningiserror=True)
    try:
        app.build()
        log = strip_escape_sequences(app.warning.getvalue() + app.status.getvalue())
        return app.statuscode, [w for w in strip_escape_sequences(app.warning.getvalue()).splitlines() if w.strip()], log
    finally:
        app.cleanup()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_one_line(tmp_path: Path, case: Case) -> None:
    src = prepared(tmp_path, case.root)
    line = plant(src, case)
    status, warnings, log = build(src)  # an exception here (a traceback) fails the case
    assert status != 0, warnings
    assert "Traceback" not in log and "Extension error" not in log and "Exception occurred" not in log, log
    assert len(warnings) == 1, warnings  # one mistake, one line
    if case.out:  # the last net names the written file and its line
        written = (src / case.out).read_text(encoding="utf-8").splitlines()
        line = next(n for n, ln in enumerate(written, 1) if case.out_at in ln)
        assert warnings[0].startswith(f"{case.out}:{line}: WARNING: "), warnings
    else:
        assert warnings[0].startswith(f"{case.file}:{line}: WARNING: "), warnings  # relative, as the author sees it
    assert case.says and case.says in warnings[0], warnings
    fix = re.fullmatch(r"(.*) \[reiki\.[a-z-]+\]", warnings[0].rsplit(": ", 1)[-1])
    assert fix and JAPANESE.search(fix.group(1)), warnings  # after the last colon: how to fix it, in Japanese


@pytest.mark.parametrize(("case", "file", "old", "new"), CLEAN, ids=[c[0] for c in CLEAN])
def test_look_alike_builds_clean(tmp_path: Path, case: str, file: str, old: str, new: str) -> None:
    src = prepared(tmp_path, "battery")
    plant(src, Case(case, "clean", file, old, new, 1, ""))
    status, warnings, _ = build(src)
    assert (status, warnings) == (0, [])


def test_the_root_is_clean(tmp_path: Path) -> None:
    assert build(prepared(tmp_path, "battery"))[:2] == (0, [])
    assert build(prepared(tmp_path, "versions"))[:2] == (0, [])


def test_errors_page_states_the_battery() -> None:
    page = (REPO / "docs" / "authoring" / "errors.md").read_text(encoding="utf-8")
    assert f"{len(CASES)}件" in page, "docs/authoring/errors.md の件数を tests/battery.py に合わせる"
    for group, words in GROUPS.items():
        count = sum(c.group == group for c in CASES)
        assert f"| {words} | {count} |" in page, (group, count)
    assert f"| コマンド（make html）で試すもの | {len(CLI_CASES)} |" in page, len(CLI_CASES)


def test_written_latex_is_read_as_latex() -> None:
    """The last net on LaTeX: a number split by a style command is found; column specifications are not numbers."""
    from reiki.pii import find

    assert [f.value for f in find(r"9832\sphinxstylestrong{0567}3214", markup="tex")] == ["983205673214"]
    assert find(r"\begin{tabular}[t]{\X{4}{18}\X{3}{18}\X{4}{18}\X{7}{18}}", markup="tex") == []
