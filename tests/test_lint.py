"""The prose lint (make lint): clean on the corpus, failing with file:line on planted mistakes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from reiki.readability import LIMIT, Names, instrument_figures, plain, question_figures
from tools import prose_lint

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "tools" / "prose_lint.py"
CORPUS = ["index.md", "policies", "docs", "internal", "data"]

needs_textlint = pytest.mark.skipif(
    not prose_lint.TEXTLINT.exists(), reason="node_modules is missing: run `make setup` (npm ci)"
)


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first line containing needle."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


def replace_once(path: Path, old: str, new: str) -> None:
    """Replace a string that occurs exactly once."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A copy of the corpus with a variant term and a 100-character sentence planted, linted once."""
    root = tmp_path_factory.mktemp("corpus")
    for name in CORPUS:
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    kitei = root / "policies" / "kanri-unyo-kitei.md"
    replace_once(kitei, "住基ネットの管理及び運用を統括するため", "住基ネットワークの管理及び運用を統括するため")
    replace_once(kitei, "又は必要な指示をすることができる。", "又は必要な指示をすることができる。" + "あ" * 99 + "。")
    checklist = root / "data" / "checklist.yaml"
    replace_once(checklist, "今年度、セキュリティ会議を開いたか。", "今年度、操作者カードの管理を話し合ったか。")
    guide = root / "docs" / "guides" / "outage-2016.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text + "\n" + "い" * 99 + "。\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(SCRIPT), "--root", str(root)], capture_output=True, text=True, cwd=REPO)
    return root, proc


@needs_textlint
def test_corpus_is_clean() -> None:
    problems = prose_lint.run(REPO)
    assert problems == [], "\n".join(map(str, problems))


@needs_textlint
def test_planted_variant_fails_with_file_line(planted: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root, proc = planted
    assert proc.returncode == 1, proc.stderr
    line = line_of(root / "policies" / "kanri-unyo-kitei.md", "住基ネットワーク")
    assert any(
        x.startswith(f"policies/kanri-unyo-kitei.md:{line}:") and ": prh: 住基ネットワーク => 住基ネット" in x
        for x in proc.stdout.splitlines()
    ), proc.stdout


@needs_textlint
def test_planted_variant_in_data_fails_with_file_line(planted: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root, proc = planted
    line = line_of(root / "data" / "checklist.yaml", "操作者カード")
    assert f"data/checklist.yaml:{line}:" in proc.stdout and "操作者カード => 操作者識別カード" in proc.stdout


@needs_textlint
def test_planted_long_sentence_fails_with_file_line(planted: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root, proc = planted
    out = proc.stdout.splitlines()
    unit = line_of(root / "policies" / "kanri-unyo-kitei.md", "あ" * 99)
    assert any(x.startswith(f"policies/kanri-unyo-kitei.md:{unit}:") and "sentence-length: 1文が100字" in x for x in out)
    para = line_of(root / "docs" / "guides" / "outage-2016.md", "い" * 99)
    assert any(x.startswith(f"docs/guides/outage-2016.md:{para}:1: sentence-length: 1文が100字") for x in out), out


def test_variants_never_part_of_a_term(tmp_path: Path) -> None:
    rules = prose_lint.prh_rules(REPO / "data" / "terms.yaml")
    terms = [t["term"] for t in yaml.safe_load((REPO / "data" / "terms.yaml").read_text(encoding="utf-8"))["terms"]]
    assert {"expected": "住基ネット", "patterns": ["住基ネットワーク"]}.items() <= rules["rules"][0].items()
    assert all(p not in term for r in rules["rules"] for p in r["patterns"] for term in terms)
    bad = tmp_path / "terms.yaml"
    bad.write_text(
        "terms:\n  - {id: a, term: 住民基本台帳ネットワークシステム, variants: [住民基本台帳ネットワーク]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="is part of the term"):
        prose_lint.prh_rules(bad)


def test_myst_becomes_plain_markdown() -> None:
    source = (
        "# 題名\n\n```{amendments}\n- id: enact\n  summary: です。\n```\n\n"
        "```{article} 2\n:caption: 定義\n\n次の用語は{jo}`kitei:第7条`による。\n(1) 統括責任者\n2 前項は{law}`住基法`の例による。\n```\n\n"
        "```text\nコード、です。\n```\n"
    )
    lines = plain(source, Names(instruments={"kitei": "管理運用規程"}, statutes={"住基法": "住民基本台帳法"}))
    text = [ln.text for ln in lines if ln.text]
    assert text == ["# 題名", "次の用語は管理運用規程第7条による。", "- 統括責任者", "前項は住民基本台帳法の例による。"]
    assert [ln.line for ln in lines if ln.text] == [1, 11, 12, 13]


def test_readability_within_limits() -> None:
    baseline = yaml.safe_load((REPO / "data" / "readability-baseline.yaml").read_text(encoding="utf-8"))["before"]
    for ident, _, figures in instrument_figures(REPO):
        assert figures.longest <= LIMIT and figures.over == 0, ident
        assert ident in baseline
    assert question_figures(REPO).over == 0
