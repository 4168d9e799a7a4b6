"""The real site: builds under -W, shows every entry of refs.bib, exports it whole."""

import re
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from bibcheck import assert_export_matches, compile_with_bibtex, have_latex
from clipvid_docs import bibdata

REPO = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    status = build_main(["-nW", "--keep-going", "-q", "-b", "html", str(REPO / "docs"), str(out)])
    assert status == 0
    return out


def test_refs_bib_has_no_problems():
    bib = bibdata.load([REPO / "refs.bib"])
    assert bibdata.check(bib) == []


def test_every_entry_has_a_card_on_the_site(site):
    bib = bibdata.load([REPO / "refs.bib"])
    shown = set()
    for page in site.glob("*.html"):
        shown |= set(re.findall(r'id="card-([a-z0-9]+)(?:-\d+)?"', page.read_text()))
    assert shown == set(bib.records)


def test_site_exports_round_trip(site):
    assert_export_matches(REPO / "refs.bib", site / "bib" / "refs.bib")


@pytest.mark.skipif(not have_latex(), reason="pdflatex/bibtex not installed")
def test_site_export_compiles_with_bibtex(site, tmp_path):
    log = compile_with_bibtex(site / "bib" / "refs.bib", tmp_path, "plain")
    assert "error message" not in log
