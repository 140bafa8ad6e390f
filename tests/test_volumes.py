"""Print volumes come from the front matter of docs/print/*.md; a file that cannot be used is named with its line."""

from __future__ import annotations

from pathlib import Path

from strict_build import REPO

from reiki.volumes import declared


def test_the_corpus_volumes_in_their_order() -> None:
    volumes, problems = declared(REPO / "docs" / "print", REPO)
    assert problems == []
    assert [v.name for v in volumes][:5] == ["reikishu", "audit-forms", "training", "council-h28-1", "shinkyu"]
    assert volumes[0].title("ja") == "長崎市 住基ネット管理運用例規集"
    assert volumes[0].title("en") == "Nagasaki City Juki-net Rules"


def test_parts_are_not_volumes_and_bad_files_are_named(tmp_path: Path) -> None:
    folder = tmp_path / "docs" / "print"
    folder.mkdir(parents=True)
    (folder / "part.md").write_text("# 見出し\n", encoding="utf-8")
    (folder / "orphan.md").write_text("---\norphan: true\n---\n# 見出し\n", encoding="utf-8")
    (folder / "no-en.md").write_text("---\norphan: true\nvolume-ja: 資料\n---\n", encoding="utf-8")
    (folder / "bad-order.md").write_text(
        "---\nvolume-ja: 資料\nvolume-en: Papers\nvolume-order: first\n---\n", encoding="utf-8"
    )
    (folder / "broken.md").write_text("---\nvolume-ja: [資料\n---\n", encoding="utf-8")
    (folder / "ok.md").write_text("---\nvolume-ja: 資料\nvolume-en: Papers\n---\n", encoding="utf-8")
    volumes, problems = declared(folder, tmp_path)
    assert [v.name for v in volumes] == ["ok"]
    found = {(p.path, p.line): p.message for p in problems}
    assert set(found) == {("docs/print/no-en.md", 3), ("docs/print/bad-order.md", 4), ("docs/print/broken.md", 2)}
    assert "volume-en がない" in found[("docs/print/no-en.md", 3)]
    assert "整数で書く" in found[("docs/print/bad-order.md", 4)]
