"""The public edition is sealed by the build itself: nothing internal is read, nothing external is loaded."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .errors import error

INTERNAL = "internal"
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)
# In raw HTML: an element that loads something (image, script, style, frame, media) from another site.
RAW_LOAD = re.compile(
    r"<(img|script|iframe|frame|embed|object|audio|video|source|link)\b[^>]*?\b(src|href|data)\s*=\s*[\"']?((?:[a-z][a-z0-9+.-]*:)?//[^\"'\s>]+)",
    re.I,
)


ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*?)\s*(?:<[^>]*>)?`")
PLAIN = re.compile(r"[^`*_\[\]{}<>|#:\"'\n]+")  # text between markup characters
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _public(app: Sphinx) -> bool:
    return str(app.config.reiki_edition) == "public"


def _line_with(env: BuildEnvironment, docname: str, needle: str) -> int:
    """The first source line of docname that contains needle (1 when none does)."""
    try:
        for n, line in enumerate(Path(env.doc2path(docname)).read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return n
    except OSError:
        pass
    return 1


def refuse_internal_reads(app: Sphinx, env: BuildEnvironment) -> None:
    """After reading: a public page that included or read a file under internal/ stops the build at its line."""
    if not _public(app):
        return
    root = Path(app.srcdir, INTERNAL).resolve()
    for docname, deps in sorted(env.dependencies.items()):
        for dep in sorted(str(d) for d in deps):
            path = Path(app.srcdir, dep).resolve()
            if path == root or root in path.parents:
                rel = path.relative_to(Path(app.srcdir).resolve()).as_posix()
                where = (docname, _line_with(env, docname, Path(rel).name))
                error(
                    f"公開版の頁が庁内資料 {rel} を読み込んでいる: 庁内資料は internal/ の頁から参照し、公開版には載せない",
                    where,
                    "edition",
                )


def check_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """After a page is read: no image, script, style or frame from outside the site."""
    env = app.env
    for img in doctree.findall(nodes.image):
        uri = str(img.get("uri", ""))
        if EXTERNAL.match(uri) or uri.startswith(("http:", "https:")):
            error(
                f"外部の画像 {uri} を読み込んでいる: 閉じたネットワークでは表示されない。"
                "画像をリポジトリに置いて相対パスで指す",
                (env.docname, img.line or _line_with(env, env.docname, uri)),
                "external",
            )
    for raw in doctree.findall(nodes.raw):
        for m in RAW_LOAD.finditer(raw.astext()):
            error(
                f"外部の資源 {m.group(3)}（<{m.group(1)}>）を読み込んでいる: 閉じたネットワークでは読めない。"
                "ファイルをリポジトリに置くか、リンク（<a>）にする",
                (env.docname, raw.line or _line_with(env, env.docname, m.group(3))),
                "external",
            )


def scan_pages(app: Sphinx, exc: Exception | None) -> None:
    """After an HTML build: no written page loads anything from outside the site (theme and templates included)."""
    if exc is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for page in sorted(out.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        docname = page.relative_to(out).with_suffix("").as_posix()
        source = Path(app.env.doc2path(docname)) if docname in app.env.found_docs else None
        written = source.read_text(encoding="utf-8", errors="replace") if source and source.is_file() else ""
        for m in RAW_LOAD.finditer(text):
            if m.group(3) in written:  # the page's own source loads it: reported at its line there
                continue
            error(
                f"書き出した頁 {page.relative_to(out).as_posix()} が外部の資源 {m.group(3)} を読み込む: "
                "テーマ又はテンプレート（_templates/）からその要素を除く",
                None,
                "external",
            )
            break


def fingerprints(root: Path) -> list[str]:
    """Distinctive text of the internal sources: the longest plain run of each line, when it has 12 characters or more."""
    found: set[str] = set()
    for path in sorted(Path(root, INTERNAL).rglob("*")):
        if path.suffix not in (".md", ".yaml", ".yml") or not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = ROLE.sub(lambda m: m.group(1), line)
            runs = [r for r in PLAIN.findall(line) if JAPANESE.search(r)]
            if runs:
                best = max(runs, key=len).strip()
                if len(best) >= 12:
                    found.add(best[:30])
    return sorted(found)


def scan_for_internal(app: Sphinx, exc: Exception | None) -> None:
    """After a public build: no written file (pages, volumes' sources, search data) holds internal text."""
    if exc is not None or not _public(app):
        return
    marks = fingerprints(Path(app.srcdir))
    if not marks:
        return
    pattern = re.compile("|".join(re.escape(m) for m in marks))
    out = Path(app.outdir)
    for path in sorted(out.rglob("*")):
        if path.suffix not in (".html", ".tex", ".js", ".json", ".txt") or not path.is_file():
            continue
        m = pattern.search(path.read_text(encoding="utf-8", errors="replace"))
        if m:
            error(
                f"公開版の出力 {path.relative_to(out).as_posix()} に庁内資料の文「{m.group(0)[:20]}」がある: "
                "その文を公開版の頁から除く（庁内資料は internal/ の頁だけに書く）",
                None,
                "edition",
            )


def register(app: Any) -> None:
    """Check every public build for internal reads and every build for external resources."""
    app.connect("doctree-read", check_doctree)
    app.connect("env-updated", refuse_internal_reads)
    app.connect("build-finished", scan_pages)
    app.connect("build-finished", scan_for_internal)
