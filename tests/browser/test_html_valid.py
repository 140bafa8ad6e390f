"""HTML validity: the Nu Html Checker (npm vnu-jar, pinned) over every page of the built site."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

VNU = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def messages(site: Path) -> list[dict[str, str]]:
    """The checker's error messages for every HTML file of the site (run once)."""
    if shutil.which("java") is None or not VNU.exists():
        pytest.fail("the Nu Html Checker needs java (default-jre-headless) and node_modules (npm ci)")
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", str(site)],
        capture_output=True,
        text=True,
    )
    return json.loads(run.stderr or '{"messages": []}')["messages"]


def test_every_page_is_valid_html(messages: list[dict[str, str]]) -> None:
    errors = messages
    report = [f"{m['url'].rsplit('/html/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in errors]
    assert not report, "\n".join(report[:20])
