"""The build's garbage-collector settings: in force while the build runs, as they were once it ends."""

from __future__ import annotations

import gc
import subprocess
import sys
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from reiki import memory

pytestmark = pytest.mark.sphinx("html", testroot="basic", freshenv=True)  # read every time, whatever ran before


def test_collector_is_tuned_during_the_build_and_restored_after(make_app: Any, app_params: Any) -> None:
    before = gc.get_threshold()
    app: SphinxTestApp = make_app(*app_params.args, **app_params.kwargs)
    seen: dict[str, Any] = {}
    app.connect("doctree-read", lambda app, doctree: seen.setdefault("reading", gc.get_threshold()))
    app.connect("doctree-resolved", lambda app, doctree, docname: seen.setdefault("writing", gc.get_freeze_count()))
    app.build()
    assert seen["reading"] == memory.THRESHOLDS
    assert seen["writing"] > 10_000  # the environment and the doctrees read are frozen
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


EXIT_PROBE = """
import atexit, gc, sys
from sphinx.application import Sphinx

# registered before the build, so it runs after the build's own exit handler
atexit.register(lambda: print(f"at exit: enabled={gc.isenabled()} frozen={gc.get_freeze_count()}"))
app = Sphinx(sys.argv[1], sys.argv[1], sys.argv[2], sys.argv[2] + "/.doctrees", "html", status=None, warning=None)
app.build()
print(f"after the build: enabled={gc.isenabled()} frozen={gc.get_freeze_count()}")
"""


def test_exit_leaves_the_build_to_the_operating_system(scratch_root: Any, tmp_path: Any) -> None:
    """At interpreter exit the collector is off and the heap frozen, so no final pass walks the doctrees."""
    src = scratch_root("basic")
    done = subprocess.run(
        [sys.executable, "-c", EXIT_PROBE, str(src), str(tmp_path / "out")], capture_output=True, text=True, check=True
    )
    during, at_exit = done.stdout.splitlines()[-2:]
    assert during == "after the build: enabled=True frozen=0", done.stdout  # the build's settings undone
    assert at_exit.startswith("at exit: enabled=False frozen="), done.stdout
    assert int(at_exit.rsplit("=", 1)[1]) > 10_000, done.stdout
