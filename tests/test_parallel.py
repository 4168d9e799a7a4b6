"""The extension claims parallel read/write safety: a -j 4 build must give the
same pages, exports and warnings as a serial one."""

import pytest

from conftest import warnings_of


@pytest.mark.sphinx("html", testroot="parallel", parallel=4, freshenv=True)
def test_parallel_build_matches_serial(app, make_app, app_params, tmp_path):
    app.build()
    warnings = warnings_of(app)
    assert [w for w in warnings if "[clipvid." in w] == [
        "page6.rst:8: WARNING: cited key 'nothere2020x' is not in the bibliography "
        "(add it to refs.bib or correct the key) [clipvid.unknown_key]"
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
    assert [w for w in warnings_of(serial) if "[clipvid." in w] == [
        w for w in warnings if "[clipvid." in w
    ]
    domain = app.env.get_domain("clipvid")
    assert domain.card_target("smith2023adapting") == ("page1", "card-smith2023adapting")
    assert sorted(domain.data["cards"]) == [f"page{i}" for i in range(1, 7)]
    for page in (
        "page1.html",
        "page6.html",
        "references.html",
        "bib/refs.bib",
        "bib/entries/smith2023adapting.bib",
    ):
        assert (app.outdir / page).read_text() == (serial.outdir / page).read_text(), page
