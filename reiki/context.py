"""Where the parser is inside an instrument: kept in env.temp_data while one document is read."""

from __future__ import annotations

from dataclasses import dataclass

from sphinx.environment import BuildEnvironment

from .numbering import ArticleNumber

KEY = "reiki_context"


@dataclass
class Context:
    """The instrument being read and the unit the parser is in."""

    instrument: str
    short: str
    style: str
    lang: str
    last_article: ArticleNumber | None = None
    article: ArticleNumber | None = None
    para: int | None = None
    anchor: str = ""
    label: str = ""


def get(env: BuildEnvironment) -> Context | None:
    """The context of the current document, if it holds an instrument."""
    return env.temp_data.get(KEY)


def start(env: BuildEnvironment, ctx: Context) -> None:
    """Begin an instrument in the current document."""
    env.temp_data[KEY] = ctx


def source(env: BuildEnvironment) -> str:
    """The path of the document being read (asked once per unit and citation: cached for the document)."""
    path = env.temp_data.get("reiki_source")
    if path is None:
        path = env.temp_data["reiki_source"] = str(env.doc2path(env.docname))
    return path
