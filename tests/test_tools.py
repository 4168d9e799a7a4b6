"""Every export the site offers, through the real tools: pdflatex + BibTeX
(plain and natbib), biblatex + biber, pandoc --citeproc, and an independent
BibTeX parser. Skipped where a tool is missing, except in CI
(CLIPVID_REQUIRE_TOOLS=1), which installs them all."""

import json
import re

import pytest

from bibcheck import (
    compile_with_biber,
    compile_with_bibtex,
    decoded,
    have,
    render_with_pandoc,
)
from clipvid_docs import bibdata
from conftest import REPO

NATBIB = r"\usepackage{natbib}"


def bib_exports(site):
    """The whole bibliography, each paradigm's file and one page's file: every
    entry goes through the same writer, so the other page files, subsets of
    these, add nothing but time."""
    files = sorted((site / "bib").glob("*.bib"))
    pages = [p for p in files if p.name.startswith("page-")]
    return [p for p in files if not p.name.startswith("page-")] + pages[:1]


def no_year(path):
    """Keys of entries without a year: natbib styles warn about them, and no
    source we could read gives one (see the entries' notes)."""
    return {key for key, (_, fields) in decoded(path).items() if "year" not in fields}


@pytest.mark.skipif(not have("pdflatex", "bibtex"), reason="pdflatex/bibtex not installed")
@pytest.mark.parametrize(
    ("style", "packages"), [("plain", ""), ("plainnat", NATBIB), ("unsrtnat", NATBIB)]
)
def test_every_bibtex_export_compiles_without_errors_or_warnings(site, tmp_path, style, packages):
    for bib in bib_exports(site):
        if not decoded(bib):
            continue  # a page without cards exports an empty file
        log = compile_with_bibtex(bib, tmp_path / f"{style}-{bib.stem}", style, packages)
        assert "error message" not in log, (bib.name, log)
        warnings = sorted(line for line in log.splitlines() if line.startswith("Warning--"))
        expected = []
        if style.endswith("nat"):
            expected = sorted(f"Warning--empty year in {key}" for key in no_year(bib))
        assert warnings == expected, bib.name


@pytest.mark.skipif(not have("pdflatex", "biber"), reason="pdflatex/biber not installed")
def test_every_bibtex_export_compiles_with_biblatex_and_biber(site, tmp_path):
    for bib in bib_exports(site):
        if not decoded(bib):
            continue
        log = compile_with_biber(bib, tmp_path / bib.stem)
        problems = [line for line in log.splitlines() if re.search(r"\] (WARN|ERROR) - ", line)]
        assert problems == [], bib.name


@pytest.mark.skipif(not have("pandoc"), reason="pandoc not installed")
def test_every_csl_export_renders_with_pandoc_citeproc(site, tmp_path):
    def words(text):
        return re.sub(r"[^0-9a-z]+", "", text.lower())

    for csl in sorted((site / "bib").glob("*.json")):
        items = json.loads(csl.read_text())
        if not items:
            continue
        output, errors = render_with_pandoc(csl, tmp_path / csl.stem)
        assert errors == "", csl.name
        rendered = words(output)
        missing = [i["id"] for i in items if words(i["title"]) not in rendered]
        assert missing == [], csl.name


def test_every_entry_file_equals_its_entry_in_refs_bib(site):
    whole = decoded(site / "bib" / "refs.bib")
    files = sorted((site / "bib" / "entries").glob("*.bib"))
    assert len(files) == len(whole)
    for path in files:
        (key, entry), *rest = decoded(path).items()
        assert rest == [] and whole[key] == entry, path.name


def test_exported_keys_are_the_keys_of_refs_bib(site):
    source = bibdata.load([REPO / "refs.bib"])
    assert sorted(decoded(site / "bib" / "refs.bib")) == sorted(
        r.key for r in source.records.values()
    )
