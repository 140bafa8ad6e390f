"""前条・次条・前項・次項 are checked against the order of the units as written, branch articles (枝番号) included."""

from __future__ import annotations

from pathlib import Path

import pytest
from strict_build import app_warnings

ARTICLE = "```{article} 1\n:caption: 目的\n\nこの規程は、試験のために定める。\n```\n"


def body(n: str, text: str) -> str:
    return f"```{{article}} {n}\n:caption: 見出し{n}\n\n{text}\n2 第2項の本文。\n```\n"


def rule(**texts: str) -> str:
    """Articles 1, 13, 13の2 and 14 (in that order); texts replace the first paragraph of an article."""
    numbers = {"a1": "1", "a13": "13", "a13_2": "13の2", "a14": "14"}
    return "\n".join(body(n, texts.get(k, "本文。")) for k, n in numbers.items())


# (case, article, first paragraph, expected message or "" for none)
CASES = [
    ("branch-before-is-main", "a13_2", "{jo}`前条 <第13条>`の規定による。", ""),
    ("after-branch-before-is-branch", "a14", "{jo}`前条 <第13条の2>`の規定による。", ""),
    (
        "arithmetic-is-not-enough",
        "a14",
        "{jo}`前条 <第13条>`の規定による。",
        "前条は第14条の前の条（第13条の2）だが、参照先は第13条: 参照先か表示（前条・次条）を直す",
    ),
    (
        "next-of-main-is-branch",
        "a13",
        "{jo}`次条 <第14条>`の規定による。",
        "次条は第13条の次の条（第13条の2）だが、参照先は第14条",
    ),
    ("next-of-branch", "a13_2", "{jo}`次条 <第14条>`の規定による。", ""),
    ("no-next", "a14", "{jo}`次条 <第15条>`の規定による。", "第14条の次に条がないのに次条と書いている: 表示か参照先を直す"),
    ("no-before", "a1", "{jo}`前条 <第0条>`の規定による。", "第1条の前に条がないのに前条と書いている"),
    ("next-paragraph", "a13", "{jo}`次項 <第2項>`の規定による。", ""),
    (
        "next-paragraph-short-form",
        "a13",
        "{jo}`次項 <第1項>`の規定による。",
        "次項は第1項の次の項（第2項）だが、参照先は第1項",
    ),
    ("no-previous-paragraph", "a13", "{jo}`前項 <第1項>`の規定による。", "第1項の前に項がないのに前項と書いている"),
]


def build(src: Path) -> list[str]:
    return app_warnings(src)


@pytest.mark.parametrize(("case", "where", "text", "message"), CASES, ids=[c[0] for c in CASES])
def test_relative_reference(scratch_root, case: str, where: str, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    src: Path = scratch_root("errors")
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(ARTICLE, rule(**{where: text})), encoding="utf-8")
    warnings = [w for w in build(src) if "[reiki.ref]" in w]
    if not message:
        assert warnings == [], warnings
        return
    assert len(warnings) == 1 and message in warnings[0], warnings
    line = next(n for n, ln in enumerate(index.read_text(encoding="utf-8").splitlines(), 1) if ln == text)
    assert warnings[0].startswith(f"index.md:{line}: WARNING: "), warnings
