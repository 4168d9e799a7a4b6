"""``add`` against a local HTTP server on loopback that answers in the shape of
arXiv's API and Crossref (fixtures in tests/data, written from their
documentation): success, duplicates, 404, a timeout, a malformed body, no
network. No test reaches the internet."""

import json
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from clipvid_docs import bibdata
from conftest import ROOTS, serve

DATA = Path(__file__).parent / "data"

#: path + query -> (status, content type, body file or text, delay in seconds)
ROUTES = {
    "/arxiv?id_list=2501.01234": (200, "application/atom+xml", "arxiv_feed.xml", 0),
    "/arxiv?id_list=9999.99999": (200, "application/atom+xml", "arxiv_error.xml", 0),
    "/arxiv?id_list=2502.00002": (200, "application/atom+xml", "<feed><entry><title>", 0),
    "/arxiv?id_list=2503.00003": (200, "application/atom+xml", "arxiv_feed.xml", 3),
    "/crossref/works/10.5555/fixture.2024.42": (200, "application/json", "crossref_work.json", 0),
}


def crossref(**work):
    """A Crossref reply in the fixture's shape, with fields replaced."""
    message = json.loads((DATA / "crossref_work.json").read_text())["message"]
    return json.dumps({"message": {**message, **work}})


#: Replies of hostile or unexpected shape: DOI suffix -> body.
HOSTILE = {
    "inject": crossref(title=["Fine}, url = {javascript:alert(1)}, note = {x"]),
    "jsdoi": crossref(DOI="javascript:alert(1)"),
    "number": crossref(title=[42]),
    "authors": crossref(author="Tester, Bob, and, Sample"),
    "date": crossref(published={"date-parts": "2024"}, issued={"date-parts": [["x"]]}),
    "specials": crossref(title=[r"50% of $x^2$ & #1 on C_1 {with} \emph{care} ~ ^"]),
}
for name, body in HOSTILE.items():
    if name != "jsdoi":  # each reply names its own DOI
        body = body.replace("10.5555/fixture.2024.42", f"10.5555/{name}")
    ROUTES[f"/crossref/works/10.5555/{name}"] = (200, "application/json", body, 0)
ROUTES["/arxiv?id_list=2504.00004"] = (200, "application/atom+xml", "trickle", 0)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        status, kind, body, delay = ROUTES.get(self.path, (404, "text/plain", "Not found", 0))
        if body == "trickle":  # a body that never ends, one byte at a time
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        time.sleep(delay)
        is_file = len(body) < 100 and (DATA / body).is_file()
        data = (DATA / body).read_bytes() if is_file else body.encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    with serve(Handler) as url:
        yield url


@pytest.fixture
def bib(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text((ROOTS / "test-basic" / "refs.bib").read_text())
    return path


def run_add(server, bib, *args, timeout="1"):
    env = {
        "CLIPVID_ARXIV_API": f"{server}/arxiv",
        "CLIPVID_CROSSREF_API": f"{server}/crossref",
        "CLIPVID_HTTP_TIMEOUT": timeout,
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(
        [sys.executable, "-m", "clipvid_docs", "add", *args, "--bib", str(bib)],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip


def test_add_from_arxiv_writes_a_normalised_entry_in_place(server, bib):
    before = bib.read_text()
    result = run_add(server, bib, "arXiv:2501.01234", "--paradigm", "adapter")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"{bib}: added vandermuller2025adapting"
    assert "not filled" in result.stdout and "booktitle or journal (venue)" in result.stdout
    assert "Accepted to a fictional conference" in result.stdout  # arXiv's comment, relayed
    after = bib.read_text()
    entry = after[after.index("@misc{vandermuller2025adapting,") :].split("\n}\n")[0] + "\n}\n"
    # every other byte of the file is as it was
    assert after.replace(entry + "\n", "", 1) == before
    record = bibdata.load([bib]).get("vandermuller2025adapting")
    assert record.persons["author"] == ("van der Müller, Jörg", "Example, Alice")
    assert record.get("title") == r"The Adapting of Frozen Encoders to Video \& Beyond"
    assert record.get("year") == "2025"
    assert record.get("eprint") == "2501.01234"  # no version suffix
    assert record.get("primaryclass") == "cs.CV"
    assert record.get("url") == "https://arxiv.org/abs/2501.01234"
    assert record.paradigms == ["adapter"] and record.sections == ["adaptation"]
    assert bibdata.check(bibdata.load([bib])) == []
    # at its sorted place: after the adaptation entries that sort before it
    keys = [r.key for r in bibdata.load([bib]).records.values()]
    assert keys.index("vandermuller2025adapting") == keys.index("lee2022older") + 1


def test_add_keeps_the_code_link(server, bib):
    code = "https://github.com/example/frozen-encoders"
    result = run_add(server, bib, "2501.01234", "--paradigm", "adapter", "--code", code)
    assert result.returncode == 0, result.stderr
    assert bibdata.load([bib]).get("vandermuller2025adapting").get("code") == code
    assert "code (official implementation)" not in result.stdout


def test_add_refuses_a_duplicate_and_changes_nothing(server, bib):
    assert run_add(server, bib, "2501.01234", "--paradigm", "prompt").returncode == 0
    before = bib.read_text()
    again = run_add(server, bib, "2501.01234v2", "--paradigm", "prompt")
    assert again.returncode == 1
    line = bibdata.load([bib]).get("vandermuller2025adapting").line
    assert (
        again.stderr
        == f"error: {bib}:{line}: already in the bibliography as 'vandermuller2025adapting'\n"
    )
    assert bib.read_text() == before


def test_add_from_crossref(server, bib):
    result = run_add(server, bib, "doi:10.5555/fixture.2024.42", "--section", "misc")
    assert result.returncode == 0, result.stderr
    record = bibdata.load([bib]).get("tester2024prompting")
    assert record.type == "inproceedings"
    assert record.get("booktitle") == "Proceedings of a Fictional Conference (FICT)"
    assert record.get("pages") == "101--110"
    assert record.get("doi") == "10.5555/fixture.2024.42"
    assert record.persons["author"] == ("Tester, Bob", "Sample, Carol")
    again = run_add(server, bib, "10.5555/FIXTURE.2024.42", "--section", "misc")
    assert "already in the bibliography as 'tester2024prompting'" in again.stderr


@pytest.mark.parametrize(
    ("identifier", "message"),
    [
        ("arXiv:2599.99999", "error: the arXiv API has no record for this identifier (HTTP 404)"),
        ("9999.99999", "error: the arXiv API has no paper 9999.99999"),
        ("2502.00002", "error: the arXiv API sent something that is not an Atom feed"),
        ("2503.00003", "error: the arXiv API did not answer within 1 s"),
        ("10.5555/missing", "error: Crossref has no record for this identifier (HTTP 404)"),
        ("not-an-id", "error: 'not-an-id' is neither an arXiv id"),
    ],
)
def test_add_failures_are_messages_and_leave_the_file_alone(server, bib, identifier, message):
    before = bib.read_text()
    result = run_add(server, bib, identifier, "--section", "misc")
    assert result.returncode != 0
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.stderr
    assert bib.read_text() == before


def test_add_without_network_says_so(bib):
    result = run_add("http://127.0.0.1:9", bib, "2501.01234", "--section", "misc")
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot reach the arXiv API")
    assert "Traceback" not in result.stderr


def test_add_escapes_a_title_that_tries_to_close_its_field(server, bib):
    result = run_add(server, bib, "10.5555/inject", "--section", "misc")
    assert result.returncode == 0, result.stderr
    loaded = bibdata.load([bib])
    record = next(r for r in loaded.records.values() if r.get("doi") == "10.5555/inject")
    assert record.get("url") == "https://doi.org/10.5555/inject"  # no injected url
    assert "note" not in record.fields
    assert bibdata.check(loaded) == []


def test_add_escapes_latex_specials(server, bib):
    result = run_add(server, bib, "10.5555/specials", "--section", "misc")
    assert result.returncode == 0, result.stderr
    loaded = bibdata.load([bib])
    record = next(r for r in loaded.records.values() if r.get("doi") == "10.5555/specials")
    assert record.get("title") == (
        r"50\% of \$x\^{}2\$ \& \#1 on C\_1 \textbraceleft{}with\textbraceright{} "
        r"\textbackslash{}emph\textbraceleft{}care\textbraceright{} \~{} \^{}"
    )
    assert bibdata.check(loaded) == []


@pytest.mark.parametrize(
    ("identifier", "message"),
    [
        ("10.5555/jsdoi", "error: Crossref sent a DOI that is not one"),
        ("10.5555/number", "error: the service sent a title that is not text"),
        ("10.5555/authors", "error: Crossref sent an author list of an unexpected shape"),
        ("2504.00004", "error: the arXiv API did not answer within 1 s"),
        ("10.5555/date", "error: the new entry would not pass the checks"),  # no year guessed
    ],
)
def test_add_refuses_replies_of_unexpected_shape(server, bib, identifier, message):
    before = bib.read_text()
    started = time.monotonic()
    result = run_add(server, bib, identifier, "--section", "misc")
    assert time.monotonic() - started < 8  # a total deadline, not one per read
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.stderr
    assert bib.read_text() == before
