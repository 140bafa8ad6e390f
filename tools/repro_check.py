"""Compare two build outputs byte for byte; list every file that differs or exists on one side only."""

from __future__ import annotations

import sys
from pathlib import Path


def differences(a: Path, b: Path) -> list[str]:
    """Relative paths that differ between a and b."""
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    out = [f"only in {a}: {p}" for p in sorted(files_a - files_b)] + [f"only in {b}: {p}" for p in sorted(files_b - files_a)]
    out += [f"differs: {p}" for p in sorted(files_a & files_b) if (a / p).read_bytes() != (b / p).read_bytes()]
    return out


def main(a: str, b: str) -> int:
    """Exit 1 when the outputs differ."""
    diff = differences(Path(a), Path(b))
    for line in diff:
        print(line, file=sys.stderr)
    print(f"reproducibility: {'identical' if not diff else f'{len(diff)} differences'}")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
