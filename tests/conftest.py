import contextlib
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)
collect_ignore = ["roots"]

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def warnings_of(app) -> list[str]:
    """The warning stream as lines, with the temporary source dir shortened."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    text = text.replace(str(app.srcdir) + "/", "")
    return [line for line in text.splitlines() if line.strip()]


REPO = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test run with -nW."""
    from sphinx.cmd.build import build_main

    out = tmp_path_factory.mktemp("site")
    status = build_main(["-nW", "--keep-going", "-q", "-b", "html", str(REPO / "docs"), str(out)])
    assert status == 0
    return out


@contextlib.contextmanager
def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """An HTTP server on loopback for the duration of a test; yields its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def serve_dir(directory: Path) -> Iterator[str]:
    """A built site over HTTP on loopback (the clipboard API and Pagefind need
    a real origin, which localhost is); yields its base URL."""

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(directory), **kwargs)

        def log_message(self, *args):
            pass

    with serve(Handler) as url:
        yield url


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


@pytest.fixture
def browser():
    """Debian's Chromium driven by Playwright (no browser download)."""
    from bibcheck import have

    if not have("chromium"):
        pytest.skip("Debian's chromium not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
