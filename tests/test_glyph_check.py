"""The glyph check: a character printed as a substitute glyph (☒) or missing from the fonts stops the build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tools import glyph_check
from tools.texsource import Volume

REPO = Path(__file__).resolve().parent.parent

if TYPE_CHECKING:
    from conftest import CorpusBuild

pytestmark = pytest.mark.slow
OLD_MAPPING = r"\usepackage[ipaex]{pxchfon}"  # the preamble before issue 19: CIDs through Adobe-Japan1


def _plant(corpus: CorpusBuild, tmp: Path, text: str, old_mapping: bool = False) -> Path:
    """A volume folder whose 例規集 preamble is the corpus's own and whose body is one page of a rule."""
    for f in corpus.latex.iterdir():
        if f.suffix in {".sty", ".cls"}:
            shutil.copy(f, tmp)
    vol = Volume.read(corpus.latex / "reikishu.tex")
    preamble = "\n".join(vol.lines[: vol.body_start() - 1])
    assert r"\usepackage[ipaex,directunicode*]{pxchfon}" in preamble
    if old_mapping:
        preamble = preamble.replace(r"\usepackage[ipaex,directunicode*]{pxchfon}", OLD_MAPPING)
    body = "\\begin{document}\n\\label{\\detokenize{policies/kanri-unyo-kitei::doc}}\n" + text + "\n\\end{document}\n"
    (tmp / "reikishu.tex").write_text(preamble + "\n" + body, encoding="utf-8")
    return tmp


def _run(latex: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "tools" / "glyph_check.py"), str(latex)], capture_output=True, text=True, cwd=REPO
    )


def test_old_mapping_prints_ballot_boxes_for_jis2004_forms(corpus: CorpusBuild, tmp_path: Path) -> None:
    run = _run(_plant(corpus, tmp_path, "入退室用のカード又は鍵により、遡って適用する。", old_mapping=True))
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert len(lines) == 2, run.stderr  # one line per character, nothing else
    key = next(ln for ln in lines if "'鍵' (U+9375)" in ln)
    assert "代わりの字形" in key and key.endswith("別の文字を使う")
    source = (REPO / "policies" / "kanri-unyo-kitei.md").read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(source, 1) if "鍵" in line)
    assert key.startswith(f"policies/kanri-unyo-kitei.md:{first}: ")  # the page's own source, its first 鍵
    assert any("'遡' (U+9061)" in ln and "代わりの字形" in ln for ln in lines)


def test_same_characters_pass_with_the_unicode_mapping(corpus: CorpusBuild, tmp_path: Path) -> None:
    run = _run(_plant(corpus, tmp_path, "入退室用のカード又は鍵により、遡って適用する。餌 遜 謎 餅"))
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""


def test_character_the_fonts_lack_fails(corpus: CorpusBuild, tmp_path: Path) -> None:
    run = _run(_plant(corpus, tmp_path, "点検の結果は良好である\U0001f600。"))
    assert run.returncode == 1
    assert run.stderr.splitlines() == [next(line for line in run.stderr.splitlines() if "'\U0001f600' (U+1F600)" in line)]
    assert "どのフォントにもない" in run.stderr


def test_every_volume_of_the_corpus_prints_every_character(corpus: CorpusBuild) -> None:
    assert corpus.pdf_rc == 0, corpus.pdf_log
    assert [f.line() for f in glyph_check.check(corpus.latex)] == []


def test_likeness_tells_a_glyph_from_the_substitute_box() -> None:
    mincho = glyph_check.font_path("ipaexm.ttf")
    assert mincho is not None
    key = glyph_check.drawn(mincho, "鍵")
    assert glyph_check.likeness(key, key) == 1.0
    assert glyph_check.likeness(key, glyph_check.notdef(mincho)) < glyph_check.PASS
    assert glyph_check.judge(glyph_check.notdef(mincho), "鍵", [mincho]) == "代わりの字形（☒など）で印刷される"
