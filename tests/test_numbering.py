"""The pure parsing of article numbers, unit lines and citations."""

from __future__ import annotations

import pytest

from reiki.dates import SourceDate
from reiki.numbering import (
    ArticleNumber,
    article_label,
    item_label,
    parse_law,
    parse_target,
    parse_unit_line,
    target_label,
)


@pytest.mark.parametrize(
    ("prev", "cur", "ok"),
    [
        (None, "1", True),
        (None, "2", False),
        ("1", "2", True),
        ("1", "3", False),
        ("30", "30の2", True),
        ("30の2", "30の3", True),
        ("30の2", "31", True),
        ("30", "30の3", False),
        ("30の2", "30の2の2", True),
        ("2", "2", False),
    ],
)
def test_article_order(prev: str | None, cur: str, ok: bool) -> None:
    p = ArticleNumber.parse(prev) if prev else None
    assert ArticleNumber.parse(cur).follows(p) is ok


def test_labels() -> None:
    assert article_label(ArticleNumber.parse("30の2")) == "第30条の2"
    assert article_label(ArticleNumber.parse("7"), "第") == "第7"
    assert article_label(ArticleNumber.parse("7"), lang="en") == "Article 7"
    assert [item_label(1, 2), item_label(2, 2), item_label(3, 3)] == ["(2)", "イ", "(ウ)"]
    assert [item_label(1, 2, "en"), item_label(2, 2, "en"), item_label(3, 3, "en")] == ["(2)", "(b)", "(iii)"]
    assert target_label(parse_target("第2条第1項第1号ア"), lang="en") == "Article 2, paragraph 1, item 1 (a)"


@pytest.mark.parametrize(
    ("line", "level", "number"),
    [
        ("2 前項", 0, 2),
        ("(1) 住基", 1, 1),
        ("イ あ", 2, 2),
        ("(ウ) x", 3, 3),
        ("20年", 0, None),
        ("アクセスする", 0, None),
        ("１２ 全角", 0, None),
    ],
)
def test_unit_lines(line: str, level: int, number: int | None) -> None:
    u = parse_unit_line(line)
    assert (u.level, u.number) == (level, number)


def test_targets() -> None:
    t = parse_target("kitei:第7条第2項第1号")
    assert (t.instrument, t.anchor(), target_label(t)) == ("kitei", "a7-p2-i1", "第7条第2項第1号")
    assert parse_target("第30条の2").anchor() == "a30_2"
    assert parse_target("第１条").anchor() == "a1"
    assert parse_target("kinkyu:第3").anchor() == "a3"
    assert target_label(parse_target("第2条第1項第1号ア")) == "第2条第1項第1号ア"
    with pytest.raises(ValueError):
        parse_target("第七条")


def test_law_citation() -> None:
    c = parse_law("住基法第30条の6第1項")
    assert (c.law, c.egov_fragment(), c.suffix()) == ("住基法", "Mp-At_30_6-Pr_1", "第30条の6第1項")
    assert parse_law("住基法第30条の44の6").egov_fragment() == "Mp-At_30_44_6"
    assert parse_law("個人情報保護法").article is None


@pytest.mark.parametrize(
    ("iso", "shown"),
    [
        ("2017-02-10", "平成29年2月10日（2017年2月10日）"),
        ("2019-05-01", "令和元年5月1日（2019年5月1日）"),
        ("2019-04-30", "平成31年4月30日（2019年4月30日）"),
        ("1989-01-07", "昭和64年1月7日（1989年1月7日）"),
        ("未確認", "未確認"),
    ],
)
def test_era_dates(iso: str, shown: str) -> None:
    assert SourceDate.parse(iso).show() == shown


@pytest.mark.parametrize("bad", ["2017-2-10", "2017-02-30", "H29.2.10", ""])
def test_bad_dates(bad: str) -> None:
    with pytest.raises(ValueError):
        SourceDate.parse(bad)
