"""Earlier versions of instruments and generated 新旧対照表, from snapshot files kept beside each instrument.

An author who amends policies/<stem>.md first copies it to policies/versions/<stem>/<amendment-id>.md: the text as it
stood before that amendment. From these snapshots the build generates, under docs/versions/, one page per earlier
version (its text, in force from/to) and one 新旧対照表 per amendment (改正前 / 改正後, aligned by article).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import datafile, shinkyu
from .dates import SourceDate, era_date
from .errors import error
from .labels import label
from .messages import msg
from .nodes import article, article_caption, unit, unit_text
from .numbering import ArticleNumber, article_label, item_label, parse_unit_line

FENCE = re.compile(r"^```\{(instrument|amendments|article|supplementary)\}\s*(\S*)\s*$")


def fence_at(lines: list[str], start: int) -> tuple[dict[str, str], int, int]:
    """The options of the directive whose fence opens at start, the line its body starts and its closing line."""
    j = start + 1
    opts: dict[str, str] = {}
    while j < len(lines) and lines[j].startswith(":"):
        k, _, v = lines[j][1:].partition(":")
        opts[k.strip()] = v.strip()
        j += 1
    # an unclosed fence runs to the end of the file (reiki.fences reports it at the line it opens)
    end = next((n for n in range(j, len(lines)) if lines[n].startswith("```")), len(lines))
    return opts, j, end


ROLE = re.compile(r"\{(jo|law|cite:t|cite:p|term|doc|ref)\}`([^`]*)`")
GENERATED = "docs/versions"


@dataclass
class Unit:
    """A paragraph or item of a parsed version."""

    key: str  # anchor below the article: p2, p1-i1 …
    label: str
    level: int
    text: str


@dataclass
class Article:
    """An article of a parsed version."""

    number: str
    anchor: str
    caption: str
    units: list[Unit] = field(default_factory=list)

    def text(self) -> str:
        """All the words of the article, for similarity."""
        return self.caption + "".join(u.text for u in self.units)


@dataclass
class Version:
    """An instrument's text as parsed from one source file."""

    ident: str
    short: str
    style: str
    amendments: list[dict[str, str]]
    articles: list[Article]


Names = dict[str, str]  # role target → displayed words (bibliography titles, statute names)


def plain(text: str, names: Names | None = None) -> str:
    """The words of a MyST line with roles reduced to what they display (enough for a comparison table)."""
    names = names or {}

    def show(m: re.Match[str]) -> str:
        body = m.group(2)
        explicit = re.match(r"^(.*?)\s*<[^<>]+>$", body)
        if explicit:
            return explicit.group(1)
        if m.group(1).startswith("cite"):
            return names.get(body, body)
        if m.group(1) == "law":
            return next((full + body[len(short) :] for short, full in names.items() if body.startswith(short)), body)
        if m.group(1) == "jo":  # 第11条第3項, without the instrument id and the date it was checked (@2026-11-28)
            return body.split("@")[0].split(":", 1)[-1]
        return body

    return ROLE.sub(show, text)


def parse(text: str, names: Names | None = None) -> Version:
    """Parse an instrument source file without Sphinx."""
    ident, options, amendments, articles = "", {}, [], []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        kind, arg = m.groups()
        opts, j, end = fence_at(lines, i)
        body = [ln for ln in lines[j:end] if ln.strip()]
        if kind == "instrument":
            ident, options = arg, opts
        elif kind == "amendments":
            amendments = _history(body)
        elif kind == "article":
            articles.append(_article(arg, opts.get("caption", ""), body, options.get("style", "条"), names))
        i = end + 1
    return Version(ident, options.get("short", ident), options.get("style", "条"), amendments, articles)


def _history(body: list[str]) -> list[dict[str, str]]:
    """The amendment history as text; a malformed one is reported by the {amendments} directive, here it is empty."""
    try:
        data = datafile.parse_yaml("\n".join(body), "")
    except datafile.DataError:
        return []
    return [{k: str(v) for k, v in a.items()} for a in data if isinstance(a, dict)] if isinstance(data, list) else []


def _article(number: str, caption: str, body: list[str], style: str, names: Names | None) -> Article:
    num = ArticleNumber.parse(number)
    art = Article(num.text, f"a{num.anchor}", caption)
    counters = [0, 0, 0, 0]
    for n, raw in enumerate(body):
        line = parse_unit_line(raw.strip())
        level = line.level if n else 0
        value = line.number or (1 if level == 0 else 0)
        counters[level] = value
        for deeper in range(level + 1, 4):
            counters[deeper] = 0
        key = f"p{counters[0]}" + ("-i" + "-".join(str(c) for c in counters[1 : level + 1]) if level else "")
        label = (
            article_label(num, style)
            if (level == 0 and counters[0] == 1)
            else (str(value) if level == 0 else item_label(level, value))
        )
        art.units.append(Unit(key, label, level, plain(line.text if n else raw.strip(), names)))
    return art


@dataclass
class Row:
    """One aligned pair of articles (either side may be missing)."""

    old: Article | None
    new: Article | None
    note: str = ""


def align(old: Version, new: Version, threshold: float = 0.6) -> list[Row]:
    """Pair articles by number; pair the rest by similar text (renumbered or moved); the others are added/deleted."""
    by_num_new = {a.number: a for a in new.articles}
    by_num_old = {a.number: a for a in old.articles}
    pairs: dict[str, str] = {}
    for a in old.articles:
        b = by_num_new.get(a.number)
        if b and difflib.SequenceMatcher(None, a.text(), b.text()).ratio() >= threshold:
            pairs[a.number] = b.number
    left = [a for a in old.articles if a.number not in pairs]
    right = [b for b in new.articles if b.number not in pairs.values()]
    for a in left:
        scored = sorted(((difflib.SequenceMatcher(None, a.text(), b.text()).ratio(), b) for b in right), key=lambda s: -s[0])
        if scored and scored[0][0] >= threshold:
            pairs[a.number] = scored[0][1].number
            right.remove(scored[0][1])
    for a in old.articles:  # same number, too different: still the same article, rewritten
        if a.number not in pairs and a.number in by_num_new and by_num_new[a.number] in right:
            pairs[a.number] = a.number
            right.remove(by_num_new[a.number])
    rows: list[Row] = []
    new_to_old = {v: k for k, v in pairs.items()}
    for b in new.articles:
        was = by_num_old.get(new_to_old[b.number]) if b.number in new_to_old else None
        note = ""
        if was and was.number != b.number:
            note = f"{article_label(ArticleNumber.parse(was.number), old.style)}を移動"
        rows.append(Row(was, b, note))
    for a in old.articles:
        if a.number not in pairs:  # deleted: place after the article that preceded it
            idx = next(
                (
                    i
                    for i, r in enumerate(rows)
                    if r.old and ArticleNumber.parse(r.old.number).parts > ArticleNumber.parse(a.number).parts
                ),
                len(rows),
            )
            rows.insert(idx, Row(a, None))
    return rows


def unchanged(row: Row) -> bool:
    """True when both sides hold the same article with the same words."""
    return bool(
        row.old
        and row.new
        and row.old.number == row.new.number
        and row.old.caption == row.new.caption
        and [(u.key, u.text) for u in row.old.units] == [(u.key, u.text) for u in row.new.units]
    )


def pair_units(old: list[Unit], new: list[Unit], threshold: float = 0.6) -> dict[int, int]:
    """Pair paragraphs and items in order by similar words (so a renumbered 第2項→第3項 still pairs): new → old index."""
    pairs: dict[int, int] = {}
    start = 0
    for j, u in enumerate(new):
        best, best_i = 0.0, -1
        for i in range(start, len(old)):
            if old[i].level != u.level:
                continue
            r = difflib.SequenceMatcher(None, old[i].text, u.text, autojunk=False).ratio()
            if r > best:
                best, best_i = r, i
        if best >= threshold:
            pairs[j] = best_i
            start = best_i + 1
    return pairs


def snapshots(srcdir: Path) -> dict[str, dict[str, Path]]:
    """policies/versions/<stem>/<amendment>.md, by instrument file stem."""
    out: dict[str, dict[str, Path]] = {}
    for p in sorted((srcdir / "policies" / "versions").glob("*/*.md")):
        out.setdefault(p.parent.name, {})[p.stem] = p
    return out


def _text(path: Path) -> str:
    """A source's text; bytes that are not UTF-8 are replaced (the file has been reported with the encoding to convert)."""
    return path.read_text(encoding="utf-8", errors="replace")


def chain(
    srcdir: Path, stem: str, names: Names | None = None
) -> tuple[Version, list[tuple[dict[str, str], Version, Version]]]:
    """The current version and, for each amendment with a snapshot, (amendment, before, after)."""
    current = parse(_text(srcdir / "policies" / f"{stem}.md"), names)
    snaps = snapshots(srcdir).get(stem, {})
    ordered = [a for a in current.amendments if a["id"] in snaps]
    out = []
    for k, amend in enumerate(ordered):
        before = parse(_text(snaps[amend["id"]]), names)
        after = parse(_text(snaps[ordered[k + 1]["id"]]), names) if k + 1 < len(ordered) else current
        out.append((amend, before, after))
    return current, out


def generate(app: Any) -> None:
    """Write the version and comparison pages for every snapshot (builder-inited)."""
    src = Path(app.srcdir)
    if not snapshots(src):
        return
    gen = src / GENERATED
    pages: list[str] = []
    for stem in snapshots(src):
        current, steps = chain(src, stem)
        for amend, _before, _after in steps:
            name = f"{current.ident}-{amend['id']}"
            pages += [name, f"{name}-table"]
            _write(
                gen / f"{name}.md",
                f"# {current.short}（{_when(amend)}改正前の本文）\n\n```{{version-text}} {stem} {amend['id']}\n```\n",
            )
            _write(
                gen / f"{name}-table.md",
                f"# {current.short} 新旧対照表（{_when(amend)}改正）\n\n```{{comparison}} {stem} {amend['id']}\n```\n"
                f"\n```{{kaibun}} {stem} {amend['id']}\n```\n",  # the 改め文 (reiki.amending)
            )
    toc = "\n".join(pages)
    _write(
        gen / "index.md",
        "# 以前の版と新旧対照表\n\n改正された例規ごとに、改正前の本文と新旧対照表を示す。"
        "この節の頁は、改正のたびに保存した改正前の本文の写しから作る。\n\n"
        f"```{{toctree}}\n:maxdepth: 1\n\n{toc}\n```\n",
    )


def _when(amend: dict[str, str]) -> str:
    d = SourceDate.parse(amend.get("effective", "未確認")).value
    return f"{era_date(d)}施行の" if d else ""


def _write(path: Path, text: str) -> None:
    """Write only when changed, so incremental builds stay incremental."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


class VersionMixin(SphinxDirective):
    """Common lookup of the (amendment, before, after) triple."""

    required_arguments = 2

    def step(self) -> tuple[Version, dict[str, str], Version, Version] | None:
        """The instrument's current version and the named amendment's before/after texts."""
        stem, amend_id = self.arguments
        src = Path(self.env.srcdir)
        self.env.note_dependency(str(src / "policies" / f"{stem}.md"))
        for p in snapshots(src).get(stem, {}).values():
            self.env.note_dependency(str(p))
        current, steps = chain(src, stem, self.names())
        for amend, before, after in steps:
            if amend["id"] == amend_id:
                return current, amend, before, after
        error(
            msg("snapshot-missing", id=amend_id, path=f"policies/versions/{stem}/{amend_id}.md"),
            self.get_location(),
            "versions",
        )
        return None

    def names(self) -> Names:
        """Bibliography titles and statute names, so roles read as on the page."""
        out: Names = {}
        registry = getattr(self.env, "reiki_registry", None)
        if registry:
            out |= {short: st.title for st in registry.statutes.values() for short in st.short}
        for bib in getattr(self.config, "bibtex_bibfiles", []):
            from pybtex.database import parse_file

            for key, entry in parse_file(str(Path(self.env.srcdir, bib))).entries.items():
                out[key] = f"「{entry.fields.get('title', key)}」"
        return out


class VersionTextDirective(VersionMixin):
    """The text as in force before an amendment, with its period."""

    def run(self) -> list[nodes.Node]:
        """Render every article of the earlier version."""
        found = self.step()
        if not found:
            return []
        current, amend, before, _ = found
        idx = next(i for i, a in enumerate(current.amendments) if a["id"] == amend["id"])
        start = current.amendments[idx - 1] if idx else None
        since = SourceDate.parse(start["effective"]).show() if start else "未確認"
        until = SourceDate.parse(amend["effective"]).show()
        out: list[nodes.Node] = [
            nodes.paragraph(
                "",
                f"この本文は、{since}から{until}の前日まで効力を有していた。現行の本文は{current.short}の頁にある。",
                classes=["reiki-version-note"],
            )
        ]
        lang = self.config.language or "ja"
        where = self.get_source_info()
        for art in before.articles:
            node = article(ids=[art.anchor])
            if art.caption:
                cap = article_caption(art.caption, art.caption)
                cap.source, cap.line = where  # the earlier words are translated with this page's catalog
                node += cap
            for u in art.units:
                ref = art.anchor if u.key == "p1" else f"{art.anchor}-{u.key}"
                lbl = article_label(ArticleNumber.parse(art.number), before.style, lang) if u.key == "p1" else u.label
                un = unit(level=u.level, ids=[f"{art.anchor}-{u.key}"], label=lbl, labelref=ref)
                text = unit_text(u.text, u.text)
                text.source, text.line = where
                un += text
                node += un
            out.append(node)
        return out


class ComparisonDirective(VersionMixin):
    """The 新旧対照表 of one amendment."""

    def run(self) -> list[nodes.Node]:
        """The note, the summary of the amendment (translatable) and the aligned table."""
        found = self.step()
        if not found:
            return []
        _, amend, before, after = found
        lang = self.config.language or "ja"
        where = self.get_source_info()
        note = nodes.paragraph("", label("cmp_note", lang), classes=["reiki-cmp-note"], translatable=False)
        out: list[nodes.Node] = [note]
        if amend.get("summary"):
            head = nodes.paragraph("", "", nodes.strong("", label("cmp_summary", lang)), translatable=False)
            text = nodes.paragraph(amend["summary"], amend["summary"], classes=["reiki-cmp-summary"])
            text.source, text.line = where  # author-written: translated with the page's catalog
            out += [head, text]
        order = self.config.reiki_shinkyu_order
        out.append(shinkyu.comparison_table(before, after, order, lang, where))
        return out


def register(app: Any) -> None:
    """Register the directives, the node and the page generator."""
    shinkyu.register(app)
    app.add_directive("version-text", VersionTextDirective)
    app.add_directive("comparison", ComparisonDirective)
    app.connect("builder-inited", generate)
