"""Generate a synthetic 例規集 (N instruments) as a Sphinx project, with the reiki extension or as plain MyST."""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reiki.dates import SourceDate  # noqa: E402
from reiki.domain import Amendment  # noqa: E402
from reiki.labels import label  # noqa: E402
from reiki.numbering import ArticleNumber, article_label, item_label, parse_law, parse_target, target_label  # noqa: E402
from reiki.statutes import Registry  # noqa: E402

SEED = 20261128
CHAPTERS, ARTICLES_PER_CHAPTER = 4, 5
JO_PER_ARTICLE, LAW_PER_ARTICLE = 2, 1
STATUTES = ROOT / "data" / "statutes.yaml"

KINDS = ("規程", "要領", "規則", "要綱")
TOPICS = ("住基ネット", "本人確認情報", "統合端末", "個人番号カード", "電磁的記録媒体", "操作履歴", "委託", "研修")
OWNERS = ("市民生活部住民情報課", "総務部情報政策課", "市民生活部市民課", "企画財政部デジタル戦略課")
CHAPTER_TITLES = ("責任体制", "管理", "運用", "点検", "委託", "緊急時の対応", "教育及び研修", "記録")
CAPTIONS = ("管理", "点検", "報告", "記録", "保存", "承認", "届出", "措置", "指定", "確認", "周知", "協議", "調査", "廃棄")
SUBJECTS = ("統括責任者", "システム管理者", "セキュリティ責任者", "操作責任者", "操作者", "所属長", "職員", "受託者")
OBJECTS = ("本人確認情報", "操作履歴", "電磁的記録媒体", "統合端末", "個人番号カード等", "情報資産", "使用記録", "研修計画")
WHEN = ("毎年度1回以上", "必要があると認めるときは", "あらかじめ統括責任者の承認を得て", "その都度", "緊急時においては")
ACTIONS = (
    "適正に管理しなければならない",
    "定期に点検し、その結果を記録しなければならない",
    "記録し、所定の期間保存しなければならない",
    "速やかにセキュリティ責任者に報告しなければならない",
    "必要な措置を講じなければならない",
    "その内容を確認し、関係する者に周知するものとする",
)
ITEM_NOUNS = ("取扱いの手順", "管理の体制", "点検の方法", "報告の時期", "保存の期間", "廃棄の方法", "責任者の指定")


@dataclass(frozen=True)
class Jo:
    """A citation of another instrument's unit, e.g. r0007:第3条第2項."""

    target: str  # r0007:第3条第2項
    shown: str  # 例規0007第3条第2項
    href: str  # r0007.md#第1章-責任体制


@dataclass(frozen=True)
class Law:
    """A statute citation, e.g. 住基法第30条の6第1項."""

    source: str
    shown: str
    url: str
    title: str


Segment = str | Jo | Law


@dataclass
class Unit:
    """A paragraph (level 0) or an item (levels 1 and 2) with its text."""

    level: int
    number: int
    text: list[Segment] = field(default_factory=list)


@dataclass
class Article:
    """An article with caption and units."""

    number: int
    caption: str
    units: list[Unit]


@dataclass
class Instrument:
    """One generated instrument."""

    num: int
    kind: str
    title: str
    meta: dict[str, str]
    amendments: list[Amendment]
    chapters: list[tuple[str, list[Article]]]

    @property
    def ident(self) -> str:
        """The instrument id (file name)."""
        return f"r{self.num:04d}"

    @property
    def short(self) -> str:
        """The short name used when other instruments cite this one."""
        return f"例規{self.num:04d}"


def slug(text: str) -> str:
    """MyST's default heading slug (lower case, spaces to hyphens)."""
    return "".join(c for c in text.lower() if c.isalnum() or c in "-_ ").replace(" ", "-")


def shape(rng: random.Random, number: int) -> Article:
    """An article with 1–4 paragraphs, some with items (1)… and sub-items ア…."""
    units: list[Unit] = []
    for p in range(1, rng.randint(1, 4) + 1):
        units.append(Unit(0, p))
        if rng.random() < 0.3:
            for i in range(1, rng.randint(2, 5) + 1):
                units.append(Unit(1, i))
                if rng.random() < 0.15:
                    units.extend(Unit(2, k) for k in range(1, rng.randint(2, 3) + 1))
    caption = "目的" if number == 1 else rng.choice(CAPTIONS)
    return Article(number, caption, units)


def sentence(rng: random.Random) -> str:
    """One regulation-style sentence."""
    return f"{rng.choice(SUBJECTS)}は、{rng.choice(WHEN)}、{rng.choice(OBJECTS)}について{rng.choice(ACTIONS)}。"


def build_model(n: int, seed: int = SEED) -> list[Instrument]:
    """N instruments with text, cross-references and statute citations (deterministic)."""
    rng = random.Random(seed)
    registry = Registry.load(STATUTES)
    laws = [
        s.short[0] + article_label(ArticleNumber.parse(a.number))
        for s in registry.statutes.values()
        for a in s.articles.values()
        if a.status != "unverified"
    ]
    insts: list[Instrument] = []
    for num in range(1, n + 1):
        kind, topic = rng.choice(KINDS), rng.choice(TOPICS)
        year = rng.randint(2003, 2020)
        enact = f"{year}-{rng.randint(1, 12):02d}-01"
        history = [Amendment("enact", "制定", enact, f"訓令第{rng.randint(1, 40)}号", enact)]
        for k in range(rng.randint(0, 2)):
            date = f"{year + 2 * (k + 1)}-04-01"
            summary = f"第{rng.randint(2, 20)}条の改正"
            history.append(Amendment(f"a{k + 1}", "一部改正", date, f"訓令第{rng.randint(1, 40)}号", date, summary))
        titles = ["総則", *rng.sample(CHAPTER_TITLES, CHAPTERS - 2), "雑則"]
        chapters = [
            (f"第{c + 1}章 {t}", [shape(rng, c * ARTICLES_PER_CHAPTER + a + 1) for a in range(ARTICLES_PER_CHAPTER)])
            for c, t in enumerate(titles)
        ]
        meta = {
            "kind": kind,
            "number": history[0].number,
            "enacted": enact,
            "owner": rng.choice(OWNERS),
            "reviewed": "2026-04-01",
            "next-review": "2027-03-31",
        }
        title = f"長崎市{topic}の取扱いに関する{kind}（第{num}号）"
        insts.append(Instrument(num, kind, title, meta, history, chapters))
    for inst in insts:
        for _, arts in inst.chapters:
            for art in arts:
                for u in art.units:
                    u.text.append(sentence(rng))
                for _ in range(JO_PER_ARTICLE):
                    _add_ref(rng, rng.choice(art.units), _jo(rng, inst, insts))
                for _ in range(LAW_PER_ARTICLE):
                    _add_ref(rng, rng.choice(art.units), _law(rng, registry, rng.choice(laws)))
    return insts


def _add_ref(rng: random.Random, u: Unit, ref: Jo | Law) -> None:
    """Append a sentence that cites ref to the unit."""
    lead = f"{rng.choice(SUBJECTS)}は、"
    tail = f"の規定により、{rng.choice(OBJECTS)}について{rng.choice(ACTIONS)}。"
    u.text.extend([lead, ref, tail])


def _jo(rng: random.Random, inst: Instrument, insts: list[Instrument]) -> Jo:
    """A citation of an existing article, paragraph or item of another instrument."""
    other = rng.choice([i for i in insts if i is not inst])
    chapter, arts = rng.choice(other.chapters)
    art = rng.choice(arts)
    u = rng.choice(art.units)
    before = art.units[: art.units.index(u) + 1]
    para = [x.number for x in before if x.level == 0][-1]
    if u.level == 0:
        where = f"第{art.number}条" + (f"第{para}項" if rng.random() < 0.7 else "")
    else:
        item = [x.number for x in before if x.level == 1][-1]
        where = f"第{art.number}条" + (f"第{para}項" if para > 1 else "") + f"第{item}号"
    shown = other.short + target_label(parse_target(where))
    return Jo(f"{other.ident}:{where}", shown, f"{other.ident}.md#{slug(chapter)}")


def _law(rng: random.Random, registry: Registry, cite: str) -> Law:
    """A citation of a citable statute article (sometimes its first paragraph)."""
    if rng.random() < 0.4:
        cite += "第1項"
    parsed = parse_law(cite)
    statute, art = registry.lookup(parsed)
    title = f"{statute.title}（{statute.number}）" + (f" {parsed.suffix()}{art.heading()}" if art else "")
    return Law(cite, statute.title + parsed.suffix(), statute.url(parsed.egov_fragment()), title)


def render_text(segments: list[Segment], reiki: bool) -> str:
    """The text of a unit as MyST: roles for reiki, links for plain."""
    out = []
    for s in segments:
        if isinstance(s, str):
            out.append(s)
        elif isinstance(s, Jo):
            out.append(f"{{jo}}`{s.target}`" if reiki else f"[{s.shown}]({s.href})")
        else:
            out.append(f"{{law}}`{s.source}`" if reiki else f'[{s.shown}]({s.url} "{s.title}")')
    return "".join(out)


def render(inst: Instrument, reiki: bool) -> str:
    """One instrument file."""
    lang = "ja"
    lines = [f"# {inst.title}", ""]
    m = inst.meta
    if reiki:
        lines += [f"```{{instrument}} {inst.ident}", f":short: {inst.short}"]
        lines += [f":{k}: {v}" for k, v in m.items()] + ["```", "", "```{amendments}"]
        for a in inst.amendments:
            lines += [f"- id: {a.id}", f"  type: {a.type}", f"  date: {a.date}", f"  number: {a.number}"]
            lines += [f"  effective: {a.effective}"] + ([f"  summary: {a.summary}"] if a.summary else [])
        lines += ["```", ""]
    else:
        for k in ("kind", "number", "enacted", "owner", "reviewed", "next-review"):
            v = SourceDate.parse(m[k]).show(lang) if k in ("enacted", "reviewed", "next-review") else m[k]
            lines.append(f":{label(k, lang)}: {v}")
        lines += [f":{label('id', lang)}: {inst.ident}", "", f"```{{list-table}} {label('history', lang)}"]
        lines += [":header-rows: 1", ""]
        cols = ("type", "date", "number", "effective", "summary")
        lines += [f"* - {label(cols[0], lang)}"] + [f"  - {label(c, lang)}" for c in cols[1:]]
        for a in inst.amendments:
            d = SourceDate.parse(a.date).show(lang)
            lines += [f"* - {a.type}", f"  - {d}", f"  - {a.number}", f"  - {d}", f"  - {a.summary}"]
        lines += ["```", ""]
    for heading, arts in inst.chapters:
        lines += [f"## {heading}", ""]
        for art in arts:
            lines += _article(art, reiki)
    lines += ["## 附則", ""]
    for a in inst.amendments:
        text = f"この{inst.kind}は、{SourceDate.parse(a.date).show(lang)}から施行する。"
        if reiki:
            lines += [f"```{{supplementary}} {a.id}", f":effective: {a.date}", "", text, "```", ""]
        else:
            suffix = "" if a.type == "制定" else f"（{SourceDate.parse(a.date).show(lang)}{a.number}）"
            lines += [f"附則{suffix}", "", text, ""]
    return "\n".join(lines)


def _article(art: Article, reiki: bool) -> list[str]:
    """The lines of one article: an {article} directive, or caption and paragraphs in plain MyST."""
    if reiki:
        body = []
        for u in art.units:
            lbl = "" if (u.level, u.number) == (0, 1) else (str(u.number) if u.level == 0 else item_label(u.level, u.number))
            body.append((f"{lbl} " if lbl else "") + render_text(u.text, True))
        return [f"```{{article}} {art.number}", f":caption: {art.caption}", "", *body, "```", ""]
    out = [f"（{art.caption}）", ""]
    for u in art.units:
        if (u.level, u.number) == (0, 1):
            lbl = f"第{art.number}条"
        else:
            lbl = str(u.number) if u.level == 0 else item_label(u.level, u.number)
        out += [f"{lbl}　{render_text(u.text, False)}", ""]
    return out


CONF = '''"""Synthetic 例規集 ({profile})."""

import sys

sys.path.insert(0, {root!r})
project = "合成例規集"
language = "ja"
extensions = {extensions!r}
root_doc = "index"
source_suffix = {{".md": "markdown"}}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = {anchors}
html_copy_source = False
html_show_sourcelink = False
reiki_statutes = "data/statutes.yaml"
reiki_anchor_lock = ""
'''
FURO = 'html_theme = "furo"\n'
# The project's own site: the shared navigation (corpus_nav), Pagefind search (corpus_search), its sidebars and PDF.
SYSTEM = r"""html_theme = "furo"
html_sidebars = {"**": ["sidebar/brand.html", "sidebar/search.html", "sidebar/scroll-start.html",
                        "sidebar/navigation.html", "sidebar/scroll-end.html"]}
latex_engine = "uplatex"
latex_documents = [("index", "reikishu.tex", project, "合成例規集", "manual")]
latex_show_urls = "no"
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    "fontpkg": "\\usepackage{tgtermes}\\usepackage{tgheros}\\usepackage{tgcursor}\\usepackage[ipaex]{pxchfon}",
    "releasename": " ",
    "extraclassoptions": "openany,oneside",
    "fncychap": "",
    "preamble": "\\usepackage{reiki}\\setcounter{tocdepth}{0}\\setcounter{secnumdepth}{0}",
}
"""
# Plain Sphinx with nothing that grows with the whole site on each page: no sidebars, no search index.
FLOOR = '''html_sidebars = {"**": []}


def setup(app):
    """No search index (the HTML builder writes one by default)."""
    app.connect("builder-inited", lambda app: setattr(app.builder, "search", False))
'''
# profile -> (reiki source?, extensions, theme settings)
PROFILES = {
    "reiki": (True, ["myst_parser", "reiki"], FURO),
    "plain": (False, ["myst_parser"], FURO),
    "plain-default": (False, ["myst_parser"], ""),  # Sphinx's default theme (alabaster) and sidebars
    "plain-floor": (False, ["myst_parser"], FLOOR),  # the part of plain Sphinx's time that is linear in the pages
    "system": (True, ["myst_parser", "reiki", "corpus_search", "corpus_nav"], SYSTEM),
}


def pages(insts: list[Instrument], plain: bool, article_index: bool = False) -> list[tuple[str, str]]:
    """The source files of one variant: (path, text)."""
    toc = "\n".join(f"policies/{i.ident}" for i in insts)
    index = (
        f"# 合成例規集\n\n性能測定用の合成例規集（{len(insts)}本）である。\n\n```{{toctree}}\n:maxdepth: 1\n\n{toc}\n```\n"
    )
    if article_index:
        index += "\n## 条の索引\n\n```{article-index}\n```\n"
    return [("index.md", index)] + [(f"policies/{i.ident}.md", render(i, not plain)) for i in insts]


def generate(
    outdir: Path, n: int, profile: str = "reiki", ext_root: Path = ROOT, article_index: bool = False
) -> dict[str, tuple[int, int]]:
    """Write one profile's project (extensions imported from ext_root); return (pages, source characters) of both."""
    insts = build_model(n)
    reiki_source, extensions, theme = PROFILES[profile]
    if outdir.exists():
        shutil.rmtree(outdir)
    (outdir / "policies").mkdir(parents=True)
    (outdir / "data").mkdir()
    shutil.copy(STATUTES, outdir / "data" / "statutes.yaml")
    conf = CONF.format(profile=profile, root=str(ext_root), extensions=extensions, anchors=0 if reiki_source else 2)
    (outdir / "conf.py").write_text(conf + theme, encoding="utf-8")
    counts = {}
    for variant in ("reiki", "plain"):
        files = pages(insts, variant == "plain", article_index and variant == "reiki")
        counts[variant] = (len(files), sum(len(t) for _, t in files))
        if (variant == "reiki") == reiki_source:
            for name, text in files:
                (outdir / name).write_text(text, encoding="utf-8")
    return counts


def main() -> None:
    """Command line: gen_corpus.py OUTDIR N [--profile PROFILE] [--article-index]."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("n", type=int)
    ap.add_argument("--profile", choices=sorted(PROFILES), default="reiki", help="source and configuration (reiki)")
    ap.add_argument("--plain", action="store_true", help="the same as --profile plain")
    ap.add_argument("--article-index", action="store_true", help="add the index of every article (for the PDF)")
    args = ap.parse_args()
    profile = "plain" if args.plain else args.profile
    counts = generate(args.outdir, args.n, profile, article_index=args.article_index)
    print(f"wrote the {profile} profile to {args.outdir}")
    for variant, (n_pages, chars) in counts.items():
        print(f"{variant:5}: {n_pages} pages, {chars} characters of Markdown source")


if __name__ == "__main__":
    main()
