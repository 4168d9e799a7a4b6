"""Side-by-side benchmarks of clipvid-docs against what it is built on.

This machine is shared, so only ratios measured side by side in one run mean
anything: each comparison builds both sides in fresh processes, interleaved
(anchor, ours, anchor, ours ...), and prints the median ratio, its spread, and
the machine's load. CPU seconds (user + system) and peak memory come from
``os.wait4``; ``-j 2`` against ``-j 1`` is compared in wall time, which is
what parallel builds change. Every goal of the scale issue is printed with
PASS or FAIL:

1. clean builds of a synthetic site (12 MyST pages, 240 citations and cards)
   with our extension against sphinxcontrib-bibtex alone (and, for scale, the
   same pages with no bibliography layer: the floor), at each size: CPU
   ratio at most 1.10, peak memory at the largest size at most 1.10x, and a log-log slope
   from 5,000 to 20,000 entries no steeper than the anchor's (nor than 0.7);
2. ``-j 2`` no slower than ``-j 1``, at each size;
3. ``python -m clipvid_docs check`` of the largest file at most pybtex's parse of it;
4. pages generated per entry at most 1.2x as many plain pages;
5. on the real site (``docs/``): a no-op rebuild at most 1.1x the no-op
   rebuild of the same pages without the bibliography layer (our extension
   and sphinxcontrib-bibtex); an edit of one entry reads again only the pages
   that show or cite it and rewrites only the exports holding it; and after
   each edit an incremental build equals a clean build, byte for byte.

    python benchmarks/bench.py                    # everything (about 20 minutes)
    python benchmarks/bench.py --sizes 150 1000 --rounds 1 --skip real
"""

from __future__ import annotations

import argparse
import compileall
import math
import os
import pickle
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

PAGES, CITES = 12, 20
SECTIONS = ("adaptation", "few-shot", "misc")
PARADIGMS = ("adapter", "prompt", "full-finetuning")
TASKS = ("supervised", "zero-shot", "few-shot")
ROOT = Path(__file__).resolve().parent.parent
RESULTS: list[tuple[str, bool]] = []


def goal(text: str, ok: bool) -> None:
    RESULTS.append((text, ok))
    print(f"  {'PASS' if ok else 'FAIL'}  {text}")


# -- the synthetic site --


def bibliography(n: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        authors = " and ".join(f"Author{rng.randrange(5000)}, First{j}" for j in range(4))
        out.append(
            f"@inproceedings{{key{i:05d},\n  author    = {{{authors}}},\n"
            f"  title     = {{A Synthetic Study Number {i} of Video Adaptation}},\n"
            f"  booktitle = {{Synthetic Conference (SYN)}},\n  year      = {{{2020 + i % 7}}},\n"
            f"  url       = {{https://example.org/{i}}},\n"
            f"  section   = {{{SECTIONS[i % 3]}}},\n  paradigm  = {{{PARADIGMS[i % 3]}}},\n"
            f"  task      = {{{TASKS[i % 3]}}},\n}}\n"
        )
    return "\n".join(out)


def make_site(root: Path, n: int, kind: str, conf: str = "", name: str = "") -> Path:
    """The synthetic site: ``ours`` (our extension and the cards), ``anchor``
    (sphinxcontrib-bibtex alone) or ``floor`` (Sphinx and MyST alone, each
    citation as plain text)."""
    src = root / f"{kind}-{n}{name}"
    src.mkdir(parents=True)
    (src / "refs.bib").write_text(bibliography(n))
    extensions = {"ours": '["myst_parser", "clipvid_docs"]', "floor": '["myst_parser"]',
                  "anchor": '["myst_parser", "sphinxcontrib.bibtex"]'}[kind]  # fmt: skip
    (src / "conf.py").write_text(
        f"extensions = {extensions}\nbibtex_bibfiles = ['refs.bib']\n"
        f"exclude_patterns = ['_build']\n{conf}"
    )
    toc = "\n".join(f"page{p}" for p in range(PAGES))
    (src / "index.md").write_text(f"# Synthetic\n\n```{{toctree}}\n{toc}\nreferences\n```\n")
    step = max(1, n // (PAGES * CITES))
    cite = "{k}" if kind == "floor" else "{{cite:p}}`{k}`"
    for p in range(PAGES):
        keys = [f"key{(p * CITES + c) * step % n:05d}" for c in range(CITES)]
        text = f"# Page {p}\n\n" + "".join(f"Cited {cite.format(k=k)}.\n\n" for k in keys)
        if kind == "ours":
            text += "```{clipvid-cards}\n:keys: " + ", ".join(keys) + "\n```\n"
        (src / f"page{p}.md").write_text(text)
    bibliography_ = "" if kind == "floor" else "```{bibliography}\n```\n"
    (src / "references.md").write_text(f"# References\n\n{bibliography_}")
    return src


def plain_pages(src: Path, n: int) -> None:
    """The floor of the entry pages: one plain page per entry holding what an
    entry page shows (heading, authors, venue, links, groups, BibTeX,
    neighbours) as plain reStructuredText, with no extension behind it."""
    folder = src / "plain"
    folder.mkdir()
    rng = random.Random(0)
    for i in range(n):
        authors = ", ".join(f"First{j} Author{rng.randrange(5000)}" for j in range(4))
        others = " · ".join(
            f"`Study {(i + k) % n} <key{(i + k) % n:05d}.html>`_" for k in range(1, 13)
        )
        bibtex = "\n".join(f"   {line}" for line in bibliography(1, seed=i).splitlines())
        (folder / f"key{i:05d}.rst").write_text(
            f":orphan:\n\nA Synthetic Study Number {i} of Video Adaptation\n{'=' * 60}\n\n"
            f"{authors}\n\nSYN {2020 + i % 7}\n\n`Paper <https://example.org/{i}>`_ · "
            f"`.bib file <../bib/key{i:05d}.bib>`_ · `Permalink <#top>`_\n\n"
            f"**Paradigm:** {PARADIGMS[i % 3]} **Setting:** {TASKS[i % 3]}\n\n"
            f"Cite\n----\n\n.. code-block:: bibtex\n\n{bibtex}\n\nShown on\n--------\n\n"
            f"No page lists it yet.\n\nSame paradigm and setting\n"
            f"-------------------------\n\n{others}\n"
        )


# -- timing --


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, float]:
    """CPU seconds (user + system), peak RSS in MiB, and wall seconds of one
    child process (its own children included in the CPU)."""
    with tempfile.TemporaryFile() as errors:  # a pipe could fill up and stall the child
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"failed: {' '.join(cmd)}\n{errors.read().decode()[-2000:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, wall


def sphinx(src: Path, out: Path, *extra: str) -> tuple[float, float, float]:
    return timed([sys.executable, "-m", "sphinx", "-q", "-b", "html", *extra, str(src), str(out)])


def clean(src: Path, out: Path, *extra: str) -> tuple[float, float, float]:
    shutil.rmtree(out, ignore_errors=True)
    return sphinx(src, out, *extra)


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f}" if len(values) > 1 else "-"


def side_by_side(
    rounds: int, *runs: Callable[[], tuple[float, ...]]
) -> list[list[tuple[float, ...]]]:
    """Run each of ``runs`` in turn, ``rounds`` times: interleaved."""
    results: list[list[tuple[float, ...]]] = [[] for _ in runs]
    for _ in range(rounds):
        for run, found in zip(runs, results, strict=True):
            found.append(run())
    return results


def median(values: list[tuple[float, ...]], i: int) -> float:
    return statistics.median(v[i] for v in values)


def ratios(a: list[tuple[float, ...]], b: list[tuple[float, ...]], i: int) -> list[float]:
    return [y[i] / x[i] for x, y in zip(a, b, strict=True)]


# -- the comparisons --


def clean_builds(tmp: Path, sizes: list[int], rounds: int) -> None:
    print(
        "\n1. Clean builds of the synthetic site: Sphinx and MyST alone (floor), "
        "sphinxcontrib-bibtex alone (anchor) and ours; CPU s, peak MiB, ours/anchor ratios"
    )
    print(f"{'entries':>8} {'floor s':>8} {'anchor s':>9} {'ours s':>8} {'ratio':>6} {'spread':>10}"
          f" {'floor MiB':>10} {'anchor MiB':>11} {'ours MiB':>9} {'ratio':>6}")  # fmt: skip
    cpu: dict[int, tuple[float, float]] = {}
    for n in sizes:
        f, a, b = side_by_side(
            rounds, *(partial(clean, make_site(tmp, n, kind), tmp / f"out-{kind}")
                      for kind in ("floor", "anchor", "ours"))
        )  # fmt: skip
        r, mem = ratios(a, b, 0), max(v[1] for v in b) / max(v[1] for v in a)
        cpu[n] = (median(a, 0), median(b, 0))
        peak = [max(v[1] for v in runs) for runs in (f, a, b)]
        print(f"{n:>8} {median(f, 0):>8.2f} {cpu[n][0]:>9.2f} {cpu[n][1]:>8.2f}"
              f" {statistics.median(r):>6.2f} {spread(r):>10} {peak[0]:>10.0f}"
              f" {peak[1]:>11.0f} {peak[2]:>9.0f} {mem:>6.2f}")  # fmt: skip
        goal(f"clean build at {n:,} entries: CPU {statistics.median(r):.2f}x the anchor (<= 1.10)",
             statistics.median(r) <= 1.10)  # fmt: skip
        if n == max(sizes):
            goal(f"peak memory at {n:,} entries: {mem:.2f}x the anchor (<= 1.10)", mem <= 1.10)
    if 5000 in cpu and 20000 in cpu:

        def slope(i: int) -> float:
            return math.log(cpu[20000][i] / cpu[5000][i]) / math.log(4)

        goal(f"log-log slope from 5,000 to 20,000 entries: ours {slope(1):.2f}, anchor "
             f"{slope(0):.2f} (ours <= the anchor's and <= 0.7)",
             slope(1) <= max(slope(0), 0) + 0.02 and slope(1) <= 0.7)  # fmt: skip


def parallel_builds(tmp: Path, sizes: list[int], rounds: int) -> None:
    print("\n2. Ours, -j 2 against -j 1 (wall seconds)")
    for n in sizes:
        src = make_site(tmp, n, "ours", name="-parallel")
        a, b = side_by_side(rounds, partial(clean, src, tmp / "out-j1", "-j", "1"),
                            partial(clean, src, tmp / "out-j2", "-j", "2"))  # fmt: skip
        r = ratios(a, b, 2)
        print(f"{n:>8}  -j 1 {median(a, 2):.2f} s  -j 2 {median(b, 2):.2f} s  ratio "
              f"{statistics.median(r):.2f} ({spread(r)})")  # fmt: skip
        goal(f"-j 2 at {n:,} entries: {statistics.median(r):.2f}x -j 1 (<= 1.0)",
             statistics.median(r) <= 1.0)  # fmt: skip


def checks(tmp: Path, sizes: list[int], rounds: int) -> None:
    print("\n3. `python -m clipvid_docs check` against pybtex parsing the same file (CPU s)")
    for n in sizes:
        bib = tmp / f"check-{n}.bib"
        bib.write_text(bibliography(n))
        check = [sys.executable, "-m", "clipvid_docs", "check", str(bib)]
        code = "import sys, pybtex.database as d; d.parse_file(sys.argv[1])"
        parse = [sys.executable, "-c", code, str(bib)]
        a, b = side_by_side(rounds, partial(timed, parse), partial(timed, check))
        r = ratios(a, b, 0)
        print(f"{n:>8}  pybtex {median(a, 0):.2f} s  check {median(b, 0):.2f} s  ratio "
              f"{statistics.median(r):.2f} ({spread(r)})")  # fmt: skip
        if n == max(sizes):  # the goal: small files cost the interpreter's start, not reading
            goal(f"check at {n:,} entries: {statistics.median(r):.2f}x pybtex's parse (<= 1.0)",
                 statistics.median(r) <= 1.0)  # fmt: skip


def entry_pages(tmp: Path, n: int, rounds: int) -> None:
    print(f"\n4. {n:,} generated entry pages against {n:,} plain pages (clean builds, CPU s)")
    ours = make_site(tmp, n, "ours", conf='clipvid_entries = "entries"\n', name="-entries")
    floor = make_site(tmp, n, "ours", name="-floor")
    plain_pages(floor, n)
    a, b = side_by_side(rounds, partial(clean, floor, tmp / "out-floor"),
                        partial(clean, ours, tmp / "out-entries"))  # fmt: skip
    r = ratios(a, b, 0)
    print(f"  plain pages {median(a, 0):.2f} s, entry pages {median(b, 0):.2f} s, ratio "
          f"{statistics.median(r):.2f} ({spread(r)})")  # fmt: skip
    goal(f"{n:,} entry pages: {statistics.median(r):.2f}x as many plain pages (<= 1.2)",
         statistics.median(r) <= 1.2)  # fmt: skip


# -- the real site --

FLOOR_CONF = """
exec(compile(open("conf_site.py").read(), "conf_site.py", "exec"))
extensions = [e for e in extensions if e != "clipvid_docs"]
suppress_warnings = ["config.cache"]
"""


def outputs(out: Path) -> dict[str, bytes]:
    skip = {"search.html", "genindex.html", "searchindex.js", ".buildinfo"}
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and p.name not in skip
        and not {"_static", ".doctrees", "pagefind"} & set(p.parts)
    }  # fmt: skip


def read_pages(src: Path, out: Path) -> tuple[list[str], float]:
    """The pages an incremental build reads, and its wall time."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", str(src), str(out)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    pages = re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", done.stdout)
    return pages, time.perf_counter() - start


def real_site(tmp: Path, rounds: int) -> None:
    print("\n5. The real site (docs/ and refs.bib)")
    site = tmp / "real"
    shutil.copytree(ROOT / "docs", site / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copy(ROOT / "refs.bib", site / "refs.bib")
    src, out = site / "docs", site / "out"
    clean(src, out)
    floor = tmp / "floor"
    shutil.copytree(src, floor / "docs")  # with the generated entry and leaderboard pages
    (floor / "docs" / "conf.py").rename(floor / "docs" / "conf_site.py")
    (floor / "docs" / "conf.py").write_text(FLOOR_CONF)
    floor_out = floor / "out"
    floor_noop = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(floor / "docs"),
                  str(floor_out)]  # fmt: skip
    timed(floor_noop, cwd=floor / "docs")

    # a no-op takes a second or so and varies by about 10% a round: three
    # times the rounds, so that its median means something
    noop_rounds = 3 * rounds
    a, b = side_by_side(noop_rounds, partial(timed, floor_noop, cwd=floor / "docs"),
                        partial(sphinx, src, out))  # fmt: skip
    r = ratios(a, b, 0)
    print(f"  no-op rebuild ({noop_rounds} rounds): without the bibliography layer "
          f"{median(a, 0):.2f} s, ours {median(b, 0):.2f} s, ratio {statistics.median(r):.2f} "
          f"({spread(r)})")  # fmt: skip
    goal(f"no-op rebuild of the real site: {statistics.median(r):.2f}x without the bibliography "
         "layer (<= 1.1)", statistics.median(r) <= 1.1)  # fmt: skip

    bib = site / "refs.bib"
    text = bib.read_text()
    key = "lin2022frozen"
    before = {p: p.stat().st_mtime_ns for p in (out / "bib").rglob("*") if p.is_file()}
    bib.write_text(text.replace("Frozen {CLIP} Models are", "Frozen {CLIP} Models Are", 1))
    pages, wall = read_pages(src, out)
    rewritten = sorted(p.relative_to(out).as_posix() for p in (out / "bib").rglob("*")
                       if p.is_file() and p.stat().st_mtime_ns != before.get(p))  # fmt: skip
    total = len(list(src.rglob("*.md")) + list(src.rglob("*.rst")))
    print(f"  one title edited ({key}): {len(pages)} of {total} pages read again in {wall:.1f} s:"
          f" {', '.join(pages)}")  # fmt: skip
    print(f"  exports rewritten: {', '.join(rewritten)}")
    with (out / ".doctrees" / "environment.pickle").open("rb") as file:
        env = pickle.load(file)  # which pages list the whole bibliography, or a bibliography
    whole = set(env.domaindata["clipvid"]["bib_pages"])
    whole |= {key.docname for key in env.domaindata["cite"]["bibliographies"]}
    shows = {p for p in pages if key in (out / f"{p}.html").read_text().lower()}
    unrelated = [p for p in pages if p not in whole | shows]
    print(
        f"  of which list the whole bibliography or a bibliography: "
        f"{', '.join(sorted(whole & set(pages)))}"
    )
    goal(f"an edit of one entry reads again {len(pages)} of {total} pages, each showing or "
         "linking the entry, or listing the whole bibliography"
         + (f" (not: {', '.join(unrelated)})" if unrelated else ""),
         bool(pages) and not unrelated)  # fmt: skip
    unrelated = [p for p in rewritten if key not in (out / p).read_text().lower()]
    goal(f"it rewrites {len(rewritten)} exports, each holding the entry"
         + (f" (not: {', '.join(unrelated)})" if unrelated else ""),
         bool(rewritten) and not unrelated)  # fmt: skip

    edits = [
        ("edit a title", lambda: None),  # done above
        ("change a results row", lambda: _edit_results(src)),
        ("touch refs.bib", lambda: bib.touch()),
        ("restore the title", lambda: bib.write_text(text)),
    ]
    for what, edit in edits:
        edit()
        sphinx(src, out)
        incremental = outputs(out)
        clean(src, tmp / "exact-clean")
        fresh = outputs(tmp / "exact-clean")
        differ = sorted(n for n in incremental.keys() | fresh.keys()
                        if incremental.get(n) != fresh.get(n))  # fmt: skip
        goal(
            f"after '{what}', the incremental build equals a clean build"
            + (f" (differ: {', '.join(differ[:5])})" if differ else ""),
            not differ,
        )


def _edit_results(src: Path) -> None:
    path = src / "data" / "results.csv"
    lines = path.read_text().splitlines(keepends=True)
    lines.insert(1, lines.pop())  # the same rows in another order: nothing may change
    path.write_text("".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", type=int, default=[150, 1000, 5000, 20000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--entry-pages", type=int, default=1000)
    parser.add_argument("--skip", nargs="*", default=[],
                        choices=["clean", "parallel", "check", "entries", "real"])  # fmt: skip
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} (cores: {os.cpu_count()})")
    # byte-compiled, as an installed package is (an editable one is not, if
    # PYTHONDONTWRITEBYTECODE is set): else every build compiles our modules
    compileall.compile_dir(ROOT / "src", quiet=1)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if "clean" not in args.skip:
            clean_builds(tmp, args.sizes, args.rounds)
        if "parallel" not in args.skip:
            parallel_builds(tmp, args.sizes, args.rounds)
        if "check" not in args.skip:
            checks(tmp, args.sizes, args.rounds)
        if "entries" not in args.skip:
            entry_pages(tmp, args.entry_pages, args.rounds)
        if "real" not in args.skip:
            real_site(tmp, args.rounds)
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    failed = [text for text, ok in RESULTS if not ok]
    print(f"{len(RESULTS) - len(failed)} of {len(RESULTS)} goals met")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
