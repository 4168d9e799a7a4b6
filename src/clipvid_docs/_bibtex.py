"""Every access to sphinxcontrib-bibtex's internals (and pybtex's), in one place.

Its internal API changed in 2.0 and 2.1; pyproject pins ``>=2.6,<3``. If a
future release moves these, only this module has to follow.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Set
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, cast

import pybtex.plugin
from docutils import nodes
from pybtex.database import BibliographyData, Entry, Person
from pybtex.utils import OrderedCaseInsensitiveDict
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from .bibdata import Record
from .domain import HeldByMain


def bib_paths(app: Sphinx) -> list[Path]:
    """The configured bib files, resolved the way sphinxcontrib-bibtex does."""
    return [(Path(app.confdir) / f).resolve() for f in app.config.bibtex_bibfiles or []]


def mtimes(paths: list[Path]) -> dict[str, float]:
    from sphinxcontrib.bibtex.bibfile import get_mtime

    return {str(p): get_mtime(p) for p in paths}


#: What sphinxcontrib-bibtex asks pybtex for on every build: the docutils
#: backend (twice while it is imported), its name style (once per domain),
#: and the plain-text backend (once per citation, for its tooltip).
_PYBTEX_PLUGINS = (
    ("pybtex.backends", "docutils"),
    ("pybtex.backends", "plaintext"),
    ("pybtex.style.names", "last"),
)


@functools.cache
def _entry_points() -> Any:
    return entry_points()


def _register(registry: object, group: str, name: str) -> None:
    """Put the class of entry point ``group``/``name`` in a runtime plugin
    registry (pybtex's or sphinxcontrib-bibtex's), where their look-ups find
    it before they scan; unless a plugin of that name is there already (a
    conf.py's), or the registry is not where it was (then they scan)."""
    if not isinstance(registry, dict):
        return
    plugins = registry.setdefault(group, {})
    if name not in plugins:
        for point in _entry_points().select(group=group, name=name):
            plugins[name] = point.load()
            break


def find_plugins_once() -> None:
    """pybtex and sphinxcontrib-bibtex find a plugin by scanning every
    installed package's entry points, on every look-up: 3 ms each, six in a
    no-op build and one more per citation in a build that writes pages. One
    scan fills their runtime registries (their own ``register_plugin`` would
    scan again) with what they ask for. Called before sphinxcontrib-bibtex is
    imported; :func:`register_styles` adds the configured styles."""
    for group, name in _PYBTEX_PLUGINS:
        _register(getattr(pybtex.plugin, "_RUNTIME_PLUGINS", None), group, name)


def register_styles(app: Sphinx, config: Config) -> None:
    from sphinxcontrib.bibtex import plugin

    registry = getattr(plugin, "_runtime_plugins", None)
    for name in {config.bibtex_reference_style, config.bibtex_foot_reference_style}:
        _register(registry, "sphinxcontrib.bibtex.style.referencing", name)


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
    from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime

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


def drop_unshown_citations(doctree: nodes.document) -> None:
    """A ``bibliography`` directive registers a citation for every entry of
    the bib files, since any page may cite any entry; the page shows only the
    cited ones. Once it is resolved, the others leave its id map, so that a
    writer of ``-j N`` is not sent 20,000 unused citations with the page."""
    for name, node in list(doctree.ids.items()):
        if isinstance(node, nodes.citation) and node.parent is None:
            del doctree.ids[name]


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
                if not needed(app):
                    return []
                updated = env_updated(app, env)
                _share_tooltips(env)
                return updated

            app.connect("env-updated", format_bibliographies, priority=listener.priority)


def _share_tooltips(env: BuildEnvironment) -> None:
    """sphinxcontrib-bibtex formats each cited entry twice, for the
    bibliography and for the tooltip of its citations. With one style the two
    are equal: one object for both halves what the environment keeps of them."""
    citations = env.get_domain("cite").data["citations"]
    for i, citation in enumerate(citations):
        shown, tooltip = citation.formatted_entry, citation.tooltip_entry
        if tooltip is not None and _same(tooltip, shown):
            citations[i] = citation._replace(tooltip_entry=shown)


def _same(a: Any, b: Any) -> bool:
    return (a.key, a.label, a.text) == (b.key, b.label, b.text)
