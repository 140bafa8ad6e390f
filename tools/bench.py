"""Benchmark a clean HTML build of a synthetic 例規集: the reiki extension against the same corpus in plain MyST."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from html.parser import HTMLParser
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.gen_corpus import ARTICLES_PER_CHAPTER, CHAPTERS, ROOT, generate

TARGET = 1.15
VARIANTS = ("reiki", "plain")
SLOW = (10.0, 0.5)  # a single build longer than 10 s + 0.5 s per instrument is reported as slow
TIMEOUT = 900
# Runs one build in a child and reports its wall time, CPU time and peak RSS (RUSAGE_CHILDREN) as JSON.
WRAPPER = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": p.returncode, "wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime,
                  "peak_rss_mb": ru.ru_maxrss / 1024, "stderr": p.stderr}))
"""


class MainText(HTMLParser):
    """Count the visible characters inside furo's <article role="main">."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.chars = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Enter the main article, or go one level deeper inside it."""
        if tag == "article" and (self.depth or ("role", "main") in attrs):
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        """Leave an article element."""
        if tag == "article" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        """Count non-blank characters of the main text."""
        if self.depth:
            self.chars += len("".join(data.split()))


def output_facts(outdir: Path) -> dict[str, int]:
    """HTML pages, their bytes and the visible characters of the main text."""
    pages = sorted(outdir.rglob("*.html"))
    chars = 0
    for p in pages:
        parser = MainText()
        parser.feed(p.read_text(encoding="utf-8"))
        chars += parser.chars
    return {"html_pages": len(pages), "html_bytes": sum(p.stat().st_size for p in pages), "main_text_chars": chars}


def build(srcdir: Path, outdir: Path) -> dict[str, Any]:
    """One clean full HTML build in a fresh wrapper process."""
    sphinx_build = Path(sys.executable).parent / "sphinx-build"
    cmd = [str(sphinx_build), "-b", "html", "-q", "-E", "-j", "1", str(srcdir), str(outdir)]
    done = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True, timeout=TIMEOUT, check=True)
    return json.loads(done.stdout)


def machine() -> dict[str, Any]:
    """Facts about the machine and the tool versions."""
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((ln.split(":", 1)[1].strip() for ln in cpuinfo if ln.startswith("model name")), "")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem = next((ln.split()[1] for ln in meminfo if ln.startswith("MemTotal")), "0")
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    return {
        "nproc": int(nproc),
        "cpu_model": cpu,
        "memory_gb": round(int(mem) / 1024**2, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        **{name: version(name) for name in ("sphinx", "myst-parser", "docutils", "furo")},
    }


PACKAGES = ("reiki", "corpus_search", "corpus_nav")  # the project's Sphinx extensions


def snapshot(dest: Path, worktree: bool) -> dict[str, Any]:
    """Copy the extensions as committed at HEAD (or the working tree) to dest, so edits during the run cannot mix."""
    git = ["git", "-C", str(ROOT)]
    if worktree:
        for pkg in PACKAGES:
            shutil.copytree(ROOT / pkg, dest / pkg, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        tar = subprocess.run([*git, "archive", "--format=tar", "HEAD", *PACKAGES], capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(tar)) as t:
            t.extractall(dest, filter="data")
    digest = hashlib.sha256()
    for f in sorted(p for pkg in PACKAGES for p in (dest / pkg).rglob("*")):
        if f.is_file():
            digest.update(f.relative_to(dest).as_posix().encode() + b"\0" + f.read_bytes())
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    status = subprocess.run([*git, "status", "--porcelain", *PACKAGES], capture_output=True, text=True).stdout
    return {
        "commit": head,
        "extensions_measured": "working tree" + (" (with uncommitted changes)" if status.strip() else "")
        if worktree
        else "HEAD",
        "extensions_sha256": digest.hexdigest()[:16],
    }


def bench_size(n: int, runs: int, work: Path, ext_root: Path) -> dict[str, Any]:
    """Generate both variants of size n and build them alternately runs times."""
    counts: dict[str, Any] = {}
    for v in VARIANTS:
        counts = generate(work / v, n, v, ext_root=ext_root)
    results: dict[str, list[dict[str, Any]]] = {v: [] for v in VARIANTS}
    output: dict[str, dict[str, int]] = {}
    warnings: dict[str, int] = dict.fromkeys(VARIANTS, 0)
    for run in range(1, runs + 1):
        for v in VARIANTS:
            outdir = work / f"out-{v}-{run}"
            r = build(work / v, outdir)
            stderr = r.pop("stderr")
            warnings[v] = max(warnings[v], sum("WARNING" in ln or "ERROR" in ln for ln in stderr.splitlines()))
            if r["rc"] != 0:
                sys.exit(f"N={n} {v} run {run}: sphinx-build failed (rc {r['rc']}):\n{stderr[-3000:]}")
            if v not in output:
                output[v] = output_facts(outdir)
            shutil.rmtree(outdir)
            results[v].append({k: round(x, 3) for k, x in r.items() if k != "rc"})
            slow = "  (slower than expected)" if r["wall_s"] > SLOW[0] + SLOW[1] * n else ""
            print(f"  N={n} run {run} {v:5}: {r['wall_s']:6.1f} s, {r['peak_rss_mb']:5.0f} MB{slow}", file=sys.stderr)
    median = {v: round(statistics.median(x["wall_s"] for x in results[v]), 2) for v in VARIANTS}
    cpu = {v: round(statistics.median(x["cpu_s"] for x in results[v]), 2) for v in VARIANTS}
    ratio = round(median["reiki"] / median["plain"], 3)
    return {
        "n": n,
        "articles_per_instrument": CHAPTERS * ARTICLES_PER_CHAPTER,
        "source": {v: {"pages": counts[v][0], "markdown_chars": counts[v][1]} for v in VARIANTS},
        "output": output,
        "warnings": warnings,
        "runs": results,
        "median_wall_s": median,
        "median_cpu_s": cpu,
        "peak_rss_mb": {v: round(max(x["peak_rss_mb"] for x in results[v])) for v in VARIANTS},
        "ratio": ratio,
        "ratio_cpu": round(cpu["reiki"] / cpu["plain"], 3),
        "meets_target": ratio <= TARGET,
    }


def table(sizes: list[dict[str, Any]]) -> str:
    """The results as a fixed-width table."""
    head = (
        f"{'N':>5} {'reiki s':>8} {'plain s':>8} {'ratio':>6} {'cpu':>5} {'reiki MB':>9} {'plain MB':>9}  target ≤{TARGET}"
    )
    rows = [
        f"{s['n']:>5} {s['median_wall_s']['reiki']:>8.1f} {s['median_wall_s']['plain']:>8.1f} {s['ratio']:>6.2f} "
        f"{s['ratio_cpu']:>5.2f} "
        f"{s['peak_rss_mb']['reiki']:>9} {s['peak_rss_mb']['plain']:>9}  {'met' if s['meets_target'] else 'missed'}"
        for s in sizes
    ]
    return "\n".join([head, *rows])


def main() -> None:
    """Command line: bench.py --sizes 200 --runs 3 [--out FILE]."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[200], help="numbers of instruments")
    ap.add_argument("--runs", type=int, default=3, help="builds per variant (the median is reported)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs/authoring/benchmarks-data.json")
    ap.add_argument("--worktree", action="store_true", help="measure reiki/ as it is on disk, not as committed")
    args = ap.parse_args()
    started, load_start = dt.datetime.now(dt.UTC), round(os.getloadavg()[0], 2)
    sizes = []
    with tempfile.TemporaryDirectory(prefix="reiki-bench-") as tmp:
        version_info = snapshot(Path(tmp) / "ext", args.worktree)
        for n in args.sizes:
            sizes.append(bench_size(n, args.runs, Path(tmp) / f"n{n}", Path(tmp) / "ext"))
    data = {
        "date": started.isoformat(timespec="seconds"),
        "duration_s": round((dt.datetime.now(dt.UTC) - started).total_seconds()),
        **version_info,
        "command": " ".join(["python", "tools/bench.py", *sys.argv[1:]]),
        "build": "sphinx-build -b html -q -E -j 1 (fresh output directory, one wrapper process per build)",
        "target_ratio": TARGET,
        "machine": machine(),
        "load_average_1min": {"start": load_start, "end": round(os.getloadavg()[0], 2)},
        "sizes": sizes,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    m = data["machine"]
    print(f"{m['cpu_model']}, nproc {m['nproc']}, Python {m['python']}, Sphinx {m['sphinx']}, MyST {m['myst-parser']}")
    for s in sizes:
        src = s["source"]
        print(
            f"N={s['n']}: pages {src['reiki']['pages']}/{src['plain']['pages']}, Markdown characters "
            f"{src['reiki']['markdown_chars']}/{src['plain']['markdown_chars']} (reiki/plain)"
        )
    print(table(sizes))
    print(f"results: {args.out}")


if __name__ == "__main__":
    main()
