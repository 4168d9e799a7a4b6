"""Leaderboards: one page per benchmark and protocol that the results data has.

The pages are generated at build time (``clipvid_leaderboards``, a folder of the
source directory): each holds a ``clipvid-leaderboard`` directive, which renders
per setting a ranked table of the best row of each method, every configuration
one click away, filters, sourced rows and two plots. ``clipvid-leaderboards``
lists the pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import generated, tablenodes
from .bibdata import Record
from .domain import ClipvidDomain, entry_link
from .filters import select, slug
from .log import warn
from .results import Board, Row, best_per_method, boards
from .schema import BENCHMARK_SLUGS, PARADIGM_LABELS, PROTOCOL_SLUGS
from .tablenodes import NO_SEARCH, cell
from .tables import linked, method_name


def _stub(board: Board) -> str:
    """The page of one leaderboard: a section per setting, so that each table
    has its entry in the page's table of contents."""
    title = board.title
    call = (
        f".. clipvid-leaderboard::\n   :benchmark: {board.benchmark}\n"
        f"   :protocol: {board.protocol}\n"
    )
    parts = [f".. _leaderboard-{board.slug}:\n\n{title}\n{'=' * len(title)}\n\n{call}"]
    for setting in board.settings:
        heading = f"Setting: {setting}" if setting else "Reported results"
        option = f"   :setting: {setting}\n" if setting else "   :setting:\n"
        parts.append(f"{heading}\n{'-' * len(heading)}\n\n{call}{option}")
    parts.append(f"Sources\n-------\n\n{call}   :part: sources\n")
    return "\n".join(parts)


def _index_stub(found: Sequence[Board]) -> str:
    pages = "\n".join(f"   {b.slug}" for b in found)
    return (
        ".. _leaderboards:\n\nLeaderboards\n============\n\n"
        "One page per benchmark and protocol, generated from the results data.\n\n"
        ".. clipvid-leaderboards::\n\n"
        f".. toctree::\n   :hidden:\n\n{pages}\n"
    )


def write_pages(app: Sphinx) -> None:
    """Generate one source page per leaderboard, and their index, before the
    sources are read; remove the pages of pairs the data no longer has."""
    folder = app.config.clipvid_leaderboards
    if not folder:
        return
    domain = cast(ClipvidDomain, app.env.get_domain("clipvid"))
    found = boards(domain.results)
    pages = {f"{b.slug}.rst": _stub(b) for b in found}
    pages["index.rst"] = _index_stub(found)
    generated.write_pages(Path(app.srcdir) / folder, pages)


def _links(record: Record | None) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    if record is None:
        return out
    for field, label in (("url", "Paper"), ("code", "Code")):
        url = next((u for f, _, u in record.links if f == field), "")
        if url:
            if out:
                out.append(nodes.Text(" · "))
            out.append(nodes.reference("", label, refuri=url))
    return out


class LeaderboardDirective(SphinxDirective):
    """The leaderboard of one benchmark under one protocol."""

    option_spec = {  # noqa: RUF012 (docutils API)
        "benchmark": directives.unchanged_required,
        "protocol": directives.unchanged_required,
        "setting": directives.unchanged,  # one setting's tables ("" for none)
        "part": lambda arg: directives.choice(arg, ("filters", "sources")),
    }

    def run(self) -> list[nodes.Node]:
        domain = cast(ClipvidDomain, self.env.get_domain("clipvid"))
        bench, protocol = self.options.get("benchmark", ""), self.options.get("protocol", "")
        if bench not in BENCHMARK_SLUGS or protocol not in PROTOCOL_SLUGS:
            warn("clipvid-leaderboard needs :benchmark: and :protocol: of the schema",
                 "directive", self.get_location())  # fmt: skip
            return []
        board = next(
            (b for b in boards(domain.use_results(self.env))
             if (b.benchmark, b.protocol) == (bench, protocol)),
            None,
        )  # fmt: skip
        if board is None:
            warn("no result matches this leaderboard", "empty", self.get_location())
            return []
        self.anchored: set[str] = set()
        notes: dict[tuple[str, str], int] = {}
        for row in sorted(board.rows, key=lambda r: r.line):
            notes.setdefault((row.source, row.note), len(notes) + 1)
        if "setting" in self.options:
            setting = (self.options["setting"] or "").strip()
            if setting not in board.settings:
                warn(f"no result of setting {setting!r} on this leaderboard", "empty",
                     self.get_location())  # fmt: skip
                return []
            return self._setting(domain, board, setting, board.of_setting(setting), notes)
        part = self.options.get("part", "filters")
        if part == "sources":
            return [self._sources(board, notes)]
        return [self._filters(board)]

    def _sources(self, board: Board, notes: dict[tuple[str, str], int]) -> nodes.Node:
        """Each source and note once; rows refer to them by number."""
        sources = nodes.enumerated_list(classes=["clipvid-sources"])
        for (source, note), number in notes.items():
            para = nodes.paragraph()
            para += linked(f"{source} {note}".strip())  # a note may name a second source
            sources += nodes.list_item("", para, ids=[f"source-{board.slug}-{number}"])
        return sources

    def _filters(self, board: Board) -> nodes.raw:
        """Filter controls; the table rows carry the matching classes."""

        backbones = sorted({r.backbone_family for r in board.rows})
        pretrains = sorted({r.pretrain or "not stated" for r in board.rows})
        controls = [
            select("bb", "Backbone", [(slug(b), b) for b in backbones]),
            select("pt", "Pretraining", [(slug(p), p) for p in pretrains]),
            select("extra", "Extra data", [("no", "none"), ("yes", "with extra video data")]),
        ]
        return nodes.raw(
            "",
            '<form class="clipvid-filters" aria-label="Filter the leaderboard">'
            + " ".join(controls)
            + "</form>",
            format="html",
        )

    def _setting(
        self,
        domain: ClipvidDomain,
        board: Board,
        setting: str,
        rows: list[Row],
        notes: dict[tuple[str, str], int],
    ) -> list[nodes.Node]:
        name = f"{board.title}, {setting}" if setting else board.title
        best = best_per_method(rows)
        anchor = slug(f"{board.slug}-{setting}") if setting else board.slug
        ranked = self._table(
            domain, board, best, notes, f"{name}: best reported row per method",
            f"best-{anchor}", ranked=True,
        )  # fmt: skip
        everything = self._table(
            domain, board, rows, notes, f"{name}: every configuration", f"all-{anchor}",
            ranked=False,
        )  # fmt: skip
        summary = nodes.raw(
            "", f"<details><summary>All {len(rows)} configurations</summary>", format="html"
        )
        end = nodes.raw("", "</details>", format="html")
        return [
            ranked,
            summary,
            everything,
            end,
            *self._plots(domain, board, setting, rows, anchor),
        ]

    def _table(
        self,
        domain: ClipvidDomain,
        board: Board,
        rows: list[Row],
        notes: dict[tuple[str, str], int],
        caption: str,
        table_id: str,
        ranked: bool,
    ) -> nodes.table:
        rank_header = cell(nodes.Text("Rank"))
        rank_header["classes"].append("clipvid-ascending")  # rank 1 first
        headers: list[str | nodes.entry] = [rank_header] if ranked else []
        headers += ["Method", "Top-1", "Top-5", "Year", "Paradigm", "Backbone", "Pretraining",
                    "Frames \u00d7 views", "GFLOPs", "Paper", "Source"]  # fmt: skip
        table, body = tablenodes.table(
            headers, caption, ["clipvid-leaderboard", "clipvid-sortable", NO_SEARCH], [table_id]
        )
        rank, previous = 0, None
        anchored = self.anchored
        for index, row in enumerate(rows, start=1):
            if row.top1 != previous:
                rank, previous = index, row.top1
            record = domain.record(row.key)
            classes = [
                f"clipvid-bb-{slug(row.backbone_family)}",
                f"clipvid-pt-{slug(row.pretrain or 'not stated')}",
                f"clipvid-extra-{'yes' if row.extra_data else 'no'}",
            ]
            prefix = "best" if ranked else "row"
            row_id = f"{prefix}-{board.slug}-{row.line}"
            tr = nodes.row(ids=[row_id], classes=classes)
            if ranked and row.key.lower() not in anchored:  # cards' headlines link here
                anchored.add(row.key.lower())
                for name in (f"{row.key}@{board.slug}", row.key):
                    domain.add_results_anchor(self.env.docname, name, row_id)
            if ranked:
                tr += cell(nodes.Text(str(rank)))
            link = entry_link(self.config, row.key, method_name(domain, row.key))
            self.set_source_info(link)
            tr += cell(link, nodes.Text(f" ({row.variant})" if row.variant else ""))
            tr += cell(nodes.strong("", row.top1))
            tr += cell(nodes.Text(row.top5))
            tr += cell(nodes.Text(record.year if record else ""))
            labels = [PARADIGM_LABELS.get(p, p) for p in (record.paradigms if record else [])]
            tr += cell(nodes.Text(", ".join(labels)))
            tr += cell(nodes.Text(row.backbone))
            tr += cell(nodes.Text(row.pretrain))
            tr += cell(nodes.Text(row.configuration))
            tr += cell(nodes.Text(row.gflops))
            tr += cell(*_links(record))
            number = notes[(row.source, row.note)]
            tr += cell(
                nodes.reference("", "source", refuri=row.source),
                nodes.Text(" "),
                nodes.reference("", f"[{number}]", refid=f"source-{board.slug}-{number}"),
            )
            body += tr
        return table

    def _plots(
        self, domain: ClipvidDomain, board: Board, setting: str, rows: list[Row], anchor: str
    ) -> list[nodes.Node]:
        """The state of the art over time and top-1 against GFLOPs, for the rows
        of one setting; each point links to its row."""
        from .plots import gflops_plot, timeline_plot  # matplotlib only where drawn

        best = {id(r) for r in best_per_method(rows)}

        def row_link(row: Row) -> str:
            return f"#{'best' if id(row) in best else 'row'}-{board.slug}-{row.line}"

        out: list[nodes.Node] = []
        title = f"{board.title}, {setting}" if setting else board.title
        for kind, draw in (("timeline", timeline_plot), ("gflops", gflops_plot)):
            figure = draw(
                rows, lambda key: method_name(domain, key), domain.record, row_link, title
            )
            if figure is None:
                continue
            svg, caption = figure
            container = nodes.container(
                "", is_div=True, classes=["clipvid-figure"], ids=[f"plot-{kind}-{anchor}"]
            )
            container += nodes.raw("", svg, format="html")
            container += nodes.paragraph("", caption, classes=["clipvid-caption"])
            out.append(container)
        return out


class LeaderboardIndexDirective(SphinxDirective):
    """A table of the leaderboards: rows, methods and the best reported number."""

    def run(self) -> list[nodes.Node]:
        domain = cast(ClipvidDomain, self.env.get_domain("clipvid"))
        domain.use_records(self.env)  # method names
        found = boards(domain.use_results(self.env))
        table, body = tablenodes.table(
            ["Leaderboard", "Rows", "Methods", "Best top-1"], "Leaderboards", ["clipvid-boards"]
        )
        for board in found:
            ref = addnodes.pending_xref(
                "", nodes.inline("", board.title), refdomain="std", reftype="ref",
                reftarget=f"leaderboard-{board.slug}", refexplicit=True, refwarn=True,
            )  # fmt: skip
            top = best_per_method(board.of_setting(board.settings[0]))[0]
            best = f"{top.top1} ({method_name(domain, top.key)})"
            if board.settings[0]:
                best += f", {board.settings[0]}"
            methods = len({r.key for r in board.rows})
            body += nodes.row(
                "", cell(ref), cell(nodes.Text(str(len(board.rows)))),
                cell(nodes.Text(str(methods))), cell(nodes.Text(best)),
            )  # fmt: skip
        return [table]


def setup_leaderboards(app: Sphinx) -> None:
    app.add_config_value("clipvid_leaderboards", "", "env", types=frozenset({str}))
    app.add_directive("clipvid-leaderboard", LeaderboardDirective)
    app.add_directive("clipvid-leaderboards", LeaderboardIndexDirective)
    app.connect("builder-inited", write_pages, priority=450)
