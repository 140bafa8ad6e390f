"""Requirements, audit checklist items and audit results: YAML data with line numbers, checked against a schema."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import datafile
from .datafile import line_of
from .messages import msg

ITEM_KEYS = ("id", "area", "question", "evidence", "who", "frequency", "articles", "requirements")


@dataclass
class Problem:
    """A data error at file:line."""

    path: str
    line: int
    message: str


@dataclass
class TraceData:
    """Requirements, items, out-of-scope notes and audits, with where each was written."""

    requirements: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    out_of_scope: list[dict[str, Any]] = field(default_factory=list)
    audits: list[dict[str, Any]] = field(default_factory=list)
    paths: dict[str, str] = field(default_factory=dict)
    digest: str = ""

    def item(self, ident: str) -> dict[str, Any] | None:
        """The checklist item with this id."""
        return next((i for i in self.items if i["id"] == ident), None)


def _load(root: Path, rel: str, schema_name: str, problems: list[Problem]) -> dict[str, Any]:
    if (root / rel).is_dir():  # not configured
        return {}
    try:
        data = datafile.load(root, rel)
    except datafile.DataError as exc:
        problems.append(Problem(exc.path, exc.line, exc.message))
        return {}
    found = datafile.validate(data, schema_name, rel)
    problems += [Problem(e.path, e.line, e.message) for e in found]
    return data if isinstance(data, dict) else {}


def load(root: Path, requirements: str, checklist: str, audits: str) -> tuple[TraceData, list[Problem]]:
    """Read and check the three files; return the data and the problems found."""
    problems: list[Problem] = []
    req = _load(root, requirements, "requirements", problems)
    chk = _load(root, checklist, "checklist", problems)
    aud = _load(root, audits, "audits", problems)
    digest = hashlib.sha1()
    for name in (requirements, checklist, audits):
        p = root / name
        digest.update(p.read_bytes() if p.is_file() else b"")
    data = TraceData(
        [r for r in req.get("requirements") or [] if all(k in r for k in ("id", "source", "statement"))],
        [i for i in chk.get("items") or [] if all(k in i for k in ITEM_KEYS)],
        chk.get("out_of_scope") or [],
        aud.get("audits") or [],
        {"requirements": requirements, "checklist": checklist, "audits": audits},
        digest.hexdigest(),
    )
    _check_ids(data, problems)
    return data, problems


def _dupes(rows: list[dict[str, Any]], path: str, what: str, problems: list[Problem]) -> set[str]:
    seen: dict[str, int] = {}
    for r in rows:
        key = str(r.get("id"))
        if key in seen:
            problems.append(Problem(path, line_of(r), msg("trace-duplicate", what=what, id=key, first=seen[key])))
        else:
            seen[key] = line_of(r)
    return set(seen)


def _check_ids(data: TraceData, problems: list[Problem]) -> None:
    req_ids = _dupes(data.requirements, data.paths["requirements"], "要求事項", problems)
    item_ids = _dupes(data.items, data.paths["checklist"], "監査項目", problems)
    for item in data.items:
        for r in item.get("requirements") or []:
            if r not in req_ids:
                problems.append(
                    Problem(
                        data.paths["checklist"],
                        line_of(item),
                        msg("trace-unknown-requirement", id=item["id"], req=r, path=data.paths["requirements"]),
                    )
                )
    for audit in data.audits:
        for res in audit.get("results") or []:
            if res.get("item") not in item_ids:
                problems.append(
                    Problem(
                        data.paths["audits"],
                        line_of(res, default=line_of(audit)),
                        msg("trace-unknown-item", id=audit["id"], item=res.get("item"), path=data.paths["checklist"]),
                    )
                )
