"""Every access to sphinxcontrib-bibtex's internals, in one place.

Its internal API changed in 2.0 and 2.1; pyproject pins ``>=2.6,<3``. If a
future release moves these, only this module has to follow.
"""

from __future__ import annotations

from pathlib import Path

from docutils.nodes import Element
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from .bibdata import Bibliography


def bib_paths(app: Sphinx) -> list[Path]:
    """The configured bib files, resolved the way sphinxcontrib-bibtex does."""
    return [(Path(app.confdir) / f).resolve() for f in app.config.bibtex_bibfiles or []]


def install(app: Sphinx, paths: list[Path], bib: Bibliography) -> None:
    """Hand our parse to the ``cite`` domain, stamped with the files' mtimes.

    sphinxcontrib-bibtex then finds its cache up to date and skips its own
    parse, which would raise on a syntax error (a traceback instead of a
    located warning) and stop at the first duplicate key.
    """
    domain = app.env.get_domain("cite")
    domain.data["bibdata"] = BibData(
        encoding=app.config.bibtex_encoding,
        bibfiles={
            path: BibFile(
                mtime=get_mtime(path),
                keys={r.key: None for r in bib.records.values() if r.path == str(path)},
            )
            for path in paths
        },
        data=bib.data,
    )


def mtimes(paths: list[Path]) -> dict[str, float]:
    return {str(p): get_mtime(p) for p in paths}


def cited_keys(node: Element) -> list[str]:
    """Keys of a ``cite`` role's node (``{cite:p}`a,b``` gives a and b)."""
    try:
        return [t.key for t in parse_citation_targets(node["reftarget"])]
    except ValueError:  # malformed: sphinxcontrib-bibtex reports it itself
        return []


def citing_docnames(env: BuildEnvironment) -> set[str]:
    return {ref.docname for ref in env.get_domain("cite").data["citation_refs"]}
