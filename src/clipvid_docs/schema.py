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

#: Settings a method is evaluated in (multi-valued field ``task``).
TASKS: tuple[Term, ...] = (
    Term("supervised", "Fully supervised", "Trained and tested on the same classes."),
    Term(
        "zero-shot",
        "Zero-shot / open-vocabulary",
        "Tested on classes or datasets never seen in training, named only by text.",
    ),
    Term("few-shot", "Few-shot", "A few labelled videos per class (all-way or N-way K-shot)."),
    Term("base-to-novel", "Base-to-novel", "Trained on base classes, tested on base and novel."),
    Term("test-time", "Test-time adaptation", "Adapted on unlabelled test videos."),
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

#: The sections that hold methods (the method index, the coverage counts).
METHOD_SECTIONS = ("adaptation", "few-shot")

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
    Term("K700", "Kinetics-700", "As its sources' tables name it; see the sources of each row."),
    Term(
        "SSv1",
        "Something-Something v1",
        "As its sources' tables name it; see the sources of each row.",
    ),
    Term("Diving48", "Diving48", "As its sources' tables name it; see the sources of each row."),
    Term(
        "ActivityNet", "ActivityNet", "As its sources' tables name it; see the sources of each row."
    ),
    Term(
        "EK100", "EPIC-KITCHENS-100", "As its sources' tables name it; see the sources of each row."
    ),
    Term(
        "EPIC100-OV",
        "EPIC-KITCHENS-100 (open-vocabulary split)",
        "Base and novel classes, as the source splits them.",
    ),
    Term(
        "Assembly101-OV",
        "Assembly101 (open-vocabulary split)",
        "Base and novel classes, as the source splits them.",
    ),
    Term("FineGym99", "FineGym99", "As its sources' tables name it; see the sources of each row."),
    Term(
        "FineGym288", "FineGym288", "As its sources' tables name it; see the sources of each row."
    ),
    Term("HAA500", "HAA500", "As its sources' tables name it; see the sources of each row."),
    Term(
        "Toyota-Smarthome-CS",
        "Toyota Smarthome (cross-subject)",
        "As its sources' tables name it; see the sources of each row.",
    ),
    Term(
        "MPII-Cooking2",
        "MPII Cooking 2",
        "As its sources' tables name it; see the sources of each row.",
    ),
    *(
        Term(slug, slug, "As its sources' tables name it; see the sources of each row.")
        for slug in ("ActionAtlas", "NationalCSL-DP", "SLR500", "NMFs-CSL")
    ),
)

#: Evaluation protocols, in the order the results page shows them.
PROTOCOLS: tuple[Term, ...] = (
    Term("supervised", "Fully supervised", "Trained and tested on the benchmark's classes."),
    Term(
        "zero-shot",
        "Zero-shot",
        "Tested on classes unseen in training; each row's source says what it was trained on.",
    ),
    Term("base-to-novel", "Base-to-novel", "Trained on base classes, tested on base and novel."),
    Term("few-shot", "Few-shot (all-way K-shot)", "Trained with K videos per class."),
    Term("5-way-k-shot", "5-way K-shot", "Episodic few-shot recognition."),
)

PARADIGM_SLUGS = tuple(t.slug for t in PARADIGMS)
BENCHMARK_SLUGS = tuple(t.slug for t in BENCHMARKS)
PROTOCOL_SLUGS = tuple(t.slug for t in PROTOCOLS)
TASK_SLUGS = tuple(t.slug for t in TASKS)
SECTION_SLUGS = tuple(t.slug for t in SECTIONS)
PARADIGM_LABELS = {t.slug: t.label for t in PARADIGMS}
BENCHMARK_LABELS = {t.slug: t.label for t in BENCHMARKS}
PROTOCOL_LABELS = {t.slug: t.label for t in PROTOCOLS}
TASK_LABELS = {t.slug: t.label for t in TASKS}

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
    "task",
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

#: The longest value a field may hold, in characters. A longer one (a pasted
#: abstract, a hostile file) is reported and left out, so that no renderer
#: spends minutes on it.
MAX_FIELD_CHARS = 10_000

#: Entry types refs.bib may use.
ENTRY_TYPES = tuple(REQUIRED_FIELDS)


def split_list(value: str) -> list[str]:
    """Split a comma-separated multi-valued field (``paradigm``, ``section``)."""
    return [part.strip() for part in value.split(",") if part.strip()]


#: Every warning the extension and ``check`` can give, ``type="clipvid"``:
#: subtype -> when. The contributing page renders this table, and
#: ``suppress_warnings = ["clipvid.<subtype>"]`` silences one.
WARNINGS: dict[str, str] = {
    "syntax": "an entry cannot be read (braces, quotes, commas), a '@' opens no entry, "
    "text reads like an entry without its '@', or the file is not UTF-8",
    "duplicate_key": "a key is defined twice (case-insensitively)",
    "bad_key": "a key does not follow the convention, or holds characters a key cannot have",
    "bad_type": "an entry type other than the four above (the entry is shown as @misc)",
    "missing_field": "a required field, or ``section``, is missing",
    "missing_url": "an entry has no ``url``",
    "bad_url": "``url``, ``code``, ``homepage``, a ``links`` item, a LaTeX ``\\url`` or "
    "``\\href`` is not an http(s) address, or ``doi``/``eprint`` is malformed: "
    "the value is left out",
    "bad_field": "``year`` is not four digits or ``added`` not a date (left out), or a text "
    "field has an unescaped ``&``, ``%``, ``#`` or ``_``",
    "too_large": f"a field is longer than {MAX_FIELD_CHARS:,} characters (left out)",
    "bad_section": "a ``section`` value outside the list above",
    "bad_paradigm": "a ``paradigm`` value outside the list above",
    "bad_task": "a ``task`` value outside the list above",
    "unknown_key": "a card, a ``crossref`` or a results row names a key not in refs.bib "
    "(a ``cite`` role's unknown key is sphinxcontrib-bibtex's ``bibtex.key_not_found``)",
    "results_row": "a results row has a bad column count, benchmark, protocol, number or no source",
    "duplicate_row": "a results row repeats the configuration of an earlier one",
    "candidate": "a row of the coverage ledger has no valid status, an added key not in "
    "refs.bib, no reason, a found_in that is not http(s), or duplicates an entry or a row",
    "change": "a row of docs/data/changes.csv has a bad date, an unknown key, no field or "
    "change, or a source that is not one http(s) address",
    "directive": "a directive or role of the extension is used wrongly",
    "empty": "a ``clipvid-cards`` selection matches no entry",
    "search": "the search index could not be built (Pagefind missing or failing)",
    "dead_link": "(linkcheck builder only) an entry's address is broken or timed out",
}
