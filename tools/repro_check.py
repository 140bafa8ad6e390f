"""Compare two build outputs byte for byte; list every file that differs or exists on one side only.

repro_check.py A B compares two folders file by file. Given two build folders (the _build of two clones after
make html pdf html-en pdf-en), it compares what is published: the sites with their search index (html, html-en) and,
in latex and latex-en, the PDF volumes, the figure files and the LaTeX sources, not TeX's logs and work files.
"""

from __future__ import annotations

import sys
from pathlib import Path

SITES = ("html", "html-en")
PRINT = ("latex", "latex-en")
# what the LaTeX folders publish or print from: the volumes and figures (PDF, images) and their sources
PRINTED = {".pdf", ".png", ".jpg", ".jpeg", ".svg", ".tex", ".sty"}


def files(root: Path, printed: bool = False) -> set[Path]:
    """The files under root, relative; in a LaTeX folder only the printed ones."""
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file() and (not printed or p.suffix.lower() in PRINTED)}


def differences(a: Path, b: Path, printed: bool = False) -> list[str]:
    """Relative paths that differ between a and b."""
    files_a, files_b = files(a, printed), files(b, printed)
    out = [f"only in {a}: {p}" for p in sorted(files_a - files_b)] + [f"only in {b}: {p}" for p in sorted(files_b - files_a)]
    out += [f"differs: {p}" for p in sorted(files_a & files_b) if (a / p).read_bytes() != (b / p).read_bytes()]
    return out


def is_build(d: Path) -> bool:
    """Whether d is a build folder (it holds html or latex output), not a single output."""
    return any((d / part).is_dir() for part in SITES + PRINT)


def build_differences(a: Path, b: Path) -> list[str]:
    """The differences of every published part of two build folders (a part missing on one side is one)."""
    out = []
    for part in SITES + PRINT:
        pa, pb = a / part, b / part
        if pa.is_dir() and pb.is_dir():
            out += [f"{part}: {line}" for line in differences(pa, pb, printed=part in PRINT)]
        elif pa.is_dir() or pb.is_dir():
            out.append(f"only in {a if pa.is_dir() else b}: {part}/")
    return out


def main(a: str, b: str) -> int:
    """Exit 1 when the outputs differ."""
    da, db = Path(a), Path(b)
    diff = build_differences(da, db) if is_build(da) and is_build(db) else differences(da, db)
    for line in diff:
        print(line, file=sys.stderr)
    print(f"reproducibility: {'identical' if not diff else f'{len(diff)} differences'}")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
