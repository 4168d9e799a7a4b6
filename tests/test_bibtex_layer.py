"""How sphinxcontrib-bibtex runs behind our layer (test-basic): what it keeps
and how it finds its plugins."""

import importlib.metadata

import pybtex.plugin
import pytest
import sphinxcontrib.bibtex.plugin
from bs4 import BeautifulSoup
from docutils.nodes import citation
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

from conftest import warnings_of


@pytest.mark.sphinx("html", testroot="basic")
def test_a_citation_tooltip_is_kept_once_with_its_entry(app):
    """sphinxcontrib-bibtex formats a cited entry for the bibliography and
    again for its tooltip; the environment keeps one of the two equal texts,
    and the tooltip still shows it."""
    app.build()
    citations = app.env.get_domain("cite").data["citations"]
    assert citations
    assert all(c.tooltip_entry is c.formatted_entry for c in citations)
    soup = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    title = soup.find("a", href="references.html#id2")["title"]
    assert title.startswith("Alice Smith, Jörg Müller, Carol Brown, Dan Davis, and Eve Evans.")
    assert "Adapting CLIP <to> video & Friends" in title


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_plugins_are_found_without_a_scan_per_look_up(app, monkeypatch):
    """pybtex and sphinxcontrib-bibtex scan every installed package's entry
    points on each plugin look-up (one per citation, for its tooltip); the
    plugins they ask for on every build are registered once instead."""
    scans = []

    def counting(**kwargs):
        scans.append((kwargs.get("group"), kwargs.get("name")))
        return importlib.metadata.entry_points(**kwargs)

    monkeypatch.setattr(pybtex.plugin, "entry_points", counting)
    monkeypatch.setattr(sphinxcontrib.bibtex.plugin, "entry_points", counting)
    app.build()
    assert warnings_of(app) == []
    assert "Alice Smith" in (app.outdir / "index.html").read_text()  # a tooltip
    # left to their look-ups: the styles formatting a bibliography asks for,
    # a few per bibliography and none per citation
    formatting = {"pybtex.style.formatting", "pybtex.style.labels", "pybtex.style.sorting"}
    assert {group for group, _ in scans} <= formatting | {"pybtex.style.names"}, scans
    assert ("pybtex.style.names", "last") not in scans


class MyStyle(AuthorYearReferenceStyle):
    pass


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_a_plugin_registered_by_the_project_is_kept(make_app, app_params, monkeypatch):
    """A conf.py that registers its own ``author_year`` style keeps it."""
    group = "sphinxcontrib.bibtex.style.referencing"
    monkeypatch.setitem(sphinxcontrib.bibtex.plugin._runtime_plugins, group, {})
    sphinxcontrib.bibtex.plugin.register_plugin(group, "author_year", MyStyle, force=True)
    args, kwargs = app_params
    app = make_app(*args, confoverrides={"bibtex_reference_style": "author_year"}, **kwargs)
    app.build()
    assert type(app.env.get_domain("cite").reference_style) is MyStyle


@pytest.mark.sphinx("html", testroot="bibliography")
def test_a_written_bibliography_page_holds_only_the_citations_it_shows(app):
    """A ``bibliography`` directive registers a citation for every entry; once
    the page is resolved the unshown ones leave its id map (what a writer of
    ``-j N`` is sent), while the environment keeps them for later builds."""
    written = {}

    def record(app, doctree, docname):
        in_ids = [node for node in doctree.ids.values() if isinstance(node, citation)]
        written[docname] = (len(in_ids), len(list(doctree.findall(citation))))

    app.connect("doctree-resolved", record, priority=900)
    app.build()
    assert warnings_of(app) == []
    assert written["index"] == (1, 1)  # registered and shown: the cited entry
    (bibliography,) = app.env.get_domain("cite").data["bibliographies"].values()
    assert sorted(bibliography.citation_nodes) == ["jones2024prompting", "lee2022older", "toolkit"]
    html = (app.outdir / "index.html").read_text()
    assert "Bob Jones. Prompting video models" in html
    assert "Kim Lee" not in html
