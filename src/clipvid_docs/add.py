"""``python -m clipvid_docs add``: a new entry from an arXiv id or a DOI.

Metadata come from arXiv's API (an Atom feed) or Crossref (JSON). The entry is
normalised (our key convention, ``Last, First`` names, our fields), refused if
refs.bib already holds the paper, and inserted at its sorted place. What the
services do not give (venue of an arXiv preprint, code, ...) is reported, never
guessed. The services' addresses can be pointed elsewhere for tests with
``CLIPVID_ARXIV_API`` and ``CLIPVID_CROSSREF_API``.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import socket
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pybtex.database import Person
from pybtex.exceptions import PybtexError

from . import bibdata, bibfile
from .export import FIELD_ORDER

ARXIV_API = "https://export.arxiv.org/api/query"
CROSSREF_API = "https://api.crossref.org"
NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
STOP_WORDS = {
    "a", "an", "the", "on", "of", "in", "to", "for", "and", "with", "from", "at",
    "by", "is", "are", "what", "how", "do",
}  # fmt: skip
_ARXIV_ID = re.compile(r"(?:arxiv:)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\Z", re.I)
_DOI = re.compile(r"(?:doi:|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)\Z", re.I)


class AddError(Exception):
    """A message for the contributor; the CLI prints it and exits non-zero."""


@dataclass
class Paper:
    entry_type: str
    fields: dict[str, str]
    authors: list[str]
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _timeout() -> float:
    return float(os.environ.get("CLIPVID_HTTP_TIMEOUT", "15"))


#: The largest reply read from a service; a larger one is refused.
MAX_REPLY_BYTES = 2_000_000
#: The longest title or name accepted from a service.
MAX_TEXT_CHARS = 1_000
MAX_AUTHORS = 500


def _read(response: Any, service: str, deadline: float) -> bytes:
    """The body, read in pieces against one deadline for the whole reply (a
    server that trickles bytes never trips a per-read timeout) and a size cap."""
    body = bytearray()
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        if response.fp is not None and response.fp.raw is not None:
            response.fp.raw._sock.settimeout(left)
        piece = response.read1(65536)
        if not piece:
            return bytes(body)
        body += piece
        if len(body) > MAX_REPLY_BYTES:
            raise AddError(f"{service} sent more than {MAX_REPLY_BYTES:,} bytes: refused")


def _get(url: str, service: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "clipvid-docs (add command)"})
    deadline = time.monotonic() + _timeout()
    try:
        with urllib.request.urlopen(request, timeout=_timeout()) as response:
            return _read(response, service, deadline)
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise AddError(f"{service} has no record for this identifier (HTTP 404)") from None
        raise AddError(f"{service} answered HTTP {exc.code}: try again later") from None
    except TimeoutError:
        raise AddError(f"{service} did not answer within {_timeout():g} s") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError | socket.timeout):
            raise AddError(f"{service} did not answer within {_timeout():g} s") from None
        raise AddError(
            f"cannot reach {service} ({exc.reason}): check the network connection"
        ) from None
    except (OSError, ValueError) as exc:  # a reset connection, a malformed reply
        raise AddError(f"{service} sent an unreadable reply ({exc.__class__.__name__})") from None


def _clean(text: object, what: str = "value") -> str:
    """Service text as one line; anything but a string of sane length is refused."""
    if not isinstance(text, str):
        raise AddError(f"the service sent a {what} that is not text ({type(text).__name__})")
    if len(text) > MAX_TEXT_CHARS:
        raise AddError(f"the service sent a {what} of {len(text):,} characters: refused")
    return " ".join(text.split())


def _name(full: object) -> str:
    """``Gerard de Melo`` to ``de Melo, Gerard``, LaTeX specials escaped."""
    try:
        return str(Person(escape_latex(_clean(full, "author name"))))
    except PybtexError as exc:
        raise AddError(f"the service sent an author name that is not one ({exc})") from None


def fetch_arxiv(arxiv_id: str) -> Paper:
    base = os.environ.get("CLIPVID_ARXIV_API", ARXIV_API)
    body = _get(f"{base}?id_list={urllib.parse.quote(arxiv_id)}", "the arXiv API")
    try:
        feed = ET.fromstring(body)
    except ET.ParseError as exc:
        raise AddError(f"the arXiv API sent something that is not an Atom feed ({exc})") from None
    entry = feed.find("atom:entry", NS)
    title = _clean(entry.findtext("atom:title", "", NS)) if entry is not None else ""
    if entry is None or not title or title == "Error":
        raise AddError(f"the arXiv API has no paper {arxiv_id}")
    authors = [_name(a.findtext("atom:name", "", NS)) for a in entry.findall("atom:author", NS)]
    if len(authors) > MAX_AUTHORS:
        raise AddError(f"the arXiv API sent {len(authors):,} authors: refused")
    published = _clean(entry.findtext("atom:published", "", NS), "date")
    fields = {
        "title": title,
        "year": published[:4] if re.match(r"\d{4}", published) else "",
        "eprint": arxiv_id,
        "archiveprefix": "arXiv",
        "url": f"https://arxiv.org/abs/{arxiv_id}",
    }
    primary = entry.find("arxiv:primary_category", NS)
    term = primary.get("term", "") if primary is not None else ""
    if re.fullmatch(r"[a-z-]+(\.[A-Za-z-]+)?", term):
        fields["primaryclass"] = term
    doi = _clean(entry.findtext("arxiv:doi", "", NS), "DOI")
    if bibdata.is_doi(doi):
        fields["doi"] = doi
    paper = Paper("misc", fields, authors, missing=["booktitle or journal (venue)"])
    journal = _clean(entry.findtext("arxiv:journal_ref", "", NS))
    comment = _clean(entry.findtext("arxiv:comment", "", NS))
    if journal or comment:
        paper.notes.append(
            "arXiv says "
            + "; ".join(p for p in (journal and f"journal ref: {journal}", comment) if p)
            + ": if it was published, read the venue on its page and make the entry "
            "@inproceedings or @article"
        )
    return paper


def _first(value: object) -> object:
    """Crossref's lists of one (``"title": ["..."]``), or the value itself."""
    return value[0] if isinstance(value, list) and value else value


_CROSSREF_TYPES = {"proceedings-article": "inproceedings", "journal-article": "article"}


def fetch_crossref(doi: str) -> Paper:
    base = os.environ.get("CLIPVID_CROSSREF_API", CROSSREF_API)
    body = _get(f"{base}/works/{urllib.parse.quote(doi, safe='/')}", "Crossref")
    try:
        work = json.loads(body)["message"]
        title = _clean(_first(work["title"]), "title")
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise AddError(f"Crossref sent a response without a work's title ({exc!r})") from None
    if not isinstance(work, dict):
        raise AddError("Crossref sent a response of an unexpected shape")
    entry_type = _CROSSREF_TYPES.get(str(work.get("type", "")), "misc")
    people = work.get("author") or []
    if not isinstance(people, list) or len(people) > MAX_AUTHORS:
        raise AddError("Crossref sent an author list of an unexpected shape")
    authors = []
    for person in people:
        if not isinstance(person, dict):
            raise AddError("Crossref sent an author of an unexpected shape")
        if person.get("family"):
            given = _clean(person.get("given") or "", "given name")
            authors.append(_name(f"{given} {_clean(person['family'], 'family name')}"))
        elif person.get("name"):
            authors.append("{" + escape_latex(_clean(person["name"], "name")) + "}")
    found = work.get("DOI", doi)
    if not isinstance(found, str) or not bibdata.is_doi(found):
        raise AddError(f"Crossref sent a DOI that is not one: {str(found)[:80]!r}")
    fields = {"title": title, "doi": found, "url": f"https://doi.org/{found}"}
    for date_field in ("published-print", "published", "issued"):
        date = work.get(date_field)
        parts = date.get("date-parts") if isinstance(date, dict) else None
        year = parts[0][0] if isinstance(parts, list) and parts and parts[0] else None
        if isinstance(year, int) and 1000 <= year <= 9999:
            fields["year"] = str(year)
            break
    container = _first(work.get("container-title") or [""])
    venue_field = {"inproceedings": "booktitle", "article": "journal"}.get(entry_type)
    if venue_field and container:
        fields[venue_field] = _clean(container, "venue")
    for source, target in (("volume", "volume"), ("issue", "number"), ("page", "pages")):
        value = work.get(source)
        if isinstance(value, str | int) and re.fullmatch(r"[\w.\-]{1,40}", str(value)):
            fields[target] = str(value).replace("-", "--")
    if work.get("publisher"):
        fields["publisher"] = _clean(work["publisher"], "publisher")
    missing = [name for name in ("year", venue_field or "") if name and name not in fields]
    return Paper(entry_type, fields, authors, missing=missing)


def make_key(paper: Paper) -> str:
    """``<first author's last name><year><first significant title word>``."""
    last = ""
    if paper.authors:
        person = Person(paper.authors[0])
        last = "".join(person.prelast_names + person.last_names)
    words = re.findall(r"[A-Za-z0-9]+", _ascii(paper.fields["title"]))
    first = next((w for w in words if w.lower() not in STOP_WORDS), "")
    key = _ascii(last) + paper.fields.get("year", "") + first
    return re.sub(r"[^a-z0-9]", "", key.lower())


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


_LATEX_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "$": r"\$", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}",
}  # fmt: skip


def escape_latex(value: str) -> str:
    """Service text as BibTeX text: every LaTeX special escaped, and braces
    written as commands (BibTeX counts a ``\\}`` too), so no reply can close
    the field and add fields of its own."""
    return "".join(_LATEX_ESCAPES.get(c, c) for c in value)


def format_new_entry(paper: Paper, key: str, section: str, paradigms: list[str]) -> str:
    values = {"author": " and ".join(paper.authors), **paper.fields}
    for name in ("title", "booktitle", "journal", "publisher"):
        if name in values:
            values[name] = escape_latex(values[name])
    values["section"] = section
    if paradigms:
        values["paradigm"] = ", ".join(paradigms)
    values["added"] = datetime.date.today().isoformat()
    order = [*FIELD_ORDER, "code", "section", "paradigm", "added"]
    lines = [f"@{paper.entry_type}{{{key},"]
    lines += [f"  {name:<13} = {{{values[name]}}}," for name in order if values.get(name)]
    return "\n".join(lines) + "\n}\n"


def parse_identifier(text: str) -> tuple[str, str]:
    """("arxiv", id) or ("doi", doi); AddError if it is neither."""
    text = text.strip()
    match = _ARXIV_ID.match(text)
    if match:
        return "arxiv", match.group(1)
    match = _DOI.match(text)
    if match:
        return "doi", match.group(1)
    raise AddError(f"{text!r} is neither an arXiv id (arXiv:2208.03550) nor a DOI (10.xxxx/...)")


def add(
    identifier: str, bib_path: Path, section: str, paradigms: list[str], code: str = ""
) -> tuple[str, Paper]:
    """Fetch, check for duplicates, write; returns the key and the paper."""
    kind, value = parse_identifier(identifier)
    try:
        text = bib_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AddError(f"cannot read {bib_path}: {exc}") from None
    existing = bibdata.load([bib_path])
    for record in existing.records.values():
        same = (
            record.get("eprint") == value
            if kind == "arxiv"
            else record.get("doi").lower() == value.lower()
        )
        if same:
            raise AddError(
                f"{bib_path}:{record.line}: already in the bibliography as '{record.key}'"
            )
    paper = fetch_arxiv(value) if kind == "arxiv" else fetch_crossref(value)
    if code:
        if not bibdata.is_web_url(code):
            raise AddError(f"--code must be an http(s) address, got {code!r}")
        paper.fields["code"] = code
    else:
        paper.missing.append("code (official implementation)")
    key = make_key(paper)
    taken = existing.get(key)
    if taken is not None:
        raise AddError(
            f"{bib_path}:{taken.line}: key '{key}' is taken by another entry; "
            "add the entry by hand with a suffix (b, c, ...)"
        )
    entry = format_new_entry(paper, key, section, paradigms)
    checked = bibdata.load_text(entry, "new entry")
    problems = bibdata.check(checked)
    if problems:
        raise AddError("the new entry would not pass the checks: " + "; ".join(map(str, problems)))
    bib_path.write_text(bibfile.insert(text, entry), encoding="utf-8")
    paper.missing += ["abbr (short name)", "annote (one sentence for readers)"]
    return key, paper
