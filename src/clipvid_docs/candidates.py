"""The coverage ledger: every candidate method found in public lists and in
the comparison tables of papers, with what became of it.

One row per candidate in ``docs/data/candidates.csv``: ``added`` (its refs.bib
key), ``out-of-scope`` (why) or ``pending`` (what could not yet be verified).
The checks keep it honest against refs.bib: an added key must exist, and a
candidate that is not marked added must not be an entry already.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

from .bibdata import Problem, Record, is_web_url
from .csvfile import read_rows

STATUSES = ("added", "out-of-scope", "pending")


@dataclass(frozen=True, slots=True)  # slots: a smaller pickled environment
class Candidate:
    line: int
    name: str
    title: str
    arxiv: str
    doi: str
    found_in: str
    status: str
    key: str
    reason: str

    @property
    def sources(self) -> list[str]:
        """Where it was found: one http(s) address per item of ``found_in``."""
        return [s.strip() for s in self.found_in.split(" ; ") if s.strip()]

    @property
    def label(self) -> str:
        return self.name or self.title or self.arxiv or self.doi


COLUMNS = tuple(f.name for f in fields(Candidate) if f.name != "line")


def _norm(title: str) -> str:
    return re.sub(r"[^a-z0-9]", "", title.lower())


def load(path: Path, records: Iterable[Record]) -> tuple[list[Candidate], list[Problem]]:
    """Read and check every row against the bibliography's records."""
    shown = str(path)
    found, problems = read_rows(path, COLUMNS, "candidate")
    by_key = {r.key.lower(): r for r in records}
    entry_of: dict[tuple[str, str], str] = {}
    for record in by_key.values():
        for kind, value in (
            ("arxiv", record.get("eprint")),
            ("doi", record.get("doi").lower()),
            ("title", _norm(record.title)),
        ):
            if value:
                entry_of.setdefault((kind, value), record.key)
    out: list[Candidate] = []
    seen: dict[tuple[str, str], int] = {}
    for start, values in found:

        def report(message: str, at: int = start) -> None:
            problems.append(Problem(shown, at, "candidate", message))

        if len(values) != len(COLUMNS) or any("\x00" in v or "\ufffd" in v for v in values):
            report(f"expected {len(COLUMNS)} readable columns, found {len(values)}")
            continue
        row = Candidate(start, *(v.strip() for v in values))
        if row.status not in STATUSES:
            report(f"{row.label}: status {row.status!r} must be one of {', '.join(STATUSES)}")
            continue
        if row.status == "added" and row.key.lower() not in by_key:
            report(f"{row.label}: added as '{row.key}', which is not in the bibliography")
            continue
        if row.status != "added":
            if not row.reason:
                report(f"{row.label}: a {row.status} candidate needs its reason")
            ids = (("arxiv", row.arxiv), ("doi", row.doi.lower()), ("title", _norm(row.title)))
            entry = next((entry_of[i] for i in ids if i[1] and i in entry_of), None)
            if entry:
                report(f"{row.label}: is the entry '{entry}' of the bibliography: mark it added")
        bad = [s for s in row.sources if not is_web_url(s)]
        if not row.sources or bad:
            report(f"{row.label}: found_in must hold http(s) addresses separated by ' ; '")
        ident = ("arxiv", row.arxiv) if row.arxiv else ("name", _norm(row.label))
        first = seen.setdefault(ident, start)
        if first != start:
            report(f"{row.label}: the same candidate as line {first}")
            continue
        out.append(row)
    return out, sorted(problems, key=lambda p: p.line)
