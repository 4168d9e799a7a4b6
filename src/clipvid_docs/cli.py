"""``python -m clipvid_docs check [FILE]``: the entry checks without a build."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import bibdata


def _check(args: argparse.Namespace) -> int:
    bib = bibdata.load([args.file])
    problems = bibdata.check(bib)
    for problem in problems:
        print(problem)
    count = len(bib.records)
    if problems:
        print(f"{len(problems)} problem(s) in {args.file} ({count} entries read)", file=sys.stderr)
        return 1
    print(f"{args.file}: {count} entries, no problems", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m clipvid_docs", description="Tools for the clipvid-docs bibliography."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check a bib file's entries (default ./refs.bib)")
    check.add_argument("file", nargs="?", default="refs.bib")
    check.set_defaults(run=_check)
    args = parser.parse_args(argv)
    return int(args.run(args))
