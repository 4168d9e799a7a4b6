"""The ``clipvid`` domain: the project's state on the build environment.

It holds the checked records of refs.bib (plain values, see :mod:`.bibdata`)
and, per document, the cards placed on it, so that other pages can link to an
entry's card and a parallel build can merge what each worker read.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from sphinx.domains import Domain

from .bibdata import Bibliography, Problem, Record


class ClipvidDomain(Domain):
    name = "clipvid"
    label = "clipvid-docs"
    data_version = 1
    initial_data: dict[str, Any] = {
        "records": {},  # lowercased key -> Record
        "problems": [],  # list[Problem] found in the bib files
        "mtimes": {},  # bib path -> mtime when records were read
        "cards": {},  # docname -> list of (key, anchor id)
    }

    @property
    def records(self) -> dict[str, Record]:
        return self.data["records"]

    @property
    def problems(self) -> list[Problem]:
        return self.data["problems"]

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

    def clear_doc(self, docname: str) -> None:
        self.data["cards"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname, cards in otherdata["cards"].items():
            if docname in docnames:
                self.data["cards"][docname] = cards
