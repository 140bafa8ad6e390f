"""Anchors: make anchors refuses to drop a published one without a redirect; an old fragment lands on the new unit."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from strict_build import BIN, corpus_copy, sphinx

from corpus_search import evaluate as ev

PAGE = "policies/kanri-unyo-kitei"
ITEM3 = "(3) 本市の書面による承認を得ない再委託の禁止に関する事項\n"
SEVENTH = "契約の内容に違反した場合の契約の解除及び損害の賠償に関する事項"  # 第28条第1項第7号, 第6号 once (3) is gone


def make_anchors(src: Path) -> subprocess.CompletedProcess[str]:
    """make anchors in the copy, with the shared environment."""
    venv = BIN.parent
    return subprocess.run(
        ["make", "-s", "-o", f"{venv}/.installed", "anchors", f"VENV={venv}"],
        cwd=src,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def renumbered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus with 第28条第1項第3号 deleted (so 第7号 becomes 第6号), refused first, then redirected and built."""
    src = corpus_copy(tmp_path_factory.mktemp("redirects") / "corpus")
    rule = src / f"{PAGE}.md"
    text = rule.read_text(encoding="utf-8")
    assert text.count(ITEM3) == 1
    start = text.index("```{article} 28")
    end = text.index("```\n", start + 3)
    article = text[start:end].replace(ITEM3, "")
    for n in range(4, 8):
        article = article.replace(f"\n({n}) ", f"\n({n - 1}) ")
    rule.write_text(text[:start] + article + text[end:], encoding="utf-8")
    lock = (src / "data" / "anchors.lock").read_text(encoding="utf-8")
    refused = make_anchors(src)
    assert refused.returncode != 0
    lines = [ln for ln in refused.stderr.splitlines() if ln.strip() and not ln.startswith("make")]
    assert len(lines) == 1, refused.stderr
    line_no = lock.splitlines().index(f"{PAGE}#a28-p1-i7") + 1
    assert lines[0].startswith(f"data/anchors.lock:{line_no}: 公開したアンカー {PAGE}#a28-p1-i7 が無くなる"), lines
    assert f"data/redirects.yaml に「{PAGE}#a28-p1-i7: <新しい場所>」と書いて" in lines[0]
    assert (src / "data" / "anchors.lock").read_text(encoding="utf-8") == lock  # nothing dropped
    (src / "data" / "redirects.yaml").write_text(
        f"# old: new\n{PAGE}#a28-p1-i7: {PAGE}#a28-p1-i6\ndocs/gone#a1: {PAGE}#a28-p1-i6\n", encoding="utf-8"
    )
    assert make_anchors(src).returncode == 0
    assert f"{PAGE}#a28-p1-i7\n" not in (src / "data" / "anchors.lock").read_text(encoding="utf-8")
    built = sphinx("html", src / "_build" / "html", src=src)
    assert built.returncode == 0, built.stderr
    return src / "_build" / "html"


@pytest.mark.parametrize("via", ["file", "http"])
def test_old_fragment_lands_on_the_new_unit(browser: Browser, renumbered: Path, via: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    if via == "file":
        page.goto((renumbered / f"{PAGE}.html").as_uri() + "#a28-p1-i7")
    else:
        with ev.serve(renumbered) as base:
            page.goto(f"{base}{PAGE}.html#a28-p1-i7")
            page.wait_for_function("location.hash === '#a28-p1-i6'")
    page.wait_for_function("location.hash === '#a28-p1-i6'")
    assert SEVENTH in page.locator("[id='a28-p1-i6']").inner_text()
    assert errors == []
    page.close()


def test_removed_page_sends_its_fragments_on(browser: Browser, renumbered: Path) -> None:
    page = browser.new_page()
    page.goto((renumbered / "docs" / "gone.html").as_uri() + "#a1")
    page.wait_for_function("location.hash === '#a28-p1-i6'")
    assert page.url.split("#")[0].endswith(f"{PAGE}.html")
    page.close()
