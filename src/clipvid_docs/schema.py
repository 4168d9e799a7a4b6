"""The vocabulary of refs.bib: sections, paradigms and which fields mean what.

Kept in one place so that the loader, the directives, the exporter, the CLI and
the contributing page all agree on it.
"""

from __future__ import annotations

from typing import NamedTuple


class Term(NamedTuple):
    slug: str
    label: str
    description: str


#: Adaptation paradigms, in the order the site shows them.
PARADIGMS: tuple[Term, ...] = (
    Term(
        "adapter",
        "Adapter",
        "The image-language backbone stays frozen; small trainable modules "
        "(adapters, side networks, temporal decoders) add temporal modelling.",
    ),
    Term(
        "prompt",
        "Prompt",
        "Learnable prompt tokens on the text and/or vision side steer a mostly frozen model.",
    ),
    Term(
        "adapter-prompt",
        "Adapter + prompt",
        "Both new modules and learned or generated prompts.",
    ),
    Term(
        "full-finetuning",
        "Full fine-tuning",
        "The image-language model's weights are trained end to end on video.",
    ),
)

#: Sections of the site, in the order of the seed list.
SECTIONS: tuple[Term, ...] = (
    Term("datasets", "Datasets", "Video datasets for pretraining and recognition."),
    Term("surveys", "Surveys", "Surveys and broad studies of the field."),
    Term("image-language", "Image-language models", "Pretrained image-text models."),
    Term("video-language", "Video-language models", "Pretrained video-text models."),
    Term("adaptation", "Adaptation methods", "From image-language models to video."),
    Term("few-shot", "Few-shot recognition", "Few-shot action recognition with VLMs."),
    Term("tools", "Code and tools", "Code repositories and tools for video work."),
    Term("misc", "Miscellaneous", "Related work that fits no other section."),
)

PARADIGM_SLUGS = tuple(t.slug for t in PARADIGMS)
SECTION_SLUGS = tuple(t.slug for t in SECTIONS)

#: Fields that only this project reads. BibTeX and biber ignore unknown fields,
#: but the export drops them so that pasted entries stay clean.
CUSTOM_FIELDS = (
    "abbr",
    "added",
    "annote",
    "code",
    "homepage",
    "links",
    "paradigm",
    "section",
)

#: Fields read verbatim by LaTeX tools (no escaping of & % # _ expected).
VERBATIM_FIELDS = ("url", "doi", "eprint", "archiveprefix", "primaryclass")

#: Fields that hold one link each; all must be http(s).
LINK_FIELDS = ("url", "code", "homepage")

#: Fields a BibTeX user expects, by entry type (besides url, required everywhere).
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "misc": ("title",),
}

#: Entry types refs.bib may use.
ENTRY_TYPES = tuple(REQUIRED_FIELDS)


def split_list(value: str) -> list[str]:
    """Split a comma-separated multi-valued field (``paradigm``, ``section``)."""
    return [part.strip() for part in value.split(",") if part.strip()]
