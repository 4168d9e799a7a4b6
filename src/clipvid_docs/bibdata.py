"""Load refs.bib, keep plain values with their line numbers, and check them.

pybtex alone is not enough: it reports no line for an entry, stops at the first
unbalanced brace (silently swallowing every entry after it) and raises on
duplicate keys. So the file is cut at each line that starts with ``@``, every
piece is parsed on its own, and each problem is reported as ``file:line``.
Records hold strings only (no pybtex objects) so the pickled environment stays
small (sphinxcontrib-bibtex #102).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pybtex.errors
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.database import BibliographyData, Person
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError
from pybtex.richtext import Text

from .schema import (
    CUSTOM_FIELDS,
    ENTRY_TYPES,
    LINK_FIELDS,
    PARADIGM_SLUGS,
    REQUIRED_FIELDS,
    SECTION_SLUGS,
    VERBATIM_FIELDS,
    split_list,
)

_ENTRY_START = re.compile(r"^[ \t]*@", re.MULTILINE)
_HEADER = re.compile(r"@\s*(\w+)\s*[{(]\s*([^\s,{}()]*)\s*,?")
_KEY_CONVENTION = re.compile(r"[a-z0-9]+\Z")
_YEAR = re.compile(r"\d{4}\Z")
#: Characters LaTeX reads as commands unless escaped with a backslash.
LATEX_SPECIAL = re.compile(r"(?<!\\)[&%#_]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_LINK_ITEM = re.compile(r"(?P<label>[^<>]+?)\s*<(?P<url>[^<>\s]+)>\Z")
_NON_ENTRIES = {"comment", "string", "preamble"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a bib file, located for the curator who must fix it."""

    path: str
    line: int
    subtype: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Record:
    """An entry of refs.bib as plain strings, with where each field stands."""

    key: str
    type: str
    fields: dict[str, str]
    persons: dict[str, tuple[str, ...]]
    path: str
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, self.line)

    def get(self, name: str) -> str:
        return self.fields.get(name, "").strip()

    @property
    def is_paper(self) -> bool:
        """A publication (as opposed to a tool or a web page): a @misc counts
        only with an arXiv id, or with authors outside the tools section (a
        repository's copyright holder does not make it a paper)."""
        if self.type != "misc" or self.get("eprint"):
            return True
        return bool(self.persons.get("author")) and "tools" not in self.sections

    @property
    def paradigms(self) -> list[str]:
        return split_list(self.get("paradigm"))

    @property
    def sections(self) -> list[str]:
        return split_list(self.get("section"))

    @property
    def title(self) -> str:
        return latex_to_text(self.get("title"))

    @property
    def authors(self) -> list[str]:
        """Author names in reading order ("Ziyi Lin"), LaTeX removed."""
        return [_display_name(name) for name in self.persons.get("author", ())]

    @property
    def year(self) -> str:
        return self.get("year")

    @property
    def venue(self) -> str:
        """Short venue: the acronym in parentheses if the venue has one."""
        venue = latex_to_text(self.get("booktitle") or self.get("journal"))
        match = re.search(r"\(([^()]+)\)\s*$", venue)
        if match:
            return match.group(1)
        if venue:
            return venue
        return "arXiv" if self.arxiv_url else ""

    @property
    def arxiv_url(self) -> str:
        if self.get("archiveprefix").lower() == "arxiv" and self.get("eprint"):
            return f"https://arxiv.org/abs/{self.get('eprint')}"
        return ""

    @property
    def extra_links(self) -> list[tuple[str, str]]:
        """The ``links`` field as (label, url) pairs; malformed items are left
        out here and reported by :func:`check`."""
        return [pair for _, pair in _links(self.get("links")) if pair]

    @property
    def links(self) -> list[tuple[str, str, str]]:
        """Every http(s) address the entry puts on the site, in display order,
        as (field, label, url); ``field`` is ``url``, ``eprint`` (the arXiv
        page), ``code``, ``homepage`` or ``links``."""
        out = []
        if is_web_url(self.get("url")):
            out.append(("url", "Paper" if self.is_paper else "Website", self.get("url")))
        if self.arxiv_url and self.arxiv_url != self.get("url"):
            out.append(("eprint", "arXiv", self.arxiv_url))
        for name, label in (("code", "Code"), ("homepage", "Home page")):
            if is_web_url(self.get(name)):
                out.append((name, label, self.get(name)))
        out += [("links", label, url) for label, url in self.extra_links]
        return out

    def sort_key(self) -> tuple[str, str, str]:
        """Newest first when sorted in reverse: year, then arXiv id, then key."""
        return (self.year, self.get("eprint"), self.key)


@dataclass
class Bibliography:
    """Everything read from the bib files, in file order."""

    records: dict[str, Record] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    data: BibliographyData = field(default_factory=BibliographyData)

    def get(self, key: str) -> Record | None:
        return self.records.get(key.lower())


_PLAIN = PlainTextBackend()  # render_as("text") looks the plugin up on every call


@functools.lru_cache(maxsize=4096)
def latex_to_text(value: str) -> str:
    """Plain text of a BibTeX value: braces, accents and font commands resolved."""
    if not value:
        return ""
    protected = value.replace("\\{", "\x00").replace("\\}", "\x01")
    try:
        text = Text.from_latex(protected).render(_PLAIN)
    except (PybtexError, ValueError, IndexError):
        text = protected.replace("{", "").replace("}", "")
    text = re.sub(r"\\[A-Za-z]+\s?", "", text)  # \textit, \emph, \url ...
    text = text.replace("\x00", "{").replace("\x01", "}")
    return " ".join(text.split())


def _display_name(name: str) -> str:
    person = Person(name)
    parts = person.first_names + person.middle_names + person.prelast_names
    parts += person.last_names + person.lineage_names
    return latex_to_text(" ".join(parts))


def is_web_url(value: str) -> bool:
    """True only for absolute http(s) URLs without whitespace or quotes."""
    if not value or any(c.isspace() or c in "\"'<>\\" for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _links(value: str) -> list[tuple[str, tuple[str, str] | None]]:
    """Each ``Label <url>`` item of a ``links`` field with its (label, url),
    or None where the item is malformed or the address not http(s)."""
    out: list[tuple[str, tuple[str, str] | None]] = []
    for item in (i.strip() for i in re.split(r"\s;\s", value)):
        if item:
            match = _LINK_ITEM.match(item)
            ok = match is not None and is_web_url(match["url"])
            out.append((item, (match["label"], match["url"]) if match and ok else None))
    return out


def entries(text: str) -> Iterator[tuple[int, int, str]]:
    """(offset, first line number, text) of each piece starting with ``@``."""
    starts = [m.start() for m in _ENTRY_START.finditer(text)]
    for begin, end in zip(starts, [*starts[1:], len(text)], strict=True):
        yield begin, text.count("\n", 0, begin) + 1, text[begin:end]


def entry_header(chunk: str) -> tuple[str, str] | None:
    """(lowercased entry type, key) of a piece, or None if it has no header."""
    match = _HEADER.match(chunk.lstrip())
    return (match.group(1).lower(), match.group(2)) if match else None


def _field_lines(chunk: str, first_line: int, names: Iterable[str]) -> dict[str, int]:
    lines = {}
    for name in names:
        match = re.search(rf"^[ \t]*{re.escape(name)}[ \t]*=", chunk, re.MULTILINE | re.IGNORECASE)
        if match:
            lines[name] = first_line + chunk.count("\n", 0, match.start())
    return lines


def load(paths: Sequence[Path | str], encoding: str = "utf-8-sig") -> Bibliography:
    """Parse every file, collecting problems instead of raising."""
    bib = Bibliography()
    parser = Parser(encoding)
    for path in paths:
        try:
            text = Path(path).read_text(encoding=encoding)
        except (OSError, UnicodeDecodeError) as exc:
            bib.problems.append(Problem(str(path), 1, "syntax", f"cannot read file: {exc}"))
            continue
        _load_text(bib, parser, text, str(path))
    bib.data = parser.data
    return bib


def load_text(text: str, name: str) -> Bibliography:
    """Parse BibTeX given as a string (``name`` stands for its file in messages)."""
    bib = Bibliography()
    parser = Parser("utf-8")
    _load_text(bib, parser, text, name)
    bib.data = parser.data
    return bib


def _load_text(bib: Bibliography, parser: Parser, text: str, name: str) -> None:
    for _, line, chunk in entries(text):
        _load_chunk(bib, parser, name, line, chunk)


def _load_chunk(bib: Bibliography, parser: Parser, path: str, line: int, chunk: str) -> None:
    header = entry_header(chunk)
    if header is None:
        bib.problems.append(
            Problem(path, line, "syntax", "a line starts with '@' but no entry follows")
        )
        return
    entry_type, key = header
    if entry_type in _NON_ENTRIES:
        with pybtex.errors.capture():
            parser.parse_string(chunk)
        return
    if not key:
        bib.problems.append(Problem(path, line, "syntax", f"@{entry_type} entry has no key"))
        return
    first = bib.records.get(key.lower())
    if first is not None:
        where = f"line {first.line}" if first.path == path else f"{first.path}:{first.line}"
        bib.problems.append(
            Problem(
                path,
                line,
                "duplicate_key",
                f"duplicate key '{key}': already defined at {where}"
                " (a paper in two groups is one entry with two values, "
                "e.g. paradigm = {prompt, full-finetuning})",
            )
        )
        return
    before = set(parser.data.entries.keys())
    with pybtex.errors.capture() as errors:
        try:
            parser.parse_string(chunk)
        except PybtexError as raised:  # raised despite capture by some pybtex paths
            errors.append(raised)
    for error in errors:
        detail = re.sub(r"line (\d+)", lambda m: f"line {line + int(m.group(1)) - 1}", str(error))
        if "premature end" in detail:
            detail = "it is not closed before the next entry or the end of the file"
        bib.problems.append(
            Problem(
                path,
                line,
                "syntax",
                f"entry '{key}' cannot be read: {detail} (check its braces, quotes and commas)",
            )
        )
    new = [k for k in parser.data.entries.keys() if k not in before]
    if errors or not new:
        for k in new:  # never keep half an entry
            del parser.data.entries[k]
        return
    entry = parser.data.entries[new[0]]
    fields = {name.lower(): str(value) for name, value in entry.fields.items()}
    persons = {
        role.lower(): tuple(str(p) for p in people) for role, people in entry.persons.items()
    }
    bib.records[key.lower()] = Record(
        key=key,
        type=entry_type,
        fields=fields,
        persons=persons,
        path=path,
        line=line,
        field_lines=_field_lines(chunk, line, list(fields) + list(persons)),
    )


def check(bib: Bibliography) -> list[Problem]:
    """All problems: those met while parsing, then each record's own."""
    problems = list(bib.problems)
    for record in bib.records.values():
        problems.extend(check_record(record))
    return sorted(problems, key=lambda p: (p.path, p.line))


def check_record(record: Record) -> list[Problem]:
    out: list[Problem] = []

    def add(name: str, subtype: str, message: str) -> None:
        out.append(Problem(record.path, record.line_of(name), subtype, f"{record.key}: {message}"))

    if not _KEY_CONVENTION.match(record.key):
        add(
            "",
            "bad_key",
            "key does not follow the convention (lowercase letters and digits, "
            "<first author's last name><year><first title word>)",
        )
    if record.type not in ENTRY_TYPES:
        add(
            "",
            "bad_type",
            f"entry type @{record.type} is not one of " + ", ".join(f"@{t}" for t in ENTRY_TYPES),
        )
    for name in REQUIRED_FIELDS.get(record.type, ()):
        if not record.get(name) and not record.persons.get(name):
            add("", "missing_field", f"@{record.type} needs a '{name}' field")
    if not record.get("url"):
        add("", "missing_url", "no 'url': every entry must link to the paper or page")
    for name in LINK_FIELDS:
        value = record.get(name)
        if value and not is_web_url(value):
            add(name, "bad_url", f"'{name}' must be an http(s) address, got {value!r}")
    for item, pair in _links(record.get("links")):
        if pair is None:
            add(
                "links",
                "bad_url",
                f"'links' item {item!r} must read 'Label <http(s)://...>'",
            )
    if record.get("year") and not _YEAR.match(record.get("year")):
        add("year", "bad_field", f"year must be four digits, got {record.get('year')!r}")
    texts = {**record.fields, **{r: " and ".join(p) for r, p in record.persons.items()}}
    for name, text in texts.items():
        if name in VERBATIM_FIELDS or name in CUSTOM_FIELDS:
            continue
        bad = sorted(set(LATEX_SPECIAL.findall(text)))
        if bad:
            chars = " ".join(f"'{c}'" for c in bad)
            add(
                name,
                "bad_field",
                f"'{name}' has unescaped {chars}, which breaks LaTeX: write \\& \\% \\# \\_",
            )
    added = record.get("added")
    if added and not _DATE.match(added):
        add("added", "bad_field", f"added must be a date YYYY-MM-DD, got {added!r}")
    sections = record.sections
    if not sections:
        add("", "missing_field", "no 'section': the entry would appear on no page")
    for value in sections:
        if value not in SECTION_SLUGS:
            add(
                "section",
                "bad_section",
                f"unknown section {value!r} (one of: {', '.join(SECTION_SLUGS)})",
            )
    for value in record.paradigms:
        if value not in PARADIGM_SLUGS:
            add(
                "paradigm",
                "bad_paradigm",
                f"unknown paradigm {value!r} (one of: {', '.join(PARADIGM_SLUGS)})",
            )
    return out
