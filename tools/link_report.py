"""Turn Sphinx's linkcheck output.json into a report: every external link, its status, and where it is used."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ORDER = {"broken": 0, "timeout": 1, "redirected": 2, "working": 3, "ignored": 4, "unchecked": 5}


def report(output_json: Path) -> str:
    """A Markdown table grouped by URL, problems first."""
    rows: dict[str, list[dict[str, object]]] = defaultdict(list)
    for line in output_json.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            rows[entry["uri"]].append(entry)
    out = ["| 状態 | URL | 使用箇所 | 詳細 |", "|---|---|---|---|"]
    for uri, entries in sorted(rows.items(), key=lambda kv: (ORDER.get(str(kv[1][0]["status"]), 9), kv[0])):
        where = "<br>".join(sorted({f"{e['filename']}:{e['lineno']}" for e in entries}))
        info = str(entries[0].get("info", "")).replace("|", "\\|")
        out.append(f"| {entries[0]['status']} | {uri} | {where} | {info} |")
    return "\n".join(out) + "\n"


def main(output_json: str, target: str | None = None) -> int:
    """Write the report next to output.json (or to target); exit 1 when any link is broken or timed out."""
    src = Path(output_json)
    text = report(src)
    dest = Path(target) if target else src.with_name("report.md")
    dest.write_text("# 外部リンクの確認結果\n\n" + text, encoding="utf-8")
    bad = sum(1 for line in text.splitlines() if line.startswith(("| broken", "| timeout")))
    print(f"link report: {dest} ({bad} broken or timed out)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
