"""The public build refuses internal material and external resources by itself, each with one line at its place."""

from __future__ import annotations

from pathlib import Path

import pytest
from strict_build import corpus_copy, sphinx

pytestmark = pytest.mark.slow

PLANTS = {
    # page, text appended, the message expected (relative file:line and what to do)
    "docs/guides/outage-2016.md": (
        "\n```{include} ../../internal/contacts.md\n```\n",
        "庁内資料 internal/contacts.md を読み込んでいる",
    ),
    "docs/reference/statistics.md": ("\n```{terminal-list}\n```\n", "「terminal-list」は庁内版だけの記法である"),
    "docs/audit/results.md": ("\n![地図](https://example.org/map.png)\n", "外部の画像 https://example.org/map.png"),
    "docs/council/followups.md": (
        '\n<script src="https://cdn.example.org/x.js"></script>\n',
        "外部の資源 https://cdn.example.org/x.js（<script>）",
    ),
    "docs/training/index.md": (
        "\n内線番号はすべて見本（0000番台）であり、実際の番号ではない。\n",
        "に庁内資料の文「内線番号はすべて見本（0000番台）",
    ),
}


def test_each_plant_stops_the_public_build_once(tmp_path: Path) -> None:
    src = corpus_copy(tmp_path / "src")
    for page, (text, _) in PLANTS.items():
        path = src / page
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    out = sphinx("html", tmp_path / "html", src=src, env={"EDITION": "public"})
    assert out.returncode != 0
    lines = [ln for ln in out.stderr.splitlines() if "WARNING" in ln]
    for page, (_, says) in PLANTS.items():
        found = [ln for ln in lines if says in ln]
        assert len(found) == 1, (says, lines)
        if "出力" not in found[0]:  # the leak scan names the written file; the others the source line
            assert found[0].startswith(f"{page}:") or f"/{page}:" in found[0], found[0]
    assert "Traceback" not in out.stderr


def test_the_internal_edition_may_read_internal_material(tmp_path: Path) -> None:
    out = sphinx("html", tmp_path / "html", env={"EDITION": "internal"})
    assert out.returncode == 0, out.stderr
