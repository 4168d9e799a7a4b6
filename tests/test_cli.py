"""``python -m clipvid_docs check`` prints file:line problems and its exit code says so."""

import subprocess
import sys

from conftest import ROOTS


def run_check(*args):
    return subprocess.run(
        [sys.executable, "-m", "clipvid_docs", "check", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_good_file():
    result = run_check(str(ROOTS / "test-basic" / "refs.bib"))
    assert result.returncode == 0
    assert result.stdout == ""
    assert "4 entries, no problems" in result.stderr


def test_check_bad_file_lists_each_problem():
    path = ROOTS / "test-bad-bib" / "refs.bib"
    result = run_check(str(path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{path}:{n}" for n in (1, 8, 17, 26, 32, 45)
    ]
    assert "Traceback" not in result.stderr


def test_check_defaults_to_refs_bib_in_cwd(tmp_path):
    (tmp_path / "refs.bib").write_text("@misc{x,\n  title = {X},\n}\n")
    result = subprocess.run(
        [sys.executable, "-m", "clipvid_docs", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "refs.bib:1: x: no 'url': every entry must link to the paper or page",
        "refs.bib:1: x: no 'section': the entry would appear on no page",
    ]


def test_check_missing_file_is_a_message_not_a_traceback(tmp_path):
    result = run_check(str(tmp_path / "nope.bib"))
    assert result.returncode == 1
    assert "nope.bib:1: cannot read file" in result.stdout
    assert "Traceback" not in result.stderr
