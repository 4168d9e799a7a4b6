"""One click on a card's BibTeX button puts the entry on the clipboard, in
headless Chromium from Debian driven by Playwright; where the browser refuses
the clipboard, the entry is selected and the reader is told to press Ctrl+C."""

import shutil
from http.server import SimpleHTTPRequestHandler

import pytest

from bibcheck import have
from clipvid_docs.export import LATEX_PREAMBLE
from conftest import serve

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not have("chromium"), reason="Debian's chromium not installed")

ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


@pytest.fixture
def served(app):
    """The built test site over HTTP on loopback (the clipboard API needs a
    secure context, which localhost is)."""
    app.build()

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(app.outdir), **kwargs)

        def log_message(self, *args):
            pass

    with serve(Handler) as url:
        yield url, app.outdir


@pytest.fixture
def page():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
        yield context.new_page()
        browser.close()


@pytest.mark.sphinx("html", testroot="basic")
def test_one_click_copies_the_entry(served, page):
    url, outdir = served
    page.goto(f"{url}/index.html")
    card = page.locator("#card-smith2023adapting")
    entry = card.locator("pre.clipvid-bibtex-entry")
    assert not entry.is_visible()
    card.locator("button.clipvid-copy").click()
    status = card.locator(".clipvid-copy-status")
    status.filter(has_text="Copied").wait_for()
    assert entry.is_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    exported = (outdir / "bib" / "entries" / "smith2023adapting.bib").read_text()
    assert LATEX_PREAMBLE + copied == exported
    assert copied.startswith("@inproceedings{smith2023adapting,")


@pytest.mark.sphinx("html", testroot="basic")
def test_refused_clipboard_selects_the_entry_and_says_so(served, page):
    url, outdir = served
    page.add_init_script(
        "navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));"
        "document.execCommand = () => false;"
    )
    page.goto(f"{url}/index.html")
    card = page.locator("#card-jones2024prompting")
    card.locator("button.clipvid-copy").click()
    card.locator(".clipvid-copy-status").filter(has_text="press Ctrl+C").wait_for()
    selected = page.evaluate("window.getSelection().toString()")
    entry = (outdir / "bib" / "entries" / "jones2024prompting.bib").read_text()
    assert LATEX_PREAMBLE + selected.strip() == entry.strip()  # a selection drops the final newline
