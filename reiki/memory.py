"""Garbage-collector settings for large builds: fewer young-generation passes, and what reading built is frozen."""

from __future__ import annotations

import atexit
import gc

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .state import app_state

# CPython's defaults are (700, 10, 10). A build allocates millions of docutils nodes, most of them kept to the end
# (the environment, the doctrees held for writing): each full pass walks them all again, and the passes grow with
# the corpus. 400 synthetic instruments, sphinx-build -j 1, runs alternated: about 9% less time, peak 515 -> 568 MB.
THRESHOLDS = (50_000, 20, 20)


def tune(app: Sphinx) -> None:
    """Before reading: run young-generation passes less often."""
    app_state(app).reiki_gc_before = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)


def freeze(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading: keep the collector from walking the environment and the read doctrees again."""
    gc.freeze()
    return []


def restore(app: Sphinx, exc: Exception | None) -> None:
    """After the build: the collector as it was (a process may build more than once, e.g. the tests)."""
    gc.unfreeze()
    before = getattr(app, "reiki_gc_before", None)
    if before:
        gc.set_threshold(*before)
    atexit.unregister(skip_final_collection)  # once per process, however many builds it runs
    atexit.register(skip_final_collection)


def skip_final_collection() -> None:
    """At interpreter exit: leave the build's objects to the operating system instead of collecting them one by one.

    The doctrees and the environment are cyclic (each node points to its parent), so only the collector frees them;
    the final collection at exit walks them all. 400 synthetic instruments, -j 1: exit 3.4 s -> 0.04 s.
    Exit handlers registered earlier (logging's flush, temporary-file clean-up) still run after it.
    """
    gc.disable()
    gc.freeze()


def register(app: Sphinx) -> None:
    """Connect the hooks: tune first, freeze after every other env-updated handler, restore last."""
    app.connect("builder-inited", tune, priority=100)
    app.connect("env-updated", freeze, priority=900)
    app.connect("build-finished", restore, priority=900)
