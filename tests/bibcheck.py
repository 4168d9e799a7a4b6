"""Independent checks of exported BibTeX: bibtexparser and, where installed,
the real LaTeX tools. Shared by the export tests and the real-site test."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware

# the site's own fields, which the export promises to drop
CUSTOM = {"abbr", "added", "annote", "code", "homepage", "links", "paradigm", "section"}


def decoded(path: Path) -> dict[str, tuple[str, dict[str, str]]]:
    library = bibtexparser.parse_string(
        path.read_text(encoding="utf-8"), append_middleware=[LatexDecodingMiddleware()]
    )
    assert library.failed_blocks == [], [b.error for b in library.failed_blocks]
    return {
        e.key: (e.entry_type.lower(), {f.key.lower(): " ".join(f.value.split()) for f in e.fields})
        for e in library.entries
    }


def assert_export_matches(source: Path, exported: Path) -> None:
    """Every entry of ``source`` is in ``exported`` with the same standard fields."""
    want = decoded(source)
    got = decoded(exported)
    assert list(got) == sorted(want)
    for key, (entry_type, fields) in want.items():
        standard = {k: v for k, v in fields.items() if k not in CUSTOM}
        exported = dict(got[key][1])
        if "author" not in fields and "editor" not in fields:
            # the documented sort key added for entries without author
            assert exported.pop("key") in (fields.get("abbr"), fields.get("title"))
        assert (got[key][0], exported) == (entry_type, standard), key


LATEX = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{url}
%(packages)s
\begin{document}
\nocite{*}
\bibliographystyle{%(style)s}
\bibliography{refs}
\end{document}
"""


def have_latex() -> bool:
    """True where pdflatex and bibtex are installed, or where CI demands them
    (CLIPVID_REQUIRE_LATEX=1), so that CI fails instead of skipping."""
    installed = bool(shutil.which("pdflatex") and shutil.which("bibtex"))
    return installed or bool(os.environ.get("CLIPVID_REQUIRE_LATEX"))


def compile_with_bibtex(bib: Path, workdir: Path, style: str, packages: str = "") -> str:
    """pdflatex + bibtex + pdflatex; returns bibtex's log, fails on any error."""
    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copy(bib, workdir / "refs.bib")
    (workdir / "doc.tex").write_text(LATEX % {"style": style, "packages": packages})

    def run(*cmd: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            cmd, cwd=workdir, capture_output=True, text=True, timeout=120, check=False
        )

    first = run("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex")
    assert first.returncode == 0, first.stdout[-2000:]
    bibtex = run("bibtex", "doc")
    assert bibtex.returncode == 0, bibtex.stdout
    blg = (workdir / "doc.blg").read_text()
    for _ in range(2):
        final = run("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex")
        assert final.returncode == 0, final.stdout[-2000:]
    return blg
