"""ISO dates in sources, shown with the Japanese era and the Gregorian date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from japanera import EraDate

UNKNOWN = "未確認"


@dataclass(frozen=True)
class SourceDate:
    """A date written in a source: an ISO date or 未確認 (unknown)."""

    value: dt.date | None

    @classmethod
    def parse(cls, text: str) -> SourceDate:
        """Parse YYYY-MM-DD or 未確認; raise ValueError otherwise."""
        text = str(text).strip()
        if text == UNKNOWN:
            return cls(None)
        if len(text) != 10:
            raise ValueError(text)
        return cls(dt.date.fromisoformat(text))

    @property
    def iso(self) -> str:
        """ISO form, or 未確認."""
        return self.value.isoformat() if self.value else UNKNOWN

    def show(self, lang: str = "ja") -> str:
        """平成29年2月10日（2017年2月10日）, or the English Gregorian form."""
        d = self.value
        if d is None:
            return "not confirmed" if lang.startswith("en") else UNKNOWN
        if lang.startswith("en"):
            return f"{d:%d %B %Y}".lstrip("0")
        return f"{era_date(d)}（{d.year}年{d.month}月{d.day}日）"


def era_date(d: dt.date) -> str:
    """Japanese era form: 平成29年2月10日 (元年 for the first year)."""
    era = EraDate.from_date(d).era
    year = d.year - era.since.year + 1
    return f"{era.kanji}{'元' if year == 1 else year}年{d.month}月{d.day}日"


def era_year(d: dt.date) -> str:
    """Japanese era year: 平成28年."""
    era = EraDate.from_date(d).era
    year = d.year - era.since.year + 1
    return f"{era.kanji}{'元' if year == 1 else year}年"
