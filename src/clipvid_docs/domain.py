"""The ``clipvid`` domain: the project's state on the build environment.

It holds the checked records of refs.bib (plain values, see :mod:`.bibdata`)
and, per document, the cards placed on it, so that other pages can link to an
entry's card and a parallel build can merge what each worker read.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any, cast

from docutils.nodes import Element, reference
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .bibdata import Bibliography, Problem, Record


class ClipvidDomain(Domain):
    name = "clipvid"
    label = "clipvid-docs"
    data_version = 1
    object_types = {"card": ObjType("card", "card")}  # noqa: RUF012
    roles = {"card": XRefRole()}  # noqa: RUF012
    initial_data = {  # noqa: RUF012 (Sphinx API)
        "records": {},  # lowercased key -> Record
        "problems": [],  # list[Problem] found in the bib files
        "mtimes": {},  # bib path -> mtime when records were read
        "cards": {},  # docname -> list of (key, anchor id)
    }

    @property
    def records(self) -> dict[str, Record]:
        return cast(dict[str, Record], self.data["records"])

    @property
    def problems(self) -> list[Problem]:
        return cast(list[Problem], self.data["problems"])

    def store(self, bib: Bibliography, problems: list[Problem], mtimes: dict[str, float]) -> None:
        self.data["records"] = bib.records
        self.data["problems"] = problems
        self.data["mtimes"] = mtimes

    def record(self, key: str) -> Record | None:
        return self.records.get(key.lower())

    def add_card(self, docname: str, key: str, anchor: str) -> None:
        self.data["cards"].setdefault(docname, []).append((key.lower(), anchor))

    def card_target(self, key: str) -> tuple[str, str] | None:
        """(docname, anchor) of the first card of ``key``, in document order."""
        for docname in sorted(self.data["cards"]):
            for card_key, anchor in self.data["cards"][docname]:
                if card_key == key.lower():
                    return docname, anchor
        return None

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> reference | None:
        """``{clipvid:card}`key``` links to the first card of the entry."""
        found = self.card_target(target) if typ == "card" else None
        if found is None:
            return None
        docname, anchor = found
        return make_refnode(builder, fromdocname, docname, anchor, contnode, target)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, reference]]:
        ref = self.resolve_xref(env, fromdocname, builder, "card", target, node, contnode)
        return [("clipvid:card", ref)] if ref is not None else []

    def clear_doc(self, docname: str) -> None:
        self.data["cards"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname, cards in otherdata["cards"].items():
            if docname in docnames:
                self.data["cards"][docname] = cards
