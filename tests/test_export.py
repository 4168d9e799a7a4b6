"""The exported BibTeX, read back by independent tools, equals its source."""

import json

import pytest

from bibcheck import assert_export_matches, compile_with_bibtex, decoded, have_latex
from conftest import warnings_of


@pytest.mark.sphinx("html", testroot="basic")
def test_exports_round_trip_through_bibtexparser(app):
    app.build()
    assert warnings_of(app) == []
    bib = app.outdir / "bib"
    assert_export_matches(app.srcdir / "refs.bib", bib / "refs.bib")
    assert sorted(decoded(bib / "paradigm-prompt.bib")) == [
        "jones2024prompting",
        "lee2022older",
        "smith2023adapting",
    ]
    assert sorted(decoded(bib / "paradigm-adapter.bib")) == ["smith2023adapting"]
    assert decoded(bib / "paradigm-full-finetuning.bib") == {}
    one = (bib / "entries" / "smith2023adapting.bib").read_text()
    assert one.isascii()  # accents as LaTeX, so 8-bit BibTeX reads it
    assert r"M{\"u}ller, J{\"o}rg" in one
    assert "paradigm" not in one and "code" not in one


@pytest.mark.skipif(not have_latex(), reason="pdflatex/bibtex not installed")
@pytest.mark.sphinx("html", testroot="basic")
@pytest.mark.parametrize(
    ("style", "packages"),
    [("plain", ""), ("plainnat", r"\usepackage{natbib}"), ("unsrtnat", r"\usepackage{natbib}")],
)
def test_export_compiles_with_latex_and_bibtex(app, tmp_path, style, packages):
    app.build()
    log = compile_with_bibtex(app.outdir / "bib" / "refs.bib", tmp_path, style, packages)
    assert "error message" not in log
    warnings = [line for line in log.splitlines() if line.startswith("Warning--")]
    # the toolkit entry has no year in the source: natbib styles say so, nothing else
    expected = ["Warning--empty year in toolkit"] if style.endswith("nat") else []
    assert warnings == expected


@pytest.mark.sphinx("html", testroot="basic")
def test_csl_json_exports_match_the_entries(app):
    app.build()
    items = {i["id"]: i for i in json.loads((app.outdir / "bib" / "refs.json").read_text())}
    assert sorted(items) == ["jones2024prompting", "lee2022older", "smith2023adapting", "toolkit"]
    smith = items["smith2023adapting"]
    assert smith["type"] == "paper-conference"
    assert smith["title"] == "Adapting CLIP <to> Video & Friends {braces}"
    assert smith["author"][1] == {"family": "Müller", "given": "Jörg"}
    assert smith["issued"] == {"date-parts": [[2023]]}
    assert smith["container-title"].endswith("(CVPR)")
    assert items["jones2024prompting"]["type"] == "article"  # an arXiv preprint
    assert items["toolkit"]["type"] == "webpage"
    assert "author" not in items["toolkit"]


@pytest.mark.sphinx("html", testroot="basic")
def test_page_exports_hold_the_page_entries(app):
    app.build()
    assert sorted(decoded(app.outdir / "bib" / "page-index.bib")) == [
        "jones2024prompting",
        "lee2022older",
        "smith2023adapting",
        "toolkit",
    ]
    # a page without cards that links no export of its own gets none
    assert not (app.outdir / "bib" / "page-references.bib").exists()
    page = json.loads((app.outdir / "bib" / "page-index.json").read_text())
    assert [i["id"] for i in page] == sorted(decoded(app.outdir / "bib" / "page-index.bib"))
