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
                date = SourceDate.parse(m["date"]).show()
            except ValueError:
                error(
                    f"{self.config.reiki_meetings}: meeting {m['id']}: invalid date {m['date']!r}",
                    self.get_location(),
                    "date",
                )
                continue
            fy = era_year(dt.date(int(m["fiscal_year"]), 4, 1)).replace("年", "年度")
            name = f"{m['body']} 第{m['number']}回" + (f"（通算第{m['overall']}回）" if m.get("overall") else "")
            if m["record"] == "in_corpus":
                record: Any = self.state.inline_text(f"{{doc}}`{m['id']}`", self.lineno - 1)[0]
            else:
                record = "コーパス未収録"
            rows.append((fy, name, date, m["venue"], m["format"], record))
        return [
            table(
                ["年度", "会議", "開催日", "場所", "開催の方法", "記録"],
                rows,
                widths=[2, 4, 4, 4, 2, 3],
                classes=["meetings"],
            )
        ]


def register(app: Any) -> None:
    """Register the directive and its data file."""
    app.add_config_value("reiki_meetings", "data/meetings.yaml", "env", types=[str])
    app.add_directive("meeting-index", MeetingIndexDirective)
