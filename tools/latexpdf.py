"""Run the LaTeX build quietly; on failure print the first TeX errors, not the whole log."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
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


def pin_creation_dates(latex_dir: Path) -> None:
    """Give graphviz figure PDFs (cairo 1.16 ignores SOURCE_DATE_EPOCH) the commit's time, not the clock's."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    stamp = time.strftime("D:%Y%m%d%H%M%SZ", time.gmtime(epoch)).encode()
    for pdf in latex_dir.glob("graphviz-*.pdf"):
        data = pdf.read_bytes()
        fixed = re.sub(rb"/CreationDate \(D:\d{14}Z\)", b"/CreationDate (" + stamp + b")", data)  # same length
        if fixed != data:
            pdf.write_bytes(fixed)


def main(latex_dir: str, *names: str) -> int:
    """Build the named volumes (default: every .tex) in latex_dir to PDF with latexmk (uplatex + dvipdfmx).

    LATEX_JOBS=N runs N volumes at once (each volume's TeX run is independent; default 1).
    """
    d = Path(latex_dir)
    pin_creation_dates(d)
    targets = [f"{n}.pdf" for n in names] or ["all-pdf"]
    jobs = max(1, int(os.environ.get("LATEX_JOBS", "1") or 1))
    result = subprocess.run(
        ["make", "-C", str(d), f"-j{jobs}", *targets, "LATEXMKOPTS=-quiet -halt-on-error"], capture_output=True, text=True
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
