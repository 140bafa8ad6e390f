"""HTML validity: the Nu Html Checker (npm vnu-jar, pinned) over every page of the built site."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

VNU = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def check(site: Path) -> list[dict[str, str]]:
    """The checker's error messages for every HTML file of a site."""
    if shutil.which("java") is None or not VNU.exists():
        pytest.fail("the Nu Html Checker needs java (default-jre-headless) and node_modules (npm ci)")
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", str(site)],
        capture_output=True,
        text=True,
    )
    return json.loads(run.stderr or '{"messages": []}')["messages"]


@pytest.mark.parametrize("edition", ["ja", "en"])
def test_every_page_is_valid_html(request: pytest.FixtureRequest, edition: str) -> None:
    site = request.getfixturevalue("site" if edition == "ja" else "site_en")
    report = [f"{m['url'].rsplit(site.name + '/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in check(site)]
    assert not report, "\n".join(report[:20])
