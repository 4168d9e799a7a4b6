"""``clipvid-coverage``: what the map holds and what it knows it lacks.

``counts`` tabulates the methods on the site per year and setting; ``pending``
and ``out-of-scope`` list the candidates of the ledger that are not entries,
each with where it was found and why it is not (yet) on the site. They get no
card and no BibTeX: they are not verified.
"""

from __future__ import annotations

from collections import Counter
from typing import cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import tablenodes
from .bibdata import is_web_url
from .candidates import Candidate
from .domain import ClipvidDomain
from .log import warn
from .schema import METHOD_SECTIONS, TASKS


def _table(headers: list[str], rows: list[list[nodes.Node]], classes: list[str]) -> nodes.table:
    table, body = tablenodes.table(headers, classes=["clipvid-coverage", *classes])
    for cells in rows:
        body += nodes.row("", *(tablenodes.cell(c) for c in cells))
    return table


def _text(value: object) -> nodes.Text:
    return nodes.Text(str(value))


def _sources(row: Candidate) -> nodes.inline:
    out = nodes.inline()
    for i, url in enumerate(row.sources, start=1):
        if i > 1:
            out += nodes.Text(" ")
        out += nodes.reference("", f"[{i}]", refuri=url) if is_web_url(url) else _text(f"[{i}]")
    return out


def _identifier(row: Candidate) -> nodes.Node:
    if row.arxiv:
        return nodes.reference(
            "", f"arXiv:{row.arxiv}", refuri=f"https://arxiv.org/abs/{row.arxiv}"
        )
    if row.doi:
        return nodes.reference("", row.doi, refuri=f"https://doi.org/{row.doi}")
    return _text("")


class CoverageDirective(SphinxDirective):
    required_arguments = 1
    parts = ("counts", "pending", "out-of-scope")

    def run(self) -> list[nodes.Node]:
        part = self.arguments[0]
        if part not in self.parts:
            warn(f"clipvid-coverage takes one of {', '.join(self.parts)}", "directive",
                 self.get_location())  # fmt: skip
            return []
        domain = cast(ClipvidDomain, self.env.get_domain("clipvid"))
        if part == "counts":
            return self._counts(domain)
        ledger = domain.use_candidates(self.env)
        chosen = sorted((c for c in ledger if c.status == part), key=lambda c: c.label.lower())
        summary = Counter(c.status for c in ledger)
        para = nodes.paragraph(
            "",
            f"{len(ledger)} candidates in the ledger: {summary['added']} on the site, "
            f"{summary['pending']} pending, {summary['out-of-scope']} out of scope.",
        )
        why = "Not yet verified" if part == "pending" else "Why it is not on the map"
        headers = ["Candidate", "Paper", "Found in", why]
        rows: list[list[nodes.Node]] = [
            [_text(c.label), _identifier(c), _sources(c), _text(c.reason)] for c in chosen
        ]
        return [para, _table(headers, rows, [f"clipvid-{part}"])]

    def _counts(self, domain: ClipvidDomain) -> list[nodes.Node]:
        records = domain.use_records(self.env).values()
        methods = [r for r in records if set(r.sections) & set(METHOD_SECTIONS)]
        years = sorted({r.year for r in methods if r.year}, reverse=True)
        headers = ["Year", "Methods", *(t.label for t in TASKS)]
        rows: list[list[nodes.Node]] = []
        for year in [*years, "All"]:
            group = [r for r in methods if year in ("All", r.year)]
            counts = [sum(t.slug in r.tasks for r in group) for t in TASKS]
            rows.append([_text(year), _text(len(group)), *map(_text, counts)])
        return [_table(headers, rows, ["clipvid-counts"])]


def setup_coverage(app: Sphinx) -> None:
    app.add_directive("clipvid-coverage", CoverageDirective)
