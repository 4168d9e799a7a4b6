"""Source pages the extension writes before Sphinx reads the sources (one per
leaderboard, one per entry), the way autosummary writes its stubs: a page is
rewritten only when its text changed, and the pages of what the data no longer
has are removed, so that an incremental build reads exactly what changed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path


def write_pages(folder: Path, pages: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    for stale in folder.glob("*.rst"):
        if stale.name not in pages:
            stale.unlink()


def has_exactly(folder: Path, stems: Iterable[str]) -> bool:
    """Whether ``folder`` holds one page per stem and no other."""
    if not folder.is_dir():
        return False
    return {p.stem for p in folder.glob("*.rst")} == set(stems)


def rst_text(text: str) -> str:
    """Plain text as reStructuredText that reads back as the same text."""
    return re.sub(r"([\\`*_|\[\]<>:])", r"\\\1", " ".join(text.split()))


def heading(text: str, underline: str) -> str:
    return f"{text}\n{underline * len(text)}\n"
