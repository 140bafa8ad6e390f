"""Check the tools a PDF build needs; print one line per missing piece with its install command."""

from __future__ import annotations

import shutil
import subprocess
import sys

# (what, how to test, Debian package)
NEEDS = [
    ("uplatex", "cmd", "texlive-lang-japanese"),
    ("dvipdfmx", "cmd", "texlive-latex-recommended"),
    ("latexmk", "cmd", "latexmk"),
    ("pxchfon.sty", "tex", "texlive-lang-japanese"),
    ("ipaexg.ttf", "tex", "texlive-lang-japanese"),
    ("booktabs.sty", "tex", "texlive-latex-recommended"),
    ("ulem.sty", "tex", "texlive-plain-generic"),
    ("dot", "cmd", "graphviz"),
    ("pdffonts", "cmd", "poppler-utils"),
]


def missing() -> list[tuple[str, str]]:
    """The missing tools with the package that provides each."""
    out = []
    for name, kind, pkg in NEEDS:
        if kind == "cmd":
            ok = shutil.which(name) is not None
        else:
            ok = shutil.which("kpsewhich") is not None and bool(
                subprocess.run(["kpsewhich", name], capture_output=True, text=True).stdout.strip()
            )
        if not ok:
            out.append((name, pkg))
    return out


def main() -> int:
    """Exit 1 with one line per missing tool."""
    gone = missing()
    for name, pkg in gone:
        print(f"missing {name}: install with 'sudo apt-get install {pkg}' (or run: make setup)", file=sys.stderr)
    return 1 if gone else 0


if __name__ == "__main__":
    sys.exit(main())
