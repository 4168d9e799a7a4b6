"""Every access to sphinxcontrib-bibtex's internals, in one place.

Its internal API changed in 2.0 and 2.1; pyproject pins ``>=2.6,<3``. If a
future release moves these, only this module has to follow.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Set
from pathlib import Path
from typing import Any, cast

from pybtex.database import BibliographyData, Entry, Person
from pybtex.utils import OrderedCaseInsensitiveDict
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime

from .bibdata import Record
from .domain import HeldByMain


def bib_paths(app: Sphinx) -> list[Path]:
    """The configured bib files, resolved the way sphinxcontrib-bibtex does."""
    return [(Path(app.confdir) / f).resolve() for f in app.config.bibtex_bibfiles or []]


def mtimes(paths: list[Path]) -> dict[str, float]:
    return {str(p): get_mtime(p) for p in paths}


class _Entry(Entry):  # type: ignore[misc]
    """A pybtex Entry built from our record when its fields are first read:
    sphinxcontrib-bibtex walks every entry to filter a bibliography, but
    formats only those cited, so most never need their Person objects. It
    pickles as a reference to the record, which the environment holds anyway."""

    def __init__(self, record: Record, known: Mapping[str, Record]) -> None:
        self.type = record.bibtex_type
        self.original_type = record.bibtex_type
        self.key = record.key
        self._record, self._known = record, known

    @functools.cached_property
    def fields(self) -> OrderedCaseInsensitiveDict:
        return OrderedCaseInsensitiveDict({
            k: v for k, v in self._record.fields.items()
            if k != "crossref" or v.lower() in self._known
        })  # fmt: skip

    @functools.cached_property
    def persons(self) -> OrderedCaseInsensitiveDict:
        return OrderedCaseInsensitiveDict(
            {role: [Person(n) for n in names] for role, names in self._record.persons.items()}
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return _Entry, (self._record, self._known)


class _Entries(HeldByMain[_Entry]):
    """The entries by key, looked up without regard to case as pybtex does.
    Looking one up while a page is read (``footcite`` formats it there) makes
    the page depend on it."""

    on_use: Callable[[str], None] | None = None

    def __getitem__(self, key: str) -> _Entry:
        if self.on_use is not None:
            self.on_use(key)
        return super().__getitem__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key.lower() in self else default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())


class _Keys(HeldByMain[None]):
    """A bib file's keys, as sphinxcontrib-bibtex keeps them (its ``cite``
    domain never merges them from a worker)."""


class _Data:
    """What sphinxcontrib-bibtex reads of pybtex's BibliographyData."""

    def __init__(self, entries: _Entries) -> None:
        self.entries = entries


def install(app: Sphinx, paths: list[Path], records: Mapping[str, Record]) -> None:
    """Hand our checked, safe records to the ``cite`` domain, stamped with the
    files' mtimes.

    sphinxcontrib-bibtex then finds its cache up to date and skips its own
    parse, which would raise on a syntax error, stop at the first duplicate
    key, and render the raw entries: a link we rejected would still reach the
    references page. What it gets is exactly what our cards show, built only
    when it reads it.
    """
    entries = _Entries()
    keys: dict[str, _Keys] = {str(p): _Keys() for p in paths}
    for lowered, record in records.items():
        dict.__setitem__(entries, lowered, _Entry(record, records))
        keys.setdefault(record.path, _Keys())[record.key] = None
    domain = app.env.get_domain("cite")
    domain.data["bibdata"] = BibData(
        encoding=app.config.bibtex_encoding,
        bibfiles={p: BibFile(mtime=get_mtime(p), keys=keys[str(p)]) for p in paths},
        data=cast(BibliographyData, _Data(entries)),
    )


def track_use(app: Sphinx, on_use: Callable[[str], None]) -> None:
    """Call ``on_use(key)`` whenever sphinxcontrib-bibtex looks an entry up."""
    data = app.env.get_domain("cite").data.get("bibdata")
    if data is not None and isinstance(data.data, _Data):
        data.data.entries.on_use = on_use


def labels(env: BuildEnvironment) -> dict[str, str]:
    """The label each cited entry got (``[LZG+22]``), as sphinxcontrib-bibtex
    computed them after reading."""
    return {
        c.key.lower(): c.formatted_entry.label for c in env.get_domain("cite").data["citations"]
    }


def has_bibliography(env: BuildEnvironment, docname: str) -> bool:
    """Whether ``docname`` holds a ``bibliography`` directive."""
    return any(key.docname == docname for key in env.get_domain("cite").data["bibliographies"])


def citing(env: BuildEnvironment, keys: Set[str]) -> set[str]:
    """The pages citing any of these (lowercased) keys."""
    return {
        ref.docname for ref in env.get_domain("cite").data["citation_refs"]
        if any(target.key.lower() in keys for target in ref.targets)
    }  # fmt: skip


def format_when_needed(app: Sphinx, needed: Callable[[Sphinx], bool]) -> None:
    """sphinxcontrib-bibtex formats every bibliography after every read, a
    no-op build included; its results are pickled with the environment, so
    they stand until a page or an entry changes (``needed``)."""
    from sphinxcontrib.bibtex import env_updated

    for listener in list(app.events.listeners.get("env-updated", [])):
        if listener.handler is env_updated:
            app.disconnect(listener.id)

            def format_bibliographies(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
                return env_updated(app, env) if needed(app) else []

            app.connect("env-updated", format_bibliographies, priority=listener.priority)
