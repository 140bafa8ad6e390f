"""Authors' messages: every one the code uses is in the table (Japanese, with its fix), and the errors page shows them."""

from __future__ import annotations

import html
import re
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from reiki.messages import MESSAGES, msg, shown

REIKI = Path(__file__).resolve().parent.parent / "reiki"
USED = re.compile(r"""\b(?:msg|pair)\(\s*["']([a-z0-9-]+)["']""")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def used_keys() -> set[str]:
    texts = [p.read_text(encoding="utf-8") for p in REIKI.glob("*.py")]
    return {k for t in texts if "from .messages import" in t for k in USED.findall(t)}


def test_every_message_used_is_in_the_table_and_every_entry_is_used() -> None:
    assert used_keys() - set(MESSAGES) == set()
    assert set(MESSAGES) - used_keys() == set()


def test_every_message_is_japanese_and_gives_a_fix() -> None:
    for key, (what, fix) in MESSAGES.items():
        assert JAPANESE.search(what) and JAPANESE.search(fix), key
        assert ": " in msg(key, **{f: "x" for f in re.findall(r"\{(\w+)", what + fix)}), key


def test_errors_page_lists_every_message(scratch_root, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src: Path = scratch_root("basic")
    (src / "errors.md").write_text("# 誤り\n\n```{error-messages}\n```\n", encoding="utf-8")
    (src / "index.md").write_text((src / "index.md").read_text(encoding="utf-8") + "\n```{toctree}\nerrors\n```\n")
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
    finally:
        app.cleanup()
    page = html.unescape(re.sub(r"<[^>]+>", "", (Path(app.outdir) / "errors.html").read_text(encoding="utf-8")))
    for what, fix in MESSAGES.values():
        assert shown(what) in page and shown(fix) in page, what
