"""Reported results: load the results CSV with line numbers and check each row.

One row is one number as a paper or README printed it, with its source. The
numbers are kept as printed (strings) so that the site shows exactly what the
source says; they are parsed only to check them and to sort and plot them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from .bibdata import Problem, is_web_url
from .csvfile import read_rows
from .schema import (
    BENCHMARK_LABELS,
    BENCHMARK_SLUGS,
    BENCHMARKS,
    PROTOCOL_LABELS,
    PROTOCOL_SLUGS,
    PROTOCOLS,
)

#: Columns that identify a configuration: two rows alike in all of them are duplicates.
IDENTITY = (
    "key", "variant", "benchmark", "protocol", "setting", "backbone", "pretrain", "frames",
    "views", "input",
)  # fmt: skip


@dataclass(frozen=True, slots=True)  # slots: a smaller pickled environment
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

    def agrees_with(self, other: Row) -> bool:
        """Another row that is the same configuration as far as both say: its
        cells are equal where both are filled (a backbone as its family)."""
        for name in ("pretrain", "frames", "views", "input", "gflops", "top5"):
            mine, theirs = getattr(self, name), getattr(other, name)
            if mine and theirs and mine.lower() != theirs.lower():
                return False
        if self.backbone and other.backbone:
            return self.backbone_family == other.backbone_family
        return True

    @property
    def top1_value(self) -> float:
        return float(self.top1)

    @property
    def gflops_value(self) -> float | None:
        return float(self.gflops) if self.gflops else None

    @property
    def backbone_family(self) -> str:
        return backbone_family(self.backbone)

    @property
    def extra_data(self) -> bool:
        """Pretrained on more than the image-language data (``CLIP+K710``, a
        second model pretrained on video), as the source's pretraining column says."""
        return any(sep in self.pretrain for sep in ("+", ";"))

    @property
    def configuration(self) -> str:
        """Frames and views as one readable cell (frames, a multiplication sign, views)."""
        return " \u00d7 ".join(p for p in (self.frames, self.views) if p)


#: The header of the results file: the fields of a row, in order.
COLUMNS = tuple(f.name for f in fields(Row) if f.name != "line")


_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?\Z")
_WHOLE = re.compile(r"[0-9]+\Z")
#: The longest text a cell may hold; a longer one is reported, not rendered.
MAX_CELL_CHARS = 2_000


def _number_problem(name: str, value: str, upper: float | None) -> str | None:
    """Why a number cell is rejected: numbers are plain decimals as printed
    (no sign, exponent, ``_``, ``nan`` or ``inf``), accuracies within 0-100,
    GFLOPs above 0."""
    if not _NUMBER.match(value):
        return f"{name} {value[:40]!r} is not a plain decimal number"
    number = float(value)
    if upper is not None and number > upper:
        return f"{name} {value} is above {upper:g}"
    if upper is None and number <= 0:
        return f"{name} {value} must be above 0"
    return None


def load(path: Path, known_key: Callable[[str], bool]) -> tuple[list[Row], list[Problem]]:
    """Read and check every row; a bad row is reported at its first line and
    left out, the others are kept."""
    shown = str(path)
    found, problems = read_rows(path, COLUMNS, "results_row")
    rows: list[Row] = []
    seen: dict[tuple[str, ...], int] = {}
    same_number: dict[tuple[str, ...], list[Row]] = {}
    for start, values in found:
        row, why = _row(start, values, known_key)
        if row is None:
            problems.append(Problem(shown, start, *why))
            continue
        first = seen.setdefault(row.identity, start)
        if first != start:
            message = (
                f"row duplicates line {first} (same method, benchmark, protocol, setting "
                "and configuration)"
            )
            problems.append(Problem(shown, start, "duplicate_row", message))
            continue
        number = (*row.identity[:5], row.top1)
        twin = next((r for r in same_number.get(number, []) if r.agrees_with(row)), None)
        if twin is not None:
            message = (
                f"row repeats the number of line {twin.line} for the same configuration "
                "(keep one row and name both sources in its note)"
            )
            problems.append(Problem(shown, start, "duplicate_row", message))
            continue
        same_number.setdefault(number, []).append(row)
        rows.append(row)
    return rows, sorted(problems, key=lambda p: p.line)


def _row(
    line: int, values: list[str], known_key: Callable[[str], bool]
) -> tuple[Row | None, tuple[str, str]]:
    if len(values) != len(COLUMNS):
        return None, ("results_row", f"expected {len(COLUMNS)} columns, found {len(values)}")
    data = {name: value.strip() for name, value in zip(COLUMNS, values, strict=True)}
    for name, value in data.items():
        if "\x00" in value:
            why = "a NUL byte"
        elif "\ufffd" in value:
            why = "bytes that are not UTF-8"
        elif len(value) > MAX_CELL_CHARS:
            why = f"over {MAX_CELL_CHARS:,} characters"
        else:
            continue
        return None, ("results_row", f"{name} holds {why}")
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
    for name, upper in (("top1", 100.0), ("top5", 100.0), ("gflops", None)):
        if name == "top1" or data[name]:
            problem = _number_problem(name, data[name], upper)
            if problem:
                return None, ("results_row", problem)
    if data["frames"] and not _WHOLE.match(data["frames"]):
        return None, ("results_row", f"frames {data['frames'][:40]!r} is not a whole number")
    if not data["source"]:
        return None, ("results_row", "no source: every number must say where it was read")
    if not is_web_url(data["source"]):
        return None, (
            "results_row",
            f"source {data['source'][:60]!r} must be one http(s) address a reader can open "
            "(name the table in note)",
        )
    return Row(line=line, **data), ("", "")


def backbone_family(backbone: str) -> str:
    """Group backbones as printed ("B/16", "X-CLIP-B/16", "ViT-B/16") for
    markers and filters."""
    match = re.search(r"([BLHEGS])/(\d+)(@\d+)?", backbone)
    if match:
        return f"ViT-{match.group(1)}/{match.group(2)}{match.group(3) or ''}"
    match = re.search(r"RN\d+", backbone)
    return match.group() if match else (backbone or "not stated")


@dataclass(frozen=True)
class Board:
    """One leaderboard: the rows of a benchmark under a protocol, one table
    per setting the sources name (``HM``, ``K=2``, ``1-shot``, a split)."""

    benchmark: str
    protocol: str
    rows: tuple[Row, ...]

    @property
    def slug(self) -> str:
        return f"{self.protocol}-{self.benchmark}".lower()

    @property
    def title(self) -> str:
        bench, protocol = BENCHMARK_LABELS[self.benchmark], PROTOCOL_LABELS[self.protocol]
        return f"{bench}: {protocol.lower()}"

    @property
    def settings(self) -> list[str]:
        found = {r.setting for r in self.rows}
        return sorted(found, key=_setting_order)

    def of_setting(self, setting: str) -> list[Row]:
        """Rows of one setting, best top-1 first."""
        chosen = [r for r in self.rows if r.setting == setting]
        return sorted(chosen, key=lambda r: (-r.top1_value, r.key, r.line))


_SETTING_FIRST = ("", "HM", "novel", "base")


def _setting_order(setting: str) -> tuple[int, float, str]:
    """``HM`` before ``novel`` and ``base``; ``K=2`` before ``K=16``; text last."""
    if setting in _SETTING_FIRST:
        return (0, _SETTING_FIRST.index(setting), "")
    number = re.search(r"\d+", setting)
    return (1, float(number.group()) if number else 1e9, setting)


def boards(rows: Sequence[Row]) -> list[Board]:
    """Every benchmark/protocol pair the data has, in the schema's order."""
    bench = {b.slug: i for i, b in enumerate(BENCHMARKS)}
    order = {p.slug: i for i, p in enumerate(PROTOCOLS)}
    grouped: dict[tuple[str, str], list[Row]] = {}
    for row in rows:  # one pass: a board per pair, not a pass per pair
        grouped.setdefault((row.protocol, row.benchmark), []).append(row)
    pairs = sorted(grouped, key=lambda p: (order[p[0]], bench[p[1]]))
    return [Board(benchmark, protocol, tuple(grouped[protocol, benchmark]))
            for protocol, benchmark in pairs]  # fmt: skip


def best_per_method(rows: Sequence[Row]) -> list[Row]:
    """The best row of each method (a variant counts as its own method), best first."""
    best: dict[tuple[str, str], Row] = {}
    for row in sorted(rows, key=lambda r: (-r.top1_value, r.line)):
        best.setdefault((row.key.lower(), row.variant.lower()), row)
    return list(best.values())


def headline(rows: Sequence[Row]) -> Row | None:
    """The row a card shows: the first protocol (in page order) the method
    reports, on its first benchmark, best top-1."""
    order = {p.slug: i for i, p in enumerate(PROTOCOLS)}
    bench = {b.slug: i for i, b in enumerate(BENCHMARKS)}
    if not rows:
        return None
    return min(rows, key=lambda r: (order[r.protocol], bench[r.benchmark], -r.top1_value))
