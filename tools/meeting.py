"""Record a council meeting without Python: its page, its data row, its print volume and its follow-ups (make meeting)."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reiki.dates import SourceDate, era_year  # noqa: E402

TEMPLATE = ROOT / "tools" / "templates" / "meeting"
MEETINGS = "data/meetings.yaml"
INDEX = "docs/council/index.md"
FOLLOWUPS = "docs/council/followups.md"
BODIES = {
    "審議会": "長崎市住民基本台帳ネットワークシステム管理運用審議会",
    "監視委員会": "長崎市住民基本台帳ネットワークシステム管理及び運用監視委員会",
}
ERAS = {"平成": "h", "令和": "r"}
ID = re.compile(r"^([hr])(\d{1,2})-(\d{1,2})$")


class Refusal(Exception):
    """A request the command refuses, with the one line that says why and what to do."""


def fiscal_year(d: dt.date) -> int:
    """The fiscal year (April to March) of a date, as its starting Gregorian year."""
    return d.year if d.month >= 4 else d.year - 1


def expected_prefix(fy: int, day: dt.date) -> tuple[str, str]:
    """The id prefix (r8) and the era fiscal-year label (令和8年度) of the fiscal year fy, in the era of the meeting day."""
    era = era_year(day)[:2]  # 令和 (FY2019 is 令和元年度 for a meeting held after 30 April 2019)
    since = {"平成": 1989, "令和": 2019}[era]
    year = fy - since + 1
    return f"{ERAS[era]}{year}", f"{era}{'元' if year == 1 else year}年度"


def short_name(mid: str) -> str:
    """The meeting's short name for a narrow table column: r8-1 → 令和8年度第1回 (the full title wraps on paper)."""
    m = ID.match(mid)
    if not m:
        return mid
    era = {v: k for k, v in ERAS.items()}[m.group(1)]
    year = int(m.group(2))
    return f"{era}{'元' if year == 1 else year}年度第{int(m.group(3))}回"


def _read_meetings(root: Path) -> list[dict[str, str]]:
    """The meetings of data/meetings.yaml (strings, as the build reads them)."""
    data = yaml.load((root / MEETINGS).read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}
    return list(data.get("meetings") or [])


def plan(root: Path, mid: str, date: str, body: str, time: str, venue: str, fmt: str, office: str) -> dict[str, object]:
    """Check the request and compute every value of the template; raise Refusal with the fix."""
    m = ID.match(mid)
    if not m:
        raise Refusal(f"ID={mid!r} は会議の識別子の形でない: 和暦の年度と回数で書く（例: ID=r8-1 は令和8年度第1回）")
    try:
        day = SourceDate.parse(date).value
    except ValueError:
        raise Refusal(f"DATE={date!r} は日付として読めない: 開催日を DATE=2026-12-10 の形で書く") from None
    if day is None:
        raise Refusal("DATE=未確認 では作れない: 開催日を DATE=2026-12-10 の形で書く")
    if body not in BODIES:
        raise Refusal(f"BODY={body!r} は会議体でない: {'・'.join(BODIES)} のいずれかを書く")
    fy = fiscal_year(day)
    prefix, fy_label = expected_prefix(fy, day)
    if f"{m.group(1)}{int(m.group(2))}" != prefix:
        raise Refusal(f"ID={mid} と DATE={date} の年度が合わない: {date} は{fy_label}なので ID={prefix}-{m.group(3)} とする")
    if not re.fullmatch(r"\d{1,2}時\d{2}分|未確認", time):
        raise Refusal(f"TIME={time!r} は時刻として読めない: TIME=14時00分 の形か 未確認 と書く")
    if fmt not in ("対面", "WEB会議", "未確認"):
        raise Refusal(f"FORMAT={fmt!r} は開催の方法でない: 対面・WEB会議・未確認 のいずれかを書く")
    meetings = _read_meetings(root)
    known = next((x for x in meetings if x.get("id") == mid), None)
    if known and known.get("record") == "in_corpus":
        raise Refusal(f"{MEETINGS}: 会議 {mid} の記録はもうある: 頁 docs/council/{mid}.md を直接直す")
    if known and known.get("date") != day.isoformat():
        raise Refusal(
            f"{MEETINGS}: 会議 {mid} の開催日は {known.get('date')} と記録されている: DATE={known.get('date')} とする"
        )
    number = int(m.group(3))
    title = f"{fy_label}第{number}回 {BODIES[body]}"
    return {
        "id": mid,
        "title": title,
        "title_short": f"{fy_label}第{number}回 {body}資料",
        "title_en": f"Council Papers, FY{fy} Meeting {number}",
        "body": body,
        "body_full": BODIES[body],
        "date_shown": SourceDate(day).show("ja"),
        "date": day.isoformat(),
        "fiscal_year": fy,
        "number": number,
        "time": time,
        "venue": venue,
        "format": fmt,
        "office": office,
        "label": f"FU-{mid.upper()}",
        "order": 10 + len([x for x in meetings if x.get("record") == "in_corpus"]),
        "listed": known is not None,
    }


def _append_meeting(root: Path, v: dict[str, object]) -> None:
    """Add the meeting's row at the end of data/meetings.yaml, keeping the file's comments and layout."""
    path = root / MEETINGS
    text = path.read_text(encoding="utf-8").rstrip("\n")
    row = (
        f"\n\n  - id: {v['id']}\n    body: {v['body']}\n    fiscal_year: {v['fiscal_year']}\n    number: {v['number']}\n"
        f"    date: {v['date']}\n    venue: {v['venue']}\n    format: {v['format']}\n    page_id: 未確認\n"
        f"    office: {v['office']}\n    record: in_corpus\n"
    )
    path.write_text(text + row, encoding="utf-8")


def _mark_in_corpus(root: Path, mid: str) -> None:
    """Mark a meeting already listed in data/meetings.yaml as having its record in the corpus."""
    path = root / MEETINGS
    text = path.read_text(encoding="utf-8")
    block = re.compile(rf"(^  - id: {re.escape(mid)}\n(?:    .*\n)*?    record: )not_in_corpus$", re.M)
    new, n = block.subn(r"\1in_corpus", text, count=1)
    if n != 1:
        raise Refusal(f"{MEETINGS}: 会議 {mid} の record の行が見つからない: その会議の項目に record: not_in_corpus を書く")
    path.write_text(new, encoding="utf-8")


def _add_to_index(root: Path, mid: str) -> None:
    """List the new page in the council index's toctree, before the follow-up page."""
    path = root / INDEX
    text = path.read_text(encoding="utf-8")
    if re.search(rf"^{re.escape(mid)}$", text, re.M):
        return
    if not re.search(r"^followups$", text, re.M):
        raise Refusal(f"{INDEX}: 目次（toctree）に followups の行が見つからない: 目次の最後の行を followups に戻す")
    path.write_text(re.sub(r"^followups$", f"{mid}\nfollowups", text, count=1, flags=re.M), encoding="utf-8")


def new(root: Path, v: dict[str, object]) -> list[str]:
    """Create the meeting's page and print volume from the template and record the meeting; the files touched."""
    from copier import run_copy

    page = root / "docs" / "council" / f"{v['id']}.md"
    volume = root / "docs" / "print" / f"council-{v['id']}.md"
    for p in (page, volume):
        if p.exists():
            raise Refusal(f"{p.relative_to(root)} はもうある: 別の ID にするか、その頁を直接直す")
    run_copy(str(TEMPLATE), str(root), data=v, defaults=True, overwrite=False, quiet=True, unsafe=False, vcs_ref=None)
    if v["listed"]:
        _mark_in_corpus(root, str(v["id"]))
    else:
        _append_meeting(root, v)
    _add_to_index(root, str(v["id"]))
    return [str(p.relative_to(root)) for p in (page, volume)] + [MEETINGS, INDEX]


def followup(root: Path, mid: str, text: str, articles: str) -> list[str]:
    """Add the next follow-up (FU-…-NN) to the meeting's page and its row to the follow-up table; the files touched."""
    page = root / "docs" / "council" / f"{mid}.md"
    if not page.exists():
        raise Refusal(f"docs/council/{mid}.md がない: 先に make meeting ID={mid} DATE=… で会議を作る")
    text = text.strip().rstrip("。")
    if not text:
        raise Refusal('TEXT が空である: 対応の内容を TEXT="自主点検報告書の表現を見直す" の形で書く')
    body = page.read_text(encoding="utf-8")
    if "\n## 今後の対応\n" not in body:
        raise Refusal(f"docs/council/{mid}.md: 「## 今後の対応」の節がない: 頁の最後にその見出しを戻す")
    label = f"FU-{mid.upper()}"
    n = 1 + len(re.findall(rf"^### {re.escape(label)}-\d+ ", body, re.M))
    fid = f"{label}-{n:02d}"
    cites = "、".join(f"{{jo}}`{a.strip()}`" for a in articles.split(",") if a.strip()) or "未確認"
    section = (
        f"\n({fid.lower()})=\n### {fid} {text}\n\n- 内容: {text}。\n- 関係する条: {cites}\n- 担当: 未確認\n- 状況: 未確認\n"
    )
    page.write_text(body.rstrip("\n") + "\n" + section, encoding="utf-8")
    table = root / FOLLOWUPS
    rows = table.read_text(encoding="utf-8").splitlines()
    last = max(i for i, line in enumerate(rows) if line.startswith("| {ref}`FU-"))
    cell = f"{{doc}}`{short_name(mid)} <{mid}>`"
    rows.insert(last + 1, f"| {{ref}}`{fid} <{fid.lower()}>` | {cell} | {text}。 | 未確認 | なし |")
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return [str(page.relative_to(root)), FOLLOWUPS]


def main(argv: list[str] | None = None) -> int:
    """Run `new` or `followup`; print the files touched, or one line saying what to fix."""
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("new")
    a.add_argument("--id", required=True)
    a.add_argument("--date", required=True)
    a.add_argument("--body", default="審議会")
    a.add_argument("--time", default="未確認")
    a.add_argument("--venue", default="未確認")
    a.add_argument("--format", default="未確認")
    a.add_argument("--office", default="市民生活部住民情報課")
    f = sub.add_parser("followup")
    f.add_argument("--id", required=True)
    f.add_argument("--text", required=True)
    f.add_argument("--articles", default="")
    args = ap.parse_args(argv)
    try:
        if args.cmd == "new":
            v = plan(ROOT, args.id, args.date, args.body, args.time, args.venue, args.format, args.office)
            touched = new(ROOT, v)
        else:
            touched = followup(ROOT, args.id, args.text, args.articles)
    except Refusal as exc:
        print(f"make meeting: {exc}", file=sys.stderr)
        return 1
    for p in touched:
        print(f"作成・更新: {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
