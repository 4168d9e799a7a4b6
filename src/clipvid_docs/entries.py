"""A page per entry, a method index with filters, and the changelog.

Entry pages are generated at build time (``clipvid_entries``, a folder of the
source directory; one ``<key>.rst`` each, so URLs are stable): each holds a
``clipvid-entry`` directive with everything the map knows of the entry. The
method index (``clipvid-index``) lists every method compactly, in the HTML, with
filters that a script applies and keeps in the URL. ``clipvid-changelog``
lists the additions by date; an Atom feed of them is written with the site.
"""

from __future__ import annotations

import datetime
import html
import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import cast

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from . import generated, tablenodes
from .bibdata import Record
from .cards import bibtex_entry, export_link, report_links
from .changes import Change
from .domain import ClipvidDomain, Query, entry_link, xref
from .export import entry_file, format_entry
from .filters import select, slug
from .log import warn
from .results import Row, boards, headline
from .schema import METHOD_SECTIONS, PARADIGM_LABELS, TASK_LABELS
from .tablenodes import NO_SEARCH, cell

_SAME = 12  # neighbours listed with the same paradigm and setting
_COMPARED = 20  # and methods compared with in the same results


class entry_places(nodes.General, nodes.Element):
    """Where an entry is shown; filled in once every page has been read."""


def _domain(env: BuildEnvironment) -> ClipvidDomain:
    return cast(ClipvidDomain, env.get_domain("clipvid"))


def page_title(record: Record) -> str:
    abbr = record.get("abbr")
    if not abbr or record.title.lower().startswith(abbr.lower()):
        return record.title
    return f"{abbr}: {record.title}"


def _stub(record: Record) -> str:
    title = generated.rst_text(page_title(record))
    return (
        f":orphan:\n\n.. _entry-{record.key.lower()}:\n\n"
        f"{generated.heading(title, '=')}\n.. clipvid-entry:: {record.key}\n"
    )


def write_pages(app: Sphinx) -> None:
    """One source page per entry, before the sources are read."""
    folder = app.config.clipvid_entries
    if not folder:
        return
    domain, target = _domain(app.env), Path(app.srcdir) / folder
    if domain.build.changed is None and generated.has_exactly(target, domain.records.keys()):
        return  # no entry changed since the pages were written, and none is missing
    pages = {f"{r.key.lower()}.rst": _stub(r) for r in domain.records.values()}
    generated.write_pages(target, pages)


def _site_link(text: str, target: str) -> export_link:
    """A link to a path of the built site, made relative to the page later."""
    return export_link("", text, target=target, classes=["clipvid-site-link"])


class EntryDirective(SphinxDirective):
    """Everything the map knows of one entry, on its own page."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        domain = _domain(self.env)
        record = domain.record(self.arguments[0])
        if record is None:
            warn(f"entry '{self.arguments[0]}' is not in the bibliography", "unknown_key",
                 self.get_location())  # fmt: skip
            return []
        domain.add_entry_page(self.env.docname, record.key)
        rows = domain.results_of(record.key)
        domain.use_results(self.env)
        title = html.escape(page_title(record), quote=True)
        out: list[nodes.Node] = [
            nodes.raw(
                "",
                f'<div class="clipvid-entry" data-pagefind-body '
                f'data-pagefind-meta="title:{title}">',
                format="html",
            )
        ]
        abbr = record.get("abbr")
        if abbr:
            out.append(
                nodes.raw(
                    "",
                    f'<p class="clipvid-abbr" data-pagefind-weight="10">{html.escape(abbr)}</p>',
                    format="html",
                )
            )
        if record.authors:
            out.append(nodes.paragraph("", ", ".join(record.authors), classes=["clipvid-authors"]))
        venue = venue_year(record)
        if venue:
            out.append(nodes.paragraph("", venue, classes=["clipvid-venue"]))
        out.append(self._links(record))
        out.append(self._groups(record))
        if record.get("annote"):
            out.append(nodes.paragraph("", record.get("annote"), classes=["clipvid-annote"]))
        out += self._results(domain, record, rows)
        out.append(nodes.rubric("", "Cite"))
        out.append(nodes.raw("", '<div data-pagefind-ignore="all">', format="html"))
        out.append(bibtex_entry("", format_entry(record), anchor=f"entry-{record.key.lower()}"))
        out.append(nodes.raw("", "</div>", format="html"))
        out.append(nodes.rubric("", "Shown on"))
        out.append(entry_places("", key=record.key.lower()))
        out += self._neighbours(domain, record, rows)
        out.append(nodes.raw("", "</div>", format="html"))
        return out

    def _links(self, record: Record) -> nodes.paragraph:
        para = nodes.paragraph(classes=["clipvid-links"])
        links: list[nodes.Node] = [nodes.reference("", label, refuri=url)
                                   for _, label, url in record.links]  # fmt: skip
        doi = record.get("doi")
        if doi:
            links.append(nodes.reference("", "DOI", refuri=f"https://doi.org/{doi}"))
        export_dir = self.config.clipvid_export_dir
        links.append(_site_link(".bib file", entry_file(export_dir, record.key)))
        links.append(nodes.reference("", "Permalink", refuri=f"#entry-{record.key.lower()}"))
        links += report_links(self.config.clipvid_repository, record)
        for i, link in enumerate(links):
            if i and not isinstance(link, nodes.Text) and not isinstance(links[i - 1], nodes.Text):
                para += nodes.Text(" · ")
            para += link
        return para

    def _groups(self, record: Record) -> nodes.paragraph:
        para = nodes.paragraph(classes=["clipvid-groups"])
        index = self.config.clipvid_index
        for label, values, names, param in (
            ("Paradigm", record.paradigms, PARADIGM_LABELS, "paradigm"),
            ("Setting", record.tasks, TASK_LABELS, "setting"),
        ):
            if not values:
                continue
            para += nodes.strong("", f"{label}: ")
            for i, value in enumerate(values):
                if i:
                    para += nodes.Text(", ")
                text = names.get(value, value)
                if index:
                    para += _site_link(text, f"{index}.html?{param}={value}")
                else:
                    para += nodes.Text(text)
            para += nodes.Text(" ")
        return para

    def _results(self, domain: ClipvidDomain, record: Record, rows: list[Row]) -> list[nodes.Node]:
        if not rows:
            return []
        out: list[nodes.Node] = [nodes.rubric("", "Reported results")]
        folder = self.config.clipvid_leaderboards
        for board in boards(rows):
            para = nodes.paragraph(classes=["clipvid-board-title"])
            if folder:
                para += addnodes.pending_xref(
                    "", nodes.inline("", board.title), refdomain="std", reftype="ref",
                    reftarget=f"leaderboard-{board.slug}", refexplicit=True, refwarn=True,
                )  # fmt: skip
            else:
                para += nodes.Text(board.title)
            out.append(para)
            headers = ["Setting", "Variant", "Backbone", "Frames \u00d7 views", "Top-1", "Top-5",
                       "Source"]  # fmt: skip
            table, body = tablenodes.table(headers, classes=["clipvid-entry-results", NO_SEARCH])
            for setting in board.settings:
                for row in board.of_setting(setting):
                    body += nodes.row(
                        "", cell(nodes.Text(row.setting)), cell(nodes.Text(row.variant)),
                        cell(nodes.Text(row.backbone)), cell(nodes.Text(row.configuration)),
                        cell(nodes.strong("", row.top1)), cell(nodes.Text(row.top5)),
                        cell(nodes.reference("", "source", refuri=row.source)),
                    )  # fmt: skip
            out.append(table)
        return out

    def _neighbours(
        self, domain: ClipvidDomain, record: Record, rows: list[Row]
    ) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        paradigms, tasks = frozenset(record.paradigms), frozenset(record.tasks)
        others = (r for r in domain.sharing(paradigms, tasks) if r.key != record.key)
        same = list(itertools.islice(others, _SAME))
        domain.note_query(self.env.docname, Query(
            paradigms=paradigms, tasks=tasks,
            cutoff=same[-1].sort_key() if len(same) == _SAME else None, listed=True,
        ))  # fmt: skip
        pairs = {(x.benchmark, x.protocol) for x in rows}
        compared_keys = {
            r.key.lower() for r in domain.results if (r.benchmark, r.protocol) in pairs
        } - {record.key.lower()}
        compared = sorted(
            (r for k in compared_keys if (r := domain.records.get(k)) is not None),
            key=Record.sort_key, reverse=True,
        )[:_COMPARED]  # fmt: skip
        domain.note_query(self.env.docname, Query(
            keys=frozenset(compared_keys),
            cutoff=compared[-1].sort_key() if len(compared) == _COMPARED else None, listed=True,
        ))  # fmt: skip
        for heading, found in (
            ("Same paradigm and setting", same),
            ("Compared with in the results", compared),
        ):
            if found:
                out.append(nodes.rubric("", heading))
                para = nodes.paragraph(classes=["clipvid-neighbours", NO_SEARCH])
                for i, other in enumerate(found):
                    if i:
                        para += nodes.Text(" · ")
                    name = other.get("abbr") or other.title
                    para += entry_link(self.config, other.key, name)
                out.append(para)
        return out


def venue_year(record: Record) -> str:
    return " ".join(p for p in (record.venue, record.year) if p)


def fill_places(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Where each entry is shown, once every page has been read."""
    domain = _domain(app.env)
    for node in list(doctree.findall(entry_places)):
        docs = domain.pages_showing(node["key"])
        para = nodes.paragraph(classes=["clipvid-places", NO_SEARCH])
        for i, doc in enumerate(docs):
            if i:
                para += nodes.Text(" · ")
            uri = app.builder.get_relative_uri(docname, doc)
            title = app.env.titles.get(doc)
            para += nodes.reference("", title.astext() if title else doc, refuri=uri)
        node.replace_self(para if docs else nodes.paragraph("", "No page lists it yet."))


class IndexDirective(SphinxDirective):
    """Every method in one table, with filters (paradigm, setting, year range,
    venue, has code, has results, text) kept in the URL; the whole list is in
    the HTML, so it reads without JavaScript too."""

    def run(self) -> list[nodes.Node]:
        domain = _domain(self.env)
        methods = sorted(
            (r for r in domain.use_records(self.env).values()
             if set(r.sections) & set(METHOD_SECTIONS)),
            key=Record.sort_key, reverse=True,
        )  # fmt: skip
        domain.use_results(self.env)
        out: list[nodes.Node] = [nodes.raw("", self._form(methods), format="html")]
        headers = ["Method", "Title", "Venue", "Year", "Paradigm", "Setting", "Code", "Result"]
        table_classes = ["clipvid-index", "clipvid-sortable", NO_SEARCH]
        table, body = tablenodes.table(
            headers, f"All {len(methods)} methods", table_classes, ["method-index"]
        )
        for record in methods:
            rows = domain.results_of(record.key)
            best = headline(rows)
            classes = [f"clipvid-p-{p}" for p in record.paradigms or ["none"]]
            classes += [f"clipvid-t-{t}" for t in record.tasks or ["none"]]
            classes += [
                f"clipvid-y-{record.year or 'none'}",
                f"clipvid-v-{slug(record.venue or 'none')}",
                f"clipvid-code-{'yes' if record.get('code') else 'no'}",
                f"clipvid-res-{'yes' if rows else 'no'}",
            ]
            name = record.get("abbr") or record.title
            code = next((u for f, _, u in record.links if f == "code"), "")
            result: list[nodes.Node] = []
            if best is not None:
                text = f"{best.top1} ({best.benchmark}, {best.protocol})"
                result = [xref("results", f"{best.key}@{best.protocol}-{best.benchmark}", text)]
            authors = html.escape(", ".join(record.authors))
            title = cell(
                nodes.Text(record.title),
                nodes.raw("", f'<span class="clipvid-searchable" hidden> {authors}</span>',
                          format="html"),
            )  # fmt: skip
            body += nodes.row(
                "", cell(entry_link(self.config, record.key, name)),
                title, cell(nodes.Text(record.venue)),
                cell(nodes.Text(record.year)),
                cell(nodes.Text(", ".join(PARADIGM_LABELS.get(p, p) for p in record.paradigms))),
                cell(nodes.Text(", ".join(TASK_LABELS.get(t, t) for t in record.tasks))),
                cell(nodes.reference("", "code", refuri=code) if code else nodes.Text("")),
                cell(*result), classes=classes,
            )  # fmt: skip
        out.append(table)
        return out

    def _form(self, methods: Iterable[Record]) -> str:
        methods = list(methods)

        years = sorted({r.year for r in methods if r.year})
        venues = sorted({r.venue for r in methods if r.venue})
        year_options = [(y, y) for y in years]
        parts = [
            '<label>Search <input type="search" name="q" '
            'placeholder="name, title, author"></label>',
            select("paradigm", "Paradigm", [*PARADIGM_LABELS.items(), ("none", "not stated")]),
            select("setting", "Setting", TASK_LABELS.items()),
            select("from", "From", year_options),
            select("to", "To", year_options),
            select("venue", "Venue", [(slug(v), v) for v in venues]),
            '<label><input type="checkbox" name="code" value="yes"> has code</label>',
            '<label><input type="checkbox" name="results" value="yes"> has results</label>',
        ]
        return ('<form class="clipvid-index-filters" aria-label="Filter the methods">'
                + " ".join(parts) + "</form>")  # fmt: skip


class ChangelogDirective(SphinxDirective):
    """Additions (``added`` in refs.bib) and corrections (``clipvid_changes``)
    by date, newest first."""

    def run(self) -> list[nodes.Node]:
        domain = _domain(self.env)
        records = domain.use_records(self.env).values()
        added, corrected = by_date(records, domain.use_changes(self.env))
        out: list[nodes.Node] = []
        if self.config.clipvid_feed:
            para = nodes.paragraph("", "The same additions and corrections as an ")
            para += _site_link("Atom feed", self.config.clipvid_feed)
            para += nodes.Text(" for feed readers.")
            out.append(para)
        for date in sorted(added.keys() | corrected.keys(), reverse=True):
            parts = [f"{len(added.get(date, []))} added"] if date in added else []
            if date in corrected:
                parts.append(f"{len(corrected[date])} corrections")
            out.append(nodes.rubric("", f"{date}: {', '.join(parts)}"))
            items = nodes.bullet_list(classes=["clipvid-changes"])
            for record in sorted(added.get(date, []), key=Record.sort_key, reverse=True):
                para = nodes.paragraph("", "Added ")
                para += entry_link(self.config, record.key, record.get("abbr") or record.title)
                where = venue_year(record)
                para += nodes.Text(f": {record.title}" + (f" ({where})" if where else ""))
                items += nodes.list_item("", para)
            for change in corrected.get(date, []):
                target = domain.record(change.key)
                name = (target.get("abbr") or target.title) if target else change.key
                para = nodes.paragraph("", "Corrected ")
                para += entry_link(self.config, change.key, name)
                para += nodes.Text(f", {change.field}: {change.change} (")
                para += nodes.reference("", "source", refuri=change.source)
                para += nodes.Text(")")
                items += nodes.list_item("", para)
            out.append(items)
        if not added and not corrected:
            warn("no entry has an 'added' date and no change is recorded", "empty",
                 self.get_location())  # fmt: skip
        return out


def by_date(
    records: Iterable[Record], changes: Iterable[Change]
) -> tuple[dict[str, list[Record]], dict[str, list[Change]]]:
    """Additions and corrections, each by date."""
    added: dict[str, list[Record]] = {}
    for record in records:
        if record.get("added"):
            added.setdefault(record.get("added"), []).append(record)
    corrected: dict[str, list[Change]] = {}
    for change in changes:
        corrected.setdefault(change.date, []).append(change)
    return added, corrected


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    """An Atom feed of the additions, next to the changelog page."""
    if exception is not None or app.builder.format != "html" or not app.config.clipvid_feed:
        return
    path = Path(app.outdir) / app.config.clipvid_feed
    if path.exists() and not _domain(app.env).build.wrote:
        return  # a build that writes no page changed nothing the feed is made from
    from feedgen.feed import FeedGenerator  # only where a feed is written

    domain = _domain(app.env)
    base = (app.config.html_baseurl or "").rstrip("/")
    folder = app.config.clipvid_entries
    feed = FeedGenerator()
    feed.id(f"tag:clipvid-docs,2026:{app.config.project}")
    feed.title(f"{app.config.project}: additions")
    feed.link(href=f"{base}/{app.config.clipvid_feed}" if base else app.config.clipvid_feed,
              rel="self")  # fmt: skip
    feed.language("en")
    added, corrected = by_date(domain.records.values(), domain.use_changes(None))
    updated = None

    def add(date: str, ident: str, title: str, key: str, summary: str) -> None:
        nonlocal updated
        when = datetime.datetime.fromisoformat(date).replace(tzinfo=datetime.UTC)
        updated = max(updated or when, when)
        item = feed.add_entry(order="append")
        item.id(f"tag:clipvid-docs,{date}:{ident}")
        item.title(title)
        page = f"{folder}/{key.lower()}.html" if folder else "index.html"
        item.link(href=f"{base}/{page}" if base else page)
        item.updated(when)
        item.summary(summary)

    for date in sorted(added.keys() | corrected.keys()):
        for record in sorted(added.get(date, []), key=lambda r: r.key):
            add(date, record.key, f"Added: {page_title(record)}", record.key,
                record.get("annote") or record.title)  # fmt: skip
        for change in corrected.get(date, []):
            target = domain.record(change.key)
            name = page_title(target) if target else change.key
            add(date, f"{change.key}-{change.line}", f"Corrected: {name}", change.key,
                f"{change.field}: {change.change}")  # fmt: skip
    feed.updated(updated or datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    text = feed.atom_str(pretty=True).decode("utf-8")
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def run_pagefind(app: Sphinx, exception: Exception | None) -> None:
    """Index the built pages for search; only the entry pages are marked for it
    (``data-pagefind-body``), so a search lands on an entry."""
    if exception is not None or app.builder.format != "html" or not app.config.clipvid_pagefind:
        return
    if not _domain(app.env).build.wrote and (Path(app.outdir) / "pagefind").is_dir():
        return  # the index it has is current
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(app.outdir), "--silent"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        warn(
            "the search index was not built (pip install 'pagefind[bin]'): "
            + (result.stderr.strip().splitlines() or ["no output"])[-1],
            "search", None,
        )  # fmt: skip


def setup_entries(app: Sphinx) -> None:
    app.add_config_value("clipvid_entries", "", "env", types=frozenset({str}))
    app.add_config_value("clipvid_index", "", "env", types=frozenset({str}))
    app.add_config_value("clipvid_repository", "", "env", types=frozenset({str}))
    app.add_config_value("clipvid_feed", "", "html", types=frozenset({str}))
    app.add_config_value("clipvid_pagefind", False, "html", types=frozenset({bool}))
    app.add_node(entry_places)
    app.add_directive("clipvid-entry", EntryDirective)
    app.add_directive("clipvid-index", IndexDirective)
    app.add_directive("clipvid-changelog", ChangelogDirective)
    app.connect("builder-inited", write_pages, priority=450)
    app.connect("doctree-resolved", fill_places)
    app.connect("build-finished", write_feed)
    app.connect("build-finished", run_pagefind, priority=900)
