"""The coverage ledger: checked against refs.bib with file and line, the same
by ``check`` and by the build, and rendered apart from the verified entries."""

import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import ROOTS, warnings_of

EXPECTED = [
    "candidates.csv:5: Ghost: added as 'ghost2024x', which is not in the bibliography",
    "candidates.csv:6: Nostatus: status '' must be one of added, out-of-scope, pending",
    "candidates.csv:7: Twin: is the entry 'jones2024prompting' of the bibliography: mark it added",
    "candidates.csv:8: Again: the same candidate as line 3",
    "candidates.csv:9: Local: found_in must hold http(s) addresses separated by ' ; '",
    "candidates.csv:10: Silent: a pending candidate needs its reason",
]


@pytest.mark.sphinx("html", testroot="coverage")
def test_ledger_warnings_and_page(app):
    app.build()
    assert warnings_of(app) == [
        line.replace(": ", ": WARNING: ", 1) + " [clipvid.candidate]" for line in EXPECTED
    ]
    soup = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    counts = soup.select_one("table.clipvid-counts")
    assert [[td.get_text() for td in tr.select("td")] for tr in counts.select("tbody tr")] == [
        ["2024", "1", "0", "0", "1", "0", "0"],
        ["2023", "1", "1", "1", "0", "0", "0"],
        ["All", "2", "1", "1", "1", "0", "0"],
    ]
    pending = soup.select_one("table.clipvid-pending")
    names = [tr.select_one("td").get_text() for tr in pending.select("tbody tr")]
    assert names == ["Local", "Silent", "Twin", "Waiting"]  # reported, and still shown
    first = pending.select("tbody tr")[-1]
    assert [a["href"] for a in first.select("a")] == [
        "https://arxiv.org/abs/2402.00002",
        "https://github.com/list/a/blob/0123456789abcdef0123456789abcdef01234567/README.md",
        "https://example.org/table",
    ]
    assert "venue not found <script>x</script>" == first.select("td")[-1].get_text()
    assert "<script>x" not in (app.outdir / "index.html").read_text()
    out = soup.select_one("table.clipvid-out-of-scope")
    assert [tr.select_one("td").get_text() for tr in out.select("tbody tr")] == ["Far"]
    assert not soup.select(".clipvid-card")  # candidates get no card


def test_check_reports_the_same_lines():
    root = ROOTS / "test-coverage"
    result = subprocess.run(
        [sys.executable, "-m", "clipvid_docs", "check", str(root / "refs.bib"),
         "--candidates", str(root / "candidates.csv")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert [line.replace(str(root) + "/", "") for line in result.stdout.splitlines()] == EXPECTED


def test_changes_are_checked_like_the_other_data_files(tmp_path):
    root = ROOTS / "test-coverage"
    changes = tmp_path / "changes.csv"
    changes.write_text(
        "date,key,field,change,source\n"
        "2026-12-05,smith2023adapting,url,arXiv page → published page,https://example.org/x\n"
        "05/12/2026,smith2023adapting,url,x,https://example.org/x\n"
        "2026-12-05,nobody2020x,url,x,https://example.org/x\n"
        "2026-12-05,smith2023adapting,url,x,see the README\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "clipvid_docs", "check", str(root / "refs.bib"),
         "--changes", str(changes)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert [line.replace(str(tmp_path) + "/", "") for line in result.stdout.splitlines()] == [
        "changes.csv:3: date '05/12/2026' must read YYYY-MM-DD",
        "changes.csv:4: key 'nobody2020x' is not in the bibliography",
        "changes.csv:5: source must be one http(s) address that settles the change",
    ]
