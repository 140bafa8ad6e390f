"""Self-check questions for the training course: the answer stays hidden until the reader opens it."""

from __future__ import annotations

from typing import Any

from docutils import nodes
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
    app.add_directive("answer", AnswerDirective)
