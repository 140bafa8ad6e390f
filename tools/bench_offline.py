"""Cost of the plain-script search loader: first-query time and bytes against Pagefind's module loader (file://, HTTP)."""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from corpus_search import evaluate as ev

QUERIES = ["操作者識別カード", "緊急時対応班", "停電", "規程第7条", "平成29年"]
# From an open search page with nothing loaded yet: load the loader, search, load the top five results.
FIRST = """async ([loader, q, top]) => { const t0 = performance.now();
  const pf = loader === "module" ? await import(new URL('pagefind/pagefind.js', document.baseURI).href)
    : await corpusPagefindImport(new URL('pagefind/classic/', document.baseURI).href);
  const r = await pf.search(corpusFold(q)); await Promise.all(r.results.slice(0, top).map((x) => x.data()));
  return performance.now() - t0; }"""


def first_query(browser: ev.Browser, base: str, loader: str, q: str) -> tuple[float, int]:
    """Milliseconds of a first search in a fresh browser, and the bytes of pagefind/ the server sent (0 from file://)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "search.html")
    page.wait_for_function("typeof corpusFold === 'function'")
    ev.SERVED[base] = []
    ms = float(page.evaluate(FIRST, [loader, q, ev.TOP]))
    page.wait_for_load_state("networkidle")
    context.close()
    return ms, sum(size for path, size in ev.SERVED.pop(base, []) if "/pagefind/" in path)


def main(argv: list[str] | None = None) -> int:
    """Command line: bench_offline.py SITE [--runs N]; prints one line per loader and place."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("site", type=Path, help="a built site with its index (e.g. _build/html)")
    ap.add_argument("--runs", type=int, default=3, help="runs per query (default 3)")
    args = ap.parse_args(argv)
    site = args.site.resolve()
    with ev.chromium() as browser, ev.serve(site) as url:
        for label, base, loader in [
            ("HTTP, Pagefind's module loader", url, "module"),
            ("HTTP, plain scripts", url, "classic"),
            ("file://, plain scripts", site.as_uri() + "/", "classic"),
        ]:
            runs = [first_query(browser, base, loader, q) for q in QUERIES for _ in range(args.runs)]
            times = [ms for ms, _ in runs]
            print(
                f"{label}: first query {statistics.median(times):.0f} ms (median; {min(times):.0f}-{max(times):.0f}), "
                f"pagefind/ sent {statistics.median(b for _, b in runs) / 1024:.1f} KiB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
