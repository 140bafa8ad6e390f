"""The council packet (meeting-packet): agenda and materials on the page, a 資料番号 on each material in print."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from strict_build import REPO, sphinx

MEETINGS = """meetings:
  - id: r8-1
    body: 審議会
    fiscal_year: 2026
    number: 1
    date: 2026-12-10
    venue: 本館
    format: 対面
    page_id: 未確認
    office: 住民情報課
    record: in_corpus
"""
PACKET = """# 資料

```{{meeting-packet}} {mid}
agenda:
  - time: {time}
    item: 開会
    item-en: Opening
materials:
  - /{material}
```

```{{toctree}}
stats
```
"""


def _project(tmp: Path, mid: str = "r8-1", time: str = "14時00分", material: str = "stats") -> Path:
    src = tmp / "src"
    (src / "data").mkdir(parents=True)
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(REPO)!r})\n"
        f'extensions = ["myst_parser", "reiki"]\nreiki_statutes = {str(REPO / "data/statutes.yaml")!r}\nlanguage = "ja"\n'
        'latex_documents = [("index", "packet.tex", "資料", "市", "manual")]\n',
        encoding="utf-8",
    )
    (src / "data" / "meetings.yaml").write_text(MEETINGS, encoding="utf-8")
    (src / "index.md").write_text(PACKET.format(mid=mid, time=time, material=material), encoding="utf-8")
    (src / "stats.md").write_text("# 統計\n\n数値を示す。\n", encoding="utf-8")
    return src


def test_packet_on_the_site_and_on_paper(tmp_path: Path) -> None:
    src = _project(tmp_path)
    html = sphinx("html", tmp_path / "html", src=src)
    assert html.returncode == 0, html.stderr
    page = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert "次第及び配付資料" in page and "14時00分" in page and "2026年12月10日" in page
    assert 'href="stats.html"' in page and "資料1" in page
    assert "pageref" not in page  # the page column is for paper only
    latex = sphinx("latex", tmp_path / "latex", src=src)
    assert latex.returncode == 0, latex.stderr
    tex = (tmp_path / "latex" / "packet.tex").read_text(encoding="utf-8")
    assert r"\pageref{\detokenize{stats::doc}}" in tex
    assert r"\chapter{資料1　統計}" in tex  # the material's chapter carries its number
    assert tex.index("次第及び配付資料") < tex.index(r"\chapter{資料1")


@pytest.mark.parametrize(
    ("change", "says", "line"),
    [
        ({"mid": "r8-9"}, "会議 r8-9 が data/meetings.yaml にない: make meeting ID=r8-9", 3),
        ({"time": "2時"}, "次第の時刻 '2時' を読めない: 14時00分 の形か 未確認 と書く", 5),
        ({"material": "docs/missing"}, "資料1の頁 /docs/missing がない", 9),
    ],
)
def test_packet_mistakes_stop_the_build(tmp_path: Path, change: dict[str, str], says: str, line: int) -> None:
    src = _project(tmp_path, **change)
    out = sphinx("html", tmp_path / "html", src=src)
    assert out.returncode != 0
    lines = [ln for ln in out.stderr.splitlines() if "WARNING" in ln]
    assert len(lines) == 1, out.stderr
    assert f"index.md:{line}:" in lines[0] and says in lines[0], lines[0]
    assert "Traceback" not in out.stderr


def test_h28_packet_volume_lists_its_materials() -> None:
    text = (REPO / "docs" / "print" / "council-h28-1.md").read_text(encoding="utf-8")
    assert "{meeting-packet} h28-1" in text
    assert (
        subprocess.run(
            ["grep", "-c", "/docs/reference/statistics", str(REPO / "docs/print/council-h28-1.md")],
            capture_output=True,
            text=True,
        ).stdout.strip()
        == "2"
    )
