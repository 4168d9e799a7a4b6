"""The filter controls of the leaderboards and the method index: a table row
carries classes made of slugs, the selects offer the slugs, and the page's
script (static/clipvid.js) keeps the rows whose classes match."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "none"


def select(name: str, label: str, values: Iterable[tuple[str, str]]) -> str:
    """A labelled ``<select>`` of (value, text) pairs, "all" first."""
    options = "".join(
        f'<option value="{html.escape(v)}">{html.escape(t)}</option>' for v, t in values
    )
    return (
        f'<label>{html.escape(label)} <select name="{name}">'
        f'<option value="">all</option>{options}</select></label>'
    )
