"""Translation progress: translated / fuzzy / untranslated messages per page and in total."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from babel.messages.pofile import read_po

from reiki.i18n import NORMATIVE, status


def messages_to_do(po: Path) -> list[tuple[int, str, str]]:
    """Each untranslated or fuzzy message of a catalog: its line in the file, which of the two, its first words."""
    with po.open("rb") as fh:
        catalog = read_po(fh)
    out = []
    for m in catalog:
        if not m.id or (m.string and not m.fuzzy):
            continue
        text = m.id if isinstance(m.id, str) else m.id[0]
        short = text if len(text) <= 40 else text[:40] + "…"
        out.append((m.lineno or 0, "要確認（fuzzy）" if m.fuzzy else "未翻訳", short.replace("\n", " ")))
    return out


def main(catalogs: str) -> int:
    """Print a table; exit 1 when a normative instrument is incomplete."""
    root = Path(catalogs)
    rows = []
    for po in sorted(root.rglob("*.po")):
        page = str(po.relative_to(root).with_suffix(""))
        rows.append((page, status(po)))
    print(f"{'page':52} {'done':>5} {'fuzzy':>5} {'todo':>5} {'%':>6}")
    total = [0, 0, 0, 0]
    incomplete_rules = []
    for page, st in rows:
        pct = 100 * st.translated / st.total if st.total else 100.0
        print(f"{page:52} {st.translated:5} {st.fuzzy:5} {st.untranslated:5} {pct:6.1f}")
        total = [total[0] + st.total, total[1] + st.translated, total[2] + st.fuzzy, total[3] + st.untranslated]
        if page.startswith(NORMATIVE) and st.translated < st.total:
            incomplete_rules.append(page)
    pct = 100 * total[1] / total[0] if total[0] else 100.0
    print(f"{'TOTAL':52} {total[1]:5} {total[2]:5} {total[3]:5} {pct:6.1f}")
    todo = [(po, m) for po in sorted(root.rglob("*.po")) for m in messages_to_do(po)]
    if todo:
        print(f"\nto do ({len(todo)}):")
    for po, (line, kind, text) in todo:
        print(f"{po}:{line}: {kind}: {text}")
    for page in incomplete_rules:
        print(f"incomplete rule: {page}", file=sys.stderr)
    return 1 if incomplete_rules else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "locale/en/LC_MESSAGES"))
