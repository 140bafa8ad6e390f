"""Shared fixtures: Sphinx test roots and one real build of the corpus per test session."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from strict_build import sphinx

pytest_plugins = ("sphinx.testing.fixtures",)
collect_ignore = ["roots"]

REPO = Path(__file__).resolve().parent.parent


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


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> CorpusBuild:
    """Build the corpus once: HTML, LaTeX and PDF."""
    base = tmp_path_factory.mktemp("corpus")
    html = sphinx("html", base / "html")
    latex = sphinx("latex", base / "latex")
    pdf = subprocess.run(
        [sys.executable, str(REPO / "tools" / "latexpdf.py"), str(base / "latex")], capture_output=True, text=True
    )
    return CorpusBuild(
        base / "html",
        base / "latex",
        html.stdout + html.stderr,
        latex.stdout + latex.stderr,
        pdf.stdout + pdf.stderr,
        pdf.returncode,
    )


@pytest.fixture
def scratch_root(tmp_path: Path, rootdir: Path):
    """Copy a test root to a temporary folder so a test may edit it."""

    def make(name: str) -> Path:
        dest = tmp_path / name
        shutil.copytree(rootdir / f"test-{name}", dest)
        return dest

    return make
