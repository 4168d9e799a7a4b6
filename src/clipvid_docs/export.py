"""Exports, written from the parsed records: BibTeX that people paste into
LaTeX, and CSL-JSON for Zotero, pandoc and other reference managers.

Decided once (documented on the contributing page): only standard BibTeX
fields are exported; the project's own fields (:data:`.schema.CUSTOM_FIELDS`)
are dropped, so a pasted entry carries nothing a style could print by mistake.
Non-ASCII letters are written as braced LaTeX accents, which both BibTeX and
biber typeset. An entry without author gets a ``key`` (its short name) so that
styles can sort it without a warning.
"""

from __future__ import annotations

import codecs
import functools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pybtex.database import Person

from .bibdata import Record, is_web_url, latex_to_text, split_plain_name
from .schema import CUSTOM_FIELDS, LINK_FIELDS, PARADIGMS

#: Fields first, in the order LaTeX users are used to reading them.
FIELD_ORDER = (
    "author",
    "editor",
    "title",
    "booktitle",
    "journal",
    "volume",
    "number",
    "pages",
    "year",
    "month",
    "publisher",
    "organization",
    "institution",
    "address",
    "series",
    "howpublished",
    "doi",
    "eprint",
    "archiveprefix",
    "primaryclass",
    "url",
)


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in name)


#: Written at the top of every exported .bib file. natbib's styles print
#: ``\url{...}`` and ``\doi{...}``, and define them as plain text when the
#: document loads no url package, where the ``_`` of many URLs and DOIs stops
#: pdflatex. ``\providecommand`` changes nothing where url or hyperref is loaded.
LATEX_PREAMBLE = (
    '@preamble{"\\providecommand{\\url}[1]{\\texttt{\\detokenize{#1}}}'
    '\\providecommand{\\doi}[1]{doi: \\texttt{\\detokenize{#1}}}"}\n\n'
)


def entry_file(export_dir: str, key: str) -> str:
    """Path, relative to the output root, of one entry's exported BibTeX."""
    return f"{export_dir}/entries/{_safe(key)}.bib"


def _stems(export_dir: str) -> list[str]:
    """The bibliography-wide exports without extension: all, then per paradigm."""
    return [f"{export_dir}/refs"] + [f"{export_dir}/paradigm-{t.slug}" for t in PARADIGMS]


def _page_stem(export_dir: str, docname: str) -> str:
    return f"{export_dir}/page-{_safe(docname)}"


def export_files(export_dir: str) -> list[str]:
    """Paths (relative to the output root) of the bibliography-wide exports,
    in every format."""
    return [f"{stem}.{fmt.ext}" for stem in _stems(export_dir) for fmt in FORMATS]


def page_files(export_dir: str, docname: str) -> list[str]:
    """The exports of the entries shown on one page, in every format."""
    stem = _page_stem(export_dir, docname)
    return [f"{stem}.{fmt.ext}" for fmt in FORMATS]


def to_ascii_latex(value: str) -> str:
    """Replace each non-ASCII character by its LaTeX form, in braces."""
    if value.isascii():
        return value
    # registers the codec; imported here, as it builds and keeps a table of
    # thousands of objects that a build without non-ASCII exports never needs
    import latexcodec  # noqa: F401

    out = []
    for char in value:
        if char.isascii():
            out.append(char)
            continue
        latex = str(codecs.encode(char, "ulatex+ascii", "keep"))
        out.append("{" + latex.strip() + "}" if latex.startswith("\\") else latex)
    return "".join(out)


def format_entry(record: Record) -> str:
    """One entry as BibTeX text, standard fields only."""
    values: dict[str, str] = {}
    for role, names in record.persons.items():
        values[role] = " and ".join(names)
    for name, value in record.fields.items():
        if name in LINK_FIELDS and not is_web_url(value.strip()):
            continue  # reported by the checks; never passed on
        if name not in CUSTOM_FIELDS:
            values[name] = value
    if not ({"author", "editor", "key"} & values.keys()):
        # BibTeX styles sort by author; without one they need `key` or warn
        values["key"] = record.get("abbr") or record.get("title")
    order = [f for f in FIELD_ORDER if f in values]
    order += sorted(f for f in values if f not in FIELD_ORDER)
    width = max((len(f) for f in order), default=0)
    lines = [f"@{record.bibtex_type}{{{record.key},"]
    for name in order:
        lines.append(f"  {name:<{width}} = {{{to_ascii_latex(values[name])}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _bibtex_file(entries: list[str]) -> str:
    """A .bib file: the LaTeX preamble, then the entries."""
    return LATEX_PREAMBLE + "\n".join(entries)


_CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "techreport": "report",
}


def _csl_name(name: str) -> dict[str, str]:
    return dict(_csl_name_parts(name))


@functools.lru_cache(maxsize=8192)  # an author of several entries is parsed once
def _csl_name_parts(name: str) -> tuple[tuple[str, str], ...]:
    plain = split_plain_name(name)
    if plain is not None:  # "Last, First": pybtex's Person would find the same parts
        family, given = plain
    else:
        person = Person(name)
        family = " ".join(person.prelast_names + person.last_names)
        given = " ".join(person.first_names + person.middle_names)
    family, given = latex_to_text(family), latex_to_text(given)
    if not given:  # an organisation, or a name in braces
        return (("literal", family),)
    return (("family", family), ("given", given))


def to_csl(record: Record) -> dict[str, object]:
    """One entry as a CSL-JSON item (what Zotero, pandoc and citeproc read)."""
    if record.type in _CSL_TYPES:
        kind = _CSL_TYPES[record.type]
    elif record.arxiv_url:
        kind = "article"  # CSL's type for preprints
    else:
        kind = "webpage"
    item: dict[str, object] = {"id": record.key, "type": kind, "title": record.title}
    for role in ("author", "editor"):
        if record.persons.get(role):
            item[role] = [_csl_name(n) for n in record.persons[role]]
    if record.year.isdigit():
        item["issued"] = {"date-parts": [[int(record.year)]]}
    container = record.get("booktitle") or record.get("journal")
    if container:
        item["container-title"] = latex_to_text(container)
    simple = {"volume": "volume", "number": "issue", "publisher": "publisher"}
    for field, name in simple.items():
        if record.get(field):
            item[name] = latex_to_text(record.get(field))
    if record.get("pages"):
        item["page"] = record.get("pages").replace("--", "-")
    if record.get("doi"):
        item["DOI"] = record.get("doi")
    if is_web_url(record.get("url")):
        item["URL"] = record.get("url")
    if record.arxiv_url:
        item["archive"] = "arXiv"
        item["archive_location"] = record.get("eprint")
    return item


def _csl_item(record: Record) -> str:
    return json.dumps(to_csl(record), ensure_ascii=False)


def _csl_file(items: list[str]) -> str:
    """A JSON array with an item per line: diffs stay per entry, and the
    encoder stays the fast one (an indented dump is several times slower)."""
    return "[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n"


@dataclass(frozen=True)
class Format:
    """An export format: adding one here adds its files everywhere (the
    bibliography-wide and per-page exports, the Cite page's links). An entry
    is rendered once (``item``), however many files hold it (``join``)."""

    ext: str
    label: str
    item: Callable[[Record], str]
    join: Callable[[list[str]], str]

    def render(self, records: Iterable[Record]) -> str:
        return self.join([self.item(r) for r in records])


FORMATS: tuple[Format, ...] = (
    Format("bib", "BibTeX", format_entry, _bibtex_file),
    Format("json", "CSL-JSON", _csl_item, _csl_file),
)


def _write(path: Path, text: str) -> None:
    """Write only what changed, so a rebuild leaves unchanged exports alone."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def of_paradigm(records: Iterable[Record], slug: str) -> list[Record]:
    """The entries of a paradigm: one definition for its export file and for
    the count the landing page shows next to it."""
    return [r for r in records if slug in r.paradigms]


def planned_files(export_dir: str, pages: Iterable[str], entries: Iterable[str]) -> list[str]:
    """Every file :func:`write_exports` writes for these pages and entry keys."""
    out = export_files(export_dir)
    out += [f for docname in pages for f in page_files(export_dir, docname)]
    return out + [entry_file(export_dir, key) for key in entries]


def write_exports(
    outdir: Path,
    export_dir: str,
    records: Iterable[Record],
    pages: dict[str, list[str]],
    entries: Iterable[str],
) -> None:
    """Write the whole bibliography, one file per paradigm and one per page
    (``pages``: docname to the keys of its cards), in every format, and a
    BibTeX file for each entry of ``entries`` (those a card or an entry page
    links to). An entry is formatted once, however many files hold it; a file
    whose text did not change is not rewritten."""
    records = sorted(records, key=lambda r: r.key)
    whole, *per_paradigm = _stems(export_dir)
    groups = {whole: records}
    for term, stem in zip(PARADIGMS, per_paradigm, strict=True):
        groups[stem] = of_paradigm(records, term.slug)
    by_key = {r.key.lower(): r for r in records}
    for docname, keys in pages.items():
        unique = {k.lower() for k in keys} & by_key.keys()
        groups[_page_stem(export_dir, docname)] = sorted(
            (by_key[k] for k in unique), key=lambda r: r.key
        )
    rendered = {fmt.ext: {r.key: fmt.item(r) for r in records} for fmt in FORMATS}
    for stem, group in groups.items():
        for fmt in FORMATS:
            items = rendered[fmt.ext]
            _write(outdir / f"{stem}.{fmt.ext}", fmt.join([items[r.key] for r in group]))
    for key in sorted({k.lower() for k in entries} & by_key.keys()):
        record = by_key[key]
        _write(
            outdir / entry_file(export_dir, record.key), _bibtex_file([rendered["bib"][record.key]])
        )
