"""Check that the catalogs in locale/ are in sync with the sources: regenerating them must change no message."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def messages(po: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of every active message, in order."""
    with po.open("rb") as fh:
        return [(str(m.id), str(m.string), m.fuzzy) for m in read_po(fh) if m.id]


def main(locale: str = "locale") -> int:
    """Regenerate the .pot files and update a copy of the catalogs; report every catalog that would change."""
    bindir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        pot, copy = Path(tmp, "pot"), Path(tmp, "locale")
        subprocess.run(
            [str(bindir / "sphinx-build"), "-b", "gettext", "-E", "-q", "-d", str(Path(tmp, "dt")), str(ROOT), str(pot)],
            check=True,
            capture_output=True,
        )
        shutil.copytree(ROOT / locale, copy)
        subprocess.run(
            [str(bindir / "sphinx-intl"), "update", "-p", str(pot), "-d", str(copy), "-l", "en", "-w", "0"],
            check=True,
            capture_output=True,
        )
        stale = []
        for po in sorted(copy.rglob("*.po")):
            rel = po.relative_to(copy)
            mine = ROOT / locale / rel
            if not mine.exists() or messages(mine) != messages(po):
                stale.append(str(rel))
    for s in stale:
        print(
            f"out of sync: {locale}/{s}: run 'make intl-update' and translate the new or changed messages", file=sys.stderr
        )
    print(f"catalogs: {'in sync' if not stale else f'{len(stale)} out of sync'}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
