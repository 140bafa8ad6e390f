"""Check translated catalogs: complete, no fuzzy, role targets kept, no Japanese left outside role targets."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROLE = re.compile(r"\{([a-z:]+)\}`([^`]*)`")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]")


def targets(text: str) -> list[tuple[str, str]]:
    """(role, target) pairs; the target is the part in <> when the role has explicit text."""
    out = []
    for role, body in ROLE.findall(text):
        m = re.match(r"^.*?<([^<>]+)>$", body, re.S)
        out.append((role, (m.group(1) if m else body).strip()))
    return sorted(out)


def check(po: Path) -> list[str]:
    """Problems of one catalog, as file: message lines."""
    with po.open("rb") as fh:
        catalog = read_po(fh)
    problems = []
    for m in catalog:
        if not m.id:
            continue
        where = f"{po}:{m.lineno}"
        if not m.string:
            problems.append(f"{where}: untranslated: {str(m.id)[:40]}")
            continue
        if m.fuzzy:
            problems.append(f"{where}: fuzzy: check the translation and remove the fuzzy flag")
        if targets(str(m.id)) != targets(str(m.string)):
            problems.append(f"{where}: role targets differ: {targets(str(m.id))} vs {targets(str(m.string))}")
        outside = ROLE.sub(lambda r: r.group(0) if "<" not in r.group(2) else r.group(2).split("<")[0], str(m.string))
        outside = ROLE.sub("", outside)
        if JAPANESE.search(outside):
            problems.append(f"{where}: Japanese left in the translation: {JAPANESE.findall(outside)[:5]}")
    return problems


def main(*paths: str) -> int:
    """Check the given .po files (or folders); exit 1 on any problem."""
    files = [p for arg in paths for p in (sorted(Path(arg).rglob("*.po")) if Path(arg).is_dir() else [Path(arg)])]
    problems = [line for po in files for line in check(po)]
    for line in problems:
        print(line, file=sys.stderr)
    print(f"po check: {len(files)} catalogs, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
