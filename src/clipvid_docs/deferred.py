"""Content that no transform needs to see, written as it is.

A card is some twenty docutils nodes, and every transform, the search indexer
and the pickler walk each of them: with hundreds of cards a page costs several
times a plain one. The parts of a card that nothing resolves (its title, authors,
venue, summary, external links, BibTeX) are built as ordinary nodes but kept in
a ``deferred`` node's ``content``, out of the tree; any builder's translator
walks them where the node stands. What must be resolved (cross-references,
links to exported files) stays in the tree. The linkcheck builder, which
reads links from the tree, gets the content put back in place.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxTranslator


class deferred(nodes.General, nodes.Element):
    """Holds its ``content`` (nodes) out of the tree until it is written."""


def _needs_resolving(node: nodes.Node) -> bool:
    from sphinx.addnodes import pending_xref

    from .cards import export_link

    return any(isinstance(n, (pending_xref, export_link)) for n in node.findall())


def compact(items: Iterable[nodes.Node], parent: nodes.Element) -> None:
    """Append ``items`` to ``parent``, each run of items that need no
    resolving wrapped in one ``deferred`` node."""
    run: list[nodes.Node] = []

    def flush() -> None:
        if run:
            holder = parent.__class__()  # their parent while written: a node of the same kind
            holder.extend(run)
            parent.append(deferred("", content=holder))
            run.clear()

    for item in items:
        if _needs_resolving(item):
            flush()
            parent.append(item)
        else:
            run.append(item)
    flush()


class PutBack(SphinxPostTransform):
    """The linkcheck builder reads the links of the tree itself: for it, the
    content is put back in place before it looks."""

    default_priority = 5
    builders = ("linkcheck",)

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(deferred)):
            node.replace_self([child.deepcopy() for child in node["content"].children])


def visit_deferred(self: SphinxTranslator, node: deferred) -> None:
    for child in node["content"].children:
        child.walkabout(self)
    raise nodes.SkipNode


def setup_deferred(app: Sphinx) -> None:
    visit = (visit_deferred, None)
    app.add_node(deferred, html=visit, latex=visit, text=visit, man=visit, texinfo=visit)
    app.add_post_transform(PutBack)
