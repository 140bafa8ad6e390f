"""The real corpus, built once: strict HTML, a PDF with embedded fonts and exact Japanese text, an offline site."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # the fixture's type; tests/browser has a conftest of its own
    from conftest import CorpusBuild

pytestmark = pytest.mark.slow

INSTRUMENTS = {
    "kitei": "長崎市住民基本台帳ネットワークシステムに係る管理及び運用に関する規程",
    "yoryo": "長崎市住民基本台帳ネットワークシステムに係る管理及び運用に関する規程取扱要領",
    "shingikai": "長崎市住民基本台帳ネットワークシステム管理運用審議会規則",
    "kansa": "長崎市住民基本台帳ネットワークシステム内部監査委員会設置要領",
    "kinkyu": "長崎市住民基本台帳ネットワークシステム緊急時対応計画書",
    "shogai": "長崎市住民基本台帳ネットワークシステム障害発生時対応マニュアル",
}
TOP_HEADINGS = ["はじめに", "この例規集を使う人", "構成", "編集上の注記"]
KANGXI = re.compile("[\u2f00-\u2fdf\u2e80-\u2eff]")  # Kangxi radicals / CJK radicals supplement


def test_html_build_is_clean(corpus: CorpusBuild) -> None:
    assert corpus.html_log.strip() == ""
    assert (corpus.html / "index.html").exists()


def test_latex_build_is_clean(corpus: CorpusBuild) -> None:
    assert corpus.latex_log.strip() == ""
    assert corpus.pdf_rc == 0, corpus.pdf_log


def _pdfs(corpus: CorpusBuild) -> list[Path]:
    pdfs = [p for p in corpus.latex.glob("*.pdf") if not p.name.startswith("graphviz-")]
    assert pdfs, corpus.pdf_log
    return pdfs


def test_every_pdf_font_is_embedded(corpus: CorpusBuild) -> None:
    for pdf in _pdfs(corpus):
        rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert rows, pdf
        for row in rows:
            cols = row.split()
            emb = cols[-5]
            assert emb == "yes", f"{pdf.name}: font not embedded: {row}"


def test_pdf_text_is_extractable_verbatim(corpus: CorpusBuild) -> None:
    pdf = corpus.latex / "reikishu.pdf"
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    for heading in TOP_HEADINGS + list(INSTRUMENTS.values()):
        assert heading in flat, heading
    assert "第7条" in flat and "緊急時対応計画" in flat
    assert not KANGXI.search(text), KANGXI.findall(text)[:10]


def test_pdf_is_a4_with_page_numbers(corpus: CorpusBuild) -> None:
    info = subprocess.run(["pdfinfo", str(corpus.latex / "reikishu.pdf")], capture_output=True, text=True, check=True).stdout
    assert "595.28 x 841.89 pts (A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages > 20
    last = subprocess.run(
        ["pdftotext", "-f", "10", "-l", "10", str(corpus.latex / "reikishu.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert re.search(r"^\s*\d+\s*$", last, re.M), "no page number on page 10"


class AssetParser(HTMLParser):
    """Collect the URLs of scripts, stylesheets, images and fonts a page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "img", "source", "iframe", "video", "audio") and a.get("src"):
            self.urls.append(a["src"] or "")
        if tag == "link" and a.get("href") and (a.get("rel") or "") not in ("canonical",):
            self.urls.append(a["href"] or "")


EXTERNAL = re.compile(r"^(https?:)?//", re.I)


def test_site_loads_nothing_from_outside(corpus: CorpusBuild) -> None:
    pages = list(corpus.html.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        p = AssetParser()
        p.feed(page.read_text(encoding="utf-8"))
        assert not [u for u in p.urls if EXTERNAL.match(u)], page
    for css in corpus.html.rglob("*.css"):
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8", errors="replace"))
        urls += re.findall(r"@import\s+['\"]([^'\"]+)", css.read_text(encoding="utf-8", errors="replace"))
        assert not [u for u in urls if EXTERNAL.match(u)], css


def test_top_page_serves_its_readers(corpus: CorpusBuild) -> None:
    html = (corpus.html / "index.html").read_text(encoding="utf-8")
    for word in [
        "窓口の職員",
        "新たに配属された職員",
        "審議会の委員",
        "起草した案",
        "公報に登載された例規そのものではない",
    ]:
        assert word in html, word


def test_every_instrument_is_there_with_its_chapters(corpus: CorpusBuild) -> None:
    data = json.loads((corpus.html / "reiki.json").read_text(encoding="utf-8"))
    got = {i["id"]: i for i in data["instruments"]}
    for ident, title in INSTRUMENTS.items():
        assert got[ident]["title"] == title
        assert any(u["caption"] for u in got[ident]["units"]), ident
    kitei = {u["anchor"]: u for u in got["kitei"]["units"]}
    captions = [kitei[f"a{n}"]["caption"] for n in range(1, 33)]
    assert captions[6] == "緊急時対応計画等"  # 第7条: the plan and the manual are made under it
    assert "緊急時対応計画書" in kitei["a7"]["text"] and "障害発生時対応マニュアル" in kitei["a7"]["text"]


def test_following_kitei_article_7_lands_on_the_emergency_provision(corpus: CorpusBuild) -> None:
    page = (corpus.html / "policies" / "shogai-manual.html").read_text(encoding="utf-8")
    m = re.search(r'href="(kanri-unyo-kitei\.html#a7)"', page)
    assert m, "the manual cites 規程第7条"
    target = (corpus.html / "policies" / "kanri-unyo-kitei.html").read_text(encoding="utf-8")
    art = target[target.index('id="a7"') :]
    assert art.index("緊急時対応計画等") < 200


def test_export_matches_its_schema(corpus: CorpusBuild) -> None:
    import jsonschema

    schema = json.loads(
        (Path(__file__).parent.parent / "reiki" / "schemas" / "export.schema.json").read_text(encoding="utf-8")
    )
    data = json.loads((corpus.html / "reiki.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert len(data["instruments"]) >= 7 and len(data["citations"]) > 50


def test_english_edition_builds_strictly(corpus_en: CorpusBuild) -> None:
    """Every rule is fully translated (the build stops otherwise) and the English pages carry English labels."""
    assert corpus_en.html_rc == 0, corpus_en.html_log
    page = (corpus_en.html / "policies" / "kanri-unyo-kitei.html").read_text(encoding="utf-8")
    assert 'href="#a7">Article 7</a>' in page and "(Purpose)" in page and "Translation incomplete" not in page
    assert 'href="../../ja/policies/kanri-unyo-kitei.html">日本語</a>' in page
