"""Data files (data/*.yaml and the YAML in pages): read with line numbers and checked; a mistake is one DataError."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from .messages import pair

SCHEMA_DIR = Path(__file__).parent / "schemas"
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
REPORTED: set[str] = set()  # the mistakes reported in this build: a file read by two readers is one line
# Encodings a Japanese file saved by another editor is likely in, tried in this order to name the one to convert from
GUESSES = ("cp932", "euc_jp", "iso2022_jp", "utf_16")


class DataError(ValueError):
    """A mistake in a data file: where (relative path and line), what is wrong and how to fix it."""

    def __init__(self, path: str, line: int, what: str, fix: str, kind: str = "data") -> None:
        super().__init__(f"{path}:{line}: {what}: {fix}")
        self.path, self.line, self.what, self.fix, self.kind = path, line, what, fix, kind

    def report(self) -> None:
        """Stop the build with this one line (the error type names what kind of mistake)."""
        from .errors import error

        if str(self) not in REPORTED:
            REPORTED.add(str(self))
            error(self.message, self.location, self.kind)

    @property
    def location(self) -> str:
        """file:line, as Sphinx prints it."""
        return f"{self.path}:{self.line}"

    @property
    def message(self) -> str:
        """What is wrong and the fix."""
        return f"{self.what}: {self.fix}"


class LineDict(dict[Any, Any]):
    """A YAML mapping that knows its line and the line of each key."""

    line: int = 1
    lines: dict[Any, int]


class LineList(list[Any]):
    """A YAML sequence that knows its line and the line of each entry."""

    line: int = 1
    lines: list[int]


def line_of(value: Any, key: Any = None, default: int = 1) -> int:
    """The line of a mapping or sequence read by this loader (of one key or entry when given)."""
    if key is not None and isinstance(value, LineDict):
        return value.lines.get(key, value.line)
    if key is not None and isinstance(value, LineList) and isinstance(key, int) and key < len(value.lines):
        return value.lines[key]
    return getattr(value, "line", default)


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML (libyaml when present) with lines kept; dates stay text, checked by check_dates."""


def _mapping(loader: Loader, node: yaml.MappingNode) -> LineDict:
    out = LineDict(loader.construct_mapping(node, deep=True))
    out.line = node.start_mark.line + 1
    out.lines = {loader.construct_object(k, deep=True): k.start_mark.line + 1 for k, _ in node.value}
    return out


def _sequence(loader: Loader, node: yaml.SequenceNode) -> LineList:
    out = LineList(loader.construct_sequence(node, deep=True))
    out.line = node.start_mark.line + 1
    out.lines = [v.start_mark.line + 1 for v in node.value]
    return out


Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(path: Path, rel: str) -> str:
    """The file's text; a file that is not UTF-8 is a DataError naming the encoding to convert from."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(rel, 1, *pair("data-unreadable", reason=exc.strerror)) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise not_utf8(rel, raw, exc) from None


def not_utf8(rel: str, raw: bytes, exc: UnicodeDecodeError) -> DataError:
    """The error for a file that is not UTF-8: the line of the first bad byte and the likely encoding."""
    line = raw[: exc.start].count(b"\n") + 1
    guess = next((enc for enc in GUESSES if _decodes(raw, enc)), "")
    if guess:
        name = {"cp932": "Shift_JIS", "euc_jp": "EUC-JP", "iso2022_jp": "ISO-2022-JP", "utf_16": "UTF-16"}[guess]
        return DataError(
            rel,
            line,
            *pair("data-encoding", name=name),
            "encoding",
        )
    return DataError(rel, line, *pair("data-encoding-unknown"), "encoding")


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def parse_yaml(text: str, rel: str, first_line: int = 1) -> Any:
    """YAML text read from rel, starting at first_line of that file; syntax and date mistakes are DataErrors."""
    try:
        data = yaml.load(text, Loader=Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = first_line + (mark.line if mark else 0)
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        raise DataError(rel, line, *pair("data-yaml", problem=problem)) from None
    shift(data, first_line - 1)
    check_dates(data, rel)
    return data


def shift(value: Any, by: int) -> None:
    """Move the recorded lines by `by` (YAML taken from inside a page)."""
    if not by:
        return
    if isinstance(value, LineDict):
        value.line += by
        value.lines = {k: n + by for k, n in value.lines.items()}
        for v in value.values():
            shift(v, by)
    elif isinstance(value, LineList):
        value.line += by
        value.lines = [n + by for n in value.lines]
        for v in value:
            shift(v, by)


def check_dates(value: Any, rel: str, line: int = 1) -> None:
    """Every YYYY-MM-DD value must be a day of the calendar (2017-02-30 is not)."""
    if isinstance(value, LineDict):
        for k, v in value.items():
            check_dates(v, rel, line_of(value, k, line))
    elif isinstance(value, LineList):
        for i, v in enumerate(value):
            check_dates(v, rel, line_of(value, i, line))
    elif isinstance(value, str) and (m := DATE.match(value)):
        try:
            dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise DataError(rel, line, *pair("data-date", value=value), "date") from None


def load(root: Path, rel: str, schema: str = "") -> Any:
    """Read rel (relative to root) as YAML, checked against reiki/schemas/<schema>.schema.yaml when named."""
    data = parse_yaml(read_text(root / rel, rel), rel)
    if schema:
        problems = validate(data, schema, rel)
        if problems:
            raise problems[0]
    return data


def validate(data: Any, schema: str, rel: str) -> list[DataError]:
    """The schema's findings, one per line of the file (a line with two mistakes shows the first)."""
    import jsonschema  # only builds with schema-checked data need it

    spec = yaml.safe_load((SCHEMA_DIR / f"{schema}.schema.yaml").read_text(encoding="utf-8"))
    out: dict[int, DataError] = {}
    for err in sorted(jsonschema.Draft202012Validator(spec).iter_errors(data), key=lambda e: list(map(str, e.path))):
        node, line = data, line_of(data)
        for step in err.absolute_path:
            line = line_of(node, step, line)
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
        where = "/".join(str(p) for p in err.absolute_path) or "ファイル"
        out.setdefault(line, DataError(rel, line, *finding(err, where)))
    return [out[n] for n in sorted(out)]


def finding(err: Any, where: str) -> tuple[str, str]:
    """What the schema found and the fix, in words."""
    value = repr(err.instance)
    if err.validator == "required":
        missing = ", ".join(k for k in err.validator_value if k not in (err.instance or {}))
        return pair("schema-required", where=where, fields=missing)
    if err.validator == "additionalProperties":
        return pair("schema-unknown-field", where=where, fields=err.message.split("(")[-1].rstrip(")"))
    if err.validator == "enum":
        return pair("schema-enum", where=where, value=value, values="・".join(map(str, err.validator_value)))
    if err.validator == "pattern":
        return pair("schema-pattern", where=where, value=value, pattern=err.validator_value)
    if err.validator == "type":
        return pair("schema-type", where=where, value=value, type=err.validator_value)
    return pair("schema-other", where=where, problem=err.message)


def require(row: Any, keys: tuple[str, ...], rel: str, what: str) -> None:
    """A row of a data file must have these keys (a DataError at its line otherwise)."""
    if not isinstance(row, dict):
        raise DataError(rel, line_of(row), *pair("data-row", what=what))
    missing = [k for k in keys if k not in row or row[k] in (None, "")]
    if missing:
        raise DataError(rel, line_of(row), *pair("data-field", what=what, fields=", ".join(missing)))


def reset(app: Any) -> None:
    """A new build: nothing reported yet."""
    REPORTED.clear()


def _lenient(name: str) -> codecs.CodecInfo | None:
    """UTF-8 that never raises: a page that is not UTF-8 has been reported by check_sources and is read as a stub."""
    if name != "reiki_utf_8":
        return None
    utf8 = codecs.lookup("utf-8-sig")

    class Decoder(utf8.incrementaldecoder):  # type: ignore[name-defined]
        def __init__(self, errors: str = "strict") -> None:
            super().__init__("replace")

    return codecs.CodecInfo(
        utf8.encode,
        lambda data, errors="strict": utf8.decode(data, "replace"),
        incrementalencoder=utf8.incrementalencoder,
        incrementaldecoder=Decoder,
        name="reiki-utf-8",
    )


codecs.register(_lenient)


def check_sources(app: Any, env: Any, docnames: list[str]) -> None:
    """A page that is not UTF-8 is one line naming the encoding to convert from, then read as an empty page."""
    bad: set[str] = set()
    for docname in docnames:
        raw = Path(env.doc2path(docname)).read_bytes()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            not_utf8(str(env.doc2path(docname, base=False)), raw, exc).report()
            bad.add(docname)
    app.reiki_not_utf8 = bad
    broken = bad | included_not_utf8(env, docnames)
    encoding = env.settings.get("input_encoding", "")
    if broken and encoding.lower().replace("_", "-") in ("utf-8", "utf-8-sig"):  # this build fails: read them as stubs
        env.settings["input_encoding"] = "reiki-utf-8"
    elif not broken and encoding == "reiki-utf-8":  # strict again (included files too) once every page is UTF-8
        env.settings["input_encoding"] = "utf-8-sig"


INCLUDE = re.compile(r"^\s*(?:`{3,}|:{3,})\{include\}\s+(\S+)", re.M)


def included_not_utf8(env: Any, docnames: list[str]) -> set[str]:
    """Files the pages include that are not UTF-8: each one line (the file and the encoding), read leniently after."""
    bad: set[str] = set()
    src = Path(env.srcdir)
    for docname in docnames:
        page = Path(env.doc2path(docname))
        try:
            text = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for target in INCLUDE.findall(text):
            path = (src / target.lstrip("/")) if target.startswith("/") else (page.parent / target)
            if not path.is_file():
                continue
            raw = path.read_bytes()
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                rel = path.resolve().relative_to(src.resolve()).as_posix()
                not_utf8(rel, raw, exc).report()
                bad.add(rel)
    return bad


def stub_source(app: Any, docname: str, source: list[str]) -> None:
    """The page that is not UTF-8 is read as its file name only (its garbled text would only add errors)."""
    if docname in getattr(app, "reiki_not_utf8", ()):
        source[0] = f"# {docname}\n"
