"""docutils tables, built the same way by every directive that shows one."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

#: The class that keeps a node out of Sphinx's search index: tables of numbers
#: and of every method are left out, so that a search lands on the entry's
#: own page (and the index stays small enough to write on every build).
NO_SEARCH = "no-search"


def cell(*children: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *children))


def table(
    headers: Sequence[str | nodes.entry],
    caption: str = "",
    classes: Sequence[str] = (),
    ids: Sequence[str] = (),
) -> tuple[nodes.table, nodes.tbody]:
    """An empty table with its header row (a header is text or a ready cell),
    and its body to fill."""
    node = nodes.table(classes=list(classes), ids=list(ids))
    if caption:
        node += nodes.title("", caption)
    group = nodes.tgroup(cols=len(headers))
    node += group
    group += [nodes.colspec(colwidth=1) for _ in headers]
    head = [h if isinstance(h, nodes.entry) else cell(nodes.Text(h)) for h in headers]
    group += nodes.thead("", nodes.row("", *head))
    body = nodes.tbody()
    group += body
    return node, body
