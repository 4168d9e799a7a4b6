"""The data files next to refs.bib, in one registry: each is read by a loader
that checks its rows against the bibliography's records. The build (through
the domain, configured by ``clipvid_<name>``) and ``python -m clipvid_docs
check`` (``docs/data/<name>.csv``) read them through the same loaders."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from . import candidates, changes, results
from .bibdata import Problem, Record


def _results(path: Path, records: Iterable[Record]) -> tuple[list[Any], list[Problem]]:
    keys = {r.key.lower() for r in records}
    return results.load(path, lambda key: key.lower() in keys)


Loader = Callable[[Path, Iterable[Record]], tuple[list[Any], list[Problem]]]

#: name -> loader; the name is also the CSV's stem and the config value's suffix.
TABLES: dict[str, Loader] = {
    "results": _results,
    "candidates": candidates.load,
    "changes": changes.load,
}
