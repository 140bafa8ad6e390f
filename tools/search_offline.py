"""Ship the Pagefind bundle as plain scripts (pagefind/classic/), so that search runs from file:// as over HTTP.

Chromium refuses, on a page opened from a folder (file://), the three things Pagefind's own loader needs: an ES
module import of pagefind.js, fetch() of the index files and a web worker. This step writes, next to Pagefind's
bundle, a classic-script copy of pagefind.js (no module syntax, no worker, its fetches answered from scripts), a
copy of pagefind-ui.js that loads it, and every index file (entry, metadata, WebAssembly, index chunks, fragments)
as a small script that hands its bytes, base64-encoded, to the loader (corpus_search/static/corpus-pagefind.js).
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import shutil
import sys
from pathlib import Path

# The Pagefind release whose pagefind.js and pagefind-ui.js the patches below were written for (constraints.txt).
PAGEFIND_VERSION = "1.5.2"
CLASSIC = "classic"
CALL = "corpusPagefindData"
DATA = ("pagefind-entry.json", "*.pf_meta", "wasm.*.pagefind", "index/*.pf_index", "fragment/*.pf_fragment", "filter/*")
# (what to find, what to put there, how many times it must be found; 0: at least once)
MODULE_PATCHES = [
    # the module's own address, used for the bundle's base path: the classic script's address
    ("import.meta.url", "corpusPagefindScriptUrl", 0),
    # the module's exports: a global the loader picks up
    (
        "export{createInstance,debouncedSearch,destroy,filters,init,mergeIndex,options,preload,search};",
        "window.corpusPagefindModule={createInstance,debouncedSearch,destroy,filters,init,mergeIndex,options,preload,search};",
        1,
    ),
    # every index file is read through this one fetch: answer it from the data scripts
    ("fetch(queued.input)", "corpusPagefindFetch(queued.input)", 1),
    # no web worker: from file:// it cannot start, and it would fetch the index by itself
    ('var hasWorkerSupport=typeof window!=="undefined"', 'var hasWorkerSupport=false&&typeof window!=="undefined"', 1),
]
UI_PATCHES = [("await import(`${r}pagefind.js`)", "await corpusPagefindImport(r)", 1)]


class OfflineError(Exception):
    """The bundle cannot be turned into plain scripts (missing, or a Pagefind release the patches do not know)."""


def patch(text: str, patches: list[tuple[str, str, int]], name: str) -> str:
    """Apply each replacement, checking that it is found as often as expected."""
    for old, new, times in patches:
        found = text.count(old)
        if found == 0 or (times and found != times):
            raise OfflineError(
                f"{name}: '{old}' found {found} times, expected {times or 'at least 1'}: "
                f"the patches in tools/search_offline.py are for Pagefind {PAGEFIND_VERSION}"
            )
        text = text.replace(old, new)
    return text


def classic_module(source: str) -> str:
    """pagefind.js as a classic script: its module syntax, fetch and worker replaced; its names kept private."""
    body = patch(source, MODULE_PATCHES, "pagefind.js")
    return (
        "/* Pagefind's pagefind.js as a classic script (tools/search_offline.py). */\n"
        "(function(){const corpusPagefindScriptUrl=document.currentScript.src;\n" + body + "\n})();\n"
    )


def data_script(key: str, data: bytes) -> str:
    """The script that hands one index file's bytes to the loader."""
    return f'{CALL}("{key}","{base64.b64encode(data).decode("ascii")}");\n'


def decode_script(text: str) -> bytes:
    """The bytes a data script carries (for checks that read the index, such as the leak check)."""
    found = re.fullmatch(rf'{CALL}\("[^"]+","([A-Za-z0-9+/=]*)"\);\n', text)
    if not found:
        raise OfflineError("not a Pagefind data script")
    return base64.b64decode(found.group(1))


def build(site: Path) -> dict[str, int]:
    """Write site/pagefind/classic from site/pagefind; return its sizes in bytes ("bundle": as Pagefind made them)."""
    bundle = site / "pagefind"
    entry = bundle / "pagefind-entry.json"
    if not entry.exists():
        raise OfflineError(f"{entry} is missing: run tools/search_index.py first")
    version = json.loads(entry.read_text(encoding="utf-8")).get("version")
    if version != PAGEFIND_VERSION:
        raise OfflineError(f"the index is Pagefind {version}; tools/search_offline.py is written for {PAGEFIND_VERSION}")
    out = bundle / CLASSIC
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    js = classic_module((bundle / "pagefind.js").read_text(encoding="utf-8"))
    ui = patch((bundle / "pagefind-ui.js").read_text(encoding="utf-8"), UI_PATCHES, "pagefind-ui.js")
    (out / "pagefind.js").write_text(js, encoding="utf-8")
    (out / "pagefind-ui.js").write_text(ui, encoding="utf-8")
    sizes = {"bundle": 0, "scripts": 0, "files": 0}
    for pattern in DATA:
        for path in sorted(bundle.glob(pattern)):
            key = path.relative_to(bundle).as_posix()
            target = out / f"{key}.js"
            target.parent.mkdir(parents=True, exist_ok=True)
            data = path.read_bytes()
            target.write_text(data_script(key, data), encoding="ascii")
            sizes["bundle"] += len(data)
            sizes["scripts"] += target.stat().st_size
            sizes["files"] += 1
    return sizes


def main(argv: list[str] | None = None) -> int:
    """Command line: search_offline.py SITE (after tools/search_index.py SITE)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path, help="the built HTML site with its Pagefind index (e.g. _build/html)")
    args = ap.parse_args(argv)
    try:
        sizes = build(args.site)
    except OfflineError as err:
        print(f"search offline: {err}", file=sys.stderr)
        return 1
    print(
        f"search offline: {args.site}/pagefind/{CLASSIC} ({sizes['files']} index files as scripts, "
        f"{sizes['scripts'] / 1024:.1f} KiB; as Pagefind ships them {sizes['bundle'] / 1024:.1f} KiB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
