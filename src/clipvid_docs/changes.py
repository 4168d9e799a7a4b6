"""Corrections to entries, by date: ``docs/data/changes.csv``, one row per
changed field with the source that settles it. The changelog and its feed list
them next to the additions (the ``added`` dates of refs.bib)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

from .bibdata import Problem, Record, is_web_url

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


@dataclass(frozen=True)
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
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as exc:
        return [], [Problem(shown, 1, "change", f"cannot read: {exc.strerror or exc}")]
    keys = {r.key.lower() for r in records}
    reader = csv.reader(io.StringIO(text, newline=""))
    if tuple(h.strip() for h in next(reader, [])) != COLUMNS:
        return [], [Problem(shown, 1, "change", "the header must be exactly: " + ",".join(COLUMNS))]
    out: list[Change] = []
    problems: list[Problem] = []
    line = reader.line_num + 1
    for values in reader:
        start, line = line, reader.line_num + 1
        if not any(v.strip() for v in values):
            continue
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
    return out, problems
