"""sphinx-build as the Makefile runs it (strict), for tests that need the command line rather than an app."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# -j 1 and -j 2 pages differ only in asset checksums (script and link tags, ?v=): compare them without
VOLATILE = re.compile(r"<script.*?</script>|<link[^>]*>|\?v=[0-9a-f]+", re.S)


def sphinx(
    builder: str, out: Path, *extra: str, src: Path = REPO, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run sphinx-build strictly as the Makefile does (env: variables to add, such as DOCS_LANG or EDITION)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1764288000"), **(env or {}))
    return subprocess.run(
        [str(BIN / "sphinx-build"), "-b", builder, "-N", "-n", "-W", "--keep-going", "-q", *extra, str(src), str(out)],
        capture_output=True,
        text=True,
        env=env,
    )


def corpus_copy(dest: Path) -> Path:
    """The corpus as committed (plus files not yet committed), without build output."""
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    buf = BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name in files:
            if name and not name.startswith("_build") and (REPO / name).is_file():
                tar.add(REPO / name, arcname=name)
    buf.seek(0)
    with tarfile.open(fileobj=buf) as tar:
        tar.extractall(dest, filter="data")
    return dest


def copy_repo(dest: Path) -> Path:
    """The corpus copied (times kept, so make does not think the environment is stale), the shared environment linked in."""
    corpus_copy(dest)
    for link in (".venv", "node_modules"):
        if (REPO / link).exists():
            (dest / link).symlink_to((REPO / link).resolve())
    return dest


def app_warnings(src: Path) -> list[str]:
    """Build src to HTML in-process (Sphinx's test app) and return its warning lines."""
    from sphinx.testing.util import SphinxTestApp
    from sphinx.util.console import strip_escape_sequences

    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        return [w for w in strip_escape_sequences(app.warning.getvalue()).splitlines() if w.strip()]
    finally:
        app.cleanup()
