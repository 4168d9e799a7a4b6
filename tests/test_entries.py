"""Finding an entry: a page per entry, the method index with filters, search
that lands on the entry, the changelog and its feed; in the built site and in
Debian's Chromium (Playwright), with axe-core for accessibility."""

import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from bibcheck import decoded
from clipvid_docs import bibdata
from clipvid_docs.schema import PARADIGMS, SECTION_SLUGS
from conftest import REPO, serve_dir


def soup_of(path):
    return BeautifulSoup(path.read_text(), "html.parser")


def test_every_entry_has_its_page_with_what_the_map_knows(site):
    bib = bibdata.load([REPO / "refs.bib"])
    for record in bib.records.values():
        page = site / "entries" / f"{record.key.lower()}.html"
        assert page.exists(), record.key
    soup = soup_of(site / "entries" / "ni2022expanding.html")
    body = soup.select_one("[data-pagefind-body]")
    assert "Bolin Ni" in body.select_one(".clipvid-authors").get_text()
    assert body.select_one(".clipvid-venue").get_text() == "ECCV 2022"
    links = {a.get_text(): a["href"] for a in body.select(".clipvid-links a")}
    assert links["Code"].startswith("https://github.com/")
    assert links["Permalink"] == "#entry-ni2022expanding"
    groups = body.select_one(".clipvid-groups").get_text()
    assert "Paradigm:" in groups and "Setting:" in groups
    assert len(body.select("table.clipvid-entry-results")) >= 3  # grouped by benchmark
    assert all(a["href"].startswith("https://") for a in body.select("table a"))
    button = body.select_one("button.clipvid-copy")
    assert body.find(id=button["aria-controls"]).get_text().startswith("@inproceedings{ni2022")
    assert body.select_one("[data-pagefind-ignore]").select_one("pre")  # BibTeX not indexed
    places = [a.get_text() for a in body.select(".clipvid-places a")]
    assert "Adaptation methods" in places
    assert body.select(".clipvid-neighbours a")


def test_cards_and_leaderboard_rows_link_to_entry_pages(site):
    card = soup_of(site / "adaptation.html").find(id="card-ni2022expanding")
    details = card.find("a", string="Details")
    assert details["href"] == "entries/ni2022expanding.html"
    assert card.select_one("a.clipvid-permalink")["href"] == "#card-ni2022expanding"
    board = soup_of(site / "leaderboards" / "supervised-k400.html")
    assert board.select_one("table#best-supervised-k400 tbody tr td:nth-child(2) a")[
        "href"
    ].startswith("../entries/")


def test_landing_counts_are_the_downloads(site):
    soup = soup_of(site / "index.html")
    counts = [int(p.get_text().split()[0]) for p in soup.select(".clipvid-count")]
    files = [len(decoded(site / "bib" / f"paradigm-{t.slug}.bib")) for t in PARADIGMS]
    assert counts == files


def test_changelog_and_feed_list_every_addition(site):
    bib = bibdata.load([REPO / "refs.bib"])
    added = [r for r in bib.records.values() if r.get("added")]
    changes = (REPO / "docs" / "data" / "changes.csv").read_text().strip().splitlines()[1:]
    soup = soup_of(site / "changelog.html")
    items = soup.select("ul.clipvid-changes li")
    assert len(items) == len(added) + len(changes)
    assert sum(li.get_text().startswith("Corrected") for li in items) == len(changes)
    feed = ET.parse(site / "changes.atom").getroot()
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == len(added) + len(changes)
    assert soup.find("a", string="Atom feed")["href"] == "changes.atom"


def test_method_index_lists_every_method_in_the_html(site):
    bib = bibdata.load([REPO / "refs.bib"])
    methods = [r for r in bib.records.values() if {"adaptation", "few-shot"} & set(r.sections)]
    rows = soup_of(site / "methods.html").select("table.clipvid-index tbody tr")
    assert len(rows) == len(methods)


@pytest.fixture(scope="module")
def served(site):
    with serve_dir(site) as url:
        yield url


@pytest.mark.parametrize(
    ("query", "key"),
    [("FROSTER", "huang2024froster"), ("X-CLIP", "ni2022expanding"),
     ("ViFi-CLIP", "rasheed2023finetuned"), ("Rasheed", "rasheed2023finetuned")],
)  # fmt: skip
def test_search_lands_on_the_entry(served, browser, query, key):
    page = browser.new_page()
    page.goto(f"{served}/find.html?q={query}")
    first = page.locator(".pagefind-ui__result-link").first
    first.wait_for(timeout=15000)
    first.click()
    page.wait_for_url(f"**/entries/{key}.html")
    assert page.locator("h1").inner_text().startswith(query if "-" in query else "")


def test_index_filters_combine_and_the_url_restores_them(served, browser):
    page = browser.new_page()
    page.goto(f"{served}/methods.html")
    rows = page.locator("table.clipvid-index tbody tr")
    total = rows.count()
    page.select_option('select[name="setting"]', "few-shot")
    page.check('input[name="code"]')
    visible = page.locator("table.clipvid-index tbody tr:not([hidden])")
    narrowed = visible.count()
    assert 0 < narrowed < total
    assert "setting=few-shot" in page.url and "code=yes" in page.url
    again = browser.new_page()
    again.goto(page.url)
    assert again.locator("table.clipvid-index tbody tr:not([hidden])").count() == narrowed
    assert again.locator('select[name="setting"]').input_value() == "few-shot"
    by_author = browser.new_page()
    by_author.goto(f"{served}/methods.html?q=rasheed")
    found = by_author.locator("table.clipvid-index tbody tr:not([hidden])")
    assert "ViFi-CLIP" in found.all_inner_texts()[0]
    assert found.count() < total


def test_entry_copy_button_puts_the_bibtex_on_the_clipboard(served, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{served}/entries/lin2022frozen.html")
    page.locator("button.clipvid-copy").click()
    page.locator(".clipvid-copy-status").filter(has_text="Copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@inproceedings{lin2022frozen,")


@pytest.mark.parametrize("path", ["methods.html", "entries/ni2022expanding.html"])
def test_index_and_entry_read_well_on_a_phone(served, browser, path):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{served}/{path}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing pushes the page sideways; wide tables scroll inside
    box = page.locator("h1").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390


def _pages(site):
    """Every written page, and a sample of the generated ones: the entry pages
    and the leaderboards each come from one directive."""
    ours = [p for p in site.rglob("*.html") if p.parent.name not in ("_static", "_sources")]
    generated = {"entries": [], "leaderboards": []}
    rest = []
    for path in sorted(ours):
        generated.get(path.parent.name, rest).append(path)
    sample = [p for pages in generated.values() for p in pages[:: max(1, len(pages) // 4)]]
    return rest + sample


def test_no_serious_accessibility_violations_in_our_markup(site, served, browser):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    axe = axe_module.Axe()
    page = browser.new_page()
    found = {}
    for path in _pages(site):
        relative = path.relative_to(site).as_posix()
        if relative in ("genindex.html", "search.html"):
            continue  # Sphinx's own pages
        page.goto(f"{served}/{relative}")
        result = axe.run(page)
        for violation in result.response["violations"]:
            if violation["impact"] not in ("serious", "critical"):
                continue
            targets = [n["target"] for n in violation["nodes"] if _ours(n["html"])]
            if targets:
                found.setdefault(violation["id"], []).append((relative, targets[:2]))
    assert found == {}


def _ours(html: str) -> bool:
    """Markup our extension writes (furo's own findings are left to furo)."""
    return bool(re.search(r"clipvid|bibtex|citation|data-pagefind", html))


@pytest.fixture(scope="module")
def doubled_entries(tmp_path_factory):
    """A site with twice today's entries: each entry again under a new key."""
    src = tmp_path_factory.mktemp("twice")
    text = (REPO / "refs.bib").read_text()
    copy = re.sub(r"^(@\w+\{)([a-z0-9]+),", r"\1\2copy,", text, flags=re.M)
    (src / "refs.bib").write_text(text + "\n" + copy)
    (src / "conf.py").write_text(
        'extensions = ["clipvid_docs"]\nbibtex_bibfiles = ["refs.bib"]\n'
        'clipvid_entries = "entries"\nclipvid_index = "methods"\nexclude_patterns = ["_build"]\n'
    )
    (src / "index.rst").write_text("Twice\n=====\n\n.. toctree::\n\n   methods\n   cards\n")
    (src / "methods.rst").write_text("Methods\n=======\n\n.. clipvid-index::\n")
    (src / "cards.rst").write_text(
        f"Cards\n=====\n\n.. clipvid-cards::\n   :section: {', '.join(SECTION_SLUGS)}\n"
    )
    out = src / "_build"
    assert build_main(["-W", "--keep-going", "-q", "-b", "html", str(src), str(out)]) == 0
    return out


def test_twice_the_entries_build_and_the_index_filters(doubled_entries, browser):
    bib = bibdata.load([REPO / "refs.bib"])
    assert len(list((doubled_entries / "entries").glob("*.html"))) == 2 * len(bib.records)

    with serve_dir(doubled_entries) as url:
        page = browser.new_page()
        page.goto(f"{url}/methods.html?setting=zero-shot")
        shown = page.locator("table.clipvid-index tbody tr:not([hidden])").count()
        total = page.locator("table.clipvid-index tbody tr").count()
        assert 0 < shown < total
