"""Write-time content: the statutes index and the 'cited by' list under each article."""

from __future__ import annotations

from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

from . import state
from .domain import ReikiDomain
from .labels import label
from .nodes import article, article_index, referenced_by, statute_index
from .numbering import ArticleNumber, article_label
from .paper import volume_docnames


def _uri(app: Sphinx, fromdoc: str, todoc: str, anchor: str) -> str | None:
    """The relative URI of a place; None where the output holds no such page (a PDF volume)."""
    try:
        uri = app.builder.get_relative_uri(fromdoc, todoc)
    except NoUri:
        return None
    return uri + (f"#{anchor}" if anchor else "")


def _link(app: Sphinx, fromdoc: str, todoc: str, anchor: str, text: str) -> nodes.Node:
    """A link to a place; plain text where the output holds no such page."""
    uri = _uri(app, fromdoc, todoc, anchor)
    if uri is None:
        return nodes.Text(text)
    if app.builder.format == "latex":
        return make_refnode(app.builder, fromdoc, todoc, anchor, nodes.Text(text))
    return nodes.reference(text, text, refuri=uri, internal=True)


def _place(app: Sphinx, docname: str, anchor: str, from_label: str) -> str:
    if from_label:
        return from_label
    return app.env.titles[docname].astext() if docname in app.env.titles else docname


def index_citations(app: Sphinx, env: Any) -> list[str]:
    """After reading: who cites each article, computed once for the whole write phase."""
    dom = cast(ReikiDomain, env.get_domain("reiki"))
    table: dict[str, dict[str, list[tuple[str, str, str]]]] = {}
    for c in dom.citations:
        table.setdefault(c.instrument, {}).setdefault(c.anchor.split("-")[0], []).append(
            (c.docname, c.from_anchor, c.from_label)
        )
    state.app_state(app).reiki_citing = table  # on the app: remade every build, never pickled
    return []


def citing(app: Sphinx) -> dict[str, dict[str, list[tuple[str, str, str]]]]:
    """The index made by index_citations."""
    return getattr(app, "reiki_citing", {})


def mark_external(doctree: nodes.document, lang: str) -> None:
    """On the site, say of each statute link that it leaves for the internet (an icon for the eye, words for the ear)."""
    words = " (external site)" if lang.startswith("en") else "（外部サイト）"
    for ref in doctree.findall(nodes.reference):
        if "reiki-external" in ref["classes"]:
            ref += nodes.inline(words, words, classes=["reiki-sr-only", "no-search"])


def fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace statute indexes and add 'cited by' lists (HTML)."""
    dom = cast(ReikiDomain, app.env.get_domain("reiki"))
    lang = app.config.language or "ja"
    for statutes in list(doctree.findall(statute_index)):
        statutes.replace_self(_statute_tables(app, dom, docname, lang))
    volume = volume_docnames(doctree) if app.builder.format == "latex" else None
    for articles in list(doctree.findall(article_index)):
        articles.replace_self(_article_index(app, dom, docname, lang, volume))
    if app.builder.format != "html":
        return
    mark_external(doctree, lang)
    arts = list(doctree.findall(article))
    if not arts:
        return
    inst = next(iter(dom.on_page(docname)), None)
    if inst is None:
        return
    by_article = citing(app).get(inst.id, {})
    for art in arts:
        places = sorted(set(by_article.get(art["ids"][0], [])))
        places = [p for p in places if not (p[0] == docname and p[1] == art["ids"][0])]
        if not places:
            continue
        # a navigation aid, not words of the article: kept out of the search index
        art += referenced_by(
            classes=["no-search"],
            heading=label("refby", lang) + label("colon", lang),
            places=[(_uri(app, docname, d, a), _place(app, d, a, lbl)) for d, a, lbl in places],
        )


def _article_index(
    app: Sphinx, dom: ReikiDomain, docname: str, lang: str, volume: set[str] | None = None
) -> list[nodes.Node]:
    """Every article of every instrument in article order: links in HTML, dotted lines to page numbers in LaTeX.

    In a printed volume only the instruments printed in it are listed (never the authoring sample): a page
    reference to an article outside the volume would print as "??".
    """
    out: list[nodes.Node] = []
    units = sorted(
        (u for u in dom.units.values() if u.caption and "-" not in u.anchor and u.anchor.startswith("a")),
        key=lambda u: (u.docname, ArticleNumber.parse(u.anchor[1:].replace("_", "の")).parts),
    )
    for inst in sorted(dom.instruments.values(), key=lambda i: i.docname):
        if volume is not None and inst.docname not in volume:
            continue
        mine = [u for u in units if u.instrument == inst.id]
        if not mine:
            continue
        out.append(nodes.rubric(inst.short, inst.short))

        def name(u: Any, style: str = inst.style) -> str:
            number = ArticleNumber.parse(u.anchor[1:].replace("_", "の"))
            shown = article_label(number, style, lang)
            return shown if lang.startswith("en") else f"{shown}（{u.caption}）"  # captions are not translated here

        if app.builder.format == "latex":
            lines = "".join(
                f"\\noindent {name(u)}\\dotfill\\pageref{{\\detokenize{{{u.docname}:{u.anchor}}}}}\\par\n" for u in mine
            )
            out.append(nodes.raw("", "\\begingroup\\small\n" + lines + "\\endgroup\n", format="latex"))
            continue
        items = nodes.bullet_list(classes=["article-index"])
        for u in mine:
            items += nodes.list_item(
                "", nodes.paragraph("", "", _link(app, docname, u.docname, u.anchor, f"{u.label}（{u.caption}）"))
            )
        out.append(items)
    return out


def _statute_tables(app: Sphinx, dom: ReikiDomain, docname: str, lang: str) -> list[nodes.Node]:
    registry = state.registry(app.env)
    out: list[nodes.Node] = []
    for key, st in registry.statutes.items():
        sec = nodes.section(ids=[f"law-{key}"])
        en = lang.startswith("en")
        gap = " " if en else "　"
        sec += nodes.title(st.name(lang), st.name(lang), translatable=False)  # the registry's words per language
        meta = f"{label('law_number', lang)}{label('colon', lang)}{st.law_number(lang)}" + (
            f"{'; ' if en else gap}e-Gov: {st.law_id}" if st.law_id else ""
        )
        para = nodes.paragraph("", "")
        if st.law_id:
            para += nodes.reference(meta, meta, refuri=st.url())
        else:
            para += nodes.Text(meta)
        sec += para
        cites = [c for c in dom.laws if c.statute == key]
        rows = nodes.bullet_list()
        for num, art in st.articles.items():
            places = sorted({(c.docname, c.from_anchor, c.from_label) for c in cites if c.article == num})
            item = nodes.paragraph("", "")
            status = f"{': ' if en else gap}{label(art.status, lang)}"
            head = f"{article_label(ArticleNumber.parse(num), lang=lang)}{art.heading(lang)}{status}"
            item += (
                nodes.reference(head, head, refuri=st.url(f"Mp-At_{ArticleNumber.parse(num).anchor}", art.revision))
                if st.law_id
                else nodes.Text(head)
            )
            if art.source:
                item += nodes.Text("　" + label("source", lang) + "：")
                item += nodes.reference(art.source, art.source, refuri=art.url) if art.url else nodes.Text(art.source)
                if art.checked:
                    when = f"{label('checked', lang)} {art.checked}"
                    item += nodes.Text(f" ({when})" if lang.startswith("en") else f"（{when}）")
            if places:
                item += nodes.Text(gap + label("cited", lang) + label("colon", lang))
                for i, (d, a, lbl) in enumerate(places):
                    if i:
                        item += nodes.Text(label("sep", lang))
                    item += _link(app, docname, d, a, _place(app, d, a, lbl))
            rows += nodes.list_item("", item)
        whole = sorted({(c.docname, c.from_anchor, c.from_label) for c in cites if not c.article})
        if whole:
            item = nodes.paragraph("", label("cited", lang) + label("whole_statute", lang) + label("colon", lang))
            for i, (d, a, lbl) in enumerate(whole):
                if i:
                    item += nodes.Text(label("sep", lang))
                item += _link(app, docname, d, a, _place(app, d, a, lbl))
            rows += nodes.list_item("", item)
        if len(rows):
            sec += rows
        out.append(sec)
    return out
