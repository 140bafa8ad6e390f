"""Run the staff query set through a built site's real search page in Chromium: results, recall@5, timings, bytes."""

from __future__ import annotations

import contextlib
import functools
import http.server
import statistics
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit

import yaml

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
QUERIES = Path(__file__).resolve().parent.parent / "tests" / "search" / "queries.yaml"
TOP = 5

# Done when Pagefind's status line has a count (or says nothing matched) and the top results have loaded.
PAGEFIND_DONE = """([term, top]) => {
  const msg = document.querySelector('.pagefind-ui__message');
  if (!msg || !msg.textContent.includes(term) || /検索しています|Searching for/.test(msg.textContent)) return false;
  const items = [...document.querySelectorAll('.pagefind-ui__result')].slice(0, top);
  return items.every((li) => li.querySelector('.pagefind-ui__result-link'));
}"""
PAGEFIND_RESULTS = """(top) => [...document.querySelectorAll('.pagefind-ui__result')].slice(0, top).map((li) => ({
  url: li.querySelector(':scope > .pagefind-ui__result-inner > .pagefind-ui__result-title a')?.href
    ?? li.querySelector('.pagefind-ui__result-link').href,
  subs: [...li.querySelectorAll('.pagefind-ui__result-nested a')].map((a) => a.href),
  text: li.innerText,
}))"""
# Done when Sphinx's search has stopped its progress pulse after building the result list.
SPHINX_DONE = (
    "() => !!document.querySelector('#search-results h2') && typeof Search !== 'undefined' && Search._pulse_status === -1"
)
SPHINX_RESULTS = """(top) => [...document.querySelectorAll('#search-results ul.search > li')].slice(0, top).map((li) => ({
  url: li.querySelector('a').href, subs: [], text: li.innerText,
}))"""


@dataclass
class Query:
    """One staff query and the pages (page.html or page.html#anchor) it must find in the top five."""

    q: str
    expect: list[str]
    kind: str = ""
    note: str = ""


@dataclass
class Outcome:
    """What one query returned and which expected targets were found."""

    query: Query
    results: list[dict[str, Any]]
    found: list[str]
    ms: float

    @property
    def recall(self) -> float:
        """Share of the expected targets in the top five."""
        return len(self.found) / len(self.query.expect)

    @property
    def missed(self) -> list[str]:
        """Expected targets not in the top five."""
        return [t for t in self.query.expect if t not in self.found]


@dataclass
class Report:
    """recall@5 (targets with and without anchors) and timings for one engine."""

    engine: str
    outcomes: list[Outcome] = field(default_factory=list)

    def recall(self, pages_only: bool = False) -> float:
        """Mean recall@5 over the queries (pages_only: an anchor counts when its page is found)."""
        if not pages_only:
            return statistics.mean(o.recall for o in self.outcomes)
        hits = []
        for o in self.outcomes:
            pages = {_page(r["url"]) for r in o.results}
            pages.update(_page(s) for r in o.results for s in r["subs"])
            hits.append(statistics.mean(_page(t) in pages for t in o.query.expect))
        return statistics.mean(hits)

    def median_ms(self) -> float:
        """Median time from submitting a query to the top results on screen."""
        return statistics.median(o.ms for o in self.outcomes)


def load_queries(path: Path = QUERIES) -> list[Query]:
    """The query set from tests/search/queries.yaml."""
    return [Query(**item) for item in yaml.safe_load(path.read_text(encoding="utf-8"))]


def _page(url: str) -> str:
    """The site-relative page of a result URL or target, without its anchor."""
    return url.split("#", 1)[0]


def _rel(url: str, base: str) -> str:
    """A result URL relative to the site root (policies/x.html#a7)."""
    parts = urlsplit(url)
    root = urlsplit(base).path
    path = parts.path[len(root) :] if parts.path.startswith(root) else parts.path.lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def found_targets(query: Query, results: list[dict[str, Any]]) -> list[str]:
    """The expected targets present in the results (an anchor must be a result link or one of its sub-results)."""
    links: set[str] = set()
    for r in results:
        links.add(r["url"])
        links.update(r["subs"])
    pages = {_page(link) for link in links}
    return [t for t in query.expect if (t in links if "#" in t else t in pages)]


# Bytes each local server sent, by request path (for page_weight), keyed by the server's base URL.
SERVED: dict[str, list[tuple[str, int]]] = {}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """A static file handler that does not log each request and counts the bytes it sends."""

    def log_message(self, format: str, *args: Any) -> None:
        """Stay silent."""

    def copyfile(self, source: Any, outputfile: Any) -> None:
        """Send a file and record its size."""
        data = source.read()
        outputfile.write(data)
        address = self.server.server_address
        if not isinstance(address, tuple):
            raise TypeError(f"serve() runs a TCP server, not one at {address!r}")
        SERVED.setdefault(f"http://127.0.0.1:{address[1]}/", []).append((self.path, len(data)))


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve site on 127.0.0.1 (a free port) in a thread; yield its base URL."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def search(page: Page, base: str, engine: str, q: str, *, via: str = "box") -> tuple[list[dict[str, Any]], float]:
    """Run q through the site's search (via "box": the search page's box, "sidebar": the sidebar box, "url": ?q=).

    Return the top results and the milliseconds from submitting to the results on screen.
    """
    if engine == "sphinx" and via == "box":
        via = "url"
    start = time.perf_counter()
    if via == "url":
        page.goto(urljoin(base, f"search.html?q={quote(q)}"))
    elif via == "sidebar":
        page.goto(urljoin(base, "index.html"))
        page.locator(".sidebar-search").fill(q)
        start = time.perf_counter()
        page.locator(".sidebar-search").press("Enter")
    else:
        if "search.html" not in page.url:
            page.goto(urljoin(base, "search.html"))
        box = page.locator(".pagefind-ui__search-input")
        box.wait_for()
        start = time.perf_counter()
        box.fill(q)
    if engine == "pagefind":
        page.wait_for_function(PAGEFIND_DONE, arg=[q, TOP], timeout=15000)
    else:
        page.wait_for_function(SPHINX_DONE, timeout=15000)
    elapsed = (time.perf_counter() - start) * 1000
    return page.evaluate(PAGEFIND_RESULTS if engine == "pagefind" else SPHINX_RESULTS, TOP), elapsed


# Pagefind's own query time on an open search page: search, then load the top five results (title, URL, excerpt).
PAGEFIND_API = """async ([q, top]) => {
  const pf = await corpusPagefindImport(new URL('pagefind/classic/', document.baseURI).href);
  const t0 = performance.now();
  const r = await pf.search(corpusFold(q));
  await Promise.all(r.results.slice(0, top).map((x) => x.data()));
  return performance.now() - t0;
}"""


def query_ms(page: Page, base: str, q: str) -> float:
    """Milliseconds Pagefind takes for q in the browser (search and top five results), on an open search page."""
    if "search.html" not in page.url:
        page.goto(urljoin(base, "search.html"))
        page.wait_for_function("typeof corpusFold === 'function'")
    return float(page.evaluate(PAGEFIND_API, [q, TOP]))


def page_weight(browser: Browser, base: str, engine: str, q: str) -> dict[str, int]:
    """Bytes the server sends to a fresh browser opening the search page with q until the results show, by kind."""
    context = browser.new_context()
    page = context.new_page()
    SERVED[base] = []
    search(page, base, engine, q, via="url")
    page.wait_for_load_state("networkidle")
    context.close()
    sizes: dict[str, int] = {}
    for path, size in SERVED[base]:
        name = urlsplit(path).path.rsplit("/", 1)[-1]
        kind = name.rsplit(".", 1)[-1] if "." in name else "html"
        kind = "index" if "/pagefind/" in path and kind not in ("js", "css") else kind
        sizes[kind] = sizes.get(kind, 0) + size
    return sizes


def run(browser: Browser, site: Path, engine: str, queries: list[Query], *, via: str = "box", local: bool = False) -> Report:
    """Run every query on a served copy of site (local: opened from its folder, file://); report what each found."""
    report = Report(engine)
    with contextlib.nullcontext(site.resolve().as_uri() + "/") if local else serve(site) as base:
        page = browser.new_page()
        for query in queries:
            raw, ms = search(page, base, engine, query.q, via=via)
            results = [dict(r, url=_rel(r["url"], base), subs=[_rel(u, base) for u in r["subs"]]) for r in raw]
            report.outcomes.append(Outcome(query, results, found_targets(query, results), ms))
        page.close()
    return report
