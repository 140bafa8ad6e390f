"""Open an amendment of an instrument, and after the edit record its anchors, redirects and 改め文 (make amend ID=kitei).

First run: copies the text in force to policies/versions/<stem>/<id>.md, adds the history entry (例規番号, 公布日,
施行日 as 未確認) and the 附則 skeleton in the 訓令 form. Run again after editing the text: prints the 改め文 proven by
溶け込み, records the instrument's anchors in data/anchors.lock and a redirect for every anchor that is gone. Each run
changes only what is missing, so a second run on the same amendment changes nothing.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reiki.amending import sources
from reiki.honsoku import Instrument, Unit, articles, label, parse_source, render
from reiki.kaibun import NotExpressible, align, generate
from reiki.numbering import parse_target, parse_unit_line
from reiki.promulgated import promulgated, record_path, record_text
from reiki.versions import FENCE, fence_at, parse
from reiki.yokekomi import Kaibun, YokekomiError, apply_all, parse_kaibun

REDIRECTS_HEAD = "# Redirects for removed anchors: old docname#anchor: new docname#anchor\n"


def find_stem(root: Path, ident: str) -> str | None:
    """The file stem under policies/ of the instrument with this id."""
    for p in sorted((root / "policies").glob("*.md")):
        if re.search(rf"^```\{{instrument\}}\s+{re.escape(ident)}\s*$", p.read_text(encoding="utf-8"), re.M):
            return p.stem
    return None


def text_in_force(root: Path, path: Path, amend_id: str | None = None) -> str:
    """The text before the amendment: the file before the commit that added its history entry, else the committed text.

    An amendment already committed (or an earlier one whose copy is missing) is found in git: the commit that first
    wrote 「- id: <amend_id>」 into the file also holds the edit, so its parent holds the text in force before it.
    """
    rel = path.relative_to(root).as_posix()

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)

    rev = "HEAD"
    if amend_id:
        log = git("log", "--format=%H", "-S", f"- id: {amend_id}\n", "--", rel)
        commits = log.stdout.split() if log.returncode == 0 else []
        if commits:
            rev = f"{commits[-1]}^"
    done = git("show", f"{rev}:{rel}")
    return done.stdout if done.returncode == 0 and done.stdout else path.read_text(encoding="utf-8")


def choose_id(history: list[dict[str, str]], snaps: Path, wanted: str | None) -> str:
    """The amendment to work on: the one named, the last one still open (公布日 未確認, snapshot taken), or the next cN."""
    if wanted:
        return wanted
    if history and history[-1].get("date") == "未確認" and (snaps / f"{history[-1]['id']}.md").exists():
        return history[-1]["id"]
    used = [int(m.group(1)) for a in history if (m := re.fullmatch(r"c(\d+)", a["id"]))]
    return f"c{max(used, default=0) + 1}"


def add_history(text: str, amend_id: str) -> str:
    """The source with a history entry for amend_id at the end of the amendments block."""
    lines = text.splitlines(keepends=True)
    start = next(k for k, ln in enumerate(lines) if ln.startswith("```{amendments}"))
    end = next(k for k in range(start + 1, len(lines)) if lines[k].startswith("```"))
    entry = (
        f"- id: {amend_id}\n  type: 一部改正\n  date: 未確認\n  number: 未確認\n  effective: 未確認\n"
        "  summary: このコーパスによる改正案（市の改正ではない）。\n"
    )
    return "".join([*lines[:end], entry, *lines[end:]])


def add_supplementary(text: str, amend_id: str) -> str:
    """The source with the 附則 skeleton of amend_id after the last 附則."""
    block = f"```{{supplementary}} {amend_id}\n:effective: 未確認\n\nこの訓令は、（施行日未確認）から施行する。\n```\n"
    return text.rstrip("\n") + "\n\n" + block


def unit_anchors(prefix: str, body: list[str]) -> list[str]:
    """Anchors of the lines of an article or 附則 body: p1, p2, p1-i1, p1-i1-2 … after the prefix."""
    out, counters = [], [0, 0, 0, 0]
    for n, raw in enumerate(body):
        line = parse_unit_line(raw.strip())
        level = line.level if n else 0
        counters[level] = line.number or (1 if level == 0 else 0)
        for deeper in range(level + 1, 4):
            counters[deeper] = 0
        key = f"p{counters[0]}" + ("-i" + "-".join(str(c) for c in counters[1 : level + 1]) if level else "")
        out.append(f"{prefix}-{key}")
    return out


def anchors_of(text: str, docname: str) -> set[str]:
    """Every anchor the build gives the instrument: top, articles, 項・号, 附則 (as data/anchors.lock records them)."""
    out = {f"{docname}#top"}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        _, j, end = fence_at(lines, i)
        body = [ln for ln in lines[j:end] if ln.strip()]
        kind, arg = m.groups()
        if kind in ("article", "supplementary"):
            prefix = f"a{arg.replace('の', '_')}" if kind == "article" else f"suppl-{arg}"
            out |= {f"{docname}#{prefix}", *(f"{docname}#{a}" for a in unit_anchors(prefix, body))}
        i = end + 1
    return out


def successors(old: Instrument, new: Instrument, deleted: set[str] | None = None) -> dict[str, str]:
    """Old anchor → the anchor of the same unit in the new text (the nearest kept unit above it when it was deleted).

    The anchors of deleted units are added to deleted when it is given.
    """
    out: dict[str, str] = {}
    deleted = set() if deleted is None else deleted

    def name(art: Unit, path: list[Unit]) -> str:
        anchor = "a" + "_".join(str(p) for p in art.num)
        if not path:
            return anchor
        head, *items = path
        return f"{anchor}-p{head.num[0]}" + ("-i" + "-".join(str(i.num[0]) for i in items) if items else "")

    def walk(oa: Unit, na: Unit, op: list[Unit], np: list[Unit], olds: list[Unit], news: list[Unit]) -> None:
        for o, n in align(olds, news):
            if o is None:
                continue
            if n is None:
                for x in [o, *_below(o)]:
                    out[name(oa, _path(oa, x))] = name(na, np)
                    deleted.add(name(oa, _path(oa, x)))
                continue
            out[name(oa, [*op, o])] = name(na, [*np, n])
            walk(oa, na, [*op, o], [*np, n], o.children, n.children)

    for o, n in align(articles(old.root), articles(new.root)):
        if o is None:
            continue
        if n is None:
            for x in [o, *_below(o)]:
                out[name(o, _path(o, x))] = "top"
                deleted.add(name(o, _path(o, x)))
            continue
        out[name(o, [])] = name(n, [])
        walk(o, n, [], [], o.children, n.children)
    return out


def _below(u: Unit) -> list[Unit]:
    return [x for c in u.children for x in [c, *_below(c)]]


def _path(art: Unit, target: Unit) -> list[Unit]:
    """The 項 and 号 from an article down to target (empty for the article itself)."""

    def down(u: Unit, acc: list[Unit]) -> list[Unit] | None:
        if u is target:
            return acc
        for c in u.children:
            if (found := down(c, [*acc, c])) is not None:
                return found
        return None

    return down(art, []) or []


CITED = r"(?<![\w-]){ident}:(第[0-9の]+(?:条)?(?:第[0-9]+項)?(?:第[0-9]+号)?)"
SKIP = ("_build", "locale", "node_modules", ".venv", ".git", "policies/versions")


def label_of(anchor: str, style: str) -> str:
    """第13条第4項 from a13-p4 (第2条第1項第3号 from a2-p1-i3)."""
    m = re.fullmatch(r"a([0-9_]+)(?:-p(\d+))?(?:-i([0-9-]+))?", anchor)
    if not m:
        return anchor
    out = label(Unit("条", tuple(int(x) for x in m.group(1).split("_"))), style)
    if m.group(2) and (m.group(2) != "1" or m.group(3)):
        out += f"第{m.group(2)}項"
    if m.group(3):
        out += "".join(f"第{i}号" for i in m.group(3).split("-")[:1])
    return out


def stale_citations(root: Path, ident: str, style: str, moves: dict[str, str], deleted: set[str]) -> list[str]:
    """Citations in other files of units that moved or were deleted: file:line and what to write instead."""
    out = []
    files = [*root.glob("**/*.md"), *(root / "data").glob("*.yaml")]
    for path in sorted(files):
        rel = path.relative_to(root).as_posix()
        if any(rel.startswith(s) or f"/{s}/" in f"/{rel}" for s in SKIP):
            continue
        fence = ""  # "example" inside a code block that shows text (```text, ```sh): not a citation
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.lstrip().startswith("```"):
                opening = line.strip() != "```" or not fence
                fence = ("directive" if line.lstrip().startswith("```{") else "example") if opening else ""
                continue
            if fence == "example":
                continue
            for m in re.finditer(CITED.format(ident=re.escape(ident)), line):
                try:
                    anchor = parse_target(m.group(1)).anchor()
                except ValueError:
                    continue
                if anchor in deleted or (anchor.endswith("-p1") and anchor[:-3] in deleted):
                    gone = "削られた単位を指す"
                    out.append(f"{rel}:{n}: {ident}:{m.group(1)} は、改正前の番号であれば{gone}：引用を確かめること")
                elif moves.get(anchor, anchor) != anchor:
                    now = label_of(moves[anchor], style)
                    moved = f"{ident}:{now} に移った"
                    out.append(f"{rel}:{n}: {ident}:{m.group(1)} は、改正前の番号であれば {moved}：引用を確かめること")
    return out


def record(root: Path, docname: str, before: str, after: str) -> list[str]:
    """Update data/anchors.lock for this instrument and add redirects for its gone anchors; what was done, in Japanese."""
    lock = root / "data" / "anchors.lock"
    if not lock.exists():
        return []  # a project that does not record its anchors
    kept = [ln for ln in lock.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith(f"{docname}#")]
    published = {ln for ln in lock.read_text(encoding="utf-8").splitlines() if ln.startswith(f"{docname}#")}
    now = anchors_of(after, docname)
    done = []
    redirects_path = root / "data" / "redirects.yaml"
    redirects = yaml.safe_load(redirects_path.read_text(encoding="utf-8")) or {}
    moves = successors(parse_source(before), parse_source(after))
    added = 0
    for gone in sorted(published - now):
        if gone in redirects:
            continue
        target = moves.get(gone.split("#", 1)[1], "top")
        redirects[gone] = f"{docname}#{target if f'{docname}#{target}' in now else 'top'}"
        added += 1
    if added:
        redirects_path.write_text(
            REDIRECTS_HEAD + yaml.safe_dump(redirects, allow_unicode=True, sort_keys=True), encoding="utf-8"
        )
        done.append(f"data/redirects.yaml: 無くなったアンカー {added} 件の移転先を記録した")
    lines = sorted(kept + sorted(now))
    if published != now:
        lock.write_text("\n".join(lines) + "\n", encoding="utf-8")
        done.append(f"data/anchors.lock: {docname} のアンカーを {len(now)} 件に更新した")
    return done


def check(root: Path, stem: str, amend_id: str, kaibun_file: Path) -> int:
    """Apply a received 改め文 to the text before the amendment and compare with the edited text (0 when they agree)."""
    snap = root / "policies" / "versions" / stem / f"{amend_id}.md"
    current = root / "policies" / f"{stem}.md"
    before = parse_source((snap if snap.exists() else current).read_text(encoding="utf-8"))
    raw = kaibun_file.read_text(encoding="utf-8")
    kaibun = parse_kaibun(raw)
    try:
        result = apply_all(before.root, kaibun.sentences, before.style)
    except YokekomiError as e:
        index = int(str(e).split("第", 1)[1].split("文", 1)[0])
        sentence = kaibun.sentences[index - 1].text
        line = next((n for n, ln in enumerate(raw.splitlines(), start=1) if ln.strip() == sentence), 1)
        print(f"{kaibun_file}:{line}: {e}", file=sys.stderr)
        return 1
    got = render(result, before.style)
    if not snap.exists():
        print("\n".join(got))
        return 0
    want = render(parse_source(current.read_text(encoding="utf-8")).root, before.style)
    if got != want:
        k = next((k for k, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), min(len(got), len(want)))
        print(
            f"{kaibun_file}: 溶け込みの結果が policies/{stem}.md の本文と違う（{[*want, ''][k][:30]}…の行）",
            file=sys.stderr,
        )
        return 1
    print(f"{kaibun_file}: 改め文を溶け込ませた結果は policies/{stem}.md の本文と一致する")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Open or record one amendment; print what changed (nothing on a second run)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("instrument", help="例規の ID（{instrument} の引数。例: kitei）")
    ap.add_argument("--id", help="改正の ID（省略時は開いている改正、なければ次の cN）")
    ap.add_argument("--check", metavar="FILE", help="受け取った改め文を改正前の本文に溶け込ませ、直した本文と比べる")
    ap.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    args = ap.parse_args(argv)
    root = Path(args.root)
    stem = find_stem(root, args.instrument)
    if stem is None:
        print(f"例規 {args.instrument} が policies/ にない（{{instrument}} の引数を指定する）", file=sys.stderr)
        return 2
    path = root / "policies" / f"{stem}.md"
    snaps = root / "policies" / "versions" / stem
    text = path.read_text(encoding="utf-8")
    amend_id = choose_id(parse(text).amendments, snaps, args.id)
    if args.check:
        return check(root, stem, amend_id, Path(args.check))
    snap = snaps / f"{amend_id}.md"
    done: list[str] = []
    if not snap.exists():
        snaps.mkdir(parents=True, exist_ok=True)
        snap.write_text(text_in_force(root, path, amend_id), encoding="utf-8")
        done.append(f"{snap.relative_to(root)}: 改正前の本文を写した")
    if amend_id not in [a["id"] for a in parse(text).amendments]:
        text = add_history(text, amend_id)
        done.append(f"policies/{stem}.md: 改正履歴に {amend_id} を加えた（公布日・例規番号・施行日は未確認）")
    if not re.search(rf"^```\{{supplementary\}}\s+{re.escape(amend_id)}\s*$", text, re.M):
        text = add_supplementary(text, amend_id)
        done.append(f"policies/{stem}.md: 附則 {amend_id} の骨組みを加えた")
    if text != path.read_text(encoding="utf-8"):
        path.write_text(text, encoding="utf-8")
    history = parse(text).amendments
    amend = next(a for a in history if a["id"] == amend_id)
    later = [a["id"] for a in history[history.index(amend) + 1 :] if a.get("type") == "一部改正"]
    if later and not (snaps / f"{later[0]}.md").exists():
        print(
            f"policies/{stem}.md: 次の改正 {later[0]} の改正前の本文がないので、改正 {amend_id} の改め文を記録できない："
            f"先に make amend ID={args.instrument} AMEND={later[0]} を実行する",
            file=sys.stderr,
        )
        return 1
    paths = sources(root, stem, amend_id)
    if paths is not None and paths[1] != path:  # an earlier amendment: only its record, against the next earlier text
        old, new = parse_source(paths[0].read_text(encoding="utf-8")), parse_source(paths[1].read_text(encoding="utf-8"))
        try:
            kaibun = generate(old, new, amend)
        except NotExpressible as e:
            print(f"{paths[1].relative_to(root)}: {e}", file=sys.stderr)
            return 1
        return finish_record(root, stem, args.instrument, amend, kaibun, old, new, done)
    before = snap.read_text(encoding="utf-8")
    old, new = parse_source(before), parse_source(text)
    if old.root != new.root:
        try:
            kaibun = generate(old, new, amend)
        except NotExpressible as e:
            print(f"policies/{stem}.md: {e}", file=sys.stderr)
            return 1
        status = finish_record(root, stem, args.instrument, amend, kaibun, old, new, done, show=False)
        if status:
            return status
        done += record(root, f"policies/{stem}", before, text)
        print(kaibun.text())
        deleted: set[str] = set()
        moves = successors(old, new, deleted)
        for line in stale_citations(root, args.instrument, new.style, moves, deleted):
            print(line)
    for line in done:
        print(line)
    if not done:
        print(f"改正 {amend_id}: 変更なし（必要なものは全てそろっている）")
    if old.root == new.root:
        print(f"次に policies/{stem}.md の本文を直し、もう一度 make amend ID={args.instrument} を実行する。")
    return 0


def finish_record(
    root: Path,
    stem: str,
    ident: str,
    amend: dict[str, str],
    kaibun: Kaibun,
    old: Instrument,
    new: Instrument,
    done: list[str],
    show: bool = True,
) -> int:
    """Write the amendment's record (its 改め文 and the digests of both texts); a promulgated one is never rewritten."""
    path = record_path(root, stem, amend["id"])
    text = record_text(amend["id"], kaibun, old, new)
    rel = path.relative_to(root).as_posix()
    if path.exists() and path.read_text(encoding="utf-8") != text and promulgated(amend):
        print(
            f"{rel}: 改正 {amend['id']} は公布済み（公布日 {amend['date']}）なので、改め文の記録を書き換えない："
            f"直した本文を git restore で戻すか、make amend ID={ident} で新たな改正を開く",
            file=sys.stderr,
        )
        return 1
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        done.append(f"{rel}: 改正 {amend['id']} の改め文を記録した")
    if show:
        print(kaibun.text())
        for line in done:
            print(line)
        if not done:
            print(f"改正 {amend['id']}: 変更なし（必要なものは全てそろっている）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
