"""Requirements, audit checklist items and audit results: YAML data with line numbers, checked against a schema."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SCHEMA_DIR = Path(__file__).parent / "schemas"
ITEM_KEYS = ("id", "area", "question", "evidence", "who", "frequency", "articles", "requirements")


class LineLoader(yaml.SafeLoader):
    """A YAML loader that records the line of every mapping as __line__."""


def _mapping(loader: LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    data: dict[str, Any] = {str(k): v for k, v in loader.construct_mapping(node, deep=True).items()}
    data["__line__"] = node.start_mark.line + 1
    return data


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
# Dates stay strings (YYYY-MM-DD or 未確認); the schema and SourceDate check them.
LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def strip_lines(value: Any) -> Any:
    """The value without the __line__ keys (for schema validation)."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


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


def _load(path: Path, schema_name: str, problems: list[Problem]) -> dict[str, Any]:
    if path.is_dir():  # not configured
        return {}
    rel = str(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        problems.append(Problem(rel, getattr(getattr(exc, "problem_mark", None), "line", 0) + 1, str(exc).split("\n")[0]))
        return {}
    schema = yaml.safe_load((SCHEMA_DIR / f"{schema_name}.schema.yaml").read_text(encoding="utf-8"))
    import jsonschema  # only pages with trace data need it

    for err in sorted(jsonschema.Draft202012Validator(schema).iter_errors(strip_lines(data)), key=str):
        node: Any = data
        line = data.get("__line__", 1) if isinstance(data, dict) else 1
        for step in err.absolute_path:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
            if isinstance(node, dict):
                line = node.get("__line__", line)
        where = "/".join(str(p) for p in err.absolute_path)
        problems.append(Problem(rel, line, f"{where or 'file'}: {err.message}"))
    return data


def load(root: Path, requirements: str, checklist: str, audits: str) -> tuple[TraceData, list[Problem]]:
    """Read and check the three files; return the data and the problems found."""
    problems: list[Problem] = []
    req = _load(root / requirements, "requirements", problems)
    chk = _load(root / checklist, "checklist", problems)
    aud = _load(root / audits, "audits", problems)
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
            problems.append(Problem(path, r["__line__"], f"duplicate {what} id {key} (first at line {seen[key]})"))
        else:
            seen[key] = r["__line__"]
    return set(seen)


def _check_ids(data: TraceData, problems: list[Problem]) -> None:
    req_ids = _dupes(data.requirements, data.paths["requirements"], "requirement", problems)
    item_ids = _dupes(data.items, data.paths["checklist"], "item", problems)
    for item in data.items:
        for r in item.get("requirements") or []:
            if r not in req_ids:
                problems.append(
                    Problem(
                        data.paths["checklist"],
                        item["__line__"],
                        f"{item['id']}: unknown requirement {r}: use an id from {data.paths['requirements']}",
                    )
                )
    for audit in data.audits:
        for res in audit.get("results") or []:
            if res.get("item") not in item_ids:
                problems.append(
                    Problem(
                        data.paths["audits"],
                        res.get("__line__", audit["__line__"]),
                        f"{audit['id']}: result for unknown item {res.get('item')}: use an id from "
                        f"{data.paths['checklist']}",
                    )
                )
