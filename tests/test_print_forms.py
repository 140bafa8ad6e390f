"""The audit forms and the 新旧対照表 as printed (ja and en): inside the text area, no overfull line, forms to fill in."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

if TYPE_CHECKING:
    from conftest import CorpusBuild

REPO = Path(__file__).resolve().parent.parent
VOLUMES = ("audit-forms", "shinkyu")
PT = 72 / 72.27  # TeX points to PDF points
_CHECKLIST = yaml.safe_load((REPO / "data" / "checklist.yaml").read_text(encoding="utf-8"))["items"]
ITEMS = len(_CHECKLIST) + sum(1 for i in _CHECKLIST if i.get("self_inspection"))  # audit form + self-inspection
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def areas(latex: Path, name: str) -> list[list[float]]:
    """Per physical page: left, right, top, bottom of the text area and the footskip (PDF points), as LaTeX wrote them."""
    rows = (ln.split()[1:] for ln in (latex / f"{name}.areas").read_text().splitlines())
    return [[float(v.removesuffix("pt")) * PT for v in r] for r in rows]


def outside(pdf: Path, page_areas: list[list[float]]) -> list[str]:
    """Words beyond the text area's sides, or between the text area and the footer (crossing the footer)."""
    box = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    bad = []
    for n, page in enumerate(box.split("<page ")[1:]):
        left, right, top, bottom, foot = page_areas[n]
        for x0, y0, x1, y1, word in WORD.findall(page):
            # a line-final 、。）」 is set half-width, but poppler reports the font's full-width advance
            slack = (float(y1) - float(y0)) / 2 + 1 if word[-1] in "、。，．）」』" else 1.0
            lead = (float(y1) - float(y0)) / 2 + 1 if word[0] in "（「『" else 1.0  # the same for a line-initial （
            x0, y0, x1, y1 = (float(v) for v in (x0, y0, x1, y1))
            in_footer = y0 > bottom + foot - 12 and y1 < bottom + foot + 4
            in_header = y1 < top and y0 > top - 40
            if (
                x0 < left - lead
                or x1 > right + slack
                or (y1 > bottom + 1 and not in_footer)
                or (y0 < top - 1 and not in_header)
            ):
                bad.append(f"p.{n + 1}: {word[:30]} ({x0:.0f},{y0:.0f})–({x1:.0f},{y1:.0f})")
    return bad


def overfull(log: str) -> list[str]:
    """Overfull boxes wider (or taller) than 1pt."""
    return [
        m.group(0) for m in re.finditer(r"Overfull \\[hv]box \(([\d.]+)pt too \w+\)[^\n]*", log) if float(m.group(1)) > 1
    ]


def text(pdf: Path) -> str:
    """The PDF's text, page by page."""
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_the_area_check_sees_a_line_off_the_page(tmp_path: Path) -> None:
    # negative control of outside(): a page with one word beyond the right margin
    tex = tmp_path / "t.tex"
    tex.write_text(
        r"\documentclass[dvipdfmx]{ujarticle}\usepackage{fancyhdr,geometry,reiki}\begin{document}"
        r"x\par\hbox to 1.15\textwidth{\hfil far}\end{document}",
        encoding="utf-8",
    )
    env = {"TEXINPUTS": f"{REPO / 'reiki' / 'static'}:", "PATH": "/usr/bin:/bin"}
    for cmd in (["uplatex", "-interaction=nonstopmode", "t.tex"], ["dvipdfmx", "-q", "t.dvi"]):
        subprocess.run(cmd, cwd=tmp_path, capture_output=True, env=env, check=True)
    bad = outside(tmp_path / "t.pdf", areas(tmp_path, "t"))
    assert [b for b in bad if "far" in b]


def _small_volume(tmp_path: Path, style: str, body: str) -> tuple[Any, list[Any], Any, list[list[float]]]:
    """A small volume set with reiki.sty (its form pages and footers), built and read as the print check reads one."""
    sys.path.insert(0, str(REPO))
    from tools import print_check

    tex = tmp_path / "v.tex"
    tex.write_text(
        r"\documentclass[dvipdfmx]{ujbook}\usepackage{fancyhdr,geometry,hyperref,reiki}"
        r"\newcommand{\reikiedition}{E}\title{T}\makeatletter"
        r"\fancypagestyle{normal}{\fancyhf{}\fancyfoot[C]{\thepage}}\let\ps@plain\ps@normal\let\ps@jpl@in\ps@normal"
        + style
        + r"\makeatother\pagestyle{normal}\begin{document}"
        + body
        + r"\end{document}",
        encoding="utf-8",
    )
    env = {"TEXINPUTS": f"{REPO / 'reiki' / 'static'}:", "PATH": "/usr/bin:/bin"}
    for cmd in (["uplatex", "-interaction=nonstopmode", "v.tex"],) * 2 + (["dvipdfmx", "-q", "v.dvi"],):
        subprocess.run(cmd, cwd=tmp_path, capture_output=True, env=env, check=True)
    vol = print_check.Volume.read(tex)
    geo = print_check.Geometry.from_log((tmp_path / "v.log").read_text(encoding="utf-8", errors="replace"))
    assert geo is not None
    return vol, print_check.words(tmp_path / "v.pdf"), geo, print_check.areas(tex)


def test_contents_numbers_are_printed_on_their_pages(tmp_path: Path) -> None:
    from tools.print_check import check_contents

    # the form's footer as it was: only the form's own 1／2, so the contents' number is on no page
    old = r"\fancypagestyle{reikiform}{\fancyhf{}\fancyfoot[C]{\reikipageof{\reiki@pagex}{\reiki@pagey}}}"
    body = (
        r"\tableofcontents\chapter{Alpha}a\newpage b\reikilandscape\chapter{Form}c\newpage d\reikiportrait\chapter{Omega}e"
    )
    (tmp_path / "old").mkdir()
    vol, pages, geo, page_areas = _small_volume(tmp_path / "old", old, body)
    bad = check_contents(vol, pages, geo, tmp_path, page_areas)
    assert len(bad) == 1 and re.search(r"目次の頁番号 \d+（Form）.*「1 ?／ ?2」", bad[0]), bad
    (tmp_path / "new").mkdir()  # reiki.sty's form footer: the page number and the form's 1／2
    vol, pages, geo, page_areas = _small_volume(tmp_path / "new", "", body)
    assert check_contents(vol, pages, geo, tmp_path, page_areas) == []


@pytest.mark.parametrize(("space", "fails"), [("4mm", True), ("15mm", False)])
def test_form_rows_leave_room_to_write(tmp_path: Path, space: str, fails: bool) -> None:
    from tools.print_check import check_writing_space

    rows = "".join(rf"CK-0{i} & q & \reikiformblank[{space}]{{}}\\\hline " for i in range(1, 4))
    body = (
        r"\reikilandscape\chapter{Form}\begin{reikiform}{|p{20mm}|p{80mm}|p{80mm}|}\hline "
        + rows
        + r"\end{reikiform}\reikiportrait"
    )
    vol, pages, _, page_areas = _small_volume(tmp_path, "", body)
    bad = check_writing_space(vol, pages, tmp_path, page_areas)
    # the last row of a page has no next row to measure against: two rows measured
    assert (len(bad) == 2 and all("書き込む余白" in b and "15 mm 以上" in b for b in bad)) if fails else bad == [], bad


@pytest.fixture(scope="module")
def english(corpus_en: CorpusBuild) -> Path:
    """The English LaTeX build, every volume run through uplatex (the session's English build)."""
    assert corpus_en.pdf_rc == 0, corpus_en.pdf_log
    return corpus_en.latex


@pytest.mark.parametrize("name", VOLUMES)
def test_japanese_volume_prints_inside_its_pages(corpus: CorpusBuild, name: str) -> None:
    assert corpus.pdf_rc == 0, corpus.pdf_log
    assert outside(corpus.latex / f"{name}.pdf", areas(corpus.latex, name)) == []
    assert overfull((corpus.latex / f"{name}.log").read_text(encoding="utf-8", errors="replace")) == []


@pytest.mark.parametrize("name", VOLUMES)
def test_english_volume_prints_inside_its_pages(english: Path, name: str) -> None:
    assert outside(english / f"{name}.pdf", areas(english, name)) == []
    assert overfull((english / f"{name}.log").read_text(encoding="utf-8", errors="replace")) == []


def _page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def test_forms_can_be_filled_in_by_hand(corpus: CorpusBuild) -> None:
    pdf = corpus.latex / "audit-forms.pdf"
    pages = text(pdf).split("\f")
    forms = [n for n, p in enumerate(pages) if "確認すること" in p and "番号" in p]
    sizes = _page_sizes(pdf)
    assert forms and all(sizes[n][0] > sizes[n][1] for n in forms)  # the forms are on landscape pages
    assert all(sizes[n][0] < sizes[n][1] for n in range(len(sizes)) if n not in forms and n > forms[-1] + 1)
    for n in forms:  # the header row on every page of a form, the page numbered within its form
        flat = re.sub(r"\s+", "", pages[n])
        assert "所見・備考" in flat or "備考（「いいえ」のときは理由と改善の予定）" in flat
        assert re.search(r"\d+\s*（様式\d+／\d+）", pages[n])  # the volume's page number, then the form's x／y
        assert not re.search(r"\d{4}年\d+月\d+日", pages[n])  # a Japanese form is dated in the era only
    body = "\n".join(pages[n] for n in forms)
    # the three choices on one line, once per item of each form
    assert body.count("はい・いいえ・該当なし") == ITEMS
    assert not re.search(r"はい・い\s*\n|いえ・該\s*\n", body)
    for field in ("記入者（職・氏名）", "確認者（職・氏名）", "確認者（セキュリティ責任者）", "令和　　年　　月　　日"):
        assert re.sub(r"\s+", "", field) in re.sub(r"\s+", "", body)


def test_english_forms_can_be_filled_in_by_hand(english: Path) -> None:
    pdf = english / "audit-forms.pdf"
    pages = text(pdf).split("\f")
    forms = [n for n, p in enumerate(pages) if "What to check" in p and "No." in p]
    sizes = _page_sizes(pdf)
    assert forms and all(sizes[n][0] > sizes[n][1] for n in forms)
    for n in forms:  # the header row on every page; the volume's page number with the form's own page x of y
        flat = re.sub(r"\s+", " ", pages[n])
        assert "Findings and remarks" in flat or "Remarks (if No: the reason and the planned improvement)" in flat
        assert re.search(r"\b\d+ \(form page \d+ of \d+\)", flat), flat[-200:]
    body = unicodedata.normalize("NFKC", "\n".join(pages[n] for n in forms))  # the ligatures ﬁ ﬃ as letters
    assert not re.search(r"Yes / No\s*\n|No / N\s*\n", body)  # the choices on one line
    for field in ("Completed by (post, name)", "Checked by (post, name)", "Checked by (Security Officer)"):
        assert field in re.sub(r"\s+", " ", body)
    # dates in one English form: each date box and both ends of the period as Day / Month / Year, no era
    assert body.count("Day ______ Month ______ Year ________") == 4
    assert not re.search(r"令和|平成|年\s*月", text(pdf))


def test_english_forms_and_tables_are_english(english: Path) -> None:
    forms = text(english / "audit-forms.pdf")
    assert forms.count("Yes / No / N/A") == ITEMS and "Findings and remarks" in forms and "Completed by" in forms
    shinkyu = text(english / "shinkyu.pdf")
    # the 改め文 (reiki/amending.py) is printed in Japanese in both editions: not part of this check
    shinkyu = re.sub(
        r"\n改め文\n.*?(?=old/new comparison table|the text before the amendment|\Z)", "\n", shinkyu, flags=re.S
    )
    assert "After amendment" in shinkyu and "Before amendment" in shinkyu and "(omitted)" in shinkyu
    for volume in (forms, shinkyu):
        cjk = len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", volume))
        assert cjk < len(volume) / 200, f"{cjk} Japanese characters left"
