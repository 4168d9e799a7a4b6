"""Every access to sphinxcontrib-bibtex's internals, in one place.

Its internal API changed in 2.0 and 2.1; pyproject pins ``>=2.6,<3``. If a
future release moves these, only this module has to follow.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pybtex.database import BibliographyData, Entry, Person
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime

from .bibdata import Record


def bib_paths(app: Sphinx) -> list[Path]:
    """The configured bib files, resolved the way sphinxcontrib-bibtex does."""
    return [(Path(app.confdir) / f).resolve() for f in app.config.bibtex_bibfiles or []]


def mtimes(paths: list[Path]) -> dict[str, float]:
    return {str(p): get_mtime(p) for p in paths}


def _entry(record: Record, known: set[str]) -> Entry:
    fields = {k: v for k, v in record.fields.items() if k != "crossref" or v.lower() in known}
    persons = {role: [Person(n) for n in names] for role, names in record.persons.items()}
    return Entry(record.bibtex_type, fields=fields, persons=persons)


def install(app: Sphinx, paths: list[Path], records: Iterable[Record]) -> None:
    """Hand our checked, safe records to the ``cite`` domain, stamped with the
    files' mtimes.

    sphinxcontrib-bibtex then finds its cache up to date and skips its own
    parse, which would raise on a syntax error, stop at the first duplicate
    key, and render the raw entries: a link we rejected would still reach the
    references page. What it gets is exactly what our cards show.
    """
    records = list(records)
    known = {r.key.lower() for r in records}
    data = BibliographyData()
    keys: dict[str, dict[str, None]] = {str(p): {} for p in paths}
    for record in records:
        data.add_entry(record.key, _entry(record, known))
        keys.setdefault(record.path, {})[record.key] = None
    domain = app.env.get_domain("cite")
    domain.data["bibdata"] = BibData(
        encoding=app.config.bibtex_encoding,
        bibfiles={p: BibFile(mtime=get_mtime(p), keys=keys[str(p)]) for p in paths},
        data=data,
    )


def citing_docnames(env: BuildEnvironment) -> set[str]:
    return {ref.docname for ref in env.get_domain("cite").data["citation_refs"]}
