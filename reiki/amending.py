"""The 改め文 of each amendment beside its 新旧対照表 (directive `kaibun`), generated and proven by 溶け込み."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes

from .errors import error
from .honsoku import parse_source
from .kaibun import NotExpressible, generate
from .versions import VersionMixin, parse, snapshots
from .yokekomi import Kaibun

NOTE = (
    "この改め文は、改正前と改正後の本文からこのコーパスが生成し、改正前の本文に溶け込ませて改正後の本文と"
    "一致することをビルドのたびに確かめた案である。公布された改め文ではない。"
)


def sources(srcdir: Path, stem: str, amend_id: str) -> tuple[Path, Path] | None:
    """The files holding the text before and after one amendment (the next snapshot, or the instrument itself)."""
    snaps = snapshots(srcdir).get(stem, {})
    current = srcdir / "policies" / f"{stem}.md"
    ordered = [a["id"] for a in parse(current.read_text(encoding="utf-8")).amendments if a["id"] in snaps]
    if amend_id not in ordered:
        return None
    k = ordered.index(amend_id)
    return snaps[amend_id], snaps[ordered[k + 1]] if k + 1 < len(ordered) else current


def history_line(path: Path, amend_id: str) -> int:
    """The line of 「- id: <amend_id>」 in the instrument's history (1 when absent)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((n for n, ln in enumerate(lines, start=1) if ln.strip() == f"- id: {amend_id}"), 1)


def kaibun_nodes(kaibun: Kaibun) -> nodes.container:
    """The amending instrument as printed: 題名, the opening sentence, sentences with their text indented, 附則."""
    box = nodes.container(classes=["reiki-kaibun"])
    box += nodes.paragraph("", NOTE, classes=["reiki-cmp-note"], translatable=False)
    box += nodes.paragraph("", kaibun.title, classes=["reiki-kaibun-title"], translatable=False)
    box += nodes.paragraph("", kaibun.lead, classes=["reiki-kaibun-sentence"], translatable=False)
    for s in kaibun.sentences:
        box += nodes.paragraph("", s.text, classes=["reiki-kaibun-sentence"], translatable=False)
        if s.body:
            body = nodes.container(classes=["reiki-kaibun-body"])
            for line in s.body:
                cls = "reiki-kaibun-caption" if line.startswith("（") else "reiki-kaibun-line"
                body += nodes.paragraph("", line, classes=[cls], translatable=False)
            box += body
    box += nodes.paragraph("", "附　則", classes=["reiki-kaibun-suppl"], translatable=False)
    for line in kaibun.suppl:
        box += nodes.paragraph("", line, classes=["reiki-kaibun-sentence"], translatable=False)
    return box


class KaibunDirective(VersionMixin):
    """The 改め文 of one amendment; a 改め文 that does not give back the new text stops the build."""

    def run(self) -> list[nodes.Node]:
        """Generate, prove and render the amending instrument."""
        found = self.step()
        if not found:
            return []
        _, amend, _, _ = found
        stem, amend_id = self.arguments
        src = Path(self.env.srcdir)
        paths = sources(src, stem, amend_id)
        if paths is None:
            return []
        instrument = src / "policies" / f"{stem}.md"
        names = self.names()
        try:
            old = parse_source(paths[0].read_text(encoding="utf-8"), names)
            new = parse_source(paths[1].read_text(encoding="utf-8"), names)
            kaibun = generate(old, new, amend)
        except NotExpressible as e:
            error(
                f"改正 {amend_id} の改め文を作れない：{e}",
                (f"policies/{stem}", history_line(instrument, amend_id)),
                "kaibun",
            )
            return []
        return [nodes.rubric("", "改め文", translatable=False), kaibun_nodes(kaibun)]


def check_snapshots(app: Any) -> None:
    """An amendment (一部改正) of an instrument under policies/ without the text before it stops the build."""
    src = Path(app.srcdir)
    snaps = snapshots(src)
    for path in sorted((src / "policies").glob("*.md")):
        version = parse(path.read_text(encoding="utf-8"))
        for amend in version.amendments:
            if amend.get("type") == "一部改正" and amend["id"] not in snaps.get(path.stem, {}):
                error(
                    f"改正 {amend['id']} の改正前の本文 policies/versions/{path.stem}/{amend['id']}.md がない："
                    f"make amend ID={version.ident} AMEND={amend['id']} で改正前の本文を写す"
                    "（改正後の本文を既にコミットしたときは、その前のコミットの本文を写す）",
                    (f"policies/{path.stem}", history_line(path, amend["id"])),
                    "versions",
                )


def register(app: Any) -> None:
    """Register the directive and the check that every amendment has its earlier text."""
    app.add_directive("kaibun", KaibunDirective)
    app.connect("builder-inited", check_snapshots)
