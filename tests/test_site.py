"""The real site: builds under -W, shows every entry of refs.bib, exports it whole."""

import re

from bibcheck import assert_export_matches
from clipvid_docs import bibdata, results
from conftest import REPO


def test_refs_bib_has_no_problems():
    bib = bibdata.load([REPO / "refs.bib"])
    assert bibdata.check(bib) == []


def test_real_results_data_loads_without_a_problem():
    bib = bibdata.load([REPO / "refs.bib"])
    rows, problems = results.load(REPO / "docs" / "data" / "results.csv", bib.get)
    assert problems == []
    assert len(rows) > 300


def test_results_page_lists_leaderboards_with_plots_and_links(site):
    html = (site / "results.html").read_text()
    assert html.count('href="leaderboards/') >= 16  # one leaderboard per benchmark and protocol
    assert html.count('<svg role="img"') == 2
    board = (site / "leaderboards" / "supervised-k400.html").read_text()
    assert 'href="../entries/' in board  # methods link to their entry pages


def test_every_entry_has_a_card_on_the_site(site):
    bib = bibdata.load([REPO / "refs.bib"])
    shown = set()
    for page in site.glob("*.html"):
        shown |= set(re.findall(r'id="card-([a-z0-9]+)(?:-\d+)?"', page.read_text()))
    assert shown == set(bib.records)


def test_site_exports_round_trip(site):
    assert_export_matches(REPO / "refs.bib", site / "bib" / "refs.bib")


def test_repository_with_a_copyright_holder_is_not_called_a_paper(site):
    html = (site / "tools.html").read_text()
    card = html[html.index('id="card-hasson2017i3d"') :].split('class="clipvid-bibtex"')[0]
    assert ">Website</a>" in card and ">Paper</a>" not in card
