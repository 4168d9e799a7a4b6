"""Incremental builds are exact: after each edit of the data (add, change,
remove an entry; change a results row; change a config value), an incremental
build gives byte-identical pages and exports to a clean build of the same
sources. The edits also move a card and a citation between pages and touch
refs.bib without changing it: what other pages show of them ("Shown on",
citation labels, the exports) must follow. (Removing a page is left out:
Sphinx itself rewrites no other page's navigation then.)"""

import shutil

from sphinx.cmd.build import build_main

from conftest import ROOTS

CONF = """extensions = ["clipvid_docs"]
bibtex_bibfiles = ["refs.bib"]
clipvid_results = "results.csv"
clipvid_leaderboards = "boards"
clipvid_entries = "entries"
clipvid_index = "methods"
clipvid_feed = "changes.atom"
exclude_patterns = ["_build"]
"""
PAGES = {
    "index.rst": "Exact\n=====\n\n.. toctree::\n\n   cards\n   picked\n   methods\n   changes\n"
    "   boards/index\n   references\n",
    "picked.rst": "Picked\n======\n\nAs :cite:t:`jones2024prompting` show.\n\n"
    ".. clipvid-cards::\n   :keys: lee2022older\n",
    "cards.rst": "Cards\n=====\n\n.. clipvid-cards::\n   :section: adaptation, tools\n",
    "methods.rst": "Methods\n=======\n\n.. clipvid-index::\n",
    "changes.rst": "Changes\n=======\n\n.. clipvid-changelog::\n",
    "references.rst": "References\n==========\n\n.. bibliography::\n   :all:\n",
}
NEW = """
@inproceedings{new2025adapting,
  author    = {New, Nora},
  title     = {A New Adapter},
  booktitle = {Conference (CONF)},
  year      = {2025},
  url       = {https://example.org/new},
  section   = {adaptation},
  paradigm  = {adapter},
  task      = {supervised},
  added     = {2026-12-05},
}
"""


def outputs(out):
    """Every page and export a reader gets (Sphinx's own search files aside)."""
    skip = {"search.html", "genindex.html", "searchindex.js", ".buildinfo"}
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and p.name not in skip and not {"_static", ".doctrees"} & set(p.parts)
    }


def build(src, out, *extra):
    status = build_main(["-q", "-b", "html", *extra, str(src), str(out)])
    assert status == 0
    return outputs(out)


def test_incremental_builds_equal_clean_builds(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("refs.bib", "results.csv"):
        shutil.copy(ROOTS / "test-results" / name, src / name)
    (src / "conf.py").write_text(CONF)
    for name, text in PAGES.items():
        (src / name).write_text(text)
    incremental = tmp_path / "incremental"
    build(src, incremental)
    bib, results, picked = src / "refs.bib", src / "results.csv", src / "picked.rst"
    edits = [
        ("add an entry", lambda: bib.write_text(bib.read_text() + NEW)),
        ("change a title", lambda: bib.write_text(
            bib.read_text().replace("A New Adapter", "A Renamed Adapter"))),
        ("change a results row", lambda: results.write_text(
            results.read_text().replace(",86.5,", ",86.7,"))),
        ("touch refs.bib", lambda: bib.touch()),
        ("change a cited entry", lambda: bib.write_text(
            bib.read_text().replace("Prompting Video Models", "Prompting Video Models Again"))),
        ("pick another card", lambda: picked.write_text(
            picked.read_text().replace("lee2022older", "new2025adapting"))),
        ("cite another entry", lambda: picked.write_text(
            picked.read_text().replace("jones2024prompting", "lee2022older"))),
        ("remove an entry", lambda: bib.write_text(bib.read_text().replace(NEW, ""))),
        ("change a config value", lambda: (src / "conf.py").write_text(
            CONF + "clipvid_max_authors = 1\n")),
    ]  # fmt: skip
    for step, (what, edit) in enumerate(edits):
        edit()
        got = build(src, incremental)
        clean = build(src, tmp_path / f"clean-{step}", "-E")
        differ = sorted(
            name for name in got.keys() | clean.keys() if got.get(name) != clean.get(name)
        )
        assert differ == [], (what, differ)
