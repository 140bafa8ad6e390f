"""The print check: planted bad input (a too-wide table, a path, 鍵/遡 with the old font mapping) fails it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from strict_build import sphinx

if TYPE_CHECKING:
    from conftest import CorpusBuild

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent
SOURCES = [
    "conf.py",
    "index.md",
    "policies",
    "docs",
    "data",
    "reiki",
    "corpus_search",
    "corpus_nav",
    "_templates",
    "_static",
]
TABLE = (
    "| "
    + " | ".join(f"列{i}" for i in range(1, 9))
    + " |\n|"
    + "---|" * 8
    + "\n| "
    + " | ".join(f"R8-0401-{i:06d}-ABCDEFGH" for i in range(8))
    + " |\n"
)


def _check(latex: Path, *volumes: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "tools" / "print_check.py"), str(latex), *volumes],
        capture_output=True,
        text=True,
        cwd=REPO,
    )


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], dict[str, int]]:
    """The corpus with an 8-column table, a path and 遡 planted in a council page, built with the old mapping."""
    root = tmp_path_factory.mktemp("planted")
    for name in SOURCES:
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    conf = root / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace("[ipaex,directunicode*]{pxchfon}", "[ipaex]{pxchfon}"))
    page = root / "docs" / "council" / "h28-1.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    at = lines.index("## 決定事項")
    planted_lines = [
        "出席者の名簿は data/meetings.yaml に記録した。",
        "",
        "この改正は、遡って適用する。",
        "",
        *TABLE.splitlines(),
        "",
    ]
    lines[at:at] = planted_lines
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    where = {"path": at + 1, "glyph": at + 3, "table": at + 7}
    out = root / "_build" / "latex"
    build = sphinx("latex", out, src=root)
    assert build.returncode == 0, build.stderr
    pdf = subprocess.run(
        [sys.executable, str(REPO / "tools" / "latexpdf.py"), str(out), "council-h28-1"], capture_output=True, text=True
    )
    assert pdf.returncode == 0, pdf.stdout + pdf.stderr
    run = _check(out, "council-h28-1")
    assert run.returncode == 1
    return out, run.stderr.splitlines(), where


def test_too_wide_table_names_its_source_line(planted: tuple[Path, list[str], dict[str, int]]) -> None:
    _, lines, where = planted
    table = [ln for ln in lines if ln.startswith(f"docs/council/h28-1.md:{where['table']}: ")]
    assert table, lines
    assert all("表を分ける" in ln for ln in table)


def test_path_on_paper_names_its_source_line(planted: tuple[Path, list[str], dict[str, int]]) -> None:
    _, lines, where = planted
    assert f"docs/council/h28-1.md:{where['path']}: 紙面にパス 'data/meetings.yaml' が印刷される" in "\n".join(lines)
    assert all("条文の引用にする" in ln for ln in lines if "紙面にパス" in ln)


def test_substituted_glyphs_with_the_old_mapping(planted: tuple[Path, list[str], dict[str, int]]) -> None:
    _, lines, where = planted
    glyph = next(ln for ln in lines if "'遡' (U+9061)" in ln)
    assert glyph.startswith(f"docs/council/h28-1.md:{where['glyph']}: ") and "代わりの字形" in glyph


def test_review_images_are_written(planted: tuple[Path, list[str], dict[str, int]]) -> None:
    out, _, _ = planted
    assert (out / "review" / "council-h28-1-p1.png").exists()


def test_fixed_volumes_of_the_corpus_pass(corpus: CorpusBuild) -> None:
    # audit-forms and shinkyu are being rebuilt on their own branch; the check reports them (see the print page)
    assert corpus.pdf_rc == 0, corpus.pdf_log
    run = _check(corpus.latex, "reikishu", "training", "council-h28-1")
    assert run.returncode == 0, run.stderr
