"""Map a place in a generated LaTeX volume back to the source file and line an author edits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_DOC = re.compile(r"\\label\{\\detokenize\{([^}:]+)::doc\}\}")
# Text the extension or the configuration writes into a volume (not in a page's own source).
_GENERATED = ["data", "reiki/labels.py", "conf.py"]


@dataclass(frozen=True)
class Volume:
    """A generated .tex volume: its lines and where each page (docname) begins."""

    tex: Path
    lines: list[str]
    starts: list[tuple[int, str]]  # (1-based line, docname), in order
    lang: str

    @classmethod
    def read(cls, tex: Path) -> Volume:
        """Read a .tex volume; its language is English when it sits in a latex-en folder."""
        lines = tex.read_text(encoding="utf-8").splitlines()
        starts = [(n, m.group(1)) for n, line in enumerate(lines, 1) for m in _DOC.finditer(line)]
        return cls(tex, lines, starts, "en" if tex.parent.name.endswith("-en") else "ja")

    def body_start(self) -> int:
        """The 1-based line where the document body begins."""
        return next((n for n, line in enumerate(self.lines, 1) if line.startswith(r"\begin{document}")), 1)

    def docname_at(self, line: int) -> str | None:
        """The page whose text is at this .tex line (None in the preamble and title pages)."""
        current = None
        for start, doc in self.starts:
            if start > line:
                break
            current = doc
        return current


def source_root(build: Path) -> Path:
    """The corpus a build folder belongs to: the nearest folder above it holding conf.py (else this repository)."""
    return next((p for p in build.resolve().parents if (p / "conf.py").is_file()), ROOT)


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


@cache
def _lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8", errors="replace").splitlines())


def _files(docname: str | None, lang: str, root: Path) -> list[Path]:
    """The files to search, most likely first: the page's source (its catalog in English), then generated text."""
    out: list[Path] = [] if docname else [root / "conf.py"]  # the preamble and title page come from conf.py
    if docname:
        if lang == "en":
            out.append(root / "locale" / "en" / "LC_MESSAGES" / f"{docname}.po")
        out.append(root / f"{docname}.md")
    for g in _GENERATED:
        p = root / g
        out.extend(sorted(q for q in p.rglob("*") if q.is_file()) if p.is_dir() else [p])
    if lang == "en":
        out.extend(sorted((root / "locale" / "en" / "LC_MESSAGES").rglob("*.po")))
    out.extend(sorted(p for d in ("policies", "docs") for p in (root / d).rglob("*.md")))
    return [p for p in dict.fromkeys(out) if p.is_file()]


def find(needle: str, docname: str | None, lang: str, root: Path = ROOT) -> tuple[str, int] | None:
    """The first source file:line holding needle, searching the page's own source first."""
    for path in _files(docname, lang, root):
        for n, line in enumerate(_lines(path), 1):
            if needle in line and not (path.suffix == ".po" and line.startswith("msgid")):
                return _rel(path, root), n
    return None


def place(vol: Volume, line: int, needle: str, root: Path = ROOT) -> str:
    """'file:line' of the source of needle found at this .tex line (the .tex line when no source holds it)."""
    found = find(needle, vol.docname_at(line), vol.lang, root) if needle else None
    if found is None:
        return f"{_rel(vol.tex, root)}:{line}"
    return f"{found[0]}:{found[1]}"
