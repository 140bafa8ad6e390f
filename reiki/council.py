"""The council's meeting index, generated from data/meetings.yaml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .datafile import DataError, line_of, load, require
from .dates import SourceDate, era_year
from .errors import error
from .labels import label
from .messages import msg, pair
from .tables import table

REQUIRED = ("id", "body", "fiscal_year", "number", "date", "venue", "format", "page_id", "office", "record")


class MeetingIndexDirective(SphinxDirective):
    """One row per known meeting, by fiscal year; a link where the record is in the corpus."""

    def run(self) -> list[nodes.Node]:
        """Read, check and render the meetings."""
        rel = self.config.reiki_meetings
        self.env.note_dependency(str(Path(self.env.srcdir, rel)))
        try:
            data = load(Path(self.env.srcdir), rel)
            meetings = data.get("meetings") if isinstance(data, dict) else None
            if not isinstance(meetings, list):
                raise DataError(rel, line_of(data), *pair("data-list", key="meetings"))
            for m in meetings:
                require(m, REQUIRED, rel, f"会議 {m.get('id', '') if isinstance(m, dict) else ''}".strip())
                SourceDate.parse(m["date"])  # checked by the loader: the calendar and the form
        except DataError as exc:
            exc.report()
            return []
        except ValueError:
            error(msg("data-meeting-date", id=m["id"], value=m["date"]), f"{rel}:{line_of(m, 'date')}", "date")
            return []
        rows = []
        for m in sorted(meetings, key=lambda m: str(m.get("date", ""))):
            lang = self.config.language or "ja"
            fy = era_year(dt.date(int(m["fiscal_year"]), 4, 1)).replace("年", "年度")
            fy = label("fy", lang).format(y=m["fiscal_year"] if lang.startswith("en") else fy)
            name = label("meeting", lang).format(body=label(m["body"], lang), n=m["number"])
            name += label("overall", lang).format(n=m["overall"]) if m.get("overall") else ""
            if m["record"] == "in_corpus":
                record: Any = self.state.inline_text(f"{{doc}}`{m['id']}`", self.lineno - 1)[0]
            else:
                record = label("not_in_corpus", lang)
            venue = label("unknown", lang) if m["venue"] == "未確認" else m["venue"]
            rows.append((fy, name, SourceDate.parse(m["date"]).show(lang), venue, label(m["format"], lang), record))
        cols = label("meeting_cols", self.config.language).split("|")
        return [table(cols, rows, widths=[2, 4, 4, 4, 2, 3], classes=["meetings"])]


def register(app: Any) -> None:
    """Register the directive and its data file."""
    app.add_config_value("reiki_meetings", "data/meetings.yaml", "env", types=[str])
    app.add_directive("meeting-index", MeetingIndexDirective)
