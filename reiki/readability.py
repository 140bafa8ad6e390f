"""MyST sources as plain Markdown for the prose lint, and the readability table (directive `readability`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import datafile

# Sentences longer than this (characters, after roles are replaced by what they show) are reported.
LIMIT = 99
# The checklist questions are printed on the forms; data/checklist.yaml asks for at most this many characters.
QUESTION_LIMIT = 60

# Directives whose body is prose (linted); every other directive or code block is skipped whole.
PROSE = {"article", "supplementary", "selfcheck", "answer", "admonition", "important", "note", "tip", "warning"}
UNITS = {"article", "supplementary"}  # one unit (項 or 号) a line
FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})(?:\{(?P<name>[\w:-]+)\}(?P<arg>.*)|.*)$")
OPTION = re.compile(r"^:[\w-]+:(\s|$)")
ITEM = re.compile(r"^(\(\d+\)|\([ア-ン]\)|[ア-ン]) ")
PARAGRAPH = re.compile(r"^\d+ ")
ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<body>[^`]+)`|(?P<code>`+)(?P<inner>.+?)(?P=code)")
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$")
JO = re.compile(r"^(?:(?P<doc>[a-z][a-z0-9-]*):)?(?P<rest>.+)$")
SKIP_LINE = re.compile(r"^(\([\w-]+\)=|%|\+\+\+)")
OPEN = "（「『［【"
CLOSE = "）」』］】"
END = "。？！"

# The published text of the data files: (file, list key, field, kind). kind "para" must end with 「。」.
DATA_FIELDS = [
    ("data/checklist.yaml", "items", "question", "para"),
    ("data/checklist.yaml", "items", "evidence", "item"),
    ("data/requirements.yaml", "requirements", "statement", "para"),
    ("data/terms.yaml", "terms", "definition", "para"),
]


@dataclass
class Line:
    """One line of plain Markdown and where it came from (line 0: added, no source)."""

    text: str
    line: int = 0
    column: int = 0  # 0-based source column of text[0] (used when cols is empty)
    unit: bool = False
    cols: list[int] = field(default_factory=list)  # source column (0-based) of each character of text

    def source_column(self, index: int) -> int:
        """The 1-based source column of text[index]."""
        if self.cols:
            return self.cols[min(max(index, 0), len(self.cols) - 1)] + 1
        return index + self.column + 1


@dataclass
class Names:
    """What roles show: short names of instruments, titles of statutes and pages, labels of 告示・指針."""

    instruments: dict[str, str] = field(default_factory=dict)
    statutes: dict[str, str] = field(default_factory=dict)
    cites: dict[str, str] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> Names:
        """Read the names from the corpus at root."""
        names = cls()
        for path in sorted(root.glob("policies/*.md")):
            text = _text(path)
            m = re.search(r"^```\{instrument\} (\S+)\n(?:.*\n)*?:short: (.+)$", text, re.M)
            if m:
                names.instruments[m[1]] = m[2].strip()
        statutes = root / "data" / "statutes.yaml"
        if statutes.exists():
            for s in (_quiet(statutes) or {}).get("statutes", {}).values():
                for short in s.get("short") or []:
                    names.statutes[short] = s["title"]
        bib = root / "data" / "references.bib"
        if bib.exists():
            for key, label in re.findall(r"@\w+\{([\w-]+),[^@]*?label\s*=\s*\{([^}]*)\}", _text(bib)):
                names.cites[key] = label
        for path in sorted([*root.glob("docs/**/*.md"), *root.glob("internal/**/*.md"), *root.glob("policies/*.md")]):
            m = re.search(r"^# (.+)$", _text(path), re.M)
            names.pages["/" + path.relative_to(root).with_suffix("").as_posix()] = m[1] if m else ""
        return names

    def show(self, role: str, body: str, docname: str) -> str:
        """The text a role shows, as near as the lint needs it."""
        m = EXPLICIT.match(body)
        if m and m["text"]:
            return m["text"]
        if role == "jo":
            jo = JO.match(body)
            assert jo is not None
            return self.instruments.get(jo["doc"] or "", "") + jo["rest"].split("@")[0]  # not the as-of date
        if role == "law":
            for short, title in self.statutes.items():
                if body.startswith(short):
                    return title + body[len(short) :]
            return body
        if role.startswith("cite"):
            return "、".join(self.cites.get(k.strip(), k) for k in body.split(","))
        if role == "doc":
            target = body if body.startswith("/") else "/" + str(Path(docname).parent / body)
            return self.pages.get(target, body)
        return body


def replace_roles(text: str, names: Names, docname: str) -> tuple[str, list[int]]:
    """Replace every role by what it shows (inline code stays); the source column of each character."""
    out: list[str] = []
    cols: list[int] = []
    pos = 0
    for m in ROLE.finditer(text):
        shown = m[0] if m["code"] else names.show(m["role"], m["body"], docname)
        out += [text[pos : m.start()], shown]
        cols += [*range(pos, m.start()), *([m.start()] * len(shown) if not m["code"] else range(m.start(), m.end()))]
        pos = m.end()
    out.append(text[pos:])
    cols += range(pos, len(text))
    return "".join(out), cols


def plain(text: str, names: Names, docname: str = "") -> list[Line]:
    """MyST to plain Markdown: directive bodies that are prose stay, one unit of an article a paragraph."""
    out: list[Line] = []
    stack: list[tuple[str, str]] = []  # (fence, directive name or "" for code)
    options = False
    lines = text.splitlines()
    front = lines.index("---", 1) + 1 if lines and lines[0] == "---" and "---" in lines[1:] else 0
    for n, raw in enumerate(lines, 1):
        if n <= front:  # the front matter (--- … ---) holds settings, not prose
            out.append(Line(""))
            continue
        top = stack[-1] if stack else None
        stripped = raw.strip()
        if top and stripped and set(stripped) == {top[0][0]} and len(stripped) >= len(top[0]):
            stack.pop()
            out.append(Line(""))
            continue
        if top and top[1] not in PROSE:
            continue  # inside code or a data directive
        m = FENCE.match(raw.lstrip())  # fences may be indented inside list items
        if m:
            stack.append((m["fence"], m["name"] or ""))
            options = True
            out.append(Line(""))
            continue
        if top and options and OPTION.match(raw):
            continue
        options = False
        if SKIP_LINE.match(raw):
            out.append(Line(""))
            continue
        body, cols = replace_roles(raw, names, docname)
        if top and top[1] in UNITS and stripped:
            item = ITEM.match(body)
            para = PARAGRAPH.match(body)
            label = item or para
            start = label.end() if label else 0
            # Each unit is a paragraph of its own; an item (号) is a list item, which needs no 「。」, and so is
            # a deleted article, which reads 「削除」 alone as in statutes.
            listed = bool(item) or body.strip() == "削除"
            cols = ([cols[start]] * 2 if listed else []) + cols[start:]
            out.append(Line(("- " if listed else "") + body[start:], n, unit=True, cols=cols))
            out.append(Line(""))
            continue
        out.append(Line(body, n, cols=cols))
    return out


def _text(path: Path) -> str:
    """A source's text; one that is not UTF-8 is reported where it is read as a page, and is empty here."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return ""


def _quiet(path: Path) -> Any:
    """A data file read by another part of the build, which reports its mistakes: here it is just absent."""
    try:
        return datafile.parse_yaml(datafile.read_text(path, path.name), path.name)
    except datafile.DataError:
        return None


def data_lines(path: Path, key: str, name: str, kind: str) -> list[Line]:
    """The values of one field of a data file, one paragraph (or list item) each, with their lines."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError):  # the file's own reader reports it, at its line
        root = None
    out: list[Line] = []
    if not isinstance(root, yaml.MappingNode):
        return out
    for k, seq in root.value:
        if k.value != key or not isinstance(seq, yaml.SequenceNode):
            continue
        for entry in seq.value:
            for fk, fv in entry.value if isinstance(entry, yaml.MappingNode) else []:
                if fk.value == name and isinstance(fv, yaml.ScalarNode) and fv.value:
                    value = " ".join(fv.value.split())
                    prefix = "- " if kind == "item" else ""
                    line = Line(prefix + value, fv.start_mark.line + 1, fv.start_mark.column - len(prefix))
                    out += [line, Line("")]
    return out


def sentences(text: str) -> Iterator[str]:
    """Split at 「。」「？」「！」 outside brackets, nested brackets included (textlint's splitter is not)."""
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif ch in END and depth == 0:
            yield text[start : i + 1].strip()
            start = i + 1
    if text[start:].strip():
        yield text[start:].strip()


INLINE = re.compile(r"<!--.*?-->|\*\*|\[([^\]]*)\]\([^)]*\)|`+")
BLOCK_START = re.compile(r"^\s*(?:[-*+] |\d+\. )")


def _clean(text: str) -> str:
    """Markdown inline markup removed: what a reader sees of the text."""
    return INLINE.sub(lambda m: m[1] or "", text).strip()


def long_sentences(lines: list[Line], limit: int) -> Iterator[tuple[int, int]]:
    """(index into lines, length) of each sentence longer than limit, in paragraphs and list items (not tables)."""
    block: list[tuple[int, str]] = []

    def flush() -> Iterator[tuple[int, int]]:
        text = "".join(t for _, t in block)
        starts = [0]
        for _, t in block:
            starts.append(starts[-1] + len(t))
        pos = 0
        for sentence in sentences(text):
            at = text.index(sentence, pos)
            pos = at + len(sentence)
            if len(sentence) > limit:
                which = max(i for i, s in enumerate(starts[:-1]) if s <= at)
                yield block[which][0], len(sentence)
        block.clear()

    for i, ln in enumerate(lines):
        raw = ln.text
        if not raw.strip() or raw.lstrip().startswith(("#", "|", "<!--")) or BLOCK_START.match(raw):
            yield from flush()
        if raw.strip() and not raw.lstrip().startswith(("#", "|", "<!--")):
            block.append((i, _clean(BLOCK_START.sub("", raw))))
    yield from flush()


@dataclass
class Figures:
    """Readability of one text: how many sentences, their average and longest length, how many are too long."""

    sentences: int
    average: float
    longest: int
    over: int

    @classmethod
    def of(cls, texts: list[str], limit: int) -> Figures:
        """Figures over the sentences of the given units."""
        lengths = [len(s) for t in texts for s in sentences(re.sub(r"^- ", "", t))]
        if not lengths:
            return cls(0, 0.0, 0, 0)
        return cls(len(lengths), sum(lengths) / len(lengths), max(lengths), sum(n > limit for n in lengths))


def instrument_figures(root: Path, names: Names | None = None) -> list[tuple[str, str, Figures]]:
    """(id, title, figures) for each instrument under policies/, over the text of its articles and 附則."""
    names = names or Names.load(root)
    out = []
    for path in sorted(root.glob("policies/*.md")):
        text = _text(path)
        ident = re.search(r"^```\{instrument\} (\S+)", text, re.M)
        title = re.search(r"^# (.+)$", text, re.M)
        units = [ln.text for ln in plain(text, names, "policies/" + path.stem) if ln.unit]
        out.append((ident[1] if ident else path.stem, title[1] if title else path.stem, Figures.of(units, LIMIT)))
    return out


def question_figures(root: Path) -> Figures:
    """Figures over the questions of the audit checklist and the self-inspection report."""
    lines = data_lines(root / "data" / "checklist.yaml", "items", "question", "para")
    return Figures.of([ln.text for ln in lines if ln.line], QUESTION_LIMIT)


def register(app: Any) -> None:
    """Register the `readability` directive."""
    from docutils import nodes
    from sphinx.util.docutils import SphinxDirective

    from .tables import table

    class ReadabilityDirective(SphinxDirective):
        """The readability of each instrument and of the checklist questions, computed from the sources."""

        def run(self) -> list[nodes.Node]:
            """Compute the figures now, so the table never lags behind the texts."""
            root = Path(self.env.srcdir)
            baseline = root / "data" / "readability-baseline.yaml"
            for path in [*root.glob("policies/*.md"), root / "data" / "checklist.yaml", baseline]:
                self.env.note_dependency(str(path))
            try:
                before = (
                    (datafile.load(root, "data/readability-baseline.yaml") or {}).get("before", {})
                    if baseline.exists()
                    else {}
                )
            except datafile.DataError as exc:
                exc.report()
                before = {}
            figures = [
                *instrument_figures(root),
                ("checklist", "内部監査チェック表・自主点検報告書の問い", question_figures(root)),
            ]
            rows = []
            for ident, title, now in figures:
                was = before.get(ident, {})

                def pair(key: str, value: float, fmt: str, was: dict[str, Any] = was) -> str:
                    return (fmt.format(was[key]) + " → " if key in was else "") + fmt.format(value)

                rows.append(
                    (
                        title,
                        pair("sentences", now.sentences, "{}"),
                        pair("average", now.average, "{:.1f}字"),
                        pair("longest", now.longest, "{}字"),
                        f"{QUESTION_LIMIT if ident == 'checklist' else LIMIT}字",
                        pair("over", now.over, "{}文"),
                    )
                )
            headers = ["文書", "文の数", "平均の長さ", "最長の文", "上限", "上限を超える文"]
            return [table(headers, rows, widths=[8, 2, 3, 3, 2, 3], classes=["readability"])]

    app.add_directive("readability", ReadabilityDirective)
