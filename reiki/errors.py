"""One-line build errors with file:line, typed so each kind can be named in suppress_warnings."""

from __future__ import annotations

from typing import Any

from sphinx.util import logging

logger = logging.getLogger("reiki")


def error(message: str, location: Any, subtype: str) -> None:
    """Report an author's mistake; strict builds (-W) turn it into a failure."""
    logger.warning(message, location=location, type="reiki", subtype=subtype)
