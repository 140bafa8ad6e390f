"""Build the site's Pagefind index offline: a record per page and per article (its anchor), split into browser words."""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

# Pages that are not content: the search page, the general index, print roots (they repeat other pages).
SKIP_FILES = {"search.html", "genindex.html", "py-modindex.html"}
SUPERSEDED = 'class="reiki-version-note"'  # the text of an earlier version: search finds the rules in force
SKIP_DIRS = {"_static", "_sources", "_images", "_downloads", "pagefind", "print"}
FULLWIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]")
HALFWIDTH_KANA = re.compile("[\uff61-\uff9f]+")
SEGMENTER = Path(__file__).with_name("segment.mjs")
ARTICLE_PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main data-pagefind-body><h1>{title}</h1>
<p data-pagefind-ignore data-pagefind-meta="{key}">{instrument}</p>{body}</main></body></html>"""


def fold(text: str) -> str:
    """Fold full-width digits, Latin letters and spaces to ASCII and half-width katakana to full width (as the UI does)."""
    text = FULLWIDTH.sub(lambda m: " " if m.group() == "\u3000" else chr(ord(m.group()) - 0xFEE0), text)
    return HALFWIDTH_KANA.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def instruments(site: Path) -> dict[str, str]:
    """Instrument page path -> its short name (管理運用規程), from the site's reiki.json export."""
    export = site / "reiki.json"
    if not export.exists():
        return {}
    data = json.loads(export.read_text(encoding="utf-8"))
    return {i["url"]: i.get("short", "") for i in data.get("instruments", [])}


def articles(soup: BeautifulSoup, rel: str, short: str) -> dict[str, BeautifulSoup]:
    """Cut each article of an instrument page into its own record (named page.html#aN); ignore it on the page."""
    out = {}
    lang = str(soup.html.get("lang", "ja")) if soup.html else "ja"
    japanese = lang.startswith("ja")
    h1 = soup.find("h1")
    instrument = h1.get_text().strip() if h1 else ""
    for div in soup.select("div.reiki-article[id]"):
        anchor = str(div["id"])
        label, caption = div.select_one("a.reiki-label"), div.select_one("p.reiki-caption")
        parts = [short, label.get_text().strip() if label else "", caption.get_text().strip() if caption else ""]
        title = ("" if japanese else " ").join(p for p in parts if p)
        body = BeautifulSoup(str(div), "html.parser")
        for drop in body.select("p.reiki-caption, .reiki-refby"):
            drop.decompose()
        record = ARTICLE_PAGE.format(
            lang=lang,
            title=html.escape(title),
            key="例規" if japanese else "Rule",
            instrument=html.escape(instrument),
            body=body,
        )
        out[f"{rel}#{anchor}"] = BeautifulSoup(record, "html.parser")
        div["data-pagefind-ignore"] = "all"
    return out


def stage_page(page: str, rel: str, short: str | None) -> dict[str, BeautifulSoup]:
    """The records to index for one built page: the page itself and, on an instrument page, each article."""
    soup = BeautifulSoup(page, "html.parser")
    main = soup.find("article", attrs={"role": "main"})
    if isinstance(main, Tag):
        main["data-pagefind-body"] = ""
    for link in soup.select("a.headerlink"):
        link.decompose()
    for skip in soup.select(".reiki-refby"):
        skip["data-pagefind-ignore"] = ""
    for section in soup.select("section[id]"):
        heading = section.find(re.compile("^h[2-6]$"))  # sub-results for sections, not the page title
        if isinstance(heading, Tag) and heading.parent is section and not heading.get("id"):
            heading["id"] = section["id"]
            del section["id"]
    records = articles(soup, rel, short) if short is not None else {}
    records[rel] = soup
    return records


def _japanese(soup: BeautifulSoup) -> bool:
    """Whether a record is in Japanese (other languages need no word splitting)."""
    return bool(soup.html) and str(soup.html.get("lang", "ja")).startswith("ja")


def segment(records: list[BeautifulSoup]) -> None:
    """Fold the indexed text and split it into words with the browser's segmenter (ICU), so index and query words align."""
    nodes = [
        node
        for soup in records
        for body in soup.select("[data-pagefind-body]")
        for node in body.find_all(string=True)
        if not isinstance(node, Comment)
        and node.parent is not None
        and node.parent.name not in ("script", "style")
        and not node.parent.has_attr("data-pagefind-meta")
    ]
    texts = [fold(str(n)) for n in nodes]
    run = subprocess.run(["node", str(SEGMENTER)], input=json.dumps(texts), capture_output=True, text=True, check=True)
    for node, text in zip(nodes, json.loads(run.stdout), strict=True):
        node.replace_with(NavigableString(text))


def stage(site: Path, dest: Path, mode: str = "words") -> int:
    """Write the records for every content page of site into dest; return how many.

    mode "raw": the built pages as they are; "articles": one record per page and per article;
    "words": the same with the text split into the browser's words (the site's index).
    """
    known = instruments(site)
    records: dict[str, BeautifulSoup | str] = {}
    for src in sorted(site.rglob("*.html")):
        rel = src.relative_to(site)
        if rel.name in SKIP_FILES or SKIP_DIRS.intersection(rel.parts[:-1]):
            continue
        page = src.read_text(encoding="utf-8")
        if SUPERSEDED in page:
            continue
        if mode == "raw":
            records[rel.as_posix()] = page
        else:
            records.update(stage_page(page, rel.as_posix(), known.get(rel.as_posix())))
    if mode == "words":
        segment([r for r in records.values() if isinstance(r, BeautifulSoup) and _japanese(r)])
    for name, record in records.items():
        out = dest / name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(str(record) if mode == "raw" else fold(str(record)), encoding="utf-8")
    return len(records)


def binary(kind: str) -> Path:
    """The Pagefind binary shipped by PyPI's pagefind-bin ("plain") or pagefind-bin-extended ("extended")."""
    if kind == "extended":
        from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]
    else:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]
    return Path(get_executable())


def build(site: Path, kind: str = "plain", mode: str = "words") -> str:
    """Index site into site/pagefind with the plain or extended binary (checked by its log); return the log."""
    exe = binary(kind)
    out = site / "pagefind"
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="pagefind-stage-") as tmp:
        records = stage(site, Path(tmp), mode)
        run = subprocess.run(
            [str(exe), "--site", tmp, "--glob", "**/*.html*", "--output-path", str(out.resolve())],
            capture_output=True,
            text=True,
        )
    log = run.stdout + run.stderr
    if run.returncode != 0:
        raise RuntimeError(f"pagefind failed ({exe}):\n{log}")
    if ("(Extended)" in log) != (kind == "extended"):
        raise RuntimeError(f"{exe} is not the {kind} Pagefind binary:\n{log}")
    indexed = re.search(r"Indexed (\d+) pages?", log)
    if not indexed or int(indexed.group(1)) != records:
        raise RuntimeError(f"pagefind indexed {indexed and indexed.group(1)} of {records} records:\n{log}")
    return log


def main(argv: list[str] | None = None) -> int:
    """Command line: search_index.py SITE [--binary plain|extended] [--mode words|articles|raw]."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("site", type=Path, help="the built HTML site (e.g. _build/html)")
    ap.add_argument("--binary", choices=["plain", "extended"], default="plain", help="Pagefind binary (default: plain)")
    ap.add_argument("--mode", choices=["words", "articles", "raw"], default="words", help="what to index (default: words)")
    args = ap.parse_args(argv)
    try:
        log = build(args.site, args.binary, args.mode)
    except (RuntimeError, ImportError, subprocess.CalledProcessError, FileNotFoundError) as err:
        print(f"search index: {err}", file=sys.stderr)
        return 1
    words = re.search(r"Indexed (\d+) words?", log)
    pages = re.search(r"Indexed (\d+) pages?", log)
    print(f"search: {args.site}/pagefind ({pages and pages.group(1)} records, {words and words.group(1)} words)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
