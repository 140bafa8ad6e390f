"""Figures from the council records (data/statistics.yaml) as a table and as vector charts."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .datafile import DataError, line_of, load, require
from .dates import SourceDate, era_year
from .errors import error
from .messages import msg, pair
from .tables import table

HEADERS = {"ja": ["項目", "数値", "基準日", "備考"], "en": ["Item", "Figure", "As of", "Note"]}


def _field(entry: dict[str, Any], key: str, lang: str) -> str:
    """entry[key + '-en'] in the English edition where the data gives it, else entry[key]."""
    if lang.startswith("en") and f"{key}-en" in entry:
        return str(entry[f"{key}-en"])
    return str(entry.get(key, ""))


def _period(first: Any, lang: str) -> str:
    """The month a count covers, after the reference date."""
    if not first:
        return ""
    if lang.startswith("en"):
        return f" (count for {first.strftime('%B')} {first.year})"
    return f"（{era_year(first)}{first.month}月の件数）"


FONT = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
CHART_DIR = ".charts"


def _chart(path: Path, title: str, bars: list[tuple[str, int]], unit: str) -> None:
    """Draw a horizontal bar chart as SVG and PDF (reproducible: no dates, fixed ids)."""
    logging.getLogger("matplotlib").setLevel(logging.WARNING)  # no font-cache chatter in strict builds
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    if FONT.exists():
        font_manager.fontManager.addfont(str(FONT))
        matplotlib.rcParams["font.family"] = "IPAexGothic"
    matplotlib.rcParams["svg.hashsalt"] = "reiki"
    fig, ax = plt.subplots(figsize=(6.4, 0.6 + 0.55 * len(bars)))
    labels = [b[0] for b in bars][::-1]
    values = [b[1] for b in bars][::-1]
    ax.barh(labels, values, color="#2f5d8a")
    for y, v in enumerate(values):
        ax.text(v, y, f" {v:,}{unit}", va="center", fontsize=9)
    ax.set_xlim(0, max(values) * 1.25)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelsize=8)
    fig.tight_layout()
    fig.savefig(path.with_suffix(".svg"), metadata={"Date": None})
    fig.savefig(path.with_suffix(".pdf"), metadata={"CreationDate": None, "ModDate": None})
    plt.close(fig)


class StatisticsDirective(SphinxDirective):
    """The table of figures, and one chart per `charts` group in the data file."""

    def run(self) -> list[nodes.Node]:
        """Read the data, draw the charts, return the table and figures."""
        rel = self.config.reiki_statistics
        self.env.note_dependency(str(Path(self.env.srcdir, rel)))
        try:
            data = load(Path(self.env.srcdir), rel)
            if not isinstance(data, dict) or not isinstance(data.get("figures"), list):
                raise DataError(rel, line_of(data), *pair("data-list", key="figures"))
            for f in data["figures"]:
                require(f, ("id", "label", "value", "unit", "as_of", "source"), rel, f"数値 {f.get('id', '')}")
                if not str(f["value"]).isdigit():
                    raise DataError(
                        rel,
                        line_of(f, "value"),
                        *pair("data-integer", what=f"数値 {f['id']}", field="value", value=f["value"]),
                    )
                SourceDate.parse(str(f["as_of"]))
            figures = {f["id"]: f for f in data["figures"]}
            for group in data.get("charts") or []:
                require(group, ("title", "figures"), rel, "図")
                missing = [k for k in group["figures"] if k not in figures]
                if missing:
                    raise DataError(
                        rel,
                        line_of(group, "figures"),
                        *pair("data-unknown-figures", title=group["title"], ids="・".join(missing)),
                    )
        except DataError as exc:
            exc.report()
            return []
        except ValueError:
            error(
                msg("data-figure-date", id=f["id"], value=f["as_of"]),
                f"{rel}:{line_of(f, 'as_of')}",
                "date",
            )
            return []
        lang = self.config.language or "ja"
        rows = []
        for f in figures.values():
            as_of = SourceDate.parse(str(f["as_of"])).show(lang)
            period = ""
            if f.get("period"):
                period = _period(SourceDate.parse(f["period"] + "-01").value, lang)
            rows.append(
                (
                    _field(f, "label", lang),
                    f"{int(f['value']):,}{_field(f, 'unit', lang)}",
                    as_of + period,
                    _field(f, "note", lang),
                )
            )
        headers = HEADERS["en" if lang.startswith("en") else "ja"]
        out: list[nodes.Node] = [
            table(
                headers,
                rows,
                widths=[5, 2, 4, 7] if lang.startswith("en") else [4, 3, 4, 7],
                classes=["statistics", "colwidths-given"],
            )
        ]
        outdir = Path(self.env.srcdir, CHART_DIR)
        outdir.mkdir(exist_ok=True)
        for i, group in enumerate(data.get("charts") or []):
            missing = [k for k in group["figures"] if k not in figures]
            if missing:
                error(
                    f"{self.config.reiki_statistics}: chart {group['title']!r} names unknown figures {missing}",
                    self.get_location(),
                    "statistics",
                )
                continue
            bars = [(_field(figures[k], "label", lang), int(figures[k]["value"])) for k in group["figures"]]
            name = f"chart-{i + 1}" + ("-en" if lang.startswith("en") else "")
            title = _field(group, "title", lang)
            _chart(outdir / name, title, bars, _field(figures[group["figures"][0]], "unit", lang))
            fig = nodes.figure(ids=[name])
            fig += nodes.image(
                uri=f"/{CHART_DIR}/{name}.*",
                alt=title
                + (
                    "（" + "、".join(f"{lbl} {v:,}" for lbl, v in bars) + "）"
                    if lang == "ja"
                    else " (" + ", ".join(f"{lbl} {v:,}" for lbl, v in bars) + ")"
                ),
                width="90%",
            )
            fig += nodes.caption(title, title)
            out.append(fig)
        return out


def register(app: Any) -> None:
    """Register the directive and its data file."""
    app.add_config_value("reiki_statistics", "data/statistics.yaml", "env", types=[str])
    app.add_directive("statistics", StatisticsDirective)
