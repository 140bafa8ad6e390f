"""Era dates in the text: one that cannot exist, or a 附則 date that is not the history's, stops the build at its line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_data_errors import make_html, pristine  # noqa: F401  (the module's corpus copy fixture)

from reiki.eradates import era_dates, suppl_date_problem


@pytest.mark.parametrize(
    ("text", "iso", "says"),
    [
        ("平成29年2月10日", "2017-02-10", ""),
        ("令和元年5月1日", "2019-05-01", ""),
        ("令和８年１１月２８日", "2026-11-28", ""),
        ("令和0年", None, "は存在しない和暦である"),
        ("平成32年", None, "平成は31年（2019年4月30日）まで"),
        ("平成31年5月1日", None, "平成の期間（1989-01-08から2019-04-30）の外である"),
        ("平成29年2月30日", None, "は暦にない日付である"),
        ("昭和64年1月7日", "1989-01-07", ""),
    ],
)
def test_era_dates(text: str, iso: str | None, says: str) -> None:
    [(_, day, problem)] = era_dates(f"この日は{text}である。")
    assert (day.isoformat() if day else None) == iso
    assert says in problem if says else problem == ""


def test_suppl_date_against_history() -> None:
    assert suppl_date_problem("この規程は、令和8年11月28日から施行する。", "2026-11-28") == ""
    assert "履歴の施行日 2026-11-29 と違う" in suppl_date_problem("この規程は、令和8年11月28日から施行する。", "2026-11-29")
    assert suppl_date_problem("この規程は、公布の日から施行する。", "2026-11-28") == ""


CASES = [
    ("page-era", "docs/guides/outage-2016.md", "令和0年4月1日に見直した。", "は存在しない和暦である"),
    ("council-era", "docs/council/h28-1.md", "| 日時 | 平成29年2月30日", "は暦にない日付である"),
    (
        "suppl-era",
        "policies/kanri-unyo-kitei.md",
        "この訓令は、令和8年11月29日から施行する。",
        "附則の施行日「令和8年11月29日」が履歴の施行日 2026-11-28 と違う",
    ),
]
OLD = {
    "page-era": None,
    "council-era": "| 日時 | 平成29年2月10日",
    "suppl-era": "この訓令は、令和8年11月28日から施行する。",
}


@pytest.mark.slow
@pytest.mark.parametrize(("case", "file", "new", "says"), CASES, ids=[c[0] for c in CASES])
def test_era_mistakes_are_one_line(pristine: Path, tmp_path: Path, case: str, file: str, new: str, says: str) -> None:  # noqa: F811
    src = tmp_path / "corpus"
    subprocess.run(["cp", "-a", str(pristine), str(src)], check=True)
    path = src / file
    text = path.read_text(encoding="utf-8")
    old = OLD[case]
    if old is None:
        text = text.rstrip("\n") + "\n\n" + new + "\n"
    else:
        assert text.count(old) == 1, case
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    run = make_html(src, "public")
    lines = [ln for ln in run.stderr.splitlines() if ln.strip() and not ln.startswith("make")]
    assert run.returncode != 0
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{file}:") and says in lines[0], lines
    assert "Traceback" not in run.stdout + run.stderr
