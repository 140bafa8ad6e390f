"""The statutes registry in data/statutes.yaml: statutes, short names and citable articles."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import datafile
from .datafile import DataError, line_of
from .messages import msg, pair
from .numbering import ArticleNumber, LawCitation, article_label

EGOV = "https://laws.e-gov.go.jp/law/"
STATUSES = {"verified", "partial", "unverified"}


@dataclass(frozen=True)
class StatuteArticle:
    """One article of a statute that the corpus may cite."""

    number: str
    caption: str
    status: str
    source: str
    checked: str = ""


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

    def name(self, lang: str) -> str:
        """The title in the output language (English where the registry gives one)."""
        return self.title_en if lang.startswith("en") and self.title_en else self.title

    def url(self, fragment: str = "") -> str:
        """e-Gov URL (with article anchor when given); empty when the id is unknown."""
        if not self.law_id:
            return ""
        return EGOV + self.law_id + (f"#{fragment}" if fragment else "")


class RegistryError(ValueError):
    """A malformed statutes registry."""


class Registry:
    """Statutes by key, looked up by official title or short name."""

    def __init__(self, statutes: dict[str, Statute]) -> None:
        self.statutes = statutes
        self.names: dict[str, Statute] = {}
        for s in statutes.values():
            for name in (s.title, *s.short):
                self.names[name] = s

    @classmethod
    def load(cls, path: Path, rel: str = "") -> Registry:
        """Read and validate the YAML registry; a mistake is a DataError at its line."""
        rel = rel or path.name
        data = datafile.parse_yaml(datafile.read_text(path, rel), rel) or {}
        statutes = {}
        for key, raw in (data.get("statutes") or {}).items():
            datafile.require(raw, ("title", "number", "short", "source"), rel, f"法令 {key}")
            arts = {}
            for num, a in (raw.get("articles") or {}).items():
                try:
                    ArticleNumber.parse(str(num))
                except ValueError:
                    raise DataError(rel, line_of(raw["articles"], num), *pair("data-article", value=num)) from None
                if a.get("status") not in STATUSES:
                    raise DataError(
                        rel,
                        line_of(a, "status"),
                        *pair("data-status", key=key, num=num, value=a.get("status"), statuses="・".join(sorted(STATUSES))),
                    )
                arts[str(num)] = StatuteArticle(
                    str(num), a.get("caption", ""), a["status"], a.get("source", ""), str(a.get("checked", ""))
                )
            statutes[key] = Statute(
                key,
                raw["title"],
                raw["number"],
                str(raw.get("law_id", "")),
                tuple(raw["short"]),
                arts,
                raw.get("title_en", ""),
            )
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
