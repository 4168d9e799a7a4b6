"""The ``clipvid`` domain: the project's state on the build environment.

It holds the checked records of refs.bib (plain values, see :mod:`.bibdata`)
and, per document, the cards placed on it, so that other pages can link to an
entry's card and a parallel build can merge what each worker read.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any, cast

from docutils.nodes import Element, inline, reference
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .bibdata import Bibliography, Problem, Record
from .results import Row


def xref(kind: str, key: str, text: str) -> pending_xref:
    """A link to an entry's first card (``kind="card"``) or first results row
    (``"results"``), resolved once every page has been read."""
    return pending_xref(
        "", inline("", text), refdomain="clipvid", reftype=kind, reftarget=key,
        refexplicit=True, refwarn=True,
    )  # fmt: skip


class ClipvidDomain(Domain):
    name = "clipvid"
    label = "clipvid-docs"
    data_version = 1
    object_types = {  # noqa: RUF012
        "card": ObjType("card", "card"),
        "results": ObjType("results", "results"),
    }
    roles = {"card": XRefRole(), "results": XRefRole()}  # noqa: RUF012
    initial_data = {  # noqa: RUF012 (Sphinx API)
        "records": {},  # lowercased key -> Record
        "problems": [],  # list[Problem] found in the bib files
        "mtimes": {},  # bib path -> mtime when records were read
        "cards": {},  # docname -> list of (key, anchor id)
        "results": [],  # list[Row] of the results file
        "results_path": "",
        "results_problems": [],  # list[Problem] of the results file
        "results_mtime": None,
        "result_anchors": {},  # docname -> list of (key, anchor id)
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

    @property
    def results(self) -> list[Row]:
        return cast(list[Row], self.data["results"])

    @property
    def results_path(self) -> str:
        return cast(str, self.data["results_path"])

    def use_results(self, env: BuildEnvironment) -> list[Row]:
        """The results rows, recording that the current page depends on them."""
        if self.results_path:
            env.note_dependency(self.results_path)
        return self.results

    def results_of(self, key: str) -> list[Row]:
        return [r for r in self.results if r.key.lower() == key.lower()]

    def add_results_anchor(self, docname: str, key: str, anchor: str) -> None:
        self.data["result_anchors"].setdefault(docname, []).append((key.lower(), anchor))

    def record(self, key: str) -> Record | None:
        return self.records.get(key.lower())

    def add_card(self, docname: str, key: str, anchor: str) -> None:
        self.data["cards"].setdefault(docname, []).append((key.lower(), anchor))

    def target(self, kind: str, key: str) -> tuple[str, str] | None:
        """(docname, anchor) of the first card (``kind="cards"``) or results
        row (``"result_anchors"``) of ``key``, in document order."""
        places = self.data[kind]
        for docname in sorted(places):
            for found_key, anchor in places[docname]:
                if found_key == key.lower():
                    return docname, anchor
        return None

    def card_target(self, key: str) -> tuple[str, str] | None:
        return self.target("cards", key)

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
        """``{clipvid:card}`key``` links to the entry's first card,
        ``{clipvid:results}`key``` to its first row in a results table."""
        kinds = {"card": "cards", "results": "result_anchors"}
        found = self.target(kinds[typ], target) if typ in kinds else None
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
        self.data["result_anchors"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for kind in ("cards", "result_anchors"):
            for docname, places in otherdata[kind].items():
                if docname in docnames:
                    self.data[kind][docname] = places
