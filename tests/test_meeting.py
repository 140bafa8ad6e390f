"""A council meeting recorded by `make meeting` / `make followup`, without Python, builds to its own packet volume."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from strict_build import REPO, copy_repo

from tools import meeting


def _digests(root: Path) -> dict[str, str]:
    """The content hash of every file of the copy outside the build output and the linked environment."""
    skip = ("_build", ".venv", "node_modules")
    return {
        p.relative_to(root).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and p.relative_to(root).parts[0] not in skip
    }


def _make(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "-s", "-o", ".venv/.installed", *args], cwd=root, capture_output=True, text=True)


@pytest.mark.parametrize(
    ("mid", "date", "says"),
    [
        ("R8-1", "2026-12-10", "ID=r8-1 は令和8年度第1回"),
        ("r8-2", "2026-03-10", "2026-03-10 は令和7年度なので ID=r7-2 とする"),
        ("r8-1", "2026-02-30", "DATE='2026-02-30' は日付として読めない"),
        ("h28-1", "2017-02-10", "会議 h28-1 の記録はもうある"),
        ("r1-1", "2019-05-01", "開催日は 2020-02-13 と記録されている: DATE=2020-02-13 とする"),
        ("r1-1", "2020-02-13", None),  # listed without its record; 令和元年度 is r1
    ],
)
def test_plan_refuses_with_the_fix(mid: str, date: str, says: str | None) -> None:
    args = ("審議会", "未確認", "未確認", "未確認", "市民生活部住民情報課")
    if says is None:
        assert (
            meeting.plan(REPO, mid, date, *args)["title"]
            == "令和元年度第1回 長崎市住民基本台帳ネットワークシステム管理運用審議会"
        )
        return
    with pytest.raises(meeting.Refusal) as exc:
        meeting.plan(REPO, mid, date, *args)
    assert says in str(exc.value)


@pytest.mark.slow
def test_new_meeting_builds_to_its_packet(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    before = _digests(root)
    made = _make(root, "meeting", "ID=r8-1", "DATE=2026-12-10", "TIME=14時00分", "VENUE=長崎市役所本館", "FORMAT=対面")
    assert made.returncode == 0, made.stderr
    assert "作成・更新: docs/print/council-r8-1.md" in made.stdout
    again = _make(root, "meeting", "ID=r8-1", "DATE=2026-12-10")
    assert again.returncode != 0 and "記録はもうある" in again.stderr and "Traceback" not in again.stderr
    fu = _make(root, "followup", "ID=r8-1", "TEXT=自主点検報告書の様式を見直す", "ARTICLES=kitei:第21条")
    assert fu.returncode == 0, fu.stderr
    page = (root / "docs/council/r8-1.md").read_text(encoding="utf-8")
    assert "### FU-R8-1-01 自主点検報告書の様式を見直す" in page and "{jo}`kitei:第21条`" in page
    table = (root / "docs/council/followups.md").read_text(encoding="utf-8")
    assert "| {ref}`FU-R8-1-01 <fu-r8-1-01>` | {doc}`令和8年度第1回 <r8-1>` |" in table  # short: the column is narrow
    # no edit outside docs/ and data/: the volume list comes from the front matter
    after = _digests(root)
    changed = sorted(p for p in after if before.get(p) != after[p])
    assert changed == [
        "data/meetings.yaml",
        "docs/council/followups.md",
        "docs/council/index.md",
        "docs/council/r8-1.md",
        "docs/print/council-r8-1.md",
    ]
    lint = subprocess.run(
        [sys.executable, "tools/prose_lint.py", "--root", str(root)], cwd=REPO, capture_output=True, text=True
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr  # the template's text is plain 公用文 too
    built = _make(root, "pdf-council-r8-1", "BUILDDIR=_build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert built.stdout.strip().splitlines()[-1] == "pdf: _build/latex/council-r8-1.pdf"  # only the volume built
    text = subprocess.run(
        ["pdftotext", str(root / "_build/latex/council-r8-1.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = text.replace(" ", "").replace("\n", "")  # the extraction's spacing is checked by the print check
    assert "令和8年度第1回" in flat and "14時00分" in flat and "FU-R8-1-01" in flat
    info = subprocess.run(["pdfinfo", str(root / "_build/latex/council-r8-1.pdf")], capture_output=True, text=True).stdout
    assert "令和8年度第1回 審議会資料" in info
    html = _make(root, "html", "BUILDDIR=_build")
    assert html.returncode == 0, html.stderr
    assert "r8-1.html" in (root / "_build/html/docs/council/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("mid", "name"), [("h28-1", "平成28年度第1回"), ("r1-2", "令和元年度第2回"), ("r8-1", "令和8年度第1回")]
)
def test_follow_up_table_names_the_meeting_short(mid: str, name: str) -> None:
    assert meeting.short_name(mid) == name
