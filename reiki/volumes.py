"""Print volumes, declared by the front matter of the files under docs/print/ (no Python edit per volume)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# Front matter keys of a volume file.  A file without `volume-ja` is a part of a volume, not a volume.
KEYS = ("volume-ja", "volume-en")
FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


@dataclass(frozen=True)
class Volume:
    """One print edition: its file stem, titles in both languages and its place in the list."""

    name: str
    titles: dict[str, str]
    order: int
    subjects: dict[str, str]

    def title(self, lang: str) -> str:
        """The title in lang (English for any en-*)."""
        return self.titles["en" if lang.startswith("en") else "ja"]

    def subject(self, lang: str) -> str:
        """The PDF subject line in lang (the title when none is declared)."""
        return self.subjects.get("en" if lang.startswith("en") else "ja") or self.title(lang)


@dataclass(frozen=True)
class Problem:
    """A volume file whose front matter cannot be used, with the line to fix."""

    path: str
    line: int
    message: str


def front_matter(text: str) -> tuple[dict[str, Any], int]:
    """The front matter of a page as a mapping, and the number of its first line (2); empty when there is none."""
    m = FRONT.match(text)
    if not m:
        return {}, 1
    data = yaml.safe_load(m.group(1))
    return (data if isinstance(data, dict) else {}), 2


def _line_of(text: str, key: str) -> int:
    """The line of key in the front matter (2 when it is absent)."""
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return n
    return 2


def declared(folder: Path, root: Path) -> tuple[list[Volume], list[Problem]]:
    """The volumes declared under folder, in their declared order, and the problems of the files that are not usable."""
    volumes: list[Volume] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.md")):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        try:
            data, _ = front_matter(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark else 2
            problems.append(Problem(rel, line, "冒頭の設定（--- で囲んだ部分）を読めない: 「キー: 値」の形に直す"))
            continue
        if not any(k in data for k in KEYS):
            continue
        missing = [k for k in KEYS if not str(data.get(k) or "").strip()]
        if missing:
            problems.append(
                Problem(rel, _line_of(text, KEYS[0]), f"冊子の題名 {'・'.join(missing)} がない: 日本語と英語の題名を書く")
            )
            continue
        order = data.get("volume-order", 99)
        if not isinstance(order, int):
            problems.append(Problem(rel, _line_of(text, "volume-order"), "volume-order は整数で書く（例: volume-order: 4）"))
            continue
        volumes.append(
            Volume(
                path.stem,
                {"ja": str(data["volume-ja"]).strip(), "en": str(data["volume-en"]).strip()},
                order,
                {k: str(data[f"subject-{k}"]).strip() for k in ("ja", "en") if data.get(f"subject-{k}")},
            )
        )
    volumes.sort(key=lambda v: (v.order, v.name))
    return volumes, problems


def register(app: Any) -> None:
    """Report the volume files that cannot be used when the build starts, so -W stops it with file:line."""
    from .errors import error

    app.add_config_value("reiki_print_dir", "docs/print", "env", types=[str])

    def report(app: Any) -> None:
        src = Path(app.srcdir)
        for p in declared(src / app.config.reiki_print_dir, src)[1]:
            error(p.message, f"{p.path}:{p.line}", "volume")

    app.connect("builder-inited", report)
