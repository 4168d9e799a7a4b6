"""The extension claims parallel read/write safety: a -j 4 build must give the
same pages, exports and warnings as a serial one."""

import shutil

import pytest
from sphinx.errors import ExtensionError

from conftest import warnings_of


@pytest.mark.sphinx("html", testroot="parallel", parallel=4, freshenv=True)
def test_parallel_build_matches_serial(app, make_app, app_params, tmp_path):
    app.build()
    warnings = warnings_of(app)
    assert [w for w in warnings if "key_not_found" in w] == [
        'page6.rst:8: WARNING: could not find bibtex key "nothere2020x" [bibtex.key_not_found]'
    ]
    serial_args, serial_kwargs = app_params
    serial_kwargs = {
        **serial_kwargs,
        "parallel": 0,
        "srcdir": app.srcdir,
        "builddir": tmp_path / "serial",
    }
    serial = make_app(*serial_args, **serial_kwargs)
    serial.build()
    assert [w for w in warnings_of(serial) if "key_not_found" in w] == [
        w for w in warnings if "key_not_found" in w
    ]
    domain = app.env.get_domain("clipvid")
    assert domain.target("cards", "smith2023adapting") == ("page1", "card-smith2023adapting")
    assert [d for d in sorted(app.env.found_docs) if domain.card_keys(d)] == [
        f"page{i}" for i in range(1, 7)
    ]
    for page in (
        "page1.html",
        "page6.html",
        "references.html",
        "bib/refs.bib",
        "bib/entries/smith2023adapting.bib",
    ):
        assert (app.outdir / page).read_text() == (serial.outdir / page).read_text(), page


@pytest.mark.sphinx("html", testroot="parallel", parallel=2, freshenv=True)
def test_exports_written_alongside_the_pages_report_their_failure(app):
    """With -j N the exports are written by a process of their own; if it
    fails, the build fails with its reason."""
    shutil.rmtree(app.outdir, ignore_errors=True)
    app.outdir.mkdir(parents=True)
    (app.outdir / "bib").write_text("a file where the exports' folder goes")
    with pytest.raises(ExtensionError, match=r"writing the exports failed: \w+Error"):
        app.build()
    assert (app.outdir / "page1.html").is_file()  # the pages were written meanwhile
