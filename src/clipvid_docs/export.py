"""BibTeX export: entries people paste into LaTeX, written from the parsed records.

Decided once (documented on the contributing page): only standard BibTeX
fields are exported; the project's own fields (:data:`.schema.CUSTOM_FIELDS`)
are dropped, so a pasted entry carries nothing a style could print by mistake.
Non-ASCII letters are written as braced LaTeX accents, which both BibTeX and
biber typeset. An entry without author gets a ``key`` (its short name) so that
styles can sort it without a warning.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from pathlib import Path

import latexcodec  # noqa: F401  (registers the "latex" codec)

from .bibdata import Record
from .cards import entry_file, export_files
from .schema import CUSTOM_FIELDS, PARADIGMS

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


def to_ascii_latex(value: str) -> str:
    """Replace each non-ASCII character by its LaTeX form, in braces."""
    if value.isascii():
        return value
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
        if name not in CUSTOM_FIELDS:
            values[name] = value
    if not ({"author", "editor", "key"} & values.keys()):
        # BibTeX styles sort by author; without one they need `key` or warn
        values["key"] = record.get("abbr") or record.get("title")
    order = [f for f in FIELD_ORDER if f in values]
    order += sorted(f for f in values if f not in FIELD_ORDER)
    width = max((len(f) for f in order), default=0)
    lines = [f"@{record.type}{{{record.key},"]
    for name in order:
        lines.append(f"  {name:<{width}} = {{{to_ascii_latex(values[name])}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def format_entries(records: Iterable[Record]) -> str:
    return "\n".join(format_entry(r) for r in records)


def write_exports(outdir: Path, export_dir: str, records: list[Record]) -> list[Path]:
    """Write the whole bibliography, one file per paradigm and one per entry."""
    (outdir / export_dir / "entries").mkdir(parents=True, exist_ok=True)
    whole, *per_paradigm = export_files(export_dir)
    files = {outdir / whole: records}
    for term, name in zip(PARADIGMS, per_paradigm, strict=True):
        files[outdir / name] = [r for r in records if term.slug in r.paradigms]
    for record in records:
        files[outdir / entry_file(export_dir, record.key)] = [record]
    for path, chosen in files.items():
        path.write_text(format_entries(chosen), encoding="utf-8")
    return list(files)
