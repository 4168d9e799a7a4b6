"""Directives that render the taxonomy from :mod:`.schema`, so the landing page
and the contributing page never drift from what the checks accept."""

from __future__ import annotations

from typing import cast

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import tablenodes
from .domain import ClipvidDomain
from .export import of_paradigm
from .log import warn
from .schema import BENCHMARKS, PARADIGMS, PROTOCOLS, SECTIONS, TASKS, WARNINGS, Term
from .tablenodes import cell


class ParadigmCardsDirective(SphinxDirective):
    """One card per paradigm, linking to the label ``paradigm-<slug>`` that
    the adaptation page defines, with the number of entries in that group:
    the entries of its export file."""

    def run(self) -> list[nodes.Node]:
        domain = cast(ClipvidDomain, self.env.get_domain("clipvid"))
        grid = nodes.container("", is_div=True, classes=["clipvid-cards", "clipvid-paradigms"])
        for term in PARADIGMS:
            count = len(of_paradigm(domain.use_records(self.env).values(), term.slug))
            ref = addnodes.pending_xref(
                "",
                nodes.inline("", term.label),
                refdomain="std",
                reftype="ref",
                reftarget=f"paradigm-{term.slug}",
                refexplicit=True,
                refwarn=True,
            )
            body = nodes.container(
                "",
                nodes.paragraph("", "", ref, classes=["clipvid-title"]),
                nodes.paragraph("", term.description),
                nodes.paragraph("", f"{count} entries", classes=["clipvid-count"]),
                is_div=True,
                classes=["clipvid-card-body"],
            )
            grid += nodes.container("", body, is_div=True, classes=["clipvid-card"])
        return [grid]


def _term_list(terms: tuple[Term, ...]) -> nodes.definition_list:
    items = nodes.definition_list()
    for term in terms:
        items += nodes.definition_list_item(
            "",
            nodes.term("", "", nodes.literal("", term.slug), nodes.Text(f" ({term.label})")),
            nodes.definition("", nodes.paragraph("", term.description)),
        )
    return items


_TAXONOMIES = {
    "paradigm": PARADIGMS,
    "section": SECTIONS,
    "task": TASKS,
    "benchmark": BENCHMARKS,
    "protocol": PROTOCOLS,
}


class TaxonomyDirective(SphinxDirective):
    """The accepted values of ``paradigm``, ``section`` or ``task`` with their meaning."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        terms = _TAXONOMIES.get(self.arguments[0])
        if terms is None:
            warn(
                f"clipvid-taxonomy takes one of {', '.join(_TAXONOMIES)}",
                "directive",
                self.get_location(),
            )
            return []
        return [_term_list(terms)]


class WarningsDirective(SphinxDirective):
    """The table of warning subtypes, from their one declaration in :mod:`.schema`."""

    def run(self) -> list[nodes.Node]:
        table, body = tablenodes.table(["subtype", "raised when"], classes=["clipvid-warnings"])
        for subtype, when in WARNINGS.items():
            body += nodes.row(
                "", cell(nodes.literal("", subtype)), cell(*self.parse_inline(when)[0])
            )
        return [table]


def setup_taxonomy(app: Sphinx) -> None:
    app.add_directive("clipvid-paradigms", ParadigmCardsDirective)
    app.add_directive("clipvid-taxonomy", TaxonomyDirective)
    app.add_directive("clipvid-warnings", WarningsDirective)
