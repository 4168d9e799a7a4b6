"""Side-by-side benchmark: our extension against sphinxcontrib-bibtex alone.

A synthetic site (12 pages, 20 citations each, and with our extension a card
for each cited entry) is built at several bibliography sizes, the anchor and
ours interleaved, each build in a fresh process; CPU seconds (user + system of
the build process) and its peak memory are read with ``os.wait4``. Ratios,
their spread and the machine's load are printed: this machine is shared, so
only ratios measured side by side mean anything. Also times ``check`` against
pybtex parsing the same file.

    python benchmarks/bench.py                 # 150 and 1,000 entries, 3 rounds
    python benchmarks/bench.py 150 1000 5000 20000 --rounds 1
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PAGES, CITES = 12, 20
SECTIONS = ("adaptation", "few-shot", "misc")
PARADIGMS = ("adapter", "prompt", "full-finetuning")


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
            f"  section   = {{{SECTIONS[i % 3]}}},\n  paradigm  = {{{PARADIGMS[i % 3]}}},\n}}\n"
        )
    return "\n".join(out)


def make_site(root: Path, n: int, ours: bool) -> Path:
    src = root / ("ours" if ours else "anchor") / str(n)
    src.mkdir(parents=True)
    (src / "refs.bib").write_text(bibliography(n))
    extensions = (
        '["myst_parser", "clipvid_docs"]' if ours else ('["myst_parser", "sphinxcontrib.bibtex"]')
    )
    (src / "conf.py").write_text(
        f"extensions = {extensions}\nbibtex_bibfiles = ['refs.bib']\n"
        "exclude_patterns = ['_build']\n"
    )
    toc = "\n".join(f"page{p}" for p in range(PAGES))
    (src / "index.md").write_text(f"# Synthetic\n\n```{{toctree}}\n{toc}\nreferences\n```\n")
    step = max(1, n // (PAGES * CITES))
    for p in range(PAGES):
        keys = [f"key{(p * CITES + c) * step % n:05d}" for c in range(CITES)]
        text = f"# Page {p}\n\n" + "".join(f"Cited {{cite:p}}`{k}`.\n\n" for k in keys)
        if ours:
            text += "```{clipvid-cards}\n:keys: " + ", ".join(keys) + "\n```\n"
        (src / f"page{p}.md").write_text(text)
    (src / "references.md").write_text("# References\n\n```{bibliography}\n```\n")
    return src


def timed(cmd: list[str]) -> tuple[float, float]:
    """CPU seconds (user + system) and peak RSS in MiB of one child process."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def build(src: Path, out: Path) -> tuple[float, float]:
    return timed([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)])


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f}" if len(values) > 1 else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[150, 1000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} (cores: {os.cpu_count()})")
    print(f"{'entries':>8} {'anchor s':>9} {'ours s':>8} {'ratio':>6} {'ratio spread':>13}"
          f" {'anchor MiB':>11} {'ours MiB':>9}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for n in args.sizes:
            sites = {ours: make_site(root, n, ours) for ours in (False, True)}
            cpu: dict[bool, list[float]] = {False: [], True: []}
            mem: dict[bool, list[float]] = {False: [], True: []}
            ratios = []
            for r in range(args.rounds):  # interleaved: anchor, ours, anchor, ours ...
                for ours in (False, True):
                    seconds, mib = build(sites[ours], root / f"out-{ours}-{n}-{r}")
                    cpu[ours].append(seconds)
                    mem[ours].append(mib)
                ratios.append(cpu[True][-1] / cpu[False][-1])
            print(
                f"{n:>8} {statistics.median(cpu[False]):>9.2f} {statistics.median(cpu[True]):>8.2f}"
                f" {statistics.median(ratios):>6.2f} {spread(ratios):>13}"
                f" {max(mem[False]):>11.0f} {max(mem[True]):>9.0f}"
            )
            bib = sites[True] / "refs.bib"
            check = timed([sys.executable, "-m", "clipvid_docs", "check", str(bib)])[0]
            parse = timed([sys.executable, "-c", "import sys, pybtex.database as d; "
                           "d.parse_file(sys.argv[1])", str(bib)])[0]  # fmt: skip
            print(f"{'':>8} check {check:.2f} s against pybtex's parse {parse:.2f} s"
                  f" (ratio {check / parse:.2f})")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
