"""Shared fixtures: Sphinx test roots and one real build of the corpus per language per test session.

The builds are shared by the pytest-xdist workers (the first worker to need one builds it, the others wait for it);
every test that uses one of them is marked slow, so `pytest -m "not slow"` builds no corpus.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from strict_build import copy_repo, sphinx

pytest_plugins = ("sphinx.testing.fixtures",)
collect_ignore = ["roots"]

REPO = Path(__file__).resolve().parent.parent
# One commit time for every build of the session, the clone's included (the Makefile takes the last commit's).
os.environ.setdefault("SOURCE_DATE_EPOCH", "1764288000")
# The fixtures that build the whole corpus: a test that uses one is slow.
CORPUS_FIXTURES = {"corpus", "corpus_en", "site", "site_en", "clone", "english"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow every test that needs a build of the whole corpus."""
    for item in items:
        if CORPUS_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where the sphinx test roots live (tests/roots/test-<case>)."""
    return Path(__file__).parent / "roots"


@dataclass
class CorpusBuild:
    """The output of one strict build of the real corpus."""

    html: Path
    latex: Path
    html_log: str
    latex_log: str
    pdf_log: str
    pdf_rc: int
    html_rc: int = 0


def shared(
    factory: pytest.TempPathFactory, name: str, make: Callable[[Path], dict[str, Any]]
) -> tuple[Path, dict[str, Any]]:
    """A build made once per test run: with xdist, the first worker makes it and the others wait and reuse it."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's directory, common to the workers
    base, done = root / f"shared-{name}", root / f"shared-{name}.json"
    with (root / f"shared-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(base, ignore_errors=True)
            base.mkdir()
            done.write_text(json.dumps(make(base)), encoding="utf-8")
    return base, json.loads(done.read_text(encoding="utf-8"))


def build_corpus(base: Path, lang: str, src: Path = REPO) -> dict[str, Any]:
    """HTML and LaTeX (side by side, two processes), then every PDF volume, of src in one language, strictly."""
    opts = ["-D", "language=en"] if lang == "en" else []
    env = {"DOCS_LANG": lang}
    with ThreadPoolExecutor(2) as pool:
        html, latex = pool.map(
            lambda b: sphinx(b, base / b, *opts, "-d", str(base / f"doctrees-{b}"), src=src, env=env), ("html", "latex")
        )
    pdf = subprocess.run(
        [sys.executable, str(REPO / "tools" / "latexpdf.py"), str(base / "latex")],
        capture_output=True,
        text=True,
        env=dict(os.environ, LATEX_JOBS="2"),
    )
    return {
        "html_log": html.stdout + html.stderr,
        "html_rc": html.returncode,
        "latex_log": latex.stdout + latex.stderr,
        "pdf_log": pdf.stdout + pdf.stderr,
        "pdf_rc": pdf.returncode,
    }


def _corpus(factory: pytest.TempPathFactory, lang: str) -> CorpusBuild:
    base, r = shared(factory, f"corpus-{lang}", lambda d: build_corpus(d, lang))
    return CorpusBuild(base / "html", base / "latex", r["html_log"], r["latex_log"], r["pdf_log"], r["pdf_rc"], r["html_rc"])


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> CorpusBuild:
    """The corpus built once: HTML, LaTeX and every PDF volume."""
    return _corpus(tmp_path_factory, "ja")


@pytest.fixture(scope="session")
def corpus_en(tmp_path_factory: pytest.TempPathFactory) -> CorpusBuild:
    """The English edition built once (DOCS_LANG=en, strict): HTML, LaTeX and every PDF volume."""
    return _corpus(tmp_path_factory, "en")


def indexed_copy(html: Path, dest: Path) -> Path:
    """A copy of a built site with its Pagefind index, as make html leaves it."""
    shutil.copytree(html, dest, ignore=shutil.ignore_patterns("pagefind"))
    run = subprocess.run(
        [sys.executable, str(REPO / "tools" / "search_index.py"), str(dest)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return dest


def _site(request: pytest.FixtureRequest, factory: pytest.TempPathFactory, lang: str) -> Path:
    given = os.environ.get("CORPUS_HTML" if lang == "ja" else "CORPUS_HTML_EN")
    if given:
        return indexed_copy(Path(given), factory.mktemp(f"site-{lang}") / "html")
    build: CorpusBuild = request.getfixturevalue("corpus" if lang == "ja" else "corpus_en")
    assert build.html.is_dir(), build.html_log
    base, _ = shared(factory, f"site-{lang}", lambda d: {"site": str(indexed_copy(build.html, d / "html"))})
    return base / "html"


@pytest.fixture(scope="session")
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site with its Pagefind index (CORPUS_HTML=dir reuses a site built by hand)."""
    return _site(request, tmp_path_factory, "ja")


@pytest.fixture(scope="session")
def site_en(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English edition with its search index (CORPUS_HTML_EN=dir reuses a site built by hand)."""
    return _site(request, tmp_path_factory, "en")


def build_clone(base: Path) -> dict[str, Any]:
    """A second clone of the project in another, deeper directory, built as the session's corpus is (both languages)."""
    src = copy_repo(base / "elsewhere" / "deeper" / "clone")
    out = {}
    for lang in ("ja", "en"):
        out[lang] = build_corpus(base / lang, lang, src=src)
        indexed_copy(base / lang / "html", base / lang / "site")
    return out


@pytest.fixture(scope="session")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The clone's builds: <lang>/site (HTML with its search index) and <lang>/latex (LaTeX and PDFs), ja and en."""
    base, result = shared(tmp_path_factory, "clone", build_clone)
    for lang in ("ja", "en"):
        assert result[lang]["pdf_rc"] == 0, result[lang]["pdf_log"]
    return base


@pytest.fixture
def scratch_root(tmp_path: Path, rootdir: Path):
    """Copy a test root to a temporary folder so a test may edit it."""

    def make(name: str) -> Path:
        dest = tmp_path / name
        shutil.copytree(rootdir / f"test-{name}", dest)
        return dest

    return make
