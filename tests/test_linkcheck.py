"""Sphinx's linkcheck builder against a local server (200, 301, 404, a slow
answer): dead links are reported with the page and the refs.bib entry."""

import time
from http.server import BaseHTTPRequestHandler

import pytest

from conftest import serve, warnings_of


class Handler(BaseHTTPRequestHandler):
    def _answer(self):
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/slow":
            time.sleep(3)
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        try:
            self.end_headers()
        except (BrokenPipeError, ConnectionResetError):
            pass

    do_GET = do_HEAD = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    with serve(Handler) as url:
        yield url


@pytest.mark.sphinx("linkcheck", testroot="linkcheck", freshenv=True)
def test_dead_links_are_traced_to_their_entries(make_app, app_params, server):
    args, kwargs = app_params
    srcdir = kwargs["srcdir"]
    srcdir.mkdir(parents=True, exist_ok=True)
    entries = {"fine": "/ok", "moved": "/moved", "gone": "/gone", "sleepy": "/slow"}
    (srcdir / "refs.bib").write_text(
        "\n".join(
            f"@misc{{{key},\n  title   = {{{key.title()}}},\n  url     = {{{server}{path}}},\n"
            "  section = {misc},\n}\n"
            for key, path in entries.items()
        )
    )
    app = make_app(*args, **kwargs)
    app.build()
    ours = sorted(w for w in warnings_of(app) if "[clipvid.dead_link]" in w)
    assert [w.split(" is ")[0] for w in ours] == [
        f"refs.bib:15: WARNING: gone: url {server}/gone",
        f"refs.bib:21: WARNING: sleepy: url {server}/slow",
    ]
    assert "is broken (404 Client Error" in ours[0]
    assert "is timeout" in ours[1]
    assert all("shown on index.rst:" in w for w in ours)
