"""Incremental builds follow the data: a removed entry leaves no silent
dangling link, and a changed ``clipvid_`` value re-reads the pages."""

import pytest

from conftest import warnings_of


@pytest.mark.sphinx("html", testroot="incremental", freshenv=True)
def test_removed_entry_warns_where_it_is_linked(make_app, app_params):
    args, kwargs = app_params
    first = make_app(*args, **kwargs)
    first.build()
    assert warnings_of(first) == []
    bib = first.srcdir / "refs.bib"
    bib.write_text("@misc{kept2020x,\n  title = {Kept},\n  url = {https://example.org/kept},\n"
                   "  section = {misc},\n}\n")  # fmt: skip
    second = make_app(*args, **{**kwargs, "freshenv": False})
    second.build()
    assert [w for w in warnings_of(second) if "gone2020x" in w] == [
        "links.rst:4: WARNING: no card of 'gone2020x' on any page (is it in refs.bib and "
        "shown by a clipvid-cards directive?) [ref.card]"
    ]
    assert "To Be Removed" not in (second.outdir / "index.html").read_text()


@pytest.mark.sphinx("html", testroot="incremental", freshenv=True)
def test_changed_config_value_rereads_pages(make_app, app_params):
    args, kwargs = app_params
    first = make_app(*args, **kwargs)
    first.build()
    assert "Ann One, Bob Two, Cid Three" in (first.outdir / "index.html").read_text()
    second = make_app(
        *args, **{**kwargs, "freshenv": False, "confoverrides": {"clipvid_max_authors": 1}}
    )
    second.build()
    assert "Ann One et al." in (second.outdir / "index.html").read_text()
