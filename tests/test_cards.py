"""Cards: grouping by paradigm, newest first, links, escaping (test-basic)."""

import pytest
from bs4 import BeautifulSoup

from clipvid_docs.cards import card
from clipvid_docs.export import LATEX_PREAMBLE
from conftest import warnings_of


@pytest.fixture
def soup(app):
    app.build()
    return BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")


def _section(soup, heading_id):
    return soup.find("section", id=heading_id)


def _card_ids(section):
    return [card["id"] for card in section.select("div.clipvid-card")]


@pytest.mark.sphinx("html", testroot="basic")
def test_good_root_builds_without_warnings(app, soup):
    assert warnings_of(app) == []


@pytest.mark.sphinx("html", testroot="basic")
def test_cards_grouped_by_paradigm_newest_first(app, soup):
    assert _card_ids(_section(soup, "prompt")) == [
        "card-jones2024prompting",  # 2024
        "card-smith2023adapting",  # 2023
        "card-lee2022older",  # 2022
    ]
    # a paper in two paradigms shows in both groups, with its own anchor each time
    assert _card_ids(_section(soup, "adapter")) == ["card-smith2023adapting-2"]
    assert _card_ids(_section(soup, "tools")) == ["card-toolkit"]


@pytest.mark.sphinx("html", testroot="basic")
def test_card_content_and_links(app, soup):
    card = soup.find(id="card-smith2023adapting")
    title = card.select_one(".clipvid-title a")
    assert title["href"] == "https://example.org/smith2023"
    assert card.select_one(".clipvid-venue").get_text() == "CVPR 2023"
    assert card.select_one(".clipvid-authors").get_text() == (
        "Alice Smith, Jörg Müller, Carol Brown, Dan Davis et al."
    )
    assert [b.get_text() for b in card.select(".clipvid-paradigm")] == ["Adapter", "Prompt"]
    links = {a.get_text(): a["href"] for a in card.select(".clipvid-links a")}
    assert links == {
        "Paper": "https://example.org/smith2023",
        "arXiv": "https://arxiv.org/abs/2301.00001",
        "Code": "https://github.com/example/adapt",
        ".bib file": "bib/entries/smith2023adapting.bib",
        "#": "#card-smith2023adapting",  # the card's permalink
    }
    assert (
        (app.outdir / links[".bib file"])
        .read_text()
        .startswith(LATEX_PREAMBLE + "@inproceedings{smith2023adapting,")
    )
    tool = soup.find(id="card-toolkit")
    extra = {a.get_text(): a["href"] for a in tool.select(".clipvid-link-extra")}
    assert extra == {"Docs": "https://example.org/docs", "Mirror": "http://mirror.example.org/x"}


@pytest.mark.sphinx("html", testroot="basic")
def test_title_with_markup_characters_is_escaped(app, soup):
    title = soup.find(id="card-smith2023adapting").select_one(".clipvid-title a")
    assert title.get_text() == "Adapting CLIP <to> Video & Friends {braces}"
    html = (app.outdir / "index.html").read_text()
    assert "Adapting CLIP &lt;to&gt; Video &amp; Friends {braces}" in html
    assert "<to>" not in html


@pytest.mark.sphinx("html", testroot="myst")
def test_myst_page_cards_paradigm_cards_and_export_role(app):
    app.build()
    assert warnings_of(app) == [
        "index.md:26: WARNING: unknown export 'nope.bib' (one of: refs.bib, refs.json, "
        "paradigm-adapter.bib, paradigm-adapter.json, paradigm-prompt.bib, "
        "paradigm-prompt.json, paradigm-adapter-prompt.bib, paradigm-adapter-prompt.json, "
        "paradigm-full-finetuning.bib, paradigm-full-finetuning.json, page.bib, page.json) "
        "[clipvid.directive]"
    ]
    soup = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    assert _card_ids(_section(soup, "paradigm-adapter")) == ["card-smith2023adapting"]
    paradigm_cards = soup.select(".clipvid-paradigms .clipvid-card")
    assert [c.select_one(".clipvid-title").get_text() for c in paradigm_cards] == [
        "Adapter",
        "Prompt",
        "Adapter + prompt",
        "Full fine-tuning",
    ]
    assert [c.select_one(".clipvid-count").get_text() for c in paradigm_cards] == [
        "1 entries",
        "3 entries",
        "0 entries",
        "0 entries",
    ]
    assert paradigm_cards[0].select_one("a")["href"] == "#paradigm-adapter"
    export = soup.select_one("a.clipvid-export")
    assert export["href"] == "bib/refs.bib"
    assert (app.outdir / "bib" / "refs.bib").is_file()


@pytest.mark.sphinx("html", testroot="basic")
def test_card_has_a_bibtex_button_with_the_exported_entry(app, soup):
    card = soup.find(id="card-smith2023adapting")
    button = card.select_one("button.clipvid-copy")
    entry = card.find(id=button["aria-controls"])
    assert entry.name == "pre" and entry.has_attr("hidden")
    exported = (app.outdir / "bib" / "entries" / "smith2023adapting.bib").read_text()
    assert LATEX_PREAMBLE + entry.get_text() == exported  # the file compiles on its own
    assert card.select_one(".clipvid-copy-status")["role"] == "status"
    # the same paper shown twice on a page gets two distinct ids
    second = soup.find(id="card-smith2023adapting-2").select_one("button.clipvid-copy")
    assert second["aria-controls"] != button["aria-controls"]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_changed_bibliography_updates_cards_on_rebuild(make_app, app_params):
    args, kwargs = app_params
    first = make_app(*args, **kwargs)
    first.build()
    bib = first.srcdir / "refs.bib"
    bib.write_text(bib.read_text().replace("Prompting Video Models", "Prompting Video Models II"))
    second = make_app(*args, **{**kwargs, "freshenv": False})
    second.build()
    html = (second.outdir / "index.html").read_text()
    assert "Prompting Video Models II" in html
    assert "Prompting Video Models II" in (second.outdir / "bib" / "refs.bib").read_text()


@pytest.mark.sphinx(
    "html", testroot="basic", confoverrides={"clipvid_repository": "https://example.org/repo"}
)
def test_cards_link_to_a_prefilled_issue_where_a_repository_is_set(app):
    app.build()
    soup = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    card = soup.find(id="card-smith2023adapting")
    report = card.find("a", string="Report an error")
    assert report["href"].startswith("https://example.org/repo/issues/new?title=Error%20in%20")
    assert "smith2023adapting" in report["href"]


@pytest.mark.sphinx("html", testroot="basic")
def test_a_card_is_one_node_holding_only_what_sphinx_resolves(app, soup):
    """To every transform and to the pickler a card is a handful of nodes:
    the card, its .bib link (resolved per page) and the text of that link."""
    doctree = app.env.get_doctree("index")
    cards = list(doctree.findall(card))
    assert [c["anchor"] for c in cards] == [
        "card-jones2024prompting",
        "card-smith2023adapting",
        "card-lee2022older",
        "card-smith2023adapting-2",
        "card-toolkit",
    ]
    smith = cards[1]
    assert smith["slots"] == ["bib"]
    assert len(list(smith.findall())) == 4  # card, inline, export link, its text
    assert smith["face"].links[0] == ("Paper", "https://example.org/smith2023", "clipvid-link-url")


@pytest.mark.sphinx("text", testroot="basic")
def test_other_builders_get_cards_as_plain_nodes(app):
    app.build()
    assert warnings_of(app) == []
    text = (app.outdir / "index.txt").read_text()
    assert (
        "Adapting CLIP <to> Video & Friends {braces} (AdaCLIP)\n\n"
        "Alice Smith, Jörg Müller, Carol Brown, Dan Davis et al.\n\n"
        "CVPR 2023 · Adapter, Prompt\n\n"
        "Paper · arXiv · Code · .bib file\n"
    ) in text
