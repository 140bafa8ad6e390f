"""改正注記 under each amended article, and the 公布 ledger of every instrument and amendment."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from lxml import html as lhtml

from reiki.amendnotes import changes, note_text

if TYPE_CHECKING:
    from conftest import CorpusBuild

REPO = Path(__file__).resolve().parent.parent


def test_note_forms() -> None:
    a = {"id": "r2027", "date": "2027-03-31", "number": "訓令第5号", "effective": "2027-04-01"}
    assert note_text(a, "changed", "ja") == "（令9訓令5・一部改正）"
    assert note_text(a, "added", "ja") == "（令9訓令5・追加）"
    assert note_text({**a, "number": "未確認"}, "deleted", "ja") == "（令9番号未確認・削除）"
    assert note_text({**a, "date": "未確認", "effective": "未確認"}, "changed", "ja") == "（年未確認訓令5・一部改正）"
    assert note_text({**a, "date": "2019-06-01"}, "changed", "ja") == "（令1訓令5・一部改正）"
    assert note_text(a, "changed", "en") == "(2027, 訓令第5号: amended)"


def test_changes_of_the_corpus_amendment() -> None:
    # c1 of the 管理運用規程 inserted 第11条第2項, added 第13条第4項・第5項 and rewrote 第23条第2項 (see its 新旧対照表)
    found = changes(REPO, "kanri-unyo-kitei")
    assert sorted(found) == ["11", "13", "23"]
    assert all(kind == "changed" and amend["id"] == "c1" for rows in found.values() for amend, kind in rows)


@pytest.mark.slow
def test_notes_and_ledger_on_the_site(corpus: CorpusBuild) -> None:
    page = lhtml.parse(str(corpus.html / "policies" / "kanri-unyo-kitei.html"))
    notes = {
        n.xpath("ancestor::*[contains(@class,'reiki-article')][1]/@id")[0]: n.text_content().strip()
        for n in page.xpath("//div[contains(@class,'reiki-amend-note')]")
    }
    assert notes == {
        "a11": "（令8番号未確認・一部改正）",
        "a13": "（令8番号未確認・一部改正）",
        "a23": "（令8番号未確認・一部改正）",
    }
    ledger = lhtml.parse(str(corpus.html / "docs" / "reference" / "ledger.html"))
    rows = [
        [c.text_content().strip() for c in r.xpath("td")] for r in ledger.xpath("//table[contains(@class,'ledger')]//tr[td]")
    ]
    amended = [r for r in rows if r[1] == "一部改正"]
    assert len(amended) == 2 and all(r[5].endswith("新旧対照表（令和8年11月28日施行の改正）") for r in amended)
    links = ledger.xpath("//table[contains(@class,'ledger')]//a/@href")
    assert "../versions/kitei-c1-table.html" in links
