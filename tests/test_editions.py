"""Editions, leak check, personal-data guard and reproducible builds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

from reiki.datafile import load
from reiki.pii import compile_patterns, find, is_mynumber, mynumber_check_digit

REPO = Path(__file__).resolve().parent.parent
TOOLS = REPO / "tools"


def test_check_digit_worked_examples() -> None:
    assert mynumber_check_digit("12345678901") == 8
    assert mynumber_check_digit("98320567321") == 4
    assert is_mynumber("123456789018") and is_mynumber("983205673214")
    assert not is_mynumber("123456789012") and not is_mynumber("12345678901")


def test_finds_numbers_in_any_spelling() -> None:
    data = load(REPO, "data/pii-patterns.yaml", "pii-patterns")
    patterns = tuple(compile_patterns(data, "data/pii-patterns.yaml"))
    text = "A 1234-5678-9018\nB １２３４ ５６７８ ９０１８\nC 090-1234-5678 x@y.jp\nD 095(829)1124"
    kinds = [(f.line, f.kind, f.value) for f in find(text, patterns)]
    assert kinds == [
        (1, "個人番号", "123456789018"),
        (2, "個人番号", "123456789018"),
        (3, "携帯電話番号", "090-1234-5678"),  # one finding: not also a landline
        (3, "電子メールアドレス", "x@y.jp"),
        (4, "電話番号", "095(829)1124"),
    ]
    assert find("番号 123456789012、日付 2026-11-28", patterns) == []  # an invalid check digit, a date
    assert find("C 090-1234-5678") == []  # the phone numbers are the configured list's, not the code's


def _build(src: Path, **conf: str) -> list[str]:
    app = SphinxTestApp("html", srcdir=src, confoverrides=conf)
    try:
        app.build()
        return [w for w in strip_escape_sequences(app.warning.getvalue()).splitlines() if w]
    finally:
        app.cleanup()


def test_planted_personal_number_stops_the_build(scratch_root) -> None:  # type: ignore[no-untyped-def]
    src: Path = scratch_root("errors")
    index = src / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("試験のために定める。", "試験のために定める（983205673214）。"),
        encoding="utf-8",
    )
    warnings = _build(src)
    assert len(warnings) == 1 and warnings[0].startswith(
        "index.md:24: WARNING: 個人情報と思われる値（個人番号 983205673214）がある: 実在の個人の情報を消す"
    )
    (src / "allow.yaml").write_text('allow:\n  - value: "983205673214"\n    reason: 検査用数字の計算例\n', encoding="utf-8")
    assert _build(src, reiki_pii_allowlist="allow.yaml") == []


def test_public_edition_does_not_leak_internal_material(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(TOOLS / "leak_check.py"), "--work", str(tmp_path / "ok")], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "0 leaks" in run.stdout


def test_leak_check_catches_a_planted_leak(tmp_path: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            str(TOOLS / "leak_check.py"),
            "--work",
            str(tmp_path / "bad"),
            "--no-pdf",
            "--plant-public",
            "docs/reference/glossary.md",
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    leaked = {line.split()[1] for line in run.stderr.splitlines() if line.startswith("LEAK:")}
    assert "html/docs/reference/glossary.html" in leaked
    assert any(p.startswith("html/pagefind/fragment/") for p in leaked), leaked  # the search index is scanned too
    assert any(p.startswith("html/pagefind/index/") for p in leaked), leaked
    assert any(p.startswith("html/pagefind/classic/fragment/") for p in leaked), leaked  # and its plain scripts


def _internal_build(tmp_path: Path, builder: str) -> None:
    """A strict build of the internal edition into tmp_path/<builder>."""
    from strict_build import sphinx

    run = sphinx(builder, tmp_path / builder, "-d", str(tmp_path / "dt"), env={"EDITION": "internal"})
    assert run.returncode == 0, run.stderr


def test_internal_edition_has_the_internal_pages(tmp_path: Path) -> None:
    _internal_build(tmp_path, "html")
    page = (tmp_path / "html" / "internal" / "terminals.html").read_text(encoding="utf-8")
    assert "見本" in page and "庁内版" in page and "のぞき見防止フィルム" in page
    assert "庁内版" in (tmp_path / "html" / "index.html").read_text(encoding="utf-8")


def _build_folder(dest: Path, **parts: Path) -> Path:
    """A build folder as make leaves it (html, html-en, latex, latex-en), linked to the session's outputs."""
    dest.mkdir()
    for name, path in parts.items():
        (dest / name.replace("_", "-")).symlink_to(path, target_is_directory=True)
    return dest


@pytest.mark.xfail(
    strict=False, reason="issue 22 item 9: the English reikishu.pdf differs in 4 bytes in some runs (cause open)"
)
def test_two_clean_builds_in_different_directories_are_byte_identical(  # type: ignore[no-untyped-def]
    corpus, corpus_en, site: Path, site_en: Path, clone: Path, tmp_path: Path
) -> None:
    """The session's builds (this checkout) against a clone elsewhere: sites, search index, every PDF, the figures."""
    one = _build_folder(tmp_path / "one", html=site, html_en=site_en, latex=corpus.latex, latex_en=corpus_en.latex)
    two = _build_folder(
        tmp_path / "two",
        html=clone / "ja" / "site",
        html_en=clone / "en" / "site",
        latex=clone / "ja" / "latex",
        latex_en=clone / "en" / "latex",
    )
    run = subprocess.run([sys.executable, str(TOOLS / "repro_check.py"), str(one), str(two)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "reproducibility: identical"
    volumes = sorted(p.stem for p in (REPO / "docs" / "print").glob("*.md") if "\nvolume-ja:" in p.read_text("utf-8"))
    for lang in ("latex", "latex-en"):  # what was compared: every volume, the figures, the search index
        assert sorted(p.stem for p in (one / lang).glob("*.pdf") if p.stem in volumes) == volumes
        assert list((one / lang).glob("graphviz-*.pdf"))
    assert list((one / "html" / "pagefind").glob("pagefind-entry.json"))
    assert list((one / "html-en" / "_images").glob("graphviz-*.svg"))
    assert str(REPO) not in (one / "html" / ".buildinfo").read_text(encoding="utf-8")


def test_reproducibility_check_can_fail(tmp_path: Path) -> None:
    for d, text in (("a", "same"), ("b", "different")):
        (tmp_path / d).mkdir()
        (tmp_path / d / "page.html").write_text(text, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(TOOLS / "repro_check.py"), str(tmp_path / "a"), str(tmp_path / "b")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "differs: page.html" in run.stderr


def test_reproducibility_check_of_build_folders_compares_what_is_published(tmp_path: Path) -> None:
    """A PDF, a figure or a search index file that differs is found; TeX's logs are not compared; a missing part is."""
    for d, stamp in (("a", "1"), ("b", "2")):
        for rel, text in (
            ("html/index.html", "same"),
            ("html/pagefind/pagefind-entry.json", stamp),
            ("latex/reikishu.pdf", "same"),
            ("latex/graphviz-1.pdf", stamp),
            ("latex/reikishu.log", stamp),
            ("latex-en/reikishu.pdf", stamp),
        ):
            (tmp_path / d / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / d / rel).write_text(text, encoding="utf-8")
    (tmp_path / "a" / "html-en").mkdir()
    run = subprocess.run(
        [sys.executable, str(TOOLS / "repro_check.py"), str(tmp_path / "a"), str(tmp_path / "b")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        "html: differs: pagefind/pagefind-entry.json",
        f"only in {tmp_path / 'a'}: html-en/",
        "latex: differs: graphviz-1.pdf",
        "latex-en: differs: reikishu.pdf",
    ]


def test_missing_tex_is_one_line_with_the_install_command() -> None:
    ok = subprocess.run([sys.executable, str(TOOLS / "check_deps.py")], capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stderr == ""
    bare = subprocess.run(
        [sys.executable, str(TOOLS / "check_deps.py")], capture_output=True, text=True, env={"PATH": "/nonexistent"}
    )
    assert bare.returncode == 1
    lines = bare.stderr.splitlines()
    assert "missing uplatex: install with 'sudo apt-get install texlive-lang-japanese' (or run: make setup)" in lines
    assert all(line.startswith("missing ") for line in lines)


def test_internal_edition_has_its_own_print_volume(tmp_path: Path) -> None:
    _internal_build(tmp_path, "latex")
    tex = (tmp_path / "latex" / "internal.tex").read_text(encoding="utf-8")
    assert "端末設置一覧表" in tex and "庁内版" in tex
    assert "内線 0001" in tex and "内線" not in (tmp_path / "latex" / "reikishu.tex").read_text(encoding="utf-8")
