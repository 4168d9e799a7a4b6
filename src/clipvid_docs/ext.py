"""The Sphinx side of clipvid-docs: configuration, events and directives.

Reads refs.bib and the results file once per change (through the ``clipvid``
domain), warns about every problem with ``type="clipvid"`` at its file and line,
hands the safe records to sphinxcontrib-bibtex, and writes the exports.
"""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path
from typing import cast

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri
from sphinx.util.typing import ExtensionMetadata

from . import __version__, _bibtex, export
from .cards import export_link, setup_cards
from .coverage import setup_coverage
from .domain import TABLES, ClipvidDomain
from .entries import setup_entries
from .leaderboards import setup_leaderboards
from .links import report_dead_links
from .log import warn
from .tables import setup_tables
from .taxonomy import setup_taxonomy

_STATIC = Path(__file__).parent / "static"
_CHANGED = "clipvid_changed_keys"


def domain_of(env: BuildEnvironment) -> ClipvidDomain:
    return cast(ClipvidDomain, env.get_domain("clipvid"))


def load_data(app: Sphinx) -> None:
    """Read the bib files and the results file if they changed; report their
    problems on every build, so that ``-W`` fails until they are fixed."""
    domain = domain_of(app.env)
    paths = _bibtex.bib_paths(app)
    changed = domain.update_bibliography(paths, _bibtex.mtimes(paths))
    if changed is not None:
        _bibtex.install(app, paths, domain.records.values())
        app.env.temp_data[_CHANGED] = changed

    for name in TABLES:
        value = app.config[f"clipvid_{name}"]
        path = (Path(app.confdir) / value).resolve() if value else None
        domain.update_table(name, path, force=changed is not None)
    for problem in domain.problems:
        warn(problem.message, problem.subtype, problem.location)


def outdated_by_data(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """Pages that follow the bibliography are re-read when it changed."""
    keys = env.temp_data.get(_CHANGED)
    if keys is None:
        return []
    pages = domain_of(env).pages_to_reread(keys) | _bibtex.citing_docnames(env)
    return sorted(pages - set(removed))


def note_links(app: Sphinx, doctree: nodes.document) -> None:
    keys = {
        node["reftarget"]
        for node in doctree.findall(pending_xref)
        if node.get("refdomain") == "clipvid"
    }
    domain_of(app.env).note_links(app.env.docname, keys)


def resolve_export_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Turn each link to an exported file into a reference relative to the page."""
    page = app.builder.get_target_uri(docname)
    for node in list(doctree.findall(export_link)):
        node.replace_self(
            nodes.reference(
                "",
                node.astext(),
                refuri=relative_uri(page, node["target"]),
                classes=node["classes"],
            )
        )


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    domain = domain_of(app.env)
    pages = {doc: domain.card_keys(doc) for doc in app.env.found_docs}
    export.write_exports(
        Path(app.outdir), app.config.clipvid_export_dir, domain.records.values(), pages
    )


def accessible_citations(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, object], doctree: object
) -> None:
    """docutils writes the bibliography as ``role="list"`` whose items say
    ``role="doc-biblioentry"``, which assistive technology cannot read as a
    list (axe: aria-required-children); they are list items."""
    body = context.get("body")
    if isinstance(body, str) and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def _add_static(app: Sphinx, config: Config) -> None:
    """At config-inited, so a rebuild sees the same configuration as the last build."""
    if str(_STATIC) not in config.html_static_path:
        config.html_static_path.append(str(_STATIC))
    app.add_css_file("clipvid.css")
    app.add_js_file("clipvid.js", defer="defer")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinxcontrib.bibtex")
    app.setup_extension("sphinx_design")
    app.add_config_value("clipvid_export_dir", "bib", "env", types=frozenset({str}))
    app.add_config_value("clipvid_max_authors", 4, "env", types=frozenset({int}))
    for name in TABLES:  # the data files: clipvid_results, clipvid_candidates, ...
        app.add_config_value(f"clipvid_{name}", "", "env", types=frozenset({str}))
    app.add_domain(ClipvidDomain)
    setup_cards(app)
    setup_tables(app)
    setup_taxonomy(app)
    setup_coverage(app)
    setup_leaderboards(app)
    setup_entries(app)
    app.connect("builder-inited", load_data, priority=400)
    app.connect("config-inited", _add_static)
    app.connect("env-get-outdated", outdated_by_data)
    app.connect("doctree-read", note_links)
    app.connect("doctree-resolved", resolve_export_links)
    app.connect("html-page-context", accessible_citations)
    app.connect("build-finished", write_exports)
    app.connect("build-finished", report_dead_links)
    return {
        "version": __version__,
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
