"""Leak check: plant a canary in every internal source, build the public edition, and scan every output for it."""

from __future__ import annotations

import argparse
import gzip
import os
import re
import secrets
import shutil
import string
import subprocess
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns("_build", ".venv", ".git", "node_modules", "__pycache__", ".charts", ".pytest_cache")
sys.path.insert(0, str(ROOT))
from tools import search_offline  # noqa: E402

YAML_TEXT = re.compile(r"^(\s*-?\s*(?:place|section|reason|text|summary):\s*)(.+)$", re.M)


def plant(tree: Path, canary: str, extra: list[str]) -> list[Path]:
    """Put the canary into every internal source (and any extra file given); return the files changed."""
    planted = []
    targets = sorted(p for p in (tree / "internal").rglob("*") if p.is_file()) + [tree / e for e in extra]
    for p in targets:
        text = p.read_text(encoding="utf-8")
        if p.suffix == ".md":
            text += f"\n\n{canary}\n"
        elif p.suffix in (".yaml", ".yml"):
            text = YAML_TEXT.sub(lambda m: f"{m.group(1)}{m.group(2)} {canary}", text)
        p.write_text(text, encoding="utf-8")
        planted.append(p)
    return planted


def build(tree: Path, out: Path, edition: str, pdf: bool) -> None:
    """Build the site (and the PDFs) of one edition with the project's own strictness."""
    env = dict(os.environ, EDITION=edition)
    sb = [str(Path(sys.executable).parent / "sphinx-build"), "-q", "-N", "-D", "reiki_anchor_lock="]
    subprocess.run(
        [*sb, "-b", "html", "-d", str(out / "doctrees"), str(tree), str(out / "html")],
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "search_index.py"), str(out / "html")], check=True, capture_output=True
    )
    if pdf:
        subprocess.run(
            [*sb, "-b", "latex", "-d", str(out / "doctrees"), str(tree), str(out / "latex")],
            env=env,
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [sys.executable, str(ROOT / "tools" / "latexpdf.py"), str(out / "latex")], check=True, capture_output=True
        )


def scan(out: Path, canary: str) -> list[str]:
    """Every output file (HTML, Pagefind index unzipped, objects.inv decoded, JSON, doctrees, PDF text) with the canary."""
    needle = canary.encode()
    hits = []
    for p in sorted(out.rglob("*")):
        if not p.is_file():
            continue
        data = p.read_bytes()
        if p.name == "objects.inv":
            head, _, body = data.partition(b"zlib.\n")
            data = head + zlib.decompress(body)
        elif p.name.endswith((".pf_fragment.js", ".pf_index.js", ".pf_meta.js")):  # the same, as plain scripts
            data = gzip.decompress(search_offline.decode_script(data.decode("ascii")))
        elif data[:2] == b"\x1f\x8b":  # Pagefind's index and fragments are gzip files
            data = gzip.decompress(data)
        elif p.suffix == ".pdf":
            data = subprocess.run(["pdftotext", str(p), "-"], capture_output=True, check=True).stdout
        if needle.lower() in data.lower():  # search indexes lower-case words
            hits.append(str(p.relative_to(out)))
    return hits


def main() -> int:
    """Exit 1 when the public edition contains the canary (or planting failed to reach the internal edition)."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--work", type=Path, default=ROOT / "_build" / "leakcheck")
    ap.add_argument("--no-pdf", action="store_true", help="skip the PDF volumes (faster)")
    ap.add_argument("--plant-public", action="append", default=[], help="also plant into this public file (self-test)")
    args = ap.parse_args()
    # letters only: the Japanese search splitter cuts tokens where letters meet digits
    canary = "LEAKCANARY" + "".join(secrets.choice(string.ascii_uppercase) for _ in range(12))
    if args.work.exists():
        shutil.rmtree(args.work)
    tree = args.work / "src"
    shutil.copytree(ROOT, tree, ignore=IGNORE)
    planted = plant(tree, canary, args.plant_public)
    build(tree, args.work / "internal", "internal", pdf=False)
    if not scan(args.work / "internal" / "html", canary):
        print("leak check: the canary did not reach the internal edition; the check would prove nothing", file=sys.stderr)
        return 2
    build(tree, args.work / "public", "public", pdf=not args.no_pdf)
    hits = scan(args.work / "public", canary)
    for h in hits:
        print(f"LEAK: {h} contains internal material (canary {canary})", file=sys.stderr)
    print(
        f"leak check: canary planted in {len(planted)} files; public edition scanned: "
        f"{sum(1 for p in (args.work / 'public').rglob('*') if p.is_file())} files, {len(hits)} leaks"
    )
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
