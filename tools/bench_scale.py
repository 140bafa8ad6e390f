"""Benchmark the site at scale: 400 and 800 instruments against plain Sphinx, incremental preview, -j 2 and the PDF."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.bench import machine, output_facts, snapshot
from tools.gen_corpus import ROOT, Jo, build_model, generate

TARGETS = {"ratio_to_plain_default": 0.3, "growth_800_over_400": 2.2, "incremental_s": 3.0}
TIMEOUT = 3600
SPHINX = str(Path(sys.executable).parent / "sphinx-build")
# Runs commands one after another in a child; reports total wall time, CPU time and peak RSS of all their children,
# and the wall time and standard output of each command (the Sphinx build, then the search index).
WRAPPER = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
rc, err, steps, said = 0, "", [], []
for cmd in json.loads(sys.argv[1]):
    s = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    rc, err = rc or p.returncode, err + p.stderr
    steps.append(round(time.perf_counter() - s, 3))
    said.append(p.stdout.strip())
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime,
                  "peak_rss_mb": ru.ru_maxrss / 1024, "stderr": err, "steps_s": steps, "stdout": said}))
"""
# Script and link tags differ between -j 1 and -j 2 only in asset checksums; the page content must not.
INDEX_SPLIT = re.compile(r"staged in (?P<stage>[\d.]+) s, Pagefind (?P<pagefind>[\d.]+) s")
VOLATILE = re.compile(r"<script.*?</script>|<link[^>]*>|\?v=[0-9a-f]+", re.S)


def timed(cmds: list[list[str]]) -> dict[str, Any]:
    """Run the commands in a fresh wrapper process; stop the benchmark if one fails or warns."""
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, json.dumps(cmds)], capture_output=True, text=True, timeout=TIMEOUT, check=True
    )
    r = json.loads(done.stdout)
    if r["rc"] != 0 or "WARNING" in r["stderr"] or "ERROR" in r["stderr"]:
        sys.exit(f"{cmds[0]}: failed or warned (rc {r['rc']}):\n{r['stderr'][-3000:]}")
    said = r.pop("stdout")
    del r["rc"], r["stderr"]
    r = {k: v if k == "steps_s" else round(v, 3) for k, v in r.items()}
    m = next(filter(None, map(INDEX_SPLIT.search, said)), None)  # the index's two steps, as search_index.py prints
    if m:
        r["index_steps_s"] = {"stage": float(m["stage"]), "pagefind": float(m["pagefind"])}
    return r


def html_build(src: Path, out: Path, jobs: int, search: str | None) -> list[list[str]]:
    """The commands of one clean HTML build and, when the profile has one, its Pagefind index in the given mode."""
    cmds = [[SPHINX, "-b", "html", "-q", "-E", "-j", str(jobs), str(src), str(out)]]
    if search:
        cmds.append([sys.executable, str(ROOT / "tools" / "search_index.py"), str(out), "--mode", search])
    return cmds


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median wall and CPU time, largest peak memory, and the runs themselves."""
    steps = [statistics.median(r["steps_s"][i] for r in runs) for i in range(len(runs[0]["steps_s"]))]
    split = {
        k: round(statistics.median(r["index_steps_s"][k] for r in runs), 2)
        for k in ("stage", "pagefind")
        if all("index_steps_s" in r for r in runs)
    }
    return {
        "median_wall_s": round(statistics.median(r["wall_s"] for r in runs), 2),
        "median_steps_s": [round(s, 2) for s in steps],  # sphinx-build, then search_index.py if the profile has it
        **({"median_index_steps_s": split} if split else {}),
        "median_cpu_s": round(statistics.median(r["cpu_s"] for r in runs), 2),
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs)),
        "runs": runs,
    }


def pages(out: Path) -> dict[str, str]:
    """Every HTML page of an output without its volatile asset tags."""
    return {str(p.relative_to(out)): VOLATILE.sub("", p.read_text(encoding="utf-8")) for p in sorted(out.rglob("*.html"))}


def full_builds(n: int, runs: int, work: Path, ext: Path, baseline: bool) -> dict[str, Any]:
    """Clean builds of the system (-j 1, -j 2) and, when asked, of plain Sphinx with its defaults, alternating.

    With the baseline, also the system with one search record per page instead of per article (scale.md, 6.4).
    """
    variants: dict[str, tuple[str, int, str | None]] = {
        "system-j1": ("system", 1, "words"),
        "system-j2": ("system", 2, "words"),
    }
    if baseline:
        variants = {
            "plain-default": ("plain-default", 1, None),
            "plain-floor": ("plain-floor", 1, None),
            **variants,
            "system-j2-pages": ("system", 2, "pages"),
        }
    for profile in {p for p, _, _ in variants.values()}:
        generate(work / profile, n, profile, ext_root=ext)
    results: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    facts: dict[str, Any] = {}
    for run in range(1, runs + 1):
        for name, (profile, jobs, search) in variants.items():
            out = work / f"out-{name}"
            shutil.rmtree(out, ignore_errors=True)
            r = timed(html_build(work / profile, out, jobs, search))
            results[name].append(r)
            print(f"  N={n} run {run} {name:15}: {r['wall_s']:6.1f} s, {r['peak_rss_mb']:5.0f} MB", file=sys.stderr)
            if run == runs:
                facts[name] = output_facts(out)
    one, two = pages(work / "out-system-j1"), pages(work / "out-system-j2")
    differ = sorted(k for k in one.keys() | two.keys() if one.get(k) != two.get(k))
    return {
        "n": n,
        "variants": {v: summary(r) | {"output": facts[v]} for v, r in results.items()},
        "j2_equals_j1": not differ,
        "j2_differs": differ[:10],
    }


def incremental(n: int, work: Path, ext: Path, edits: int) -> dict[str, Any]:
    """Edit one article's caption and rebuild as `make serve` does; check every citing page shows the new caption."""
    src = work / "system"
    if not src.exists():
        generate(src, n, "system", ext_root=ext)
    out = work / "out-serve"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [SPHINX, "-b", "html", "-n", "-q", str(src), str(out)]  # sphinx-autobuild's call, without its server
    timed([cmd])
    # the most cited article of the model
    cited: dict[str, set[str]] = {}
    for inst in build_model(n):
        for _, arts in inst.chapters:
            for art in arts:
                for u in art.units:
                    for seg in u.text:
                        if isinstance(seg, Jo):
                            key = re.match(r"(r\d+):第(\d+)条", seg.target)
                            assert key
                            cited.setdefault(f"{key[1]}:{key[2]}", set()).add(inst.ident)
    target = max(sorted(cited), key=lambda k: len(cited[k]))
    inst_id, number = target.split(":")
    path = src / "policies" / f"{inst_id}.md"
    results = []
    for k in range(1, edits + 1):
        text = path.read_text(encoding="utf-8")
        block = re.compile(rf"(```{{article}} {number}\n:caption: )([^\n]+)")
        caption = f"点検等{k}"
        path.write_text(block.sub(r"\g<1>" + caption, text, count=1), encoding="utf-8")
        before = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
        time.sleep(0.05)
        r = timed([cmd])
        rewritten = sorted(str(p.relative_to(out)) for p, t in before.items() if p.stat().st_mtime_ns != t)
        stale = [
            c
            for c in sorted(cited[target])
            if f"（{caption}）" not in (out / "policies" / f"{c}.html").read_text(encoding="utf-8")
        ]
        own = f"（{caption}）" in (out / "policies" / f"{inst_id}.html").read_text(encoding="utf-8")
        results.append(r | {"caption": caption, "pages_rewritten": len(rewritten), "stale_citing_pages": stale, "own": own})
        print(f"  N={n} edit {k}: {r['wall_s']:.2f} s, {len(rewritten)} pages rewritten, stale {stale}", file=sys.stderr)
    return {
        "n": n,
        "article": f"{inst_id} 第{number}条",
        "citing_pages": len(cited[target]),
        "command": "sphinx-build -b html -n -q SRC OUT (as sphinx-autobuild runs it on each save)",
        "median_wall_s": round(statistics.median(r["wall_s"] for r in results), 2),
        "all_citing_pages_updated": all(not r["stale_citing_pages"] and r["own"] for r in results),
        "edits": results,
    }


def pdf(n: int, work: Path, ext: Path) -> dict[str, Any]:
    """The 例規集 volume of n instruments with its article index: LaTeX, then uplatex through latexmk."""
    src = work / "pdf-src"
    generate(src, n, "system", ext_root=ext, article_index=True)
    out = work / "out-latex"
    latex = timed([[SPHINX, "-b", "latex", "-q", "-E", str(src), str(out)]])
    tex = timed([[sys.executable, str(ROOT / "tools" / "latexpdf.py"), str(out)]])
    info = subprocess.run(["pdfinfo", str(out / "reikishu.pdf")], capture_output=True, text=True, check=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, re.M)
    if pages is None:
        raise SystemExit(f"pdfinfo printed no page count for {out / 'reikishu.pdf'}")
    page_count = int(pages[1])
    print(f"  N={n} PDF: {latex['wall_s'] + tex['wall_s']:.0f} s, {page_count} pages", file=sys.stderr)
    return {
        "n": n,
        "latex": latex,
        "tex": tex,
        "pages": page_count,
        "pdf_mb": round((out / "reikishu.pdf").stat().st_size / 1024**2, 1),
    }


def real_corpus(work: Path) -> dict[str, Any]:
    """The README's two commands on this corpus, in a clean clone of HEAD: the main job and the test suite."""
    clone = work / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    for shared in (".venv", "node_modules"):  # installed once; the stamps say so
        (clone / shared).symlink_to(ROOT / shared)
        (ROOT / shared / ".installed").touch()
    out = {}
    for name, target in (("main", "all"), ("tests", "test")):
        t = time.perf_counter()
        subprocess.run(["make", "-C", str(clone), target], check=True, capture_output=True)
        out[name] = {"command": f"make {target}", "wall_s": round(time.perf_counter() - t, 1)}
        print(f"  make {target}: {out[name]['wall_s']} s", file=sys.stderr)
    return out


def incremental_only(args: argparse.Namespace) -> None:
    """Measure the incremental preview again and replace that part of an existing results file."""
    data = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    with tempfile.TemporaryDirectory(prefix="reiki-scale-") as tmp:
        ext = Path(tmp) / "ext"
        version = snapshot(ext, args.worktree)
        n = args.sizes[0]
        inc = incremental(n, Path(tmp) / f"n{n}", ext, args.edits)
    data["incremental"] = inc | {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), **version}
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"incremental (N={n}): {inc['median_wall_s']} s, citing pages updated: {inc['all_citing_pages_updated']}")


def main() -> None:
    """Command line: bench_scale.py [--sizes 400 800] [--runs 3] [--skip-pdf] [--real] [--worktree]."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[400, 800], help="numbers of instruments")
    ap.add_argument("--runs", type=int, default=3, help="builds per variant (the median is reported)")
    ap.add_argument("--baseline-sizes", type=int, nargs="*", default=[400], help="sizes also built with plain Sphinx")
    ap.add_argument("--edits", type=int, default=3, help="edits for the incremental preview (at the first size)")
    ap.add_argument("--skip-pdf", action="store_true", help="do not build the PDF of the first size")
    ap.add_argument("--real", action="store_true", help="also time `make all` and `make test` on this corpus")
    ap.add_argument("--out", type=Path, default=ROOT / "docs/authoring/benchmarks-scale.json")
    ap.add_argument("--worktree", action="store_true", help="measure the extensions as on disk, not as committed")
    ap.add_argument(
        "--incremental-only", action="store_true", help="measure only the incremental preview; keep the rest of --out"
    )
    args = ap.parse_args()
    if args.incremental_only:
        incremental_only(args)
        return
    started, load_start = dt.datetime.now(dt.UTC), round(os.getloadavg()[0], 2)
    data: dict[str, Any] = {"date": started.isoformat(timespec="seconds")}
    with tempfile.TemporaryDirectory(prefix="reiki-scale-") as tmp:
        ext = Path(tmp) / "ext"
        data |= snapshot(ext, args.worktree)
        data["sizes"] = [full_builds(n, args.runs, Path(tmp) / f"n{n}", ext, n in args.baseline_sizes) for n in args.sizes]
        first = args.sizes[0]
        data["incremental"] = incremental(first, Path(tmp) / f"n{first}", ext, args.edits)
        if not args.skip_pdf:
            try:
                data["pdf"] = pdf(first, Path(tmp) / f"n{first}", ext)
            except (SystemExit, subprocess.CalledProcessError) as err:  # record the failure with the other results
                data["pdf"] = {"n": first, "error": str(err)[-3000:]}
        if args.real:
            try:
                data["real_corpus"] = real_corpus(Path(tmp))
            except subprocess.CalledProcessError as err:
                data["real_corpus"] = {"error": f"{err.cmd} failed:\n{(err.stderr or b'')[-3000:]!r}"}
    by_n = {s["n"]: s["variants"] for s in data["sizes"]}
    checks: dict[str, Any] = {}
    for n, v in by_n.items():
        if "plain-default" in v:
            base = v["plain-default"]["median_wall_s"]
            checks[f"ratio_j1_{n}"] = round(v["system-j1"]["median_wall_s"] / base, 3)
            checks[f"ratio_j2_{n}"] = round(v["system-j2"]["median_wall_s"] / base, 3)
            checks[f"ratio_floor_{n}"] = round(v["plain-floor"]["median_wall_s"] / base, 3)
            checks[f"ratio_j2_pages_{n}"] = round(v["system-j2-pages"]["median_wall_s"] / base, 3)
            # where target 1's time goes at -j 2: the Sphinx build, and Pagefind alone (records per article)
            checks[f"ratio_j2_sphinx_{n}"] = round(v["system-j2"]["median_steps_s"][0] / base, 3)
            checks[f"ratio_j2_pagefind_{n}"] = round(v["system-j2"]["median_index_steps_s"]["pagefind"] / base, 3)
    if len(by_n) >= 2:
        small, large = sorted(by_n)[:2]
        checks["growth_wall_j1"] = round(
            by_n[large]["system-j1"]["median_wall_s"] / by_n[small]["system-j1"]["median_wall_s"], 3
        )
        checks["growth_peak_rss_j1"] = round(
            by_n[large]["system-j1"]["peak_rss_mb"] / by_n[small]["system-j1"]["peak_rss_mb"], 3
        )
        checks["growth_corpus"] = round(large / small, 3)
    data |= {
        "duration_s": round((dt.datetime.now(dt.UTC) - started).total_seconds()),
        "command": " ".join(["python", "tools/bench_scale.py", *sys.argv[1:]]),
        "targets": TARGETS,
        "checks": checks,
        "machine": machine(),
        "load_average_1min": {"start": load_start, "end": round(os.getloadavg()[0], 2)},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for s in data["sizes"]:
        for name, v in s["variants"].items():
            print(
                f"N={s['n']:4} {name:15} {v['median_wall_s']:7.1f} s  cpu {v['median_cpu_s']:7.1f} s  "
                f"{v['peak_rss_mb']:5} MB  steps {v['median_steps_s']} {v.get('median_index_steps_s', '')}"
            )
        print(f"N={s['n']:4} -j 2 pages equal to -j 1: {s['j2_equals_j1']}")
    inc = data["incremental"]
    print(f"incremental (N={inc['n']}): {inc['median_wall_s']} s, citing pages updated: {inc['all_citing_pages_updated']}")
    if "pdf" in data and "error" in data["pdf"]:
        print(f"PDF (N={data['pdf']['n']}) failed: {data['pdf']['error'][-500:]}")
    elif "pdf" in data:
        p = data["pdf"]
        print(f"PDF (N={p['n']}): {p['latex']['wall_s'] + p['tex']['wall_s']:.0f} s, {p['pages']} pages, {p['pdf_mb']} MB")
    print(json.dumps(checks))
    print(f"results: {args.out}")


if __name__ == "__main__":
    main()
