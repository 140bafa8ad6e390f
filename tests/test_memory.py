"""The build's garbage-collector settings: in force while the build runs, as they were once it ends."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from reiki import memory

pytestmark = pytest.mark.sphinx("html", testroot="basic")


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
