"""改め文 generation and 溶け込み: hand-written expectations for every form, the corpus and seeded random edits."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from reiki.honsoku import Instrument, Unit, articles, parse_source, render
from reiki.kaibun import NotExpressible, generate
from reiki.yokekomi import Sentence, YokekomiError, apply_all, parse_kaibun

ROOT = Path(__file__).parent.parent
BASE = (Path(__file__).parent / "kaibun" / "base.md").read_text(encoding="utf-8")
REPORT = "操作者は、事故を発見したときは、直ちに責任者に報告しなければならない。"


def edit(src: str, *pairs: tuple[str, str]) -> str:
    """The source with each old string (found exactly once) replaced."""
    for old, new in pairs:
        assert src.count(old) == 1, old
        src = src.replace(old, new)
    return src


def renumber(src: str, *moves: tuple[int, int]) -> str:
    """Article fences renumbered, in the order given (last first when moving down)."""
    return edit(src, *((f"```{{article}} {a}\n", f"```{{article}} {b}\n") for a, b in moves))


def after_article(n: str, text: str) -> tuple[str, str]:
    """An edit pair that adds text after the end of article n's block."""
    start = BASE.index(f"```{{article}} {n}\n")
    end = BASE.index("```\n", start + 5) + 4
    block = BASE[start:end]
    return block, block + "\n" + text


ARTICLE_5_NEW = f"```{{article}} 5\n:caption: 報告\n\n{REPORT}\n```\n"

CASES: dict[str, tuple[str, list[str]]] = {
    "insert-words-below": (
        edit(BASE, ("処理に必要な範囲", "処理に必要な最小限度の範囲")),
        ["第4条中「必要な」の下に「最小限度の」を加える。"],
    ),
    "replace-in-paragraph": (
        edit(BASE, ("研修を受けさせ", "研修を終えさせ")),
        ["第5条第2項中「受けさせ」を「終えさせ」に改める。"],
    ),
    "two-replacements-one-sentence": (
        edit(BASE, ("事務を統括する", "事務を総括する"), ("課長をもって", "部長をもって")),
        ["第3条第1項中「統括」を「総括」に、「課長」を「部長」に改める。"],
    ),
    "delete-words": (
        edit(BASE, ("副責任者がその職務", "副責任者が職務")),
        ["第3条第3項中「その」を削る。"],
    ),
    "number-with-counter": (
        edit(BASE, ("5年間", "7年間")),
        ["第6条中「5年間」を「7年間」に改める。"],
    ),
    "quote-widened-until-unique": (
        edit(BASE, ("その結果を記録し", "その結果を報告し")),
        ["第7条中「結果を記録」を「結果を報告」に改める。"],
    ),
    "caption-words": (
        edit(BASE, (":caption: 記録の保存", ":caption: 記録の保存期間")),
        ["第6条の見出し中「保存」の下に「期間」を加える。"],
    ),
    "caption-whole": (
        edit(BASE, (":caption: 操作者\n", ":caption: 端末の操作\n")),
        ["第4条の見出しを「（端末の操作）」に改める。"],
    ),
    "caption-added": (
        edit(BASE, ("```{article} 8\n\n", "```{article} 8\n:caption: 細則\n\n")),
        ["第8条に見出しとして「（細則）」を付する。"],
    ),
    "caption-deleted": (
        edit(BASE, (":caption: 目的\n", "")),
        ["第1条の見出しを削る。"],
    ),
    "caption-and-text-one-sentence": (
        edit(BASE, (":caption: 記録の保存", ":caption: 記録の保管"), ("5年間保存し", "5年間保管し")),
        ["第6条の見出し中「保存」を「保管」に改め、同条中「保存」を「保管」に改める。"],
    ),
    "item-words": (
        edit(BASE, ("端末を操作する職員を", "端末を操作する者を")),
        ["第2条第1項第2号中「職員」を「者」に改める。"],
    ),
    "article-branch-number": (
        edit(
            BASE,
            after_article(
                "4", "```{article} 4の2\n:caption: 操作の記録\n\n操作者は、操作の記録を作成しなければならない。\n```\n"
            ),
        ),
        ["第4条の次に次の1条を加える。", "（操作の記録）", "第4条の2　操作者は、操作の記録を作成しなければならない。"],
    ),
    "article-inserted-range-moved-down": (
        edit(renumber(BASE, (8, 9), (7, 8), (6, 7), (5, 6)), after_article("4", ARTICLE_5_NEW)),
        [
            "第5条から第8条までを1条ずつ繰り下げ、第4条の次に次の1条を加える。",
            "（報告）",
            f"第5条　{REPORT}",
        ],
    ),
    "article-inserted-one-moved-down": (
        edit(renumber(BASE, (8, 9)), after_article("7", ARTICLE_5_NEW.replace("article} 5", "article} 8"))),
        ["第8条を第9条とし、第7条の次に次の1条を加える。", "（報告）", f"第8条　{REPORT}"],
    ),
    "article-deleted-rest-moved-up": (
        renumber(edit(BASE, (after_article("3", "")[0], "")), (4, 3), (5, 4), (6, 5), (7, 6), (8, 7)),
        ["第3条を削り、第4条から第8条までを1条ずつ繰り上げる。"],
    ),
    "article-deleted-another-added-after-the-next": (
        edit(
            renumber(edit(BASE, (after_article("5", "")[0], "")), (6, 5)),
            (
                after_article("6", "")[0].replace("article} 6", "article} 5"),
                after_article("6", "")[0].replace("article} 6", "article} 5")
                + "\n"
                + ARTICLE_5_NEW.replace("article} 5", "article} 6"),
            ),
        ),
        ["第5条を削り、第6条を第5条とし、同条の次に次の1条を加える。", "（報告）", f"第6条　{REPORT}"],
    ),
    "article-deleted-keeping-number": (
        edit(
            BASE,
            (":caption: 操作者\n\n操作者は、担当する事務の処理に必要な範囲に限り端末を操作しなければならない。", "\n削除"),
        ),
        ["第4条を次のように改める。", "第4条　削除"],
    ),
    "article-rewritten": (
        edit(
            BASE,
            (
                after_article("3", "")[0],
                "```{article} 3\n:caption: 責任者等\n\n事務の適正な執行を確保するため、部長を責任者とする。\n"
                "2 責任者は、毎年度、事務の執行計画を定めるものとする。\n```\n",
            ),
        ),
        [
            "第3条を次のように改める。",
            "（責任者等）",
            "第3条　事務の適正な執行を確保するため、部長を責任者とする。",
            "2　責任者は、毎年度、事務の執行計画を定めるものとする。",
        ],
    ),
    "paragraph-appended": (
        edit(
            BASE,
            (
                "端末を操作しなければならない。\n",
                "端末を操作しなければならない。\n2 操作者は、操作を終えたときは、端末を施錠しなければならない。\n",
            ),
        ),
        ["第4条に次の1項を加える。", "2　操作者は、操作を終えたときは、端末を施錠しなければならない。"],
    ),
    "paragraph-inserted-moved-down": (
        edit(
            BASE,
            ("2 責任者は、事務の状況", "2 責任者は、事務の執行の状況を記録しなければならない。\n3 責任者は、事務の状況"),
            ("3 責任者に事故", "4 責任者に事故"),
        ),
        [
            "第3条中第3項を第4項とし、第2項を第3項とし、第1項の次に次の1項を加える。",
            "2　責任者は、事務の執行の状況を記録しなければならない。",
        ],
    ),
    "paragraph-deleted-moved-up": (
        edit(BASE, ("2 責任者は、事務の状況について報告を求めることができる。\n", ""), ("3 責任者に事故", "2 責任者に事故")),
        ["第3条中第2項を削り、第3項を第2項とする。"],
    ),
    "paragraph-deleted-last": (
        edit(BASE, ("\n3 責任者に事故があるときは、副責任者がその職務を代理する。", "")),
        ["第3条第3項を削る。"],
    ),
    "paragraph-rewritten": (
        edit(
            BASE,
            (
                "2 操作責任者は、新たに指定した者に研修を受けさせなければならない。",
                "2 責任者は、研修の計画を毎年度定め、これを公表するものとする。",
            ),
        ),
        ["第5条第2項を次のように改める。", "2　責任者は、研修の計画を毎年度定め、これを公表するものとする。"],
    ),
    "item-deleted-last": (
        edit(BASE, ("(3) 記録　操作の日時及び内容の記録をいう。\n", "")),
        ["第2条第1項第3号を削る。"],
    ),
    "item-deleted-moved-up": (
        edit(BASE, ("(2) 操作者　端末を操作する職員をいう。\n", ""), ("(3) 記録", "(2) 記録")),
        ["第2条第1項中第2号を削り、第3号を第2号とする。"],
    ),
    "item-inserted-moved-down": (
        edit(BASE, ("(2) 操作の内容", "(2) 操作者の氏名\n(3) 操作の内容")),
        ["第7条中第2号を第3号とし、第1号の次に次の1号を加える。", "(2)　操作者の氏名"],
    ),
    "item-appended": (
        edit(BASE, ("(2) 操作の内容\n", "(2) 操作の内容\n(3) 点検の結果\n")),
        ["第7条に次の1号を加える。", "(3)　点検の結果"],
    ),
    "chapter-name": (
        edit(BASE, ("## 第2章 体制", "## 第2章 責任体制")),
        ["第2章の章名中「体制」を「責任体制」に改める。"],
    ),
    "chapter-appended": (
        BASE
        + "\n## 第5章 補則\n\n```{article} 9\n:caption: 施行の細目\n\nこの規程の施行に関し必要な事項は、別に定める。\n```\n",
        [
            "第4章の次に次の1章を加える。",
            "第5章　補則",
            "（施行の細目）",
            "第9条　この規程の施行に関し必要な事項は、別に定める。",
        ],
    ),
    "chapter-deleted": (
        BASE[: BASE.index("## 第4章")].rstrip() + "\n",
        ["第4章を削る。"],
    ),
    "chapter-inserted-moved-down": (
        edit(
            renumber(BASE, (8, 9), (7, 8), (6, 7)),
            ("## 第4章 雑則", "## 第5章 雑則"),
            ("## 第3章 記録", f"## 第3章 報告\n\n```{{article}} 6\n:caption: 報告\n\n{REPORT}\n```\n\n## 第4章 記録"),
        ),
        [
            "第6条から第8条までを1条ずつ繰り下げる。",
            "第4章を第5章とし、第3章を第4章とし、第2章の次に次の1章を加える。",
            "第3章　報告",
            "（報告）",
            f"第6条　{REPORT}",
        ],
    ),
    "section-name": (
        edit(BASE, ("### 第2節 点検", "### 第2節 点検及び報告")),
        ["第3章第2節の節名中「点検」の下に「及び報告」を加える。"],
    ),
    "section-appended": (
        edit(
            BASE,
            after_article(
                "7",
                "### 第3節 報告\n\n```{article} 7の2\n:caption: 報告\n\n責任者は、点検の結果を統括する者に報告しなければならない。\n```\n",
            ),
        ),
        [
            "第3章第2節の次に次の1節を加える。",
            "第3節　報告",
            "（報告）",
            "第7条の2　責任者は、点検の結果を統括する者に報告しなければならない。",
        ],
    ),
    "words-and-paragraph-one-sentence": (
        edit(
            BASE,
            (
                "研修を受けさせなければならない。\n",
                "研修を終えさせなければならない。\n3 責任者は、研修の受講の状況を記録しなければならない。\n",
            ),
        ),
        [
            "第5条第2項中「受けさせ」を「終えさせ」に改め、同条に次の1項を加える。",
            "3　責任者は、研修の受講の状況を記録しなければならない。",
        ],
    ),
    "document-order": (
        edit(BASE, ("試験の事務に関し", "試験の事務の実施に関し"), ("毎月、", "毎週、")),
        ["第1条中「事務」の下に「の実施」を加える。", "第7条中「毎月」を「毎週」に改める。"],
    ),
}


def body_lines(kaibun_lines: list[str]) -> list[str]:
    """The 本則 lines of a printed amending instrument (between the opening sentence and 附則)."""
    start = next(k for k, ln in enumerate(kaibun_lines) if ln.endswith("改正する。")) + 1
    return kaibun_lines[start : kaibun_lines.index("附則") - 1]


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_kaibun_line_by_line(name: str) -> None:
    src, expected = CASES[name]
    old, new = parse_source(BASE), parse_source(src)
    got = body_lines(generate(old, new).lines())
    for k, (want, line) in enumerate(zip(expected, got, strict=False)):
        assert line == want, f"line {k + 1}"
    assert len(got) == len(expected), got
    assert render(apply_all(old.root, parse_kaibun("\n".join(["題名", "x改正する。", *expected])).sentences)) == render(
        new.root
    )


def test_fixture_covers_every_form() -> None:
    text = "\n".join(ln for _, lines in CASES.values() for ln in lines)
    forms = ["中「", "」に改め", "」を削る", "の下に「", "、「", "見出し中", "見出しを「", "見出しとして", "見出しを削る"]
    forms += ["の次に次の1条", "ずつ繰り下げ", "ずつ繰り上げる", "を第9条とし", "を削り", "を次のように改める", "次の1項"]
    forms += ["次の1号", "第3号を削る", "次の1章", "第4章を削る", "次の1節", "章名中", "節名中", "同条中", "同条に"]
    assert [f for f in forms if f not in text] == []
    assert len(CASES) >= 25


def test_title_lead_and_supplementary() -> None:
    old, new = parse_source(BASE), parse_source(CASES["replace-in-paragraph"][0])
    lines = generate(old, new, {"effective": "2027-04-01"}).lines()
    assert lines[:3] == [
        "長崎市試験規程の一部を改正する訓令",
        "",
        "長崎市試験規程（平成29年訓令第3号）の一部を次のように改正する。",
    ]
    assert lines[-2:] == ["附則", "この訓令は、令和9年4月1日から施行する。"]
    assert generate(old, new, {"effective": "未確認"}).lines()[-1] == "この訓令は、（施行日未確認）から施行する。"


def corpus_steps() -> list[tuple[str, Instrument, Instrument]]:
    """(name, before, after) for every amendment of the corpus with a snapshot."""
    out = []
    for snap in sorted((ROOT / "policies" / "versions").glob("*/*.md")):
        stem = snap.parent.name
        current = (ROOT / "policies" / f"{stem}.md").read_text(encoding="utf-8")
        out.append((f"{stem}/{snap.stem}", parse_source(snap.read_text(encoding="utf-8")), parse_source(current)))
    return out


def test_round_trip_over_the_corpus() -> None:
    steps = corpus_steps()
    assert steps
    for name, old, new in steps:
        kaibun = generate(old, new)
        assert kaibun.sentences, name
        again = parse_kaibun(kaibun.text())
        assert render(apply_all(old.root, again.sentences, old.style), old.style) == render(new.root, new.style), name


def test_corpus_kitei_c1_reads_as_drafted() -> None:
    old, new = next((o, n) for name, o, n in corpus_steps() if name == "kanri-unyo-kitei/c1")
    got = [s.text for s in generate(old, new).sentences]
    assert got == [
        "第11条中第2項を第3項とし、第1項の次に次の1項を加える。",
        "第13条第2項中「受けさせ」を「終えさせ」に改め、同条に次の2項を加える。",
        "第23条第2項中「国の定める取扱いに従い、申請又は」を「番号法第17条第1項の規定により、」に改め、「厳格に」を削り、"
        "「限り、」の下に「本人が指定した」を加え、「場合においては」の下に"
        "「、番号法施行令（平成26年政令第155号）第13条の定めるところにより」を加え、"
        "「受けなければならない。」の下に「申請の際に本人であることを確認したときであっても、交付の際の確認を省略してはならない。」を加える。",
    ]


WORDS = ["適正に", "速やかに", "管理", "記録", "職員", "責任者", "点検", "報告"]


def random_edit(inst: Instrument, rng: random.Random) -> Instrument:
    """One to three seeded edits of the kinds an amendment makes, renumbering what follows as a clerk would."""
    new = Instrument(inst.title, inst.style, inst.root.copy(), inst.number, inst.enacted, inst.kind)
    for _ in range(rng.randint(1, 3)):
        arts = articles(new.root)
        art = rng.choice(arts)
        kind = rng.choice(
            ["words", "words", "caption", "para-add", "para-del", "item-add", "item-del", "art-add", "art-del"]
        )
        if kind == "words":
            units = [u for p in art.children for u in [p, *p.children] if len(u.text) > 8]
            u = rng.choice(units)
            at = rng.randrange(len(u.text) - 4)
            u.text = u.text[:at] + rng.choice(WORDS) + u.text[at + rng.randint(0, 4) :]
        elif kind == "caption" and art.title:
            art.title = art.title[: len(art.title) // 2] + rng.choice(WORDS)
        elif kind == "para-add":
            at = rng.randint(1, len(art.children))
            art.children.insert(at, Unit("項", (0,), text=f"{rng.choice(WORDS)}は、{rng.choice(WORDS)}を行うものとする。"))
            for k, p in enumerate(art.children, start=1):
                p.num = (k,)
        elif kind == "para-del" and len(art.children) > 1:
            del art.children[rng.randrange(1, len(art.children))]
            for k, p in enumerate(art.children, start=1):
                p.num = (k,)
        elif kind in ("item-add", "item-del"):
            para = art.children[0]
            items = para.children
            if kind == "item-add" and items:
                items.insert(
                    rng.randint(0, len(items)), Unit("号", (0,), text=f"{rng.choice(WORDS)}の{rng.choice(WORDS)}", level=1)
                )
            elif kind == "item-del" and len(items) > 1:
                del items[rng.randrange(len(items))]
            for k, it in enumerate(items, start=1):
                it.num = (k,)
        elif kind == "art-add":
            parent = next(p for p in [new.root, *(u for u in _all(new.root) if u.kind in ("章", "節"))] if art in p.children)
            text = f"{rng.choice(WORDS)}は、{rng.choice(WORDS)}について定めるものとする。"
            branch = (*art.num, 2)
            free = len(art.num) == 1 and all(a.num != branch for a in arts)
            added = Unit("条", branch if free and rng.random() < 0.5 else (0,), rng.choice(WORDS))
            added.children = [Unit("項", (1,), text=text)]
            parent.children.insert(parent.children.index(art) + 1, added)
            if added.num == (0,):
                _renumber_articles(new.root, added, art)
        elif kind == "art-del" and len(arts) > 2:
            parent = next(p for p in [new.root, *(u for u in _all(new.root) if u.kind in ("章", "節"))] if art in p.children)
            if len([c for c in parent.children if c.kind == "条"]) > 1:
                parent.children.remove(art)
                _renumber_articles(new.root, None, None)
    return new


def _all(u: Unit) -> list[Unit]:
    return [u, *(x for c in u.children for x in _all(c))]


def _renumber_articles(root: Unit, added: Unit | None, after: Unit | None) -> None:
    """Give plain numbers again in order (branch numbers kept under their head)."""
    head = 0
    for a in articles(root):
        if len(a.num) == 1 or a is added:
            head += 1
            a.num = (head,)
        else:
            a.num = (head, *a.num[1:])


@pytest.mark.parametrize("seed", range(6))
def test_round_trip_over_random_edits(seed: int) -> None:
    rng = random.Random(seed)
    sources = sorted((ROOT / "policies").glob("*.md"))
    done = 0
    for k in range(60):
        path = sources[(seed * 60 + k) % len(sources)]
        old = parse_source(path.read_text(encoding="utf-8"))
        new = random_edit(old, rng)
        if render(new.root) == render(old.root):
            continue
        kaibun = generate(old, new)
        printed = parse_kaibun(kaibun.text())
        assert render(apply_all(old.root, printed.sentences, old.style), old.style) == render(new.root, new.style), (
            path.name,
            kaibun.text(),
        )
        done += 1
    assert done > 40


def test_planted_wrong_kaibun_names_the_sentence() -> None:
    old = parse_source(BASE)
    wrong = [Sentence("第1条中「事務」の下に「の実施」を加える。"), Sentence("第5条第2項中「受講」を「終え」に改める。")]
    with pytest.raises(YokekomiError) as e:
        apply_all(old.root, wrong)
    assert str(e.value) == "改め文の第2文「第5条第2項中「受講」を「終え」に改める。」：第5条第2項に「受講」がない"
    twice = [Sentence("第7条中「記録」を「報告」に改める。")]
    with pytest.raises(YokekomiError, match="第7条に「記録」が2箇所ある"):
        apply_all(old.root, twice)
    missing = [Sentence("第9条中「記録」を「報告」に改める。")]
    with pytest.raises(YokekomiError, match=r"^改め文の第1文「第9条中「記録」を「報告」に改める。」：第9条がない$"):
        apply_all(old.root, missing)
    no_para = [Sentence("第4条第2項を削る。")]
    with pytest.raises(YokekomiError, match="第4条第2項がない"):
        apply_all(old.root, no_para)


def test_generated_kaibun_that_does_not_give_the_new_text_is_refused() -> None:
    old = parse_source(BASE)
    moved = edit(
        BASE,
        (after_article("8", "")[0], ""),
        (
            "```{article} 1\n",
            "```{article} 8\n\n責任者は、必要に応じ、この規程の運用について細則を定めることができる。\n```\n\n```{article} 1\n",
        ),
    )
    with pytest.raises(NotExpressible, match="全部改正"):
        generate(old, parse_source(moved))


def test_item_gaining_subitems_is_rewritten_whole() -> None:
    src = edit(
        BASE,
        (
            "(1) 端末　事務に用いる端末機をいう。\n",
            "(1) 端末　事務に用いる端末機をいう。\nア 据置型の端末機\nイ 携帯型の端末機\n",
        ),
    )
    got = [s.text for s in generate(parse_source(BASE), parse_source(src)).sentences]
    assert got == ["第2条第1項第1号を次のように改める。"]


@pytest.mark.sphinx("html", testroot="versions", freshenv=True)
def test_build_shows_the_proven_kaibun_beside_the_table(app) -> None:  # type: ignore[no-untyped-def]
    app.build()
    assert app.warning.getvalue() == ""
    page = (Path(app.outdir) / "docs/versions/sample-a1-table.html").read_text(encoding="utf-8")
    assert page.index("reiki-comparison") < page.index("reiki-kaibun")
    shown = re.findall(r'class="reiki-kaibun-[a-z]+[^"]*">\s*(?:<p>)?([^<]+)</p>', page)
    assert shown == [
        "試験要領の一部を改正する訓令",
        "試験要領（例規番号未確認）の一部を次のように改正する。",
        "第2条を削り、第3条を第2条とし、同条の次に次の1条を加える。",
        "（研修）",
        "第3条　操作者は、毎年度、研修を受ける。",
        "附　則",
        "この訓令は、平成31年4月1日から施行する。",
    ]
    page2 = (Path(app.outdir) / "docs/versions/sample-a2-table.html").read_text(encoding="utf-8")
    assert "第3条に次の1項を加える。" in page2 and "第4条中「5年間」を「7年間」に改める。" in page2
    # the 改正注記 each amendment puts in the consolidated text, listed beside its 改め文 (also on paper)
    notes = re.findall(r'class="reiki-amend-notes">([^<]+)</p>', page)
    assert notes == ["第2条　（平31番号未確認・一部改正）", "第3条　（平31番号未確認・追加）"]
    rule = (Path(app.outdir) / "policies/sample.html").read_text(encoding="utf-8")
    for line in notes:
        assert line.split("　")[1] in rule
    assert re.findall(r'class="reiki-amend-notes">([^<]+)</p>', page2) == ["第3条、第4条　（令3番号未確認・一部改正）"]


@pytest.mark.sphinx("html", testroot="versions", freshenv=True)
def test_build_stops_on_a_kaibun_that_does_not_give_the_new_text(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from reiki import kaibun

    run = kaibun.Generator.run

    def drop_last(self: kaibun.Generator) -> list[Sentence]:
        out = run(self)
        self.sentences.pop()
        return out

    monkeypatch.setattr(kaibun.Generator, "run", drop_last)
    app.build()
    lines = [ln for ln in app.warning.getvalue().splitlines() if ln.strip()]
    assert len(lines) == 2  # one line per amendment of the sample (a1, a2)
    assert all("policies/sample.md:" in ln and "の改め文を作れない" in ln and "全部改正" in ln for ln in lines), lines


def test_build_stops_on_an_amendment_without_its_earlier_text(tmp_path: Path) -> None:
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    shutil.copytree(Path(__file__).parent / "roots" / "test-versions", src)
    (src / "policies/versions/sample/a1.md").unlink()
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
    finally:
        app.cleanup()
    lines = [ln for ln in app.warning.getvalue().splitlines() if "改正前の本文" in ln]
    line = next(
        n
        for n, ln in enumerate((src / "policies/sample.md").read_text(encoding="utf-8").splitlines(), 1)
        if ln == "- id: a1"
    )
    assert len(lines) == 1
    assert f"policies/sample.md:{line}:" in lines[0]
    assert "policies/versions/sample/a1.md がない：make amend ID=sample AMEND=a1 で改正前の本文を写す" in lines[0]


def test_hand_written_kaibun_in_gazette_digits() -> None:
    old = parse_source(BASE)
    printed = "\n".join(
        [
            "長崎市試験規程の一部を改正する訓令",
            "長崎市試験規程（平成29年訓令第3号）の一部を次のように改正する。",
            "第２条第１項中「次の各号」を「次に掲げる各号」に改め、同項第２号中「職員」を「者」に改める。",
            "第７条中第２号を第３号とし、第１号の次に次の１号を加える。",
            "（２）　操作者の氏名",
            "附則",
            "この訓令は、令和9年4月1日から施行する。",
        ]
    )
    new = edit(
        BASE,
        ("次の各号に掲げる用語", "次に掲げる各号に掲げる用語"),
        ("端末を操作する職員を", "端末を操作する者を"),
        ("(2) 操作の内容", "(2) 操作者の氏名\n(3) 操作の内容"),
    )
    assert render(apply_all(old.root, parse_kaibun(printed).sentences)) == render(parse_source(new).root)


def _versions_copy(tmp_path: Path) -> Path:
    """A copy of the small root with two recorded amendments (a1, a2)."""
    src = tmp_path / "src"
    shutil.copytree(Path(__file__).parent / "roots" / "test-versions", src)
    return src


def _record_lines(src: Path) -> list[str]:
    from strict_build import app_warnings

    return [ln for ln in app_warnings(src) if "WARNING" in ln]


def _line(path: Path, text: str) -> int:
    return next(n for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if ln == text)


def test_earlier_text_edited_after_its_amendment_was_recorded_stops_the_build(tmp_path: Path) -> None:
    src = _versions_copy(tmp_path)
    a1 = src / "policies/versions/sample/a1.md"
    a1.write_text(a1.read_text(encoding="utf-8").replace("本庁舎の1階", "本庁舎の2階"), encoding="utf-8")
    lines = _record_lines(src)
    assert len(lines) == 1, lines
    assert f"policies/versions/sample/a1.md:{_line(a1, '```{article} 2')}:" in lines[0]
    assert "改正 a1 の改正前の本文の第2条が、改め文を記録したときと違う" in lines[0]
    assert "git restore policies/versions/sample/a1.md で戻す" in lines[0]


def test_earlier_texts_that_no_longer_chain_stop_the_build(tmp_path: Path) -> None:
    src = _versions_copy(tmp_path)
    a2 = src / "policies/versions/sample/a2.md"  # in force between a1 and a2: must be a1's text with a1's 改め文
    a2.write_text(a2.read_text(encoding="utf-8").replace("記録は、5年間保存", "記録は、3年間保存"), encoding="utf-8")
    lines = _record_lines(src)
    assert len(lines) == 1, lines
    assert f"policies/versions/sample/a2.md:{_line(a2, '```{article} 4')}:" in lines[0]
    assert (
        "改正 a2 の改正前の本文の第4条が、改正 a1 の改め文を溶け込ませた本文（その間に効力を有していた本文）と違う"
        in lines[0]
    )
    assert "git restore policies/versions/sample/a2.md" in lines[0]


def test_amendment_without_its_record_stops_the_build(tmp_path: Path) -> None:
    src = _versions_copy(tmp_path)
    (src / "policies/versions/sample/a1.yaml").unlink()
    lines = _record_lines(src)
    assert len(lines) == 1, lines
    assert f"policies/sample.md:{_line(src / 'policies/sample.md', '- id: a1')}:" in lines[0]
    assert (
        "改正 a1 の改め文の記録 policies/versions/sample/a1.yaml がない：make amend ID=sample AMEND=a1 で記録する"
        in lines[0]
    )


def test_record_of_the_corpus_amendments_match_their_earlier_texts() -> None:
    from reiki.promulgated import digests, read_record, record_path

    for snap in sorted((ROOT / "policies" / "versions").glob("*/*.md")):
        record = read_record(record_path(ROOT, snap.parent.name, snap.stem))
        assert record.before == digests(parse_source(snap.read_text(encoding="utf-8"))), snap
        got = apply_all(parse_source(snap.read_text(encoding="utf-8")).root, record.sentences)
        current = parse_source((ROOT / "policies" / f"{snap.parent.name}.md").read_text(encoding="utf-8"))
        assert render(got) == render(current.root), snap


def kanji_numerals(line: str) -> str:
    """A 改め文 line as a received text writes it: 漢数字 outside 「」, 号 as （一）, 項 in full-width digits."""
    from kanjize import number2kanji

    from reiki.honsoku import is_body_line

    kanji = lambda m: number2kanji(int(m.group(0)))  # noqa: E731
    if is_body_line(line):
        label, sep, text = line.partition("　")
        if re.fullmatch(r"\(\d+\)", label):
            return f"（{number2kanji(int(label[1:-1]))}）{sep}{text}"
        if label.isdigit():
            return label.translate(str.maketrans("0123456789", "０１２３４５６７８９")) + sep + text
        return re.sub(r"\d+", kanji, label) + sep + text
    out, depth = "", 0
    for part in re.split(r"(「|」)", line):
        depth += {"「": 1, "」": -1}.get(part, 0)
        out += part if depth or part in "「」" else re.sub(r"\d+", kanji, part)
    return out


@pytest.mark.parametrize("name", sorted(CASES))
def test_hand_written_fixture_in_kanji_numerals_applies_identically(name: str) -> None:
    src, expected = CASES[name]
    written = [kanji_numerals(ln) for ln in expected]
    old = parse_source(BASE)
    printed = parse_kaibun("\n".join(["題名", "x改正する。", *written]))
    assert render(apply_all(old.root, printed.sentences)) == render(parse_source(src).root)


def test_kanji_numerals_as_received() -> None:
    lines = [kanji_numerals(ln) for ln in CASES["article-inserted-range-moved-down"][1]]
    assert lines[0] == "第五条から第八条までを一条ずつ繰り下げ、第四条の次に次の一条を加える。"
    assert kanji_numerals("第6条中「5年間」を「7年間」に改める。") == "第六条中「5年間」を「7年間」に改める。"
    assert kanji_numerals("(3)　点検の結果") == "（三）　点検の結果"
    old = parse_source(BASE)
    received = [  # the 号 in （一） form, the quoted words left as written (「5年間」 is not a unit number)
        Sentence("第二条第一項第三号を削る。"),
        Sentence("第六条中「5年間」を「7年間」に改める。"),
        Sentence("第七条に次の一号を加える。", ["（三）　点検の結果"]),
    ]
    src = edit(
        BASE,
        ("(3) 記録　操作の日時及び内容の記録をいう。\n", ""),
        ("5年間", "7年間"),
        ("(2) 操作の内容\n", "(2) 操作の内容\n(3) 点検の結果\n"),
    )
    assert render(apply_all(old.root, received)) == render(parse_source(src).root)
    with pytest.raises(YokekomiError, match="第六条中「五年間」を「7年間」に改める。」：第六条に「五年間」がない"):
        apply_all(old.root, [Sentence("第六条中「五年間」を「7年間」に改める。")])


def test_earlier_text_of_the_amendment_being_drafted_is_copied_again(tmp_path: Path) -> None:
    src = _versions_copy(tmp_path)
    rule = src / "policies/sample.md"
    rule.write_text(rule.read_text(encoding="utf-8").replace("  date: 2021-04-01\n", "  date: 未確認\n"), encoding="utf-8")
    a2 = src / "policies/versions/sample/a2.md"
    a2.write_text(a2.read_text(encoding="utf-8").replace("記録は、5年間保存", "記録は、3年間保存"), encoding="utf-8")
    lines = _record_lines(src)
    assert len(lines) == 1, lines
    assert lines[0].endswith(
        "：policies/versions/sample/a2.md を消し、make amend ID=sample AMEND=a2 で効力を有する本文を写し直す [reiki.versions]"
    )
