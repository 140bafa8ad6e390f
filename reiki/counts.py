"""Counts of the units a rule sets out, written so they cannot go stale: {count}`kitei:第28条` prints 7.

The number is that of the units directly below the cited one, read from the instrument's text at build time: the
号 of a 項 (or of an article whose 号 are all in one 項), else the 項 of the article, the ア・イ of a 号. Pages
write the role; data files the build renders (data/checklist.yaml) write the same markup in their text. A literal
count written next to a citation of a unit that now holds another number of items stops the build.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxRole

from .dates import SourceDate
from .errors import error
from .honsoku import Unit, parse_source
from .numbering import parse_target

MARKUP = re.compile(r"\{count\}`([^`]+)`")
INSTRUMENT = re.compile(r"^```\{instrument\}\s+(\S+)\s*$", re.M)
SHORT = re.compile(r"^:short:\s*(\S+)\s*$", re.M)


@lru_cache(maxsize=64)
def _instruments(srcdir: str, stamp: tuple[tuple[str, float], ...]) -> dict[str, tuple[Path, str]]:
    """Instrument id → (its file, its short name), from policies/*.md (stamp: the files' times, to re-read on change)."""
    out: dict[str, tuple[Path, str]] = {}
    for name, _ in stamp:
        path = Path(srcdir, name)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # reported by the page reader
        m = INSTRUMENT.search(text)
        if m:
            short = SHORT.search(text)
            out[m.group(1)] = (path, short.group(1) if short else "")
    return out


def instruments(srcdir: Path) -> dict[str, tuple[Path, str]]:
    """Instrument id → (its file, its short name)."""
    files = sorted((srcdir / "policies").glob("*.md"))
    return _instruments(str(srcdir), tuple((p.relative_to(srcdir).as_posix(), p.stat().st_mtime) for p in files))


@lru_cache(maxsize=64)
def _tree(path: str, mtime: float) -> Unit:
    return parse_source(Path(path).read_text(encoding="utf-8")).root


def count(srcdir: Path, target: str, here: str | None = None) -> tuple[int, Path]:
    """The number of units directly below the cited unit, and the instrument's file; ValueError naming the problem."""
    try:
        t = parse_target(target)
    except ValueError:
        raise ValueError(f"{target} は条・項・号の引用でない") from None
    ident = t.instrument or here
    found = instruments(srcdir).get(ident or "")
    if found is None or t.article is None:
        raise ValueError(f"{target} の例規が分からない（kitei:第28条 のように例規の ID から書く）")
    path = found[0]
    root = _tree(str(path), path.stat().st_mtime)
    unit = _find(root, t.article.parts)
    if unit is None:
        raise ValueError(f"{target} がない")
    if t.para is not None:
        unit = next((p for p in unit.children if p.num == (t.para,)), None)
        if unit is None:
            raise ValueError(f"{target} がない")
    else:  # an article: the 号 of its one 項 that has 号, otherwise its 項
        with_items = [p for p in unit.children if p.children]
        if len(with_items) == 1 or (t.items and len(unit.children) == 1):
            unit = with_items[0] if len(with_items) == 1 else unit.children[0]
    for n in t.items:
        unit = next((c for c in unit.children if c.num == (n,)), None)
        if unit is None:
            raise ValueError(f"{target} がない")
    return len(unit.children), path


def _find(root: Unit, num: tuple[int, ...]) -> Unit | None:
    for c in root.children:
        if c.kind == "条" and c.num == num:
            return c
        if c.kind in ("章", "節") and (found := _find(c, num)):
            return found
    return None


def here_instrument(srcdir: Path, docname: str) -> str | None:
    """The instrument a policies/ page sets out (for {count}`第28条` without the instrument)."""
    path = srcdir / f"{docname}.md"
    if not docname.startswith("policies/") or not path.exists():
        return None
    m = INSTRUMENT.search(path.read_text(encoding="utf-8"))
    return m.group(1) if m else None


def expand(text: str, srcdir: Path) -> str:
    """Text with every {count}`…` replaced by its number (a target that cannot be counted is left as written)."""

    def number(m: re.Match[str]) -> str:
        try:
            return str(count(srcdir, m.group(1))[0])
        except ValueError:
            return m.group(0)

    return MARKUP.sub(number, text)


class CountRole(SphinxRole):
    """{count}`kitei:第28条`: the number of 号 (or 項) the cited unit holds now."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """The number as text; an unknown unit stops the build at the role's line."""
        src = Path(self.env.srcdir)
        try:
            n, path = count(src, self.text, here_instrument(src, self.env.docname))
        except ValueError as e:
            error(f"{{count}} の{e}：引用する単位を確かめる", self.get_location(), "count")
            return [nodes.Text(self.text)], []
        self.env.note_dependency(str(path))
        return [nodes.Text(str(n))], []


class CountInData(SphinxTransform):
    """The same markup in words a data file gives the page (a checklist question), after translation."""

    default_priority = 900

    def apply(self, **kwargs: Any) -> None:
        """Replace {count}`…` in every text node outside literal text."""
        src = Path(self.env.srcdir)
        for node in list(self.document.findall(nodes.Text)):
            if "{count}`" not in node or isinstance(node.parent, (nodes.literal, nodes.literal_block, nodes.raw)):
                continue
            where = node.parent.source if node.parent is not None else None
            for m in MARKUP.finditer(str(node)):
                try:
                    _, path = count(src, m.group(1))
                    self.env.note_dependency(str(path))
                except ValueError as e:
                    line = node.parent.line if node.parent is not None else None
                    error(f"{{count}} の{e}：引用する単位を確かめる", f"{where}:{line}", "count")
            node.parent.replace(node, nodes.Text(expand(str(node), src)))


# A count written as a figure: 「7つの事項」「3項目」「各号に掲げる5」「4の事項」.
LITERAL = re.compile(r"(?<![\d第前次同])(\d+)(?=つ[のにをがは]|項目|の事項|個の)|(?<=各号に掲げる)(\d+)")
JO = re.compile(r"\{jo\}`(?:[^`<]*<)?([^`>]+)>?`")


def _current(srcdir: Path, target: str) -> str | None:
    """The citation without its as-of date when that date's numbering is today's; None when it is an earlier one."""
    from . import renumbering

    head, when = renumbering.split(target)
    if not when:
        return head
    try:
        t = parse_target(head)
        iso = SourceDate.parse(when).iso
    except ValueError:
        return None  # an unreadable target or date is reported by the citation check
    hist = renumbering.histories(srcdir).get(t.instrument or "")
    found = renumbering.as_of(hist, t.anchor(), iso, head, "ja", False)
    return head if not (found.page or found.error) else None


def literal_counts(srcdir: Path) -> list[tuple[str, int, str, int, int]]:
    """Every literal count next to one citation whose unit holds another number: (file, line, target, written, now)."""
    insts = instruments(srcdir)
    plain = {short: ident for ident, (_, short) in insts.items() if short}
    cited = re.compile(
        r"("
        + "|".join(map(re.escape, sorted(plain, key=len, reverse=True)))
        + r")(第[0-9]+条(?:の[0-9]+(?![0-9]|つ|個|項目|の事項))*(?:第[0-9]+項)?)"
    )
    files = [*sorted(srcdir.glob("*.md")), *sorted((srcdir / "docs").rglob("*.md")), *sorted(srcdir.glob("data/*.yaml"))]
    files += sorted((srcdir / "policies").glob("*.md"))
    out = []
    for path in files:
        rel = path.relative_to(srcdir).as_posix()
        if not path.exists() or rel.startswith("docs/versions/"):  # generated pages
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
            here = here_instrument(srcdir, rel.removesuffix(".md"))
        except UnicodeDecodeError:
            continue  # a file in another encoding is reported, with the command that converts it, by its reader
        for n, line in enumerate(lines, start=1):
            for sentence in line.split("。"):
                written = [int(m.group(1) or m.group(2)) for m in LITERAL.finditer(sentence)]
                if len(written) != 1:
                    continue
                targets = [m.group(1) for m in JO.finditer(sentence)]
                targets += [f"{plain[m.group(1)]}:{m.group(2)}" for m in cited.finditer(sentence)] if plain else []
                if len(set(targets)) != 1:
                    continue
                target = _current(srcdir, targets[0])
                if target is None:
                    continue  # cited in the numbering of an earlier date: the count is that text's
                try:
                    now, _ = count(srcdir, target, here)
                except ValueError:
                    continue
                if now != written[0]:
                    out.append((rel, n, target, written[0], now))
    return out


def check_literal_counts(app: Any) -> None:
    """A figure that counts the items of a cited unit and no longer matches it stops the build."""
    for rel, n, target, written, now in literal_counts(Path(app.srcdir)):
        error(
            f"{target} の下の単位の数は {now} で、書いた数 {written} と違う：数を {{count}}`{target}` と書く"
            "（改正で数が変わっても正しく示される）",
            f"{rel}:{n}",
            "count",
        )


def register(app: Any) -> None:
    """Register the role, the transform for data-file words and the check of literal counts."""
    app.add_role("count", CountRole())
    app.add_transform(CountInData)
    app.connect("builder-inited", check_literal_counts)
