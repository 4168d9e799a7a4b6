"""The ``clipvid`` domain: the project's state on the build environment.

It owns the checked records of refs.bib (plain values, see :mod:`.bibdata`),
the results rows, and, per document, the cards, results rows and entry links
placed on it; it knows when they are stale and which pages follow a change.
Nothing outside this module touches ``self.data``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

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
_PER_DOC = (*_PLACES, "keys", "entry_pages", "bib_pages", "queries", "page_exports")


@dataclass(frozen=True)
class Query:
    """A selection of entries a page lists, so that an edit re-reads the page
    only when the entry matches it before or after the edit. Each set the
    entry must share a value with (None: any entry); ``keys`` are lowercased.
    A list cut to its first entries, newest first, records the sort key of
    the last one shown (``cutoff``; None while the list is not full): only an
    entry at or above it can enter or leave, and only its name, date and
    groups (``listed``) are shown."""

    paradigms: frozenset[str] | None = None
    sections: frozenset[str] | None = None
    tasks: frozenset[str] | None = None
    keys: frozenset[str] | None = None
    no_paradigm: bool = False
    cutoff: tuple[str, str, str] | None = None
    listed: bool = False

    def matches(self, record: Record) -> bool:
        return (
            _overlaps(self.paradigms, record.paradigms)
            and _overlaps(self.sections, record.sections)
            and _overlaps(self.tasks, record.tasks)
            and _overlaps(self.keys, [record.key.lower()])
            and not (self.no_paradigm and record.paradigms)
            and (self.cutoff is None or record.sort_key() >= self.cutoff)
        )  # fmt: skip


def _overlaps(wanted: frozenset[str] | None, values: list[str]) -> bool:
    return wanted is None or not wanted.isdisjoint(values)


def listing(record: Record) -> tuple[object, ...]:
    """What a list of names shows of an entry (and where it sorts)."""
    return (record.sort_key(), record.paradigms, record.tasks, record.get("abbr") or record.title)


#: The data files the domain reads besides refs.bib (see :mod:`.datafiles`).
_TABLES = datafiles.TABLES
TABLES = tuple(_TABLES)


@dataclass
class BuildState:
    """What one build learns before reading and uses after it; kept on the
    domain object for that build, never pickled."""

    changed: dict[str, Record | None] | None = None  # entries whose content changed
    places: dict[str, Any] | None = None  # cards and results rows per page, before reading
    reading: frozenset[str] = frozenset()  # the pages read in this build
    #: True from the first page read to the end of reading: only then is a
    #: looked-up entry a dependency of the current page (Sphinx leaves the
    #: last page's name set afterwards).
    in_read: bool = False
    wrote: bool = False  # whether a page was written
    exports: Any = None  # with -j N: the process writing the exports, and its pipe

    @property
    def anything_changed(self) -> bool:
        return bool(self.reading or self.changed)


_V = TypeVar("_V")


class HeldByMain(dict[str, _V]):
    """A dict the main process of a build holds. A worker of a parallel read
    pickles its whole environment back to the main process, which merges
    only what pages recorded: in a worker this pickles as empty, so ``-j 2``
    does not ship the bibliography back and forth."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.owner = os.getpid()

    def __reduce__(self) -> tuple[Any, ...]:
        items = iter(self.items()) if os.getpid() == self.owner else None
        return type(self), (), None, None, items


class Records(HeldByMain[Record]):
    """The records by lowercased key."""


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
    data_version = 6  # bump whenever initial_data changes shape
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
        "digest": "",  # of the records' content: the exports are rewritten when it changes
        "labels": {},  # lowercased key -> its citation label, as last computed
        "cards": {},  # docname -> list of (key, anchor id)
        "result_anchors": {},  # docname -> list of (key, anchor id)
        "keys": {},  # docname -> lowercased keys whose records it shows or links to
        "entry_pages": {},  # docname -> lowercased key of the entry it is the page of
        "bib_pages": {},  # docname -> True: pages that list the whole bibliography
        "queries": {},  # docname -> the Query of each selection it lists
        "page_exports": {},  # docname -> True: pages linking their own export files
        # the data files next to refs.bib: name -> {rows, path, problems, mtime}
        **{name: {"rows": [], "path": "", "problems": [], "mtime": None} for name in _TABLES},
    }

    _by_key: tuple[list[Row], dict[str, list[Row]]] | None = None  # see results_of
    _places: dict[str, dict[str, list[tuple[str, str]]]] | None = None  # see _index
    _sharing: tuple[dict[str, Record], dict[Any, list[Record]]] | None = None  # see sharing

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self.build = BuildState()

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

    def sharing(self, paradigms: frozenset[str], tasks: frozenset[str]) -> list[Record]:
        """The entries sharing a paradigm and a setting with these, newest
        first: sorted once per combination, not once per entry page."""
        records = self.records
        if self._sharing is None or self._sharing[0] is not records:
            self._sharing = (records, {})
        cache = self._sharing[1]
        if (paradigms, tasks) not in cache:
            query = Query(paradigms=paradigms, tasks=tasks)
            found = [r for r in records.values() if query.matches(r)]
            cache[paradigms, tasks] = sorted(found, key=Record.sort_key, reverse=True)
        return cache[paradigms, tasks]

    def use_records(self, env: BuildEnvironment) -> dict[str, Record]:
        """The records, recording that the current page lists from the whole
        bibliography (an index, counts, a changelog): it is read again
        whenever the bibliography changes."""
        self.data["bib_pages"][env.docname] = True
        return self.records

    def record(self, key: str) -> Record | None:
        """An entry; read while a page is read, the page depends on it (it is
        read again when the entry changes, or appears)."""
        self._depends_on(key)
        return self.records.get(key.lower())

    def _depends_on(self, key: str) -> None:
        """While a page is read, it depends on the entry ``key``."""
        docname = self.env.temp_data.get("docname") if self.build.in_read else None
        if docname:
            self.data["keys"].setdefault(docname, set()).add(key.lower())

    @property
    def digest(self) -> str:
        return cast(str, self.data["digest"])

    def update_bibliography(
        self, paths: list[Path], mtimes: dict[str, float]
    ) -> dict[str, Record | None] | None:
        """Re-read the bib files if their mtimes changed. Returns the entries
        whose content changed (added, edited or removed: lowercased key to
        the old record, None for an added one), or None if nothing was read."""
        if self.data["mtimes"] == mtimes:
            return None
        bib = bibdata.load(paths)
        old, new = self.records, bib.records
        changed = {
            k: old.get(k) for k in old.keys() | new.keys()
            if k not in old or k not in new or old[k].content != new[k].content
        }  # fmt: skip
        digest = hashlib.sha256()
        for key in sorted(new):
            digest.update(repr(new[key].content).encode())
        self.data.update(
            records=Records(new),
            problems=bibdata.check(bib),
            mtimes=mtimes,
            digest=digest.hexdigest(),
        )
        return changed

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
        self._changed_places()

    def add_results_anchor(self, docname: str, key: str, anchor: str) -> None:
        self.data["result_anchors"].setdefault(docname, []).append((key.lower(), anchor))
        self._changed_places()

    def note_links(self, docname: str, keys: Set[str]) -> None:
        """The entries a page links to (cards, results rows): it is re-read
        when one of them changes or goes, so no link dangles unreported."""
        if keys:
            self.data["keys"].setdefault(docname, set()).update(k.lower() for k in keys)

    def lists_whole_bibliography(self, docname: str) -> None:
        """``docname`` lists every entry (a ``bibliography`` directive makes a
        citation target for each): it is read again on any change, so the
        entries it looked up one by one need not be kept."""
        self.data["bib_pages"][docname] = True
        self.data["keys"].pop(docname, None)

    def add_entry_page(self, docname: str, key: str) -> None:
        self.data["entry_pages"][docname] = key.lower()

    def entry_page_of(self, key: str) -> str | None:
        index = self._index("entry_pages")
        return index[key.lower()][0][0] if key.lower() in index else None

    def note_query(self, docname: str, query: Query) -> None:
        self.data["queries"].setdefault(docname, []).append(query)

    def want_page_export(self, docname: str) -> None:
        self.data["page_exports"][docname] = True

    def _index(self, kind: str) -> dict[str, list[tuple[str, str]]]:
        """Key (without ``@board``, and with it) to its places of ``kind``, in
        document order: built once per change, so that resolving thousands of
        links stays linear."""
        if self._places is None:
            self._places = {}
        if kind not in self._places:
            index: dict[str, list[tuple[str, str]]] = {}
            for docname in sorted(self.data[kind]):
                value = self.data[kind][docname]
                for key, anchor in [(value, "")] if isinstance(value, str) else value:
                    index.setdefault(key, []).append((docname, anchor))
                    if "@" in key:
                        index.setdefault(key.partition("@")[0], []).append((docname, anchor))
            self._places[kind] = index
        return self._places[kind]

    def _changed_places(self) -> None:
        self._places = None

    def pages_showing(self, key: str) -> list[str]:
        """The pages (other than entry pages) with a card or results row of ``key``."""
        key = key.lower()
        return sorted({doc for kind in _PLACES for doc, _ in self._index(kind).get(key, [])})

    def places_snapshot(self) -> dict[str, Any]:
        """The cards and results rows per page as they stand (before reading)."""
        return {kind: dict(self.data[kind]) for kind in _PLACES}

    def keys_shown(self, docnames: Set[str], before: dict[str, Any] | None = None) -> set[str]:
        """The entries with a card or results row on any of these pages, now
        or in ``before`` (a :meth:`places_snapshot`)."""
        found: set[str] = set()
        for kind in _PLACES:
            for places in (self.data[kind], (before or {}).get(kind, {})):
                for doc in docnames:
                    found.update(key.partition("@")[0] for key, _ in places.get(doc, []))
        return found

    def note_cited(self, key: str) -> None:
        """sphinxcontrib-bibtex looked ``key`` up: while a page is read (a
        ``footcite``), the page depends on the entry."""
        self._depends_on(key)

    @property
    def labels(self) -> dict[str, str]:
        """The citation label of each cited entry at the end of the last read."""
        return cast(dict[str, str], self.data["labels"])

    @labels.setter
    def labels(self, value: dict[str, str]) -> None:
        self.data["labels"] = value

    def card_keys(self, docname: str) -> list[str]:
        return [key for key, _ in self.data["cards"].get(docname, [])]

    def export_pages(self) -> dict[str, list[str]]:
        """The pages that get their own export files (those with cards, and
        those linking to theirs), with the keys of their cards."""
        docs = set(self.data["cards"]) | set(self.data["page_exports"])
        return {doc: self.card_keys(doc) for doc in sorted(docs)}

    def linked_entries(self) -> set[str]:
        """Entries whose own BibTeX file a page links to (cards, entry pages)."""
        keys = {key for places in self.data["cards"].values() for key, _ in places}
        return keys | set(self.data["entry_pages"].values())

    def pages_to_reread(self, changed: Mapping[str, Record | None]) -> set[str]:
        """The pages an edit of the bibliography changes: those that read a
        changed entry (cards by key, results tables, entry pages, links), those
        that list the whole bibliography, and those whose selection (cards of a
        paradigm, an entry page's neighbours) the entry matches before or after."""
        if not changed:
            return set()
        pages = set(self.data["bib_pages"])
        pages |= {doc for doc, keys in self.data["keys"].items() if not keys.isdisjoint(changed)}
        pairs = [(old, self.records.get(k)) for k, old in changed.items()]
        listed = [  # entries whose place or name in a list of names changed
            (old, new) for old, new in pairs
            if old is None or new is None or listing(old) != listing(new)
        ]  # fmt: skip
        for doc, queries in self.data["queries"].items():
            for query in queries:
                if any(r is not None and query.matches(r)
                       for pair in (listed if query.listed else pairs) for r in pair):  # fmt: skip
                    pages.add(doc)
                    break
        return pages

    def target(self, kind: str, key: str) -> tuple[str, str] | None:
        """(docname, anchor) of the first card (``kind="cards"``) or results
        row (``"result_anchors"``) of ``key``, in document order. A results
        target ``key@board`` (``lin2022frozen@supervised-k400``) names the row
        on that leaderboard, and falls back to any row of the key."""
        index = self._index(kind)
        for wanted in dict.fromkeys([key.lower(), key.lower().partition("@")[0]]):
            if wanted in index:
                return index[wanted][0]
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
        self._changed_places()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for kind in _PER_DOC:
            for docname, places in otherdata[kind].items():
                if docname in docnames:
                    self.data[kind][docname] = places
        self._changed_places()
