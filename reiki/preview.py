"""The live preview (make serve) shows the build's errors on the served page, in a banner, instead of hiding them."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging as sphinx_logging

STATIC = Path(__file__).parent / "static"
REPORT = "_preview-errors.json"
SUFFIX = re.compile(r"( \[[\w.]+\])\1+$")


class Collector(logging.Handler):
    """Keeps every warning of the build as the console shows it (file:line: WARNING: …)."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []
        self.root = str(app.srcdir).rstrip("/") + "/"
        self.addFilter(sphinx_logging.WarningLogRecordTranslator(app))

    def emit(self, record: logging.LogRecord) -> None:
        """Record the message with its location."""
        location = getattr(record, "location", None)
        text = record.getMessage()
        line = f"{location}: {text}" if location and not text.startswith(str(location)) else text
        # a buffered warning comes here twice, the second time with its type appended again
        self.lines.append(SUFFIX.sub(r"\1", line).replace(self.root, ""))


def _start(app: Sphinx) -> None:
    if not app.config.reiki_preview or app.builder.format != "html":
        return
    handler = Collector(app)
    logging.getLogger(sphinx_logging.NAMESPACE).addHandler(handler)
    app.reiki_preview_handler = handler  # type: ignore[attr-defined]  # one per build; read at build-finished
    app.add_js_file("reiki-preview.js", loading_method="defer")


def _finish(app: Sphinx, exc: Exception | None) -> None:
    handler: Collector | None = getattr(app, "reiki_preview_handler", None)
    if handler is None:
        return
    logging.getLogger(sphinx_logging.NAMESPACE).removeHandler(handler)
    lines = list(dict.fromkeys(handler.lines))  # each message once, in the order met
    if exc is not None:
        lines.append(f"ビルドが途中で止まった: {exc}")
    Path(app.outdir, REPORT).write_text(json.dumps({"errors": lines}, ensure_ascii=False), encoding="utf-8")


def register(app: Any) -> None:
    """Collect the warnings and ship the banner script when reiki_preview is on (make serve sets it)."""
    app.add_config_value("reiki_preview", False, "html", types=[bool])
    app.connect("builder-inited", _start)
    app.connect("build-finished", _finish)
