"""Reading the CSV data files (results, candidates, changes) the same way:
undecodable bytes kept visible (as U+FFFD) for the row checks to report, each
row with the line it starts on, and a file that cannot be read, has the wrong
header or cannot be split into rows reported at its line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .bibdata import Problem


def read_rows(
    path: Path, columns: tuple[str, ...], subtype: str
) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """(first line, cells) of each row that is not blank."""
    shown = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as exc:
        return [], [Problem(shown, 1, subtype, f"cannot read: {exc.strerror or exc}")]
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 28))  # long cells are ours to report
    reader = csv.reader(io.StringIO(text, newline=""))
    if tuple(h.strip() for h in next(reader, [])) != columns:
        return [], [Problem(shown, 1, subtype, "the header must be exactly: " + ",".join(columns))]
    rows: list[tuple[int, list[str]]] = []
    problems: list[Problem] = []
    line = reader.line_num + 1
    while True:
        try:
            values = next(reader, None)
        except csv.Error as exc:  # the rest of the file cannot be split into rows
            problems.append(Problem(shown, line, subtype, f"unreadable from here: {exc}"))
            break
        if values is None:
            break
        start, line = line, reader.line_num + 1
        if any(v.strip() for v in values):
            rows.append((start, values))
    return rows, problems
