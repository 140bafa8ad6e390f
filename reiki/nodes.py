"""Doctree nodes of the regulation model and how HTML, LaTeX and text render them."""

from __future__ import annotations

from typing import Any

from docutils import nodes


class article(nodes.General, nodes.Element):
    """An article (条): caption, then its paragraphs."""


class article_caption(nodes.TextElement):
    """The caption (見出し) shown in parentheses before the article."""


class unit(nodes.Element):
    """A paragraph (項, level 0) or an item (号, levels 1–3); its label (第7条, 2, (1), ア) is an attribute."""


class unit_text(nodes.TextElement):
    """The words of a unit (translatable)."""


class supplementary(nodes.General, nodes.Element):
    """A supplementary provision (附則) of one enactment or amendment."""


class supplementary_title(nodes.TextElement):
    """The heading line of a 附則: 附則（令和8年4月1日訓令第N号）."""


class statute_index(nodes.General, nodes.Element):
    """Placeholder replaced by the list of cited statutes and articles."""


class article_index(nodes.General, nodes.Element):
    """Placeholder replaced by the article index (links on screen, page numbers on paper)."""


class referenced_by(nodes.General, nodes.Element):
    """The list of places that cite an article (HTML only): a heading and (uri or None, text) pairs, written directly."""


def _lang(self: Any) -> str:
    return self.builder.config.language or "ja"


def _parens(self: Any, text: str) -> str:
    return f"({text})" if _lang(self).startswith("en") else f"（{text}）"


# HTML


def _visit_article_html(self: Any, node: article) -> None:
    self.body.append(self.starttag(node, "div", CLASS="reiki-article"))


def _depart_article_html(self: Any, node: article) -> None:
    self.body.append("</div>\n")


def _visit_caption_html(self: Any, node: article_caption) -> None:
    self.body.append(self.starttag(node, "p", "", CLASS="reiki-caption") + ("(" if _lang(self).startswith("en") else "（"))


def _depart_caption_html(self: Any, node: article_caption) -> None:
    self.body.append((")" if _lang(self).startswith("en") else "）") + "</p>\n")


def _visit_unit_html(self: Any, node: unit) -> None:
    self.body.append(self.starttag(node, "div", CLASS=f"reiki-unit reiki-l{node['level']}"))
    self.body.append('<p class="reiki-text">')
    if node.get("label"):
        space = " " if _lang(self).startswith("en") else "　"
        self.body.append(f'<a class="reiki-label" href="#{node["labelref"]}">{self.encode(node["label"])}</a>{space}')


def _depart_unit_html(self: Any, node: unit) -> None:
    self.body.append("</div>\n")


def _visit_text_html(self: Any, node: unit_text) -> None:
    pass


def _depart_text_html(self: Any, node: unit_text) -> None:
    self.body.append("</p>\n")


def _visit_suppl_html(self: Any, node: supplementary) -> None:
    self.body.append(self.starttag(node, "div", CLASS="reiki-suppl"))


def _visit_suppl_title_html(self: Any, node: supplementary_title) -> None:
    self.body.append(self.starttag(node, "p", "", CLASS="reiki-suppl-title"))


def _depart_suppl_title_html(self: Any, node: supplementary_title) -> None:
    self.body.append("</p>\n")


def _visit_refby_html(self: Any, node: referenced_by) -> None:
    # One node instead of a list of paragraphs and references: these lists are on most article pages.
    items = "".join(
        f'<li><p><a class="reference internal" href="{self.attval(uri)}">{self.encode(text)}</a></p></li>\n'
        if uri is not None
        else f"<li><p>{self.encode(text)}</p></li>\n"
        for uri, text in node["places"]
    )
    self.body.append(self.starttag(node, "div", CLASS="reiki-refby"))
    self.body.append(f'<p>{self.encode(node["heading"])}</p>\n<ul class="simple">\n{items}</ul>\n</div>\n')
    raise nodes.SkipNode


# LaTeX


def _targets(self: Any, node: nodes.Element) -> str:
    return "".join(self.hypertarget(i, anchor=True) for i in node["ids"])


def _visit_article_latex(self: Any, node: article) -> None:
    self.body.append("\n\\reikiarticle" + _targets(self, node) + "\n")
    # a PDF bookmark per article (under its chapter or section): 第16条（入退室の管理）
    first = next(node.findall(unit), None)
    caption = node.next_node(article_caption)
    if first is not None and first.get("label"):
        name = first["label"] + (_parens(self, caption.astext()) if caption is not None else "")
        self.body.append("\\reikibookmark{" + self.encode(name) + "}\n")


def _depart_article_latex(self: Any, node: article) -> None:
    pass


def _visit_caption_latex(self: Any, node: article_caption) -> None:
    self.body.append("\\reikicaption{" + ("(" if _lang(self).startswith("en") else "（"))


def _depart_caption_latex(self: Any, node: article_caption) -> None:
    self.body.append((")" if _lang(self).startswith("en") else "）") + "}\n")


def _visit_unit_latex(self: Any, node: unit) -> None:
    self.body.append(f"\\par\\begingroup\\reikiunit{{{node['level']}}}" + _targets(self, node))
    if node.get("label"):
        self.body.append("\\reikilabel{" + self.encode(node["label"]) + "}")


def _depart_unit_latex(self: Any, node: unit) -> None:
    pass


def _visit_text_latex(self: Any, node: unit_text) -> None:
    pass


def _depart_text_latex(self: Any, node: unit_text) -> None:
    self.body.append("\\par\\endgroup\n")


def _visit_suppl_latex(self: Any, node: supplementary) -> None:
    self.body.append("\n\\par" + _targets(self, node))


def _visit_suppl_title_latex(self: Any, node: supplementary_title) -> None:
    self.body.append("\\reikisuppl{")


def _depart_suppl_title_latex(self: Any, node: supplementary_title) -> None:
    self.body.append("}\n")


# text


def _visit_caption_text(self: Any, node: article_caption) -> None:
    self.new_state(0)
    self.add_text("（")


def _depart_caption_text(self: Any, node: article_caption) -> None:
    self.add_text("）")
    self.end_state()


def _visit_unit_text_builder(self: Any, node: unit) -> None:
    self.new_state(node["level"] * 2)
    if node.get("label"):
        self.add_text(node["label"] + "　")


def _depart_unit_text_builder(self: Any, node: unit) -> None:
    self.end_state()


def _pass(self: Any, node: nodes.Node) -> None:
    pass


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def register(app: Any) -> None:
    """Register the nodes with their visitors."""
    p = (_pass, _pass)
    app.add_node(
        article,
        html=(_visit_article_html, _depart_article_html),
        latex=(_visit_article_latex, _depart_article_latex),
        text=p,
    )
    app.add_node(
        article_caption,
        html=(_visit_caption_html, _depart_caption_html),
        latex=(_visit_caption_latex, _depart_caption_latex),
        text=(_visit_caption_text, _depart_caption_text),
    )
    app.add_node(
        unit,
        html=(_visit_unit_html, _depart_unit_html),
        latex=(_visit_unit_latex, _depart_unit_latex),
        text=(_visit_unit_text_builder, _depart_unit_text_builder),
    )
    app.add_node(
        unit_text, html=(_visit_text_html, _depart_text_html), latex=(_visit_text_latex, _depart_text_latex), text=p
    )
    app.add_node(supplementary, html=(_visit_suppl_html, _depart_article_html), latex=(_visit_suppl_latex, _pass), text=p)
    app.add_node(
        supplementary_title,
        html=(_visit_suppl_title_html, _depart_suppl_title_html),
        latex=(_visit_suppl_title_latex, _depart_suppl_title_latex),
        text=p,
    )
    app.add_node(referenced_by, html=(_visit_refby_html, None), latex=(_skip, None), text=(_skip, None))
    app.add_node(statute_index, html=p, latex=p, text=p)
    app.add_node(article_index, html=p, latex=p, text=p)
