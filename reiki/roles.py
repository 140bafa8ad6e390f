"""Roles: {jo} cites an article of an instrument, {law} cites a statute (and article)."""

from __future__ import annotations

import re
from typing import Any, cast

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxRole

from . import context, renumbering, state
from .dates import SourceDate
from .domain import Citation, LawCite, ReikiDomain
from .errors import error
from .labels import label
from .messages import msg
from .nodes import article, supplementary, unit
from .numbering import ArticleNumber, Target, article_label, parse_law, parse_target, target_label

EXPLICIT = re.compile(r"^(?P<text>.+?)\s*<(?P<target>[^<>]+)>$", re.S)
RELATIVE = {"前条": -1, "次条": 1}
RELATIVE_PARA = {"前項": -1, "次項": 1}
ARTICLE_ANCHOR = re.compile(r"^a\d+(?:_\d+)*$")


def split_explicit(text: str) -> tuple[str | None, str]:
    """Split 「前条 <第6条>」 into its text and target."""
    m = EXPLICIT.match(text)
    return (m.group("text"), m.group("target").strip()) if m else (None, text.strip())


def cite(
    env: BuildEnvironment, text: str, rawtext: str, lineno: int, loc: Any, register: bool = True, source: str | None = None
) -> nodes.Node:
    """A checked reference to a unit of an instrument (the {jo} role, also used by data-driven pages)."""
    shown, target_text = split_explicit(text)
    target_text, _, as_of = target_text.partition("@")
    if as_of:
        try:
            SourceDate.parse(as_of)
        except ValueError:
            error(msg("ref-date", text=text), loc, "date")
            as_of = ""
    ctx = context.get(env)
    try:
        target = parse_target(target_text)
    except ValueError:
        error(msg("ref-not-citation", text=text), loc, "ref")
        return nodes.inline(text, text)
    instrument = target.instrument or (ctx.instrument if ctx else None)
    if instrument is None:
        error(msg("ref-no-instrument", text=target_text), loc, "ref")
        return nodes.inline(text, text)
    same = ctx is not None and instrument == ctx.instrument
    relative = None
    if target.article is None:  # 第2項 / 第1号: completed from the enclosing unit by the Citations transform
        if not (same and ctx):
            error(msg("ref-needs-article", text=target_text), loc, "ref")
            return nodes.inline(text, text)
        relative = [target.para or 0, list(target.items)]
    lang = env.config.language or "ja"
    lbl = target_label(target, ctx.style if same and ctx else "条", lang)
    node = pending_xref(
        rawtext,
        refdomain="reiki",
        reftype="jo",
        reftarget=f"{instrument}#{target.anchor()}",
        refexplicit=bool(shown) or same,
        reiki_label=lbl,
        reiki_other=not same,
        reiki_source=text,
        reiki_target=[target.article.text if target.article else "", target.para or 0, list(target.items)],
        reiki_asof=as_of,
        reiki_relative=relative,
        reiki_register=register,
        reiki_shown=shown if same and shown in {**RELATIVE, **RELATIVE_PARA} else "",
    )
    node.source, node.line = source or context.source(env), lineno
    node += nodes.inline(shown or lbl, shown or lbl, classes=["reiki-ref"])
    return node


class JoRole(SphinxRole):
    """Cite an article, paragraph or item of an instrument in legal form."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Parse the target, resolve relative forms and leave a pending reference."""
        source = self.get_source_info()[0]  # the included file's own path when the citation is in a fragment
        return [cite(self.env, self.text, self.rawtext, self.lineno, self.get_location(), source=source)], []


class LawRole(SphinxRole):
    """Cite a statute or one of its articles, linked to e-Gov."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Look the statute up in the registry and link it to e-Gov."""
        shown, target_text = split_explicit(self.text)
        loc = self.get_location()
        self.env.note_dependency(self.config.reiki_statutes)
        try:
            cite = parse_law(target_text)
        except ValueError:
            error(msg("law-not-citation", text=self.text), loc, "law")
            return [nodes.inline(self.text, self.text)], []
        try:
            statute, art = state.registry(self.env).lookup(cite)
        except KeyError as exc:
            if not getattr(self.env, "reiki_registry_broken", False):  # else the registry's own error is the one line
                error(str(exc.args[0]), loc, "law")
            return [nodes.inline(self.text, self.text)], []
        lang = self.config.language or "ja"
        text = shown or statute.name(lang) + cite.suffix(lang)
        if lang.startswith("en"):
            title = f"{statute.name(lang)} ({statute.law_number(lang)})" + (
                f"{cite.suffix(lang)}{art.heading(lang)}" if art else ""
            )
        else:
            title = f"{statute.title}（{statute.number}）" + (f" {cite.suffix()}{art.heading()}" if art else "")
        url = statute.url(cite.egov_fragment(), art.revision if art else "")
        node: nodes.Element
        if art is not None:  # what the registry knows of the article, readable on hover on a closed network too
            status = label(art.status, lang)
            title += f" [registry: {status}]" if lang.startswith("en") else f"〔台帳の確認状況: {status}〕"
        if url:
            title += " - opens e-Gov Law Search (internet)" if lang.startswith("en") else "（外部サイト: e-Gov法令検索）"
            node = nodes.reference(self.rawtext, text, refuri=url, reftitle=title, classes=["reiki-law", "reiki-external"])
        else:
            node = nodes.inline(self.rawtext, text, classes=["reiki-law"])
        node["reiki_law"] = [statute.key, cite.article.text if cite.article else ""]
        node.line = self.lineno
        return [node], []


class Citations(SphinxTransform):
    """After translation: complete relative targets from the enclosing unit and record every citation with its place."""

    default_priority = 30  # after sphinx.transforms.i18n.Locale (20), so translated text is covered too

    def apply(self, **kwargs: Any) -> None:
        """Walk the references of this document."""
        ctx = context.get(self.env)
        dom = cast(ReikiDomain, self.env.get_domain("reiki"))
        dom.note_doc(self.env.docname)
        for node in list(self.document.findall(nodes.Element)):
            if node.get("reiki_law"):
                anchor, label = _place(node, ctx)
                statute, article_text = node["reiki_law"]
                dom.laws.append(LawCite(self.env.docname, anchor, label, statute, article_text, node.line or 0))
            if not (isinstance(node, pending_xref) and node.get("refdomain") == "reiki" and node.get("reftype") == "jo"):
                continue
            if node.get("reiki_relative") is not None:
                self._complete(node, ctx)
            if node.get("reiki_shown") and ctx is not None and node.get("reiki_relative") is None:
                _check_order(node, ctx, dom)
            if node.get("reiki_relative") is None:
                renumbering.check_citation(self.env, node)
            if node.get("reiki_register") and node.get("reiki_relative") is None:
                anchor, label = _place(node, ctx)
                dom.citations.append(
                    Citation(
                        self.env.docname,
                        anchor,
                        label,
                        node["reftarget"].split("#")[0],
                        node["reftarget"].split("#")[1],
                        node.line or 0,
                    )
                )

    def _complete(self, node: pending_xref, ctx: context.Context | None) -> None:
        art = _ancestor(node, article)
        if art is None or ctx is None:
            error(msg("ref-needs-article", text=node.get("reiki_source")), node, "ref")
            node["reiki_relative"] = None
            node["reiki_register"] = False
            return
        para, items = node["reiki_relative"]
        here = _ancestor(node, unit)
        if not para and items and here is not None:
            m = re.search(r"-p(\d+)", here["ids"][0])
            if m is None:  # every unit's id holds its paragraph (directives.Article)
                raise ValueError(f"unit id {here['ids'][0]!r} has no paragraph number")
            para = int(m.group(1))
        number = ArticleNumber.parse(art["number"])
        target = Target(ctx.instrument, number, para or None, tuple(items))
        node["reftarget"] = f"{ctx.instrument}#{target.anchor()}"
        node["reiki_target"] = [number.text, target.para or 0, list(target.items)]
        node["reiki_relative"] = None


def _check_order(node: pending_xref, ctx: context.Context, dom: ReikiDomain) -> None:
    """前条・次条・前項・次項 name the unit before or after this one in the instrument as written (branch articles too)."""
    art, here_unit = _ancestor(node, article), _ancestor(node, unit)
    article_text, para, _ = node["reiki_target"]
    if art is None or not article_text:
        return
    shown, here = node["reiki_shown"], ArticleNumber.parse(art["number"])
    target = Target(None, ArticleNumber.parse(article_text), para or None, ())
    if shown in RELATIVE:
        side = "前" if RELATIVE[shown] < 0 else "次"
        order = _articles(ctx.instrument, dom)
        i = order.index(here.parts) + RELATIVE[shown] if here.parts in order else -1
        label = target_label(Target(None, here, None, ()))
        if not 0 <= i < len(order):
            error(msg("ref-relative-none", shown=shown, here=label, side=side, what="条"), node, "ref")
        elif target.article and target.article.parts != order[i]:
            expected = target_label(Target(None, ArticleNumber(order[i]), None, ()))
            there = target_label(Target(None, target.article, None, ()))
            found = msg("ref-relative-article", shown=shown, here=label, side=side, expected=expected, target=there)
            error(found, node, "ref")
        return
    m = re.search(r"-p(\d+)", here_unit["ids"][0]) if here_unit is not None else None
    if m is None:
        return
    now, step = int(m.group(1)), RELATIVE_PARA[shown]
    side = "前" if step < 0 else "次"
    if now + step < 1 or (ctx.instrument, f"a{here.anchor}-p{now + step}") not in dom.units:
        error(msg("ref-relative-none", shown=shown, here=f"第{now}項", side=side, what="項"), node, "ref")
    elif target.article != here or (para or 1) != now + step:
        there = target_label(target) if target.article != here else f"第{para or 1}項"
        error(msg("ref-relative-para", shown=shown, here=now, side=side, expected=now + step, target=there), node, "ref")


def _articles(instrument: str, dom: ReikiDomain) -> list[tuple[int, ...]]:
    """The article numbers of an instrument in their order (30, 30の2, 31: the numbers sort as written)."""
    found = [a[1:] for i, a in dom.units if i == instrument and ARTICLE_ANCHOR.match(a)]
    return sorted(tuple(int(n) for n in a.split("_")) for a in found)


def _ancestor(node: nodes.Node, cls: type) -> Any:
    parent = node.parent
    while parent is not None and not isinstance(parent, cls):
        parent = parent.parent
    return parent


def _place(node: nodes.Node, ctx: context.Context | None) -> tuple[str, str]:
    """The anchor and legal label of the article (or 附則) a reference stands in."""
    art = _ancestor(node, article)
    if art is not None and ctx is not None:
        sep = " " if ctx.lang.startswith("en") else ""
        return art["ids"][0], ctx.short + sep + article_label(ArticleNumber.parse(art["number"]), ctx.style, ctx.lang)
    supp = _ancestor(node, supplementary)
    if supp is not None and ctx is not None:
        return supp["ids"][0], ctx.short + (" supplementary provisions" if ctx.lang.startswith("en") else "附則")
    return "", ""


def register(app: Any) -> None:
    """Register the roles and the citation transform."""
    app.add_role("jo", JoRole())
    app.add_role("law", LawRole())
    app.add_transform(Citations)
