"""Measure the site search in Chromium: recall@5 of each option over the query set, query time and bytes fetched."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus_search import evaluate as ev  # noqa: E402
from tools import search_index  # noqa: E402

# (label, binary, what is indexed); the last one is the site's index.
PAGEFIND_OPTIONS = [
    ("Pagefind 標準版（頁をそのまま索引）", "plain", "raw"),
    ("Pagefind 拡張版（頁をそのまま索引）", "extended", "raw"),
    ("Pagefind 拡張版（頁と条を索引）", "extended", "articles"),
    ("Pagefind 拡張版（頁と条・ICU の語で分かち書き）", "extended", "words"),
    ("Pagefind 標準版（頁のみ、条を頁の小見出しとする・ICU の語で分かち書き）", "plain", "sections"),
    ("Pagefind 標準版（頁と条・ICU の語で分かち書き）【採用】", "plain", "words"),
]


def sphinx_build(out: Path, engine: str) -> None:
    """Build the corpus strictly with the given search engine ("pagefind" or "sphinx")."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1764288000"))
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-D", f"corpus_search_engine={engine}", str(ROOT), str(out)]
    subprocess.run(cmd, check=True, env=env)


def recall_row(label: str, report: ev.Report) -> str:
    """One table row: recall@5 with anchors, with pages only, and the queries missed."""
    missed = [o.query.q for o in report.outcomes if o.missed]
    return f"| {label} | {report.recall():.1%} | {report.recall(pages_only=True):.1%} | {len(missed)} |"


def main(argv: list[str] | None = None) -> int:
    """Build (or take) the two sites, run every option, print Markdown tables."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--site", type=Path, help="a site built with Pagefind search (default: build one)")
    ap.add_argument("--sphinx-site", type=Path, help="a site built with corpus_search_engine=sphinx (default: build one)")
    ap.add_argument("--misses", action="store_true", help="list each missed query")
    args = ap.parse_args(argv)
    queries = ev.load_queries()
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        site = Path(tmp) / "pagefind"
        if args.site:
            shutil.copytree(args.site, site)
        else:
            sphinx_build(site, "pagefind")
        builtin = args.sphinx_site or Path(tmp) / "sphinx"
        if not args.sphinx_site:
            sphinx_build(builtin, "sphinx")
        rows = []
        with ev.chromium() as browser:
            reports = [("Sphinx 組込み検索", ev.run(browser, builtin, "sphinx", queries))]
            for label, binary, mode in PAGEFIND_OPTIONS:
                search_index.build(site, binary, mode)
                reports.append((label, ev.run(browser, site, "pagefind", queries)))
            rows = [recall_row(label, report) for label, report in reports]
            with ev.serve(site) as base, ev.serve(builtin) as base_builtin:
                page = browser.new_page()
                query_ms = [ev.query_ms(page, base, q.q) for q in queries]
                page.close()
                e2e = {}
                for name, url in (("pagefind", base), ("sphinx", base_builtin)):  # warm cache: one tab per engine
                    page = browser.new_page()
                    e2e[name] = statistics.median(ev.search(page, url, name, q.q, via="url")[1] for q in queries)
                    page.close()
                bases = {"pagefind": base, "sphinx": base_builtin}
                weight = {name: ev.page_weight(browser, url, name, queries[0].q) for name, url in bases.items()}
    print(f"query set: {len(queries)} queries, {sum(len(q.expect) for q in queries)} expected pages/articles\n")
    print("| 検索の方式 | recall@5（条まで） | recall@5（頁） | 取り逃した問合せ |\n|---|---|---|---|")
    print("\n".join(rows))
    print(f"\nPagefind query time (search + top 5 results): median {statistics.median(query_ms):.1f} ms, ", end="")
    print(f"90th percentile {statistics.quantiles(query_ms, n=10)[-1]:.1f} ms, max {max(query_ms):.1f} ms")
    print(f"search page opened with ?q= until results shown (median): Pagefind {e2e['pagefind']:.0f} ms, ", end="")
    print(f"Sphinx {e2e['sphinx']:.0f} ms")
    for name, sizes in weight.items():
        parts = ", ".join(f"{k} {v / 1024:.1f} KiB" for k, v in sorted(sizes.items()))
        print(f"bytes fetched for one search ({name}, fresh cache): {sum(sizes.values()) / 1024:.1f} KiB ({parts})")
    if args.misses:
        for label, report in reports:
            for o in report.outcomes:
                if o.missed:
                    print(f"{label}\t{o.query.q}\tmissed {o.missed}\tgot {[r['url'] for r in o.results]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
