"""Browser fixtures: the built corpus with its search index, served on 127.0.0.1, opened in Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from corpus_search import evaluate as ev

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "node_modules"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every browser test builds the whole corpus (once per session)."""
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built site with its Pagefind index (CORPUS_HTML=dir reuses a site built by hand)."""
    given = os.environ.get("CORPUS_HTML")
    html = Path(given) if given else request.getfixturevalue("corpus").html
    dest = tmp_path_factory.mktemp("site") / "html"
    shutil.copytree(html, dest, ignore=shutil.ignore_patterns("pagefind"))
    run = subprocess.run(
        [sys.executable, str(REPO / "tools" / "search_index.py"), str(dest)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return dest


@pytest.fixture(scope="session")
def site_en(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English edition (DOCS_LANG=en) with its search index (CORPUS_HTML_EN=dir reuses a site built by hand)."""
    dest = tmp_path_factory.mktemp("site-en") / "html-en"
    given = os.environ.get("CORPUS_HTML_EN")
    if given:
        shutil.copytree(given, dest, ignore=shutil.ignore_patterns("pagefind"))
    else:
        sphinx = [str(Path(sys.executable).parent / "sphinx-build"), "-b", "html", "-q", "-D", "language=en"]
        run = subprocess.run(
            [*sphinx, "-d", str(dest.parent / "doctrees"), str(REPO), str(dest)],
            capture_output=True,
            text=True,
            env=dict(os.environ, DOCS_LANG="en"),
        )
        assert run.returncode == 0, run.stderr
    run = subprocess.run(
        [sys.executable, str(REPO / "tools" / "search_index.py"), str(dest)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return dest


@pytest.fixture(scope="session")
def base(site: Path) -> Iterator[str]:
    """The site's URL on a local HTTP server (python http.server)."""
    with ev.serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium through Playwright."""
    if not Path(ev.CHROMIUM).exists():
        pytest.fail(f"{ev.CHROMIUM} is missing: install Debian's chromium (tools/system-packages.txt)")
    with ev.chromium() as b:
        yield b


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh tab (1280×900)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()
