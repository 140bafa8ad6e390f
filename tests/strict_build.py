"""sphinx-build as the Makefile runs it (strict), for tests that need the command line rather than an app."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
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


def copy_repo(dest: Path) -> Path:
    """A copy of the working tree's files (tracked and new, not ignored), with the shared environment linked in."""
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for name in files:
        src = REPO / name
        if src.is_file() and not src.is_symlink():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)  # keep the times, so make does not think the environment is stale
    for link in (".venv", "node_modules"):
        if (REPO / link).exists():
            (dest / link).symlink_to((REPO / link).resolve())
    return dest
