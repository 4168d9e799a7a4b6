"""Corrections to entries, by date: ``docs/data/changes.csv``, one row per
changed field with the source that settles it. The changelog and its feed list
them next to the additions (the ``added`` dates of refs.bib)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

from .bibdata import Problem, Record, is_web_url
from .csvfile import read_rows

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


@dataclass(frozen=True, slots=True)  # slots: a smaller pickled environment
class Change:
    line: int
    date: str
    key: str
    field: str
    change: str
    source: str


COLUMNS = tuple(f.name for f in fields(Change) if f.name != "line")


def load(path: Path, records: Iterable[Record]) -> tuple[list[Change], list[Problem]]:
    shown = str(path)
    found, problems = read_rows(path, COLUMNS, "change")
    keys = {r.key.lower() for r in records}
    out: list[Change] = []
    for start, values in found:
        why = None
        if len(values) != len(COLUMNS) or any("\x00" in v or "\ufffd" in v for v in values):
            why = f"expected {len(COLUMNS)} readable columns, found {len(values)}"
        else:
            row = Change(start, *(v.strip() for v in values))
            if not _DATE.match(row.date):
                why = f"date {row.date[:20]!r} must read YYYY-MM-DD"
            elif row.key.lower() not in keys:
                why = f"key '{row.key}' is not in the bibliography"
            elif not row.change or not row.field:
                why = "a change names its field and what changed"
            elif not is_web_url(row.source):
                why = "source must be one http(s) address that settles the change"
        if why:
            problems.append(Problem(shown, start, "change", why))
        else:
            out.append(row)
    return out, sorted(problems, key=lambda p: p.line)
