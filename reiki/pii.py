"""Personal-data guard: valid 個人番号, mobile phone numbers and e-mail addresses stop the build unless allowlisted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .datafile import DataError, load, read_text, require
from .errors import error
from .messages import msg

FULLWIDTH = str.maketrans("０１２３４５６７８９－＠．", "0123456789-@.")
MYNUMBER = re.compile(r"(?<![0-9])([0-9]{4})[ -]?([0-9]{4})[ -]?([0-9]{4})(?![0-9])")
MOBILE = re.compile(r"(?<![0-9])0[789]0-?[0-9]{4}-?[0-9]{4}(?![0-9])")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


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
class Finding:
    """One suspected piece of personal data."""

    line: int
    kind: str
    value: str


def find(text: str) -> list[Finding]:
    """Every suspected 個人番号, mobile number and e-mail address in text, with its line."""
    out = []
    for lineno, line in enumerate(text.translate(FULLWIDTH).splitlines(), start=1):
        for m in MYNUMBER.finditer(line):
            if is_mynumber("".join(m.groups())):
                out.append(Finding(lineno, "個人番号", "".join(m.groups())))
        out += [Finding(lineno, "携帯電話番号", m.group(0).replace("-", "")) for m in MOBILE.finditer(line)]
        out += [Finding(lineno, "電子メールアドレス", m.group(0)) for m in EMAIL.finditer(line)]
    return out


def allowlist(app: Any) -> set[str]:
    """Documented sample values that may appear (data/pii-allowlist.yaml), read once per build."""
    cached = getattr(app.env, "_reiki_pii_allowed", None)
    if cached is not None:
        return cached
    path = Path(app.confdir, app.config.reiki_pii_allowlist)
    allowed: set[str] = set()
    if app.config.reiki_pii_allowlist and path.is_file():
        rel = app.config.reiki_pii_allowlist
        try:
            data = load(Path(app.confdir), rel) or {}
            entries = data.get("allow") or [] if isinstance(data, dict) else []
            for e in entries:
                require(e, ("value", "reason"), rel, "見本の値")
        except DataError as exc:
            exc.report()
            entries = []
        allowed = {str(e["value"]).replace("-", "") for e in entries}
    app.env._reiki_pii_allowed = allowed
    return allowed


def report(app: Any, text: str, where: Any) -> None:
    """Stop the build on each finding not in the allowlist."""
    allowed = allowlist(app)
    for f in find(text):
        if f.value not in allowed:
            loc = (where, f.line) if isinstance(where, str) and not where.startswith("/") else f"{where}:{f.line}"
            error(msg("pii", kind=f.kind, value=f.value, allowlist=app.config.reiki_pii_allowlist), loc, "pii")


def on_source(app: Any, docname: str, source: list[str]) -> None:
    """Scan each document's source as it is read."""
    report(app, source[0], docname)


def on_init(app: Any) -> None:
    """Scan the data files once per build (and forget the previous build's allowlist)."""
    app.env._reiki_pii_allowed = None
    for pattern in ("data/**/*.yaml", "data/**/*.bib", "internal/**/*.yaml"):
        for path in sorted(Path(app.confdir).glob(pattern)):
            if path.name != Path(app.config.reiki_pii_allowlist).name:
                rel = path.relative_to(app.confdir).as_posix()
                try:
                    report(app, read_text(path, rel), str(path))
                except DataError as exc:  # not UTF-8: one line, shared with the file's own reader
                    exc.report()


def register(app: Any) -> None:
    """Register the guard."""
    app.add_config_value("reiki_pii_allowlist", "", "env", types=[str])
    app.connect("source-read", on_source)
    app.connect("builder-inited", on_init)
