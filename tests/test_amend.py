"""make amend (tools/amend.py): open an amendment, then after the edit record 改め文, anchors and redirects; idempotent."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import amend

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the instruments, their snapshots and the anchor records."""
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    (tmp_path / "data").mkdir()
    for name in ("anchors.lock", "redirects.yaml"):
        shutil.copy(ROOT / "data" / name, tmp_path / "data" / name)
    return tmp_path


def files(root: Path) -> dict[str, str]:
    """Every file of the copy with its text."""
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()}


def test_anchors_computed_from_the_source_match_the_lock() -> None:
    lock = (ROOT / "data" / "anchors.lock").read_text(encoding="utf-8").splitlines()
    for p in sorted((ROOT / "policies").glob("*.md")):
        doc = f"policies/{p.stem}"
        assert amend.anchors_of(p.read_text(encoding="utf-8"), doc) == {ln for ln in lock if ln.startswith(doc + "#")}


def test_open_then_edit_then_record_idempotent(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = repo / "policies" / "kanri-unyo-kitei.md"
    original = source.read_text(encoding="utf-8")
    assert amend.main(["kitei", "--root", str(repo)]) == 0
    snap = repo / "policies" / "versions" / "kanri-unyo-kitei" / "c2.md"
    assert snap.read_text(encoding="utf-8") == original
    text = source.read_text(encoding="utf-8")
    assert "- id: c2\n  type: 一部改正\n  date: 未確認\n  number: 未確認\n  effective: 未確認\n" in text
    assert text.endswith("```{supplementary} c2\n:effective: 未確認\n\nこの訓令は、（施行日未確認）から施行する。\n```\n")
    opened = files(repo)
    assert amend.main(["kitei", "--root", str(repo)]) == 0
    assert files(repo) == opened
    assert "変更なし" in capsys.readouterr().out

    # the clerk's edit: a word in 第13条第2項, a new 第13条の2, an item deleted, 項 renumbered
    text = text.replace("新たに指定した者に、統合端末", "新たに任命した者に、統合端末")
    start = text.index("3 操作責任者は、{jo}`第1項`の研修のほか")
    text = text[:start] + text[text.index("4 セキュリティ責任者は、{jo}`第1項`の研修を行った") :]
    text = text.replace(
        "4 セキュリティ責任者は、{jo}`第1項`の研修を行った", "3 セキュリティ責任者は、{jo}`第1項`の研修を行った"
    )
    text = text.replace("5 操作責任者は、使用所属の職員", "4 操作責任者は、使用所属の職員")
    text = text.replace(
        "(3) 現地調査　取扱区画に立ち入り、統合端末の設置の状況、入退室の管理の状況及び個人番号カード等の保管の状況を確認すること。\n",
        "",
    )
    end13 = text.index("```\n", text.index("```{article} 13\n")) + 4
    new13 = "\n```{article} 13の2\n:caption: 研修の計画\n\nセキュリティ責任者は、毎年度、研修の計画を定めなければならない。\n```\n"
    text = text[:end13] + new13 + text[end13:]
    source.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert amend.main(["kitei", "--root", str(repo)]) == 0
    out = capsys.readouterr().out.splitlines()
    start = out.index(
        "長崎市住民基本台帳ネットワークシステムに係る管理及び運用に関する規程（例規番号未確認）の一部を次のように改正する。"
    )
    assert out[start + 1 : start + 6] == [
        "第10条第2項第3号を削る。",
        "第13条第2項中「指定」を「任命」に改め、同条中第3項を削り、第4項を第3項とし、第5項を第4項とする。",
        "第13条の次に次の1条を加える。",
        "（研修の計画）",
        "第13条の2　セキュリティ責任者は、毎年度、研修の計画を定めなければならない。",
    ]
    assert "この訓令は、（施行日未確認）から施行する。" in out
    citing = [  # every line of the other rule that cites the renumbered 項
        n
        for n, ln in enumerate((repo / "policies/toriatsukai-yoryo.md").read_text(encoding="utf-8").splitlines(), 1)
        if "{jo}`kitei:第13条第4項`" in ln
    ]
    assert len(citing) == 2
    assert [ln for ln in out if "引用" in ln] == [
        f"policies/toriatsukai-yoryo.md:{n}: kitei:第13条第4項 は、改正前の番号であれば kitei:第13条第3項 に移った：引用を確かめること"
        for n in citing
    ]
    lock = (repo / "data" / "anchors.lock").read_text(encoding="utf-8").splitlines()
    assert "policies/kanri-unyo-kitei#a13_2-p1" in lock and "policies/kanri-unyo-kitei#a13-p5" not in lock
    redirects = yaml.safe_load((repo / "data" / "redirects.yaml").read_text(encoding="utf-8"))
    assert redirects == {
        "policies/kanri-unyo-kitei#a10-p2-i3": "policies/kanri-unyo-kitei#a10-p2",
        "policies/kanri-unyo-kitei#a13-p5": "policies/kanri-unyo-kitei#a13-p4",
    }
    record = repo / "policies/versions/kanri-unyo-kitei/c2.yaml"  # what is promulgated, beside the earlier text
    assert "- 第10条第2項第3号を削る。" in record.read_text(encoding="utf-8").splitlines()
    recorded = files(repo)
    assert amend.main(["kitei", "--root", str(repo)]) == 0
    assert files(repo) == recorded

    # once promulgated, the record is never rewritten: a later edit is a new amendment
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "  date: 未確認\n  number: 未確認\n  effective: 未確認\n  summary: このコーパスによる改正案（市の改正ではない）。\n",
            "  date: 2027-03-31\n  number: 未確認\n  effective: 2027-04-01\n  summary: このコーパスによる改正案（市の改正ではない）。\n",
        ),
        encoding="utf-8",
    )
    assert amend.main(["kitei", "--root", str(repo), "--id", "c2"]) == 0
    assert record.read_text(encoding="utf-8") == recorded["policies/versions/kanri-unyo-kitei/c2.yaml"]
    source.write_text(
        source.read_text(encoding="utf-8").replace("研修の計画を定めなければ", "研修の計画を作成しなければ"),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert amend.main(["kitei", "--root", str(repo), "--id", "c2"]) == 1
    assert capsys.readouterr().err.strip() == (
        "policies/versions/kanri-unyo-kitei/c2.yaml: 改正 c2 は公布済み（公布日 2027-03-31）なので、改め文の記録を書き換えない："
        "直した本文を git restore で戻すか、make amend ID=kitei で新たな改正を開く"
    )
    assert record.read_text(encoding="utf-8") == recorded["policies/versions/kanri-unyo-kitei/c2.yaml"]


def test_unknown_instrument_is_one_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert amend.main(["nothing", "--root", str(repo)]) == 2
    assert capsys.readouterr().err.strip() == "例規 nothing が policies/ にない（{instrument} の引数を指定する）"


def test_received_kaibun_is_checked_against_the_edit(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert amend.main(["kitei", "--root", str(repo)]) == 0
    source = repo / "policies" / "kanri-unyo-kitei.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("新たに指定した者に", "新たに任命した者に"), encoding="utf-8"
    )
    good = repo / "good.txt"
    good.write_text(
        "題名\n\n本文の一部を次のように改正する。\n第13条第2項中「指定」を「任命」に改める。\n", encoding="utf-8"
    )
    capsys.readouterr()
    assert amend.main(["kitei", "--root", str(repo), "--check", str(good)]) == 0
    assert "一致する" in capsys.readouterr().out
    kanji = repo / "kanji.txt"  # as received: 漢数字 outside the quotes
    kanji.write_text(
        "題名\n\n本文の一部を次のように改正する。\n第十三条第二項中「指定」を「任命」に改める。\n", encoding="utf-8"
    )
    assert amend.main(["kitei", "--root", str(repo), "--check", str(kanji)]) == 0
    assert "一致する" in capsys.readouterr().out
    wrong = repo / "wrong.txt"
    wrong.write_text(
        "題名\n\n本文の一部を次のように改正する。\n第13条第3項中「指定」を「任命」に改める。\n", encoding="utf-8"
    )
    assert amend.main(["kitei", "--root", str(repo), "--check", str(wrong)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"{wrong}:4: 改め文の第1文「第13条第3項中「指定」を「任命」に改める。」：第13条第3項に「指定」がない"
    )
    other = repo / "other.txt"
    other.write_text("題名\n\n本文の一部を次のように改正する。\n第13条第2項中「新たに」を削る。\n", encoding="utf-8")
    assert amend.main(["kitei", "--root", str(repo), "--check", str(other)]) == 1
    assert "溶け込みの結果が policies/kanri-unyo-kitei.md の本文と違う" in capsys.readouterr().err


def test_citations_in_a_shown_example_are_not_listed(tmp_path: Path) -> None:
    page = tmp_path / "docs" / "page.md"
    page.parent.mkdir()
    page.write_text(
        "{jo}`kitei:第13条第4項`を見る。\n\n```text\nkitei:第13条第4項 は、…\n```\n\n```{note}\n{jo}`kitei:第13条第4項`\n```\n",
        encoding="utf-8",
    )
    moves = {"a13-p4": "a13-p3"}
    got = amend.stale_citations(tmp_path, "kitei", "条", moves, set())
    assert [line.split(":", 2)[:2] for line in got] == [["docs/page.md", "1"], ["docs/page.md", "8"]]


def test_missing_earlier_text_is_copied_from_before_the_commit_that_made_the_amendment(tmp_path: Path) -> None:
    import subprocess

    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).parent / "roots" / "test-versions", root)
    snaps = root / "policies" / "versions" / "sample"
    versions = {a: (snaps / f"{a}.md").read_text(encoding="utf-8") for a in ("a1", "a2")}
    current = (root / "policies" / "sample.md").read_text(encoding="utf-8")

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "clerk@example.invalid")
    git("config", "user.name", "clerk")
    for text in (versions["a1"], versions["a2"], current):  # the rule as it stood, amendment by amendment
        (root / "policies" / "sample.md").write_text(text, encoding="utf-8")
        git("add", "policies/sample.md")
        git("commit", "-q", "-m", "amend")
    for a in ("a1", "a2"):  # the copies were never made
        (snaps / f"{a}.md").unlink()
    assert amend.main(["sample", "--root", str(root), "--id", "a1"]) == 1  # its 改め文 needs the next earlier text
    assert amend.main(["sample", "--root", str(root), "--id", "a2"]) == 0
    assert amend.main(["sample", "--root", str(root), "--id", "a1"]) == 0
    assert {a: (snaps / f"{a}.md").read_text(encoding="utf-8") for a in ("a1", "a2")} == versions
