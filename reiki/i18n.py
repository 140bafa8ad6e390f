"""The English edition: translation status per page, a notice where it is incomplete, and a hard stop for rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po
from docutils import nodes

from .errors import error
from .messages import msg

NORMATIVE = ("policies/",)
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


def catalog_path(app: Any, docname: str) -> Path:
    """The .po file of a document in the first locale directory."""
    return Path(app.confdir, app.config.locale_dirs[0], app.config.language, "LC_MESSAGES", f"{docname}.po")


def notice(app: Any, doctree: nodes.document, docname: str) -> None:
    """In a translated build, flag incomplete pages; an incomplete rule stops the build."""
    lang = app.config.language or "ja"
    if lang == "ja" or not app.config.locale_dirs or app.builder.format != "html":
        return
    po = catalog_path(app, docname)
    st = status(po) if po.exists() else None
    if st is not None and st.translated == st.total:
        return
    missing = f"{st.untranslated} untranslated and {st.fuzzy} out-of-date" if st else "no translation catalog"
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
    """On every translated build, written pages or not: each rule's catalog must be complete."""
    lang = app.config.language or "ja"
    if exc is not None or lang == "ja" or not app.config.locale_dirs or app.builder.format not in ("html", "latex"):
        return
    for docname in sorted(d for d in app.env.found_docs if d.startswith(NORMATIVE)):
        po = catalog_path(app, docname)
        st = status(po) if po.exists() else None
        if st is not None and st.translated == st.total:
            continue
        rel = po.relative_to(app.confdir).as_posix()
        if st is None:
            error(msg("i18n-no-catalog", docname=docname, po=rel), (docname, 1), "i18n")
        else:
            found = msg("i18n-rule", docname=docname, untranslated=st.untranslated, fuzzy=st.fuzzy, po=rel)
            error(found, (docname, 1), "i18n")


def register(app: Any) -> None:
    """Register the hooks."""
    app.connect("doctree-resolved", notice)
    app.connect("html-page-context", tag_japanese)
    app.connect("build-finished", check)
