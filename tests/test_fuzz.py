"""Property-based fuzzing (Hypothesis) of the two readers: whatever a bib file
or a results file holds, nothing raises, every entry is loaded or reported at
its line, and no value that is not http(s) passes the safety boundary; and
the reader's fast paths read what pybtex reads. Bounded so that the suite
stays fast."""

import csv
import io
import re

import pybtex.errors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.bibtex.utils import split_name_list as pybtex_split
from pybtex.database import Person

from clipvid_docs import bibdata, export, readme, results

HOSTILE_URLS = st.sampled_from(
    [
        "javascript:alert(1)", " JaVaScRiPt:x", "data:text/html,<b>", "vbscript:x", "file:///etc",
        "https://ok.example.org/a_b?c=1&d=2#e", "http://ok.example.org", "//evil", "",
    ]
)  # fmt: skip
TEXT = st.lists(
    st.sampled_from([*'ab {}@,="#%&_$\\<>\n\r\t\u00a0\ufeff', "\\url{", "\\href{", "javascript:"]),
    max_size=30,
).map("".join)
FIELDS = st.sampled_from(
    ["title", "url", "code", "homepage", "doi", "eprint", "year", "note", "links", "abbr"]
)


@st.composite
def entries(draw):
    key = draw(st.from_regex(r"[a-z]{1,6}20[0-9]{2}[a-z]", fullmatch=True))
    fields = draw(st.dictionaries(FIELDS, st.one_of(HOSTILE_URLS, TEXT), max_size=5))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return key, f"@misc{{{key},\n{body},\n  section = {{misc}},\n}}"


SEPARATORS = st.sampled_from(["\n\n", "\n", " ", "\n% comment\n", "\n@comment{x}\n", "\u00a0"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(entries(), SEPARATORS, TEXT), max_size=6))
def test_bib_reader_never_raises_loses_nothing_and_passes_nothing_unsafe(parts):
    text = "".join(entry + sep + noise.replace("@", "") for (_, entry), sep, noise in parts)
    bib = bibdata.load_text(text, "fuzz.bib")
    problems = bibdata.check(bib)
    reported = {p.line for p in problems}
    for key, entry in (e for e, _, _ in parts):
        line = text.count("\n", 0, text.index(entry)) + 1 if entry in text else None
        assert (
            key in bib.records
            or line in reported
            or any(r.line == line for r in bib.records.values())
        ), (key, text)
    for record in bib.records.values():
        for name in ("url", "code", "homepage"):
            assert not record.get(name) or bibdata.is_web_url(record.get(name))
        for target in re.findall(
            r"\\(?:url|href)\s*\{([^{}]*)\}", " ".join(record.fields.values())
        ):
            assert bibdata.is_web_url(target.strip())
        assert all(bibdata.is_web_url(url) for _, _, url in record.links)
        export.format_entry(record)
        export.to_csl(record)
    readme.render(bib)


CELLS = st.one_of(
    st.sampled_from(["80.5", "-1", "nan", "inf", "1e3", "8_0", "101", "0", "", "\x00", "x"]),
    st.text(max_size=8),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=0, max_size=16), max_size=8))
def test_results_reader_never_raises_and_keeps_only_sane_numbers(tmp_path_factory, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(results.COLUMNS)
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("fuzz") / "results.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    kept, problems = results.load(path, lambda key: True)
    for row in kept:
        assert 0 <= row.top1_value <= 100
        assert row.gflops_value is None or row.gflops_value > 0
    assert len(kept) + len(problems) <= len(rows) + 1


# -- the fast paths agree with pybtex, which they stand in for --

NAME_WORD = st.sampled_from(
    ["Lin", "van", "der", "De", "la", "Jean-Luc", "Z.", "O'Neil", "Müller", "{Foo Bar}", "\\'e",
     "jr", "Jr.", "others", "~x"]
)  # fmt: skip
NAMES = st.lists(
    st.tuples(st.lists(NAME_WORD, min_size=1, max_size=3), st.lists(NAME_WORD, max_size=3)),
    min_size=1, max_size=4,
).map(lambda names: " and ".join(
    " ".join(last) + (", " + " ".join(first) if first else "") for last, first in names
))  # fmt: skip
VALUE = st.lists(
    st.sampled_from([*'ab {}"#,=', "and", " and ", "\n", "  ", "--", "\\&", "{CLIP}", "é", "12"]),
    max_size=12,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["title", "author", "editor", "note", "year", "Title"]),
        st.one_of(VALUE, NAMES),
        max_size=5,
    ),
    st.sampled_from(["{}", '"{}"', "{{{}}}"]),
)
def test_fast_reader_reads_what_pybtex_reads(fields, quoting):
    """An entry read by our reader (braced and quoted values) holds exactly
    what pybtex reads, names as pybtex prints them back; or it is left to
    pybtex."""
    body = ",\n".join(f"  {k} = {quoting.format(v)}" for k, v in fields.items())
    text = f"@misc{{k2024x,\n{body},\n  section = {{misc}},\n}}\n"
    piece = next(bibdata.scan(text))
    if not piece.closed:
        return  # reported as such, never read
    fast = bibdata._fields(text, piece)
    with pybtex.errors.capture() as errors:
        try:
            parsed = bibdata.Parser("utf-8").parse_string(text).entries.get("k2024x")
        except bibdata.PybtexError:
            parsed = None
    if fast is None:
        return  # pybtex reads it (or reports it)
    assert not errors and parsed is not None, text
    assert fast[0] == {k.lower(): str(v) for k, v in parsed.fields.items()}, text
    assert fast[1] == {
        role.lower(): tuple(str(p) for p in people) for role, people in parsed.persons.items()
    }, text


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(VALUE, NAMES, st.text(st.characters(blacklist_categories=["Cc", "Cs"]), max_size=12))
)
def test_fast_text_and_names_agree_with_pybtex(value):
    assert bibdata.latex_to_text(value) == bibdata._latex_to_text.__wrapped__(value)
    for name in pybtex_split(value):
        try:
            person = Person(name)
        except bibdata.PybtexError:
            continue  # pybtex reports it; our reader leaves such names to pybtex
        full = bibdata.latex_to_text(" ".join(
            person.first_names + person.middle_names + person.prelast_names
            + person.last_names + person.lineage_names
        ))  # fmt: skip
        assert bibdata._display_name(name) == full
        assert bibdata._person(name) == str(person)
        plain = bibdata.split_plain_name(name)
        if plain is not None:
            assert plain == (" ".join(person.prelast_names + person.last_names),
                             " ".join(person.first_names + person.middle_names))  # fmt: skip
