"""The ``clipvid-cards`` directive: paper cards built as sphinx-design nodes.

Cards are docutils containers with sphinx-design's ``sd-*`` classes, built
here rather than emitted as MyST text, so they do not depend on the page's
parser or on the card syntax, and warnings point at the directive's line.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import quote

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.writers.html5 import HTML5Translator

from .bibdata import Record, is_web_url
from .deferred import compact
from .domain import ClipvidDomain, Query, entry_link, xref
from .export import entry_file, export_files, format_entry, page_files
from .log import warn, warn_unknown_key
from .results import Row, headline
from .schema import (
    BENCHMARKS,
    PARADIGM_SLUGS,
    PARADIGMS,
    PROTOCOLS,
    SECTION_SLUGS,
    TASK_SLUGS,
    split_list,
)


class bibtex_entry(nodes.General, nodes.FixedTextElement):
    """A card's BibTeX: a button that shows it and copies it to the clipboard
    (see static/clipvid.js). Only HTML renders it. Left out of the search
    index (``no-search``): it repeats the card, and stemming it costs."""

    def __init__(self, rawsource: str = "", text: str = "", **attributes: Any) -> None:
        super().__init__(rawsource, text, **attributes)
        self["classes"].append("no-search")


def visit_bibtex_entry_html(self: HTML5Translator, node: bibtex_entry) -> None:
    target = f"bibtex-{node['anchor']}"
    self.body.append(
        '<div class="clipvid-bibtex">'
        f'<button type="button" class="clipvid-copy" aria-expanded="false" '
        f'aria-controls="{target}">Copy BibTeX</button>'
        '<span class="clipvid-copy-status" role="status" aria-live="polite"></span>'
        f'<pre id="{target}" class="clipvid-bibtex-entry" hidden>'
        f"{self.encode(node.astext())}</pre></div>"
    )
    raise nodes.SkipNode


def skip_bibtex_entry(self: object, node: bibtex_entry) -> None:
    raise nodes.SkipNode


class export_link(nodes.Inline, nodes.TextElement):
    """A link to an exported file; it becomes a plain reference once the page's
    own address is known (see ``resolve_export_links``)."""


def _div(classes: list[str], *children: nodes.Node, **attrs: object) -> nodes.container:
    node = nodes.container("", *children, is_div=True, classes=classes, **attrs)
    return node


def _link(text: str, url: str, classes: list[str] | None = None) -> nodes.reference:
    return nodes.reference("", text, refuri=url, classes=classes or [])


def _authors(record: Record, limit: int) -> str:
    names = record.authors
    if len(names) > limit:
        return ", ".join(names[:limit]) + " et al."
    return ", ".join(names)


def _headline(row: Row) -> nodes.paragraph:
    """The card's headline result, linking to the method's rows."""
    config = ", ".join(
        p for p in (row.backbone, f"{row.frames} frames" if row.frames else "", row.setting) if p
    )
    bench = {t.slug: t.label for t in BENCHMARKS}[row.benchmark]
    protocol = {t.slug: t.label for t in PROTOCOLS}[row.protocol].lower()
    text = f"{bench}, {protocol}: top-1 {row.top1}"
    para = nodes.paragraph(classes=["sd-card-text", "clipvid-headline"])
    para += nodes.strong("", "Reported: ")
    para += xref("results", f"{row.key}@{row.protocol}-{row.benchmark}", text)
    if config:
        para += nodes.Text(f" ({config})")
    return para


class ExportRole(SphinxRole):
    """``{clipvid-export}`refs.bib``` links to a generated export file;
    ``Text <paradigm-adapter.bib>`` sets the link text."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        text, name = self.text, self.text
        if self.text.endswith(">") and "<" in self.text:
            text, _, name = self.text[:-1].partition("<")
            text = text.strip()
        export_dir, name = self.config.clipvid_export_dir, name.strip()
        known = export_files(export_dir)
        target = f"{export_dir}/{name}"
        this_page = {  # page.bib, page.json, ...: this page's entries
            "page." + path.rpartition(".")[2]: path
            for path in page_files(export_dir, self.env.docname)
        }
        if name in this_page:
            target = this_page[name]
            known = [target]
            cast(ClipvidDomain, self.env.get_domain("clipvid")).want_page_export(self.env.docname)
        if target not in known:
            names = ", ".join([*(k.rpartition("/")[2] for k in known), *this_page])
            warn(
                f"unknown export {name!r} (one of: {names})",
                "directive",
                self.get_location(),
            )
            return [nodes.inline("", text)], []
        return [export_link("", text, target=target, classes=["clipvid-export"])], []


def report_links(repository: str, record: Record) -> list[nodes.Node]:
    """Links that open a prefilled issue in the project's repository."""
    if not repository:
        return []
    base = repository.rstrip("/") + "/issues/new"
    title = quote(f"Error in {record.key}")
    body = quote(
        f"Entry: {record.key} ({record.title})\n\nWhat is wrong:\n\nWhere the right value "
        "can be read (a link):\n"
    )
    return [
        nodes.reference("", "Report an error", refuri=f"{base}?title={title}&body={body}"),
        nodes.Text(" · "),
        nodes.reference("", "Suggest a paper", refuri=f"{base}?title={quote('Suggest a paper: ')}"),
    ]


def build_card(
    record: Record,
    anchor: str,
    max_authors: int,
    export_dir: str,
    best: Row | None = None,
    details: nodes.Node | None = None,
    repository: str = "",
) -> nodes.container:
    """One card; only http(s) links ever reach a ``refuri``. What needs no
    resolving is kept out of the tree (:mod:`.deferred`), so a card costs
    transforms little more than a paragraph."""
    title = nodes.paragraph(classes=["sd-card-title", "sd-font-weight-bold", "clipvid-title"])
    url = record.get("url")
    if is_web_url(url):
        title += _link(record.title, url)
    else:
        title += nodes.Text(record.title)
    abbr = record.get("abbr")
    if abbr:
        title += nodes.Text(" ")
        title += nodes.inline(
            "", abbr, classes=["sd-badge", "sd-bg-secondary", "sd-bg-text-secondary"]
        )
    parts: list[nodes.Node] = [title]
    authors = _authors(record, max_authors)
    if authors:
        parts.append(nodes.paragraph("", authors, classes=["sd-card-text", "clipvid-authors"]))
    meta = nodes.paragraph(classes=["sd-card-text", "clipvid-meta"])
    venue = " ".join(part for part in (record.venue, record.year) if part)
    if venue:
        meta += nodes.inline("", venue, classes=["clipvid-venue"])
    labels = {t.slug: t.label for t in PARADIGMS}
    for slug in record.paradigms:
        meta += nodes.Text(" ")
        meta += nodes.inline(
            "",
            labels.get(slug, slug),
            classes=["sd-badge", "sd-outline-primary", "sd-text-primary", "clipvid-paradigm"],
        )
    if len(meta):
        parts.append(meta)
    annote = record.get("annote")
    if annote:
        parts.append(nodes.paragraph("", annote, classes=["sd-card-text", "clipvid-annote"]))
    if best is not None:
        parts.append(_headline(best))
    body = _div(["sd-card-body"])
    compact(parts, body)

    classes = {"eprint": "arxiv", "links": "extra"}
    links: list[nodes.Node] = [
        _link(label, url, [f"clipvid-link-{classes.get(field, field)}"])
        for field, label, url in record.links
    ]
    if details is not None:
        links.append(details)
    links.append(nodes.reference("", "#", refid=anchor, classes=["clipvid-permalink"],
                                 reftitle="Permalink to this entry"))  # fmt: skip
    links.append(
        export_link(
            "",
            ".bib file",
            target=entry_file(export_dir, record.key),
            classes=["clipvid-link-bibtex"],
        )
    )
    items: list[nodes.Node] = []
    for i, link in enumerate(links):
        if i:
            items.append(nodes.Text(" · "))
        items.append(link)
    if repository:
        items.append(nodes.Text(" · "))
        items.append(report_links(repository, record)[0])
    footer = nodes.paragraph(classes=["sd-card-text", "clipvid-links"])
    compact(items, footer)
    bottom = _div(["sd-card-footer"])
    compact([footer, bibtex_entry("", format_entry(record), anchor=anchor)], bottom)
    return _div(
        ["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm", "clipvid-card"],
        body,
        bottom,
        ids=[anchor],
    )


def _set(values: list[str] | None) -> frozenset[str] | None:
    return frozenset(values) if values is not None else None


def _list_option(allowed: tuple[str, ...]):  # type: ignore[no-untyped-def]
    def convert(argument: str | None) -> list[str]:
        values = split_list(argument or "")
        if not values:
            raise ValueError("expects at least one value")
        bad = [v for v in values if v not in allowed]
        if bad:
            raise ValueError(f"unknown {', '.join(bad)} (one of: {', '.join(allowed)})")
        return values

    return convert


def _keys_option(argument: str | None) -> list[str]:
    values = split_list(argument or "")
    if not values:
        raise ValueError("expects at least one key")
    return values


class CardsDirective(SphinxDirective):
    """Render the cards of the entries selected by paradigm, section or key,
    newest first."""

    has_content = False
    option_spec = {  # noqa: RUF012 (docutils API)
        "paradigm": _list_option(PARADIGM_SLUGS),
        "section": _list_option(SECTION_SLUGS),
        "task": _list_option(TASK_SLUGS),
        "keys": _keys_option,
        "no-paradigm": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        domain = cast(ClipvidDomain, self.env.get_domain("clipvid"))
        if not self.options.keys() & {"paradigm", "section", "task", "keys"}:
            warn(
                "clipvid-cards needs :paradigm:, :section:, :task: or :keys:",
                "directive",
                self.get_location(),
            )
            return []
        query = Query(
            paradigms=_set(self.options.get("paradigm")),
            sections=_set(self.options.get("section")), tasks=_set(self.options.get("task")),
            no_paradigm="no-paradigm" in self.options,
        )  # fmt: skip
        selected: list[Record] = []
        for key in self.options.get("keys", []):
            record = domain.record(key)
            if record is None:
                warn_unknown_key(key, self.get_location(), what="card key")
            else:
                selected.append(record)
        if "keys" not in self.options:
            selected = list(domain.records.values())
            domain.note_query(self.env.docname, query)
        selected = [r for r in selected if query.matches(r)]
        if not selected:
            warn("no entry matches this selection", "empty", self.get_location())
            return []
        selected.sort(key=Record.sort_key, reverse=True)
        domain.use_results(self.env)  # cards show headline results
        grid = _div(["sd-container-fluid", "sd-sphinx-override", "sd-mb-4", "clipvid-cards"])
        row = _div(["sd-row", "sd-row-cols-1", "sd-row-cols-lg-2", "sd-g-3"])
        grid += row
        for record in selected:
            anchor = self._anchor(record.key)
            domain.add_card(self.env.docname, record.key, anchor)
            col = _div(["sd-col", "sd-d-flex-column"])
            col += build_card(
                record,
                anchor,
                self.config.clipvid_max_authors,
                self.config.clipvid_export_dir,
                headline(domain.results_of(record.key)),
                entry_link(self.config, record.key, "Details") if self.config.clipvid_entries
                else None,
                self.config.clipvid_repository,
            )  # fmt: skip
            row += col
        return [grid]

    def _anchor(self, key: str) -> str:
        base = nodes.make_id(f"card-{key}")
        anchor, n = base, 1
        while anchor in self.state.document.ids:
            n += 1
            anchor = f"{base}-{n}"
        self.state.document.ids[anchor] = self.state.document  # reserve
        return anchor


class RecentDirective(SphinxDirective):
    """ "Recently added": entries with an ``added`` date, newest first, each
    linking to its card."""

    option_spec = {"limit": directives.positive_int}  # noqa: RUF012 (docutils API)

    def run(self) -> list[nodes.Node]:
        domain = cast(ClipvidDomain, self.env.get_domain("clipvid"))
        recent = sorted(
            (r for r in domain.use_records(self.env).values() if r.get("added")),
            key=lambda r: (r.get("added"), r.sort_key()),
            reverse=True,
        )[: self.options.get("limit")]
        if not recent:
            warn("no entry has an 'added' date", "empty", self.get_location())
            return []
        items = nodes.bullet_list(classes=["clipvid-recent"])
        for record in recent:
            name = record.get("abbr") or record.title
            ref = xref("card", record.key, name)
            where = " ".join(p for p in (record.venue, record.year) if p)
            para = nodes.paragraph("", "")
            para += nodes.inline("", record.get("added"), classes=["clipvid-added"])
            para += nodes.Text(" · ")
            para += ref
            para += nodes.Text(f" ({where})" if where else "")
            items += nodes.list_item("", para)
        return [items]


def setup_cards(app: Sphinx) -> None:
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
    app.add_directive("clipvid-recent", RecentDirective)
    app.add_role("clipvid-export", ExportRole())
