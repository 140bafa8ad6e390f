"""Printing an article page from the browser: all of the article text, none of the site's navigation."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

from playwright.sync_api import Page

ARTICLE_TEXT = """() => [...document.querySelectorAll(
  'article[role=main] h1, article[role=main] h2, .reiki-caption, .reiki-text')].map((e) => e.innerText)"""
CHROME_TEXT = """() => [...document.querySelectorAll(
  'footer, .sidebar-tree .caption-text, .toc-title, .back-to-top, .skip-to-content, .sidebar-brand-text')]
  .map((e) => e.innerText.trim()).filter((t) => t.length > 1)"""


def flat(text: str) -> str:
    """Text without any whitespace (PDF line breaks fall anywhere in Japanese)."""
    return re.sub(r"\s+", "", text)


def test_printed_article_page_has_all_its_text_and_no_navigation(page: Page, base: str, tmp_path: Path) -> None:
    page.goto(f"{base}policies/kanri-unyo-kitei.html#a19")
    page.emulate_media(media="print")
    article = [flat(t) for t in page.evaluate(ARTICLE_TEXT)]
    chrome = [flat(t) for t in page.evaluate(CHROME_TEXT)]
    pdf = tmp_path / "kitei.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    printed = flat(
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    )
    assert len(article) > 100
    missing = [t for t in article if t and t not in printed]
    assert not missing, f"text cut off or missing in print: {missing[:5]}"
    # Tables print cell by cell in no fixed order: every character shown on the page must be in the PDF.
    shown_chars = Counter(flat(page.evaluate("() => document.querySelector('article[role=main]').innerText")))
    lost = shown_chars - Counter(printed)
    assert not lost, f"characters cut off in print: {dict(lost)}"
    body = "".join(article)
    shown = [t for t in chrome if t in printed and t not in body]
    assert not shown, f"navigation printed: {shown}"
    assert "MadewithSphinx" not in printed
