"""Plots of the reported results, drawn at build time as inline SVG.

Text and axes are drawn in a placeholder colour that becomes ``currentColor``,
so a plot takes the page's text colour in furo's light and dark themes alike.
Each point carries an id naming its row, which is what the tests count.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Sequence
from typing import Any

from matplotlib import rc_context
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from .bibdata import Record
from .results import Row

_INK = "#010203"  # placeholder for currentColor
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")

_STYLE: Any = {
    "text.color": _INK,
    "axes.labelcolor": _INK,
    "axes.edgecolor": _INK,
    "xtick.color": _INK,
    "ytick.color": _INK,
    "axes.facecolor": "none",
    "figure.facecolor": "none",
    "legend.facecolor": "none",
    "legend.edgecolor": _INK,
    "svg.fonttype": "none",
    "svg.hashsalt": "clipvid",
    "font.size": 10,
    "text.parse_math": False,  # a '$' in a name or a backbone is text, not mathtext
}


def _svg(fig: Figure, label: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :].replace(_INK, "currentColor")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="clipvid-plot" ', 1)


def k400_vs_gflops(rows: Sequence[Row], name: Callable[[str], str]) -> tuple[str, str]:
    """Kinetics-400 top-1 against GFLOPs (the leaderboard's plot of all its
    supervised rows): the rows without GFLOPs are counted, not dropped."""
    chosen = [r for r in rows if (r.benchmark, r.protocol) == ("K400", "supervised")]
    plotted = gflops_plot(chosen, name, lambda key: None, lambda row: None, "Kinetics-400")
    return plotted if plotted is not None else ("", "No Kinetics-400 row gives GFLOPs.")


def zero_shot(rows: Sequence[Row], name: Callable[[str], str]) -> tuple[str, str]:
    """Zero-shot top-1 per dataset: one panel per dataset, one dot per row."""
    datasets = ("K600", "UCF101", "HMDB51")
    points = [r for r in rows if r.protocol == "zero-shot" and r.benchmark in datasets]
    families = sorted({r.backbone_family for r in points})
    labels = sorted({name(r.key) for r in points}, reverse=True)
    with rc_context(_STYLE):
        fig = Figure(figsize=(10, 0.32 * len(labels) + 1.5))
        axes = fig.subplots(1, len(datasets), sharey=True)
        for ax, dataset in zip(axes, datasets, strict=True):
            for i, family in enumerate(families):
                for row in points:
                    if row.benchmark != dataset or row.backbone_family != family:
                        continue
                    (mark,) = ax.plot(
                        row.top1_value,
                        labels.index(name(row.key)),
                        linestyle="none",
                        marker=_MARKERS[i % len(_MARKERS)],
                        color=_COLOURS[i % len(_COLOURS)],
                        label=family,
                    )
                    mark.set_gid(f"clipvid-point-{row.key}-{row.line}")
            ax.set_title(dataset)
            ax.set_xlabel("top-1 (%)")
            ax.grid(alpha=0.3)
        axes[0].set_yticks(range(len(labels)), labels)
        handles: dict[str, Artist] = {}
        for ax in axes:
            for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
                handles.setdefault(label, handle)
        if handles:
            fig.legend(
                list(handles.values()),
                list(handles.keys()),
                title="Backbone",
                loc="upper center",
                ncol=len(handles),
                bbox_to_anchor=(0.5, 0.0),
            )
        return _svg(fig, "Zero-shot top-1 accuracy on Kinetics-600, UCF101 and HMDB51"), ""


PLOTS = {"k400-gflops": k400_vs_gflops, "zero-shot": zero_shot}


# -- leaderboard plots ------------------------------------------------------

_ARXIV_MONTH = re.compile(r"(\d{2})(\d{2})\.\d{4,5}")


def publication_date(record: Record | None) -> float | None:
    """Year and month as a number (2023.5 is mid-2023): the month of the arXiv
    id where the entry has one in its year, else the middle of the year."""
    if record is None or not record.year.isdigit():
        return None
    year = int(record.year)
    match = _ARXIV_MONTH.match(record.get("eprint"))
    if match and 2000 + int(match.group(1)) == year:
        return year + (int(match.group(2)) - 0.5) / 12
    return year + 0.5


def _tooltips(svg: str, tips: dict[str, str]) -> str:
    """A ``<title>`` in each point's group: the browser shows it on hover; its
    link to the row stays in the page (matplotlib opens links in a new tab)."""
    svg = re.sub(r'(<a xlink:href="#[^"]*") target="_blank">', r"\1>", svg)
    for gid, text in tips.items():
        svg = svg.replace(f'<g id="{gid}">', f'<g id="{gid}"><title>{html.escape(text)}</title>', 1)
    return svg


def _place_labels(fig: Figure, labels: Sequence[Text]) -> None:
    """Keep the labels that do not overlap one placed before them (the list is
    in order of importance)."""
    renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
    placed: list[Any] = []
    for label in labels:
        box = label.get_window_extent(renderer).expanded(1.05, 1.1)
        if any(box.overlaps(other) for other in placed):
            label.remove()
        else:
            placed.append(box)


def _points(
    ax: Any, rows: Sequence[tuple[Row, float]], anchor: Callable[[Row], str | None],
    name: Callable[[str], str], families: list[str],
) -> dict[str, str]:  # fmt: skip
    tips = {}
    for row, x in rows:
        i = families.index(row.backbone_family)
        (mark,) = ax.plot(
            x, row.top1_value, linestyle="none", marker=_MARKERS[i % len(_MARKERS)],
            color=_COLOURS[i % len(_COLOURS)], markersize=6,
        )  # fmt: skip
        gid = f"clipvid-point-{row.key}-{row.line}"
        mark.set_gid(gid)
        mark.set_url(anchor(row))
        config = ", ".join(p for p in (row.variant, row.backbone, row.configuration) if p)
        tips[gid] = f"{name(row.key)} ({config}): top-1 {row.top1}"
    return tips


def _legend(ax: Any, families: list[str]) -> None:
    for i, family in enumerate(families):
        ax.plot([], [], linestyle="none", marker=_MARKERS[i % len(_MARKERS)],
                color=_COLOURS[i % len(_COLOURS)], label=family)  # fmt: skip
    if families:
        ax.legend(title="Backbone", loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)


def _frontier(points: Sequence[tuple[Row, float]]) -> list[tuple[Row, float]]:
    """The points that beat every point left of them: the best so far."""
    best: list[tuple[Row, float]] = []
    for row, x in sorted(points, key=lambda p: (p[1], -p[0].top1_value)):
        if not best or row.top1_value > best[-1][0].top1_value:
            best.append((row, x))
    return best


def _scatter(
    points: Sequence[tuple[Row, float]], name: Callable[[str], str],
    anchor: Callable[[Row], str | None], xlabel: str, label: str, log: bool = False,
    step: bool = False,
) -> str:  # fmt: skip
    """Top-1 against ``x``, one marker per backbone, the frontier labelled
    (labels that would overlap are dropped), each point a link with a tooltip."""
    families = sorted({r.backbone_family for r, _ in points})
    frontier = _frontier(points)
    with rc_context(_STYLE):
        fig = Figure(figsize=(8, 4.5))
        ax = fig.subplots()
        tips = _points(ax, points, anchor, name, families)
        if step:
            xs = [x for _, x in frontier] + [max(x for _, x in points)]
            ys = [r.top1_value for r, _ in frontier] + [frontier[-1][0].top1_value]
            ax.step(xs, ys, where="post", color=_INK, linewidth=1, alpha=0.6)
        labels = [
            ax.annotate(
                name(r.key),
                (x, r.top1_value),
                textcoords="offset points",
                xytext=(3, 4),
                fontsize=8,
            )
            for r, x in sorted(frontier, key=lambda p: -p[0].top1_value)
        ]
        if log:
            ax.set_xscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("Top-1 (%)")
        ax.grid(alpha=0.3)
        _legend(ax, families)
        _place_labels(fig, labels)
        return _tooltips(_svg(fig, label), tips)


def timeline_plot(
    rows: Sequence[Row], name: Callable[[str], str], record_of: Callable[[str], Record | None],
    anchor: Callable[[Row], str | None], title: str,
) -> tuple[str, str] | None:  # fmt: skip
    """Top-1 against publication date, with the running best: the state of the
    art over time. Every row is plotted or counted as lacking a date."""
    dated = [(r, d) for r in rows if (d := publication_date(record_of(r.key))) is not None]
    if not dated:
        return None
    svg = _scatter(dated, name, anchor, "Publication date (arXiv month, else mid-year)",
                   f"{title}: top-1 against publication date", step=True)  # fmt: skip
    lacking = len(rows) - len(dated)
    caption = (
        f"{title}: top-1 of each of the {len(rows)} rows against the publication date of its "
        f"method; the line is the best so far. {len(dated)} rows plotted"
        + (f", {lacking} without a publication year." if lacking else ".")
    )
    return svg, caption


def gflops_plot(
    rows: Sequence[Row], name: Callable[[str], str], record_of: Callable[[str], Record | None],
    anchor: Callable[[Row], str | None], title: str,
) -> tuple[str, str] | None:  # fmt: skip
    """Top-1 against GFLOPs; the rows that give no GFLOPs are counted, not hidden."""
    points = [(r, g) for r in rows if (g := r.gflops_value) is not None]
    if not points:
        return None
    svg = _scatter(
        points, name, anchor,
        "GFLOPs as reported (per view or in total, as each source prints it)",
        f"{title}: top-1 against GFLOPs", log=True,
    )  # fmt: skip
    lacking = [r for r in rows if r.gflops_value is None]
    caption = f"{title}: top-1 against GFLOPs, {len(points)} of {len(rows)} rows plotted."
    if lacking:
        names = sorted({name(r.key) for r in lacking})
        caption += (
            f" {len(lacking)} rows give no GFLOPs and are not plotted: " + ", ".join(names) + "."
        )
    return svg, caption
