"""Build the site's Pagefind index offline: a record per page and per article (its anchor), split into browser words."""

from __future__ import annotations

import argparse
import copy
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from lxml.html import Element, HtmlElement, document_fromstring, tostring

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


def _class(name: str) -> str:
    """An XPath test for an element carrying a class."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _first(el: HtmlElement, xpath: str) -> HtmlElement | None:
    found = el.xpath(xpath)
    return found[0] if found else None


def _html(el: HtmlElement) -> str:
    return tostring(el, encoding="unicode", doctype="<!DOCTYPE html>")


def _article_title(doc: HtmlElement, div: HtmlElement, *parts: str) -> str:
    """An article's title: the given parts, its label (第19条) and its caption (（目的）), spaced unless Japanese."""
    label = _first(div, f".//a[{_class('reiki-label')}]")
    caption = _first(div, f".//p[{_class('reiki-caption')}]")
    words = [*parts, *(x.text_content().strip() for x in (label, caption) if x is not None)]
    return ("" if _japanese(doc) else " ").join(w for w in words if w)


def articles(doc: HtmlElement, rel: str, short: str) -> dict[str, HtmlElement]:
    """Cut each article of an instrument page into its own record (named page.html#aN); ignore it on the page."""
    out = {}
    h1 = _first(doc, "//h1")
    instrument = h1.text_content().strip() if h1 is not None else ""
    for div in doc.xpath(f"//div[{_class('reiki-article')}][@id]"):
        title = _article_title(doc, div, short)
        body = copy.deepcopy(div)
        body.tail = None
        for drop in body.xpath(f".//p[{_class('reiki-caption')}] | .//*[{_class('reiki-refby')}]"):
            drop.drop_tree()
        record = ARTICLE_PAGE.format(
            lang=doc.get("lang", "ja"),
            title=html.escape(title),
            key="例規" if _japanese(doc) else "Rule",
            instrument=html.escape(instrument),
            body=tostring(body, encoding="unicode"),
        )
        out[f"{rel}#{div.get('id')}"] = document_fromstring(record)
        div.set("data-pagefind-ignore", "all")
    return out


def article_headings(doc: HtmlElement) -> None:
    """Make each article a sub-result of its page: a heading with the article's anchor, label and caption."""
    for div in doc.xpath(f"//div[{_class('reiki-article')}][@id]"):
        heading = Element("h3")  # Pagefind makes a sub-result of each heading with an id
        heading.text = _article_title(doc, div)
        heading.set("id", str(div.attrib.pop("id")))
        for caption in div.xpath(f".//p[{_class('reiki-caption')}]")[:1]:
            caption.drop_tree()
        div.insert(0, heading)


def stage_page(page: str, rel: str, short: str | None) -> dict[str, HtmlElement]:
    """The records to index for one built page: the page itself and, on an instrument page, each article."""
    doc = document_fromstring(page)
    main = _first(doc, "//article[@role='main']")
    if main is not None:
        main.set("data-pagefind-body", "")
    for link in doc.xpath(f"//a[{_class('headerlink')}]"):
        link.drop_tree()
    for skip in doc.xpath(f"//*[{_class('reiki-refby')}]"):
        skip.set("data-pagefind-ignore", "")
    for section in doc.xpath("//section[@id]"):
        heading = next(section.iterdescendants("h2", "h3", "h4", "h5", "h6"), None)  # sub-results for sections
        if heading is not None and heading.getparent() is section and not heading.get("id"):
            heading.set("id", str(section.get("id")))
            del section.attrib["id"]
    records = articles(doc, rel, short) if short is not None else {}
    records[rel] = doc
    return records


def _japanese(doc: HtmlElement) -> bool:
    """Whether a record is in Japanese (other languages need no word splitting)."""
    return str(doc.get("lang", "ja")).startswith("ja")


def _indexed(parent: HtmlElement) -> bool:
    """Whether text directly inside this element is indexed words (not script, style or a meta value)."""
    return parent.tag not in ("script", "style") and parent.get("data-pagefind-meta") is None


def _text_slots(el: HtmlElement, slots: list[tuple[HtmlElement, str, str]]) -> None:
    """Collect the indexed text inside el, skipping ignored parts (an instrument page's articles have own records)."""
    indexed = _indexed(el)
    if indexed and el.text:
        slots.append((el, "text", el.text))
    for child in el:
        # comments and processing instructions have no indexed text of their own, only a tail
        if isinstance(child.tag, str) and child.get("data-pagefind-ignore") is None:
            _text_slots(child, slots)
        if indexed and child.tail:
            slots.append((child, "tail", child.tail))


def segment(records: list[HtmlElement]) -> None:
    """Fold the indexed text and split it into words with the browser's segmenter (ICU), so index and query words align."""
    slots: list[tuple[HtmlElement, str, str]] = []  # (element, "text" or "tail", the text)
    for doc in records:
        for body in doc.xpath("//*[@data-pagefind-body]"):
            _text_slots(body, slots)
    # white space between tags splits into one space: only the rest goes to the segmenter
    for el, attr, text in slots:
        if text.isspace():
            setattr(el, attr, " ")
    words = [(el, attr, text) for el, attr, text in slots if not text.isspace()]
    for (el, attr, _), text in zip(words, split_words([fold(t) for _, _, t in words]), strict=True):
        setattr(el, attr, text)


def split_words(texts: list[str]) -> list[str]:
    """Run the segmenter over the texts in one Node process."""
    if not texts:
        return []
    done = subprocess.run(["node", str(SEGMENTER)], input=json.dumps(texts), capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _stage_pages(pages: list[str], site: str, dest: str, mode: str, known: dict[str, str]) -> int:
    """Stage some of the site's pages (one worker's share); return how many records were written."""
    records: dict[str, HtmlElement | str] = {}
    for rel in pages:
        page = Path(site, rel).read_text(encoding="utf-8")
        if SUPERSEDED in page:
            continue
        if mode == "raw":
            records[rel] = page
        elif mode == "sections":
            records.update(stage_page(page, rel, None))
            if rel in known:
                article_headings(records[rel])
        else:
            records.update(stage_page(page, rel, None if mode == "pages" else known.get(rel)))
    if mode in ("words", "pages", "sections"):
        segment([r for r in records.values() if not isinstance(r, str) and _japanese(r)])
    for name, record in records.items():
        out = Path(dest, name)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(record if isinstance(record, str) else fold(_html(record)), encoding="utf-8")
    return len(records)


def stage(site: Path, dest: Path, mode: str = "words", jobs: int | None = None) -> int:
    """Write the records for every content page of site into dest; return how many.

    mode "raw": the built pages as they are; "articles": one record per page and per article;
    "words": the same with the text split into the browser's words (the site's index);
    "pages": one record per page, words split (measures the cost of per-article records; see scale.md);
    "sections": the same with each article a heading of its page, so that search shows it as a sub-result.
    Large sites are staged by one process per core, each with its own share of the pages.
    """
    known = instruments(site)
    pages = [
        rel.as_posix()
        for rel in (p.relative_to(site) for p in sorted(site.rglob("*.html")))
        if rel.name not in SKIP_FILES and not SKIP_DIRS.intersection(rel.parts[:-1])
    ]
    if jobs is None:
        jobs = min(os.cpu_count() or 1, 4) if len(pages) >= 100 else 1
    if jobs == 1:
        return _stage_pages(pages, str(site), str(dest), mode, known)
    shares = [pages[i::jobs] for i in range(jobs)]
    with ProcessPoolExecutor(jobs) as pool:
        return sum(pool.map(_stage_pages, shares, *zip(*[(str(site), str(dest), mode, known)] * jobs, strict=True)))


def binary(kind: str) -> Path:
    """The Pagefind binary shipped by PyPI's pagefind-bin ("plain") or pagefind-bin-extended ("extended")."""
    if kind == "extended":
        from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]
    else:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]
    return Path(get_executable())


def build(site: Path, kind: str = "plain", mode: str = "words", timings: dict[str, float] | None = None) -> str:
    """Index site into site/pagefind with the plain or extended binary (checked by its log); return the log.

    timings, when given, receives the seconds of the two steps: "stage" (the records) and "pagefind" (the index).
    """
    exe = binary(kind)
    out = site / "pagefind"
    shutil.rmtree(out, ignore_errors=True)  # fresh: Pagefind skips hashed files that exist
    times = {} if timings is None else timings
    with tempfile.TemporaryDirectory(prefix="pagefind-stage-") as tmp:
        start = time.perf_counter()
        records = stage(site, Path(tmp), mode)
        times["stage"] = time.perf_counter() - start
        run = subprocess.run(
            [str(exe), "--site", tmp, "--glob", "**/*.html*", "--output-path", str(out.resolve())],
            capture_output=True,
            text=True,
        )
        times["pagefind"] = time.perf_counter() - start - times["stage"]
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
    """Command line: search_index.py SITE [--binary plain|extended] [--mode words|articles|pages|sections|raw]."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("site", type=Path, help="the built HTML site (e.g. _build/html)")
    ap.add_argument("--binary", choices=["plain", "extended"], default="plain", help="Pagefind binary (default: plain)")
    modes = ["words", "articles", "pages", "sections", "raw"]
    ap.add_argument("--mode", choices=modes, default="words", help="what to index (default: words)")
    args = ap.parse_args(argv)
    timings: dict[str, float] = {}
    try:
        log = build(args.site, args.binary, args.mode, timings)
    except (RuntimeError, ImportError, subprocess.CalledProcessError, FileNotFoundError) as err:
        print(f"search index: {err}", file=sys.stderr)
        return 1
    words = re.search(r"Indexed (\d+) words?", log)
    pages = re.search(r"Indexed (\d+) pages?", log)
    print(
        f"search: {args.site}/pagefind ({pages and pages.group(1)} records, {words and words.group(1)} words; "
        f"staged in {timings['stage']:.2f} s, Pagefind {timings['pagefind']:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
