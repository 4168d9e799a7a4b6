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
CUSTOM = {"abbr", "added", "annote", "code", "homepage", "links", "paradigm", "section", "task"}


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


PREAMBLE = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{lmodern}
"""  # no url or hyperref: the exports' preamble must make do without them

LATEX = (
    PREAMBLE
    + r"""%(packages)s
\begin{document}
\nocite{*}
\bibliographystyle{%(style)s}
\bibliography{refs}
\end{document}
"""
)

BIBLATEX = (
    PREAMBLE
    + r"""\usepackage[backend=biber,style=numeric]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""
)


def have(*tools: str) -> bool:
    """True where the tools are installed, or where CI demands them
    (CLIPVID_REQUIRE_TOOLS=1), so that CI fails instead of skipping."""
    installed = all(shutil.which(tool) for tool in tools)
    return installed or bool(os.environ.get("CLIPVID_REQUIRE_TOOLS"))


def have_latex() -> bool:
    return have("pdflatex", "bibtex")


def _run(workdir: Path, *cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd,
        cwd=workdir,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=300,
        check=False,  # TeX writes 8-bit text of its fonts to the terminal
    )


def _pdflatex(workdir: Path) -> None:
    result = _run(workdir, "pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex")
    assert result.returncode == 0, result.stdout[-3000:]


def compile_with_bibtex(bib: Path, workdir: Path, style: str, packages: str = "") -> str:
    """pdflatex + bibtex + pdflatex; returns bibtex's log, fails on any error."""
    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copy(bib, workdir / "refs.bib")
    (workdir / "doc.tex").write_text(LATEX % {"style": style, "packages": packages})
    _pdflatex(workdir)
    bibtex = _run(workdir, "bibtex", "doc")
    assert bibtex.returncode < 2, bibtex.stdout  # 1 means warnings, read from the log
    blg = (workdir / "doc.blg").read_text()
    _pdflatex(workdir)
    _pdflatex(workdir)
    return blg


def compile_with_biber(bib: Path, workdir: Path) -> str:
    """pdflatex + biber + pdflatex with biblatex; returns biber's log."""
    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copy(bib, workdir / "refs.bib")
    (workdir / "doc.tex").write_text(BIBLATEX)
    _pdflatex(workdir)
    biber = _run(workdir, "biber", "doc")
    assert biber.returncode == 0, biber.stdout[-3000:]
    _pdflatex(workdir)
    return (workdir / "doc.blg").read_text()


def render_with_pandoc(csl: Path, workdir: Path) -> tuple[str, str]:
    """pandoc --citeproc over a document citing every entry; (output, stderr)."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "doc.md").write_text("---\nnocite: '@*'\n---\n\nEvery entry.\n")
    result = _run(
        workdir,
        "pandoc",
        "doc.md",
        "--citeproc",
        f"--bibliography={csl}",
        "-t",
        "plain",
        "--wrap=none",
    )
    assert result.returncode == 0, result.stderr
    return result.stdout, result.stderr
