"""reiki: a Sphinx extension for Japanese municipal regulations (例規)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from . import (
    amending,
    amendnotes,
    anchors,
    bibstyle,
    chartlabels,
    citeform,
    council,
    counts,
    datafile,
    directives,
    editions,
    eradates,
    events,
    export,
    fences,
    figures,
    forms,
    glossary,
    heads,
    i18n,
    memory,
    messages,
    nodes,
    output,
    packet,
    paper,
    parallel,
    pii,
    preview,
    readability,
    renumbering,
    reruns,
    roles,
    sealed,
    statistics,
    trace,
    training,
    versions,
    volumes,
)
from .domain import ReikiDomain
from .errors import relative_paths
from .sections import SectionIds

__version__ = "0.1.0"


STATIC = Path(__file__).parent / "static"


def add_static(app: Sphinx) -> None:
    """Ship the stylesheet and the LaTeX package (option latin in English: quotes and dashes in the Latin font)."""
    # relative to the project, so the recorded configuration (.buildinfo) is the same in any clone's directory
    app.config.html_static_path.append(os.path.relpath(STATIC, app.confdir))
    app.config.latex_additional_files.append(os.path.relpath(STATIC / "reiki.sty", app.confdir))
    app.add_latex_package("reiki", "latin" if (app.config.language or "ja").startswith("en") else None)


PATH_SETTINGS = ("html_static_path", "templates_path", "latex_additional_files", "html_extra_path")


def relative_settings(app: Sphinx, config: Any) -> None:
    """Make the paths extensions added inside the project (its .venv) relative: any clone records the same settings."""
    root = Path(app.confdir).resolve()
    for name in PATH_SETTINGS:
        paths = getattr(config, name, None)
        if isinstance(paths, list):
            paths[:] = [_relative(p, root) for p in paths]


def _relative(path: str, root: Path) -> str:
    """The path relative to root when it lies inside it."""
    full = Path(path)
    if not full.is_absolute():
        return path
    try:
        return full.resolve().relative_to(root).as_posix()
    except ValueError:
        return path


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the regulation model."""
    bibstyle.register()
    app.add_config_value("reiki_statutes", "data/statutes.yaml", "env", types=[str])
    app.add_config_value("reiki_anchor_lock", "", "html", types=[str])
    app.add_config_value("reiki_redirects", "data/redirects.yaml", "html", types=[str])
    app.add_domain(ReikiDomain)
    nodes.register(app)
    directives.register(app)
    roles.register(app)
    counts.register(app)
    training.register(app)
    glossary.register(app)
    trace.register(app)
    forms.register(app)
    statistics.register(app)
    council.register(app)
    packet.register(app)
    heads.register(app)
    editions.register(app)
    eradates.register(app)
    pii.register(app)
    fences.register(app)
    preview.register(app)
    versions.register(app)
    amendnotes.register(app)
    amending.register(app)
    i18n.register(app)
    messages.register(app)
    figures.register(app)
    chartlabels.register(app)
    readability.register(app)
    sealed.register(app)
    memory.register(app)
    parallel.register(app)
    volumes.register(app)
    paper.register(app)
    reruns.register(app)
    citeform.register(app)
    renumbering.register(app)
    app.add_transform(SectionIds)
    app.connect("builder-inited", relative_paths, priority=100)
    app.connect("builder-inited", datafile.reset, priority=100)
    app.connect("builder-inited", events.load_registry)
    app.connect("config-inited", lambda app, config: add_static(app))
    app.connect("config-inited", relative_settings, priority=900)  # after graphviz and the other extensions
    app.connect("env-get-outdated", events.outdated)
    app.connect("env-before-read-docs", datafile.check_sources)
    app.connect("source-read", datafile.stub_source, priority=100)
    app.connect("env-updated", events.updated)
    app.connect("env-updated", output.index_citations)
    app.connect("env-check-consistency", events.check_consistency)
    app.connect("doctree-resolved", output.fill)
    app.connect("doctree-resolved", bibstyle.merge_parentheses)
    app.connect("doctree-read", export.store)
    app.connect("build-finished", export.write)
    anchors.register(app)
    app.add_css_file("reiki.css")
    return {"version": __version__, "env_version": 4, "parallel_read_safe": True, "parallel_write_safe": True}
