"""After ``sphinx-build -b linkcheck``: name the refs.bib entry behind each dead
link. Sphinx reports the page and line of a link; a curator needs the entry to
fix, so each broken or timed-out address is traced back to the entries (and
fields) that hold it, and reported at their line in refs.bib."""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

from sphinx.application import Sphinx

from .bibdata import Record
from .domain import ClipvidDomain
from .log import warn

DEAD = ("broken", "timeout")


def addresses(record: Record) -> dict[str, str]:
    """Every address an entry puts on the site, with the field it comes from."""
    found: dict[str, str] = {}
    for field, label, url in record.links:
        found.setdefault(url, f"links ({label})" if field == "links" else field)
    return found


def report_dead_links(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "linkcheck":
        return
    output = Path(app.outdir) / "output.json"
    if not output.is_file():
        return
    domain = cast(ClipvidDomain, app.env.get_domain("clipvid"))
    owners: dict[str, list[tuple[Record, str]]] = {}
    for record in domain.records.values():
        for url, field in addresses(record).items():
            owners.setdefault(url, []).append((record, field))
    for line in output.read_text(encoding="utf-8").splitlines():
        result = json.loads(line)
        if result.get("status") not in DEAD:
            continue
        for record, field in owners.get(result["uri"], []):
            warn(
                f"{record.key}: {field} {result['uri']} is {result['status']} "
                f"({result.get('info') or result.get('code')}); "
                f"shown on {result['filename']}:{result['lineno']}",
                "dead_link",
                f"{record.path}:{record.line_of(field.split(' ')[0])}",
            )
