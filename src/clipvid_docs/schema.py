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

#: Benchmarks of the results tables.
BENCHMARKS: tuple[Term, ...] = (
    Term("K400", "Kinetics-400", "400 human action classes."),
    Term("SSv2", "Something-Something v2", "174 classes of hand-object interactions."),
    Term("K600", "Kinetics-600", "Zero-shot: the classes of Kinetics-600 not in Kinetics-400."),
    Term("UCF101", "UCF101", "101 action classes."),
    Term("HMDB51", "HMDB51", "51 action classes."),
    Term("SSv2-Full", "SSv2 (few-shot, full)", "Few-shot split of Something-Something v2."),
    Term("SSv2-Small", "SSv2 (few-shot, small)", "Smaller few-shot split of SSv2."),
    Term("Kinetics-CMN", "Kinetics (few-shot, CMN split)", "100-class few-shot split."),
)

#: Evaluation protocols, in the order the results page shows them.
PROTOCOLS: tuple[Term, ...] = (
    Term("supervised", "Fully supervised", "Trained and tested on the benchmark's classes."),
    Term("zero-shot", "Zero-shot", "Trained on Kinetics-400, tested on unseen classes."),
    Term("base-to-novel", "Base-to-novel", "Trained on base classes, tested on base and novel."),
    Term("few-shot", "Few-shot (all-way K-shot)", "Trained with K videos per class."),
    Term("5-way-k-shot", "5-way K-shot", "Episodic few-shot recognition."),
)

PARADIGM_SLUGS = tuple(t.slug for t in PARADIGMS)
BENCHMARK_SLUGS = tuple(t.slug for t in BENCHMARKS)
PROTOCOL_SLUGS = tuple(t.slug for t in PROTOCOLS)
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
