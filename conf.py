"""Sphinx configuration for the Nagasaki City Juki-net policy corpus."""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent
sys.path.insert(0, str(ROOT))

from reiki.volumes import declared  # noqa: E402

# -- Project -------------------------------------------------------------------
LANG = os.environ.get("DOCS_LANG", "ja")  # ja (the source) or en (through locale/en)
EDITION = os.environ.get("EDITION", "public")  # public (公開版) or internal (庁内版)
WORDS: dict[str, Any] = {
    "ja": {
        "project": "長崎市 住基ネット管理運用例規集",
        "author": "長崎市 市民生活部 住民情報課（本文は本コーパスの起草案）",
        "release": "2026年度版",
        "editions": {"public": "公開版", "internal": "庁内版"},
        "internal_warning": "　庁内限り：庁外に持ち出さないこと",
        "bibname": "告示・指針等の一覧",
        "nav": {"label": "例規集の案内", "fallback": "全ての頁の一覧（目次）"},
        "date": "%Y年%-m月%-d日",
        "chapter": r"第\thechapter 章",
        "subject": "長崎市住民基本台帳ネットワークシステムの管理運用に関する例規と資料（本文は本コーパスの起草案）",
    },
    "en": {
        "project": "Nagasaki City Juki-net Rules",
        "author": "Nagasaki City, Resident Information Division (draft texts of this corpus)",
        "release": "FY2026 edition",
        "editions": {"public": "Public edition", "internal": "Internal edition"},
        "internal_warning": " - for use inside the city hall only",
        "bibname": "Notices and guidelines cited",
        "nav": {"label": "Site navigation", "fallback": "All pages (contents)"},
        "date": "%-d %B %Y",
        "chapter": r"Chapter \thechapter",
        "subject": "Rules and papers on the management of the Nagasaki City Juki-net (draft texts of this corpus)",
    },
}[LANG]
project = WORDS["project"]
author = WORDS["author"]
copyright = "2026, Nagasaki City Juki-net rules corpus"
release = WORDS["release"]
version = release
language = LANG
today_fmt = WORDS["date"]
# Reproducible dates: the last commit's time (set by the Makefile), never the clock.
if os.environ.get("SOURCE_DATE_EPOCH", "0") != "0":
    today = time.strftime(WORDS["date"], time.gmtime(int(os.environ["SOURCE_DATE_EPOCH"])))
EDITION_LABEL = WORDS["editions"][EDITION]

# -- General -------------------------------------------------------------------
needs_sphinx = "9.0"  # keep in sync with constraints.txt
extensions = [
    "myst_parser",
    "reiki",
    "corpus_search",
    "corpus_nav",
    "sphinx.ext.graphviz",
    "sphinxcontrib.bibtex",
]
root_doc = "index"
source_suffix = {".md": "markdown"}
# Sphinx reads only the corpus: never README, tests/roots, virtual environments or build output.
include_patterns = ["index.md", "policies/**", "docs/**"] + (["internal/**"] if EDITION == "internal" else [])
exclude_patterns = [
    "_build",
    ".charts",
    ".venv",
    "tests",
    "locale",
    "README.md",
    "docs/_fragments/**",
    "policies/versions/**",  # earlier versions are read by reiki.versions, never as pages
]
nitpicky = True
# Every entry must be justified; the temporary list must be empty before a release.
nitpick_ignore: list[tuple[str, str]] = []
suppress_warnings: list[str] = []

# -- MyST ----------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 0

# -- Internationalisation ------------------------------------------------------
locale_dirs = ["locale/"]
gettext_compact = False
gettext_uuid = False
gettext_location = False

# -- HTML output ---------------------------------------------------------------
html_theme = "furo"
html_title = WORDS["project"]
templates_path = ["_templates"]
html_context = {"reiki_lang": LANG, "reiki_languages": [("ja", "日本語"), ("en", "English")]}
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/languages.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}
html_static_path = ["_static"]
html_css_files = ["corpus.css"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "navigation_with_keys": True,
    "top_of_page_buttons": [],
    # The edition on every page.
    "announcement": f"{EDITION_LABEL}（{release}）" + (WORDS["internal_warning"] if EDITION == "internal" else ""),
}
html_search_language = "ja"
# The site tree is drawn once per build and shared by every page (corpus_nav), not rendered into each page.
corpus_nav_words = WORDS["nav"]

# -- LaTeX / PDF output --------------------------------------------------------
latex_engine = "uplatex"
# The print volumes are the files under docs/print/ whose front matter names them (volume-ja, volume-en).
VOLUMES, _ = declared(ROOT / "docs" / "print", ROOT)  # unusable files are reported by the extension
# The author on two lines of the title page (one line ran off the page; issue 19).
TITLE_AUTHOR = re.sub(r" ?(?=[（(])", r"\\and ", WORDS["author"], count=1)
latex_documents = [(f"docs/print/{v.name}", f"{v.name}.tex", v.title(LANG), TITLE_AUTHOR, "manual") for v in VOLUMES]
if EDITION == "internal":  # the internal material has its own volume, built only in the internal edition
    latex_documents.append(("internal/print", "internal.tex", "庁内資料（庁内限り）", TITLE_AUTHOR, "manual"))
latex_table_style = ["booktabs"]
LATIN = (0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D)  # – — ‘ ’ “ ” in English volumes: TeX Gyre
latex_show_urls = "no"
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    # IPAex fonts through pxchfon: every Japanese glyph is embedded (the default Ryumin/GothicBBB are not).
    # TeX Gyre for Latin text (vector Type 1, never bitmap Type 3).
    # directunicode*: upTeX's characters go to the font by Unicode.  Without it pxchfon sends them through
    # Adobe-Japan1 CIDs, and the JIS2004-form CIDs (鍵 餌 遡 遜 謎 餅 …) have no glyph in IPAex: they
    # printed as the .notdef box ☒ while pdftotext still returned the character (issue 19; tools/glyph_check.py).
    "fontpkg": r"""
\usepackage{tgtermes}
\usepackage{tgheros}
\usepackage{tgcursor}
\usepackage[ipaex,directunicode*]{pxchfon}
""",
    "releasename": " ",
    "extraclassoptions": "openany,oneside",
    "fncychap": "",
    "preamble": (
        # English volumes: quotes, apostrophes and dashes are Latin characters set in TeX Gyre, not full-width
        # kanji-class glyphs of IPAex (「City’ s」 ran past the text area; issue 19, tools/print_check.py).
        # upTeX sets \kcatcode per Unicode block: the rest of General Punctuation (… ― ※) stays in IPAex.
        "\n".join(
            [r'\kcatcode"2000=15']
            + [rf'\DeclareUnicodeCharacter{{{c:04X}}}{{\kchar"{c:X}}}' for c in range(0x2000, 0x2070) if c not in LATIN]
        )
        if LANG == "en"
        else ""
    )
    + r"""
\usepackage{reiki}
\setcounter{tocdepth}{1}
\setcounter{secnumdepth}{0}
\renewcommand{\bibname}{"""
    + WORDS["bibname"]
    + r"""}
\newcommand{\reikiedition}{"""
    + EDITION_LABEL
    + r""" """
    + release
    + r"""}
\makeatletter
% The edition and the date on every page, for council members reading on paper.
\fancypagestyle{normal}{\fancyhf{}%
  \fancyhead[L]{\reikiheads{\leftmark}{\@title}}%
  \fancyfoot[L]{\small\reikiedition}\fancyfoot[C]{\thepage}\fancyfoot[R]{\small\@date}%
  \renewcommand{\headrulewidth}{0.4pt}\renewcommand{\footrulewidth}{0.4pt}}
\fancypagestyle{plain}{\fancyhf{}%
  \fancyfoot[L]{\small\reikiedition}\fancyfoot[C]{\thepage}\fancyfoot[R]{\small\@date}%
  \renewcommand{\headrulewidth}{0pt}\renewcommand{\footrulewidth}{0.4pt}}
% ujbook opens chapters and the contents with its own jpl@in style (number in the head): use plain (issue 19).
\let\ps@jpl@in\ps@plain
% Running heads 「第2章　管理運用規程」: the chapter's number and its short name (reiki.sty \reikishortmark).
\renewcommand{\reikichapterlabel}{"""
    + WORDS["chapter"]
    + r"""}
\def\chaptermark#1{\markboth{\reikichapterlabel\reikiheadsep #1}{}}
\makeatother
% PDF metadata: the title (hyperref, from \title), the subject and the language.
\hypersetup{pdfsubject={"""
    + WORDS["subject"]
    + " "
    + EDITION_LABEL
    + " "
    + release
    + r"""}, pdflang={"""
    + LANG
    + r"""}}
""",
    "sphinxsetup": "",
}

# -- English print volumes only (begin) ----------------------------------------
if LANG == "en":
    # The author line wraps on the title page (Sphinx sets it in a one-column tabular, which never wraps).
    latex_documents = [
        (doc, tex, title, r"Nagasaki City, Resident Information Division\\(draft texts of this corpus)", cls)
        for doc, tex, title, _author, cls in latex_documents
    ]
    # pxjahyper: Sphinx loads it for Japanese only; without it upLaTeX writes the bookmarks as mojibake.
    latex_elements["hyperref"] = r"""
\usepackage{hyperref}
\usepackage{hypcap}
\urlstyle{same}
\usepackage{pxjahyper}
"""
    html_theme_options["announcement"] = f"{EDITION_LABEL}, {release}" + (
        WORDS["internal_warning"] if EDITION == "internal" else ""
    )
    latex_elements["preamble"] += (
        r"""
\renewcommand{\reikiedition}{"""
        + f"{EDITION_LABEL}, {release}"
        + "}"
    )
    latex_elements["preamble"] += r"""
% Latin quotes, dashes and the ellipsis are Latin characters here (upTeX takes them as CJK by default,
% which set them in the Japanese font with full-width spacing: "City' s").
\kcatcode"2013=15 \kcatcode"2014=15 \kcatcode"2018=15 \kcatcode"2019=15
\kcatcode"201C=15 \kcatcode"201D=15 \kcatcode"2026=15
% Running heads: 'Chapter 5 – Record of the meeting' (reiki.sty \reikiheads keeps left and right apart).
\renewcommand{\reikiheadsep}{\enspace--\enspace}
"""
# -- English print volumes only (end) ------------------------------------------

# -- Graphviz ------------------------------------------------------------------
graphviz_output_format = "svg"
graphviz_dot_args = ["-Nfontname=IPAexGothic", "-Efontname=IPAexGothic", "-Gfontname=IPAexGothic"]

# -- Bibliography ---------------------------------------------------------------
bibtex_bibfiles = ["data/references.bib"]
bibtex_default_style = "kokuji" if LANG == "ja" else "kokuji-en"
bibtex_reference_style = "kokuji" if LANG == "ja" else "kokuji-en"

# -- Link checks ----------------------------------------------------------------
linkcheck_anchors_ignore_for_url = [r"https://laws\.e-gov\.go\.jp/.*"]
linkcheck_timeout = 15
linkcheck_retries = 2
linkcheck_rate_limit_timeout = 60.0

# -- Regulation model (reiki) ---------------------------------------------------
reiki_edition = EDITION
reiki_statutes = "data/statutes.yaml"
reiki_anchor_lock = "data/anchors.lock"
reiki_redirects = "data/redirects.yaml"
reiki_terms = "data/terms.yaml"
reiki_requirements = "data/requirements.yaml"
reiki_checklist = "data/checklist.yaml"
reiki_audits = "data/audits.yaml"
reiki_pii_allowlist = "data/pii-allowlist.yaml"
reiki_pii_patterns = "data/pii-patterns.yaml"  # identifiers the corpus must not print (docs/authoring/personal-data.md)
# 新旧対照表: "new-old" prints 改正後 on the left (the national order); "old-new" for cities that print it the other way.
reiki_shinkyu_order = "new-old"
