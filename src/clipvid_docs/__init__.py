"""clipvid-docs: the Sphinx extension behind the CLIP-to-video reference site.

It reads refs.bib and the results file once per change (:mod:`.bibdata`,
:mod:`.results`), warns about every bad entry or row and every unknown cited
key with ``type="clipvid"``, renders paper cards (:mod:`.cards`), results tables
and plots (:mod:`.tables`) and exports BibTeX (:mod:`.export`).

Warning subtypes (for ``suppress_warnings = ["clipvid.<subtype>"]``):
``syntax``, ``duplicate_key``, ``bad_key``, ``bad_type``, ``missing_field``,
``missing_url``, ``bad_url``, ``bad_field``, ``bad_section``,
``bad_paradigm``, ``unknown_key``, ``results_row``, ``duplicate_row``,
``directive``, ``empty``, ``dead_link`` (linkcheck builder only).
"""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path
from typing import cast

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri
from sphinx.util.typing import ExtensionMetadata
from sphinxcontrib.bibtex.foot_roles import FootCiteRole

from . import _bibtex, bibdata, export, results
from .cards import (
    CardsDirective,
    ExportRole,
    RecentDirective,
    bibtex_entry,
    export_link,
    skip_bibtex_entry,
    visit_bibtex_entry_html,
)
from .domain import ClipvidDomain
from .links import report_dead_links
from .log import warn, warn_unknown_key
from .tables import PlotDirective, ResultsDirective
from .taxonomy import ParadigmCardsDirective, TaxonomyDirective

__version__ = "0.1.0"

_STATIC = Path(__file__).parent / "static"


def _domain(env: BuildEnvironment) -> ClipvidDomain:
    return cast(ClipvidDomain, env.get_domain("clipvid"))


def load_bibliography(app: Sphinx) -> None:
    """Read and check the bib files if they changed; report their problems on
    every build, so that ``-W`` fails until they are fixed."""
    domain = _domain(app.env)
    paths = _bibtex.bib_paths(app)
    mtimes = _bibtex.mtimes(paths)
    if domain.data["mtimes"] != mtimes:
        bib = bibdata.load(paths, app.config.bibtex_encoding)
        domain.store(bib, bibdata.check(bib), mtimes)
        _bibtex.install(app, paths, bib)
        app.env.temp_data["clipvid_bib_changed"] = True
    load_results(app, changed=bool(app.env.temp_data.get("clipvid_bib_changed")))
    for problem in domain.problems + domain.data["results_problems"]:
        warn(problem.message, problem.subtype, problem.location)


def load_results(app: Sphinx, changed: bool) -> None:
    """Read and check the results file (``clipvid_results``) when it or the
    bibliography changed: its keys must be entries of the bibliography."""
    domain = _domain(app.env)
    if not app.config.clipvid_results:
        domain.data.update(results=[], results_path="", results_problems=[], results_mtime=None)
        return
    path = (Path(app.confdir) / app.config.clipvid_results).resolve()
    mtime = path.stat().st_mtime if path.exists() else None
    if not changed and domain.data["results_mtime"] == mtime and domain.results_path == str(path):
        return
    rows, problems = results.load(path, lambda key: domain.record(key) is not None)
    domain.data.update(
        results=rows, results_path=str(path), results_problems=problems, results_mtime=mtime
    )  # pages that show results depend on the file (see ClipvidDomain.use_results)


def outdated_by_bib(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """Pages showing cards or results, or citing entries, are re-read when the
    bibliography changed, so that their cards, tables and key checks follow it."""
    if not env.temp_data.get("clipvid_bib_changed"):
        return []
    domain = _domain(env)
    docnames = set(domain.data["cards"]) | set(domain.data["result_anchors"])
    docnames |= _bibtex.citing_docnames(env)
    return sorted(docnames - set(removed))


def check_citations(app: Sphinx, doctree: nodes.document) -> None:
    """Every key of every ``cite`` role must be an entry of the bibliography."""
    domain = _domain(app.env)
    for node in doctree.findall(addnodes.pending_xref):
        if node.get("refdomain") == "cite":
            for key in _bibtex.cited_keys(node):
                if domain.record(key) is None:
                    warn_unknown_key(key, node)


class CheckedFootCite(FootCiteRole):
    """``footcite`` that reports unknown keys like ``cite`` does; keys of
    footcite are not stored by sphinxcontrib-bibtex, so they are checked here."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        domain = _domain(self.env)
        for key in (k.strip() for k in self.text.split(",")):
            if key and domain.record(key) is None:
                warn_unknown_key(key, self.get_location())
        return super().run()


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
    domain = _domain(app.env)
    records = sorted(domain.records.values(), key=lambda r: r.key)
    cards = domain.data["cards"]
    pages = {doc: [key for key, _ in cards.get(doc, [])] for doc in app.env.found_docs}
    export.write_exports(Path(app.outdir), app.config.clipvid_export_dir, records, pages)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinxcontrib.bibtex")
    app.setup_extension("sphinx_design")
    app.add_config_value("clipvid_export_dir", "bib", "html", types=frozenset({str}))
    app.add_config_value("clipvid_max_authors", 4, "html", types=frozenset({int}))
    app.add_config_value("clipvid_results", "", "env", types=frozenset({str}))
    app.add_domain(ClipvidDomain)
    skip = (skip_bibtex_entry, None)
    app.add_node(
        bibtex_entry,
        html=(visit_bibtex_entry_html, None),
        latex=skip,
        text=skip,
        man=skip,
        texinfo=skip,
    )
    app.add_directive("clipvid-cards", CardsDirective)
    app.add_role("clipvid-export", ExportRole())
    app.add_directive("clipvid-recent", RecentDirective)
    app.add_directive("clipvid-results", ResultsDirective)
    app.add_directive("clipvid-plot", PlotDirective)
    app.add_directive("clipvid-paradigms", ParadigmCardsDirective)
    app.add_directive("clipvid-taxonomy", TaxonomyDirective)
    app.add_role("footcite", CheckedFootCite(), override=True)
    app.connect("builder-inited", load_bibliography, priority=400)
    app.connect("env-get-outdated", outdated_by_bib)
    app.connect("doctree-read", check_citations)
    app.connect("doctree-resolved", resolve_export_links)
    app.connect("build-finished", write_exports)
    app.connect("build-finished", report_dead_links)
    app.connect("builder-inited", _add_static)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _add_static(app: Sphinx) -> None:
    app.config.html_static_path.append(str(_STATIC))
    app.add_css_file("clipvid.css")
    app.add_js_file("clipvid.js", defer="defer")
