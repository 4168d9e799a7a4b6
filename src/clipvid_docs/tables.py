"""``clipvid-results`` (sortable tables of reported numbers) and ``clipvid-plot``.

Every number links to its source note under the table; every method links to
its card. Rows come from the results file checked by :mod:`.results`.
"""

from __future__ import annotations

import re
from typing import cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import tablenodes
from .bibdata import is_web_url
from .domain import ClipvidDomain, xref
from .log import warn
from .results import Row
from .schema import BENCHMARKS, PROTOCOL_SLUGS, split_list
from .tablenodes import NO_SEARCH, cell

#: (column header, Row attribute) in display order; empty columns are dropped.
_COLUMNS = (
    ("Method", "key"),
    ("Setting", "setting"),
    ("Backbone", "backbone"),
    ("Pretraining", "pretrain"),
    ("Frames", "frames"),
    ("Views", "views"),
    ("Input", "input"),
    ("GFLOPs", "gflops"),
    ("Top-1", "top1"),
    ("Top-5", "top5"),
    ("Source", "source"),
)


def method_name(domain: ClipvidDomain, key: str) -> str:
    record = domain.record(key)
    if record is None:
        return key
    return record.get("abbr") or record.title


_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:)\]]")


def linked(text: str) -> list[nodes.Node]:
    """``text`` with each http(s) address in it as a link (a source a reader
    opens in one click); anything else stays text."""
    out: list[nodes.Node] = []
    pos = 0
    for match in _URL.finditer(text):
        if match.start() > pos:
            out.append(nodes.Text(text[pos : match.start()]))
        url = match.group()
        out.append(nodes.reference("", url, refuri=url) if is_web_url(url) else nodes.Text(url))
        pos = match.end()
    if pos < len(text):
        out.append(nodes.Text(text[pos:]))
    return out


class ResultsDirective(SphinxDirective):
    """One sortable table per benchmark of a protocol, best top-1 first."""

    option_spec = {  # noqa: RUF012 (docutils API)
        "protocol": directives.unchanged_required,
        "benchmark": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        domain = cast(ClipvidDomain, self.env.get_domain("clipvid"))
        protocol = self.options.get("protocol", "")
        if protocol not in PROTOCOL_SLUGS:
            warn(
                f"clipvid-results needs :protocol: one of {', '.join(PROTOCOL_SLUGS)}",
                "directive",
                self.get_location(),
            )
            return []
        results = domain.use_results(self.env)
        wanted = split_list(self.options.get("benchmark", "")) or [b.slug for b in BENCHMARKS]
        out: list[nodes.Node] = []
        for bench in BENCHMARKS:
            rows = [r for r in results if r.protocol == protocol and r.benchmark == bench.slug]
            if bench.slug in wanted and rows:
                out += [nodes.rubric("", bench.label), *self._table(domain, rows)]
        if not out:
            warn("no result matches this selection", "empty", self.get_location())
        return out

    def _table(self, domain: ClipvidDomain, rows: list[Row]) -> list[nodes.Node]:
        rows = sorted(rows, key=lambda r: (-r.top1_value, r.key, r.line))
        columns = [(h, a) for h, a in _COLUMNS if any(getattr(r, a) for r in rows)]
        table, body = tablenodes.table(
            [h for h, _ in columns], classes=["clipvid-results", "clipvid-sortable", NO_SEARCH]
        )
        notes = nodes.enumerated_list(classes=["clipvid-sources"])
        document = self.state.document
        for number, row in enumerate(rows, start=1):
            note_id = f"result-{row.line}"
            tr = nodes.row()
            anchor = f"results-{row.key}"
            if anchor not in document.ids:
                document.ids[anchor] = tr
                tr["ids"].append(anchor)
                domain.add_results_anchor(self.env.docname, row.key, anchor)
            for _, attr in columns:
                value = getattr(row, attr)
                if attr == "key":
                    variant = nodes.Text(f" ({row.variant})" if row.variant else "")
                    link = xref("card", row.key, method_name(domain, row.key))
                    self.set_source_info(link)
                    tr += cell(link, variant)
                elif attr == "top1":
                    tr += cell(nodes.reference("", value, refid=note_id))
                elif attr == "source":
                    tr += cell(nodes.reference("", f"[{number}]", refid=note_id))
                else:
                    tr += cell(nodes.Text(value))
            body += tr
            para = nodes.paragraph("", f"{method_name(domain, row.key)}: ")
            para += linked(row.source)
            if row.note:
                para += nodes.Text(f" Note: {row.note}")
            notes += nodes.list_item("", para, ids=[note_id])
        return [table, notes]


class PlotDirective(SphinxDirective):
    """A plot of the results, drawn now from the same data as the tables."""

    required_arguments = 1
    has_content = True  # the caption

    def run(self) -> list[nodes.Node]:
        domain = cast(ClipvidDomain, self.env.get_domain("clipvid"))
        from .plots import PLOTS  # matplotlib: only the pages that draw pay for it

        which = self.arguments[0]
        draw = PLOTS.get(which)
        if draw is None:
            warn(
                f"unknown plot {which!r} (one of: {', '.join(PLOTS)})",
                "directive",
                self.get_location(),
            )
            return []
        svg, accounting = draw(domain.use_results(self.env), lambda key: method_name(domain, key))
        figure = nodes.container("", is_div=True, classes=["clipvid-figure"])
        figure += nodes.raw("", svg, format="html")
        caption = nodes.paragraph(classes=["clipvid-caption"])
        if self.content:
            caption += self.parse_inline("\n".join(self.content))[0]
        if accounting:  # what the plot could not show, said rather than hidden
            caption += nodes.Text(" " + accounting)
        if len(caption):
            figure += caption
        return [figure]


def setup_tables(app: Sphinx) -> None:
    app.add_directive("clipvid-results", ResultsDirective)
    app.add_directive("clipvid-plot", PlotDirective)
