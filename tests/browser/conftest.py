"""Browser fixtures: the built corpus (tests/conftest.py: site, site_en) served on 127.0.0.1, opened in Debian's Chromium."""

from __future__ import annotations

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
