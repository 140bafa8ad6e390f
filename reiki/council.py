"""The council's meeting index, generated from data/meetings.yaml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .dates import SourceDate, era_year
from .errors import error
from .labels import label
from .tables import table

REQUIRED = ("id", "body", "fiscal_year", "number", "date", "venue", "format", "page_id", "office", "record")


class MeetingIndexDirective(SphinxDirective):
    """One row per known meeting, by fiscal year; a link where the record is in the corpus."""

    def run(self) -> list[nodes.Node]:
        """Read, check and render the meetings."""
        path = Path(self.env.srcdir, self.config.reiki_meetings)
        self.env.note_dependency(str(path))
        try:
            meetings = (yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {})["meetings"]
        except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
            error(f"{self.config.reiki_meetings}: {exc}", self.get_location(), "council")
            return []
        rows = []
        for m in sorted(meetings, key=lambda m: m.get("date", "")):
            missing = [k for k in REQUIRED if k not in m]
            if missing:
                error(
                    f"{self.config.reiki_meetings}: meeting {m.get('id')!r} lacks {', '.join(missing)}",
                    self.get_location(),
                    "council",
                )
                continue
            try:
                SourceDate.parse(m["date"])
            except ValueError:
                error(
                    f"{self.config.reiki_meetings}: meeting {m['id']}: invalid date {m['date']!r}",
                    self.get_location(),
                    "date",
                )
                continue
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
