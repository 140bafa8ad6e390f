"""Run the LaTeX build quietly; on failure print the first TeX errors, not the whole log."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path


def first_errors(log: str, limit: int = 5) -> list[str]:
    """The TeX error lines ('! ...' with the line after) of a log."""
    lines = log.splitlines()
    out = []
    for i, line in enumerate(lines):
        if line.startswith("!"):
            nxt = next((ln for ln in lines[i + 1 : i + 4] if re.match(r"^l\.\d+", ln)), "")
            out.append(f"{line} {nxt}".strip())
        if len(out) >= limit:
            break
    return out


def main(latex_dir: str, *names: str) -> int:
    """Build the named volumes (default: every .tex) in latex_dir to PDF with latexmk (uplatex + dvipdfmx)."""
    d = Path(latex_dir)
    targets = [f"{n}.pdf" for n in names] or ["all-pdf"]
    result = subprocess.run(
        ["make", "-C", str(d), *targets, "LATEXMKOPTS=-quiet -halt-on-error"], capture_output=True, text=True
    )
    if result.returncode == 0:
        built = [d / t for t in targets] if names else sorted(p.with_suffix(".pdf") for p in d.glob("*.tex"))
        for pdf in built:
            print(f"pdf: {pdf}")
        return 0
    for log in sorted(d.glob("*.log")):
        for err in first_errors(log.read_text(encoding="utf-8", errors="replace")):
            print(f"{log.with_suffix('.tex')}: {err}", file=sys.stderr)
    print(f"PDF build failed in {d} (full logs: {d}/*.log)", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
