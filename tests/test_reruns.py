"""Strict on every run: a mistake fails the first, second and third incremental build alike, and a fix passes."""

from __future__ import annotations

from pathlib import Path

import pytest
from strict_build import corpus_copy, sphinx

# (case, file, text before, text planted, language, error type that must be reported)
CASES = [
    (
        "numbering",
        "policies/kanri-unyo-kitei.md",
        "2 セキュリティ責任者は、前項の報告又は調査",
        "3 セキュリティ責任者は、前項の報告又は調査",
        "ja",
        "[reiki.numbering]",
    ),
    ("reference", "docs/guides/outage-2016.md", "{jo}`shogai:第4`", "{jo}`shogai:第99`", "ja", "[reiki.ref]"),
    ("data-file", "data/meetings.yaml", "date: 2013-05-28", "date: 2013-02-30", "ja", "[reiki.date]"),
    (
        "translation",
        "locale/en/LC_MESSAGES/policies/kanri-unyo-kitei.po",
        'msgstr "Basic policy"',
        'msgstr ""',
        "en",
        "[reiki.i18n]",
    ),
]


def build(src: Path, lang: str) -> tuple[int, list[str]]:
    """One incremental strict build of the copy (its own doctrees and output), as make html / html-en runs it."""
    extra = ["-d", str(src / "_build" / f"doctrees-{lang}")] + (["-D", "language=en"] if lang == "en" else [])
    run = sphinx("html", src / "_build" / f"html-{lang}", *extra, src=src, env={"DOCS_LANG": lang})
    return run.returncode, [ln for ln in run.stderr.splitlines() if ln.strip()]


@pytest.mark.slow
@pytest.mark.parametrize(("case", "file", "old", "new", "lang", "kind"), CASES, ids=[c[0] for c in CASES])
def test_mistake_fails_every_run_until_fixed(
    tmp_path: Path, case: str, file: str, old: str, new: str, lang: str, kind: str
) -> None:
    src = corpus_copy(tmp_path / "corpus")
    assert build(src, lang) == (0, [])  # the corpus builds clean first: every later build is incremental
    path = src / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, case
    path.write_text(text.replace(old, new), encoding="utf-8")
    verdicts = [build(src, lang) for _ in range(3)]
    first = verdicts[0]
    assert first[0] != 0 and any(kind in ln for ln in first[1]), first
    assert verdicts[1] == first and verdicts[2] == first, verdicts
    path.write_text(text, encoding="utf-8")
    assert build(src, lang) == (0, [])
