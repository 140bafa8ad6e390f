"""Build the site's Pagefind index offline: a record per page and per article (its anchor), split into browser words."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from icu4py.breakers import WordBreaker
from lxml.etree import Element, HTMLParser, SubElement, fromstring, tostring

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools import search_offline

# Pages that are not content: the search page, the general index, print roots (they repeat other pages).
SKIP_FILES = {"search.html", "genindex.html", "py-modindex.html"}
SUPERSEDED = 'class="reiki-version-note"'  # the text of an earlier version: search finds the rules in force
# navigation aids the site marks as not words of the page: "cited by" lists, the audit items that check an article
NO_SEARCH = "no-search"
SKIP_DIRS = {"_static", "_sources", "_images", "_downloads", "pagefind", "print"}
FULLWIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]")
HALFWIDTH_KANA = re.compile("[\uff61-\uff9f]+")
# what JavaScript's \\s matches (the browser's split collapses it): not quite Python's \\s
JS_SPACE = re.compile(r"[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")
CHROMIUM_BREAK_CHARS = ".:\uff0e\uff1a\ufe55"
CHROMIUM_BREAKS = re.compile(f"[{CHROMIUM_BREAK_CHARS}]")
PARSER = HTMLParser()  # plain lxml elements: without lxml.html's element classes, walking the tree is faster


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


def _first(el: Element, xpath: str) -> Element | None:
    found = el.xpath(xpath)
    return found[0] if found else None


def _html(el: Element) -> str:
    return tostring(el, encoding="unicode", method="html", doctype="<!DOCTYPE html>")


def _text(el: Element) -> str:
    """All the text inside el, stripped."""
    return "".join(el.itertext()).strip()


def _drop(el: Element) -> None:
    """Remove el and what is inside it, keeping the text that follows it."""
    parent, before = el.getparent(), el.getprevious()
    if el.tail and before is not None:
        before.tail = (before.tail or "") + el.tail
    elif el.tail:
        parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _article_title(doc: Element, div: Element, *parts: str) -> str:
    """An article's title: the given parts, its label (第19条) and its caption (（目的）), spaced unless Japanese."""
    label = _first(div, f".//a[{_class('reiki-label')}]")
    caption = _first(div, f".//p[{_class('reiki-caption')}]")
    words = [*parts, *(_text(x) for x in (label, caption) if x is not None)]
    return ("" if _japanese(doc) else " ").join(w for w in words if w)


def record(lang: str, title: str, main: Element | None = None) -> tuple[Element, Element]:
    """A record: a small page of its own in lang, titled; return it and the body Pagefind indexes (main, or new)."""
    doc = Element("html", lang=lang)
    head = SubElement(doc, "head")
    SubElement(head, "meta", charset="utf-8")
    SubElement(head, "title").text = title
    body = SubElement(doc, "body")
    if main is None:
        main = SubElement(body, "main", {"data-pagefind-body": ""})
    else:
        body.append(main)
    return doc, main


def articles(doc: Element, rel: str, short: str) -> dict[str, Element]:
    """Cut each article of an instrument page into its own record (named page.html#aN); take it off the page."""
    out = {}
    h1 = _first(doc, "//h1")
    instrument = _text(h1) if h1 is not None else ""
    lang, key = doc.get("lang", "ja"), "例規" if _japanese(doc) else "Rule"
    for div in doc.xpath(f"//div[{_class('reiki-article')}][@id]"):
        anchor, title = div.get("id"), _article_title(doc, div, short)
        page, main = record(lang, title)
        SubElement(main, "h1").text = title
        SubElement(main, "p", {"data-pagefind-ignore": "", "data-pagefind-meta": key}).text = instrument
        for drop in div.xpath(f".//p[{_class('reiki-caption')}] | .//*[{_class(NO_SEARCH)}]"):
            _drop(drop)
        _drop(div)  # the page's own record indexes the rest of the page
        div.tail = None
        for el in div.iter():  # classes, links and ids are not searched; ids would only become Pagefind anchors
            for name in [n for n in el.attrib if not n.startswith("data-pagefind")]:
                del el.attrib[name]
        main.append(div)
        out[f"{rel}#{anchor}"] = page
    return out


def article_headings(doc: Element) -> None:
    """Make each article a sub-result of its page: a heading with the article's anchor, label and caption."""
    for div in doc.xpath(f"//div[{_class('reiki-article')}][@id]"):
        heading = Element("h3")  # Pagefind makes a sub-result of each heading with an id
        heading.text = _article_title(doc, div)
        heading.set("id", str(div.attrib.pop("id")))
        for caption in div.xpath(f".//p[{_class('reiki-caption')}]")[:1]:
            _drop(caption)
        div.insert(0, heading)


def stage_page(page: str, rel: str, short: str | None) -> dict[str, Element]:
    """The records to index for one built page: the page itself and, on an instrument page, each article."""
    doc = fromstring(fold(page), PARSER)  # folded as the UI folds queries; titles and meta values too
    main = _first(doc, "//article[@role='main']")
    if main is not None:
        main.set("data-pagefind-body", "")
    for link in doc.xpath(f"//a[{_class('headerlink')}]"):
        _drop(link)
    for skip in doc.xpath(f"//*[{_class(NO_SEARCH)}]"):
        skip.set("data-pagefind-ignore", "")
    for section in doc.xpath("//section[@id]"):
        heading = next(section.iterdescendants("h2", "h3", "h4", "h5", "h6"), None)  # sub-results for sections
        if heading is not None and heading.getparent() is section and not heading.get("id"):
            heading.set("id", str(section.get("id")))
            del section.attrib["id"]
    records = articles(doc, rel, short) if short is not None else {}
    # the page's record: its language, title and main body (Pagefind indexes nothing else of the page)
    records[rel] = doc if main is None else record(doc.get("lang", "ja"), doc.findtext(".//title") or "", main)[0]
    return records


def _japanese(doc: Element) -> bool:
    """Whether a record is in Japanese (other languages need no word splitting)."""
    return str(doc.get("lang", "ja")).startswith("ja")


def _indexed(el: Element, ignored: set[Element]) -> bool:
    """Whether text directly inside el is indexed words (not ignored, nor a script, a style or a meta value)."""
    return el not in ignored and el.tag not in ("script", "style") and el.get("data-pagefind-meta") is None


def text_slots(body: Element) -> list[tuple[Element, bool]]:
    """The indexed text of a record's body, as (node, whether it is the node's tail), skipping ignored parts."""
    ignored = {node for top in body.iterfind(".//*[@data-pagefind-ignore]") for node in top.iter()}
    slots = []
    for node in body.iter():
        # comments and processing instructions have no indexed text of their own, only a tail
        if node.text and isinstance(node.tag, str) and _indexed(node, ignored):
            slots.append((node, False))
        if node.tail and node is not body and _indexed(node.getparent(), ignored):
            slots.append((node, True))
    return slots


def segment(records: list[Element]) -> None:
    """Split the indexed text into words with the browser's segmenter (ICU), so index and query words align."""
    slots = [slot for doc in records for body in doc.iterfind(".//*[@data-pagefind-body]") for slot in text_slots(body)]
    texts = [node.tail if tail else node.text for node, tail in slots]
    words = [i for i, text in enumerate(texts) if not text.isspace()]
    split = dict(zip(words, split_words([texts[i] for i in words]), strict=True))
    for i, (node, tail) in enumerate(slots):  # white space between tags becomes one space
        setattr(node, "tail" if tail else "text", split.get(i, " "))


def split_words(texts: list[str]) -> list[str]:
    """Split each text into the browser's words (ICU's, as Intl.Segmenter in Chromium), separated by single spaces."""
    out = []
    for text in texts:
        words = WordBreaker(text, "ja")
        out.append(JS_SPACE.sub(" ", " ".join(_chromium(words) if CHROMIUM_BREAKS.search(text) else words)))
    return out


def _chromium(words: Iterable[str]) -> Iterator[str]:
    """Chromium's tailoring of ICU's word breaks: . : ． ： ﹕ between letters end a word (data.yaml is 3 words).

    Between digits they stay inside it (1.5, as in ICU). A mark or format character after one stays with it.
    """
    for word in words:
        start = i = 0
        while i < len(word):
            if word[i] in CHROMIUM_BREAK_CHARS and not (
                0 < i < len(word) - 1 and word[i - 1].isdigit() and word[i + 1].isdigit()
            ):
                end = i + 1
                while end < len(word) and unicodedata.category(word[end]) in ("Mn", "Me", "Mc", "Cf"):
                    end += 1
                if i > start:
                    yield word[start:i]
                yield word[i:end]
                start = i = end
            else:
                i += 1
        if start < len(word):
            yield word[start:]


def _stage_pages(pages: list[str], site: str, mode: str, known: dict[str, str]) -> dict[str, str]:
    """The records of some of the site's pages (one worker's share), by file name."""
    records: dict[str, Element | str] = {}
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
    return {name: r if isinstance(r, str) else _html(r) for name, r in records.items()}


def stage(site: Path, dest: Path, mode: str = "words", jobs: int | None = None) -> int:
    """Write the records for every content page of site into dest; return how many.

    mode "raw": the built pages as they are; "articles": one record per page and per article;
    "words": the same with the text split into the browser's words (the site's index);
    "pages": one record per page, words split (measures the cost of per-article records; see scale.md);
    "sections": the same with each article a heading of its page, so that search shows it as a sub-result.
    Large sites are staged by one process per core, each with its own share of the pages.
    The files are written in name order by this process: Pagefind numbers the records in the order the file
    system lists them, which on tmpfs is the order of writing, so the index is the same from run to run.
    """
    known = instruments(site)
    pages = [
        rel.as_posix()
        for rel in (p.relative_to(site) for p in sorted(site.rglob("*.html")))
        if rel.name not in SKIP_FILES and not SKIP_DIRS.intersection(rel.parts[:-1])
    ]
    if jobs is None:
        jobs = min(os.cpu_count() or 1, 4) if len(pages) >= 100 else 1
    records: dict[str, str] = {}
    if jobs == 1:
        records = _stage_pages(pages, str(site), mode, known)
    else:
        with ProcessPoolExecutor(jobs) as pool:
            shares = [pages[i::jobs] for i in range(jobs)]
            for part in pool.map(_stage_pages, shares, *zip(*[(str(site), mode, known)] * jobs, strict=True)):
                records.update(part)
    for name in sorted(records):
        out = dest / name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(records[name], encoding="utf-8")
    return len(records)


def binary(kind: str) -> Path:
    """The Pagefind binary shipped by PyPI's pagefind-bin ("plain") or pagefind-bin-extended ("extended")."""
    if kind == "extended":
        from pagefind_bin_extended import get_executable
    else:
        from pagefind_bin import get_executable
    return Path(get_executable())


def scratch(site: Path) -> str | None:
    """Where to stage and index: memory (/dev/shm) when it has room for five times the site's pages, else the default.

    Pagefind writes a file per record with several threads at once; into this machine's ext4, just after an earlier
    output was removed, that took 8.9-10.5 s at 400 instruments, against 6.6-7.1 s into tmpfs and 1.5 s to copy.
    """
    shm = Path("/dev/shm")
    if not shm.is_dir() or not os.access(shm, os.W_OK):
        return None
    size = sum(p.stat().st_size for p in site.rglob("*.html"))
    return str(shm) if shutil.disk_usage(shm).free > 5 * size else None


def build(site: Path, kind: str = "plain", mode: str = "words", timings: dict[str, float] | None = None) -> str:
    """Index site into site/pagefind with the plain or extended binary (checked by its log); return the log.

    The bundle is then also written as plain scripts (pagefind/classic, tools/search_offline.py), which the site loads.
    timings, when given, receives the seconds of the steps: "stage" (the records), "pagefind" (the index) and
    "offline" (the plain scripts).
    """
    exe = binary(kind)
    out = site / "pagefind"
    shutil.rmtree(out, ignore_errors=True)  # fresh: Pagefind skips hashed files that exist
    times = {} if timings is None else timings
    with tempfile.TemporaryDirectory(prefix="pagefind-", dir=scratch(site)) as tmp:
        start = time.perf_counter()
        records = stage(site, Path(tmp, "records"), mode)
        times["stage"] = time.perf_counter() - start
        bundle = Path(tmp, "bundle")
        run = subprocess.run(
            [str(exe), "--site", str(Path(tmp, "records")), "--glob", "**/*.html*", "--output-path", str(bundle)],
            capture_output=True,
            text=True,
        )
        if run.returncode == 0:
            shutil.copytree(bundle, out)
        times["pagefind"] = time.perf_counter() - start - times["stage"]
    log = run.stdout + run.stderr
    if run.returncode != 0:
        raise RuntimeError(f"pagefind failed ({exe}):\n{log}")
    if ("(Extended)" in log) != (kind == "extended"):
        raise RuntimeError(f"{exe} is not the {kind} Pagefind binary:\n{log}")
    indexed = re.search(r"Indexed (\d+) pages?", log)
    if not indexed or int(indexed.group(1)) != records:
        raise RuntimeError(f"pagefind indexed {indexed and indexed.group(1)} of {records} records:\n{log}")
    start = time.perf_counter()
    try:
        search_offline.build(site)
    except search_offline.OfflineError as err:
        raise RuntimeError(str(err)) from err
    times["offline"] = time.perf_counter() - start
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
        f"staged in {timings['stage']:.2f} s, Pagefind {timings['pagefind']:.2f} s, "
        f"as plain scripts in {timings['offline']:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
