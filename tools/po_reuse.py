"""Translation memory: fill untranslated messages with the translation the same message already has elsewhere."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po
from sphinx_intl.catalog import dump_po


def main(root: str = "locale/en/LC_MESSAGES") -> int:
    """Reuse exact-match translations across catalogs (never fuzzy ones); print how many were filled."""
    files = sorted(Path(root).rglob("*.po"))
    catalogs = {}
    for po in files:
        with po.open("rb") as fh:
            catalogs[po] = read_po(fh)
    memory = {m.id: m.string for c in catalogs.values() for m in c if m.id and m.string and not m.fuzzy}
    filled = 0
    for po, catalog in catalogs.items():
        changed = False
        for m in catalog:
            if m.id and not m.string and m.id in memory:
                m.string = memory[m.id]
                filled += 1
                changed = True
        if changed:
            dump_po(str(po), catalog, width=0)
    print(f"translation memory: filled {filled} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
