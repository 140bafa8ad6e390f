"""What the extension keeps on Sphinx's environment and application between events, typed (Sphinx declares none of it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .statutes import Registry
    from .tracedata import TraceData


class EnvState(Protocol):
    """Kept on the environment (pickled with it); set when the builder is initialised."""

    reiki_registry: Registry  # events.load_registry
    reiki_registry_broken: bool  # events.load_registry: data/statutes.yaml could not be read
    reiki_trace: TraceData  # trace.load_data
    reiki_trace_digest: str  # trace.updated


class AppState(Protocol):
    """Kept on the application: this build only, never pickled."""

    reiki_citing: dict[str, dict[str, list[tuple[str, str, str]]]]  # output.index_citations
    reiki_gc_before: tuple[int, int, int]  # memory.tune
    reiki_incoming: dict[str, set[tuple[str, str, str]]]  # events.outdated
    reiki_offered: dict[str, dict[str, tuple[str, str]]]  # events.outdated


def env_state(env: BuildEnvironment) -> EnvState:
    """The environment, seen through the attributes the extension adds to it."""
    return cast("EnvState", env)


def app_state(app: Sphinx) -> AppState:
    """The application, seen through the attributes the extension adds to it."""
    return cast("AppState", app)


def registry(env: BuildEnvironment) -> Registry:
    """The statute registry read from data/statutes.yaml for this build."""
    return env_state(env).reiki_registry
