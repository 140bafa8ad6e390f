"""Stable ASCII ids for headings: 第N章/第N節/附則 in instruments, a content hash elsewhere."""

from __future__ import annotations

import hashlib
import re

from docutils import nodes
from sphinx.transforms import SphinxTransform

from . import context
from .errors import error
from .messages import msg

CHAPTER = re.compile(r"^第(\d+)章[ 　]+\S")
SECTION = re.compile(r"^第(\d+)節[ 　]+\S")
AUTO_ID = re.compile(r"^id\d+$")


def _set_id(document: nodes.document, section: nodes.section, new: str) -> None:
    for old in section["ids"]:
        document.ids.pop(old, None)
    section["ids"] = [new]
    document.ids[new] = section


class SectionIds(SphinxTransform):
    """Give sections stable ids and check chapter/section numbering in instruments."""

    default_priority = 10  # before i18n (Locale, 20): ids and numbering come from the Japanese source

    def apply(self, **kwargs: object) -> None:
        """Replace automatic ids; in instruments use chN / chN-sM / suppl."""
        ctx = context.get(self.env)
        top = [s for s in self.document.children if isinstance(s, nodes.section)]
        for s in self.document.findall(nodes.section):
            title = s.next_node(nodes.title)
            text = title.astext() if title else ""
            if AUTO_ID.match(s["ids"][0] if s["ids"] else "id0"):
                base = "h-" + hashlib.sha1(text.encode()).hexdigest()[:8]
                new, n = base, 1
                while new in self.document.ids:  # the same heading twice on a page: -2, -3 … in order
                    n += 1
                    new = f"{base}-{n}"
                _set_id(self.document, s, new)
        if ctx is None:
            return
        chapter = 0
        for h1 in top:
            _set_id(self.document, h1, "top")
            subsections = [c for c in h1.children if isinstance(c, nodes.section)]
            seen_suppl = False
            for ch in subsections:
                title = ch.next_node(nodes.title)
                if title is None:  # docutils gives every section a title
                    continue
                text = title.astext().strip()
                loc = (self.env.docname, title.line)
                if text == "附則":
                    _set_id(self.document, ch, "suppl")
                    seen_suppl = True
                    continue
                m = CHAPTER.match(text)
                if not m or seen_suppl:
                    error(msg("heading-in-instrument", text=text), loc, "numbering")
                    continue
                n = int(m.group(1))
                if n != chapter + 1:
                    error(msg("chapter-sequence", want=chapter + 1, found=n), loc, "numbering")
                chapter = n
                _set_id(self.document, ch, f"ch{n}")
                self._sections(ch, n)

    def _sections(self, chapter: nodes.section, n: int) -> None:
        count = 0
        for sec in (c for c in chapter.children if isinstance(c, nodes.section)):
            title = sec.next_node(nodes.title)
            if title is None:  # docutils gives every section a title
                continue
            text = title.astext().strip()
            m = SECTION.match(text)
            loc = (self.env.docname, title.line)
            if not m:
                error(msg("heading-in-chapter", chapter=n, text=text), loc, "numbering")
                continue
            if int(m.group(1)) != count + 1:
                error(msg("section-sequence", want=count + 1, found=text.split()[0]), loc, "numbering")
            count = int(m.group(1))
            _set_id(self.document, sec, f"ch{n}-s{count}")
