"""Glyph check: every character of a printed volume is set as itself, never as a substitute glyph (☒).

The text layer of a PDF keeps the right character even when the font mapping prints another glyph
(issue 19: 鍵 printed as ☒ while pdftotext returned 鍵), so this check looks at the ink: it sets every
distinct character of each volume with that volume's own preamble and fonts, rasterises the page
(pdftoppm), and compares each glyph with the same character drawn from the font files themselves
(Pillow/FreeType), and with each font's substitution glyph (.notdef).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools.texsource import ROOT, Volume, place, source_root

SIZE_PT = 20  # the size the characters are set at
DPI = 144  # 40 px to the em
PASS = 0.8  # least likeness (0..1) of the printed glyph to the font's own glyph
FAMILIES = {"r": r"\rmfamily", "s": r"\sffamily", "b": r"\sffamily\bfseries"}  # body, headings and labels
# The font files a volume's preamble may print with (IPAex through pxchfon, TeX Gyre for Latin).
FONT_FILES = ["ipaexm.ttf", "ipaexg.ttf", "qtmr.pfb", "qtmb.pfb", "qhvr.pfb", "qhvb.pfb", "qcrr.pfb"]
_METADATA = re.compile(r"^\\(title|date|release|author)\{")


@dataclass(frozen=True)
class Failure:
    """A character that does not print as itself, with the first source place that uses it."""

    where: str
    char: str
    what: str

    def line(self) -> str:
        """The one Japanese line an author reads."""
        return f"{self.where}: 字形 '{self.char}' (U+{ord(self.char):04X}) が{self.what}: 別の文字を使う"


def printable(ch: str) -> bool:
    """Characters that leave ink: not spaces, controls or format marks (ASCII is checked for letters and digits)."""
    if ord(ch) < 128:
        return ch.isalnum()
    return unicodedata.category(ch)[0] not in "ZCM"


def volume_chars(vol: Volume) -> dict[str, int]:
    """Every printable character of a volume with the first .tex line holding it."""
    first: dict[str, int] = {}
    for n, line in enumerate(vol.lines, 1):
        if line.lstrip().startswith("%"):
            continue
        text = re.sub(r"\\[A-Za-z@]+", " ", line) if line.isascii() else line
        for ch in text:
            if ord(ch) >= 128 and printable(ch):
                first.setdefault(ch, n)
    return first


def font_preamble(vol: Volume) -> str:
    """The volume's preamble without its title lines: what decides the fonts."""
    pre = vol.lines[: vol.body_start() - 1]
    return "\n".join(line for line in pre if not _METADATA.match(line))


def glyph_document(preamble: str, chars: list[str]) -> str:
    """A document setting each character in each family after a numbered tag: 'r12 鍵'."""
    items = []
    for fam, cmd in FAMILIES.items():
        items.append(r"\clearpage{" + cmd)
        items += [
            rf"\mbox{{{{\normalfont\ttfamily\small {fam}{i}}}\hspace{{1.2em}}{c}}}\hspace{{1.6em plus 1fil}}"
            for i, c in enumerate(chars)
        ]
        items.append(r"\par}")
    body = "\n".join(items)
    return (
        f"{preamble}\n\\begin{{document}}\\pagestyle{{empty}}\\raggedright\\noindent"
        f"\\fontsize{{{SIZE_PT}pt}}{{{2 * SIZE_PT}pt}}\\selectfont\n{body}\n\\end{{document}}\n"
    )


def typeset(latex_dir: Path, source: str, work: Path) -> Path:
    """Set the document with uplatex and dvipdfmx inside the volume's build folder (same class and styles)."""
    (work / "glyphs.tex").write_text(source, encoding="utf-8")
    env = {"TEXINPUTS": f"{latex_dir.resolve()}:", "PATH": "/usr/bin:/bin"}
    for cmd in (["uplatex", "-interaction=batchmode", "-halt-on-error", "glyphs.tex"], ["dvipdfmx", "-q", "glyphs.dvi"]):
        run = subprocess.run(cmd, cwd=work, capture_output=True, text=True, env=env)
        if run.returncode != 0:
            log = (work / "glyphs.log").read_text(errors="replace") if (work / "glyphs.log").exists() else run.stderr
            err = next((ln for ln in log.splitlines() if ln.startswith("!")), run.stderr.strip()[:200])
            raise RuntimeError(f"字形の確認用の文書を組めない（{cmd[0]}）: {err}")
    return work / "glyphs.pdf"


def word_boxes(pdf: Path) -> list[tuple[int, str, tuple[float, float, float, float]]]:
    """Every word of the PDF as (page, text, (x0, y0, x1, y1) in pt), from pdftotext -bbox."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    out = []
    for page, chunk in enumerate(html.split("<page ")[1:]):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', chunk):
            x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
            out.append((page, _unescape(m.group(5)), (x0, y0, x1, y1)))
    return out


def _unescape(s: str) -> str:
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def ink(img: Image.Image) -> np.ndarray:
    """The glyph's ink, cropped to its bounding box, scaled (aspect kept) into a 48-pixel square, as booleans."""
    a = np.asarray(img.convert("L")) < 128
    ys, xs = np.nonzero(a)
    if not len(ys):
        return np.zeros((0, 0), bool)
    crop = Image.fromarray(((~a[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]) * 255).astype(np.uint8))
    scale = 44 / max(crop.size)
    w, h = max(1, round(crop.width * scale)), max(1, round(crop.height * scale))
    canvas = Image.new("L", (48, 48), 255)
    canvas.paste(crop.resize((w, h), Image.Resampling.BOX), ((48 - w) // 2, (48 - h) // 2))
    return np.asarray(canvas) < 160


def grow(x: np.ndarray, r: int = 2) -> np.ndarray:
    """The ink widened by r pixels in every direction (slack for rasterising differences)."""
    h, w = x.shape
    p = np.pad(x, r)
    out = np.zeros_like(x)
    for dy in range(2 * r + 1):
        for dx in range(2 * r + 1):
            out |= p[dy : dy + h, dx : dx + w]
    return out


def likeness(a: np.ndarray, b: np.ndarray) -> float:
    """How alike two inks are (0..1): the share of each one's ink that lies on the other's, with slack."""
    if not a.size or not b.size or not a.any() or not b.any():
        return 0.0
    return float(min((a & grow(b)).sum() / a.sum(), (b & grow(a)).sum() / b.sum()))


@cache
def font_path(name: str) -> Path | None:
    """A font file as TeX finds it (kpsewhich)."""
    found = subprocess.run(["kpsewhich", name], capture_output=True, text=True).stdout.strip()
    return Path(found) if found else None


def has(path: Path, ch: str) -> bool:
    """Whether a font file has a glyph for the character (TrueType cmap; Type 1: FreeType draws ink for it)."""
    if path.suffix == ".ttf":
        return ord(ch) in cmap(path)
    return bool(drawn(path, ch).any())


@cache
def cmap(path: Path) -> frozenset[int]:
    """The code points of a TrueType font."""
    return frozenset(TTFont(path, lazy=True).getBestCmap())


@cache
def drawn(path: Path, ch: str) -> np.ndarray:
    """The character drawn from the font file at the size it is set at."""
    font = ImageFont.truetype(str(path), round(SIZE_PT * DPI / 72), layout_engine=ImageFont.Layout.BASIC)
    img = Image.new("L", (160, 120), 255)
    ImageDraw.Draw(img).text((40, 20), ch, font=font, fill=0)
    return ink(img)


def notdef(path: Path) -> np.ndarray:
    """The font's substitution glyph (.notdef): what FreeType draws for a code point the font lacks."""
    return drawn(path, "\U0010fffd")


def judge(printed: np.ndarray, ch: str, fonts: list[Path]) -> str | None:
    """Why the printed ink is not the character (None when it is)."""
    if not printed.any():
        return "印刷されない（空白になる）"
    best = max((likeness(printed, drawn(f, ch)) for f in fonts), default=0.0)
    subst = max(likeness(printed, notdef(f)) for f in fonts_all())
    if subst > best and subst >= PASS:
        return "代わりの字形（☒など）で印刷される"
    if best < PASS:
        return f"フォントの字形と違う形で印刷される（一致度 {best:.2f}）"
    return None


@cache
def fonts_all() -> tuple[Path, ...]:
    """The font files found on this machine."""
    return tuple(p for n in FONT_FILES if (p := font_path(n)) is not None)


def glyph_ink(
    page: np.ndarray, box: tuple[float, float, float, float], others: list[tuple[float, float, float, float]]
) -> np.ndarray:
    """The ink around a word's box on a page image (grey levels), with every other word's box blanked out."""
    k = DPI / 72
    pad = SIZE_PT * 0.3
    x0, y0, x1, y1 = box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad
    crop = page[max(0, int(y0 * k)) : int(y1 * k), max(0, int(x0 * k)) : int(x1 * k)].copy()
    for o in others:
        if o[0] < x1 and o[2] > x0 and o[1] < y1 and o[3] > y0:
            oy0, oy1 = max(0, int((o[1] - y0) * k) - 1), int((o[3] - y0) * k) + 2
            ox0, ox1 = max(0, int((o[0] - x0) * k) - 1), int((o[2] - x0) * k) + 2
            crop[oy0:oy1, ox0:ox1] = 255
    return ink(Image.fromarray(crop))


def check_chars(latex_dir: Path, preamble: str, chars: list[str]) -> dict[str, str]:
    """Typeset the characters with the preamble and return why each failing character fails."""
    fonts = fonts_all()
    bad: dict[str, str] = {}
    have = {ch: [f for f in fonts if has(f, ch)] for ch in chars}
    for ch, fs in have.items():
        if not fs:
            bad[ch] = "和文・欧文のどのフォントにもない"
    todo = [ch for ch in chars if ch not in bad]
    if not todo:
        return bad
    with tempfile.TemporaryDirectory(dir=latex_dir, prefix=".glyphs-") as tmp:
        work = Path(tmp)
        pdf = typeset(latex_dir, glyph_document(preamble, todo), work)
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(work / "p")], check=True)
        pages = [np.asarray(Image.open(p).convert("L")) for p in sorted(work.glob("p-*.png"))]
        words = word_boxes(pdf)
        em = SIZE_PT
        seen: set[str] = set()
        for page, text, box in words:
            m = re.fullmatch(r"([rsb])(\d+)", text)
            if not m or int(m.group(2)) >= len(todo):
                continue
            ch = todo[int(m.group(2))]
            # the character set right after its tag, on the same line
            right = [
                w
                for w in words
                if w[0] == page
                and box[2] - em < w[2][0] < box[2] + 2.5 * em
                and w[2][1] < box[3]
                and w[2][3] > box[1]
                and not re.fullmatch(r"[rsb]\d+", w[1])
            ]
            nxt = min(right, key=lambda w: w[2][0], default=None)
            if nxt is None or nxt[1] != ch:
                continue
            seen.add(m.group(0))
            why = judge(glyph_ink(pages[page], nxt[2], [w[2] for w in words if w[0] == page and w is not nxt]), ch, have[ch])
            if why:
                bad.setdefault(ch, why)
        for fam in FAMILIES:
            for i, ch in enumerate(todo):
                if f"{fam}{i}" not in seen:
                    bad.setdefault(ch, "印刷されない（PDF の文字として出てこない）")
    return bad


def check(latex_dir: Path, names: list[str] | None = None, root: Path = ROOT) -> list[Failure]:
    """Check the named volumes (default: every .tex) in a LaTeX build folder; one failure per character."""
    texs = [latex_dir / f"{n}.tex" for n in names] if names else sorted(latex_dir.glob("*.tex"))
    texs.sort(key=lambda t: (t.stem != "reikishu", t.stem))  # the first place named is in the 例規集 when it has one
    groups: dict[str, list[Volume]] = {}
    for tex in texs:
        vol = Volume.read(tex)
        groups.setdefault(font_preamble(vol), []).append(vol)
    failures: dict[str, Failure] = {}
    for preamble, vols in groups.items():
        firsts = [(vol, volume_chars(vol)) for vol in vols]
        chars = sorted({ch for _, f in firsts for ch in f})
        for ch, why in check_chars(latex_dir, preamble, chars).items():
            vol, line = next((v, f[ch]) for v, f in firsts if ch in f)
            failures.setdefault(ch, Failure(place(vol, line, ch, root), ch, why))
    return sorted(failures.values(), key=lambda f: (f.where, f.char))


def main(argv: list[str]) -> int:
    """glyph_check.py LATEX_DIR [VOLUME ...]: one line per character that does not print as itself."""
    if not argv:
        print("usage: glyph_check.py LATEX_DIR [VOLUME ...]", file=sys.stderr)
        return 2
    try:
        failures = check(Path(argv[0]), argv[1:] or None, source_root(Path(argv[0])))
    except RuntimeError as exc:
        print(f"{argv[0]}: {exc}", file=sys.stderr)
        return 1
    for f in failures:
        print(f.line(), file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
