"""Every bad data input (and a full-width label) through the real command line (make html): one line, relative file:line, the fix, no traceback."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from strict_build import BIN, corpus_copy

SJIS = "shift_jis"  # marks a case whose file is saved in Shift_JIS instead of UTF-8

# (case, file, text before, text after (or SJIS), text on the line expected, fix the line must give, edition)
CASES = [
    (
        "amendment-date",
        "policies/kanri-unyo-kitei.md",
        "  date: 2026-11-28\n",
        "  date: 2026-11-31\n",
        "  date: 2026-11-31",
        "日付 2026-11-31 は暦にない: 実在する日付を YYYY-MM-DD で書く",
        "public",
    ),
    (
        "audit-date",
        "data/audits.yaml",
        "    date: 2016-12-27\n",
        "    date: 2017-02-30\n",
        "    date: 2017-02-30",
        "日付 2017-02-30 は暦にない",
        "public",
    ),
    (
        "meeting-date",
        "data/meetings.yaml",
        "date: 2013-05-28",
        "date: 2013-02-30",
        "    date: 2013-02-30",
        "実在する日付を YYYY-MM-DD で書く",
        "public",
    ),
    (
        "meeting-field",
        "data/meetings.yaml",
        "    overall: 26\n    date: 2013-05-28\n",
        "    overall: 26\n",
        "  - id: h25-1",
        "会議 h25-1 に項目 date がない: その項目を書く",
        "public",
    ),
    (
        "statistics-field",
        "data/statistics.yaml",
        "    unit: 通\n    as_of: 2015-10-05\n",
        "    unit: 通\n",
        "  - id: tsuchi-card-sent",
        "数値 tsuchi-card-sent に項目 as_of がない: その項目を書く",
        "public",
    ),
    (
        "statutes-yaml",
        "data/statutes.yaml",
        "  jukiho:\n    title: 住民基本台帳法\n",
        "  jukiho:\n    title: 住民基本台帳法\n   number: x\n",
        "   number: x",
        "YAML として読めない",
        "public",
    ),
    (
        "terms-yaml",
        "data/terms.yaml",
        "    reading: じゅうきねっと\n",
        "    reading: [じゅうきねっと\n",
        "    definition: 住民基本台帳ネットワークシステムの略称。",
        "字下げ、「:」の後の空白、引用符と括弧の対応を確かめる",
        "public",
    ),
    (
        "terminal-field",
        "internal/data/terminals.yaml",
        "    count: 4\n",
        "",
        "  - place: 本庁舎（見本）",
        "端末 本庁舎（見本） に項目 count がない",
        "internal",
    ),
    (
        "fullwidth-label",  # #23: one Japanese line at the right place, no knock-on anchor or redirect advice
        "policies/kanri-unyo-kitei.md",
        "2 前項の報告を受けた操作責任者は直ちに",
        "２ 前項の報告を受けた操作責任者は直ちに",
        "２ 前項の報告を受けた操作責任者は直ちに",
        "項番号「２」が全角: 半角で「2 」と書く",
        "public",
    ),
    ("page-sjis", "docs/guides/outage-2016.md", "", SJIS, "", "iconv -f Shift_JIS -t UTF-8", "public"),
    ("data-sjis", "data/meetings.yaml", "", SJIS, "", "iconv -f Shift_JIS -t UTF-8", "public"),
]


def make_html(src: Path, edition: str) -> subprocess.CompletedProcess[str]:
    """make html in the copy with the shared environment, as an author runs it."""
    venv = BIN.parent
    return subprocess.run(
        ["make", "-s", "-o", f"{venv}/.installed", "html", f"VENV={venv}", f"EDITION={edition}"],
        cwd=src,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_COLOR="1"),  # plain text, whatever the terminal or CI says about colour
    )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the corpus; each case copies it again."""
    return corpus_copy(tmp_path_factory.mktemp("data-errors") / "corpus")


@pytest.mark.slow
@pytest.mark.parametrize(("case", "file", "old", "new", "at", "fix", "edition"), CASES, ids=[c[0] for c in CASES])
def test_bad_data_is_one_line(
    pristine: Path, tmp_path: Path, case: str, file: str, old: str, new: str, at: str, fix: str, edition: str
) -> None:
    src = tmp_path / "corpus"
    subprocess.run(["cp", "-a", str(pristine), str(src)], check=True)
    path = src / file
    text = path.read_text(encoding="utf-8")
    if new == SJIS:
        path.write_bytes(text.encode("cp932"))
        line = 1 + text[: next(i for i, ch in enumerate(text) if ord(ch) > 127)].count("\n")
    else:
        assert text.count(old) == 1, case
        text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
        line = next(n for n, ln in enumerate(text.splitlines(), 1) if ln.startswith(at))
    run = make_html(src, edition)
    out = run.stdout + run.stderr
    assert run.returncode != 0, out
    assert "Traceback" not in out and "Extension error" not in out and "Exception occurred" not in out, out
    lines = [ln for ln in run.stderr.splitlines() if ln.strip() and not ln.startswith("make")]
    assert len(lines) == 1, lines  # one mistake, one line
    assert lines[0].startswith(f"{file}:{line}: WARNING: "), lines
    assert fix in lines[0], lines
