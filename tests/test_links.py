"""External link checking, tested offline against a local HTTP server: 200, 404, redirect, timeout."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sphinx.testing.util import SphinxTestApp
from werkzeug import Request, Response

from tools.link_report import main as link_report


def _slow(request: Request) -> Response:
    time.sleep(8)  # well past linkcheck_timeout (3 s), even on a loaded machine
    return Response("late")


@pytest.fixture
def httpserver() -> HTTPServer:  # type: ignore[override]
    """A threaded server, so the slow endpoint never holds up the others."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def site(httpserver: HTTPServer, scratch_root) -> Path:  # type: ignore[no-untyped-def]
    httpserver.expect_request("/ok").respond_with_data("ok")
    httpserver.expect_request("/moved").respond_with_response(
        Response(status=301, headers={"Location": httpserver.url_for("/ok")})
    )
    httpserver.expect_request("/slow").respond_with_handler(_slow)
    httpserver.expect_request("/law/342AC0000000081").respond_with_data("<html>no anchors: rendered by JavaScript</html>")
    httpserver.expect_request("/missing").respond_with_data("gone", status=404)
    src: Path = scratch_root("links")
    base = httpserver.url_for("").rstrip("/")
    (src / "index.md").write_text((src / "index.md.in").read_text(encoding="utf-8").format(base=base), encoding="utf-8")
    return src


def test_linkcheck_statuses_and_report(site: Path) -> None:
    app = SphinxTestApp("linkcheck", srcdir=site)
    try:
        app.build()
    finally:
        app.cleanup()
    out = Path(app.outdir) / "output.json"
    status = {Path(e["uri"]).name.split("#")[0]: e["status"] for e in map(json.loads, out.read_text().splitlines())}
    assert status == {
        "ok": "working",
        "missing": "broken",
        "moved": "redirected",
        "slow": "timeout",
        "342AC0000000081": "working",
    }
    assert link_report(str(out)) == 1
    report = (out.parent / "report.md").read_text(encoding="utf-8")
    lines = [ln for ln in report.splitlines() if ln.startswith("| ") and "http" in ln]
    assert lines[0].startswith("| broken") and "index.md:4" in lines[0]
    assert any(ln.startswith("| timeout") and "index.md:6" in ln for ln in lines)
