"""Traceability: requirement → article → audit item, the two forms, the matrix, coverage and audit results."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from . import state
from .dates import SourceDate
from .domain import ReikiDomain
from .errors import error
from .labels import label
from .numbering import parse_target, target_label
from .roles import cite
from .tables import Cell, table
from .tracedata import TraceData, load

FORMS = ("audit", "self-inspection")


def data(env: BuildEnvironment) -> TraceData:
    """The trace data loaded for this build."""
    return state.env_state(env).reiki_trace


def load_data(app: Sphinx) -> None:
    """Load and check the YAML files once per build; report problems as file:line."""
    c = app.config
    trace, problems = load(Path(app.confdir), c.reiki_requirements, c.reiki_checklist, c.reiki_audits)
    state.env_state(app.env).reiki_trace = trace
    for p in problems:
        error(p.message, f"{Path(app.confdir, p.path)}:{p.line}", "trace")
    registry = state.registry(app.env)
    from .numbering import parse_law

    for r in trace.requirements:
        src = str(r.get("source", ""))
        if src.startswith("cite:"):
            continue
        try:
            registry.lookup(parse_law(src))
        except (KeyError, ValueError) as exc:
            error(
                f"{r.get('id')}: {exc.args[0] if exc.args else src}",
                f"{Path(app.confdir, c.reiki_requirements)}:{r['__line__']}",
                "trace",
            )


def _page(env: BuildEnvironment, key: str) -> str | None:
    return cast(ReikiDomain, env.get_domain("reiki")).data.setdefault("trace_pages", {}).get(key)


def check_articles(app: Sphinx, env: BuildEnvironment) -> None:
    """Every article an item names exists; every out-of-scope target exists."""
    dom = cast(ReikiDomain, env.get_domain("reiki"))
    trace = data(env)
    path = Path(app.confdir, trace.paths["checklist"])
    for item in trace.items + trace.out_of_scope:
        for target in item.get("articles") or [item.get("target")]:
            if not target:
                continue
            if ":" not in target:
                if target not in dom.instruments:
                    error(f"out_of_scope: unknown instrument {target!r}", f"{path}:{item['__line__']}", "trace")
                continue
            try:
                t = parse_target(target)
            except ValueError:
                error(
                    f"{item.get('id', 'out_of_scope')}: {target!r} is not a citation: write kitei:第N条",
                    f"{path}:{item['__line__']}",
                    "trace",
                )
                continue
            if (t.instrument, t.anchor()) not in dom.units:
                error(
                    f"{item.get('id', 'out_of_scope')}: {target} does not exist: cite an existing article or paragraph",
                    f"{path}:{item['__line__']}",
                    "trace",
                )


def updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """When the data changed, rewrite the trace pages and every instrument page."""
    trace = data(env)
    if getattr(env, "reiki_trace_digest", None) == trace.digest:
        return []
    state.env_state(env).reiki_trace_digest = trace.digest
    dom = cast(ReikiDomain, env.get_domain("reiki"))
    return sorted({i.docname for i in dom.instruments.values()} | set(dom.data.get("trace_pages", {}).values()))


class TraceDirective(SphinxDirective):
    """Base of the data-driven pages: records where each page is and depends on the data."""

    key = ""

    def note(self) -> TraceData:
        """Record this page and return the data."""
        trace = data(self.env)
        for name in trace.paths.values():
            self.env.note_dependency(str(Path(self.env.srcdir, name)))
        dom = cast(ReikiDomain, self.env.get_domain("reiki"))
        dom.data.setdefault("trace_pages", {})[self.key] = self.env.docname
        dom.note_doc(self.env.docname)
        return trace

    def articles(self, targets: list[str], line: int) -> list[nodes.Node]:
        """Links to the articles, located at the data file's line for errors."""
        out: list[nodes.Node] = []
        path = str(Path(self.env.srcdir, data(self.env).paths["checklist"]))
        sep = label("sep", self.config.language)
        for i, t in enumerate(targets):
            if i:
                out.append(nodes.Text(sep))
            out.append(cite(self.env, t, t, line, f"{path}:{line}", register=False, source=path))
        return out

    def inline(self, text: str) -> list[nodes.Node]:
        """Parse a MyST role string such as {law}`住基法第30条の6`."""
        parsed, _ = self.state.inline_text(text, self.lineno - 1)
        return parsed

    def source(self, req: dict[str, Any]) -> list[nodes.Node]:
        """The basis of a requirement: a statute article or a guideline."""
        src = str(req["source"])
        if src.startswith("cite:"):
            en = (self.config.language or "ja").startswith("en")
            part = req.get("part-en", req.get("part", "")) if en else req.get("part", "")
            return [*self.inline(f"{{cite:p}}`{src[5:]}`"), nodes.Text(f" {part}".rstrip())]
        return self.inline(f"{{law}}`{src}`")


class ChecklistDirective(TraceDirective):
    """The 内部監査チェック表 (:form: audit) or the 自主点検報告書 (:form: self-inspection)."""

    option_spec = {"form": lambda s: s.strip()}

    def run(self) -> list[nodes.Node]:
        """Render the form from data/checklist.yaml, grouped by area."""
        form = self.options.get("form", "audit")
        if form not in FORMS:
            error(f":form: must be one of {', '.join(FORMS)}", self.get_location(), "trace")
            return []
        self.key = form
        trace = self.note()
        items = [i for i in trace.items if form == "audit" or i.get("self_inspection")]
        out: list[nodes.Node] = []
        if form == "self-inspection":
            out.append(
                table(
                    ["記入欄", ""],
                    [
                        ("所属名", ""),
                        ("操作責任者（職・氏名）", ""),
                        ("点検の対象期間", "　年　月　日から　年　月　日まで"),
                        ("提出日", "　年　月　日"),
                    ],
                    widths=[1, 3],
                    classes=["form-head"],
                )
            )
        areas: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for i in items:
            areas[i["area"]].append(i)
        for area, rows in areas.items():
            sec = nodes.section(ids=[f"area-{list(areas).index(area) + 1}"])
            sec += nodes.title(area, area)
            body: list[tuple[Cell, ...]]
            if form == "audit":
                body = [
                    (
                        self._id(i),
                        i["question"],
                        i["evidence"],
                        f"{i['who']}／{i['frequency']}",
                        self.articles(i["articles"], i["__line__"]),
                        "はい・いいえ・該当なし",
                    )
                    for i in rows
                ]
                sec += table(
                    ["番号", "確認すること", "確かめる記録", "回答者／頻度", "根拠の規定", "結果"],
                    body,
                    widths=[2, 8, 6, 4, 4, 3],
                    classes=["checklist"],
                )
            else:
                body = [
                    (self._id(i), i["question"], self.articles(i["articles"], i["__line__"]), "はい・いいえ・該当なし", "")
                    for i in rows
                ]
                sec += table(
                    ["番号", "確認すること", "根拠の規定", "回答", "備考（いいえのときは理由と改善の予定）"],
                    body,
                    widths=[2, 9, 4, 3, 5],
                    classes=["checklist"],
                )
            out.append(sec)
        return out

    def _id(self, item: dict[str, Any]) -> nodes.Node:
        return nodes.inline(item["id"], item["id"], ids=[item["id"].lower()] if self.key == "audit" else [])


class MatrixDirective(TraceDirective):
    """Requirement → implementing articles → audit items."""

    key = "matrix"

    def run(self) -> list[nodes.Node]:
        """One row per requirement."""
        trace = self.note()
        lang = self.config.language or "ja"
        rows = []
        for req in trace.requirements:
            items = [i for i in trace.items if req["id"] in i["requirements"]]
            arts = list(dict.fromkeys(a for i in items for a in i["articles"]))
            links: list[nodes.Node] = []
            for n, i in enumerate(items):
                if n:
                    links.append(nodes.Text(label("sep", lang)))
                links.append(_item_link(self.env, i["id"]))
            rows.append(
                (
                    nodes.inline(req["id"], req["id"], ids=[req["id"].lower()]),
                    self.source(req),
                    str(req.get("statement-en", req["statement"]) if lang.startswith("en") else req["statement"]),
                    self.articles(arts, req["__line__"]) if arts else label("none", lang),
                    links or label("none", lang),
                )
            )
        return [table(label("matrix_cols", lang).split("|"), rows, widths=[2, 4, 8, 5, 4], classes=["matrix"])]


class CoverageDirective(TraceDirective):
    """Coverage figures and the lists of what is not covered."""

    key = "coverage"

    def run(self) -> list[nodes.Node]:
        """Counts computed from the data and the instruments, with reasons for exclusions."""
        return [coverage_placeholder()]


class coverage_placeholder(nodes.General, nodes.Element):
    """Filled at write time, when every instrument has been read."""


class AuditResultsDirective(TraceDirective):
    """The audits and checks recorded in data/audits.yaml."""

    key = "results"

    def run(self) -> list[nodes.Node]:
        """A section per audit, newest first."""
        trace = self.note()
        lang = self.config.language or "ja"
        en = lang.startswith("en")

        def word(entry: dict[str, Any], key: str) -> Any:
            """The English field of a data entry in the English edition, where the data gives one."""
            return entry.get(f"{key}-en", entry[key]) if en else entry[key]

        out: list[nodes.Node] = []
        for a in sorted(trace.audits, key=lambda a: a["period"][1], reverse=True):
            sec = nodes.section(ids=[a["id"]])
            start, end = (SourceDate.parse(d).show(lang) for d in a["period"])
            title = label("audit_title", lang).format(kind=label(a["kind"], lang), start=start, end=end)
            sec += nodes.title(title, title, translatable=False)  # generated per language: not sent to translators
            rows = list(
                zip(
                    label("audit_rows", lang).split("|"),
                    (
                        SourceDate.parse(a["date"]).show(lang),
                        label("sep", lang).join(word(a, "methods")),
                        word(a, "summary"),
                    ),
                    strict=True,
                )
            )
            sec += table(label("audit_cols", lang).split("|"), rows, widths=[1, 4], classes=["colwidths-given"])
            if a["results"]:
                sec += table(
                    label("result_cols", lang).split("|"),
                    [
                        (
                            _item_link(self.env, r["item"]),
                            label(r["result"], lang),
                            str(word(r, "note")) if "note" in r else "",
                        )
                        for r in a["results"]
                    ],
                )
            for f in a["findings"]:
                para = nodes.paragraph("", label("finding", lang) + word(f, "text"))
                if f.get("follow_up"):
                    para += nodes.Text(label("follow_up", lang))
                    para += self.inline(f"{{ref}}`{f['follow_up']}`")
                sec += para
            sec += nodes.paragraph("", "", *self.inline(f"{label('source', lang)}{{cite:t}}`{a['source']}`"))
            out.append(sec)
        return out


def _item_link(env: BuildEnvironment, ident: str) -> nodes.Node:
    from sphinx.addnodes import pending_xref

    node = pending_xref(ident, refdomain="reiki", reftype="item", reftarget=ident, refexplicit=True)
    node += nodes.inline(ident, ident)
    return node


def _scope_key(target: str) -> str:
    """instrument#anchor of an out-of-scope target; a bare instrument id covers the whole instrument."""
    if ":" not in target:
        return f"{target}#"
    t = parse_target(target)
    return f"{t.instrument}#{t.anchor()}"


def coverage_nodes(app: Sphinx, docname: str) -> list[nodes.Node]:
    """The coverage figures and lists (computed when all documents are read)."""
    env = app.env
    trace = data(env)
    dom = cast(ReikiDomain, env.get_domain("reiki"))
    used_reqs = {r for i in trace.items for r in i["requirements"]}
    checked = {
        f"{parse_target(a).instrument}#{parse_target(a).anchor().split('-')[0]}" for i in trace.items for a in i["articles"]
    }
    excluded = {_scope_key(o["target"]): o["reason"] for o in trace.out_of_scope}
    lang = app.config.language or "ja"
    rows = []
    missing: list[tuple[str, str, str]] = []
    for inst in sorted(dom.instruments.values(), key=lambda i: i.docname):
        arts = [u for (i, a), u in dom.units.items() if i == inst.id and u.caption and "-" not in a]
        covered = [u for u in arts if f"{inst.id}#{u.anchor}" in checked]
        whole = excluded.get(f"{inst.id}#")
        out = [u for u in arts if f"{inst.id}#{u.anchor}" in excluded or (whole and f"{inst.id}#{u.anchor}" not in checked)]
        rows.append((inst.short, str(len(arts)), str(len(covered)), str(len(out)), str(len(arts) - len(covered) - len(out))))
        for u in arts:
            key = f"{inst.id}#{u.anchor}"
            if key not in checked:
                where = (
                    f"{inst.short} {target_label(parse_target(u.label), inst.style, lang)}"
                    if lang.startswith("en")
                    else inst.short + u.label
                )
                missing.append((where, u.caption, excluded.get(key, whole or "")))
    out_nodes: list[nodes.Node] = []
    n_req, n_used = len(trace.requirements), len([r for r in trace.requirements if r["id"] in used_reqs])
    summary = label("coverage_summary", lang).format(
        reqs=n_req,
        used=n_used,
        items=len(trace.items),
        self=len([i for i in trace.items if i.get("self_inspection")]),
        bare=len([i for i in trace.items if not i["articles"]]),
    )
    out_nodes.append(nodes.paragraph(summary, summary, classes=["coverage-summary"]))
    out_nodes.append(
        table(
            label("coverage_cols", lang).split("|"),
            rows,
            widths=[6, 2, 3, 3, 2],
            title=label("coverage_title", lang),
        )
    )
    unused = [r for r in trace.requirements if r["id"] not in used_reqs]
    if unused:
        out_nodes.append(nodes.paragraph("", label("unused_reqs", lang) + label("sep", lang).join(r["id"] for r in unused)))
    kitei_missing = [m for m in missing if m[2]]
    if kitei_missing:
        out_nodes.append(
            table(
                label("excluded_cols", lang).split("|"),
                kitei_missing,
                widths=[3, 3, 8],
                title=label("excluded_title", lang),
            )
        )
    rest = [m for m in missing if not m[2]]
    if rest:
        out_nodes.append(
            table(
                label("missing_cols", lang).split("|"),
                [m[:2] for m in rest],
                widths=[3, 5],
                title=label("missing_title", lang),
            )
        )
    return out_nodes


def fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill the coverage page; add 'checked by' boxes under articles (HTML)."""
    for node in list(doctree.findall(coverage_placeholder)):
        node.replace_self(coverage_nodes(app, docname))
    if app.builder.format != "html":
        return
    from .nodes import article

    dom = cast(ReikiDomain, app.env.get_domain("reiki"))
    inst = next(iter(dom.on_page(docname)), None)
    page = _page(app.env, "audit")
    if inst is None or page is None:
        return
    trace = data(app.env)
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for i in trace.items:
        for a in i["articles"]:
            t = parse_target(a)
            if t.instrument == inst.id:
                by_article[t.anchor().split("-")[0]].append(i)
    for art in doctree.findall(article):
        items = by_article.get(art["ids"][0])
        if not items:
            continue
        box = nodes.container(classes=["reiki-trace", "no-search"])
        lang = app.config.language or "ja"
        para = nodes.paragraph("", label("checked_by", lang) + label("colon", lang))
        uri = app.builder.get_relative_uri(docname, page)
        for n, i in enumerate(dict.fromkeys(x["id"] for x in items)):
            if n:
                para += nodes.Text(label("sep", lang))
            item = trace.item(i)
            if item is None:  # the ids come from the checklist's own items (by_article)
                raise KeyError(f"checklist item {i!r} is missing")
            para += nodes.reference(i, i, refuri=f"{uri}#{i.lower()}", internal=True, reftitle=item["question"])
        box += para
        reqs = list(dict.fromkeys(r for i in items for r in i["requirements"]))
        mpage = _page(app.env, "matrix")
        if mpage:
            rp = nodes.paragraph("", label("meets", lang) + label("colon", lang))
            muri = app.builder.get_relative_uri(docname, mpage)
            for n, r in enumerate(reqs):
                if n:
                    rp += nodes.Text(label("sep", lang))
                rp += nodes.reference(r, r, refuri=f"{muri}#{r.lower()}", internal=True)
            box += rp
        art += box


def register(app: Any) -> None:
    """Register the directives, data files and hooks."""
    app.add_config_value("reiki_requirements", "", "env", types=[str])
    app.add_config_value("reiki_checklist", "", "env", types=[str])
    app.add_config_value("reiki_audits", "", "env", types=[str])
    app.add_directive("checklist", ChecklistDirective)
    app.add_directive("trace-matrix", MatrixDirective)
    app.add_directive("coverage", CoverageDirective)
    app.add_directive("audit-results", AuditResultsDirective)
    app.add_node(coverage_placeholder)
    app.connect("builder-inited", load_data, priority=600)
    app.connect("env-check-consistency", check_articles)
    app.connect("env-updated", updated)
    app.connect("doctree-resolved", fill)
