"""The real site: builds under -W, shows every entry of refs.bib, exports it whole."""

import re

from bibcheck import assert_export_matches
from clipvid_docs import bibdata
from conftest import REPO


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
