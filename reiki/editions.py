"""Public (公開版) and internal (庁内版) editions: internal material is never read by the public build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.directives.other import TocTree
from sphinx.util.docutils import SphinxDirective

from .datafile import DataError, line_of, load, require
from .errors import error
from .messages import pair
from .tables import table

EDITIONS = ("public", "internal")


class InternalTocTree(TocTree):
    """A toctree that exists only in the internal edition (the public build parses nothing of it)."""

    def run(self) -> list[nodes.Node]:
        """Emit the toctree in the internal edition, nothing in the public one."""
        if self.config.reiki_edition != "internal":
            return []
        return super().run()


class TerminalListDirective(SphinxDirective):
    """The 端末設置一覧表 from internal/data/terminals.yaml; every row must be marked as a sample or real."""

    def run(self) -> list[nodes.Node]:
        """Render the list; sample rows are labelled 見本."""
        if self.config.reiki_edition != "internal":  # the public build reads nothing internal
            error(
                "「terminal-list」は庁内版だけの記法である: 公開版の頁では使わず、internal/ の頁に置く",
                self.get_location(),
                "edition",
            )
            return []
        rel = self.config.reiki_terminals
        self.env.note_dependency(str(Path(self.env.srcdir, rel)))
        try:
            data = load(Path(self.env.srcdir), rel)
            rows = data.get("terminals") if isinstance(data, dict) else None
            if not isinstance(rows, list):
                raise DataError(rel, line_of(data), *pair("data-list", key="terminals"))
            for r in rows:
                require(r, ("place", "section", "count", "measures", "sample"), rel, f"端末 {r.get('place', '')}")
        except DataError as exc:
            exc.report()
            return []
        body = []
        for r in rows:
            body.append(
                (
                    r["place"],
                    r["section"],
                    f"{int(r['count'])}台",
                    "、".join(r["measures"]),
                    "見本" if r.get("sample") else "",
                )
            )
        return [table(["設置場所", "使用所属", "台数", "画面の措置", "区分"], body, widths=[4, 5, 2, 5, 2])]


def check_config(app: Any, config: Any) -> None:
    """The edition must be public or internal."""
    if config.reiki_edition not in EDITIONS:
        raise ValueError(f"reiki_edition must be one of {EDITIONS}, not {config.reiki_edition!r}")


def register(app: Any) -> None:
    """Register the edition options and directives."""
    app.add_config_value("reiki_edition", "public", "env", types=[str])
    app.add_config_value("reiki_terminals", "internal/data/terminals.yaml", "env", types=[str])
    app.add_directive("internal-toctree", InternalTocTree)
    app.add_directive("terminal-list", TerminalListDirective)
    app.connect("config-inited", check_config)
