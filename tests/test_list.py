"""The GitHub view (LIST.md) and the layout of refs.bib follow the commands
that write them, so the list, the file and the site never drift."""

import subprocess
import sys

from clipvid_docs import bibdata, bibfile, readme
from conftest import REPO


def test_committed_list_is_what_the_command_writes():
    wanted = readme.render(bibdata.load([REPO / "refs.bib"]))
    assert (REPO / "LIST.md").read_text() == wanted, "run: python -m clipvid_docs readme"


def test_list_has_every_entry_with_its_links():
    bib = bibdata.load([REPO / "refs.bib"])
    text = (REPO / "LIST.md").read_text()
    for record in bib.records.values():
        assert f"]({readme._url(record.get('url'))})" in text, record.key
        if record.get("code"):
            assert f"[[Code]({readme._url(record.get('code'))})]" in text, record.key


def test_refs_bib_is_in_canonical_order():
    text = (REPO / "refs.bib").read_text()
    assert bibfile.formatted(text) == text, "run: python -m clipvid_docs fmt"


def test_readme_check_flags_a_stale_list(tmp_path):
    stale = tmp_path / "LIST.md"
    stale.write_text("old\n")
    command = [sys.executable, "-m", "clipvid_docs", "readme", "--bib", str(REPO / "refs.bib")]
    result = subprocess.run(
        [*command, "--output", str(stale), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "out of date" in result.stderr
    assert subprocess.run([*command, "--output", str(stale)], check=False).returncode == 0
    assert stale.read_text() == (REPO / "LIST.md").read_text()


def test_fmt_orders_by_section_then_key_and_keeps_the_header(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(
        "% header\n\n"
        "@misc{b, title = {B}, url = {https://b.org}, section = {tools},}\n"
        "@misc{z, title = {Z}, url = {https://z.org}, section = {datasets},}\n"
        "@misc{a, title = {A}, url = {https://a.org}, section = {tools},}\n"
    )
    command = [sys.executable, "-m", "clipvid_docs", "fmt", str(path)]
    assert subprocess.run([*command, "--check"], check=False).returncode == 1
    assert subprocess.run(command, check=False).returncode == 0
    assert [r.key for r in bibdata.load([path]).records.values()] == ["z", "a", "b"]
    assert path.read_text().startswith("% header\n\n@misc{z,")
    assert subprocess.run([*command, "--check"], check=False).returncode == 0
