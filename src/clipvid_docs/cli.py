"""``python -m clipvid_docs``: the curator's commands, without building the site.

check   the entry checks of the build, as ``file:line: message``
fmt     put refs.bib in canonical order (``--check``: only say if it is not)
readme  write LIST.md, the awesome-list view of refs.bib (``--check``: compare)
add     a new entry from an arXiv id or a DOI
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import bibdata, bibfile, readme
from .add import AddError, add
from .datafiles import TABLES
from .schema import PARADIGM_SLUGS, SECTION_SLUGS, split_list

DATA = Path("docs/data")


def _check(args: argparse.Namespace) -> int:
    """The checks of the build, through the same functions, without Sphinx."""
    bib = bibdata.load([args.file])
    problems = bibdata.check(bib)
    count = f"{len(bib.records)} entries"
    own_layout = args.file == "refs.bib"  # the project's own files next to it
    for name, load in TABLES.items():
        path = getattr(args, name) or (
            DATA / f"{name}.csv" if own_layout and (DATA / f"{name}.csv").exists() else None
        )
        if path:
            rows, found = load(path, bib.records.values())
            problems += found
            count += f", {len(rows)} {name} rows"
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) ({count} read)", file=sys.stderr)
        return 1
    print(f"{args.file}: {count}, no problems", file=sys.stderr)
    return 0


def _read(path: Path) -> str | None:
    text, problem = bibdata.read_text(path)
    if problem is not None:
        print(problem, file=sys.stderr)
    return text


def _fmt(args: argparse.Namespace) -> int:
    text = _read(args.file)
    if text is None:
        return 2
    wanted = bibfile.formatted(text)
    if wanted == text:
        return 0
    if args.check:
        print(
            f"{args.file}: not in canonical order; run python -m clipvid_docs fmt", file=sys.stderr
        )
        return 1
    args.file.write_text(wanted, encoding="utf-8")
    print(f"{args.file}: reordered", file=sys.stderr)
    return 0


def _readme(args: argparse.Namespace) -> int:
    bib = bibdata.load([args.bib])
    problems = bibdata.check(bib)
    if problems:
        for problem in problems:
            print(problem)
        print("fix the bibliography first", file=sys.stderr)
        return 1
    wanted = readme.render(bib)
    current = _read(args.output) if args.output.exists() else None
    if current == wanted:
        return 0
    if args.check:
        print(f"{args.output}: out of date; run python -m clipvid_docs readme", file=sys.stderr)
        return 1
    args.output.write_text(wanted, encoding="utf-8")
    print(f"{args.output}: written", file=sys.stderr)
    return 0


def _add(args: argparse.Namespace) -> int:
    paradigms = split_list(args.paradigm or "")
    bad = [p for p in paradigms if p not in PARADIGM_SLUGS]
    if bad:
        print(f"unknown paradigm {', '.join(bad)} (one of: {', '.join(PARADIGM_SLUGS)})",
              file=sys.stderr)  # fmt: skip
        return 2
    section = args.section or ("adaptation" if paradigms else "")
    if section not in SECTION_SLUGS:
        print(f"--section is needed: one of {', '.join(SECTION_SLUGS)}", file=sys.stderr)
        return 2
    try:
        key, paper = add(args.identifier, args.bib, section, paradigms, args.code or "")
    except AddError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{args.bib}: added {key}")
    for note in paper.notes:
        print(f"  note: {note}")
    if paper.missing:
        print("  not filled (read them in a source and add them): " + ", ".join(paper.missing))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m clipvid_docs", description="Tools for the clipvid-docs bibliography."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="check a bib file's entries (default ./refs.bib)")
    check.add_argument("file", nargs="?", default="refs.bib")
    for name in TABLES:
        check.add_argument(
            f"--{name}",
            type=Path,
            help=f"a {name} CSV to check too (default: docs/data/{name}.csv when checking "
            "./refs.bib)",
        )
    check.set_defaults(run=_check)

    fmt = commands.add_parser("fmt", help="put refs.bib in canonical order")
    fmt.add_argument("file", nargs="?", type=Path, default=Path("refs.bib"))
    fmt.add_argument("--check", action="store_true", help="only report; exit 1 if not ordered")
    fmt.set_defaults(run=_fmt)

    list_ = commands.add_parser("readme", help="write LIST.md from refs.bib")
    list_.add_argument("--bib", type=Path, default=Path("refs.bib"))
    list_.add_argument("--output", type=Path, default=Path("LIST.md"))
    list_.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    list_.set_defaults(run=_readme)

    new = commands.add_parser("add", help="add an entry from an arXiv id or a DOI")
    new.add_argument("identifier", help="arXiv:2208.03550, 2208.03550, 10.xxxx/... or doi:...")
    new.add_argument("--paradigm", help="comma-separated: " + ", ".join(PARADIGM_SLUGS))
    new.add_argument("--section", choices=SECTION_SLUGS, help="default: adaptation")
    new.add_argument("--code", help="the official implementation's address")
    new.add_argument("--bib", type=Path, default=Path("refs.bib"))
    new.set_defaults(run=_add)

    args = parser.parse_args(argv)
    return int(args.run(args))
