"""Sessions: docs (the site), tests, lint, linkcheck (online), bench."""

import nox

nox.options.sessions = ["lint", "tests", "docs"]
nox.options.reuse_existing_virtualenvs = True

DOCS_OUT = "docs/_build/html"


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site into docs/_build/html; any warning fails the build."""
    session.install("-e", ".[docs]")
    session.run(
        "sphinx-build", "-nW", "--keep-going", "-b", "html", "docs", DOCS_OUT, *session.posargs
    )
    session.log(f"open {DOCS_OUT}/index.html")


@nox.session
def tests(session: nox.Session) -> None:
    """Real Sphinx builds of tests/roots and of docs/, plus the CLI."""
    session.install("-e", ".[test]")
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
    """Time and memory of loading refs.bib and of a full site build."""
    session.install("-e", ".[docs]")
    session.run("python", "benchmarks/bench.py", *session.posargs)
