"""Hostile input: nothing unsafe reaches any output, nothing is lost without a
located warning, and nothing raises. The root ``test-hostile`` gathers the cases
a hostile curator tried; the CLI cases run the commands as a curator would."""

import re
import subprocess
import sys

import pytest

from clipvid_docs import bibdata, export, readme
from conftest import ROOTS, warnings_of

#: A live link or resource with a scheme other than http(s) (or a relative one).
UNSAFE_ATTR = re.compile(
    r"""(?:href|src|action)\s*=\s*["']?\s*(?!https?:|#|\.|/|[\w%-]+[./#])""", re.I
)
UNSAFE_SCHEME = re.compile(r"(?i)\b(?:javascript|vbscript|data|file)\s*:")

HOSTILE = ROOTS / "test-hostile" / "refs.bib"


def unsafe_links(html: str) -> list[str]:
    hrefs = re.findall(r"""(?:href|src|action)\s*=\s*["']([^"']*)["']""", html, re.I)
    return [h for h in hrefs if UNSAFE_SCHEME.match(h.strip())]


def test_every_hostile_entry_is_loaded_or_reported():
    bib = bibdata.load([HOSTILE])
    problems = bibdata.check(bib)
    text = HOSTILE.read_text(encoding="utf-8")
    reported = {p.line for p in problems}
    for match in re.finditer(r"(?:@|^)[^\S\n]*(\w+)\{([^,\s]+),", text, re.M):
        line = text.count("\n", 0, match.start()) + 1
        key = match.group(2)
        assert key.lower() in bib.records or line in reported, (key, line)
    # the ones a line-based reader lost: after @comment, two on a line, NBSP, BOM
    for key in ("aftercomment2020x", "oneline2020x", "oneline2020y", "nbsp2020x", "bom2020x"):
        assert key in bib.records


def test_no_unsafe_value_passes_the_boundary():
    bib = bibdata.load([HOSTILE])
    for record in bib.records.values():
        for name in ("url", "code", "homepage"):
            assert not record.get(name) or bibdata.is_web_url(record.get(name)), record.key
        for _, _, url in record.links:
            assert bibdata.is_web_url(url)
        outputs = [export.format_entry(record), str(export.to_csl(record))]
        assert not any(UNSAFE_SCHEME.search(o) for o in outputs), record.key
    assert not UNSAFE_SCHEME.search(readme.render(bib))


@pytest.mark.sphinx("html", testroot="hostile")
def test_hostile_build_warns_and_leaves_nothing_unsafe(app):
    app.build()  # warnings on, but not errors: what --keep-going leaves behind
    warnings = warnings_of(app)
    assert not [w for w in warnings if "Traceback" in w or "Exception" in w]
    lines = {int(m.group(1)) for w in warnings if (m := re.match(r"refs\.bib:(\d+):", w))}
    assert lines == {p.line for p in bibdata.check(bibdata.load([HOSTILE]))}  # same as check
    files = [p for p in app.outdir.rglob("*") if p.suffix in (".html", ".bib", ".json", ".js")]
    files = [p for p in files if "_static" not in p.parts]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert unsafe_links(text) == [], path.name
        if path.suffix != ".html":
            assert not UNSAFE_SCHEME.search(text), path.name
    html = (app.outdir / "index.html").read_text()
    assert "&lt;script&gt;alert(8)&lt;/script&gt;" in html  # a note is text
    assert "<script>alert" not in html
    assert 'id="clipvid-point-dollar2020x-2"' in html  # '$' in names is text, not mathtext


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "clipvid_docs", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty", b""),
        ("comments", b"% only a comment\n@comment{nothing here}\n"),
        ("latin1", b"@misc{x2020y,\n  title = {Caf\xe9},\n  url = {https://e.org},\n}\n"),
        ("huge", b"@misc{x2020y,\n  title = {" + b"a" * 10_000_000 + b"},\n}\n"),
    ],
)
def test_cli_commands_never_raise(tmp_path, name, content):
    (tmp_path / "refs.bib").write_bytes(content)
    for command in (["check"], ["fmt", "--check"], ["readme", "--check"], ["fmt"], ["readme"]):
        result = run(*command, cwd=tmp_path)
        assert "Traceback" not in result.stderr, (command, result.stderr[-2000:])
        assert result.returncode in (0, 1, 2), command
    check = run("check", cwd=tmp_path)
    if name == "latin1":
        assert "refs.bib:2: byte 0xe9 is not UTF-8" in check.stdout + check.stderr
    if name == "huge":
        assert "over the limit of 10,000" in check.stdout
