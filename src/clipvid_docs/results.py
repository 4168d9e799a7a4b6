"""Reported results: load the results CSV with line numbers and check each row.

One row is one number as a paper or README printed it, with its source. The
numbers are kept as printed (strings) so that the site shows exactly what the
source says; they are parsed only to check them and to sort and plot them.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from .bibdata import Problem
from .schema import BENCHMARK_SLUGS, BENCHMARKS, PROTOCOL_SLUGS, PROTOCOLS

#: Columns that identify a configuration: two rows alike in all of them are duplicates.
IDENTITY = (
    "key", "variant", "benchmark", "protocol", "setting", "backbone", "pretrain", "frames",
    "views", "input",
)  # fmt: skip


@dataclass(frozen=True)
class Row:
    line: int
    key: str
    variant: str
    benchmark: str
    protocol: str
    setting: str
    backbone: str
    pretrain: str
    frames: str
    views: str
    input: str
    gflops: str
    top1: str
    top5: str
    source: str
    note: str

    @property
    def identity(self) -> tuple[str, ...]:
        return tuple(getattr(self, name).lower() for name in IDENTITY)

    @property
    def top1_value(self) -> float:
        return float(self.top1)

    @property
    def gflops_value(self) -> float | None:
        return float(self.gflops) if self.gflops else None


#: The header of the results file: the fields of a row, in order.
COLUMNS = tuple(f.name for f in fields(Row) if f.name != "line")


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def load(path: Path, known_key: Callable[[str], bool]) -> tuple[list[Row], list[Problem]]:
    """Read and check every row; a bad row is reported and left out, the
    others are kept."""
    shown = str(path)
    problems: list[Problem] = []
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        return [], [Problem(shown, 1, "results_row", f"cannot read results file: {exc}")]
    rows: list[Row] = []
    seen: dict[tuple[str, ...], int] = {}
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, [])
            if tuple(h.strip() for h in header) != COLUMNS:
                return [], [
                    Problem(
                        shown, 1, "results_row", "the header must be exactly: " + ",".join(COLUMNS)
                    )
                ]
            for values in reader:
                line = reader.line_num
                if not any(v.strip() for v in values):
                    continue
                row, message = _row(line, values, known_key)
                if row is None:
                    problems.append(Problem(shown, line, *message))
                    continue
                first = seen.setdefault(row.identity, line)
                if first != line:
                    problems.append(
                        Problem(
                            shown,
                            line,
                            "duplicate_row",
                            f"row duplicates line {first} (same method, benchmark, "
                            "protocol, setting and configuration)",
                        )
                    )
                    continue
                rows.append(row)
        except (csv.Error, UnicodeDecodeError) as exc:
            problems.append(Problem(shown, reader.line_num, "results_row", f"unreadable: {exc}"))
    return rows, problems


def _row(
    line: int, values: list[str], known_key: Callable[[str], bool]
) -> tuple[Row | None, tuple[str, str]]:
    if len(values) != len(COLUMNS):
        return None, ("results_row", f"expected {len(COLUMNS)} columns, found {len(values)}")
    data = {name: value.strip() for name, value in zip(COLUMNS, values, strict=True)}
    key = data["key"]
    if not known_key(key):
        return None, ("unknown_key", f"results key '{key}' is not in the bibliography")
    if data["benchmark"] not in BENCHMARK_SLUGS:
        return None, (
            "results_row",
            f"unknown benchmark {data['benchmark']!r} (one of: {', '.join(BENCHMARK_SLUGS)})",
        )
    if data["protocol"] not in PROTOCOL_SLUGS:
        return None, (
            "results_row",
            f"unknown protocol {data['protocol']!r} (one of: {', '.join(PROTOCOL_SLUGS)})",
        )
    if not _is_number(data["top1"]):
        return None, ("results_row", f"top1 {data['top1']!r} is not a number")
    for name in ("top5", "gflops"):
        if data[name] and not _is_number(data[name]):
            return None, ("results_row", f"{name} {data[name]!r} is not a number")
    if data["frames"] and not data["frames"].isdigit():
        return None, ("results_row", f"frames {data['frames']!r} is not a whole number")
    if not data["source"]:
        return None, ("results_row", "no source: every number must say where it was read")
    return Row(line=line, **data), ("", "")


def headline(rows: Sequence[Row]) -> Row | None:
    """The row a card shows: the first protocol (in page order) the method
    reports, on its first benchmark, best top-1."""
    order = {p.slug: i for i, p in enumerate(PROTOCOLS)}
    bench = {b.slug: i for i, b in enumerate(BENCHMARKS)}
    if not rows:
        return None
    return min(rows, key=lambda r: (order[r.protocol], bench[r.benchmark], -r.top1_value))
