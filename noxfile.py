"""Sessions: docs (the site), tests, lint, linkcheck (online), bench."""

import hashlib
from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests", "docs"]
nox.options.reuse_existing_virtualenvs = True

DOCS_OUT = "docs/_build/html"


def install_once(session: nox.Session, *args: str) -> None:
    """Install into a reused environment only when the requirements changed: an
    editable install follows the source by itself, so a rebuild of the site does
    not pay for pip every time."""
    digest = hashlib.sha256(Path("pyproject.toml").read_bytes() + repr(args).encode())
    marker = Path(session.virtualenv.location) / f".installed-{digest.hexdigest()[:16]}"
    if marker.exists():
        return
    session.install(*args)
    marker.touch()


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site into docs/_build/html; any warning fails the build."""
    install_once(session, "-e", ".[docs]")
    session.run(
        "sphinx-build", "-nW", "--keep-going", "-b", "html", "docs", DOCS_OUT, *session.posargs
    )
    session.log(f"open {DOCS_OUT}/index.html")


@nox.session
def tests(session: nox.Session) -> None:
    """Real Sphinx builds of tests/roots and of docs/, plus the CLI."""
    install_once(session, "-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("-e", ".", "ruff", "mypy", "types-docutils")
    session.run("ruff", "check", "src", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "noxfile.py")
    session.run("mypy")


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Check every external link of the site (needs the internet)."""
    session.install("-e", ".[docs]")
    session.run("sphinx-build", "-b", "linkcheck", "docs", "docs/_build/linkcheck")


@nox.session
def bench(session: nox.Session) -> None:
    """Our extension against sphinxcontrib-bibtex alone, side by side (ratios)."""
    session.install("-e", ".[docs]")
    session.run("python", "benchmarks/bench.py", *session.posargs)
