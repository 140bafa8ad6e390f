"""Prose lint: the corpus's Japanese text through textlint, with messages that name the source file and line.

Usage: tools/prose_lint.py [--root DIR] [--prh OUT]
  --root DIR  lint the corpus at DIR (default: this repository); the config and node_modules stay this repository's
  --prh OUT   only write the prh dictionary made from data/terms.yaml to OUT
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reiki.readability import DATA_FIELDS, LIMIT, QUESTION_LIMIT, Line, Names, data_lines, long_sentences, plain  # noqa: E402

SOURCES = ["index.md", "policies/**/*.md", "docs/**/*.md", "internal/**/*.md"]
# Snapshots of earlier versions are records of what was in force: they are never rewritten, so never linted.
# docs/versions/ is generated from them by the build.
EXCLUDE = ["policies/versions/**/*.md", "docs/versions/**/*.md"]
TEXTLINT = REPO / "node_modules" / ".bin" / "textlint"


@dataclass
class Problem:
    """One finding, located in the source."""

    path: str
    line: int
    column: int
    rule: str
    message: str

    def __str__(self) -> str:
        """The file:line:column: rule: message form."""
        return f"{self.path}:{self.line}:{self.column}: {self.rule}: {self.message}"


def prh_rules(terms_path: Path) -> dict[str, object]:
    """The prh dictionary from the glossary data; raise ValueError if a variant would flag correct text."""
    terms = (yaml.safe_load(terms_path.read_text(encoding="utf-8")) or {}).get("terms") or []
    correct = [t["term"] for t in terms]
    rules = []
    for t in terms:
        for v in t.get("variants") or []:
            clash = [c for c in correct if v in c]
            if clash:
                raise ValueError(f"{terms_path}: variant {v!r} of {t['term']!r} is part of the term {clash[0]!r}")
            if t["term"] in v and v.replace(t["term"], "") == "":
                raise ValueError(f"{terms_path}: variant {v!r} is the term itself")
        if t.get("variants"):
            rules.append({"expected": t["term"], "patterns": list(t["variants"]), "prh": "用語集（data/terms.yaml）の表記"})
    return {"version": 1, "rules": rules}


def sources(root: Path) -> list[Path]:
    """The Markdown sources to lint, relative to root."""
    found = {p.relative_to(root) for pattern in SOURCES for p in root.glob(pattern)}
    skip = {p.relative_to(root) for pattern in EXCLUDE for p in root.glob(pattern)}
    return sorted(found - skip)


def prepare(root: Path, out: Path) -> dict[str, tuple[str, list[Line]]]:
    """Write plain Markdown for every source and data field under out; map each written file to its source."""
    names = Names.load(root)
    written: dict[str, tuple[str, list[Line]]] = {}

    def write(rel: str, lines: list[Line], source: str) -> None:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(ln.text for ln in lines) + "\n", encoding="utf-8")
        written[str(path.resolve())] = (source, lines)

    for rel in sources(root):
        text = (root / rel).read_text(encoding="utf-8")
        write(rel.as_posix(), plain(text, names, rel.with_suffix("").as_posix()), rel.as_posix())
    by_file: dict[str, list[Line]] = {}
    for file, key, name, kind in DATA_FIELDS:
        if (root / file).exists():
            by_file.setdefault(file, []).extend(data_lines(root / file, key, name, kind))
    for file, lines in by_file.items():
        lines.sort(key=lambda ln: ln.line)
        write(file + ".md", [x for ln in lines if ln.line for x in (ln, Line(""))], file)
    return written


def locate(lines: list[Line], index: int) -> tuple[int, int]:
    """The source line and column of a character offset in the written file."""
    text = "\n".join(ln.text for ln in lines)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    for i in range(min(line, len(lines)) - 1, -1, -1):
        if lines[i].line:
            return lines[i].line, (lines[i].source_column(column - 1) if i == line - 1 else 1)
    return 1, 1


def too_long(source: str, lines: list[Line]) -> list[Problem]:
    """Sentences over the limit, split as the readability page splits them (textlint's splitter breaks at 「。）」)."""
    # The checklist is printed as forms: data/checklist.yaml keeps each question (and its evidence) within 60 characters.
    limit = QUESTION_LIMIT if source == "data/checklist.yaml" else LIMIT
    out = []
    for index, length in long_sentences(lines, limit):
        line, column = locate(lines, sum(len(ln.text) + 1 for ln in lines[:index]))
        out.append(Problem(source, line, column, "sentence-length", f"1文が{length}字ある（{limit + 1}字以上の文は分ける）"))
    return out


def run(root: Path = REPO) -> list[Problem]:
    """Lint the corpus at root; return the problems, located in the sources."""
    config = yaml.safe_load((REPO / ".textlintrc.yml").read_text(encoding="utf-8"))
    prh = prh_rules(root / "data" / "terms.yaml")
    config["rules"]["prh"] = {"ruleContents": [yaml.safe_dump(prh, allow_unicode=True, sort_keys=False)]}
    with tempfile.TemporaryDirectory(prefix="prose-lint-") as tmp:
        out = Path(tmp)
        written = prepare(root, out / "src")
        (out / "textlintrc.json").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
        proc = subprocess.run(
            [str(TEXTLINT), "--config", str(out / "textlintrc.json"), "--format", "json", *written],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        if proc.returncode not in (0, 1) or not proc.stdout.startswith("["):
            raise RuntimeError(f"textlint failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}")
        problems = []
        for result in json.loads(proc.stdout):
            source, lines = written[str(Path(result["filePath"]).resolve())]
            for msg in result["messages"]:
                line, column = locate(lines, msg.get("range", [msg.get("index", 0)])[0])
                rule = msg["ruleId"].removeprefix("preset-jtf-style/")
                problems.append(Problem(source, line, column, rule, " ".join(msg["message"].split())))
        for source, lines in written.values():
            problems += too_long(source, lines)
    return sorted(problems, key=lambda p: (p.path, p.line, p.column))


def main(argv: list[str] | None = None) -> int:
    """Lint, print one line a problem, exit 1 if there is any."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("--prh", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.prh:
            rules = prh_rules(args.root / "data" / "terms.yaml")
            args.prh.write_text(yaml.safe_dump(rules, allow_unicode=True, sort_keys=False), encoding="utf-8")
            return 0
        if not TEXTLINT.exists():
            print("prose lint: node_modules is missing: run `npm ci` (or `make setup`)", file=sys.stderr)
            return 2
        problems = run(args.root.resolve())
    except (ValueError, RuntimeError) as exc:
        print(f"prose lint: {exc}", file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    print(f"prose lint: {len(problems)} problem(s) in {len({p.path for p in problems})} file(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
