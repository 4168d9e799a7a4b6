"""Results data: checked rows with locations, tables, plots and card headlines."""

import re

import pytest
from bs4 import BeautifulSoup

from conftest import warnings_of


@pytest.fixture
def soup(app):
    app.build()
    return BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")


@pytest.mark.sphinx("html", testroot="results")
def test_results_root_builds_without_warnings(app, soup):
    assert warnings_of(app) == []


@pytest.mark.sphinx("html", testroot="results")
def test_tables_best_first_with_links_to_cards_and_sources(app, soup):
    tables = soup.select("table.clipvid-results")
    assert len(tables) == 3  # K400 supervised; UCF101 and HMDB51 zero-shot
    k400 = tables[0]
    assert [th.get_text() for th in k400.select("thead th")] == [
        "Method", "Backbone", "Pretraining", "Frames", "Views", "Input", "GFLOPs",
        "Top-1", "Top-5", "Source",
    ]  # fmt: skip
    body = k400.select("tbody tr")
    assert [tr.select("td")[7].get_text() for tr in body] == [
        "86.5", "84.2", "84.0", "83.1", "80.0",
    ]  # fmt: skip
    assert body[1].select_one("td").get_text() == "Prompting Video Models (big)"
    assert body[0].select_one("td").get_text() == "AdaCLIP"  # the short name, if any
    # the method links to its card, the number to its source note
    assert body[0].select_one("td a")["href"] == "#card-smith2023adapting"
    note_id = body[0].select("td")[7].select_one("a")["href"].lstrip("#")
    note = soup.find(id=note_id)
    assert note.name == "li"
    assert note.get_text(" ", strip=True) == (
        "AdaCLIP: https://example.org/smith2023#table2 Note: GFLOPs per view"
    )
    assert note.select_one("a")["href"] == "https://example.org/smith2023#table2"  # one click
    zero = tables[1]
    assert [tr.select("td")[-2].get_text() for tr in zero.select("tbody tr")] == ["75.25", "70.5"]
    assert "reported by jones2024prompting Table 5" in soup.get_text()


@pytest.mark.sphinx("html", testroot="results")
def test_plots_are_inline_svg_with_one_point_per_row(app, soup):
    svgs = soup.select("svg.clipvid-plot")
    assert len(svgs) == 2
    k400, zero = (str(svg) for svg in svgs)
    assert sorted(re.findall(r'id="clipvid-point-(\w+)-(\d+)"', k400)) == [
        ("jones2024prompting", "4"), ("jones2024prompting", "5"),
        ("smith2023adapting", "2"), ("smith2023adapting", "3"),
    ]  # fmt: skip
    assert len(re.findall(r'id="clipvid-point-', zero)) == 3
    # text follows the page's colour in light and dark themes
    assert "currentColor" in k400 and "#010203" not in k400
    caption = soup.select_one(".clipvid-caption").get_text()
    assert "Kinetics-400 against GFLOPs." in caption
    # the row without GFLOPs is counted and named, not silently left out
    assert (
        "4 of 5 rows plotted. 1 rows give no GFLOPs and are not plotted: An Older Prompt Paper."
        in caption
    )


@pytest.mark.sphinx("html", testroot="results")
def test_card_shows_headline_result_linking_to_rows(app, soup):
    card = soup.find(id="card-smith2023adapting")
    headline = card.select_one(".clipvid-headline")
    assert headline.get_text() == (
        "Reported: Kinetics-400, fully supervised: top-1 86.5 (ViT-L/14, 8 frames)"
    )
    assert headline.select_one("a")["href"] == "#results-smith2023adapting"
    assert soup.find(id="results-smith2023adapting").name == "tr"
    assert soup.find(id="card-toolkit") is None  # not in the adaptation section


@pytest.mark.sphinx("html", testroot="bad-results")
def test_bad_rows_are_reported_with_file_and_line(app):
    app.build()
    shown = [  # the list of benchmarks grows with the data: its start is enough here
        re.sub(r"(one of: K400, SSv2, K600, UCF101, ).*\)", r"\1...)", w) for w in warnings_of(app)
    ]
    assert shown == [
        "results.csv:3: WARNING: results key 'smith2023adaptng' is not in the bibliography "
        "[clipvid.unknown_key]",
        "results.csv:4: WARNING: top1 'eighty' is not a plain decimal number [clipvid.results_row]",
        "results.csv:5: WARNING: row duplicates line 2 (same method, benchmark, protocol, "
        "setting and configuration) [clipvid.duplicate_row]",
        "results.csv:6: WARNING: unknown benchmark 'K401' (one of: K400, SSv2, K600, UCF101, "
        "...) [clipvid.results_row]",
        "results.csv:7: WARNING: no source: every number must say where it was read "
        "[clipvid.results_row]",
        "results.csv:8: WARNING: expected 15 columns, found 6 [clipvid.results_row]",
        "results.csv:9: WARNING: source 'paper Table 9' must be one http(s) address a reader "
        "can open (name the table in note) [clipvid.results_row]",
        "results.csv:10: WARNING: row repeats the number of line 2 for the same configuration "
        "(keep one row and name both sources in its note) [clipvid.duplicate_row]",
        "index.rst:10: WARNING: no result matches this selection [clipvid.empty]",
        "index.rst:13: WARNING: unknown plot 'histogram' (one of: k400-gflops, zero-shot) "
        "[clipvid.directive]",
    ]
    html = (app.outdir / "index.html").read_text()
    assert html.count("<tr") == 2  # header + the one good row


@pytest.mark.sphinx("html", testroot="results", freshenv=True)
def test_changed_results_file_updates_tables_and_cards_on_rebuild(make_app, app_params):
    args, kwargs = app_params
    first = make_app(*args, **kwargs)
    first.build()
    data = first.srcdir / "results.csv"
    data.write_text(data.read_text().replace(",86.5,", ",86.7,"))
    second = make_app(*args, **{**kwargs, "freshenv": False})
    second.build()
    soup = BeautifulSoup((second.outdir / "index.html").read_text(), "html.parser")
    headline = soup.find(id="card-smith2023adapting").select_one(".clipvid-headline")
    assert "top-1 86.7" in headline.get_text()
    assert "86.7" in soup.select("table.clipvid-results")[0].select("tbody tr")[0].get_text()
