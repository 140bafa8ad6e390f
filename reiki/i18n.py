"""The English edition: translation status per page, a notice where it is incomplete, and a hard stop for rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import extract_messages

from .errors import error
from .messages import msg

NORMATIVE = ("policies/",)
# A fuzzy guess is dangerous when the message carries a figure (a date, an article or item number, an amount) or a 附則:
# a translation of the old message would print the old figure without anybody noticing (tools/po_defuzz.py clears it).
RISKY = re.compile(r"[0-9０-９〇一二三四五六七八九十]|明治|大正|昭和|平成|令和|附則|施行")
# Japanese text on a page of another language: kana, kanji, iteration marks, Japanese and full-width punctuation
KANJI_KANA = "\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
PUNCT = "\u3000-\u3004\u3008-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
# a run: kana or kanji, with the punctuation, digits and spaces between and around them (平成28年9月、…)
JAPANESE_RUN = re.compile(f"(?:[0-9{PUNCT}]*)[{KANJI_KANA}](?:[{KANJI_KANA}{PUNCT}0-9０-９ \u3000]*[{KANJI_KANA}{PUNCT}])?")
TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
# elements whose text is not HTML flow content: a span there would be invalid or visible as text
RAW = ("script", "style", "svg", "textarea", "option", "title")


@dataclass(frozen=True)
class Status:
    """Message counts of one catalog."""

    total: int
    translated: int
    fuzzy: int

    @property
    def untranslated(self) -> int:
        """Messages with no translation at all."""
        return self.total - self.translated - self.fuzzy


def status(po: Path) -> Status:
    """Count the messages of a .po file (the header entry excluded)."""
    with po.open("rb") as fh:
        catalog = read_po(fh)
    msgs = [m for m in catalog if m.id]
    fuzzy = sum(1 for m in msgs if m.fuzzy)
    done = sum(1 for m in msgs if m.string and not m.fuzzy)
    return Status(len(msgs), done, fuzzy)


@dataclass(frozen=True)
class Missing:
    """A Japanese message of the current source that the catalog does not translate."""

    source: str  # the file the text is written in (a page, an included fragment)
    line: int
    text: str
    state: str  # "changed" (not in the catalog: the source changed since make intl-update), "untranslated", "fuzzy"
    po_line: int  # where to translate it in the catalog (after make intl-update when changed)


class SourceMessages(SphinxTransform):
    """Before the translation: keep the page's messages in order (what make gettext would extract)."""

    default_priority = 19  # after PreserveTranslatableMessages (10), before Locale (20)

    def apply(self, **kwargs: Any) -> None:
        """Note the messages of a translated page."""
        if (self.config.language or "ja") != "ja" and self.config.locale_dirs:
            self.document["reiki_messages"] = list(dict.fromkeys(m for _, m in extract_messages(self.document)))


class UntranslatedMessages(SphinxTransform):
    """After the translation: record each Japanese message of the current source that stayed untranslated."""

    default_priority = 21  # after Locale (20)

    def apply(self, **kwargs: Any) -> None:
        """Compare the page's translatable text with its catalog, in the build itself (not the last intl-update)."""
        order = self.document.attributes.pop("reiki_messages", None)
        if order is None:
            return
        docname = self.env.docname
        left = [(n, m) for n, m in extract_messages(self.document) if n.get("translated") is False and has_japanese(m)]
        store: dict[str, list[Missing]] = _store(self.env)
        store.pop(docname, None)
        if not left:
            return
        po = catalog_file(self.env.srcdir, self.config, docname)
        store[docname] = missing_messages(po, order, left, str(self.env.doc2path(docname)))


def has_japanese(text: str) -> bool:
    """Whether a message carries kana or kanji (text that would show in Japanese on an English page)."""
    return re.search(f"[{KANJI_KANA}]", text) is not None


def _store(env: Any) -> dict[str, list[Missing]]:
    if not hasattr(env, "reiki_untranslated"):
        env.reiki_untranslated = {}
    return env.reiki_untranslated


def missing_messages(po: Path, order: list[str], left: list[tuple[nodes.Element, str]], page: str) -> list[Missing]:
    """Each untranslated message, with the catalog line to translate it at (after the update make intl-update would do)."""
    catalog = _read(po) if po.exists() else Catalog(locale="en")
    known = {str(m.id): m for m in catalog if m.id}
    lines = updated_lines(catalog, order)
    out = []
    for node, text in left:
        entry = known.get(text)
        state = "changed" if entry is None else "fuzzy" if entry.fuzzy else "untranslated"
        po_line = (entry.lineno if entry is not None else lines.get(text)) or 1
        out.append(Missing(str(node.source or page), node.line or 1, text, state, po_line))
    return out


def _read(po: Path) -> Catalog:
    with po.open("rb") as fh:
        return read_po(fh)


def updated_lines(catalog: Catalog, order: list[str]) -> dict[str, int]:
    """Where each message would stand in the catalog once make intl-update has run (sphinx-intl: babel's update)."""
    template = Catalog(locale="en")
    for text in order:
        template.add(text)
    updated = _read_bytes(_write(catalog))  # a copy: the update changes the catalog it is given
    updated.update(template)
    for m in updated:  # what po_defuzz.py clears after the update
        if m.id and m.fuzzy and RISKY.search(str(m.id)):
            m.string, m.previous_id = "", []
            m.flags.discard("fuzzy")
    return {str(m.id): m.lineno or 1 for m in _read_bytes(_write(updated)) if m.id}


def _write(catalog: Catalog) -> bytes:
    buf = BytesIO()
    write_po(buf, catalog, width=0)
    return buf.getvalue()


def _read_bytes(data: bytes) -> Catalog:
    return read_po(BytesIO(data))


def purge(app: Any, env: Any, docname: str) -> None:
    """Forget a page's findings when it is read again."""
    _store(env).pop(docname, None)


def merge(app: Any, env: Any, docnames: set[str], other: Any) -> None:
    """Parallel reading: take the findings of the pages another process read."""
    mine = _store(env)
    for docname, found in _store(other).items():
        if docname in docnames:
            mine[docname] = found


def catalog_path(app: Any, docname: str) -> Path:
    """The .po file of a document in the first locale directory."""
    return catalog_file(app.confdir, app.config, docname)


def catalog_file(root: Any, config: Any, docname: str) -> Path:
    """The .po file of a document in the first locale directory under root."""
    return Path(root, config.locale_dirs[0], config.language, "LC_MESSAGES", f"{docname}.po")


def notice(app: Any, doctree: nodes.document, docname: str) -> None:
    """In a translated build, flag the pages whose current text is not fully translated."""
    lang = app.config.language or "ja"
    if lang == "ja" or not app.config.locale_dirs or app.builder.format != "html":
        return
    po = catalog_path(app, docname)
    found = _store(app.env).get(docname, [])
    if po.exists() and not found:
        return
    if po.exists():
        changed = sum(1 for m in found if m.state in ("changed", "fuzzy"))
        missing = f"{len(found) - changed} untranslated and {changed} out-of-date"
    else:
        missing = "no translation catalog"
    box = nodes.admonition(classes=["translation-notice"])
    box += nodes.title("", "Translation incomplete")
    text = (
        f"This page is not fully translated ({missing} messages); "
        "the untranslated parts are shown in Japanese, which is the authoritative text."
    )
    box += nodes.paragraph(text, text)
    first = next(iter(doctree.findall(nodes.section)), None)
    if first is not None:
        title = first.next_node(nodes.title)
        first.insert(first.index(title) + 1 if title else 0, box)


def mark_japanese(html: str) -> str:
    """Wrap each run of Japanese text in <span lang="ja">, leaving tags, attributes and other text as they are."""
    out, raw = [], None
    for part in TAG.split(html):
        if part.startswith("<"):
            name = re.match(r"</?([A-Za-z0-9]+)", part)
            tag = name.group(1).lower() if name else ""
            if raw is None and tag in RAW and not part.startswith("</") and not part.endswith("/>"):
                raw = tag
            elif raw == tag and part.startswith("</"):
                raw = None
            out.append(part)
        elif raw is None and part:
            out.append(JAPANESE_RUN.sub(lambda m: f'<span lang="ja">{m.group()}</span>', part))
        else:
            out.append(part)
    return "".join(out)


def tag_japanese(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """On a page of another language, mark the Japanese passages (untranslated text, names) lang="ja"."""
    if (app.config.language or "ja") == "ja":
        return
    for key in ("body", "toc"):
        if isinstance(context.get(key), str):
            context[key] = mark_japanese(context[key])


def check(app: Any, exc: Exception | None) -> None:
    """On every translated build, written pages or not: each rule's current text must be translated.

    The pages' text is compared with the catalogs while they are read (UntranslatedMessages), so a sentence changed
    after the last make intl-update is found too; the findings are kept with the pages and reported on every build.
    """
    lang = app.config.language or "ja"
    if exc is not None or lang == "ja" or not app.config.locale_dirs or app.builder.format not in ("html", "latex"):
        return
    found = _store(app.env)
    for docname in sorted(d for d in app.env.found_docs if d.startswith(NORMATIVE)):
        po = catalog_path(app, docname)
        rel = po.relative_to(app.confdir).as_posix()
        if not po.exists():
            error(msg("i18n-no-catalog", docname=docname, po=rel), (docname, 1), "i18n")
            continue
        if not found.get(docname):
            continue
        first, *more = found[docname]
        text = first.text if len(first.text) <= 30 else first.text[:29] + "…"
        others = f"ほか{len(more)}件、" if more else ""
        fields = {"text": text, "others": others, "po": rel, "line": first.po_line}
        found_text = msg("i18n-changed", **fields) if first.state == "changed" else msg("i18n-rule", **fields)
        where = f"{first.source}:{first.line}"
        error(found_text, where, "i18n")


def register(app: Any) -> None:
    """Register the hooks."""
    app.add_transform(SourceMessages)
    app.add_transform(UntranslatedMessages)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("doctree-resolved", notice)
    app.connect("html-page-context", tag_japanese)
    app.connect("build-finished", check)
