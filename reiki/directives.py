"""Directives of the regulation model: instrument, amendments, article, supplementary, statute-index."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from docutils.parsers.rst import directives, roles
from sphinx import addnodes
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import RoleFunction

from . import context, datafile
from .dates import SourceDate, era_date
from .domain import Amendment, Instrument, ReikiDomain, Unit
from .eradates import suppl_date_problem
from .errors import error
from .labels import label
from .messages import msg
from .nodes import (
    article,
    article_caption,
    article_index,
    statute_index,
    supplementary,
    supplementary_title,
    unit,
    unit_text,
)
from .numbering import FULLWIDTH, ArticleNumber, article_label, item_label, parse_unit_line
from .tables import table

ID = re.compile(r"^[a-z][a-z0-9-]*$")
ROLE = re.compile(r"\{(jo|law)\}`([^`]+)`")  # the citation roles of the model
MARKUP = re.compile(r"[\\`*_\[\]<>{}!$~&|:]|https?|www\.")  # anything MyST's inline parser could turn into markup
KINDS = ("規程", "要領", "規則", "要綱", "計画", "マニュアル", "様式")
AMENDMENT_TYPES = ("制定", "一部改正", "全部改正")
# the instrument that makes an amendment, from its number (訓令第5号) or the entry's form
AMENDING_FORM = re.compile(r"^(訓令|告示|規則|規程|要綱|要領)(?:第|$)")
FORM_EN = {
    "訓令": "Directive",
    "告示": "Public Notice",
    "規則": "Rules",
    "規程": "Regulation",
    "要綱": "Guidelines",
    "要領": "Procedures",
}
REQUIRED = ("short", "kind", "number", "enacted", "owner", "reviewed", "next-review")
DATE_FIELDS = ("enacted", "reviewed", "next-review")


def domain_of(directive: SphinxDirective) -> ReikiDomain:
    """The reiki domain of the environment."""
    return cast(ReikiDomain, directive.env.get_domain("reiki"))


def content_line(directive: SphinxDirective, index: int) -> int:
    """File line of the index-th content line (MyST counts content_offset from the directive line)."""
    return directive.lineno + directive.content_offset + 1 + index


def _field(name: str, value: str, unknown: bool, source: tuple[str, int] | None = None) -> nodes.field:
    body = nodes.paragraph(value, value, classes=["reiki-unknown"] if unknown else [], translatable=bool(source))
    if source:  # author-written values (kind, owner, number) are translated; generated ones (dates) are not
        body.source, body.line = source
    return nodes.field("", nodes.field_name(name, name, translatable=False), nodes.field_body("", body))


class InstrumentDirective(SphinxDirective):
    """Declare the instrument of this document and show its metadata."""

    required_arguments = 1
    option_spec = {k: directives.unchanged for k in (*REQUIRED, "style", "short-en")}

    def option_location(self, name: str) -> tuple[str, int]:
        """The file and line of one option (:enacted: …) of this directive, the directive's line when not found."""
        lines = self.block_text.splitlines()
        first = 1 if lines and lines[0].lstrip().startswith(("```", ":::")) else 0
        index = next((i for i, ln in enumerate(lines) if ln.startswith(f":{name}:")), None)
        return (self.env.docname, self.lineno + index + 1 - first if index is not None else self.lineno)

    def run(self) -> list[nodes.Node]:
        """Validate the metadata, record the instrument and render its metadata list."""
        loc = self.get_location()
        ident = self.arguments[0]
        lang = self.config.language or "ja"
        if not ID.match(ident):
            error(msg("instrument-id", ident=ident), loc, "metadata")
        if context.get(self.env):
            error(msg("instrument-twice"), loc, "metadata")
            return []
        missing = [k for k in REQUIRED if not self.options.get(k, "").strip()]
        if missing:
            error(msg("instrument-lacks", ident=ident, fields="・".join(":" + m + ":" for m in missing)), loc, "metadata")
        meta = {k: self.options.get(k, "").strip() for k in REQUIRED}
        if meta["kind"] and meta["kind"] not in KINDS:
            error(msg("instrument-kind", kind=meta["kind"], kinds="・".join(KINDS)), loc, "metadata")
        shown: dict[str, str] = {}
        dates: dict[str, Any] = {}
        for k in DATE_FIELDS:
            try:
                dates[k] = SourceDate.parse(meta[k]).value if meta[k] else None
                shown[k] = SourceDate.parse(meta[k]).show(lang) if meta[k] else ""
            except ValueError:
                error(msg("instrument-date", field=f":{k}:", value=meta[k]), self.option_location(k), "date")
                shown[k] = meta[k]
        if dates.get("reviewed") and dates.get("next-review") and dates["next-review"] <= dates["reviewed"]:
            where = self.option_location("next-review")
            error(msg("instrument-review-order", next=meta["next-review"], last=meta["reviewed"]), where, "date")
        style = self.options.get("style", "条").strip()
        if style not in ("条", "第"):
            error(msg("instrument-style", style=style), loc, "metadata")
            style = "条"
        title_node = self.state.document.next_node(nodes.title)
        title = title_node.astext() if title_node else ident
        short = meta["short"] or ident
        if lang.startswith("en"):
            short = self.options.get("short-en", "").strip()
            if not short:
                error(msg("instrument-short-en", ident=ident), loc, "metadata")
                short = meta["short"] or ident
        domain_of(self).note_instrument(
            Instrument(ident, self.env.docname, self.lineno, title, short, meta["kind"], style, meta)
        )
        context.start(self.env, context.Context(ident, short, style, lang))
        fields = nodes.field_list(classes=["reiki-meta"])
        src = self.get_source_info()
        for k in ("kind", "number", "enacted", "owner", "reviewed", "next-review"):
            value = shown.get(k, meta[k]) or meta[k]
            unknown = meta[k] == "未確認"
            written = src if k in ("kind", "number", "owner") and not unknown else None
            fields += _field(label(k, lang), label("unknown", lang) if unknown else value, unknown, written)
        fields += _field(label("id", lang), ident, False)
        # On paper a 例規集 opens an instrument with one line of 制定日・例規番号, not the metadata list.
        screen = addnodes.only(expr="not latex")
        screen += fields
        line = f"{label('enacted', lang)}{label('colon', lang)}{shown.get('enacted') or meta['enacted']}"
        number = label("unknown", lang) if meta["number"] == "未確認" else meta["number"]
        line += ("　" if not lang.startswith("en") else "; ") + f"{label('number', lang)}{label('colon', lang)}{number}"
        line = line.replace("未確認", label("unknown", lang))
        paper = addnodes.only(expr="latex")
        paper += nodes.raw("", "\\reikishortmark{" + short + "}\n", format="latex")
        paper += nodes.paragraph(line, line, classes=["reiki-meta-line"], translatable=False)
        return [screen, paper]


def _form(entry: dict[str, Any]) -> str:
    """The kind of the amending instrument: the entry's form, or the kind its number names (訓令第5号 → 訓令)."""
    m = AMENDING_FORM.match(str(entry.get("form") or entry.get("number") or ""))
    return m.group(1) if m else ""


class AmendmentsDirective(SphinxDirective):
    """The instrument's enactment and amendment history (YAML list), shown as a table."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        """Validate the history and render it as a table."""
        loc = self.get_location()
        ctx = context.get(self.env)
        lang = self.config.language or "ja"
        if ctx is None:
            error(msg("outside-instrument", directive="amendments"), loc, "metadata")
            return []
        rel = str(self.env.doc2path(self.env.docname, base=False))
        try:
            entries = datafile.parse_yaml("\n".join(self.content), rel, content_line(self, 0)) or []
        except datafile.DataError as exc:
            exc.report()
            return []
        history: list[Amendment] = []
        dropped = False
        starts = [j for j, line in enumerate(self.content) if line.startswith("- ")]
        for i, e in enumerate(entries if isinstance(entries, list) else []):
            where = (self.env.docname, content_line(self, starts[i] if i < len(starts) else 0))
            if not isinstance(e, dict) or any(k not in e for k in ("id", "type", "date", "number", "effective")):
                error(msg("history-fields"), where, "metadata")
                dropped = True
                continue
            if e["type"] not in AMENDMENT_TYPES:
                error(msg("history-type", type=e["type"], types="・".join(AMENDMENT_TYPES)), where, "metadata")
            for k in ("date", "effective"):
                try:
                    SourceDate.parse(str(e[k]))
                except ValueError:
                    error(msg("history-date", id=e["id"], field=k, value=e[k]), where, "date")
                    e[k] = "未確認"
            date, effective = (SourceDate.parse(str(e[k])).value for k in ("date", "effective"))
            if date and effective and effective < date:
                line = where[1] + next((n for n, ln in enumerate(self.content[starts[i] :]) if "effective:" in ln), 0)
                early = msg("history-effective-early", id=e["id"], effective=e["effective"], date=e["date"])
                error(early, (where[0], line), "date")
                e["effective"] = "未確認"  # the 附則 is not compared with a date known to be wrong
            history.append(
                Amendment(
                    str(e["id"]),
                    e["type"],
                    str(e["date"]),
                    str(e["number"]),
                    str(e["effective"]),
                    str(e.get("summary", "")),
                    _form(e),
                )
            )
        if not history and not dropped:  # a row without its fields has been reported: the history is not empty
            error(msg("history-empty"), loc, "metadata")
        elif history and history[0].type not in ("制定", "全部改正"):
            error(msg("history-first"), loc, "metadata")
        ids = [a.id for a in history]
        if len(set(ids)) != len(ids):
            error(msg("history-duplicate", ids="・".join(ids)), loc, "duplicate")
        domain_of(self).instruments[ctx.instrument].amendments = history
        return [self._table(history, lang, ctx.instrument)]

    def _table(self, history: list[Amendment], lang: str, ident: str) -> nodes.table:
        cols = ("type", "date", "number", "effective", "summary")
        stem = Path(self.env.docname).name
        src, line = self.get_source_info()
        rows = []
        for a in history:
            summary = nodes.paragraph(a.summary, a.summary, translatable=bool(a.summary))
            summary.source, summary.line = src, line  # author-written: translated in the English edition
            number = label("unknown", lang) if a.number == "未確認" else a.number
            dates = [SourceDate.parse(a.date).show(lang), SourceDate.parse(a.effective).show(lang)]
            cell: Any = [summary]
            if Path(self.env.srcdir, "policies", "versions", stem, f"{a.id}.md").is_file():
                page = f"/docs/versions/{ident}-{a.id}"
                before, table_ = label("before_text", lang), label("comparison", lang)
                links = f"{{doc}}`{before} <{page}>`{label('sep', lang)}{{doc}}`{table_} <{page}-table>`"
                cell.append(nodes.paragraph("", "", *self.state.inline_text(links, self.lineno - 1)[0], translatable=False))
            rows.append([label(a.type, lang), dates[0], number, dates[1], cell])
        # given widths on paper: tabulary's guess stacked the 例規番号 one character per line (issue 19)
        return table(
            [label(c, lang) for c in cols],
            rows,
            widths=[3, 4, 3, 4, 6],
            title=label("history", lang),
            classes=["reiki-history", "colwidths-given"],
        )


class UnitsMixin(SphinxDirective):
    """Shared parsing of one-unit-per-line bodies (articles and supplementary provisions)."""

    def parse_units(
        self, prefix: str, first_label: str, ctx: context.Context, container: nodes.Element, from_label: str
    ) -> list[Unit]:
        """Build unit nodes for the content into container; check numbering of 項 and 号."""
        records: list[Unit] = []
        stack: list[unit] = []
        counters = [0, 0, 0, 0]
        docname = self.env.docname
        seen_first = False
        for i, raw in enumerate(self.content):
            if not raw.strip():
                continue
            lineno = content_line(self, i)
            where = (docname, lineno)
            line = parse_unit_line(raw.strip())
            if not seen_first:
                seen_first = True
                if line.level != 0 or line.number is not None:
                    error(msg("unit-first"), where, "numbering")
                line = type(line)(0, 1, line.text if line.number is None and line.level == 0 else raw.strip())
            elif line.level == 0 and line.number is None:
                half = parse_unit_line(raw.strip().translate(FULLWIDTH))
                if half.number is None:
                    error(msg("unit-no-label", next=counters[0] + 1), where, "numbering")
                    continue
                # a full-width label: one line, then read as if written in half-width (no knock-on errors)
                found = re.split(r"[ 　]", raw.strip(), maxsplit=1)[0]
                error(msg("unit-fullwidth", found=found, number=found.translate(FULLWIDTH)), where, "numbering")
                line = half
            level, n = line.level, line.number or 0
            expected = counters[level] + 1
            if level > 0 and counters[level - 1] == 0:
                error(msg("unit-orphan", label=raw.split()[0]), where, "numbering")
                continue
            if n != expected:
                want = str(expected) if level == 0 else item_label(level, expected)
                error(msg("unit-sequence", found=raw.split()[0], want=want), where, "numbering")
            counters[level] = n
            for deeper in range(level + 1, 4):
                counters[deeper] = 0
            if not line.text:
                error(msg("unit-empty", label=raw.split()[0]), where, "empty")
            anchor = prefix + "-p" + str(counters[0])
            if level >= 1:
                anchor += "-i" + "-".join(str(c) for c in counters[1 : level + 1])
            lbl = (
                first_label
                if (level == 0 and counters[0] == 1)
                else (str(n) if level == 0 else item_label(level, n, self.config.language or "ja"))
            )
            node = unit(level=level, number=n, ids=[anchor], label=lbl, labelref=prefix if (level, n) == (0, 1) else anchor)
            text_node = unit_text(line.text)
            text_node.source, text_node.line = context.source(self.env), lineno
            ctx.para, ctx.anchor = counters[0], prefix
            ctx.label = from_label
            parsed: list[nodes.Node]
            msgs: list[nodes.system_message]
            if not MARKUP.search(line.text):  # plain words (most legal text): skip the inline parser
                parsed, msgs = [nodes.Text(line.text)], []
            elif not MARKUP.search(ROLE.sub("", line.text)):  # words and citations only
                parsed, msgs = self.roles_only(line.text, lineno)
            else:
                parsed, msgs = self.state.inline_text(line.text, lineno - 1)  # MyST adds 1
            text_node += parsed
            node += text_node
            node += msgs
            del stack[level:]
            (stack[-1] if stack else container).append(node)
            stack.append(node)
            records.append(
                Unit(
                    ctx.instrument,
                    docname,
                    anchor,
                    _unit_label(ctx, prefix, counters, level),
                    "",
                    text_node.astext(),
                    lineno,
                )
            )
        if not seen_first:
            error(msg("article-empty"), self.get_location(), "empty")
        return records

    def roles_only(self, text: str, lineno: int) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Words with {jo}/{law} citations and nothing else: call the roles as MyST would, without its parser."""
        inliner = self.state.inliner
        out: list[nodes.Node] = []
        msgs: list[nodes.system_message] = []
        pos = 0
        for m in ROLE.finditer(text):
            if m.start() > pos:
                out.append(nodes.Text(text[pos : m.start()]))
            found_fn, found = roles.role(m[1], inliner.language, lineno, inliner.reporter)
            if found_fn is None:  # ROLE matches only the roles this extension registers
                raise LookupError(f"role {m[1]!r} is not registered")
            # registered with app.add_role, so a Sphinx RoleFunction (the docutils stubs' role type is narrower)
            role_fn = cast(RoleFunction, found_fn)
            made, problems = role_fn(m[1], f":{m[1]}:`{m[2]}`", m[2], lineno, inliner)
            out += made
            msgs += found + problems
            pos = m.end()
        if pos < len(text):
            out.append(nodes.Text(text[pos:]))
        return out, msgs


def _unit_label(ctx: context.Context, prefix: str, counters: list[int], level: int) -> str:
    base = article_label(ctx.article, ctx.style) if prefix.startswith("a") and ctx.article else label("suppl", "ja")
    if counters[0] > 1 or level:
        base += f"第{counters[0]}項"
    if level:
        base += f"第{counters[1]}号" + "".join(item_label(lv, counters[lv]) for lv in range(2, level + 1))
    return base


class ArticleDirective(UnitsMixin):
    """An article (条): number, caption and its paragraphs and items, one per line."""

    required_arguments = 1
    has_content = True
    option_spec = {"caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        """Check the number, build the article and record its units."""
        loc = self.get_location()
        ctx = context.get(self.env)
        if ctx is None:
            error(msg("outside-instrument", directive="article"), loc, "metadata")
            return []
        try:
            number = ArticleNumber.parse(self.arguments[0])
        except ValueError:
            error(msg("article-number", number=self.arguments[0]), loc, "numbering")
            return []
        # setdefault gives back the stored value (Sphinx declares Any | None)
        seen = cast(dict[str, int], self.env.temp_data.setdefault("reiki_articles", {}))
        if number.text in seen:
            error(
                msg("article-duplicate", label=article_label(number, ctx.style), first=seen[number.text]), loc, "duplicate"
            )
            return []
        if not number.follows(ctx.last_article):
            prev = article_label(ctx.last_article, ctx.style) if ctx.last_article else "例規の始め"
            error(msg("article-sequence", label=article_label(number, ctx.style), prev=prev), loc, "numbering")
        seen[number.text] = self.lineno
        ctx.last_article = ctx.article = number
        anchor = f"a{number.anchor}"
        lbl = article_label(number, ctx.style, ctx.lang)
        caption = self.options.get("caption", "").strip()
        node = article(ids=[anchor], number=number.text)
        self.set_source_info(node)
        deleted = [c.strip() for c in self.content if c.strip()] == ["削除"]
        if caption:
            cap = article_caption(caption, caption)
            cap.source, cap.line = context.source(self.env), self.lineno
            node += cap
        elif not deleted:
            error(msg("article-caption", label=article_label(number, ctx.style)), loc, "metadata")
        from_label = ctx.short + article_label(number, ctx.style)
        records = self.parse_units(anchor, lbl, ctx, node, from_label)

        text = "\n".join(r.text for r in records)
        keep(
            self.env,
            Unit(ctx.instrument, self.env.docname, anchor, article_label(number, ctx.style), caption, text, self.lineno),
        )
        for r in records:
            keep(self.env, r)
        return [node]


def keep(env: BuildEnvironment, u: Unit) -> None:
    """Record a unit in the domain without its words (the environment stays small); the export gets them per page."""
    cast(list[Unit], env.temp_data.setdefault("reiki_units", [])).append(u)  # setdefault: the stored list
    cast(ReikiDomain, env.get_domain("reiki")).units[(u.instrument, u.anchor)] = replace(u, text="")


def _suppl_heading(a: Amendment, lang: str) -> str:
    """「（令和8年11月28日訓令第5号）」: the date and number of the amending instrument, 未確認 where unknown."""
    d = SourceDate.parse(a.date)
    if lang.startswith("en"):
        when = d.show(lang)
        number = a.number if a.number != "未確認" else (f"{FORM_EN[a.form]}, number not confirmed" if a.form else "")
        return f" ({', '.join(x for x in (when, number) if x)})"
    when = era_date(d.value) if d.value else "未確認"
    if a.number != "未確認":
        return f"（{when}{a.number}）"
    return f"（{when}{a.form}・番号未確認）" if a.form else f"（{when}）"


def _check_enacting_words(directive: SphinxDirective, a: Amendment, loc: Any) -> None:
    """An amending 訓令's 附則 speaks of the 訓令 (「この訓令は、…」), not of the instrument it amends."""
    first = next((line.strip() for line in directive.content if line.strip()), "")
    m = re.match(r"^この(.+?)は、", first)
    if m and m.group(1) != a.form:
        error(
            f"附則 {a.id!r} は{a.form}による改正の附則なので「この{a.form}は、」で始める"
            f"（「この{m.group(1)}は、」と書かれている）",
            loc,
            "history",
        )


class SupplementaryDirective(UnitsMixin):
    """A supplementary provision (附則) tied to one entry of the amendment history."""

    required_arguments = 1
    has_content = True
    option_spec = {"effective": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        """Build the 附則 and note it for the history check."""
        loc = self.get_location()
        ctx = context.get(self.env)
        lang = self.config.language or "ja"
        if ctx is None:
            error(msg("outside-instrument", directive="supplementary"), loc, "metadata")
            return []
        amend_id = self.arguments[0]
        effective = self.options.get("effective", "").strip()
        try:
            SourceDate.parse(effective)
        except ValueError:
            error(msg("suppl-date", value=effective), loc, "date")
        else:
            problem = suppl_date_problem("\n".join(self.content), effective)
            if problem:
                error(problem, loc, "date")
        dom = domain_of(self)
        inst = dom.instruments.get(ctx.instrument)
        if inst is not None:
            inst.supplementaries.append((amend_id, effective, self.lineno))
        amendment = next((a for a in inst.amendments if a.id == amend_id), None) if inst else None
        anchor = f"suppl-{amend_id}"
        title = label("suppl", lang)
        if amendment and amendment.type != "制定":
            title += _suppl_heading(amendment, lang)
            if amendment.type == "一部改正" and amendment.form:
                _check_enacting_words(self, amendment, loc)
        node = supplementary(ids=[anchor])
        if amendment is None or amendment.type != "制定":  # the 制定 附則 stands under the 附則 heading itself
            node += supplementary_title(title, title, translatable=False)
        ctx.article = None
        records = self.parse_units(anchor, "", ctx, node, ctx.short + label("suppl", "ja"))
        for r in records:
            keep(self.env, r)
        keep(
            self.env,
            Unit(ctx.instrument, self.env.docname, anchor, title, "", "\n".join(r.text for r in records), self.lineno),
        )
        return [node]


class ArticleIndexDirective(SphinxDirective):
    """Placeholder for the index of every article of every instrument, in article order, with page numbers in print."""

    def run(self) -> list[nodes.Node]:
        """Leave a placeholder filled at write time."""
        domain_of(self).data["index_docs"][self.env.docname] = True
        domain_of(self).note_doc(self.env.docname)
        return [article_index()]


class StatuteIndexDirective(SphinxDirective):
    """Placeholder for the list of statutes and the places that cite them."""

    def run(self) -> list[nodes.Node]:
        """Leave a placeholder filled at write time."""
        self.env.note_dependency(self.config.reiki_statutes)
        domain_of(self).data["index_docs"][self.env.docname] = True
        domain_of(self).note_doc(self.env.docname)
        return [statute_index()]


def register(app: Any) -> None:
    """Register the directives."""
    app.add_directive("instrument", InstrumentDirective)
    app.add_directive("amendments", AmendmentsDirective)
    app.add_directive("article", ArticleDirective)
    app.add_directive("supplementary", SupplementaryDirective)
    app.add_directive("statute-index", StatuteIndexDirective)
    app.add_directive("article-index", ArticleIndexDirective)
