"""The Sphinx side of clipvid-docs: configuration, events and directives.

Reads refs.bib and the results file once per change (through the ``clipvid``
domain), warns about every problem with ``type="clipvid"`` at its file and line,
hands the safe records to sphinxcontrib-bibtex, and writes the exports.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
from collections.abc import Callable, Set
from multiprocessing.connection import Connection
from pathlib import Path
from typing import cast

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util.osutil import relative_uri
from sphinx.util.parallel import parallel_available
from sphinx.util.typing import ExtensionMetadata

from . import __version__, _bibtex, export
from .cards import export_link, setup_cards
from .coverage import setup_coverage
from .domain import TABLES, BuildState, ClipvidDomain
from .entries import setup_entries
from .leaderboards import setup_leaderboards
from .links import report_dead_links
from .log import warn
from .tables import setup_tables
from .taxonomy import setup_taxonomy

_STATIC = Path(__file__).parent / "static"


def domain_of(env: BuildEnvironment) -> ClipvidDomain:
    return cast(ClipvidDomain, env.get_domain("clipvid"))


def _anything_changed(app: Sphinx) -> bool:
    return domain_of(app.env).build.anything_changed


def note_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain_of(app.env).build.wrote = True


def drop_unshown_citations(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if _bibtex.has_bibliography(app.env, docname):
        _bibtex.drop_unshown_citations(doctree)


def load_data(app: Sphinx) -> None:
    """Read the bib files and the results file if they changed; report their
    problems on every build, so that ``-W`` fails until they are fixed."""
    domain = domain_of(app.env)
    paths = _bibtex.bib_paths(app)
    changed = domain.update_bibliography(paths, _bibtex.mtimes(paths))
    domain.build = BuildState(changed=changed)
    if changed is not None:
        _bibtex.install(app, paths, domain.records)
    _bibtex.track_use(app, domain.note_cited)
    for name in TABLES:
        value = app.config[f"clipvid_{name}"]
        path = (Path(app.confdir) / value).resolve() if value else None
        domain.update_table(name, path, force=bool(changed))
    for problem in domain.problems:
        warn(problem.message, problem.subtype, problem.location)


def outdated_by_data(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """The pages an edit of the bibliography changes are read again."""
    domain = domain_of(env)
    build = domain.build
    build.places = domain.places_snapshot()
    if not build.changed:
        return []
    return sorted(domain.pages_to_reread(build.changed) - set(removed))


def note_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    build = domain_of(env).build
    build.reading, build.in_read = frozenset(docnames), True


def end_reading(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain_of(env).build.in_read = False
    return []


def freeze(app: Sphinx, *args: object) -> None:
    """Move what exists now out of the cyclic collector's sight (``gc.freeze``):
    at each stage (extensions set up; environment and data loaded; pages read)
    what exists lives to the end of the build. Every full collection would
    walk it again, which made a site with our records and rows pay for them
    over and over; and with ``-j N`` a worker's collection touched, and so
    copied, every page of the parent's memory. Undone when the build ends,
    so a process that builds many sites gets its memory back."""
    gc.freeze()


def unfreeze(app: Sphinx, exception: Exception | None) -> None:
    gc.unfreeze()


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose text follows what other pages hold, written again without
    being read: entry pages ("Shown on") of the entries whose cards or rows
    moved, and pages citing an entry whose text or label changed."""
    domain = domain_of(env)
    build = domain.build
    keys = domain.keys_shown(build.reading, before=build.places)
    pages = {doc for key in keys if (doc := domain.entry_page_of(key))}
    labels = _bibtex.labels(env)
    relabelled = {k for k in labels.keys() | domain.labels.keys()
                  if labels.get(k) != domain.labels.get(k)}  # fmt: skip
    domain.labels = labels
    pages |= _bibtex.citing(env, relabelled | set(build.changed or ()))
    return sorted(pages - build.reading)


def note_links(app: Sphinx, doctree: nodes.document) -> None:
    """The entries a page links to, or that it lists every entry."""
    keys = {
        node["reftarget"]
        for node in doctree.findall(pending_xref)
        if node.get("refdomain") == "clipvid"
    }
    domain = domain_of(app.env)
    domain.note_links(app.env.docname, keys)
    if _bibtex.has_bibliography(app.env, app.env.docname):
        domain.lists_whole_bibliography(app.env.docname)


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


def _exports_job(app: Sphinx) -> Callable[[], None] | None:
    """Writing the exports; ``None`` when the stamp of what they were written
    from (the records' digest, the pages and their cards) says they are current."""
    domain, outdir = domain_of(app.env), Path(app.outdir)
    export_dir = app.config.clipvid_export_dir
    pages, entries = domain.export_pages(), sorted(domain.linked_entries())
    stamp = hashlib.sha256(
        repr((__version__, str(outdir), export_dir, domain.digest, pages, entries)).encode()
    ).hexdigest()
    stamp_file = Path(app.doctreedir) / "clipvid-exports.stamp"
    planned = export.planned_files(export_dir, pages, entries)
    if (
        stamp_file.exists() and stamp_file.read_text() == stamp
        and all((outdir / f).exists() for f in planned)
    ):  # fmt: skip
        return None

    def job() -> None:
        export.write_exports(outdir, export_dir, domain.records.values(), pages, entries)
        stamp_file.write_text(stamp)

    return job


def _run_exports(job: Callable[[], None], send: Connection) -> None:
    try:
        job()
    except Exception as error:  # reported by the main process, which owns the build
        send.send(f"{type(error).__name__}: {error}")
    else:
        send.send("")


def start_exports(app: Sphinx, *args: object) -> None:
    """With ``-j N``, the exports are written by a process of their own from
    the moment what they hold is settled (every page read, the environment
    updated) while Sphinx saves the environment and writes the pages: at
    20,000 entries they take longer than the pages."""
    if app.parallel < 2 or not parallel_available or app.builder.format != "html":
        return
    job = _exports_job(app)
    if job is not None:
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_run_exports, args=(job, send), daemon=True)
        process.start()
        send.close()
        domain_of(app.env).build.exports = (process, receive)


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    """Write the exports, or wait for the process writing them."""
    build = domain_of(app.env).build
    if build.exports is not None:
        (process, receive), build.exports = build.exports, None
        try:
            message = receive.recv()
        except EOFError:
            message = f"the process writing them stopped (exit code {process.exitcode})"
        process.join()
        if message:
            raise ExtensionError(f"writing the exports failed: {message}")
        return
    if exception is None and app.builder.format == "html" and (job := _exports_job(app)):
        job()


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
    _bibtex.find_plugins_once()
    app.setup_extension("sphinxcontrib.bibtex")
    app.connect("config-inited", _bibtex.register_styles)
    _bibtex.format_when_needed(app, _anything_changed)
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
    app.connect("env-before-read-docs", note_reading)
    app.connect("env-updated", end_reading, priority=100)
    app.connect("config-inited", freeze, priority=900)
    app.connect("builder-inited", freeze, priority=900)
    app.connect("env-before-read-docs", freeze, priority=900)
    app.connect("env-updated", freeze, priority=900)  # every page read
    app.connect("build-finished", unfreeze, priority=900)
    app.connect("env-updated", pages_to_rewrite, priority=600)  # after sphinxcontrib-bibtex
    app.connect("doctree-read", note_links)
    app.connect("doctree-resolved", resolve_export_links)
    app.connect("doctree-resolved", note_written)
    app.connect("doctree-resolved", drop_unshown_citations, priority=900)  # last
    app.connect("html-page-context", accessible_citations)
    app.connect("env-updated", start_exports, priority=901)  # last, after freeze
    app.connect("build-finished", write_exports)
    app.connect("build-finished", report_dead_links)
    return {
        "version": __version__,
        "env_version": 5,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
