"""The statutes registry in data/statutes.yaml: statutes, short names and citable articles, with their evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import datafile
from .datafile import DataError, line_of
from .messages import msg
from .numbering import ArticleNumber, LawCitation, article_label
from .tracedata import Problem

EGOV = "https://laws.e-gov.go.jp/law/"
STATUSES = {"verified", "probable", "unverified"}
UNSEEN = "未確認"  # the caption the statute prints has not been seen in any source
SCHEMA = Path(__file__).parent / "schemas" / "statutes.schema.yaml"
HOWTO = "docs/authoring/statutes.md"


@dataclass(frozen=True)
class StatuteArticle:
    """One article of a statute that the corpus may cite, with the source that shows it."""

    number: str
    caption: str | None  # None: the statute prints no caption; 未確認: not seen in a source
    status: str
    source: str = ""  # title of the source read
    checked: str = ""  # the date it was read
    url: str = ""
    note: str = ""
    revision: str = ""  # e-Gov revision id of the text checked (pins the link)
    caption_en: str = ""  # the English edition's rendering (this corpus's, not official)

    def heading(self, lang: str = "ja") -> str:
        """「（caption）」 as shown after the article number; empty when the statute prints none."""
        if self.caption is None:
            return ""
        if lang.startswith("en"):
            return " (caption not confirmed)" if self.caption == UNSEEN else f" ({self.caption_en or self.caption})"
        return "（見出し未確認）" if self.caption == UNSEEN else f"（{self.caption}）"


@dataclass(frozen=True)
class Statute:
    """A statute with its official title, number, e-Gov id and articles."""

    key: str
    title: str
    number: str
    law_id: str
    short: tuple[str, ...]
    articles: dict[str, StatuteArticle] = field(default_factory=dict)
    title_en: str = ""
    number_en: str = ""

    def name(self, lang: str) -> str:
        """The title in the output language (English where the registry gives one)."""
        return self.title_en if lang.startswith("en") and self.title_en else self.title

    def law_number(self, lang: str) -> str:
        """The law number in the output language (English where the registry gives one)."""
        return self.number_en if lang.startswith("en") and self.number_en else self.number

    def url(self, fragment: str = "", revision: str = "") -> str:
        """e-Gov URL (pinned to a revision and with an article anchor when given); empty when the id is unknown."""
        if not self.law_id:
            return ""
        return EGOV + (revision or self.law_id) + (f"#{fragment}" if fragment else "")


class RegistryError(ValueError):
    """A malformed statutes registry."""


def _source(raw: Any) -> dict[str, str]:
    return {k: str(v) for k, v in raw.items() if k != "__line__"} if isinstance(raw, dict) else {}


def _check_article(
    rel: str, key: str, title: str, law_id: str, num: str, raw: dict[str, Any], captionless: set[str]
) -> list[Problem]:
    """The evidence rules of one article entry, each broken rule as one Japanese line with its fix."""
    line = line_of(raw)
    where = f"{title}{article_label(ArticleNumber.parse(num))}"
    out: list[Problem] = []
    src = _source(raw.get("source"))
    if raw.get("status") == "verified":
        missing = [k for k in ("title", "url", "checked") if not src.get(k)]
        if missing:
            out.append(
                Problem(
                    rel,
                    line,
                    f"{where} は verified だが、読んだ出典の {'・'.join(missing)} がない: "
                    "source に title（出典の名称）、url（所在）、checked（確認日）を書くか、"
                    "status を probable 又は unverified にする",
                )
            )
        if raw.get("caption") == UNSEEN:
            out.append(
                Problem(
                    rel,
                    line,
                    f"{where} は verified だが見出しが未確認: 出典で見た見出しを caption に書くか、"
                    "status を probable にする",
                )
            )
    if num in captionless and raw.get("caption") is not None:
        out.append(
            Problem(
                rel,
                line,
                f"{where} は法令上見出しのない条（captionless に記録）なのに caption "
                f"「{raw.get('caption')}」がある: caption: null にする",
            )
        )
    if num not in captionless and "caption" in raw and raw.get("caption") is None:
        out.append(
            Problem(
                rel,
                line,
                f"{where} の caption が null（見出しなし）だが captionless に記録がない: "
                f"見出しのないことを示す出典とともに {key} の captionless.articles に加えるか、見出しを書く",
            )
        )
    revision = str(raw.get("revision", ""))
    if revision and not revision.startswith(f"{law_id}_"):
        out.append(
            Problem(
                rel,
                line,
                f"{where} の revision {revision} は法令ID {law_id or '（なし）'} の改正版ではない: "
                f"{law_id or 'law_id'}_施行日_改正法令ID の形で書く",
            )
        )
    return out


def read(path: Path, rel: str) -> tuple[dict[str, Statute], list[Problem]]:
    """Read the registry; return the statutes that are sound and the problems found (rel names the file in them)."""
    try:
        data = datafile.parse_yaml(datafile.read_text(path, rel), rel) or {}
    except DataError as exc:
        return {}, [Problem(rel, exc.line, exc.message)]
    problems = [Problem(rel, e.line, e.message) for e in datafile.validate(data, "statutes", rel)]
    if problems:
        return {}, problems
    statutes: dict[str, Statute] = {}
    for key, raw in data["statutes"].items():
        if key == "__line__":
            continue
        law_id = str(raw.get("law_id", ""))
        captionless = {str(n) for n in (raw.get("captionless") or {}).get("articles", [])}
        arts: dict[str, StatuteArticle] = {}
        for num, a in (raw.get("articles") or {}).items():
            if num == "__line__":
                continue
            try:
                ArticleNumber.parse(str(num))
            except ValueError:
                bad = f"{raw['title']} の条番号 {num!r} が読めない: 「30の6」の形で書く"
                problems.append(Problem(rel, line_of(raw["articles"], num), bad))
                continue
            found = _check_article(rel, key, raw["title"], law_id, str(num), a, captionless)
            problems += found
            src = _source(a.get("source"))
            arts[str(num)] = StatuteArticle(
                str(num),
                a["caption"],
                a["status"],
                src.get("title", ""),
                src.get("checked", ""),
                src.get("url", ""),
                str(a.get("note", "")),
                str(a.get("revision", "")),
                str(a.get("caption_en", "")),
            )
        for num in sorted(captionless - set(arts)):
            problems.append(
                Problem(rel, line_of(raw["captionless"]), f"captionless の {num} が articles にない: 条を加えるか削る")
            )
        statutes[key] = Statute(
            key,
            raw["title"],
            raw["number"],
            law_id,
            tuple(raw["short"]),
            arts,
            raw.get("title_en", ""),
            raw.get("number_en", ""),
        )
    return statutes, problems


class Registry:
    """Statutes by key, looked up by official title or short name."""

    def __init__(self, statutes: dict[str, Statute]) -> None:
        self.statutes = statutes
        self.names: dict[str, Statute] = {}
        for s in statutes.values():
            for name in (s.title, *s.short):
                self.names[name] = s

    @classmethod
    def load(cls, path: Path) -> Registry:
        """Read and validate the YAML registry; raise RegistryError on the first problem (for tools)."""
        statutes, problems = read(path, str(path))
        if problems:
            p = problems[0]
            raise RegistryError(f"{p.path}:{p.line}: {p.message}")
        return cls(statutes)

    def lookup(self, cite: LawCitation) -> tuple[Statute, StatuteArticle | None]:
        """Find the statute and article of a citation; raise KeyError with the reason."""
        statute = self.names.get(cite.law)
        if statute is None:
            raise KeyError(
                msg("law-unknown", law=cite.law, names="・".join(sorted(n for s in self.statutes.values() for n in s.short)))
            )
        if cite.article is None:
            return statute, None
        art = statute.articles.get(cite.article.text)
        if art is None:
            raise KeyError(msg("law-article-missing", title=statute.title, article=article_label(cite.article)))
        if art.status == "unverified":
            raise KeyError(msg("law-article-unverified", title=statute.title, article=article_label(cite.article)))
        return statute, art
