"""Personal-data guard: a valid 個人番号 or an identifier of the configured list (data/pii-patterns.yaml) stops the build.

Every published route is read: the pages as they are read, the files they include (docs/_fragments/), the earlier
texts (policies/versions/), the translations in the catalogs (.po), the data files, and, as a last net, the HTML and
LaTeX the build wrote. Every spelling is normalised first: full-width digits, full-width or plain spaces and any
hyphen or long-vowel mark between the groups, and inline markup (``**``, a role, a tag, a LaTeX command) inside a
number.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .datafile import DataError, line_of, load, read_text
from .errors import error
from .messages import msg, pair

FULLWIDTH = str.maketrans("０１２３４５６７８９＠．＿＋\u3000", "0123456789@._+ ")
DASHES = "-‐‑‒–—―−－ーｰ﹣"
# a hyphen-like mark (with spaces around it) between two digits is a hyphen
DASH = re.compile(rf"(?<=[0-9])[ \t]*[{DASHES}][ \t]*(?=[0-9])")
# inline markup inside a number, by the kind of text: MyST source, written HTML, written LaTeX
MARKUP = {
    "md": re.compile(r"\*+|_+|`+|\{[A-Za-z][\w:.-]*\}|<[^<>\n]*>|\\"),
    "html": re.compile(r"<[^<>\n]*>|&#8203;|&ZeroWidthSpace;|&nbsp;|&#160;"),
    # only the commands that style words (\\X{4}{18} and other arguments are not part of a number)
    "tex": re.compile(
        r"\\(?:sphinxstyle[a-z]+|sphinx(?:code|upquote|bfcode|titleref)|text(?:bf|it|sf|tt|rm)|emph|underline)\{"
        r"|(?<=[0-9])\}|\\[ ,;]"
    ),
}
MYNUMBER = re.compile(r"(?<![0-9])([0-9]{4})[ \t]*-?[ \t]*([0-9]{4})[ \t]*-?[ \t]*([0-9]{4})(?![0-9])")
# the sample the fix proposes when the allowlist has none (the worked example of docs/authoring/personal-data.md)
SAMPLE = "123456789018"


def mynumber_check_digit(first11: str) -> int:
    """検査用数字 of a 個人番号 (平成26年総務省令第85号第5条): 11 − Σ Pn×Qn mod 11, 0 when the remainder ≤ 1."""
    digits = [int(c) for c in reversed(first11)]  # P1 is the lowest digit
    total = sum(p * (n + 1 if n <= 6 else n - 5) for n, p in enumerate(digits, start=1))
    rem = total % 11
    return 0 if rem <= 1 else 11 - rem


def is_mynumber(twelve: str) -> bool:
    """True when the 12 digits carry a valid 個人番号 check digit."""
    return len(twelve) == 12 and twelve.isdigit() and mynumber_check_digit(twelve[:11]) == int(twelve[11])


@dataclass(frozen=True)
class Pattern:
    """One kind of identifier the corpus must not print (an entry of data/pii-patterns.yaml)."""

    ident: str
    kind: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Finding:
    """One suspected piece of personal data."""

    line: int
    kind: str
    value: str


def key(value: str) -> str:
    """The value compared with the allowlist: spelling differences (spaces, hyphens, brackets, full-width) removed."""
    return re.sub(r"[^0-9A-Za-z@._%+]", "", value.translate(FULLWIDTH))


def normalise(line: str, markup: str = "md") -> str:
    """The line with full-width forms made ASCII, markup inside words removed and hyphen-like marks between digits made -."""
    return DASH.sub("-", MARKUP[markup].sub("", line.translate(FULLWIDTH)))


def find(text: str, patterns: tuple[Pattern, ...] = (), markup: str = "md") -> list[Finding]:
    """Every valid 個人番号 and every match of the configured patterns in text, with its line."""
    out = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not any(c.isdigit() or c in "@＠" for c in raw):
            continue
        line = normalise(raw, markup)
        spans: list[tuple[int, int]] = []  # one finding per place: a mobile number is not also a landline
        hits = [
            (m.span(), "個人番号", "".join(m.groups())) for m in MYNUMBER.finditer(line) if is_mynumber("".join(m.groups()))
        ]
        hits += [(m.span(), p.kind, m.group(0)) for p in patterns for m in p.regex.finditer(line)]
        for (start, end), kind, value in hits:
            if not any(start < e and s < end for s, e in spans):
                spans.append((start, end))
                out.append(Finding(lineno, kind, value))
    return out


@dataclass
class Rules:
    """The configured patterns and the allowed sample values (value → file globs where allowed, empty for anywhere)."""

    patterns: tuple[Pattern, ...]
    allowed: dict[str, tuple[str, ...]]

    def allows(self, value: str, rel: str) -> bool:
        """True when the value is a registered sample (in this file, when the entry names files)."""
        globs = self.allowed.get(key(value))
        if globs is None:
            return False
        return not globs or any(fnmatch.fnmatch(rel, g) for g in globs)

    def sample(self, kind: str) -> str:
        """For a 個人番号, a registered sample to write instead (the worked example when none is registered)."""
        if kind != "個人番号":
            return ""
        return next((value for value in self.allowed if is_mynumber(value)), SAMPLE)


def compile_patterns(data: Any, rel: str) -> list[Pattern]:
    """The patterns of a data/pii-patterns.yaml read by the shared loader; a pattern that is not a regex is a DataError."""
    out = []
    for i, entry in enumerate(data["patterns"]):
        try:
            regex = re.compile(rf"(?<![0-9A-Za-z])(?:{entry['pattern']})(?![0-9])")
        except re.error as exc:
            line = line_of(entry, "pattern", line_of(data["patterns"], i))
            raise DataError(rel, line, *pair("pii-pattern", id=entry["id"], problem=exc.msg)) from None
        out.append(Pattern(entry["id"], entry["kind"], regex))
    return out


def rules(app: Any) -> Rules:
    """The configured patterns and the allowlist, read once per build through the shared data loader."""
    cached = getattr(app, "_reiki_pii_rules", None)
    if cached is not None:
        return cached
    root = Path(app.confdir)
    patterns: list[Pattern] = []
    allowed: dict[str, tuple[str, ...]] = {}
    if app.config.reiki_pii_patterns:  # configured: the file must be there
        rel = app.config.reiki_pii_patterns
        try:
            patterns = compile_patterns(load(root, rel, "pii-patterns"), rel)
        except DataError as exc:
            exc.report()
    if app.config.reiki_pii_allowlist and (root / app.config.reiki_pii_allowlist).is_file():
        try:
            data = load(root, app.config.reiki_pii_allowlist, "pii-allowlist")
            allowed = {key(str(e["value"])): tuple(e.get("files") or ()) for e in data["allow"]}
        except DataError as exc:
            exc.report()
    app._reiki_pii_rules = Rules(tuple(patterns), allowed)
    return app._reiki_pii_rules


def report(app: Any, text: str, rel: str, markup: str = "md", line_map: list[int] | None = None) -> set[str]:
    """Stop the build on each finding in text (read from rel) that is not allowed; the values found."""
    r = rules(app)
    found: set[str] = set()
    for f in find(text, r.patterns, markup):
        found.add(key(f.value))
        if r.allows(f.value, rel):
            continue
        line = line_map[f.line - 1] if line_map else f.line
        where = f"{rel}:{line}"
        if where + f.value in app._reiki_pii_reported:  # a fragment included by two pages: one line
            continue
        app._reiki_pii_reported.add(where + f.value)
        sample = r.sample(f.kind)
        allowlist = app.config.reiki_pii_allowlist or "data/pii-allowlist.yaml"
        text_ = (
            msg("pii", kind=f.kind, value=f.value, sample=sample, allowlist=allowlist)
            if sample
            else msg("pii-nosample", kind=f.kind, value=f.value, allowlist=allowlist)
        )
        error(text_, where, "pii")
    return found


def _seen(app: Any) -> dict[str, set[str]]:
    """Values found in each page (and what it includes), kept across incremental builds."""
    if not hasattr(app.env, "reiki_pii_found"):
        app.env.reiki_pii_found = {}
    return app.env.reiki_pii_found


def on_source(app: Any, docname: str, source: list[str]) -> None:
    """Scan each document's source as it is read."""
    rel = str(app.env.doc2path(docname, base=False))
    _seen(app)[docname] = report(app, source[0], rel)


def on_include(app: Any, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """Scan a file a page includes (docs/_fragments/ and the like), at its own lines."""
    found = report(app, content[0], Path(relative_path).as_posix())
    _seen(app).setdefault(parent_docname, set()).update(found)


def catalog_text(text: str) -> tuple[str, list[int]]:
    """The translations (msgstr) of a .po file, one line per message, with the line of each msgstr (header left out)."""
    out: list[str] = []
    lines: list[int] = []
    state, empty_id = "", False
    for n, line in enumerate(text.splitlines(), start=1):
        s = line.strip()
        if s.startswith("msgid "):
            state, empty_id = "id", s == 'msgid ""'
            continue
        if s.startswith("msgstr"):
            state = "" if empty_id else "str"  # msgid "" with no text after it is the header
            out.append("")
            lines.append(n)
            s = s.partition(" ")[2]
        elif not s.startswith('"'):
            state = ""
            continue
        elif state == "id" and s != '""':
            empty_id = False
        if state == "str":
            out[-1] += s[1:-1].replace('\\"', '"')
    return "\n".join(out), lines


def catalogs(app: Any) -> list[tuple[str, str, list[int]]]:
    """Each catalog's translations: (relative path, text, line numbers)."""
    root = Path(app.srcdir)
    out = []
    for d in app.config.locale_dirs or []:
        for path in sorted((root / d).glob("*/LC_MESSAGES/**/*.po")):
            rel = path.relative_to(root).as_posix()
            text, lines = catalog_text(read_text(path, rel))
            out.append((rel, text, lines))
    return out


def on_init(app: Any) -> None:
    """Scan, once per build, what no page reading shows: data files, earlier texts and the catalogs."""
    app._reiki_pii_rules = None
    app._reiki_pii_reported = set()
    app._reiki_pii_files = set()
    root = Path(app.srcdir)
    skip = {app.config.reiki_pii_allowlist, app.config.reiki_pii_patterns}
    files = []
    for pattern in ("data/**/*.yaml", "data/**/*.bib", "data/**/*.csv", "internal/**/*.yaml", "policies/versions/**/*.md"):
        files += [p for p in sorted(root.glob(pattern)) if p.relative_to(root).as_posix() not in skip]
    for path in files:
        rel = path.relative_to(root).as_posix()
        try:
            text = read_text(path, rel)
        except DataError:  # not UTF-8: the file's own reader (data loader, reiki.fences) gives the one line
            continue
        app._reiki_pii_files |= report(app, text, rel)
    for rel, text, lines in catalogs(app):
        app._reiki_pii_files |= report(app, text, rel, line_map=lines)


OUTPUT = {"html": ("**/*.html", "searchindex.js", "**/*.json"), "latex": ("*.tex",)}


def on_finished(app: Any, exc: Exception | None) -> None:
    """The last net: what the build wrote (HTML, LaTeX) holds no value that no source showed."""
    fmt = app.builder.format
    if exc or fmt not in OUTPUT:
        return
    known = set(app._reiki_pii_files).union(*_seen(app).values())
    out = Path(app.outdir)
    base = Path(app.srcdir)
    for pattern in OUTPUT[fmt]:
        for path in sorted(out.glob(pattern)):
            if {"_static", "_sources", "_images"} & set(path.relative_to(out).parts):
                continue
            try:
                rel = path.relative_to(base).as_posix()
            except ValueError:
                rel = path.as_posix()
            text = path.read_text(encoding="utf-8", errors="replace")
            r = rules(app)
            for f in find(text, r.patterns, "tex" if fmt == "latex" else "html"):
                if key(f.value) in known or r.allows(f.value, rel):
                    continue
                known.add(key(f.value))  # one line per value: the page it first shows on
                what, fix = pair("pii-output", kind=f.kind, value=f.value)
                error(f"{what}: {fix}", f"{rel}:{f.line}", "pii")


def purge(app: Any, env: Any, docname: str) -> None:
    """A page read again: forget what it showed before."""
    getattr(env, "reiki_pii_found", {}).pop(docname, None)


def merge(app: Any, env: Any, docnames: Any, other: Any) -> None:
    """What a parallel reader found, into the main environment."""
    found = getattr(other, "reiki_pii_found", {})
    mine = env.__dict__.setdefault("reiki_pii_found", {})
    mine.update({d: found[d] for d in docnames if d in found})


def register(app: Any) -> None:
    """Register the guard."""
    app.add_config_value("reiki_pii_allowlist", "", "env", types=[str])
    app.add_config_value("reiki_pii_patterns", "", "env", types=[str])
    app.connect("builder-inited", on_init)
    app.connect("source-read", on_source)
    app.connect("include-read", on_include)
    app.connect("build-finished", on_finished)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
