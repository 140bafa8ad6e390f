"""The 改め文 of each amendment as recorded by make amend, beside its earlier text; earlier texts must still chain.

policies/versions/<stem>/<id>.yaml holds the 本則 of the amending instrument and a digest of every 章・節・条 of the
text before and after it. Every build applies the recorded 改め文 to the earlier text: it must give the earlier text
of the next amendment (what was in force between the two), and neither earlier text may differ from the one
recorded. An earlier text edited afterwards stops the build at its file and line with the command that fixes it.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import datafile
from .errors import error
from .honsoku import Instrument, Unit, label, parse_source, render
from .versions import parse, snapshots
from .yokekomi import Kaibun, Sentence, YokekomiError, apply_all

HEAD = "# 改正 {id} の改め文（本則）と、改正前・改正後の本文の要約値。make amend が書く。手で直さない。\n"


def record_path(srcdir: Path, stem: str, amend_id: str) -> Path:
    """policies/versions/<stem>/<id>.yaml."""
    return srcdir / "policies" / "versions" / stem / f"{amend_id}.yaml"


def digests(inst: Instrument) -> dict[str, str]:
    """章・節 (by name) and 条 (by its words) → a short digest, in document order."""
    out: dict[str, str] = {}

    def walk(u: Unit, prefix: str) -> None:
        for c in u.children:
            if c.kind in ("章", "節"):
                name = prefix + label(c)
                out[name] = _digest([c.title])
                walk(c, name)
            elif c.kind == "条":
                out[label(c, inst.style)] = _digest(render(c, inst.style))

    walk(inst.root, "")
    return out


def _digest(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def sentence_lines(sentences: list[Sentence]) -> list[str]:
    """The 本則 of an amending instrument as printed: each sentence followed by the lines it inserts."""
    return [ln for s in sentences for ln in [s.text, *s.body]]


def record_text(amend_id: str, kaibun: Kaibun, old: Instrument, new: Instrument) -> str:
    """The record file's text."""
    data = {
        "amendment": amend_id,
        "kaibun": sentence_lines(kaibun.sentences),
        "before": digests(old),
        "after": digests(new),
    }
    return HEAD.format(id=amend_id) + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)


@dataclass
class Record:
    """A recorded amendment: its 本則 sentences and the digests of the texts before and after it."""

    sentences: list[Sentence]
    before: dict[str, str]
    after: dict[str, str]


def read_record(path: Path) -> Record:
    """Read a record file; raise DataError (with its line) when it cannot be read."""
    rel = path.as_posix()
    data = datafile.parse_yaml(path.read_text(encoding="utf-8"), rel)
    if not isinstance(data, dict) or not isinstance(data.get("kaibun"), list):
        raise datafile.DataError(rel, 1, "改め文の記録が読めない", "make amend で記録し直す", "versions")
    from .honsoku import is_body_line

    sentences: list[Sentence] = []
    for line in (str(x) for x in data["kaibun"]):
        if is_body_line(line) and sentences:
            sentences[-1].body.append(line)
        else:
            sentences.append(Sentence(line))
    return Record(sentences, dict(data.get("before") or {}), dict(data.get("after") or {}))


def first_difference(recorded: dict[str, str], now: dict[str, str]) -> str | None:
    """The first 章・節・条 whose digest differs (or that was added or removed); None when all agree."""
    for key, value in now.items():
        if recorded.get(key) != value:
            return key
    return next((k for k in recorded if k not in now), None)


def line_of(path: Path, key: str) -> int:
    """The line of the 章・節 heading or the article fence named by key (第2章第1節, 第13条の2), else 1."""
    lines = path.read_text(encoding="utf-8").splitlines()
    *heads, last = _split(key)
    start = 0
    for h in heads:  # 第2章 before 第1節
        start = next((n for n in range(start, len(lines)) if lines[n].startswith(f"## {h}")), start)
    if last.endswith(("章", "節")):
        mark = ("## " if last.endswith("章") else "### ") + last
        return next((n + 1 for n in range(start, len(lines)) if lines[n].startswith(mark)), 1)
    number = last.removeprefix("第").replace("条", "")
    fence = f"```{{article}} {number}"
    return next((n + 1 for n, ln in enumerate(lines) if ln.strip() == fence), 1)


def _split(key: str) -> list[str]:
    """第2章第1節 → [第2章, 第1節]; 第13条の2 → [第13条の2]."""
    parts: list[str] = []
    for piece in key.split("第")[1:]:
        if parts and not piece[:1].isdigit():
            parts[-1] += piece
        else:
            parts.append("第" + piece)
    return parts


def promulgated(amend: dict[str, str]) -> bool:
    """Whether the amendment has a 公布日 (then its 改め文 is fixed)."""
    return str(amend.get("date", "未確認")) != "未確認"


def check_records(app: Any) -> None:
    """Every earlier text must be the one recorded with its amendment, and must chain to the next earlier text."""
    src = Path(app.srcdir)
    for stem, snaps in snapshots(src).items():
        current = src / "policies" / f"{stem}.md"
        if not current.exists():
            continue
        try:
            version = parse(current.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            continue  # reported, with the command that converts it, when the page is read
        partial = [a for a in version.amendments if a.get("type") == "一部改正" or a["id"] in snaps]
        reported: set[Path] = set()  # an earlier text is the text after one amendment and before the next: one line
        for k, amend in enumerate(partial):
            if amend["id"] not in snaps:
                continue  # reported by amending.check_snapshots
            later = partial[k + 1] if k + 1 < len(partial) else None
            try:
                _check_one(src, stem, version.ident, amend, snaps, later, reported)
            except UnicodeDecodeError:
                continue  # an earlier text not in UTF-8: reported with the command that converts it when it is read


def _check_one(
    src: Path,
    stem: str,
    ident: str,
    amend: dict[str, str],
    snaps: dict[str, Path],
    later: dict[str, str] | None,
    reported: set[Path],
) -> None:
    """The checks of one amendment (one line at most)."""
    from .amending import history_line

    amend_id = amend["id"]
    rec_path = record_path(src, stem, amend_id)
    rel = lambda p: p.relative_to(src).as_posix()  # noqa: E731
    rerun = f"make amend ID={ident} AMEND={amend_id}"
    if not rec_path.exists():
        if later is None and not promulgated(amend):
            return  # the amendment being drafted: make amend records it after the edit
        error(
            f"改正 {amend_id} の改め文の記録 {rel(rec_path)} がない：{rerun} で記録する",
            (f"policies/{stem}", history_line(src / "policies" / f"{stem}.md", amend_id)),
            "versions",
        )
        return
    try:
        record = read_record(rec_path)
    except datafile.DataError as e:
        e.report()
        return
    before_path = snaps[amend_id]
    before = parse_source(before_path.read_text(encoding="utf-8"))
    restore = (
        "git restore {f} で戻す（コミット済みなら git log -p {f} で直す前のコミットを探し、"
        "git restore --source=そのコミット {f}）"
    )
    key = first_difference(record.before, digests(before))
    if key is not None:
        if before_path in reported:
            return
        reported.add(before_path)
        fix = restore.format(f=rel(before_path))
        if not promulgated(amend):
            fix += f"。写しの誤りを直したのであれば {rerun} で記録し直す"
        error(
            f"改正 {amend_id} の改正前の本文の{key}が、改め文を記録したときと違う"
            f"（改正前の本文は、改正の時に効力を有していた本文のまま残す）：{fix}",
            f"{rel(before_path)}:{line_of(before_path, key)}",
            "versions",
        )
        return
    if later is None or later["id"] not in snaps:
        return  # the text after the last amendment is the current text, which the next amendment changes
    after_path = snaps[later["id"]]
    after = parse_source(after_path.read_text(encoding="utf-8"))
    try:
        got = render(apply_all(before.root, record.sentences, before.style), before.style)
    except YokekomiError as e:
        error(f"記録した改め文が改正前の本文に当てはまらない（{e}）：{rerun} で記録し直す", f"{rel(rec_path)}:1", "versions")
        return
    key = first_difference(record.after, digests(after))
    if got != render(after.root, after.style) or key is not None:
        reported.add(after_path)
        key = key or first_difference(digests(parse_source_lines(got, before)), digests(after)) or "本則"
        fix = restore.format(f=rel(after_path))
        if not promulgated(later):  # the amendment being drafted: its earlier text is copied again from git
            fix = f"{rel(after_path)} を消し、make amend ID={ident} AMEND={later['id']} で効力を有する本文を写し直す"
        elif not promulgated(amend):
            fix += f"。改正 {amend_id} が未公布で、その改正後の本文を直したのであれば {rerun} で記録し直す"
        error(
            f"改正 {later['id']} の改正前の本文の{key}が、改正 {amend_id} の改め文を溶け込ませた本文"
            f"（その間に効力を有していた本文）と違う：{fix}",
            f"{rel(after_path)}:{line_of(after_path, key)}",
            "versions",
        )


def parse_source_lines(lines: list[str], like: Instrument) -> Instrument:
    """An instrument from printed 本則 lines (for naming where two texts part)."""
    from .honsoku import parse_body

    root = Unit("本則", ())
    with contextlib.suppress(ValueError):
        root.children = parse_body(lines)
    return Instrument(like.title, like.style, root)
