"""The GitHub view: LIST.md, an awesome list written from refs.bib.

Sections and their order follow the seed list; within a group, newest first,
as on the site. A test fails when the committed file differs from what this
writes, so the list and the site cannot drift.
"""

from __future__ import annotations

from collections.abc import Iterable

from .bibdata import Bibliography, Record
from .schema import PARADIGMS

HEADER = """<!-- Generated from refs.bib by `python -m clipvid_docs readme`; do not edit. -->
# The list

Every entry below was verified in a source and comes from `refs.bib`; the site
shows the same entries as cards, with BibTeX, results and the errata of the
list this one started from.
"""

#: (heading, section, paradigm filter) in the seed list's order. A paradigm
#: filter of "" lists the section's entries without a paradigm.
GROUPS: tuple[tuple[str, str, str | None], ...] = (
    ("## Datasets", "datasets", None),
    ("## Related surveys", "surveys", None),
    ("## Pretrained image-language models", "image-language", None),
    ("## Pretrained video-language models", "video-language", None),
    ("## Adaptation from image-language models to video", "", None),
    *((f"### {t.label}", "adaptation", t.slug) for t in PARADIGMS),
    ("### Paradigm not stated", "adaptation", ""),
    ("## Few-shot video action recognition", "few-shot", None),
    ("## Code and tools", "tools", None),
    ("## Miscellaneous", "misc", None),
)


def _md(text: str) -> str:
    """Text safe inside a Markdown link label."""
    for char in "\\[]*_`<>":
        text = text.replace(char, "\\" + char)
    return text


def _url(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def item(record: Record) -> str:
    title = _md(record.title)
    line = f"- [{title}]({_url(record.get('url'))})" if record.get("url") else f"- {title}"
    where = " ".join(p for p in (record.venue, record.year) if p)
    if where:
        line += f", {_md(where)}"
    links = [(label, url) for field, label, url in record.links if field != "url"]
    line += "".join(f" [[{_md(label)}]({_url(url)})]" for label, url in links)
    return line


def _select(records: Iterable[Record], section: str, paradigm: str | None) -> list[Record]:
    chosen = [r for r in records if section in r.sections]
    if paradigm == "":
        chosen = [r for r in chosen if not r.paradigms]
    elif paradigm is not None:
        chosen = [r for r in chosen if paradigm in r.paradigms]
    return sorted(chosen, key=Record.sort_key, reverse=True)


def render(bib: Bibliography) -> str:
    parts = [HEADER]
    for heading, section, paradigm in GROUPS:
        if not section:
            parts.append(f"\n{heading}\n")
            continue
        chosen = _select(bib.records.values(), section, paradigm)
        if chosen:
            parts.append(f"\n{heading}\n\n" + "\n".join(item(r) for r in chosen) + "\n")
    return "".join(parts)
