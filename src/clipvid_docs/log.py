"""Warnings of the extension: one type, documented subtypes, always a location."""

from __future__ import annotations

from docutils.nodes import Node
from sphinx.util import logging

from .schema import WARNINGS

Location = str | tuple[str | None, int | None] | Node | None

logger = logging.getLogger("clipvid_docs")


def warn(message: str, subtype: str, location: Location) -> None:
    if subtype not in WARNINGS:  # declared once in schema.WARNINGS, documented from there
        raise ValueError(f"undeclared warning subtype {subtype!r}")
    logger.warning(message, type="clipvid", subtype=subtype, location=location)


def warn_unknown_key(key: str, location: Location, what: str) -> None:
    warn(
        f"{what} '{key}' is not in the bibliography (add it to refs.bib or correct the key)",
        "unknown_key",
        location,
    )
