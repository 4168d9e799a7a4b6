"""The layout of refs.bib as text: entries in a canonical order, edited in place.

Order: by section (in the site's order), then by key. ``fmt`` puts a file in
that order; ``add`` inserts one entry at its place and leaves every other byte
of the file as it was, so reviews show only the new entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .bibdata import scan
from .schema import SECTION_SLUGS

_SECTION = re.compile(r"[\s,]section\s*=\s*[{\"]\s*([\w-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Chunk:
    start: int
    text: str
    entry_type: str
    key: str

    @property
    def order(self) -> tuple[int, int, str]:
        """Non-entries (@string, @comment, @preamble) first, in file order."""
        if self.entry_type in ("string", "comment", "preamble"):
            return (0, 0, "")
        match = _SECTION.search(self.text)
        section = match.group(1) if match else ""
        index = SECTION_SLUGS.index(section) if section in SECTION_SLUGS else len(SECTION_SLUGS)
        return (1, index, self.key.lower())


def split(text: str) -> tuple[str, list[Chunk]]:
    """The text before the first block, and each block with the text that
    follows it up to the next one (comments stay with the entry above them)."""
    pieces = [p for p in scan(text) if p.type]
    head = text[: pieces[0].start] if pieces else text
    ends = [p.start for p in pieces[1:]] + [len(text)] * bool(pieces)
    return head, [
        Chunk(p.start, text[p.start : end], p.type, p.key)
        for p, end in zip(pieces, ends, strict=True)
    ]


def formatted(text: str) -> str:
    """The file in canonical order, one blank line between entries."""
    head, chunks = split(text)
    ordered = sorted(chunks, key=lambda c: c.order)  # stable: equal keys keep their order
    body = "\n\n".join(c.text.strip() for c in ordered)
    head = head.strip()
    joined = "\n\n".join(part for part in (head, body) if part)
    return joined + "\n" if joined else ""


def insert(text: str, entry: str) -> str:
    """``text`` with ``entry`` inserted before the first entry that sorts after
    it; nothing else changes."""
    _, chunks = split(text)
    new = split(entry.strip() + "\n")[1][0]
    for chunk in chunks:
        if chunk.order > new.order:
            return text[: chunk.start] + entry.strip() + "\n\n" + text[chunk.start :]
    if not text.endswith("\n"):
        text += "\n"
    return text + ("\n" if text.strip() else "") + entry.strip() + "\n"
