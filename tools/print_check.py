"""Print check: every page of every built volume can be handed out on paper.

For each volume (its .tex, .log and .pdf in a LaTeX build folder) it checks that no text runs outside the
text area, the running head and the footer (pdftotext -bbox-layout against the page geometry the volume
writes to its log); that no line or table is overfull by more than 1 pt and no reference is undefined
(the LaTeX log, mapped back to the source file:line); that no file or web path is printed; that every
page but the title page carries its number, and the number the contents give for an entry is printed at the
foot of the page the entry leads to; that each numbered row of a form leaves 15 mm to write in; and that
every character prints as itself (glyph_check).
It writes images of each volume's first pages and widest pages to <build>/review/ for a person to look at.
Each failure is one Japanese line 'file:line: what: what to do'.
"""

from __future__ import annotations

import html
import itertools
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools import glyph_check
from tools.texsource import ROOT, Volume, place, source_root

SLACK = 1.0  # pt: overfull lines and text beyond the area tolerated up to this
PATH = re.compile(
    r"(?<![\w:/.])(?:/?(?:data|docs|policies|internal|locale|reiki|tools)/[\w./-]+|[\w-]+(?:/[\w.-]+)*\.(?:ya?ml|md|csv|bib|py)\b)"
)
OVERFULL = re.compile(r"^Overfull \\hbox \(([\d.]+)pt too wide\) (in paragraph|in alignment|detected) at lines? (\d+)")
CLOSING = set("、。，．）〕］｝〉》」』】・：；")
OPENING = set("（〔［｛〈《「『【")
UNDEFINED = re.compile(r"Reference `([^']+)' on page \d+ undefined on input line (\d+)")


@dataclass(frozen=True)
class Geometry:
    """The page and text area of a volume, in pt from the top left corner (as pdftotext reports)."""

    width: float
    height: float
    left: float
    top: float
    right: float
    bottom: float
    head_top: float
    foot_bottom: float

    @classmethod
    def from_log(cls, log: str) -> Geometry | None:
        """Read the reiki-geometry line that reiki.sty writes at the beginning of the document."""
        at = log.find("reiki-geometry:")
        if at < 0:
            return None
        flat = log[at : at + 600].replace("\n", "")  # the log wraps lines at 79 characters
        text = flat[: flat.find("pt.", flat.find("footskip=")) + 2]
        v = {k: float(n) * 72 / 72.27 for k, n in re.findall(r"(\w+)=(-?[\d.]+)pt", text)}
        inch = 72.0
        left = inch + v["hoffset"] + v["oddsidemargin"]
        top = inch + v["voffset"] + v["topmargin"] + v["headheight"] + v["headsep"]
        return cls(
            v["paperwidth"],
            v["paperheight"],
            left,
            top,
            left + v["textwidth"],
            top + v["textheight"],
            top - v["headsep"] - v["headheight"] - 4,
            top + v["textheight"] + v["footskip"] + 4,
        )

    def on_page(self, area: list[float] | None) -> Geometry:
        """The geometry moved to a page's own text area (a landscape form page has another), keeping head and foot."""
        if area is None:
            return self
        left, right, top, bottom, footskip = area
        landscape = right - left > self.width
        width, height = (self.height, self.width) if landscape else (self.width, self.height)
        head = self.top - self.head_top
        return Geometry(width, height, left, top, right, bottom, top - head, bottom + footskip + 4)


def areas(tex: Path) -> list[list[float]]:
    """The text area of each printed page, in page order, as reiki.sty records it in <volume>.areas (pt → bp)."""
    path = tex.with_suffix(".areas")
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 6:
            rows.append([float(x.removesuffix("pt")) * 72 / 72.27 for x in parts[1:]])
    return rows


@dataclass(frozen=True)
class Word:
    """A word of a page as pdftotext places it."""

    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def words(pdf: Path) -> list[list[Word]]:
    """The words of each page (pdftotext -bbox-layout)."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for n, chunk in enumerate(out.split("<page ")[1:], 1):
        pages.append(
            [
                Word(n, html.unescape(m.group(5)), *(float(m.group(i)) for i in range(1, 5)))
                for m in re.finditer(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', chunk
                )
            ]
        )
    return pages


def plain(tex_line: str) -> list[str]:
    """The runs of text of a .tex line (commands and braces removed), longest first."""
    s = re.sub(
        r"\\(?:label|hyperref|sphinxhref|phantomsection|detokenize|url|hypertarget)\b(\[[^\]]*\])?(\{[^{}]*\})?",
        " ",
        tex_line,
    )
    s = re.sub(r"\\[A-Za-z@]+\*?", " ", s)
    runs = [r.strip() for r in re.split(r"[{}\[\]\\$&#^_~%]+|\s{2,}", s)]
    return sorted((r for r in runs if len(r) >= 2), key=len, reverse=True)


def tex_place(vol: Volume, line: int, root: Path) -> str:
    """The source place of what a .tex line (or the lines just after it) prints."""
    for n in range(line, min(line + 5, len(vol.lines) + 1)):
        for run in plain(vol.lines[n - 1])[:3]:
            where = place(vol, n, run[:20], root)
            if not where.endswith(f".tex:{n}"):
                return where
    return place(vol, line, "", root)


def text_place(vol: Volume, needle: str, root: Path) -> str:
    """The source place of a printed string: found in the .tex (for its page), then in the sources."""
    probe = needle[:20]
    n = next((i for i, line in enumerate(vol.lines, 1) if probe in line), None)
    if n is None:
        probe = probe.replace("_", r"\_")
        n = next((i for i, line in enumerate(vol.lines, 1) if probe in line), vol.body_start())
    return place(vol, n, needle[:20], root)


def unwrap(log: str) -> str:
    """The log with TeX's 79-character line wrapping undone."""
    out: list[str] = []
    joining = False
    for line in log.splitlines():
        if joining:
            out[-1] += line
        else:
            out.append(line)
        joining = len(line) == 79
    return "\n".join(out)


def check_log(vol: Volume, log: str, root: Path) -> list[str]:
    """Overfull lines and tables wider than SLACK, undefined references."""
    out = []
    log = unwrap(log)
    lines = log.splitlines()
    for i, ln in enumerate(lines):
        m = OVERFULL.match(ln)
        if m and float(m.group(1)) > SLACK:
            # the log shows the overfull line's text after the warning: find it in the sources first
            shown = re.sub(r"\\[A-Z0-9]+/[\w/.]+|\[\]|\\[A-Za-z@]+", " ", lines[i + 1] if i + 1 < len(lines) else "")
            runs = sorted((r for r in shown.split() if len(r) >= 3), key=len, reverse=True)
            where = place(vol, int(m.group(3)), runs[0][:20], root) if runs else ""
            if not runs or where.endswith(f".tex:{m.group(3)}"):
                where = tex_place(vol, int(m.group(3)), root)
            if m.group(2) == "in alignment":
                out.append(
                    f"{where}: 表が紙の幅を {float(m.group(1)):.0f}pt はみ出す: 表を分ける（列を減らすか、縦長の表にする）"
                )
            else:
                out.append(
                    f"{where}: 行が紙の幅を {float(m.group(1)):.0f}pt はみ出す: "
                    "長い語（番号・記号の列）に区切りを入れるか、表を分ける"
                )
    for label, line in UNDEFINED.findall(log):
        out.append(
            f"{tex_place(vol, int(line), root)}: 参照先 '{label}' がこの巻にない（?? と印刷される）: 条文の引用にする"
        )
    return out


def check_pages(
    vol: Volume, pages: list[list[Word]], base: Geometry, root: Path, page_areas: list[list[float]] | None = None
) -> list[str]:
    """Text outside the text area, head and foot; path-like strings; pages without a number."""
    out = []
    for n, page in enumerate(pages):
        geo = base.on_page(page_areas[n] if page_areas and n < len(page_areas) else None)
        for w in page:
            # a full-width glyph box reaches half an em past a line-end 、。）」 set half-width (and before （「)
            size = w.y1 - w.y0
            after = 0.55 * size if w.text[-1:] in CLOSING else 0
            before = 0.55 * size if w.text[:1] in OPENING else 0
            body = geo.left - SLACK - before <= w.x0 and w.x1 <= geo.right + SLACK + after
            band = geo.head_top <= w.y0 and w.y1 <= geo.foot_bottom
            if not (body and band) or w.x0 < 0 or w.x1 > geo.width or w.y1 > geo.height:
                out.append(
                    f"{text_place(vol, w.text, root)}: 「{w.text[:20]}」が {w.page} 頁で本文の枠の外に出る: "
                    "表を分けるか、文を短くする"
                )
                break
        text = " ".join(w.text for w in page)
        for m in PATH.finditer(text):
            out.append(
                f"{text_place(vol, m.group(0), root)}: 紙面にパス '{m.group(0)}' が印刷される（{page[0].page} 頁）: "
                "条文の引用にする（頁の参照でもよい）"
            )
        if page and page[0].page > 1:
            foot = [w for w in page if w.y0 > geo.bottom and re.fullmatch(r"\d+|[ivxlcdm]+|\d+／\d+", w.text)]
            if not foot:
                out.append(
                    f"{_rel(vol.tex, root)}: {page[0].page} 頁に頁番号がない: 頁番号の出る頁の様式（plain/normal）にする"
                )
    return out


WRITING = 15.0 * 72 / 25.4  # bp: the least room to write in a form's row (three handwritten lines, 15 mm)
ITEM = re.compile(r"[A-Z]{1,5}-\d{1,4}")  # an item number in a form's first column (CK-01)


def check_writing_space(vol: Volume, pages: list[list[Word]], root: Path, page_areas: list[list[float]]) -> list[str]:
    """On a form's (landscape) pages, each numbered row leaves at least 15 mm below its first line to write in."""
    out = []
    for n, page in enumerate(pages):
        area = page_areas[n] if n < len(page_areas) else None
        if area is None or area[1] - area[0] < area[3] - area[2] or not page:
            continue  # a portrait page holds no form
        items = [w for w in page if ITEM.fullmatch(w.text)]
        if not items:
            continue
        left = min(w.x0 for w in items)
        starts = sorted({round(w.y0, 1): w for w in page if abs(w.x0 - left) < 2}.values(), key=lambda w: w.y0)
        for this, following in itertools.pairwise(starts):
            room = following.y0 - this.y1  # from the foot of the row's first line to the next row
            if ITEM.fullmatch(this.text) and room < WRITING - SLACK:
                out.append(
                    f"{text_place(vol, this.text, root)}: 様式の {this.text} の行に書き込む余白が "
                    f"{room * 25.4 / 72:.0f} mm しかない（{n + 1} 頁）: 記入欄の高さを 15 mm 以上にする"
                )
    return out


CONTENTS = re.compile(r"^\\contentsline \{\w+\}\{(.*)\}\{([^{}]*)\}\{([^{}]*)\}%?$")


def destinations(pdf: Path) -> dict[str, int]:
    """The PDF's named destinations (hyperref anchors) and the physical page each is on (pdfinfo -dests)."""
    out = subprocess.run(["pdfinfo", "-dests", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {m.group(2): int(m.group(1)) for m in re.finditer(r'^\s*(\d+) \[.*?\] "(.*)"$', out, re.M)}


def footer_numbers(page: list[Word], geo: Geometry) -> list[str]:
    """The words printed in the middle of a page's footer (its page number and, on a form, the form's x of y)."""
    return [w.text for w in page if w.y0 > geo.bottom and geo.width / 3 < (w.x0 + w.x1) / 2 < 2 * geo.width / 3]


def _heading_place(vol: Volume, title: str, root: Path) -> str:
    """The source place of a heading: its chapter or section line in the .tex, traced to the page's source."""
    probe = title[:20]
    n = next(
        (i for i, ln in enumerate(vol.lines, 1) if re.match(r"\\(?:chapter|(?:sub)*section)\*?\{", ln) and probe in ln),
        None,
    )
    if n is None:
        return text_place(vol, title, root)
    start = next((s for s, _ in vol.starts if n <= s <= n + 3), n)  # a page's label follows its first heading
    return place(vol, start, probe, root)


def _headings(page: list[Word]) -> str:
    """The text a page sets larger than its running text (its headings), run together."""
    sizes = sorted(w.y1 - w.y0 for w in page)
    body = sizes[len(sizes) // 2] if sizes else 0
    return "".join(w.text for w in page if w.y1 - w.y0 > 1.15 * body)


def check_contents(
    vol: Volume, pages: list[list[Word]], base: Geometry, root: Path, page_areas: list[list[float]] | None = None
) -> list[str]:
    """Every page number the contents give is printed at the foot of the page its entry leads to."""
    toc = vol.tex.with_suffix(".toc")
    pdf = vol.tex.with_suffix(".pdf")
    if not toc.exists() or not pdf.exists():
        return []
    dests = destinations(pdf)
    out = []
    for line in toc.read_text(encoding="utf-8", errors="replace").splitlines():
        m = CONTENTS.match(line.strip())
        if not m or m.group(3) not in dests:
            continue
        title = re.sub(r"\\numberline\s*\{[^{}]*\}", "", m.group(1))
        runs = plain(title)
        number, n = m.group(2).strip(), dests[m.group(3)]
        if n > len(pages):
            continue
        # the heading's own page: an anchor can stay at the foot of the page before a heading that moved on
        key = re.sub(r"\s+", "", runs[0])[:12] if runs else ""
        if key and key not in _headings(pages[n - 1]) and n < len(pages):
            n += 1 if key in _headings(pages[n]) else 0
        geo = base.on_page(page_areas[n - 1] if page_areas and n <= len(page_areas) else None)
        shown = footer_numbers(pages[n - 1], geo)
        if number not in shown:
            where = _heading_place(vol, runs[0], root) if runs else _rel(vol.tex, root)
            out.append(
                f"{where}: 目次の頁番号 {number}（{(runs[0] if runs else title)[:20]}）が、その頁（{n} 枚目）の下に"
                f"印刷されていない（「{' '.join(shown) or 'なし'}」とある）: 頁の下に目次と同じ頁番号を出す"
            )
    return out


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def review(pdf: Path, pages: list[list[Word]], out: Path) -> None:
    """Images of the first pages and the widest pages (text reaching furthest right) for a person to look at."""
    out.mkdir(exist_ok=True)
    widest = sorted(range(len(pages)), key=lambda i: max((w.x1 for w in pages[i]), default=0), reverse=True)[:2]
    for n in sorted({1, 2, 3, *(i + 1 for i in widest)}):
        if n <= len(pages):
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "50",
                    "-png",
                    "-f",
                    str(n),
                    "-l",
                    str(n),
                    "-singlefile",
                    str(pdf),
                    str(out / f"{pdf.stem}-p{n}"),
                ],
                check=True,
            )


def check_volume(tex: Path, root: Path = ROOT) -> list[str]:
    """Every failure of one built volume."""
    vol = Volume.read(tex)
    log_path, pdf = tex.with_suffix(".log"), tex.with_suffix(".pdf")
    if not pdf.exists() or not log_path.exists():
        return [f"{_rel(tex, root)}: PDF またはログがない: 先に PDF を作る（make pdf）"]
    log = log_path.read_text(encoding="utf-8", errors="replace")
    geo = Geometry.from_log(log)
    if geo is None:
        return [f"{_rel(log_path, root)}: 頁の寸法（reiki-geometry）がログにない: reiki.sty を読み込む"]
    pages = words(pdf)
    review(pdf, pages, tex.parent / "review")
    found = check_log(vol, log, root) + check_pages(vol, pages, geo, root, areas(tex))
    found += check_contents(vol, pages, geo, root, areas(tex)) + check_writing_space(vol, pages, root, areas(tex))
    return list(dict.fromkeys(found))


def main(argv: list[str]) -> int:
    """print_check.py LATEX_DIR [VOLUME ...]: one line per failure; exit 1 when there is any."""
    if not argv:
        print("usage: print_check.py LATEX_DIR [VOLUME ...]", file=sys.stderr)
        return 2
    d = Path(argv[0])
    texs = [d / f"{n}.tex" for n in argv[1:]] or sorted(d.glob("*.tex"))
    root = source_root(d)
    failures = [line for tex in texs for line in check_volume(tex, root)]
    try:
        failures += [f.line() for f in glyph_check.check(d, [t.stem for t in texs], root)]
    except RuntimeError as exc:
        failures.append(f"{d}: {exc}")
    for line in failures:
        print(line, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
