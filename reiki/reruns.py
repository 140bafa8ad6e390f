"""Strict on every run: a document that warned is read and written again by each later build until it is clean."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.logging import NAMESPACE, get_node_location

KEY = "reiki_doc"  # the record attribute naming the document a warning belongs to
WARNED: set[str] = set()  # the documents that warned so far in this build (parallel writers inherit it)
_RECORDER: Recorder | None = None


def record_path(app: Sphinx) -> Path:
    """The list of documents that warned, next to the doctrees, one per builder (HTML and LaTeX share doctrees)."""
    return Path(app.doctreedir, f"reiki-warned-{app.builder.name}.json")


class Recorder(logging.Handler):
    """Notes the document of every warning: the one it is located in, or the one being read or resolved."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(level=logging.WARNING)
        self.app = app
        self.docs: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        """Remember the warning's document (the first time the record is seen: Sphinx replays held warnings)."""
        doc = getattr(record, KEY, None) or self.document(record)
        if doc:
            setattr(record, KEY, doc)
            self.docs.add(doc)
            WARNED.add(doc)

    def document(self, record: logging.LogRecord) -> str | None:
        """The document a warning is about, if any."""
        env = self.app.env
        loc: Any = getattr(record, "location", None)
        if isinstance(loc, nodes.Node):
            loc = get_node_location(loc)
        doc: str | None = None
        if isinstance(loc, tuple) and loc:
            doc = loc[0]
        elif isinstance(loc, str) and loc:
            path = loc.rsplit(":", 1)[0] if loc.rsplit(":", 1)[-1].isdigit() else loc
            doc = path if path in env.found_docs else env.path2doc(path)
        if doc not in env.found_docs:  # a data file, an included fragment, no location: the document at work
            doc = env.current_document.docname or None
        return doc if doc in env.found_docs else None


def start(app: Sphinx) -> None:
    """Load the documents that warned last time and start noting this build's."""
    path = record_path(app)
    try:
        before = set(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        before = set()
    global _RECORDER
    recorder = _RECORDER = Recorder(app)
    WARNED.clear()
    app.reiki_warned = before  # type: ignore[attr-defined]
    app.reiki_recorder = recorder  # type: ignore[attr-defined]
    logging.getLogger(NAMESPACE).addHandler(recorder)


def outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Read again every document that warned in the last build: its warnings come back until it is fixed."""
    return sorted(set(getattr(app, "reiki_warned", ())) & env.found_docs - removed)


def warned() -> set[str]:
    """The documents that warned so far in this build: consequences of their mistakes are not reported."""
    return set(WARNED)


def hold(docname: str) -> None:
    """A document whose warning was left out as a consequence of another page's mistake: read it again next time."""
    if _RECORDER is not None:
        _RECORDER.docs.add(docname)


def finish(app: Sphinx, exc: Exception | None) -> None:
    """Keep the documents that warned (all of the last list too when the build broke off) for the next build."""
    recorder: Recorder | None = getattr(app, "reiki_recorder", None)
    if recorder is None:
        return
    logging.getLogger(NAMESPACE).removeHandler(recorder)
    global _RECORDER
    _RECORDER = None
    docs = recorder.docs | (set(app.reiki_warned) if exc is not None else set())  # type: ignore[attr-defined]
    path = record_path(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(sorted(docs), ensure_ascii=False) + "\n", encoding="utf-8")


def register(app: Sphinx) -> None:
    """Connect the hooks (the list is written last, after every other end-of-build check)."""
    app.connect("builder-inited", start)
    app.connect("env-get-outdated", outdated)
    app.connect("build-finished", finish, priority=900)
