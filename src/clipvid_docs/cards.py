"""The ``clipvid-cards`` directive: a grid of paper cards.

A card is a ``card`` node built here rather than emitted as MyST text, so it
does not depend on the page's parser or on the card syntax, and warnings
point at the directive's line. The HTML translator writes it in one go;
other builders get it as plain docutils nodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import quote

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.writers.html5 import HTML5Translator

from .bibdata import Record, is_web_url
from .domain import ClipvidDomain, Query, entry_link, xref
from .export import entry_file, export_files, format_entry, page_files
from .log import warn, warn_unknown_key
from .results import Row, headline
from .schema import (
    BENCHMARK_LABELS,
    PARADIGM_LABELS,
    PARADIGM_SLUGS,
    PROTOCOL_LABELS,
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
    self.body.append(_bibtex_html(self, node.astext(), node["anchor"]))
    raise nodes.SkipNode


def skip_bibtex_entry(self: object, node: bibtex_entry) -> None:
    raise nodes.SkipNode


class export_link(nodes.Inline, nodes.TextElement):
    """A link to an exported file; it becomes a plain reference once the page's
    own address is known (see ``resolve_export_links``)."""


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
    bench = BENCHMARK_LABELS[row.benchmark]
    protocol = PROTOCOL_LABELS[row.protocol].lower()
    text = f"{bench}, {protocol}: top-1 {row.top1}"
    para = nodes.paragraph(classes=["clipvid-headline"])
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


def report_url(repository: str, record: Record) -> str:
    """A link that opens a prefilled issue about ``record`` in the project's repository."""
    title = quote(f"Error in {record.key}")
    body = quote(
        f"Entry: {record.key} ({record.title})\n\nWhat is wrong:\n\nWhere the right value "
        "can be read (a link):\n"
    )
    return f"{repository.rstrip('/')}/issues/new?title={title}&body={body}"


def report_links(repository: str, record: Record) -> list[nodes.Node]:
    """Links that open a prefilled issue in the project's repository."""
    if not repository:
        return []
    suggest = f"{repository.rstrip('/')}/issues/new?title={quote('Suggest a paper: ')}"
    return [
        nodes.reference("", "Report an error", refuri=report_url(repository, record)),
        nodes.Text(" · "),
        nodes.reference("", "Suggest a paper", refuri=suggest),
    ]


@dataclass(frozen=True)
class Face:
    """What a card shows that needs no resolving, read from the record with
    the page; both renderers draw it. Only http(s) links ever get here."""

    title: str
    url: str
    abbr: str
    authors: str
    venue: str
    paradigms: tuple[str, ...]
    annote: str
    links: tuple[tuple[str, str, str], ...]  # (text, url, class)
    report: str  # a prefilled issue, when the site names its repository
    bibtex: str


def face_of(record: Record, max_authors: int, repository: str) -> Face:
    classes = {"eprint": "arxiv", "links": "extra"}
    url = record.get("url")
    return Face(
        title=record.title,
        url=url if is_web_url(url) else "",
        abbr=record.get("abbr"),
        authors=_authors(record, max_authors),
        venue=" ".join(part for part in (record.venue, record.year) if part),
        paradigms=tuple(PARADIGM_LABELS.get(slug, slug) for slug in record.paradigms),
        annote=record.get("annote"),
        links=tuple(
            (text, url, f"clipvid-link-{classes.get(field, field)}")
            for field, text, url in record.links
        ),
        report=report_url(repository, record) if repository else "",
        bibtex=format_entry(record),
    )


class card(nodes.General, nodes.Element):
    """One entry's card. Its children are what Sphinx must resolve (the
    headline's row, the entry page, the .bib file), named in ``slots``; the
    rest is its ``face``. The HTML translator writes a card in one go, so to
    every transform, to the pickler and to the writer a card is a few nodes,
    not thirty; other builders get it as plain nodes (``ExpandCards``)."""


def build_card(
    face: Face,
    anchor: str,
    export_dir: str,
    key: str,
    best: Row | None = None,
    details: nodes.Node | None = None,
) -> card:
    bib = export_link(
        "", ".bib file", target=entry_file(export_dir, key), classes=["clipvid-link-bibtex"]
    )
    node = card("", face=face, anchor=anchor, slots=[])
    for slot, child in (
        ("headline", _headline(best) if best is not None else None),
        ("details", nodes.inline("", "", details) if details is not None else None),
        ("bib", nodes.inline("", "", bib)),
    ):
        if child is not None:
            node["slots"].append(slot)
            node += child
    return node


def _bibtex_html(self: HTML5Translator, text: str, anchor: str) -> str:
    target = f"bibtex-{anchor}"
    return (
        '<div class="clipvid-bibtex">'
        f'<button type="button" class="clipvid-copy" aria-expanded="false" '
        f'aria-controls="{target}">Copy BibTeX</button>'
        '<span class="clipvid-copy-status" role="status" aria-live="polite"></span>'
        f'<pre id="{target}" class="clipvid-bibtex-entry" hidden>{self.encode(text)}</pre></div>'
    )


def _a(self: HTML5Translator, text: str, url: str, classes: str = "") -> str:
    return (
        f'<a class="{classes}{" " if classes else ""}reference external" '
        f'href="{self.attval(url)}">{self.encode(text)}</a>'
    )


def visit_card_html(self: HTML5Translator, node: card) -> None:
    face: Face = node["face"]
    slots = dict(zip(node["slots"], node.children, strict=True))
    out, enc = self.body, self.encode
    title = _a(self, face.title, face.url) if face.url else enc(face.title)
    if face.abbr:
        title += f' <span class="clipvid-badge clipvid-short">{enc(face.abbr)}</span>'
    out.append(
        f'<div class="clipvid-card" id="{self.attval(node["anchor"])}">\n'
        f'<div class="clipvid-card-body">\n<p class="clipvid-title">{title}</p>\n'
    )
    if face.authors:
        out.append(f'<p class="clipvid-authors">{enc(face.authors)}</p>\n')
    meta = [f'<span class="clipvid-venue">{enc(face.venue)}</span>'] if face.venue else []
    badge = '<span class="clipvid-badge clipvid-paradigm">'
    meta += [f"{badge}{enc(label)}</span>" for label in face.paradigms]
    if meta:
        out.append(f'<p class="clipvid-meta">{" ".join(meta)}</p>\n')
    if face.annote:
        out.append(f'<p class="clipvid-annote">{enc(face.annote)}</p>\n')
    if "headline" in slots:
        slots["headline"].walkabout(self)
    out.append('</div>\n<div class="clipvid-card-footer">\n<p class="clipvid-links">')
    items: list[str | nodes.Node] = [_a(self, *link[:2], link[2]) for link in face.links]
    if "details" in slots:
        items.append(slots["details"])
    items.append(
        f'<a class="clipvid-permalink reference internal" href="#{self.attval(node["anchor"])}" '
        'title="Permalink to this entry">#</a>'
    )
    items.append(slots["bib"])
    if face.report:
        items.append(_a(self, "Report an error", face.report))
    for i, item in enumerate(items):
        if i:
            out.append(" · ")
        if isinstance(item, str):
            out.append(item)
        else:  # a link in an inline, as docutils wants it: the link alone is written
            for child in item.children:
                child.walkabout(self)
    out.append(f"</p>\n{_bibtex_html(self, face.bibtex, node['anchor'])}</div>\n</div>\n")
    raise nodes.SkipNode


def card_nodes(node: card) -> nodes.container:
    """A card as plain nodes, its resolved children in place."""
    face: Face = node["face"]
    slots = dict(zip(node["slots"], node.children, strict=True))
    title = nodes.paragraph(classes=["clipvid-title"])
    title += _link(face.title, face.url) if face.url else nodes.Text(face.title)
    if face.abbr:
        title += nodes.Text(f" ({face.abbr})")
    body: list[nodes.Node] = [title]
    if face.authors:
        body.append(nodes.paragraph("", face.authors, classes=["clipvid-authors"]))
    meta = " · ".join(p for p in (face.venue, ", ".join(face.paradigms)) if p)
    if meta:
        body.append(nodes.paragraph("", meta, classes=["clipvid-meta"]))
    if face.annote:
        body.append(nodes.paragraph("", face.annote, classes=["clipvid-annote"]))
    if "headline" in slots:
        body.append(slots["headline"])
    items: list[nodes.Node] = [_link(text, url) for text, url, _ in face.links]
    items += [child for s in ("details", "bib") if s in slots for child in slots[s].children]
    if face.report:
        items.append(_link("Report an error", face.report))
    links = nodes.paragraph(classes=["clipvid-links"])
    for i, item in enumerate(items):
        if i:
            links += nodes.Text(" · ")
        links += item
    return nodes.container("", *body, links, ids=[node["anchor"]], classes=["clipvid-card"])


class ExpandCards(SphinxPostTransform):
    """Builders other than HTML (LaTeX, text, linkcheck ...) get each card
    as plain nodes, once Sphinx has resolved its links (priority 10)."""

    default_priority = 20

    def is_supported(self) -> bool:
        return self.env._builder_cls.format != "html"  # the test Sphinx makes itself

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(card)):
            node.replace_self(card_nodes(node))


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
        grid = nodes.container("", is_div=True, classes=["clipvid-cards"])
        max_authors, repository = self.config.clipvid_max_authors, self.config.clipvid_repository
        for record in selected:
            anchor = self._anchor(record.key)
            domain.add_card(self.env.docname, record.key, anchor)
            grid += build_card(
                face_of(record, max_authors, repository),
                anchor,
                self.config.clipvid_export_dir,
                record.key,
                headline(domain.results_of(record.key)),
                entry_link(self.config, record.key, "Details") if self.config.clipvid_entries
                else None,
            )  # fmt: skip
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
    app.add_node(card, html=(visit_card_html, None))
    app.add_post_transform(ExpandCards)
    app.add_directive("clipvid-cards", CardsDirective)
    app.add_directive("clipvid-recent", RecentDirective)
    app.add_role("clipvid-export", ExportRole())
