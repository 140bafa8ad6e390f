"""Traceability: requirement → article → audit item, the two forms, the matrix, coverage and audit results."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from . import forms, renumbering, state
from .counts import expand
from .datafile import line_of
from .dates import SourceDate
from .domain import ReikiDomain
from .errors import error
from .labels import label
from .messages import msg
from .numbering import ArticleNumber, Target, article_label, parse_target
from .roles import cite
from .tables import table
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
        error(p.message, f"{p.path}:{p.line}", "trace")
    registry = state.registry(app.env)
    from .numbering import parse_law

    for r in trace.requirements:
        src = str(r.get("source", ""))
        if src.startswith("cite:") or getattr(app.env, "reiki_registry_broken", False):
            continue
        try:
            registry.lookup(parse_law(src))
        except (KeyError, ValueError) as exc:
            error(
                f"{r.get('id')}: {exc.args[0] if exc.args else src}",  # the registry's message names the fix
                f"{Path(app.confdir, c.reiki_requirements)}:{line_of(r)}",
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
                    error(msg("trace-unknown-instrument", target=target), f"{path}:{line_of(item)}", "trace")
                continue
            try:
                t = parse_target(target.partition("@")[0])  # kitei:第11条第3項@2026-11-28: checked on that date
            except ValueError:
                error(
                    msg("trace-not-citation", id=item.get("id", "out_of_scope"), target=target),
                    f"{path}:{line_of(item)}",
                    "trace",
                )
                continue
            renumbered = renumbering.data_problem(Path(app.srcdir), target)
            if renumbered:
                error(renumbered, f"{path}:{line_of(item)}", "renumbered")
            elif (t.instrument, t.anchor()) not in dom.units:
                error(
                    msg("trace-missing", id=item.get("id", "out_of_scope"), target=target),
                    f"{path}:{line_of(item)}",
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
            node = cast(nodes.Element, cite(self.env, t, t, line, f"{path}:{line}", register=False, source=path))
            node["reiki_checked"] = True  # a missing article is reported once, by check_articles, at the data line
            out.append(node)
        return out

    def words(self, text: str, key: str, line: int) -> nodes.paragraph:
        """Author-written words from a data file (key: requirements, checklist, audits): translated in English."""
        para = nodes.paragraph(text, text)
        para.source, para.line = str(Path(self.env.srcdir, data(self.env).paths[key])), line
        return para

    def inline(self, text: str) -> list[nodes.Node]:
        """Parse a MyST role string such as {law}`住基法第30条の6`."""
        parsed, _ = self.state.inline_text(text, self.lineno - 1)
        return parsed

    def source(self, req: dict[str, Any]) -> list[nodes.Node]:
        """The basis of a requirement: a statute article or a guideline."""
        src = str(req["source"])
        if src.startswith("cite:"):
            cited = nodes.paragraph("", "", *self.inline(f"{{cite:p}}`{src[5:]}`"), translatable=False)
            part = str(req.get("part", ""))
            return [cited, self.words(part, "requirements", line_of(req))] if part else [cited]
        return self.inline(f"{{law}}`{src}`")


class ChecklistDirective(TraceDirective):
    """The 内部監査チェック表 (:form: audit) or the 自主点検報告書 (:form: self-inspection), as a form to fill in."""

    option_spec = {"form": lambda s: s.strip()}

    def run(self) -> list[nodes.Node]:
        """The form's head (who fills it in, dates) and one ruled grid of the items, grouped by area."""
        form = self.options.get("form", "audit")
        if form not in FORMS:
            error(msg("trace-form", forms="・".join(FORMS)), self.get_location(), "trace")
            return []
        self.key = form
        trace = self.note()
        lang = self.config.language or "ja"
        items = [i for i in trace.items if form == "audit" or i.get("self_inspection")]
        if form == "audit":
            fields = [("f_unit", ""), ("f_audit_date", "date_blank"), ("f_writer", ""), ("f_checker", "")]
            heads = ["f_no", "f_question", "f_evidence", "f_who", "f_basis", "f_result", "f_remarks"]
            # English citations are longer and the choices shorter than in Japanese
            widths = [14, 56, 40, 27, 44, 33, 53] if lang.startswith("en") else [14, 62, 40, 27, 30, 42, 52]
        else:
            fields = [
                ("f_section", ""),
                ("f_supervisor", ""),
                ("f_period", "period_blank"),
                ("f_submitted", "date_blank"),
                ("f_writer", ""),
                ("f_checker_sec", ""),
            ]
            heads = ["f_no", "f_question", "f_basis", "f_answer", "f_remarks_self"]
            widths = [14, 80, 50, 34, 89] if lang.startswith("en") else [14, 90, 36, 44, 83]
        areas: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for i in items:
            areas[i["area"]].append(i)
        rows: list[forms.form_row] = []
        for area, group in areas.items():
            rows.append(forms.row(forms.cell(self._text(area, group[0])), kind="group"))
            for i in group:
                cells = [forms.cell(self._id(i)), forms.cell(self._text(i["question"], i))]
                if form == "audit":
                    who = f"{label(i['who'], lang)}{label('slash', lang)}{label(i['frequency'], lang)}"
                    cells += [forms.cell(self._text(i["evidence"], i)), forms.cell(who)]
                cells += [
                    forms.cell(*self.articles(i["articles"], line_of(i))),
                    forms.cell(label("choices", lang), role="choice"),
                    forms.cell(role="blank"),
                ]
                rows.append(forms.row(*cells))
        grid = forms.grid([label(h, lang) for h in heads], widths, rows)
        return [forms.field_block(fields, lang), grid]

    def _text(self, text: str, item: dict[str, Any]) -> nodes.paragraph:
        """Author-written words from the checklist data: translated in the English edition."""
        para = nodes.paragraph(text, text)
        para.source, para.line = str(Path(self.env.srcdir, data(self.env).paths["checklist"])), line_of(item)
        return para

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
        lang = self.config.language
        none = label("none_paren", lang)
        for req in trace.requirements:
            items = [i for i in trace.items if req["id"] in i["requirements"]]
            arts = _by_instrument(list(dict.fromkeys(a for i in items for a in i["articles"])))
            links: list[nodes.Node] = []
            for n, i in enumerate(items):
                if n:
                    links.append(nodes.Text(label("sep", lang)))
                links.append(_item_link(self.env, i["id"]))
            rows.append(
                (
                    nodes.inline(req["id"], req["id"], ids=[req["id"].lower()]),
                    self.source(req),
                    self.words(req["statement"], "requirements", line_of(req)),
                    self.articles(arts, line_of(req)) if arts else none,
                    links or none,
                )
            )
        # the provisions get the room (English citations are three times as long), set ragged right in English
        widths = [3, 4, 7, 7, 3] if (lang or "ja").startswith("en") else [3, 4, 7, 6, 4]
        return [
            table(
                [label(k, lang) for k in ("m_req", "m_basis", "m_statement", "m_articles", "m_items")],
                rows,
                widths=widths,
                classes=["matrix", "reiki-ragged"],
                long=True,
            )
        ]


def _by_instrument(targets: list[str]) -> list[str]:
    """Citations with each instrument's together (in the order the instruments first come), by article within it."""
    parsed: dict[str, Target | None] = {}
    for t in targets:
        try:
            parsed[t] = parse_target(t)
        except ValueError:  # reported by check_articles; kept where it is
            parsed[t] = None
    rank: dict[str, int] = {}
    for t in targets:
        p = parsed[t]
        rank.setdefault(p.instrument or "" if p else t, len(rank))

    def key(t: str) -> tuple[int, tuple[int, ...], int, tuple[int, ...]]:
        p = parsed[t]
        if p is None:
            return (rank[t], (), 0, ())
        return (rank[p.instrument or ""], p.article.parts if p.article else (), p.para or 0, p.items)

    return sorted(targets, key=key)


class CoverageDirective(TraceDirective):
    """Coverage figures and the lists of what is not covered."""

    key = "coverage"

    def run(self) -> list[nodes.Node]:
        """Counts computed from the data and the instruments, with reasons for exclusions."""
        self.note()  # records the page, whose catalog translates the reasons filled in later
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
            start, end = (SourceDate.parse(d).show() for d in a["period"])
            title = f"{a['kind']}（{start}から{end}まで）"  # translated with the page's catalog
            sec += nodes.title(title, title)
            lang, line = self.config.language, line_of(a)
            joined = "、".join(a["methods"])
            methods = self.words(joined, "audits", line) if joined else label("r_no_methods", lang)
            rows = [
                (label("r_date", lang), SourceDate.parse(a["date"]).show(lang)),
                (label("r_methods", lang), methods),
                (label("r_summary", lang), self.words(a["summary"], "audits", line)),
            ]
            sec += table([label("r_matter", lang), label("r_content", lang)], rows, widths=[1, 4], long=True)
            if a["results"]:
                sec += table(
                    [label(k, lang) for k in ("r_item", "r_result", "r_note")],
                    [(_item_link(self.env, r["item"]), r["result"], r.get("note", "")) for r in a["results"]],
                )
            for f in a["findings"]:
                sec += nodes.paragraph("", "", nodes.strong("", label("r_finding", lang)), translatable=False)
                sec += self.words(f["text"], "audits", line)
                if f.get("follow_up"):
                    follow = nodes.paragraph("", label("r_follow", lang) + label("colon", lang), translatable=False)
                    follow += self.inline(f"{{ref}}`{f['follow_up']}`")
                    sec += follow
            src = nodes.paragraph("", label("r_source", lang) + label("colon", lang), translatable=False)
            src += self.inline(f"{{cite:t}}`{a['source']}`")
            sec += src
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
    t = parse_target(target.partition("@")[0])
    return f"{t.instrument}#{t.anchor()}"


def coverage_nodes(app: Sphinx, docname: str) -> list[nodes.Node]:
    """The coverage figures and lists (computed when all documents are read)."""
    env = app.env
    trace = data(env)
    dom = cast(ReikiDomain, env.get_domain("reiki"))
    used_reqs = {r for i in trace.items for r in i["requirements"]}
    checked = {
        f"{t.instrument}#{t.anchor().split('-')[0]}"
        for i in trace.items
        for t in (parse_target(a.partition("@")[0]) for a in i["articles"])
    }
    excluded = {_scope_key(o["target"]): o["reason"] for o in trace.out_of_scope}
    lang = app.config.language or "ja"
    reasons = Path(app.confdir, trace.paths["checklist"])
    rows = []
    missing: list[tuple[str, str, nodes.Node | str]] = []
    for inst in sorted(dom.instruments.values(), key=lambda i: i.docname):
        arts = [u for (i, a), u in dom.units.items() if i == inst.id and u.caption and "-" not in a]
        covered = [u for u in arts if f"{inst.id}#{u.anchor}" in checked]
        whole = excluded.get(f"{inst.id}#")
        out = [u for u in arts if f"{inst.id}#{u.anchor}" in excluded or (whole and f"{inst.id}#{u.anchor}" not in checked)]
        rows.append((inst.short, str(len(arts)), str(len(covered)), str(len(out)), str(len(arts) - len(covered) - len(out))))
        for u in arts:
            key = f"{inst.id}#{u.anchor}"
            if key not in checked:
                number = ArticleNumber.parse(u.anchor[1:].replace("_", "の"))
                name = inst.short + (" " if lang.startswith("en") else "") + article_label(number, inst.style, lang)
                reason = excluded.get(key, whole or "")
                page = _page(env, "coverage") or docname  # the LaTeX builder resolves a whole volume at once
                caption = _translated(app, inst.docname, u.caption)
                missing.append((name, caption, _reason(app, page, reason, reasons, trace)))
    out_nodes: list[nodes.Node] = []
    n_req, n_used = len(trace.requirements), len([r for r in trace.requirements if r["id"] in used_reqs])
    summary = label("cov_summary", lang).format(
        req=n_req,
        used=n_used,
        items=len(trace.items),
        self=len([i for i in trace.items if i.get("self_inspection")]),
        bare=len([i for i in trace.items if not i["articles"]]),
    )
    out_nodes.append(nodes.paragraph(summary, summary, classes=["coverage-summary"], translatable=False))
    out_nodes.append(
        table(
            [label(k, lang) for k in ("c_inst", "c_articles", "c_covered", "c_excluded", "c_open")],
            rows,
            widths=[6, 2, 3, 3, 2],
            title=label("c_title", lang),
        )
    )
    unused = [r for r in trace.requirements if r["id"] not in used_reqs]
    if unused:
        text = label("c_unused", lang) + label("colon", lang) + label("sep", lang).join(r["id"] for r in unused)
        out_nodes.append(nodes.paragraph("", text, translatable=False))
    kitei_missing = [m for m in missing if m[2]]
    if kitei_missing:
        out_nodes.append(
            table(
                [label(k, lang) for k in ("c_article", "c_caption", "c_reason")],
                kitei_missing,
                widths=[3, 3, 8],
                title=label("c_reason_title", lang),
                long=True,
            )
        )
    rest = [m for m in missing if not m[2]]
    if rest:
        out_nodes.append(
            table(
                [label("c_article", lang), label("c_caption", lang)],
                [m[:2] for m in rest],
                widths=[3, 5],
                title=label("c_open_title", lang),
                long=True,
            )
        )
    return out_nodes


def _reason(app: Sphinx, docname: str, reason: str, path: Path, trace: TraceData) -> nodes.Node | str:
    """An out-of-scope reason: sent to the translators, and (filled after translation ran) looked up in the catalog."""
    if not reason:
        return ""
    para = nodes.paragraph(reason, _translated(app, docname, reason))
    line = next((line_of(o) for o in trace.out_of_scope if o["reason"] == reason), 1)
    para.source, para.line = str(path), line
    para.uid = ""  # type: ignore[attr-defined]  # made after reading: gettext skips nodes without a versioning uid
    return para


_CATALOGS: dict[str, dict[str, str]] = {}


def _translated(app: Sphinx, docname: str, text: str) -> str:
    """Words of an instrument page (an article caption) in the output language, from that page's catalog."""
    if (app.config.language or "ja") == "ja" or not app.config.locale_dirs:
        return text
    from babel.messages.pofile import read_po

    from .i18n import catalog_path

    po = catalog_path(app, docname)
    if str(po) not in _CATALOGS:
        with po.open("rb") as fh:
            _CATALOGS[str(po)] = {str(m.id): str(m.string) for m in read_po(fh) if m.id and m.string and not m.fuzzy}
    return _CATALOGS[str(po)].get(text, text)


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
            t = parse_target(a.partition("@")[0])  # a date after @ says when the number was checked
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
            title = expand(item["question"], Path(app.srcdir))
            para += nodes.reference(i, i, refuri=f"{uri}#{i.lower()}", internal=True, reftitle=title)
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
