"""The ``clipvid`` domain: the project's state on the build environment.

It owns the checked records of refs.bib (plain values, see :mod:`.bibdata`),
the results rows, and, per document, the cards, results rows and entry links
placed on it; it knows when they are stale and which pages follow a change.
Nothing outside this module touches ``self.data``.
"""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path
from typing import Any, cast

from docutils.nodes import Element, inline, reference
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from . import bibdata, datafiles
from .bibdata import Problem, Record
from .candidates import Candidate
from .changes import Change
from .results import Row

#: Per-document places, merged after a parallel read: kind -> docname -> [(key, anchor)].
_PLACES = ("cards", "result_anchors")
#: Everything recorded per document (cleared and merged by document).
_PER_DOC = (*_PLACES, "links", "entry_pages", "bib_pages")


#: The data files the domain reads besides refs.bib (see :mod:`.datafiles`).
_TABLES = datafiles.TABLES
TABLES = tuple(_TABLES)


def xref(kind: str, key: str, text: str) -> pending_xref:
    """A link to an entry's first card (``kind="card"``) or first results row
    (``"results"``), resolved once every page has been read."""
    return pending_xref(
        "", inline("", text), refdomain="clipvid", reftype=kind, reftarget=key,
        refexplicit=True, refwarn=True,
    )  # fmt: skip


def entry_link(config: Config, key: str, text: str) -> pending_xref:
    """A link to an entry's own page (``clipvid_entries``), or, on a site
    without entry pages, to its first card."""
    folder = config.clipvid_entries
    if not folder:
        return xref("card", key, text)
    return pending_xref(
        "", inline("", text), refdomain="std", reftype="doc",
        reftarget=f"/{folder}/{key.lower()}", refexplicit=True, refwarn=True,
    )  # fmt: skip


class ClipvidDomain(Domain):
    name = "clipvid"
    label = "clipvid-docs"
    data_version = 4  # bump whenever initial_data changes shape
    object_types = {  # noqa: RUF012
        "card": ObjType("card", "card"),
        "results": ObjType("results", "results"),
    }
    roles = {  # noqa: RUF012
        "card": XRefRole(warn_dangling=True),
        "results": XRefRole(warn_dangling=True),
    }
    dangling_warnings = {  # noqa: RUF012
        "card": "no card of '%(target)s' on any page (is it in refs.bib and shown by a "
        "clipvid-cards directive?)",
        "results": "no results row of '%(target)s'",
    }
    initial_data = {  # noqa: RUF012 (Sphinx API)
        "records": {},  # lowercased key -> Record
        "problems": [],  # list[Problem] found in the bib files
        "mtimes": {},  # bib path -> mtime when records were read
        "cards": {},  # docname -> list of (key, anchor id)
        "result_anchors": {},  # docname -> list of (key, anchor id)
        "links": {},  # docname -> set of lowercased keys its clipvid xrefs name
        "entry_pages": {},  # docname -> lowercased key of the entry it is the page of
        "bib_pages": {},  # docname -> True: pages that list the whole bibliography
        # the data files next to refs.bib: name -> {rows, path, problems, mtime}
        **{name: {"rows": [], "path": "", "problems": [], "mtime": None} for name in _TABLES},
    }

    _by_key: tuple[list[Row], dict[str, list[Row]]] | None = None  # see results_of

    # -- the bibliography and the results, read when their files change --

    @property
    def records(self) -> dict[str, Record]:
        return cast(dict[str, Record], self.data["records"])

    @property
    def problems(self) -> list[Problem]:
        """Every problem of the bib files and the results file, by file and line."""
        found = list(self.data["problems"])
        for name in _TABLES:
            found += self.data[name]["problems"]
        return cast(list[Problem], found)

    def use_records(self, env: BuildEnvironment) -> dict[str, Record]:
        """The records, recording that the current page lists from the whole
        bibliography (an index, counts, a changelog): it is read again
        whenever the bibliography changes."""
        self.data["bib_pages"][env.docname] = True
        return self.records

    def record(self, key: str) -> Record | None:
        return self.records.get(key.lower())

    def update_bibliography(self, paths: list[Path], mtimes: dict[str, float]) -> set[str] | None:
        """Re-read the bib files if their mtimes changed; the lowercased keys
        whose content changed (added, edited or removed), or None if nothing was read."""
        if self.data["mtimes"] == mtimes:
            return None
        bib = bibdata.load(paths)
        old = {k: r.content for k, r in self.records.items()}
        new = {k: r.content for k, r in bib.records.items()}
        self.data.update(records=bib.records, problems=bibdata.check(bib), mtimes=mtimes)
        return {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}

    def update_table(self, name: str, path: Path | None, force: bool) -> None:
        """Re-read a data file (``results``, ``candidates``, ``changes``) if it,
        or the bibliography (``force``), changed; its rows are checked against
        the records."""
        if path is None:
            self.data[name] = {"rows": [], "path": "", "problems": [], "mtime": None}
            return
        mtime = path.stat().st_mtime if path.exists() else None
        table = self.data[name]
        if table["mtime"] == mtime and table["path"] == str(path) and not force:
            return
        rows, problems = _TABLES[name](path, self.records.values())
        self.data[name] = {"rows": rows, "path": str(path), "problems": problems, "mtime": mtime}

    def _use(self, name: str, env: BuildEnvironment | None) -> list[Any]:
        """A data file's rows; with ``env``, the current page depends on the file."""
        table = self.data[name]
        if env is not None and table["path"]:
            env.note_dependency(table["path"])
        return cast(list[Any], table["rows"])

    def use_candidates(self, env: BuildEnvironment) -> list[Candidate]:
        return self._use("candidates", env)

    def use_changes(self, env: BuildEnvironment | None) -> list[Change]:
        return self._use("changes", env)

    def use_results(self, env: BuildEnvironment) -> list[Row]:
        """The results rows, recording that the current page depends on them."""
        return self._use("results", env)

    @property
    def results(self) -> list[Row]:
        """The rows, for work done before any page is read (no dependency noted)."""
        return self._use("results", None)

    def results_of(self, key: str) -> list[Row]:
        """An entry's rows: looked up, not searched, since every card, entry
        page and index row asks (the index is rebuilt when the rows change)."""
        rows = self.results
        if self._by_key is None or self._by_key[0] is not rows:
            index: dict[str, list[Row]] = {}
            for row in rows:
                index.setdefault(row.key.lower(), []).append(row)
            self._by_key = (rows, index)
        return self._by_key[1].get(key.lower(), [])

    # -- what each page shows --

    def add_card(self, docname: str, key: str, anchor: str) -> None:
        self.data["cards"].setdefault(docname, []).append((key.lower(), anchor))

    def add_results_anchor(self, docname: str, key: str, anchor: str) -> None:
        self.data["result_anchors"].setdefault(docname, []).append((key.lower(), anchor))

    def note_links(self, docname: str, keys: Set[str]) -> None:
        """The entries a page links to (cards, results rows): it is re-read
        when one of them changes or goes, so no link dangles unreported."""
        if keys:
            self.data["links"][docname] = {k.lower() for k in keys}

    def add_entry_page(self, docname: str, key: str) -> None:
        self.data["entry_pages"][docname] = key.lower()

    def pages_showing(self, key: str) -> list[str]:
        """The pages (other than entry pages) with a card or results row of ``key``."""
        key = key.lower()
        return sorted(
            doc for kind in _PLACES for doc, places in self.data[kind].items()
            if any(k.partition("@")[0] == key for k, _ in places)
        )  # fmt: skip

    def card_keys(self, docname: str) -> list[str]:
        return [key for key, _ in self.data["cards"].get(docname, [])]

    def pages_to_reread(self, changed: Set[str]) -> set[str]:
        """Pages that show cards or results (a selection may gain or lose an
        entry) and pages linking to a changed entry."""
        pages = set(self.data["cards"]) | set(self.data["result_anchors"])
        pages |= set(self.data["entry_pages"])  # neighbours and places follow any change
        pages |= set(self.data["bib_pages"])
        pages |= {doc for doc, keys in self.data["links"].items() if keys & changed}
        return pages

    def target(self, kind: str, key: str) -> tuple[str, str] | None:
        """(docname, anchor) of the first card (``kind="cards"``) or results
        row (``"result_anchors"``) of ``key``, in document order. A results
        target ``key@board`` (``lin2022frozen@supervised-k400``) names the row
        on that leaderboard, and falls back to any row of the key."""
        places = self.data[kind]
        for wanted in dict.fromkeys([key.lower(), key.lower().partition("@")[0]]):
            for docname in sorted(places):
                for found_key, anchor in places[docname]:
                    if found_key == wanted:
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
        for kind in _PER_DOC:
            self.data[kind].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for kind in _PER_DOC:
            for docname, places in otherdata[kind].items():
                if docname in docnames:
                    self.data[kind][docname] = places
