"""Era dates written in the text (平成29年2月10日, 令和元年): each must exist, and a 附則's date must be its history's."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .errors import error

# First and last day of each era (the last era is open).
ERAS = {
    "明治": (dt.date(1868, 1, 25), dt.date(1912, 7, 29)),
    "大正": (dt.date(1912, 7, 30), dt.date(1926, 12, 24)),
    "昭和": (dt.date(1926, 12, 25), dt.date(1989, 1, 7)),
    "平成": (dt.date(1989, 1, 8), dt.date(2019, 4, 30)),
    "令和": (dt.date(2019, 5, 1), dt.date(9999, 12, 31)),
}
DATE = re.compile(r"(明治|大正|昭和|平成|令和)(元|[0-9０-９]+)年(?:([0-9０-９]+)月(?:([0-9０-９]+)日)?)?")
SKIP = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment)


def _int(text: str) -> int:
    return int(unicodedata.normalize("NFKC", text))


def check(m: re.Match[str]) -> tuple[dt.date | None, str]:
    """The date written (None for a year or month alone) and, when it cannot exist, what is wrong with the fix."""
    era, year_text, month_text, day_text = m.groups()
    first, last = ERAS[era]
    year = 1 if year_text == "元" else _int(year_text)
    last_year = last.year - first.year + 1
    if year < 1 or (era != "令和" and year > last_year):
        span = f"{era}は{last_year}年（{last.year}年{last.month}月{last.day}日）まで" if era != "令和" else "令和は元年から"
        return None, f"「{m.group(0)}」は存在しない和暦である: {span}であるので、西暦で確かめて直す"
    gregorian = first.year + year - 1
    if month_text is None:
        return None, ""
    month = _int(month_text)
    try:
        day = dt.date(gregorian, month, _int(day_text) if day_text else 1)
    except ValueError:
        return None, f"「{m.group(0)}」は暦にない日付である: 月と日を確かめて直す"
    if day_text is None:
        return None, ""
    if not first <= day <= last:
        until = last.isoformat() if era != "令和" else ""
        return None, f"「{m.group(0)}」は{era}の期間（{first.isoformat()}から{until}）の外である: 元号を確かめて直す"
    return day, ""


def era_dates(text: str) -> list[tuple[re.Match[str], dt.date | None, str]]:
    """Every era date of a text with the date it names and the problem (empty when none)."""
    return [(m, *check(m)) for m in DATE.finditer(text)]


def _line(node: nodes.Node) -> int | None:
    while node is not None and getattr(node, "line", None) is None:
        node = node.parent
    return getattr(node, "line", None)


class EraDates(SphinxTransform):
    """Report every era date of a page that cannot exist (令和0年, 平成32年, 2月30日), once, at its line."""

    default_priority = 25  # after the translated text is in place (Locale, 20)

    def apply(self, **kwargs: Any) -> None:
        """Walk the text of the page outside code."""
        if (self.config.language or "ja") != "ja":
            return
        for text in self.document.findall(nodes.Text):
            if any(isinstance(a, SKIP) for a in _ancestors(text)):
                continue
            for _, _, problem in era_dates(str(text)):
                if problem:
                    error(problem, (self.env.docname, _line(text)), "date")


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    out = []
    while node.parent is not None:
        node = node.parent
        out.append(node)
    return out


def suppl_date_problem(content: str, effective: str) -> str:
    """A 附則's 施行 date in words against the history's effective date: the problem, or empty."""
    for m, day, problem in era_dates(content):
        if problem or day is None:
            continue
        if "施行" in content[m.end() : m.end() + 12] and effective not in ("", "未確認") and day.isoformat() != effective:
            return f"附則の施行日「{m.group(0)}」が履歴の施行日 {effective} と違う: どちらかを直して一致させる"
    return ""


def register(app: Any) -> None:
    """Check era dates on every page."""
    app.add_transform(EraDates)
