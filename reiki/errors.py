"""One-line build errors with file:line, typed so each kind can be named in suppress_warnings."""

from __future__ import annotations

import logging as stdlog
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger("reiki")


def error(message: str, location: Any, subtype: str) -> None:
    """Report an author's mistake; strict builds (-W) turn it into a failure."""
    logger.warning(message, location=location, type="reiki", subtype=subtype)


class Relative(stdlog.Filter):
    """Paths in warnings relative to the project (policies/x.md:58), as authors see them in their editor."""

    def __init__(self, srcdir: str) -> None:
        super().__init__()
        self.prefix = srcdir.rstrip("/") + "/"

    def filter(self, record: stdlog.LogRecord) -> bool:
        """Shorten the location and any path in the message."""
        loc = getattr(record, "location", None)
        if isinstance(loc, str) and loc.startswith(self.prefix):
            record.location = loc[len(self.prefix) :]
        text = record.getMessage()
        if self.prefix in text:
            record.msg, record.args = text.replace(self.prefix, ""), ()
        return True


def relative_paths(app: Sphinx) -> None:
    """Give Sphinx's warning output the relative paths (after it has turned locations into paths)."""
    for handler in stdlog.getLogger(logging.NAMESPACE).handlers:
        if isinstance(handler, logging.WarningStreamHandler) and not any(isinstance(f, Relative) for f in handler.filters):
            handler.addFilter(Relative(str(app.srcdir)))
