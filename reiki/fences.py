"""Unclosed fences: a ``` or ::: block that is never closed swallows the rest of the page (or of the block around it).

MyST closes such a block at the end of the file (or of the enclosing block) without a word, so the rest of the page
silently becomes code or the body of a note. The build reports the line where the fence opened instead, in every
source: pages, the files they include and the earlier texts kept in policies/versions/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .datafile import DataError, read_text
from .errors import error
from .messages import msg

OPEN = re.compile(r"^[ \t]*(?P<mark>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
NAME = re.compile(r"^\s*\{([\w:.-]+)\}")
# directives whose body is not Markdown (code, math, data): fences inside them are their text, not blocks
LITERAL = {
    "code-block",
    "code",
    "sourcecode",
    "code-cell",
    "literalinclude",
    "math",
    "raw",
    "graphviz",
    "graph",
    "digraph",
    "eval-rst",
    "csv-table",
    "mermaid",
    "amendments",
}


@dataclass(frozen=True)
class Unclosed:
    """A fence that is never closed: its line (1-based), its marker and what it swallows."""

    line: int
    fence: str
    close: str
    outer: int  # the line of the enclosing fence, 0 at the top of the file


def unclosed(
    lines: list[str], colon: bool = True, start: int = 0, end: int | None = None, outer: int = 0
) -> Unclosed | None:
    """The first fence in lines[start:end] that has no closing line (markdown-it's rule: a line of ≥ as many marks)."""
    end = len(lines) if end is None else end
    i = start
    while i < end:
        m = OPEN.match(lines[i])
        mark = m["mark"] if m else ""
        if not m or (mark[0] == "`" and "`" in m["info"]) or (mark[0] == ":" and not colon):
            i += 1
            continue
        close = re.compile(rf"^[ \t]*{re.escape(mark[0])}{{{len(mark)},}}[ \t]*$")
        j = next((k for k in range(i + 1, end) if close.match(lines[k])), None)
        if j is None:
            return Unclosed(i + 1, lines[i].strip(), mark, outer)
        name = NAME.match(m["info"])
        if name and name.group(1) not in LITERAL:
            inner = unclosed(lines, colon, i + 1, j, i + 1)
            if inner:
                return inner
        i = j + 1
    return None


def report(app: Any, text: str, rel: str) -> None:
    """One line at the fence that opens and never closes (the first one: the rest follows from it)."""
    colon = "colon_fence" in (getattr(app.config, "myst_enable_extensions", None) or [])
    found = unclosed(text.splitlines(), colon)
    if not found:
        return
    until = f"{found.outer}行の囲みの終わり" if found.outer else "ファイルの終わり"
    error(msg("fence-unclosed", fence=found.fence, until=until, close=found.close), f"{rel}:{found.line}", "fence")


def on_source(app: Any, docname: str, source: list[str]) -> None:
    """Check each page as it is read."""
    report(app, source[0], str(app.env.doc2path(docname, base=False)))


def on_include(app: Any, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """Check a file a page includes, at its own lines."""
    report(app, content[0], Path(relative_path).as_posix())


def on_init(app: Any) -> None:
    """Check the earlier texts, which are read by reiki.versions and never as pages."""
    root = Path(app.srcdir)
    for path in sorted((root / "policies" / "versions").glob("**/*.md")):
        rel = path.relative_to(root).as_posix()
        try:
            report(app, read_text(path, rel), rel)
        except DataError as exc:
            exc.report()


def register(app: Any) -> None:
    """Register the check."""
    app.connect("builder-inited", on_init)
    app.connect("source-read", on_source)
    app.connect("include-read", on_include)
