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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import pybtex.errors
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.bibtex.utils import split_name_list
from pybtex.database import Entry, Person
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError
from pybtex.richtext import Text

from .schema import (
    CUSTOM_FIELDS,
    ENTRY_TYPES,
    LINK_FIELDS,
    MAX_FIELD_CHARS,
    PARADIGM_SLUGS,
    REQUIRED_FIELDS,
    SECTION_SLUGS,
    TASK_SLUGS,
    VERBATIM_FIELDS,
    WARNINGS,
    split_list,
)

_KEY_CONVENTION = re.compile(r"[a-z0-9]+\Z")
_YEAR = re.compile(r"\d{4}\Z")
#: Characters LaTeX reads as commands unless escaped with a backslash.
LATEX_SPECIAL = re.compile(r"(?<!\\)[&%#_]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_LINK_ITEM = re.compile(r"(?P<label>[^<>]+?)\s*<(?P<url>[^<>\s]+)>\Z")
_NON_ENTRIES = {"comment", "string", "preamble"}


@dataclass(frozen=True, slots=True)  # slots: a smaller pickled environment
class Problem:
    """One thing wrong in a bib file, located for the curator who must fix it."""

    path: str
    line: int
    subtype: str
    message: str

    def __post_init__(self) -> None:
        if self.subtype not in WARNINGS:  # declared once, documented from there
            raise ValueError(f"undeclared warning subtype {self.subtype!r}")

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)  # slots: a smaller pickled environment
class Record:
    """An entry of refs.bib as plain strings, with where each field stands."""

    key: str
    type: str
    fields: dict[str, str]
    persons: dict[str, tuple[str, ...]]
    path: str
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)
    #: fields that :func:`make_safe` removed (reported once, there)
    dropped: frozenset[str] = frozenset()

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
    def tasks(self) -> list[str]:
        return split_list(self.get("task"))

    @property
    def bibtex_type(self) -> str:
        """The entry type tools are given: an unknown type (reported) reads as @misc."""
        return self.type if self.type in ENTRY_TYPES else "misc"

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

    @property
    def content(self) -> tuple[object, ...]:
        """What the entry says, without where it stands: equal before and
        after an edit elsewhere in the file."""
        return (self.key, self.type, self.fields, self.persons)

    def sort_key(self) -> tuple[str, str, str]:
        """Newest first when sorted in reverse: year, then arXiv id, then key."""
        return (self.year, self.get("eprint"), self.key)


@dataclass
class Bibliography:
    """Everything read from the bib files, in file order."""

    records: dict[str, Record] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, key: str) -> Record | None:
        return self.records.get(key.lower())


_PLAIN = PlainTextBackend()  # render_as("text") looks the plugin up on every call


#: What makes LaTeX text differ from its plain reading, braces aside: commands,
#: ties, comments, math, and the ligatures -- ,, `` '' << >> !` ?`.
_LATEX_MARKUP = re.compile(r"[\\~%$`]|--|,,|''|<<|>>|[!?]`")


def latex_to_text(value: str) -> str:
    """Plain text of a BibTeX value: braces, accents and font commands resolved."""
    if not _LATEX_MARKUP.search(value):  # most titles: at most braces to drop
        return " ".join(value.replace("{", "").replace("}", "").split())
    return _latex_to_text(value)


@functools.lru_cache(maxsize=4096)
def _latex_to_text(value: str) -> str:
    protected = value.replace("\\{", "\x00").replace("\\}", "\x01")
    try:
        text = Text.from_latex(protected).render(_PLAIN)
    except (PybtexError, ValueError, IndexError):
        text = protected.replace("{", "").replace("}", "")
    text = re.sub(r"\\[A-Za-z]+\s?", "", text)  # \textit, \emph, \url ...
    text = text.replace("\x00", "{").replace("\x01", "}")
    return " ".join(text.split())


def _display_name(name: str) -> str:
    plain = split_plain_name(name)
    if plain is not None:
        return latex_to_text(f"{plain[1]} {plain[0]}")
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


@dataclass(frozen=True)
class Piece:
    """One ``@...`` block of a bib file: where it stands and what it says."""

    start: int
    end: int
    line: int
    type: str  # lowercased; "" when the '@' opens nothing readable
    key: str
    closed: bool

    def text(self, source: str) -> str:
        return source[self.start : self.end]


_HEAD = re.compile(r"@[\s\ufeff]*([A-Za-z][\w-]*)[\s\ufeff]*([{(])[\s\ufeff]*")
_KEY = re.compile(r"([^\s,{}()=]*)\s*,?")
_NEXT_AT_LINE = re.compile(r"^[\s\ufeff]*@[\s\ufeff]*[A-Za-z][\w-]*[\s\ufeff]*[{(]", re.MULTILINE)
_DELIM = re.compile(r"[{}()]")
_FIELD_NAME = re.compile(r"[,{(]\s*([A-Za-z][\w-]*)\s*=")
#: Text outside entries that looks like an entry whose '@' was lost.
_NO_AT = re.compile(
    r"^[^\S\n]*([A-Za-z]+)[^\S\n]*[{(][^\S\n]*([^\s,{}()=]+)[^\S\n]*,", re.MULTILINE
)
_BIBTEX_TYPES = {
    *ENTRY_TYPES, "book", "booklet", "inbook", "incollection", "manual", "mastersthesis",
    "phdthesis", "proceedings", "unpublished", "online", "software", "dataset",
}  # fmt: skip


def _close(text: str, begin: int, opener: str, limit: int) -> int | None:
    """Index just past the delimiter that closes a block opened before ``begin``."""
    depth = 0
    for match in _DELIM.finditer(text, begin, limit):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0 and opener == "{":
                return match.end()
        elif char == ")" and depth == 0 and opener == "(":
            return match.end()
    return None


def scan(text: str, start: int = 0, stop: int | None = None) -> Iterator[Piece]:
    """Every block a BibTeX reader would see, in order, found by matching
    braces rather than by line starts: two entries on one line, an entry after
    an ``@comment`` on its line, or an ``@`` after a no-break space are all
    found. A block whose braces never close is reported (``closed=False``) and
    reading goes on right after its header, so it swallows nothing after it.
    Text outside blocks that reads like an entry without its ``@`` comes as a
    piece of type ``""``, as does an ``@`` that opens nothing. ``start`` and
    ``stop`` scan a part of ``text`` (lines still count from its beginning)."""
    end_of_text = len(text) if stop is None else stop
    pos, line, counted = start, text.count("\n", 0, start) + 1, start
    while pos < end_of_text:
        at = text.find("@", pos, end_of_text)
        gap_end = at if at >= 0 else end_of_text
        for match in _NO_AT.finditer(text, pos, gap_end):
            if match.group(1).lower() in _BIBTEX_TYPES:
                line += text.count("\n", counted, match.start())
                counted = match.start()
                yield Piece(match.start(), match.end(), line, "", match.group(2), False)
        if at < 0:
            return
        line += text.count("\n", counted, at)
        counted = at
        head = _HEAD.match(text, at)
        if head is None:
            yield Piece(at, at + 1, line, "", "", False)
            pos = at + 1
            continue
        following = _NEXT_AT_LINE.search(text, head.end(), end_of_text)
        limit = following.start() if following else end_of_text
        end = _close(text, head.end(), head.group(2), limit)
        entry_type = head.group(1).lower()
        key = "" if entry_type in _NON_ENTRIES else _KEY.match(text, head.end()).group(1)  # type: ignore[union-attr]
        yield Piece(at, end or limit, line, entry_type, key, end is not None)
        pos = end or head.end()  # an unclosed block: read on, entries inside it are found


def _field_lines(chunk: str, first_line: int) -> dict[str, int]:
    lines: dict[str, int] = {}
    for match in _FIELD_NAME.finditer(chunk):
        lines.setdefault(match.group(1).lower(), first_line + chunk.count("\n", 0, match.start(1)))
    return lines


def read_text(path: Path | str) -> tuple[str | None, Problem | None]:
    """A bib file's text, or the problem that stops it being read (with the
    line of an undecodable byte)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return None, Problem(str(path), 1, "syntax", f"cannot read file: {exc.strerror or exc}")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, Problem(
            str(path), line, "syntax", f"byte {data[exc.start]:#04x} is not UTF-8: save as UTF-8"
        )


def load(paths: Sequence[Path | str], encoding: str = "utf-8-sig") -> Bibliography:
    """Parse every file, collecting problems instead of raising. Records are
    made safe here (:func:`make_safe`), before anything renders them."""
    bib = Bibliography()
    parser = Parser(encoding)
    for path in paths:
        text, problem = read_text(path)
        if problem is not None:
            bib.problems.append(problem)
        if text is not None:
            _load_text(bib, parser, text, str(path))
    _check_crossrefs(bib)
    return bib


def load_text(text: str, name: str) -> Bibliography:
    """Parse BibTeX given as a string (``name`` stands for its file in messages)."""
    bib = Bibliography()
    _load_text(bib, Parser("utf-8"), text, name)
    _check_crossrefs(bib)
    return bib


def _load_text(
    bib: Bibliography, parser: Parser, text: str, name: str, start: int = 0, stop: int | None = None
) -> None:
    pieces = list(scan(text, start, stop))
    if start == 0 and _load_all_at_once(bib, parser, text, name, pieces):
        _report_swallowed(bib, text, name, pieces)
        return
    for piece in pieces:
        loaded = _load_piece(bib, parser, name, piece, piece.text(text))
        if not loaded and piece.closed and _HEAD.search(text, piece.start + 1, piece.end):
            # its braces swallowed what reads like further entries: read them too
            _load_text(bib, parser, text, name, piece.start + 1, piece.end)
        elif loaded:
            _report_swallowed(bib, text, name, [piece])


def _report_swallowed(bib: Bibliography, text: str, path: str, pieces: list[Piece]) -> None:
    """An entry whose braces balance only by taking in the next entries reads
    well, with those entries inside one of its values: each is reported at
    its own line, since BibTeX, and so the site, would never see it."""
    for piece in pieces:
        if piece.type in _NON_ENTRIES or piece.key.lower() not in bib.records:
            continue
        at = text.find("@", piece.start + 1, piece.end)
        while at >= 0:  # rare: most entries hold no '@' at all
            head = _HEAD.match(text, at, piece.end)
            key = _KEY.match(text, head.end()).group(1) if head else ""  # type: ignore[union-attr]
            if head and head.group(1).lower() in _BIBTEX_TYPES and key:
                line = piece.line + text.count("\n", piece.start, at)
                _problem(
                    bib, path, line, "syntax",
                    f"@{head.group(1).lower()}{{{key} stands inside entry '{piece.key}' (line "
                    f"{piece.line}), whose braces take it in: close '{piece.key}' before it",
                )  # fmt: skip
            at = text.find("@", at + 1, piece.end)


def _load_all_at_once(
    bib: Bibliography, parser: Parser, text: str, path: str, pieces: list[Piece]
) -> bool:
    """The common case, a file without a problem the reader can see. Plain
    entries (braced or quoted values, numbers) are read by :func:`_fields`,
    the rest (macros, ``#``) in one pybtex parse (a call per entry costs
    several times more). Anything odd, or any error pybtex meets, and nothing
    is kept: the caller reads entry by entry, which locates every problem."""
    chunks: list[str] = []
    read: dict[int, tuple[dict[str, str], dict[str, tuple[str, ...]], dict[str, int]]] = {}
    seen = set(bib.records)
    for i, piece in enumerate(pieces):
        if not piece.type or not piece.closed:
            return False
        if piece.type == "comment":
            continue
        if piece.type not in _NON_ENTRIES:
            key = piece.key.lower()
            if not key or not _SAFE_KEY.match(key) or key in seen:
                return False
            seen.add(key)
            fast = _fields(text, piece)
            if fast is not None:
                read[i] = fast
                continue
        chunks.append(piece.text(text))
    parsed = parser.data.entries
    if chunks:
        with pybtex.errors.capture() as errors:
            try:
                parser.parse_string("\n".join(chunks))
            except PybtexError as raised:
                errors.append(raised)
        slow = [p for i, p in enumerate(pieces) if i not in read and p.key and p.type not in
                _NON_ENTRIES]  # fmt: skip
        if errors or any(piece.key not in parsed for piece in slow):
            for piece in slow:
                if piece.key in parsed:
                    del parsed[piece.key]
            return False
    for i, piece in enumerate(pieces):
        if i in read:
            _add(bib, path, piece, *read[i])
        elif piece.type not in _NON_ENTRIES and piece.key in parsed:
            chunk = piece.text(text)
            _add_record(bib, path, piece, chunk, parsed[piece.key])
            del parsed[piece.key]  # records keep plain values; pybtex's copy is not kept
    return True


_FIELD = re.compile(r"\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*")
_BRACE = re.compile(r"[{}]")
_IN_QUOTES = re.compile(r'[{}"]')
_NUMBER = re.compile(r"[0-9]+")
_AFTER_VALUE = re.compile(r"\s*(,?)\s*")
_PERSON_ROLES = frozenset({"author", "editor"})  # pybtex's Person.valid_roles
_AND = re.compile(" [Aa][Nn][Dd] ")
#: A name pybtex would print back unchanged: "Last, First" without braces,
#: commands or ties (anything else is normalised by pybtex's Person).
_PLAIN_NAME = re.compile(r"[^\s,{}\\~]+(?: [^\s,{}\\~]+)*, [^\s,{}\\~]+(?: [^\s,{}\\~]+)*\Z")


def _fields(
    text: str, piece: Piece
) -> tuple[dict[str, str], dict[str, tuple[str, ...]], dict[str, int]] | None:
    """An entry's fields, persons and field lines, read the way pybtex reads
    them (a test compares the two), or None if the entry uses anything but
    braced and quoted values and numbers; then pybtex reads it. pybtex builds
    a Person per name on every parse; here a plain "Last, First" stays text."""
    head = _HEAD.match(text, piece.start, piece.end)
    if head is None or head.group(2) != "{":
        return None
    pos = head.end() + len(piece.key)
    after = _AFTER_VALUE.match(text, pos, piece.end)
    pos = after.end()  # type: ignore[union-attr]
    close = piece.end - 1  # the entry's closing brace
    fields: dict[str, str] = {}
    persons: dict[str, tuple[str, ...]] = {}
    lines: dict[str, int] = {}
    line, counted = piece.line, piece.start
    while pos < close:
        if not after.group(1):  # type: ignore[union-attr]
            return None  # two fields without a comma between them
        match = _FIELD.match(text, pos, close)
        if match is None:
            return None
        name = match.group(1).lower()
        if name in fields or name in persons:
            return None  # pybtex reports the duplicate
        start = match.end()
        end = _value_end(text, start, close)
        if end is None:
            return None
        value = text[start + 1 : end - 1] if text[start] in '{"' else text[start:end]
        value = " ".join(value.split())
        line += text.count("\n", counted, match.start(1))
        counted = match.start(1)
        lines[name] = line
        if name in _PERSON_ROLES:
            names = split_name_list(value) if "{" in value else _AND.split(value) if value else []
            try:
                if names:  # pybtex adds no role for an empty list
                    persons[name] = tuple(_person(n.strip()) for n in names)
            except PybtexError:  # a name pybtex cannot read: let it report where
                return None
        else:
            fields[name] = value
        after = _AFTER_VALUE.match(text, end, piece.end)
        pos = after.end()  # type: ignore[union-attr]
    return fields, persons, lines


def _value_end(text: str, start: int, stop: int) -> int | None:
    """Index just past a value (braced, quoted or a number) starting at ``start``."""
    first = text[start : start + 1]
    if first.isdigit():
        number = _NUMBER.match(text, start, stop)
        return number.end() if number else None
    if first not in ("{", '"'):
        return None  # a macro: pybtex substitutes it
    depth = 0
    for match in (_BRACE if first == "{" else _IN_QUOTES).finditer(text, start + 1, stop):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return match.end() if first == "{" else None
        elif depth == 0:  # the closing quote
            return match.end()
    return None


def split_plain_name(name: str) -> tuple[str, str] | None:
    """(last, first) of a plain "Last, First" name, which pybtex's Person
    splits the same way; None for any other name."""
    if not _PLAIN_NAME.match(name):
        return None
    last, _, first = name.partition(", ")
    return last, first


def _person(name: str) -> str:
    """A name as pybtex prints it back (``str(Person(name))``)."""
    return name if _PLAIN_NAME.match(name) else str(Person(name))


def _add_record(bib: Bibliography, path: str, piece: Piece, chunk: str, entry: Entry) -> None:
    fields = {name.lower(): str(value) for name, value in entry.fields.items()}
    persons = {
        role.lower(): tuple(str(p) for p in people) for role, people in entry.persons.items()
    }
    _add(bib, path, piece, fields, persons, _field_lines(chunk, piece.line))


def _add(
    bib: Bibliography,
    path: str,
    piece: Piece,
    fields: dict[str, str],
    persons: dict[str, tuple[str, ...]],
    lines: dict[str, int],
) -> None:
    record = Record(
        key=piece.key, type=piece.type, fields=fields, persons=persons, path=path,
        line=piece.line, field_lines=lines,
    )  # fmt: skip
    safe, problems = make_safe(record)
    bib.records[piece.key.lower()] = safe
    bib.problems.extend(problems)


def _problem(bib: Bibliography, path: str, line: int, subtype: str, message: str) -> None:
    bib.problems.append(Problem(path, line, subtype, message))


def _load_piece(bib: Bibliography, parser: Parser, path: str, piece: Piece, chunk: str) -> bool:
    """Load one block; False if it is an entry that could not be read."""
    line, key = piece.line, piece.key
    if not piece.type:
        what = (
            f"'{chunk.split('{')[0].split('(')[0].strip()}{{{key},' reads like an entry without"
            " its '@': it is ignored by BibTeX; add the '@' or remove the line"
            if key
            else "a '@' that opens no entry (write @type{key, ...}, or remove the '@')"
        )
        _problem(bib, path, line, "syntax", what)
        return True
    if not piece.closed:
        _problem(
            bib, path, line, "syntax",
            f"@{piece.type}{{{key} is not closed before the next entry or the end of the "
            "file: check its braces, quotes and commas",
        )  # fmt: skip
        return True
    if piece.type == "comment":
        return True
    if piece.type in _NON_ENTRIES:
        with pybtex.errors.capture() as errors:
            try:
                parser.parse_string(chunk)
            except PybtexError as raised:
                errors.append(raised)
        if errors:
            _problem(bib, path, line, "syntax", f"@{piece.type} cannot be read: {errors[0]}")
        return True
    if not key:
        _problem(bib, path, line, "syntax", f"@{piece.type} entry has no key")
        return False
    if not _SAFE_KEY.match(key):
        _problem(
            bib, path, line, "bad_key",
            f"key {key!r} holds characters a key cannot have (use letters and digits); "
            "the entry is not loaded",
        )  # fmt: skip
        return False
    first = bib.records.get(key.lower())
    if first is not None:
        where = f"line {first.line}" if first.path == path else f"{first.path}:{first.line}"
        _problem(
            bib, path, line, "duplicate_key",
            f"duplicate key '{key}': already defined at {where}"
            " (a paper in two groups is one entry with two values, "
            "e.g. paradigm = {prompt, full-finetuning})",
        )  # fmt: skip
        return False
    with pybtex.errors.capture() as errors:
        try:
            parser.parse_string(chunk)
        except PybtexError as raised:  # raised despite capture by some pybtex paths
            errors.append(raised)
    entry = parser.data.entries.get(key)
    if entry is not None:
        del parser.data.entries[key]  # records keep plain values; pybtex's copy is not kept
    if errors or entry is None:
        detail = (
            re.sub(r"line (\d+)", lambda m: f"line {line + int(m.group(1)) - 1}", str(errors[0]))
            if errors
            else "no fields could be read"
        )
        _problem(
            bib, path, line, "syntax",
            f"entry '{key}' cannot be read: {detail} (check its braces, quotes and commas)",
        )  # fmt: skip
        return False
    _add_record(bib, path, piece, chunk, entry)
    return True


def _check_crossrefs(bib: Bibliography) -> None:
    for record in bib.records.values():
        target = record.get("crossref")
        if target and target.lower() not in bib.records:
            bib.problems.append(
                Problem(
                    record.path,
                    record.line_of("crossref"),
                    "unknown_key",
                    f"{record.key}: crossref '{target}' is not in the bibliography",
                )
            )


_SAFE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:.+/-]*\Z")
_DOI = re.compile(r"10\.\d{4,9}/[^\s\"'<>{}\\]+\Z")
_ARXIV = re.compile(r"(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?\Z")
#: LaTeX commands that pybtex turns into links: ``\url{target}``, ``\href{target}{text}``.
_LATEX_LINK = re.compile(r"\\(url|href)\s*\{([^{}]*)\}(\s*\{([^{}]*)\})?")


def is_doi(value: str) -> bool:
    return bool(_DOI.match(value))


def _field_rule(name: str, value: str) -> str | None:
    """Why a field's value cannot be passed on, or None if it can."""
    if len(value) > MAX_FIELD_CHARS:
        return f"'{name}' is {len(value):,} characters long, over the limit of {MAX_FIELD_CHARS:,}"
    value = value.strip()
    if name in LINK_FIELDS and not is_web_url(value):
        return f"'{name}' must be an http(s) address, got {_shown(value)}"
    if name == "doi" and not _DOI.match(value):
        return f"'doi' must be a DOI such as 10.1234/abc, got {_shown(value)}"
    if name == "eprint" and not _ARXIV.match(value):
        return f"'eprint' must be an arXiv id such as 2208.03550, got {_shown(value)}"
    if name == "year" and not _YEAR.match(value):
        return f"year must be four digits, got {_shown(value)}"
    if name == "added" and not _DATE.match(value):
        return f"added must be a date YYYY-MM-DD, got {_shown(value)}"
    return None


def _shown(value: str, limit: int = 80) -> str:
    return repr(value if len(value) <= limit else value[:limit] + "...")


def make_safe(record: Record) -> tuple[Record, list[Problem]]:
    r"""The one boundary every record passes before anything renders or exports
    it: a value that is not safe to pass on (a non-http(s) link, in a link
    field, a ``links`` item or a LaTeX ``\url``/``\href`` anywhere; a malformed
    DOI, arXiv id, year or date; an oversized field) is removed and reported."""
    problems: list[Problem] = []

    def report(name: str, subtype: str, message: str) -> None:
        problems.append(
            Problem(record.path, record.line_of(name), subtype, f"{record.key}: {message}")
        )

    fields: dict[str, str] = {}
    for name, value in record.fields.items():
        reason = _field_rule(name, value)
        if reason is not None:
            subtype = "too_large" if len(value) > MAX_FIELD_CHARS else (
                "bad_url" if name in (*LINK_FIELDS, "doi", "eprint") else "bad_field"
            )  # fmt: skip
            report(name, subtype, reason + "; it is left out")
            continue
        if name == "links":
            kept = []
            for item, pair in _links(value):
                if pair is None:
                    report(name, "bad_url", f"'links' item {_shown(item)} must read "
                           "'Label <http(s)://...>'; it is left out")  # fmt: skip
                else:
                    kept.append(item)
            value = " ; ".join(kept)
        value = _strip_unsafe_links(value, name, report)
        if value.strip():
            fields[name] = value
    persons: dict[str, tuple[str, ...]] = {}
    for role, names in record.persons.items():
        if sum(len(n) for n in names) > MAX_FIELD_CHARS:
            report(role, "too_large", f"'{role}' is over the limit of {MAX_FIELD_CHARS:,} "
                   "characters; it is left out")  # fmt: skip
        else:
            persons[role] = names
    if fields == record.fields and persons == record.persons:
        return record, problems
    dropped = frozenset(
        record.fields.keys() - fields.keys() | record.persons.keys() - persons.keys()
    )
    return replace(record, fields=fields, persons=persons, dropped=dropped), problems


def _strip_unsafe_links(value: str, name: str, report: Callable[[str, str, str], None]) -> str:
    """``value`` without the LaTeX links whose target is not http(s): an
    ``\\href`` keeps its text, a ``\\url`` goes."""

    def safe(match: re.Match[str]) -> str:
        target = match.group(2).strip()
        if is_web_url(target):
            return match.group(0)
        report(name, "bad_url", f"'{name}' holds \\{match.group(1)}{{{_shown(target)[1:-1]}}}, "
               "not an http(s) address; the link is left out")  # fmt: skip
        return (match.group(4) or "") if match.group(1) == "href" else ""

    while True:  # a link removed from inside another may leave the outer one bare
        stripped = _LATEX_LINK.sub(safe, value)
        if stripped == value:
            return value
        value = stripped


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
        if not record.get(name) and not record.persons.get(name) and name not in record.dropped:
            add("", "missing_field", f"@{record.type} needs a '{name}' field")
    if not record.get("url") and "url" not in record.dropped:
        add("", "missing_url", "no 'url': every entry must link to the paper or page")
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
    for value in record.tasks:
        if value not in TASK_SLUGS:
            add("task", "bad_task", f"unknown task {value!r} (one of: {', '.join(TASK_SLUGS)})")
    return out
