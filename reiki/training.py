"""Self-check questions for the training course: the answer stays hidden until the reader opens it."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .labels import label


class selfcheck(nodes.General, nodes.Element):
    """A numbered question with its answer."""


class answer(nodes.General, nodes.Element):
    """The answer: <details> on screen, printed after the question on paper."""


class SelfcheckDirective(SphinxDirective):
    """A self-check question; its body holds the question and one {answer}."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        """Number the question within the page and parse its body."""
        count = (self.env.temp_data.get("selfcheck_count") or 0) + 1
        self.env.temp_data["selfcheck_count"] = count
        node = selfcheck(classes=["selfcheck"], number=count, ids=[f"q{count}"])
        node += nodes.rubric("", label("question", self.config.language).format(n=count), translatable=False)
        self.state.nested_parse(self.content, self.content_offset, node)
        if not list(node.findall(answer)):
            from .errors import error
            from .messages import msg

            error(msg("selfcheck-answer"), self.get_location(), "training")
        return [node]


class AnswerDirective(SphinxDirective):
    """The answer of the enclosing self-check question."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        """Parse the answer body."""
        node = answer(classes=["selfcheck-answer"])
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def _visit_answer_html(self: Any, node: answer) -> None:
    self.body.append(self.starttag(node, "details") + f"<summary>{label('show_answer', self.config.language)}</summary>")


def _depart_answer_html(self: Any, node: answer) -> None:
    self.body.append("</details>\n")


def _visit_answer_latex(self: Any, node: answer) -> None:
    self.body.append(
        "\n\\par\\smallskip\\noindent{\\sffamily\\bfseries " + label("answer", self.config.language) + "}\\par\n"
    )


class AnswersAtTheEnd(SphinxPostTransform):
    """On paper, move every answer to a 解答 chapter at the end of the volume, cross-referenced by number and page."""

    builders = ("latex",)
    default_priority = 5  # before references are resolved: the moved answers' citations resolve where they land

    def run(self, **kwargs: Any) -> None:
        """Collect the answers per unit; leave the page of the answer under each question."""
        lang = self.config.language or "ja"
        checks = list(self.document.findall(selfcheck))
        if not checks:
            return
        chapter = nodes.section(ids=["reiki-answers"])
        chapter += nodes.title(label("answers", lang), label("answers", lang))
        chapter += nodes.paragraph(label("answers_intro", lang), label("answers_intro", lang))
        unit_of: str | None = None
        for i, check in enumerate(checks, 1):
            found = list(check.findall(answer))
            if not found:
                continue
            doc = self._docname(check)
            if doc != unit_of:
                unit_of = doc
                title = self.env.titles[doc].astext() if doc in self.env.titles else doc
                chapter += nodes.rubric(title, title)
            tag = f"reiki-answer-{i}"
            question = label("question", lang).format(n=check["number"])
            head = nodes.paragraph("", "", classes=["answer-head"])
            head += nodes.raw("", f"\\label{{{tag}}}{{\\sffamily\\bfseries {question}}}", format="latex")
            head += nodes.raw("", label("question_at", lang).format(page=f"\\pageref{{{tag}-q}}"), format="latex")
            chapter += head
            for a in found:
                a.parent.remove(a)
                chapter.extend(a.children)
            where = nodes.paragraph("", "", classes=["answer-at"])
            back = label("answer_at", lang).format(page=f"\\pageref{{{tag}}}")
            where += nodes.raw("", f"\\label{{{tag}-q}}" + back, format="latex")
            check += where
        self.document += chapter

    def _docname(self, node: nodes.Element) -> str:
        """The page (training unit) a question was written in, from the source of its paragraphs."""
        for sub in node.findall(nodes.paragraph):
            if sub.source and (doc := self.env.path2doc(sub.source)):
                return doc
        return self.env.docname


def _visit_selfcheck_html(self: Any, node: selfcheck) -> None:
    self.body.append(self.starttag(node, "div"))


def _depart_div(self: Any, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def _pass(self: Any, node: nodes.Element) -> None:
    pass


def _visit_answer_text(self: Any, node: answer) -> None:
    self.new_state(2)
    self.add_text(label("answer", self.config.language) + ": ")


def _depart_answer_text(self: Any, node: answer) -> None:
    self.end_state()


def register(app: Any) -> None:
    """Register the directives and nodes."""
    app.add_node(selfcheck, html=(_visit_selfcheck_html, _depart_div), latex=(_pass, _pass), text=(_pass, _pass))
    app.add_node(
        answer,
        html=(_visit_answer_html, _depart_answer_html),
        latex=(_visit_answer_latex, _pass),
        text=(_visit_answer_text, _depart_answer_text),
    )
    app.add_directive("selfcheck", SelfcheckDirective)
    app.add_post_transform(AnswersAtTheEnd)
    app.add_directive("answer", AnswerDirective)
