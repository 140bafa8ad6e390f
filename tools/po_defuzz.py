"""After a catalog update: clear the fuzzy guesses that are dangerous to keep (dates, numbers, 附則) for retranslation."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reiki.i18n import RISKY  # the build predicts the catalog's lines with the same rule


def defuzz(po: Path) -> int:
    """Clear the risky fuzzy entries of one catalog (rewritten only when something changed); their number."""
    with po.open("rb") as fh:
        catalog = read_po(fh)
    cleared = 0
    for m in catalog:
        if m.id and m.fuzzy and RISKY.search(m.id if isinstance(m.id, str) else "".join(m.id)):
            m.string = ""
            m.flags.discard("fuzzy")
            m.previous_id = []
            cleared += 1
    if cleared:
        with po.open("wb") as fh:
            write_po(fh, catalog, width=0)
    return cleared


def main(argv: list[str]) -> int:
    """po_defuzz.py CATALOG_DIR: print how many guesses were cleared."""
    root = Path(argv[0] if argv else "locale/en/LC_MESSAGES")
    total = sum(defuzz(po) for po in sorted(root.rglob("*.po")))
    print(f"catalogs: {total} fuzzy guess(es) with dates, numbers or 附則 cleared (translate them afresh)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
