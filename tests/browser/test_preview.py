"""make serve: the live preview shows the build's errors on the page, takes PORT= and serves search."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Browser
from strict_build import copy_repo


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _report(url: str) -> list[str] | None:
    try:
        with urllib.request.urlopen(url + "_preview-errors.json", timeout=5) as r:
            return list(json.load(r)["errors"])
    except (OSError, ValueError):
        return None


def _wait(url: str, test, timeout: float = 240) -> list[str]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        got = _report(url)
        if got is not None and test(got):
            return got
        time.sleep(1)
    raise AssertionError(f"the preview did not reach the expected state: {_report(url)}")


def test_serve_shows_errors_in_a_banner_and_clears_them(tmp_path: Path, browser: Browser) -> None:
    root = copy_repo(tmp_path / "repo")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        ["make", "-s", "-o", ".venv/.installed", "serve", f"PORT={port}"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        env=dict(os.environ, SOURCE_DATE_EPOCH="1764288000"),
    )
    try:
        assert _wait(url, lambda e: True) == []  # a clean corpus: the banner has nothing to say
        with urllib.request.urlopen(url + "pagefind/pagefind.js", timeout=5) as r:
            assert r.status == 200  # search is built for the preview too
        kitei = root / "policies" / "kanri-unyo-kitei.md"
        text = kitei.read_text(encoding="utf-8")
        bad = text.replace(
            "2 操作責任者は、操作者として新たに指定した者に", "２ 操作責任者は、操作者として新たに指定した者に", 1
        )
        assert bad != text
        kitei.write_text(bad, encoding="utf-8")
        errors = _wait(url, lambda e: bool(e))
        line = 1 + bad[: bad.index("２ 操作責任者は")].count("\n")
        assert any(e.startswith(f"policies/kanri-unyo-kitei.md:{line}:") for e in errors), errors
        assert not any("/tmp/" in e for e in errors)  # relative paths, as the console shows them
        for scheme in ("light", "dark"):
            context = browser.new_context(color_scheme=scheme)
            page = context.new_page()
            page.goto(url + "policies/kanri-unyo-kitei.html")
            banner = page.locator("#reiki-preview-errors")
            banner.wait_for(timeout=10000)
            assert "件の誤りが見つかった" in banner.inner_text()
            assert f"policies/kanri-unyo-kitei.md:{line}" in banner.inner_text()
            context.close()
        kitei.write_text(text, encoding="utf-8")  # fixed: the next build clears the banner
        _wait(url, lambda e: e == [])
        page = browser.new_page()
        page.goto(url + "policies/kanri-unyo-kitei.html")
        page.wait_for_timeout(1500)
        assert page.locator("#reiki-preview-errors").count() == 0
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
