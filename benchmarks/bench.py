"""Rerunnable benchmark: bib loading and a full site build, time and peak memory.

Targets (checked here, never in the tests): loading refs.bib under 1 s, and a
full build of the site under 60 s and 1 GiB peak RSS on the CI machine
(2 cores).
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sphinx.cmd.build import build_main

from clipvid_docs import bibdata

REPO = Path(__file__).resolve().parent.parent
TARGETS = {"load_s": 1.0, "build_s": 60.0, "peak_mib": 1024.0}


def main() -> int:
    start = time.perf_counter()
    for _ in range(10):
        bib = bibdata.load([REPO / "refs.bib"])
        bibdata.check(bib)
    load_s = (time.perf_counter() - start) / 10
    out = Path(tempfile.mkdtemp())
    try:
        start = time.perf_counter()
        status = build_main(["-q", "-b", "html", str(REPO / "docs"), str(out)])
        build_s = time.perf_counter() - start
    finally:
        shutil.rmtree(out)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results = {"load_s": load_s, "build_s": build_s, "peak_mib": peak_mib}
    print(f"entries: {len(bib.records)}  build status: {status}")
    failed = False
    for name, value in results.items():
        ok = value <= TARGETS[name]
        failed |= not ok
        print(f"{name:9} {value:10.3f}  target <= {TARGETS[name]:g}  {'ok' if ok else 'OVER'}")
    return 1 if failed or status else 0


if __name__ == "__main__":
    sys.exit(main())
