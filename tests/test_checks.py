"""Bad input gives one located warning each, and nothing unsafe reaches HTML."""

import shutil

import pytest
from sphinx.cmd.build import build_main

from conftest import warnings_of


@pytest.mark.sphinx("html", testroot="bad-bib")
def test_bad_entries_are_reported_with_file_and_line(app):
    app.build()
    assert warnings_of(app) == [
        "refs.bib:1: WARNING: nourl2020entry: no 'url': every entry must link to the "
        "paper or page [clipvid.missing_url]",
        "refs.bib:8: WARNING: hostile2021link: 'url' must be an http(s) address, got "
        "'javascript:alert(1)'; it is left out [clipvid.bad_url]",
        "refs.bib:17: WARNING: badparadigm2022x: unknown paradigm 'lora' (one of: adapter, "
        "prompt, adapter-prompt, full-finetuning) [clipvid.bad_paradigm]",
        "refs.bib:26: WARNING: duplicate key 'dupkey2023x': already defined at "
        "line 20 (a paper in two groups is one entry with two values, "
        "e.g. paradigm = {prompt, full-finetuning}) [clipvid.duplicate_key]",
        "refs.bib:32: WARNING: @misc{unclosed2024x is not closed before the next entry "
        "or the end of the file: check its braces, quotes and commas [clipvid.syntax]",
        "refs.bib:45: WARNING: ampersand2025x: 'title' has unescaped '%' '&', which breaks "
        "LaTeX: write \\& \\% \\# \\_ [clipvid.bad_field]",
    ]


@pytest.mark.sphinx("html", testroot="bad-bib")
def test_bad_entries_lose_nothing_else_and_leak_no_script(app):
    app.build()
    html = (app.outdir / "index.html").read_text()
    assert "javascript:" not in html
    assert "<script>alert" not in html
    assert "Click &lt;script&gt;alert(1)&lt;/script&gt; Me" in html  # shown, as text
    assert 'href="https://github.com/example/ok"' in html  # its valid link stays
    # the entry after the unclosed one is still read and shown
    assert "Read Despite the Broken Entry Above" in html
    assert "First" in html and "Second" not in html


def test_bad_entries_fail_sphinx_build_W(tmp_path, rootdir, capsys):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-bad-bib", src)
    status = build_main(["-W", "--keep-going", "-q", "-b", "html", str(src), str(tmp_path / "out")])
    assert status != 0
    err = capsys.readouterr().err
    assert "refs.bib:32: WARNING: @misc{unclosed2024x is not closed" in err
    assert "Traceback" not in err


@pytest.mark.sphinx("html", testroot="unknown-key")
def test_unknown_keys_in_roles_and_cards(app):
    """One warning per mistake: sphinxcontrib-bibtex reports the unknown keys
    of its roles, we report those of our directives."""
    app.build()
    assert sorted(warnings_of(app)) == [  # sorted as text
        "index.rst:15: WARNING: clipvid-cards needs :paradigm:, :section:, :task: or :keys: "
        "[clipvid.directive]",
        'index.rst:4: WARNING: could not find bibtex key "knwon2024x" [bibtex.key_not_found]',
        'index.rst:6: WARNING: could not find bibtex key "missing2020y" [bibtex.key_not_found]',
        "index.rst:8: WARNING: card key 'absent2019z' is not in the bibliography "
        "(add it to refs.bib or correct the key) [clipvid.unknown_key]",
    ]
