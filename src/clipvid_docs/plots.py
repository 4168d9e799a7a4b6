"""Plots of the reported results, drawn at build time as inline SVG.

Text and axes are drawn in a placeholder colour that becomes ``currentColor``,
so a plot takes the page's text colour in furo's light and dark themes alike.
Each point carries an id naming its row, which is what the tests count.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from typing import Any

from matplotlib import rc_context
from matplotlib.artist import Artist
from matplotlib.figure import Figure

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


def backbone_family(backbone: str) -> str:
    """Group backbones as printed ("B/16", "X-CLIP-B/16", "ViT-B/16") for markers."""
    match = re.search(r"([BLHEG])/(\d+)(@\d+)?", backbone)
    if not match:
        return backbone or "not stated"
    return f"ViT-{match.group(1)}/{match.group(2)}{match.group(3) or ''}"


def _svg(fig: Figure, label: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :].replace(_INK, "currentColor")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="clipvid-plot" ', 1)


def k400_vs_gflops(rows: Sequence[Row], name: Callable[[str], str]) -> str:
    """Kinetics-400 top-1 against GFLOPs, one marker per backbone."""
    points = [
        (r, gflops)
        for r in rows
        if r.benchmark == "K400" and r.protocol == "supervised" and (gflops := r.gflops_value)
    ]
    families = sorted({backbone_family(r.backbone) for r, _ in points})
    with rc_context(_STYLE):
        fig = Figure(figsize=(8, 5))
        ax = fig.subplots()
        for i, family in enumerate(families):
            group = [(r, g) for r, g in points if backbone_family(r.backbone) == family]
            for j, (row, gflops) in enumerate(group):
                (mark,) = ax.plot(
                    gflops,
                    row.top1_value,
                    linestyle="none",
                    marker=_MARKERS[i % len(_MARKERS)],
                    color=_COLOURS[i % len(_COLOURS)],
                    label=family if j == 0 else None,
                )
                mark.set_gid(f"clipvid-point-{row.key}-{row.line}")
                ax.annotate(
                    name(row.key),
                    (gflops, row.top1_value),
                    textcoords="offset points",
                    xytext=(4, 3),
                    fontsize=7,
                )
        ax.set_xscale("log")
        ax.set_xlabel("GFLOPs as reported (per view or in total, as each source prints it)")
        ax.set_ylabel("Kinetics-400 top-1 (%)")
        ax.grid(alpha=0.3)
        if families:
            ax.legend(title="Backbone", loc="lower right")
        return _svg(fig, "Kinetics-400 top-1 accuracy against GFLOPs, by backbone")


def zero_shot(rows: Sequence[Row], name: Callable[[str], str]) -> str:
    """Zero-shot top-1 per dataset: one panel per dataset, one dot per row."""
    datasets = ("K600", "UCF101", "HMDB51")
    points = [r for r in rows if r.protocol == "zero-shot" and r.benchmark in datasets]
    families = sorted({backbone_family(r.backbone) for r in points})
    labels = sorted({name(r.key) for r in points}, reverse=True)
    with rc_context(_STYLE):
        fig = Figure(figsize=(10, 0.32 * len(labels) + 1.5))
        axes = fig.subplots(1, len(datasets), sharey=True)
        for ax, dataset in zip(axes, datasets, strict=True):
            for i, family in enumerate(families):
                for row in points:
                    if row.benchmark != dataset or backbone_family(row.backbone) != family:
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
        return _svg(fig, "Zero-shot top-1 accuracy on Kinetics-600, UCF101 and HMDB51")


PLOTS = {"k400-gflops": k400_vs_gflops, "zero-shot": zero_shot}
