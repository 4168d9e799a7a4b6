"""Leaderboards, tested on a generated site with twice today's results rows
(the real data, each row once more as a variant): built once, read by the
HTML checks and driven in Debian's Chromium by Playwright."""

import csv
import re
import shutil

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from clipvid_docs import results
from clipvid_docs.schema import SECTION_SLUGS
from conftest import REPO, serve_dir

K400 = "boards/supervised-k400.html"


@pytest.fixture(scope="session")
def doubled(tmp_path_factory):
    """Source and output of the generated site: every results row twice."""
    src = tmp_path_factory.mktemp("doubled")
    shutil.copy(REPO / "refs.bib", src / "refs.bib")
    with (REPO / "docs" / "data" / "results.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    variant = header.index("variant")
    copies = [[*r[:variant], (r[variant] + " copy").strip(), *r[variant + 1 :]] for r in body]
    with (src / "results.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows([header, *body, *copies])
    (src / "conf.py").write_text(
        'extensions = ["clipvid_docs"]\nbibtex_bibfiles = ["refs.bib"]\n'
        'clipvid_results = "results.csv"\nclipvid_leaderboards = "boards"\n'
        'exclude_patterns = ["_build"]\n'
    )
    (src / "index.rst").write_text(
        "Doubled\n=======\n\n.. toctree::\n\n   boards/index\n   cards\n"
    )
    (src / "cards.rst").write_text(
        f"Cards\n=====\n\n.. clipvid-cards::\n   :section: {', '.join(SECTION_SLUGS)}\n"
    )
    out = src / "_build"
    assert build_main(["-W", "--keep-going", "-q", "-b", "html", str(src), str(out)]) == 0
    return src, out


def soup_of(path):
    return BeautifulSoup(path.read_text(), "html.parser")


def test_one_page_per_benchmark_and_protocol(doubled):
    src, out = doubled
    rows, problems = results.load(src / "results.csv", lambda key: True)
    assert problems == []
    pairs = {(r.protocol, r.benchmark) for r in rows}
    pages = {p.stem for p in (out / "boards").glob("*.html")} - {"index"}
    assert pages == {f"{p}-{b}".lower() for p, b in pairs}
    index = soup_of(out / "boards" / "index.html")
    assert len(index.select("table.clipvid-boards tbody tr")) == len(pairs)


def test_best_table_ranks_one_row_per_method_and_all_rows_are_kept(doubled):
    src, out = doubled
    rows, _ = results.load(src / "results.csv", lambda key: True)
    k400 = [r for r in rows if (r.protocol, r.benchmark) == ("supervised", "K400")]
    soup = soup_of(out / K400)
    best = soup.select_one("table#best-supervised-k400")
    assert best.select_one("caption").get_text().startswith("Kinetics-400")
    body = best.select("tbody tr")
    methods = [tr.select("td")[1].get_text() for tr in body]
    assert len(methods) == len(set(methods)) == len({(r.key, r.variant) for r in k400})
    top1 = [float(tr.select("td")[2].get_text()) for tr in body]
    assert top1 == sorted(top1, reverse=True)
    assert [tr.select("td")[0].get_text() for tr in body][:1] == ["1"]
    everything = soup.select("table#all-supervised-k400 tbody tr")
    assert len(everything) == len(k400)
    for tr in everything:  # every row says where it was read, in one click
        link = tr.select("td")[-1].select_one("a")
        assert link.get_text() == "source" and link["href"].startswith("https://")


def test_plots_account_for_every_row(doubled):
    _, out = doubled
    for page in (out / "boards").glob("*.html"):
        if page.stem == "index":
            continue
        soup = soup_of(page)
        for table in soup.select('table[id^="all-"]'):
            anchor = table["id"].removeprefix("all-")
            total = len(table.select("tbody tr"))
            figures = soup.select(f'[id="plot-timeline-{anchor}"], [id="plot-gflops-{anchor}"]')
            assert figures, (page.name, anchor)
            for figure in figures:
                plotted = len(figure.select('g[id^="clipvid-point-"]'))
                caption = figure.select_one(".clipvid-caption").get_text()
                lacking = re.search(
                    r"(\d+) rows give no GFLOPs|, (\d+) without a publication", caption
                )
                missing = int(next(g for g in lacking.groups() if g)) if lacking else 0
                assert plotted + missing == total, (page.name, caption)
                # each point has a tooltip and links to its row on the page
                for point in figure.select('g[id^="clipvid-point-"]')[:5]:
                    assert point.select_one("title").get_text()
                    target = point.select_one("a")["xlink:href"].lstrip("#")
                    assert soup.find(id=target) is not None


@pytest.fixture(scope="module")
def served(doubled):
    with serve_dir(doubled[1]) as url:
        yield url


def test_first_click_on_top1_sorts_best_first(served, browser):
    page = browser.new_page()
    page.goto(f"{served}/{K400}")
    table = page.locator("table#all-supervised-k400")
    page.locator("details summary").first.click()
    headers = table.locator("thead th")
    headers.filter(has_text="Year").click()  # some other order first
    headers.filter(has_text="Top-1").click()
    assert headers.filter(has_text="Top-1").get_attribute("aria-sort") == "descending"
    values = [float(v) for v in table.locator("tbody tr td:nth-child(2)").all_inner_texts()]
    assert values == sorted(values, reverse=True)


def test_filters_narrow_the_rows(served, browser):
    page = browser.new_page()
    page.goto(f"{served}/{K400}")
    best = page.locator("table#best-supervised-k400 tbody tr")
    before = best.count()
    page.select_option('select[name="bb"]', "vit-l-14")
    after = page.locator("table#best-supervised-k400 tbody tr:not([hidden])")
    assert 0 < after.count() < before
    for text in after.locator("td:nth-child(7)").all_inner_texts():
        assert "L/14" in text
    page.select_option('select[name="pt"]', "clip")
    narrower = page.locator("table#best-supervised-k400 tbody tr:not([hidden])").count()
    assert 0 < narrower <= after.count()
    assert "configurations shown" in page.locator(".clipvid-filter-status").inner_text()


def test_phone_shows_method_and_top1_without_scrolling(served, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{served}/{K400}")
    row = page.locator("table#best-supervised-k400 tbody tr").first
    for column in (2, 3):  # method, top-1
        box = row.locator(f"td:nth-child({column})").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, column
