"""The statutes registry claims only what a source shows: verified needs a source, captionless articles carry none."""

from __future__ import annotations

from pathlib import Path

import pytest
from strict_build import app_warnings

from reiki.statutes import Registry, RegistryError, read

REPO = Path(__file__).resolve().parent.parent

GOOD = """statutes:
  jukiho:
    title: 住民基本台帳法
    number: 昭和42年法律第81号
    law_id: 342AC0000000081
    short: [住基法]
    source: test
    captionless:
      articles: ["42"]
      source: {title: 罰則の章, url: "https://example.org/c", checked: 2026-12-04}
    articles:
      "30の6": {caption: 本人確認情報の通知等, status: probable, note: test}
      "30の24": {caption: 本人確認情報の安全確保, status: unverified, note: test}
      "30の26":
        caption: 秘密保持義務
        status: verified
        source: {title: 条文の写し, url: "https://example.org/a", checked: 2026-12-04}
      "42":
        caption: null
        status: verified
        source: {title: 罰則の章, url: "https://example.org/c", checked: 2026-12-04}
"""

# (case, old text, new text, line of the entry (its first key), message fragment)
CASES = [
    (
        "verified-without-source",
        '      "30の6": {caption: 本人確認情報の通知等, status: probable, note: test}',
        '      "30の6": {caption: 本人確認情報の通知等, status: verified, note: test}',
        12,
        "住民基本台帳法第30条の6 は verified だが、読んだ出典の title・url・checked がない",
    ),
    (
        "verified-source-without-date",
        '        source: {title: 条文の写し, url: "https://example.org/a", checked: 2026-12-04}',
        '        source: {title: 条文の写し, url: "https://example.org/a"}',
        15,
        "住民基本台帳法第30条の26 は verified だが、読んだ出典の checked がない",
    ),
    (
        "invented-caption",
        '      "42":\n        caption: null',
        '      "42":\n        caption: 罰則(秘密の漏えい)',
        19,
        "住民基本台帳法第42条 は法令上見出しのない条（captionless に記録）なのに caption 「罰則(秘密の漏えい)」がある: caption: null にする",
    ),
    (
        "null-caption-unrecorded",
        '      "30の6": {caption: 本人確認情報の通知等, status: probable, note: test}',
        '      "30の6": {caption: null, status: probable, note: test}',
        12,
        "住民基本台帳法第30条の6 の caption が null（見出しなし）だが captionless に記録がない",
    ),
    (
        "bad-status",
        "status: probable, note: test}",
        "status: partial, note: test}",
        12,
        "statutes/jukiho/articles/30の6/status: 'partial' は使えない値: verified・probable・unverified のいずれかにする",
    ),
]


def _write(root: Path, text: str) -> Path:
    path = root / "statutes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_registry_reads_without_problems(tmp_path: Path) -> None:
    statutes, problems = read(_write(tmp_path, GOOD), "statutes.yaml")
    assert problems == []
    art = statutes["jukiho"].articles["42"]
    assert art.caption is None and art.heading() == ""
    assert statutes["jukiho"].articles["30の26"].source == "条文の写し"


@pytest.mark.parametrize(("case", "old", "new", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_entry_is_one_line_with_file_and_line(
    tmp_path: Path, case: str, old: str, new: str, line: int, message: str
) -> None:
    assert old in GOOD, case
    _, problems = read(_write(tmp_path, GOOD.replace(old, new, 1)), "statutes.yaml")
    assert len(problems) == 1, problems
    assert problems[0].line == line, problems
    assert message in problems[0].message, problems


@pytest.mark.parametrize(("case", "old", "new", "line", "message"), CASES[:3], ids=[c[0] for c in CASES[:3]])
def test_bad_entry_stops_the_build(scratch_root, case: str, old: str, new: str, line: int, message: str) -> None:  # type: ignore[no-untyped-def]
    src: Path = scratch_root("errors")
    path = _write(src, GOOD.replace(old, new, 1))
    warnings = app_warnings(src)
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"{path.relative_to(src).as_posix()}:{line}: WARNING: {message}"), warnings


def test_tools_get_the_first_problem_as_an_error(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match=r"statutes.yaml:19: 住民基本台帳法第42条"):
        Registry.load(_write(tmp_path, GOOD.replace("caption: null", "caption: 罰則", 1)))


def test_revision_pins_the_link(tmp_path: Path) -> None:
    pinned = GOOD.replace(
        '        source: {title: 条文の写し, url: "https://example.org/a", checked: 2026-12-04}',
        '        source: {title: 条文の写し, url: "https://example.org/a", checked: 2026-12-04}\n'
        "        revision: 342AC0000000081_20241001_506AC0000000047",
    )
    statutes, problems = read(_write(tmp_path, pinned), "statutes.yaml")
    assert problems == []
    st = statutes["jukiho"]
    art = st.articles["30の26"]
    assert st.url("Mp-At_30_26", art.revision) == (
        "https://laws.e-gov.go.jp/law/342AC0000000081_20241001_506AC0000000047#Mp-At_30_26"
    )
    wrong = pinned.replace("342AC0000000081_2024", "425AC0000000027_2024")
    _, problems = read(_write(tmp_path, wrong), "statutes.yaml")
    assert len(problems) == 1 and "法令ID 342AC0000000081 の改正版ではない" in problems[0].message


def test_corpus_registry_is_sound() -> None:
    statutes, problems = read(REPO / "data" / "statutes.yaml", "data/statutes.yaml")
    assert problems == []
    jukiho = statutes["jukiho"]
    assert jukiho.articles["42"].caption is None and jukiho.articles["43"].caption is None
    for st in statutes.values():
        for art in st.articles.values():
            if art.status == "verified":
                assert art.source and art.url.startswith("https://") and art.checked, (st.key, art.number)
