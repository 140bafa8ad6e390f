"""The statutes registry in data/statutes.yaml: statutes, short names and citable articles."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

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
    caption_en: str = ""

    def heading(self, lang: str) -> str:
        """The caption in the output language (English where the registry gives one)."""
        return self.caption_en if lang.startswith("en") and self.caption_en else self.caption


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
    def load(cls, path: Path) -> Registry:
        """Read and validate the YAML registry."""
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        statutes = {}
        for key, raw in (data.get("statutes") or {}).items():
            for need in ("title", "number", "short", "source"):
                if need not in raw:
                    raise RegistryError(f"{path}: statute {key!r} lacks {need!r}")
            arts = {}
            for num, a in (raw.get("articles") or {}).items():
                ArticleNumber.parse(str(num))
                if a.get("status") not in STATUSES:
                    raise RegistryError(f"{path}: {key} article {num}: status must be one of {sorted(STATUSES)}")
                arts[str(num)] = StatuteArticle(
                    str(num),
                    a.get("caption", ""),
                    a["status"],
                    a.get("source", ""),
                    str(a.get("checked", "")),
                    a.get("caption_en", ""),
                )
            statutes[key] = Statute(
                key,
                raw["title"],
                raw["number"],
                str(raw.get("law_id", "")),
                tuple(raw["short"]),
                arts,
                raw.get("title_en", ""),
                raw.get("number_en", ""),
            )
        return cls(statutes)

    def lookup(self, cite: LawCitation) -> tuple[Statute, StatuteArticle | None]:
        """Find the statute and article of a citation; raise KeyError with the reason."""
        statute = self.names.get(cite.law)
        if statute is None:
            raise KeyError(
                f"unknown statute {cite.law!r}: use a title or short name from data/statutes.yaml "
                f"({', '.join(sorted(n for s in self.statutes.values() for n in s.short))})"
            )
        if cite.article is None:
            return statute, None
        art = statute.articles.get(cite.article.text)
        if art is None:
            raise KeyError(
                f"{statute.title}{article_label(cite.article)} is not in data/statutes.yaml: "
                "add it with its caption, status and source"
            )
        if art.status == "unverified":
            raise KeyError(
                f"{statute.title}{article_label(cite.article)} is unverified in data/statutes.yaml: "
                "write the rule without pinning this article and list it in docs/reference/open-questions.md"
            )
        return statute, art
