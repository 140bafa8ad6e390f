"""Renumbered units: what each amendment did to the numbers of an instrument, and citations checked against it.

A citation names a unit by its number. When an amendment inserts or deletes a 項 or 号 (or moves an article), a number
written before it may name another unit afterwards. ``kitei:第11条第3項@2026-11-28`` says the number was checked
against the numbering in force on that date (amendments in force on that date included). A citation without a date
is read in today's numbering and is reported when an amendment gave its number to another unit or moved the unit it
named: the author reads the text, writes the number of the provision meant and the date of the check.

An as-of citation whose unit kept its number since that date resolves to the current unit as any other. One whose
number was changed later links to the earlier version page (the text in force on that date, at its old anchor) and
is followed by a note with the amendment and the unit's number today, so a reader is not misled.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .dates import SourceDate, era_date
from .messages import msg
from .numbering import ArticleNumber, Target, parse_target, target_label
from .versions import Version, align, chain, pair_units, snapshots

UNKNOWN = "未確認"


@dataclass(frozen=True)
class Step:
    """One amendment with a saved earlier text: what became of each anchor of the text before it."""

    amendment: str
    effective: str  # the date from which it counts as in force: 施行日, else 公布日, else 未確認 (always in force)
    before: frozenset[str]
    after: frozenset[str]
    moves: dict[str, str | None]  # anchor before → anchor of the same unit after (None: deleted, or rewritten)

    def in_force(self, when: str) -> bool:
        """True when the amendment was in force on the ISO date when (an undated one counts as in force)."""
        return self.effective == UNKNOWN or self.effective <= when

    def changed(self, anchor: str) -> bool:
        """True when this amendment moved the unit numbered anchor, or gave its number to another unit."""
        if anchor not in self.before:
            return False
        to = self.moves.get(anchor)
        if to is None:  # deleted or rewritten: a change of number only if another unit now bears it
            return anchor in self.after and anchor in set(self.moves.values())
        return to != anchor

    def follow(self, anchor: str | None) -> str | None:
        """The anchor after this amendment of the unit numbered anchor before it (the same slot when rewritten)."""
        if anchor is None:
            return None
        to = self.moves.get(anchor)
        if to is None and anchor in self.after and anchor not in set(self.moves.values()):
            return anchor
        return to


@dataclass
class History:
    """An instrument's amendments that have an earlier text, oldest first."""

    ident: str
    stem: str
    short: str
    style: str
    steps: list[Step] = field(default_factory=list)

    def digest(self) -> str:
        """A short fingerprint (an amendment that renumbers makes the citing pages be read again)."""
        data = [(s.amendment, s.effective, sorted((k, v or "") for k, v in s.moves.items())) for s in self.steps]
        return hashlib.sha1(json.dumps(data).encode()).hexdigest()


def _anchors(version: Version) -> set[str]:
    out: set[str] = set()
    for art in version.articles:
        out.add(art.anchor)
        out |= {f"{art.anchor}-{u.key}" for u in art.units}
    return out


def _moves(before: Version, after: Version) -> dict[str, str | None]:
    """Old anchor → new anchor of the same unit, by the alignment of the 新旧対照表 (reiki.versions)."""
    out: dict[str, str | None] = {}
    for row in align(before, after):
        if row.old is None:
            continue
        if row.new is None:
            out[row.old.anchor] = None
            out |= {f"{row.old.anchor}-{u.key}": None for u in row.old.units}
            continue
        out[row.old.anchor] = row.new.anchor
        old_to_new = {i: j for j, i in pair_units(row.old.units, row.new.units).items()}
        for i, u in enumerate(row.old.units):
            j = old_to_new.get(i)
            out[f"{row.old.anchor}-{u.key}"] = f"{row.new.anchor}-{row.new.units[j].key}" if j is not None else None
    return out


def _effective(amend: dict[str, str]) -> str:
    for key in ("effective", "date"):
        try:
            value = SourceDate.parse(amend.get(key, UNKNOWN)).value
        except ValueError:
            continue
        if value:
            return value.isoformat()
    return UNKNOWN


_CACHE: dict[str, tuple[tuple[Any, ...], dict[str, History]]] = {}


def histories(srcdir: Path) -> dict[str, History]:
    """The renumbering history of every instrument with saved earlier texts, by instrument id (cached per file state)."""
    snaps = snapshots(srcdir)
    files = [srcdir / "policies" / f"{stem}.md" for stem in snaps] + [p for s in snaps.values() for p in s.values()]
    key = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.exists())
    cached = _CACHE.get(str(srcdir))
    if cached and cached[0] == key:
        return cached[1]
    out: dict[str, History] = {}
    from .amending import FULLWIDTH_LABEL

    for stem in snaps:
        path = srcdir / "policies" / f"{stem}.md"
        if not path.exists() or FULLWIDTH_LABEL.search(path.read_text(encoding="utf-8", errors="replace")):
            continue  # a mislabelled unit is reported at its line by the numbering check; the numbers here would be wrong
        current, steps = chain(srcdir, stem)
        hist = History(current.ident, stem, current.short, current.style)
        for amend, before, after in steps:
            anchors = frozenset(_anchors(before)), frozenset(_anchors(after))
            hist.steps.append(Step(amend["id"], _effective(amend), *anchors, _moves(before, after)))
        out[current.ident] = hist
    _CACHE[str(srcdir)] = (key, out)
    return out


def _target(anchor: str) -> Target:
    """The target an anchor names (a11-p3 → 第11条第3項)."""
    head, *rest = anchor.split("-")
    number = ArticleNumber(tuple(int(p) for p in head[1:].split("_")))
    para = int(rest[0][1:]) if rest else None
    items = tuple(int(i) for i in "-".join(rest[1:])[1:].split("-")) if len(rest) > 1 else ()
    return Target(None, number, para, items)


def unit_label(anchor: str, style: str, lang: str = "ja", plain: bool = False) -> str:
    """第11条第3項 for a11-p3; with plain, 第1項 is left out before a 号 (第2条第1号), as a citation written so."""
    t = _target(anchor)
    if plain and t.para == 1 and t.items:
        t = Target(None, t.article, None, t.items)
    return target_label(t, style, lang)


def _short(anchor: str, now: str, style: str, plain: bool) -> str:
    """The new number as said after the old one: 第3項 within the same article, else the full label."""
    full = unit_label(now, style, plain=plain)
    head = unit_label(now.split("-")[0], style)
    return full[len(head) :] if now.split("-")[0] == anchor.split("-")[0] and full != head else full


def _key(anchor: str) -> tuple[Any, ...]:
    t = _target(anchor)
    return (t.article.parts if t.article else (), t.para or 1, t.items)


def _when(effective: str) -> str:
    return f"{era_date(dt.date.fromisoformat(effective))}施行の" if effective != UNKNOWN else "施行日未確認の"


def _day_before(effective: str) -> str:
    return (dt.date.fromisoformat(effective) - dt.timedelta(days=1)).isoformat() if effective != UNKNOWN else "YYYY-MM-DD"


def stale(hist: History, anchor: str, text: str, prefix: str, plain: bool) -> str | None:
    """The one-line message for a citation without a date whose number an amendment changed, or None."""
    for k in range(len(hist.steps) - 1, -1, -1):
        step = hist.steps[k]
        if not step.changed(anchor):
            continue
        now: str | None = step.moves.get(anchor)
        for later in hist.steps[k + 1 :]:
            now = later.follow(now)
        label = unit_label(anchor, hist.style, plain=plain)
        day = step.effective if step.effective != UNKNOWN else "YYYY-MM-DD"
        reused = anchor in hist.steps[-1].after  # the number is borne today by another unit
        to = step.moves.get(anchor)
        if to is None:
            moved = "削られた"
        else:
            way = "繰り下がった" if _key(to) > _key(anchor) else "繰り上がった"
            moved = f"{_short(anchor, to, hist.style, plain)}に{way}"
            if now != to:
                moved += f"（今の{unit_label(now, hist.style, plain=plain)}）" if now else "（その後削られた）"
        here = _short(anchor, anchor, hist.style, plain)  # 第2項: said after the full label
        moved += f"。今の{here}は別の規定" if reused else ""
        if now:
            meant = f"改正前の規定なら {prefix}{unit_label(now, hist.style, plain=plain)}@{day}"
        else:
            meant = f"改正前の規定なら {prefix}{label}@{_day_before(step.effective)}"
        fix = meant + (f"、今の{here}なら {prefix}{label}@{day}" if reused else "")
        return msg(
            "ref-renumbered",
            text=text,
            short=hist.short,
            label=label,
            when=_when(step.effective),
            id=step.amendment,
            moved=moved,
            fix=fix,
        )
    return None


@dataclass
class AsOf:
    """How an as-of citation resolves: the current unit, or the earlier version page with a note."""

    page: str = ""  # the earlier version's docname ("": the current page)
    note: str = ""  # shown after the citation when the number changed since that date
    error: str = ""  # the unit did not exist in the numbering of that date


def as_of(hist: History | None, anchor: str, when: str, text: str, lang: str, plain: bool) -> AsOf:
    """Resolve a citation checked against the numbering in force on when (ISO)."""
    if hist is None:
        return AsOf()
    first = next((k for k, s in enumerate(hist.steps) if not s.in_force(when)), None)
    if first is None:
        return AsOf()
    step = hist.steps[first]
    if anchor not in step.before:
        shown = SourceDate.parse(when).show()
        label = unit_label(anchor, hist.style, plain=plain)
        return AsOf(error=msg("ref-asof-missing", text=text, when=shown, short=hist.short, label=label))
    now: str | None = anchor
    change: Step | None = None
    for s in hist.steps[first:]:
        if change is None and s.changed(now or ""):
            change = s
        now = s.follow(now)
    if change is None:
        return AsOf()
    if lang.startswith("en"):
        date = SourceDate.parse(change.effective).show(lang)
        where = f"now {unit_label(now, hist.style, lang, plain)}" if now else "since deleted"
        note = f" (numbering before the amendment in force from {date}; {where})"
    else:
        where = f"現在の{unit_label(now, hist.style, plain=plain)}" if now else "現在は削られている"
        note = f"（{_when(change.effective)}改正前の番号。{where}）"
    return AsOf(page=f"docs/versions/{hist.ident}-{step.amendment}", note=note)


def split(target: str) -> tuple[str, str]:
    """「kitei:第11条第3項@2026-11-28」 → (the citation, the date or "")."""
    head, _, when = target.partition("@")
    return head.strip(), when.strip()


def check_citation(env: BuildEnvironment, node: nodes.Element) -> None:
    """Check one resolved-to-be {jo} citation and settle its as-of resolution (the Citations transform calls this)."""
    from .errors import error

    instrument, _, anchor = node["reftarget"].partition("#")
    hist = histories(Path(env.srcdir)).get(instrument)
    if hist is None:
        return
    from .roles import split_explicit

    if node.get("reiki_shown"):  # 前条・次項 …: checked against the order of the text as it is (roles._check_order)
        return
    head, written = split(split_explicit(str(node.get("reiki_source", "")))[1])
    when = node.get("reiki_asof") or ""
    if written and not when:  # a date roles.cite could not read: that is the one line
        return
    plain = _plain(head)
    if when:
        for p in [Path(env.srcdir, "policies", f"{hist.stem}.md"), *snapshots(Path(env.srcdir)).get(hist.stem, {}).values()]:
            env.note_dependency(str(p))
        found = as_of(hist, anchor, SourceDate.parse(when).iso, head, env.config.language or "ja", plain)
        if found.error:
            if not node.get("reiki_checked"):
                error(found.error, node, "renumbered")
            node["reiki_renumbered"] = True
            return
        node["reiki_then"] = found.page
        if found.note and node.parent is not None:
            node.parent.insert(node.parent.index(node) + 1, nodes.inline(found.note, found.note, classes=["reiki-asof"]))
        return
    if node.get("reiki_checked"):  # a data file's citation: reported once at the data line (trace.check_articles)
        return
    prefix = head.split(":", 1)[0] + ":" if ":" in head else ""
    problem = stale(hist, anchor, head, prefix, plain)
    if problem:
        error(problem, node, "renumbered")
        node["reiki_renumbered"] = True


def data_problem(srcdir: Path, target: str) -> str | None:
    """The message for a citation in a data file (kitei:第11条第2項[@date]) whose number was changed, or None."""
    head, when = split(target)
    try:
        t = parse_target(head)
    except ValueError:
        return None
    hist = histories(srcdir).get(t.instrument or "")
    if hist is None:
        return None
    if when:
        try:
            iso = SourceDate.parse(when).iso
        except ValueError:
            return msg("ref-date", text=target)
        return as_of(hist, t.anchor(), iso, head, "ja", _plain(head)).error or None
    return stale(hist, t.anchor(), head, f"{t.instrument}:", _plain(head))


def _plain(head: str) -> bool:
    """True when the citation leaves out 第1項 before a 号 (第2条第1号)."""
    return "号" in head and "第1項" not in head


def outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """When an amendment changes what was renumbered, read again every page citing that instrument."""
    from .domain import ReikiDomain

    now = {ident: h.digest() for ident, h in histories(Path(env.srcdir)).items()}
    before: dict[str, str] | None = getattr(env, "reiki_renumbering", None)
    env.reiki_renumbering = now  # type: ignore[attr-defined]
    if before is None:
        return []
    moved = {i for i in set(now) | set(before) if now.get(i) != before.get(i)}
    dom = cast(ReikiDomain, env.get_domain("reiki"))
    return sorted({c.docname for c in dom.citations if c.instrument in moved} & env.found_docs - removed)


def register(app: Sphinx) -> None:
    """Read the citing pages again when the renumbering changes."""
    app.connect("env-get-outdated", outdated)
