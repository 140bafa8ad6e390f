"""Bibliography styles for Japanese legal and administrative sources (告示・指針・通知・会議録)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting import BaseStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import field, first_of, join, node, optional
from sphinxcontrib.bibtex import plugin as bibtex_plugin
from sphinxcontrib.bibtex.style.referencing import BaseReferenceStyle
from sphinxcontrib.bibtex.style.template import reference

from .dates import SourceDate, era_date


@node
def era(children: list[Any], data: dict[str, Any]) -> Text:
    """The entry's ISO `date` field as an era date (平成14年6月10日)."""
    raw = data["entry"].fields.get("date", "")
    try:
        d = SourceDate.parse(raw).value
    except ValueError as exc:
        raise ValueError(f"data/references.bib: {data['entry'].key}: invalid date {raw!r} (write YYYY-MM-DD)") from exc
    return Text(era_date(d) if d else "")


@node
def cited_title(children: list[Any], data: dict[str, Any]) -> Text:
    """The title as cited in a rule: a 告示 bare (as statutes are cited), other documents in 「」."""
    e = data["entry"]
    title = e.fields.get("title", "")
    return Text(title if e.type.lower() == "kokuji" else f"「{title}」")


def merge_parentheses(app: Any, doctree: Any, docname: str) -> None:
    """「…（告示第334号）（以下「X」という。）」 becomes 「…（告示第334号。以下「X」という。）」 in Japanese output."""
    from docutils import nodes

    if not (app.config.language or "ja").startswith("ja"):
        return
    for cite in list(doctree.findall(lambda n: isinstance(n, nodes.inline) and "bibtex-citation" in n["classes"])):
        after = cite.next_node(descend=False, siblings=True)
        texts = [t for t in cite.findall(nodes.Text)]
        if not (isinstance(after, nodes.Text) and after.startswith("（") and texts and texts[-1].endswith("）")):
            continue
        last = texts[-1]
        last.parent.replace(last, nodes.Text(str(last)[:-1]))
        after.parent.replace(after, nodes.Text("。" + str(after)[1:]))


def _issuer() -> Any:
    return field("issuer")


def _source() -> Any:
    """平成14年6月10日総務省告示第334号 / 平成28年7月25日 地方公共団体情報システム機構."""
    return join[era, optional[field("number")]]


@node
def gregorian(children: list[Any], data: dict[str, Any]) -> Text:
    """The entry's ISO `date` field in English: 10 June 2002."""
    d = SourceDate.parse(data["entry"].fields.get("date", "")).value
    return Text(f"{d.day} {d:%B} {d.year}" if d else "")


class ShortNameLabels(BaseLabelStyle):
    """Labels are the short names in the `label` field (告示・指針 have no academic numbers)."""

    def format_labels(self, sorted_entries: Iterable[Any]) -> Iterable[str]:
        """The label field of each entry; an entry without one is an error."""
        for e in sorted_entries:
            if "label" not in e.fields:
                raise ValueError(f"data/references.bib: entry {e.key!r} has no label field: add label = {{略称}}")
            yield e.fields["label"]


class ShortNameLabelsEn(ShortNameLabels):
    """The English short names (`label_en`), or the Japanese ones where an entry has none."""

    def format_labels(self, sorted_entries: Iterable[Any]) -> Iterable[str]:
        """The label_en field of each entry, else its label."""
        entries = list(sorted_entries)
        for e, ja in zip(entries, super().format_labels(entries), strict=True):
            yield e.fields.get("label_en", ja)


class KokujiStyle(BaseStyle):
    """The bibliography list: issuer, date and number, then the title in 「」, then a note."""

    default_sorting_style = "yomi"
    default_label_style = "shortname"

    def _template(self, with_number: bool) -> Any:
        head = join[era, field("number")] if with_number else join(sep="　")[era, _issuer()]
        return join[head, "「", field("title"), "」", optional["。", field("note")]]

    def get_kokuji_template(self, e: Any) -> Any:
        """告示: date + number + title."""
        return self._template(True)

    def get_guideline_template(self, e: Any) -> Any:
        """指針・方針: date + issuer + title."""
        return self._template(False)

    get_notice_template = get_guideline_template
    get_minutes_template = get_guideline_template


class YomiSorting(BaseSortingStyle):
    """Sort by the reading given in the `yomi` field."""

    def sorting_key(self, entry: Any) -> tuple[str, str]:
        """The reading, then the key."""
        return (entry.fields.get("yomi", ""), entry.key)


class EnglishLabelSorting(BaseSortingStyle):
    """Sort the English list by the English short name (the label shown in front of each entry)."""

    def sorting_key(self, entry: Any) -> tuple[str, str]:
        """The English label (or the reading where there is none), then the key."""
        return (entry.fields.get("label_en", entry.fields.get("yomi", "")).lower(), entry.key)


@dataclass
class KokujiReferenceStyle(BaseReferenceStyle):
    """{cite:t}: 「title」（date + number or issuer）; {cite:p}: the parenthetical part alone."""

    def role_names(self) -> Iterable[str]:
        """Roles provided: cite:t and cite:p."""
        return ["t", "p"]

    def outer(self, role_name: str, children: list[Any]) -> Any:
        """Join several references with 、."""
        return join(sep="、")[children]

    def inner(self, role_name: str) -> Any:
        """One reference: a 告示 by its title and number, a 指針・通知・会議録 in 「」 with its date and issuer."""
        tail = join[era, first_of[optional[field("number")], join["　", _issuer()]]]
        if role_name == "p":
            return reference[join["（", tail, "）"]]
        return reference[join[cited_title, "（", tail, "）"]]


class KokujiStyleEn(KokujiStyle):
    """The bibliography list in English: number or issuer, Gregorian date, then the English title."""

    default_label_style = "shortname-en"
    default_sorting_style = "label-en"

    def _template(self, with_number: bool) -> Any:
        head = field("number_en") if with_number else field("issuer_en")
        return join[head, " (", gregorian, "), \u201c", field("title_en"), "\u201d"]


@dataclass
class KokujiReferenceStyleEn(KokujiReferenceStyle):
    """{cite:t}: “English title” (number or issuer, date)."""

    def outer(self, role_name: str, children: list[Any]) -> Any:
        """Join several references with commas."""
        return join(sep=", ")[children]

    def inner(self, role_name: str) -> Any:
        """One reference."""
        who = first_of[optional[field("number_en")], field("issuer_en")]
        if role_name == "p":
            return reference[join["(", who, ", ", gregorian, ")"]]
        return reference[join["\u201c", field("title_en"), "\u201d (", who, ", ", gregorian, ")"]]


def register() -> None:
    """Register the styles with pybtex (idempotent)."""
    register_plugin("pybtex.style.labels", "shortname", ShortNameLabels)
    register_plugin("pybtex.style.labels", "shortname-en", ShortNameLabelsEn)
    register_plugin("pybtex.style.formatting", "kokuji", KokujiStyle)
    register_plugin("pybtex.style.formatting", "kokuji-en", KokujiStyleEn)
    register_plugin("pybtex.style.sorting", "yomi", YomiSorting)
    register_plugin("pybtex.style.sorting", "label-en", EnglishLabelSorting)
    bibtex_plugin.register_plugin("sphinxcontrib.bibtex.style.referencing", "kokuji", KokujiReferenceStyle)
    bibtex_plugin.register_plugin("sphinxcontrib.bibtex.style.referencing", "kokuji-en", KokujiReferenceStyleEn)
