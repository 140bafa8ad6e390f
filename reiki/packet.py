"""The council packet for the day: 次第 with times, 配付資料一覧 and a 資料番号 on each material (meeting-packet)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .datafile import DataError, load
from .dates import SourceDate
from .errors import error
from .tables import table

TIME = re.compile(r"^(\d{1,2})時(\d{2})分$")
WORDS = {
    "ja": {
        "packet": "次第及び配付資料",
        "agenda": "次第",
        "materials": "配付資料一覧",
        "agenda_cols": "時刻|次第",
        "material_cols": "資料番号|資料|頁",
        "material": "資料{n}",
        "material_sep": "　",
        "when": "日時",
        "where": "場所",
        "unknown": "未確認",
        "no_materials": "配付資料は未確認である。",
    },
    "en": {
        "packet": "Agenda and materials",
        "agenda": "Agenda",
        "materials": "List of materials",
        "agenda_cols": "Time|Item",
        "material_cols": "No.|Material|Page",
        "material": "Material {n}",
        "material_sep": ": ",
        "when": "Date",
        "where": "Venue",
        "unknown": "not confirmed",
        "no_materials": "The materials are not confirmed.",
    },
}


class packet(nodes.General, nodes.Element):
    """Marks a packet page; holds the material numbers by docname for the print volume."""


def _words(lang: str) -> dict[str, str]:
    return WORDS["en" if lang.startswith("en") else "ja"]


def _time(text: str, lang: str) -> str:
    """14時00分 in Japanese, 14:00 in English; 未確認 as the language says it."""
    m = TIME.match(text)
    if not m:
        return _words(lang)["unknown"]
    return f"{int(m[1])}:{m[2]}" if lang.startswith("en") else text


class MeetingPacket(SphinxDirective):
    """A meeting's agenda and list of materials, from YAML content (agenda: [...], materials: [...])."""

    has_content = True
    required_arguments = 1

    def _fail(self, message: str, line: int | None = None) -> list[nodes.Node]:
        """Report at a line of the content (0 = its first line), or at the directive's own line."""
        where = self.lineno if line is None else self.lineno + 1 + line
        error(message, (self.env.docname, where), "council")
        return []

    def _lines(self, text: str, key: str) -> list[int]:
        """The content line of each entry of the list under key."""
        root = yaml.compose(text)
        if isinstance(root, yaml.MappingNode):
            for k, v in root.value:
                if k.value == key and isinstance(v, yaml.SequenceNode):
                    return [item.start_mark.line for item in v.value]
        return []

    def run(self) -> list[nodes.Node]:
        """Check the content against the meeting list and the pages, and render both tables."""
        lang = self.config.language or "ja"
        w = _words(lang)
        mid = self.arguments[0]
        text = "\n".join(self.content)
        try:
            spec = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            return self._fail(
                "次第と配付資料の書き方を読めない: 「agenda:」「materials:」の下に「- 」で1行ずつ書く",
                mark.line if mark else 0,
            )
        if (
            not isinstance(spec, dict)
            or not isinstance(spec.get("agenda"), list)
            or not isinstance(spec.get("materials"), list)
        ):
            return self._fail("次第と配付資料がない: 「agenda:」と「materials:」の2つの一覧を書く", 0)
        meeting = self._meeting(mid)
        if meeting is None:
            return []
        agenda_at, materials_at = self._lines(text, "agenda"), self._lines(text, "materials")
        agenda = []
        for k, row in enumerate(spec["agenda"]):
            if not isinstance(row, dict) or "item" not in row:
                return self._fail(
                    f"次第の{k + 1}行目に item がない: 「- time: 14時00分」「  item: 開会」の形で書く", agenda_at[k]
                )
            time = str(row.get("time", "未確認"))
            if time != "未確認" and not TIME.match(time):
                return self._fail(f"次第の時刻 {time!r} を読めない: 14時00分 の形か 未確認 と書く", agenda_at[k])
            item = str(row.get("item-en") if lang.startswith("en") and row.get("item-en") else row["item"])
            agenda.append((_time(time, lang), item))
        numbers: dict[str, int] = {}
        listed = []
        for k, doc in enumerate(spec["materials"], 1):
            name = str(doc).strip().lstrip("/")
            if name not in self.env.found_docs:
                return self._fail(
                    f"資料{k}の頁 {doc} がない: docs/ からの頁の場所を /docs/… の形で書く", materials_at[k - 1]
                )
            numbers[name] = k
            ref = addnodes.pending_xref(
                "", refdomain="std", reftype="doc", reftarget="/" + name, refexplicit=False, refdoc=self.env.docname
            )
            ref += nodes.inline("", "")  # the title is filled in when the reference is resolved
            page = nodes.raw("", rf"\pageref{{\detokenize{{{name}::doc}}}}", format="latex")
            listed.append((w["material"].format(n=k), nodes.paragraph("", "", ref), nodes.paragraph("", "", page)))
        head = nodes.field_list()
        for key, value in ((w["when"], meeting["when"]), (w["where"], meeting["where"])):
            fname = nodes.field_name(key, key, translatable=False)
            body = nodes.paragraph(value, value, translatable=False)
            head += nodes.field("", fname, nodes.field_body("", body))
        # A section of its own, so that in print it is the volume's first chapter, before the materials.
        sec = nodes.section(ids=[f"packet-{mid}"], names=[f"packet-{mid}"])
        sec += nodes.title(w["packet"], w["packet"], translatable=False)  # written per language here
        note = spec.get("note-en") if lang.startswith("en") and spec.get("note-en") else spec.get("note")
        if note:
            sec += nodes.paragraph(str(note), str(note), translatable=False)
        sec += [packet(numbers=numbers), head]
        sec += table(w["agenda_cols"].split("|"), agenda, widths=[1, 5], title=w["agenda"], classes=["packet-agenda"])
        if listed:
            sec += table(w["material_cols"].split("|"), listed, widths=[1, 5, 1], title=w["materials"], classes=["packet"])
        else:
            sec += nodes.paragraph(w["no_materials"], w["no_materials"], translatable=False)
        return [sec]

    def _meeting(self, mid: str) -> dict[str, str] | None:
        """The meeting's date and venue from the meeting list, or None after reporting that it is not listed."""
        path = Path(self.env.srcdir, self.config.reiki_meetings)
        self.env.note_dependency(str(path))
        lang = self.config.language or "ja"
        try:
            data = load(Path(self.env.srcdir), self.config.reiki_meetings)
        except DataError:
            return None  # the meeting index reports the file itself, at its line
        rows = data.get("meetings") if isinstance(data, dict) else None
        rows = rows if isinstance(rows, list) else []
        row = next((r for r in rows if isinstance(r, dict) and r.get("id") == mid), None)
        if row is None:
            self._fail(f"会議 {mid} が {self.config.reiki_meetings} にない: make meeting ID={mid} DATE=… で作る")
            return None
        try:
            when = SourceDate.parse(str(row.get("date", ""))).show(lang)
        except ValueError:
            return None  # the meeting index reports the bad date with its line
        english = lang.startswith("en") and row.get("venue-en")
        venue = str(row.get("venue-en") if english else row.get("venue", "未確認"))
        return {"when": when, "where": _words(lang)["unknown"] if venue == "未確認" else venue}


def number_materials(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In a print volume, put the 資料番号 in front of each material's title; elsewhere drop the marker."""
    marks = list(doctree.findall(packet))
    if app.builder.format == "latex" and marks:
        numbers: dict[str, int] = {}
        for mark in marks:
            numbers.update(mark["numbers"])
        words = _words(app.config.language or "ja")
        for part in doctree.findall(addnodes.start_of_file):
            n = numbers.get(part.get("docname", ""))
            title = part.next_node(nodes.title) if n else None
            if title is not None:
                title.insert(0, nodes.Text(words["material"].format(n=n) + words["material_sep"]))
                title["reiki_prefix"] = words["material"].format(n=n) + words["material_sep"]  # for reiki.heads
    else:  # on the site the page column has nothing to say: drop it
        for t in doctree.findall(nodes.table):
            group = t.next_node(nodes.tgroup)
            if "packet" in t["classes"] and group is not None:
                group["cols"] = 2
                group.remove(list(group.findall(nodes.colspec))[-1])
                for row in t.findall(nodes.row):
                    row.remove(row.children[-1])
    for mark in marks:
        mark.parent.remove(mark)


def register(app: Any) -> None:
    """Register the directive, its marker node and the numbering of materials in print."""
    app.add_node(packet)
    app.add_directive("meeting-packet", MeetingPacket)
    app.connect("doctree-resolved", number_materials)
