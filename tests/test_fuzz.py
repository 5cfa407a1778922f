"""Property tests (hypothesis): any input ends in a result or a typed error (issue 13).

Each property runs a modest number of examples so the suite stays quick; bench/fuzz.py
runs the same entry points over 100,000+ inputs. The regression tests at the end are
inputs that found bugs, kept as they were found.
"""

from __future__ import annotations

import contextlib
import json
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allegiance import names
from allegiance.errors import AllegianceError, InputError
from allegiance.extraction import timex
from allegiance.read.inputs import Failure, Source, read_document, read_jsonl
from allegiance.read.structure import structure

QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of conflict reporting and of everything that broke readers before: bidi and
# zero-width marks, NUL, Arabic script, interview labels, impossible dates, HTML.
PIECES = [
    "The Free Syrian Army", " said on Monday", " that ", "Hay'at Tahrir al-Sham (HTS)", " attacked ",
    "Idlib", ".", "\n\n", "\n", "Q: ", "A: ", "31 February 2017", "0 March 0000", "١١ April ٢٠١٧",
    " killed 22 civilians in Aleppo", "Omar al-Rahmoun", " joined ", "\u200f", "\u202e", "\u200b", "\ufeff",
    "\x00", "قال الجيش السوري الحر", " in 2014", " last December", "[Ed.: note]", "<p>", "</div>",
    "Syria Recovery Trust Fund (SRTF)", "AAAAAAAA", "\ud800", "  ", "\t", "Jabhat al-Nusra—now JFS",
]
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=30).map("".join),
)
published = st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2099, 12, 31)).map(date.isoformat),
                      st.sampled_from(["2017-02-31", "1850-01-01", "garbage", "0000-00-00", "2017"]))


def _check_structured(doc: object, text_len: int | None = None) -> None:
    segs = doc.segments  # type: ignore[attr-defined]
    n = len(doc.text)  # type: ignore[attr-defined]
    last = 0
    for seg in segs:
        assert 0 <= seg.start < seg.end <= n
        assert seg.start >= last, "segments overlap or are out of order"
        last = seg.end


@QUICK
@given(st.binary(max_size=2000))
def test_any_bytes_read_as_an_article_or_an_input_error(data: bytes) -> None:
    try:
        source = read_document(data, name="fuzz")
    except InputError:
        return
    with contextlib.suppress(InputError):
        _check_structured(structure(source))


@QUICK
@given(texts, st.booleans(), published)
def test_structure_of_any_text_or_html(text: str, html: bool, pub: str | None) -> None:
    source = Source(name="fuzz", html=text) if html else Source(name="fuzz", text=text, published=pub)
    try:
        doc = structure(source)
    except InputError:
        return
    _check_structured(doc)
    assert "\ud800" not in doc.text  # lone surrogates never reach the store (UTF-8)
    doc.text.encode("utf-8")


_VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), texts,
                   st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
_RECORDS = st.dictionaries(st.sampled_from(["id", "text", "html", "title", "published", "url", "outlet"]),
                           _VALUES, max_size=7).map(json.dumps)


@QUICK
@given(st.lists(st.one_of(_RECORDS, st.text(max_size=50)), max_size=6))
def test_jsonl_records_with_wrong_field_types_fail_one_by_one(lines: list[str]) -> None:
    """Found: a record whose text holds a lone surrogate ("\\ud800") crashed its size check."""
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    try:
        items = list(read_jsonl(data, name="fuzz.jsonl"))
    except InputError:
        return
    for item in items:
        assert isinstance(item, Source | Failure)
        if isinstance(item, Source):
            with contextlib.suppress(InputError):
                _check_structured(structure(item))


@QUICK
@given(st.one_of(st.text(max_size=80), st.lists(st.sampled_from(PIECES), max_size=6).map("".join)),
       st.text(max_size=40))
def test_names_functions_never_raise(a: str, b: str) -> None:
    for fn in (names.fold, names.normalize, names.skeleton, names.consonants, names.acronym):
        assert isinstance(fn(a), str)
    assert isinstance(names.is_weak_alias(a), bool)
    assert isinstance(names.looks_unvowelled(a), bool)
    names.name_parts(a)
    score = names.similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert isinstance(names.same_name(a, b), bool)
    assert isinstance(names.is_sub_name(a, b), bool)


@QUICK
@given(texts, published)
def test_timexes_point_into_the_text_and_hold_real_dates(text: str, pub: str | None) -> None:
    from allegiance.read.structure import iso_date

    try:
        found = timex.find_timexes(text, published=pub)
    except ValueError:
        # an anchor that is no date is the caller's mistake (the pipeline checks it first: A109)
        assert pub is not None and iso_date(pub) != pub
        return
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        for value in (t.value.start, t.value.end, t.value.as_of):
            if value:
                parts = [int(p) for p in value.split("-")]
                date(*[*parts, 1, 1][:3])  # a real day, month or year


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(name=st.one_of(st.text(max_size=40), st.sampled_from(["Idlib", "Halfaya", "Tal Tamr", "حلب", "Homs\u200f",
                                                             "Kafr Nabuda", "nahyt mrkz alhskt", "\x00", ""])),
       context=st.one_of(st.none(), texts))
def test_places_geocode_any_name(cache: object, name: str, context: str | None) -> None:
    from allegiance.geo.places import geocode, is_known_place, resolve_place

    for cand in geocode(name, context=context):
        assert cand.lat is None or -90 <= cand.lat <= 90
        assert cand.lon is None or -180 <= cand.lon <= 180
    resolve_place(name, context=context)
    assert isinstance(is_known_place(name), bool)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, published)
def test_extract_any_text_ends_in_a_valid_extraction_or_a_typed_error(text: str, pub: str | None) -> None:
    import allegiance

    try:
        ex = allegiance.extract(Source(name="fuzz", text=text, published=pub), with_text=True)
    except AllegianceError:
        return
    body = ex.document.text or ""
    for f in ex.facts:
        assert body[f.evidence.start:f.evidence.end] == f.evidence.text
    for e in ex.entities:
        for s, end in e.mentions:
            assert 0 <= s < end <= len(body)
    ex.model_dump_json()


# -- inputs that found bugs -----------------------------------------------------------------


def test_a_long_capitalised_run_is_read_in_linear_time() -> None:
    """16 kB of "AAAA…" took 22 s in the acronym regex (1 MB: about a day)."""
    from allegiance.extraction.entities.mentions import defined_acronyms

    t = time.process_time()
    assert defined_acronyms("A" * 200_000) == {}
    assert defined_acronyms("Aaa " * 50_000 + "Bbb (AB)") == {"AB": (199_996, 200_003)}  # ORG_SUFFIXED too
    assert time.process_time() - t < 5
    assert defined_acronyms("the Syria Recovery Trust Fund (SRTF) said")["SRTF"] == (4, 29)
    assert defined_acronyms("xAbc Def (AD)") == {"AD": (1, 8)}


def test_html_nested_past_the_parser_depth_keeps_its_article() -> None:
    from allegiance.read.structure import html_to_text

    para = "<p>" + "The Free Syrian Army said on Monday that fighting went on in the Hama countryside. " * 3 + "</p>"
    for depth in (300, 20_000):
        html = f"<html><body>{'<div>' * depth}<article>{para}</article>{'</div>' * depth}</body></html>"
        text, _ = html_to_text(html, name="deep.html")
        assert "fighting went on in the Hama countryside" in text


def test_mac_arabic_is_read() -> None:
    arabic = "قال المتحدث باسم الجيش السوري الحر إن الاشتباكات مستمرة في ريف حماة الشمالي منذ أسبوع."
    source = read_document(arabic.encode("mac_arabic"), name="mac.txt")
    assert source.text == arabic


def test_a_segment_opening_with_a_long_run_of_spaces_is_linear() -> None:
    """A sentence opening with 1 MB of spaces took 85 s (SEGMENT_LABEL backtracked)."""
    import re

    from allegiance.extraction.facts.lexicon import SEGMENT_LABEL

    t = time.process_time()
    assert re.match(SEGMENT_LABEL, " " * 200_000 + "x") is None
    assert time.process_time() - t < 2


def test_spacy_parses_text_over_its_million_characters_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text over 1,000,000 characters raised spaCy's E088; now it is parsed in pieces."""
    from allegiance.extraction import language

    nlp = language.load_pipeline()
    assert nlp.max_length > 1_000_000
    text = "The Free Syrian Army fought in Idlib." + "\n" * 1_000_001 + "It ended in Aleppo."
    doc = nlp(text)
    assert doc.text == text
    monkeypatch.setattr(language, "CHUNK_CHARS", 300)
    article = (Path(__file__).parent / "data" / "syria-direct-2017-04-11-rahmoun.txt").read_text(encoding="utf-8")
    doc = nlp(article)
    assert doc.text == article and [t.idx for t in doc][:5] == [t.idx for t in nlp.make_doc(article)][:5]


def test_jsonl_records_hypothesis_found() -> None:
    """A lone surrogate in a record's text or title (UnicodeEncodeError in the size check), a
    5,000-digit number (ValueError from json), true as the text: each a typed error or read."""
    data = b'{"text": "x\\ud800 y", "title": "t\\udc00"}\n{"text": "abc", "id": ' + b"9" * 5000 + b'}\n{"text": true}'
    first, second, third = read_jsonl(data, name="f.jsonl")
    assert isinstance(first, Source) and first.text == "x\ufffd y" and first.title == "t\ufffd"
    assert isinstance(second, Failure) and second.error.code == "A106"
    assert isinstance(third, Failure) and third.error.code == "A106"


# -- the facts stage's indexes answer what the scans they replaced answered -------------------
# (a 1 MB article made those scans quadratic; the output must not change by a byte)

refs_st = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 6)), max_size=40)


@QUICK
@given(refs_st, st.lists(st.tuples(st.integers(0, 70), st.integers(-1, 8)), min_size=1, max_size=10),
       st.lists(st.tuples(st.integers(0, 60), st.integers(0, 6)), max_size=10))
def test_ref_index_finds_the_refs_a_scan_finds(refs: list[tuple[int, int]], asks: list[tuple[int, int]],
                                               more: list[tuple[int, int]]) -> None:
    from allegiance.extraction.facts.parse import Ref, _RefIndex

    rows = sorted([Ref(s, f"e{k}", True, False, False, seg) for k, (s, seg) in enumerate(refs)], key=lambda r: r.start)
    index = _RefIndex(rows)
    for s, seg in more:  # add_ref: a ref at a start none has yet, where the sort puts it
        if s not in index.starts:
            index.insert(next((i for i, r in enumerate(rows) if r.start > s), len(rows)), Ref(s, "x", True, False,
                                                                                                  False, seg))
    assert index.starts == sorted(r.start for r in rows) and len(rows) == index.size
    for offset, seg in asks:
        assert index.before(offset, seg) == [r for r in rows if r.start < offset and r.seg_index >= seg]
        assert index.before(offset) == [r for r in rows if r.start < offset]
        assert index.after(offset, seg) == [r for r in rows if r.start > offset and r.seg_index <= seg]


@QUICK
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 6)), max_size=40), st.integers(0, 60),
       st.integers(-5, 60), st.booleans())
def test_mention_index_gives_the_order_of_the_scans(spans: list[tuple[int, int]], offset: int, floor: int,
                                                    in_order: bool) -> None:
    from types import SimpleNamespace

    from allegiance.extraction.facts.parse import _MentionIndex

    ms = [SimpleNamespace(start=s, end=s + n, k=k) for k, (s, n) in enumerate(spans)]
    if in_order:
        ms.sort(key=lambda m: m.start)
    index = _MentionIndex(ms)  # type: ignore[arg-type]
    # _town_antecedent: a stable sort by start, reversed, of those in [floor, offset]
    want = [m for m in sorted(ms, key=lambda m: m.start, reverse=True) if floor <= m.start <= offset]
    assert [m.k for m in index.latest_first(offset, floor)] == [m.k for m in want]
    # person_antecedent: the mentions before the first (in list order) ending past the offset
    first = next((i for i, m in enumerate(ms) if m.end > offset), len(ms))
    assert index.until(offset) == first
    assert sorted(m.k for m in index.within(offset, offset + 10)) == sorted(
        m.k for m in ms if offset <= m.start <= offset + 10)


@QUICK
@given(st.lists(st.one_of(st.none(), st.integers(0, 40)), max_size=50),
       st.lists(st.tuples(st.integers(0, 55), st.integers(0, 45), st.integers(0, 49)), max_size=20))
def test_latest_finds_the_last_value_below_as_a_scan_does(values: list[int | None],
                                                          steps: list[tuple[int, int, int]]) -> None:
    from allegiance.extraction.facts.stage import _Latest

    tree = _Latest(values)
    for i, x, j in steps:
        want = next((k for k in range(min(i, len(values)) - 1, -1, -1)
                     if values[k] is not None and values[k] < x), None)  # type: ignore[operator]
        assert tree.last(i, x) == want
        if j < len(values):  # a draft dated since
            values[j] = x
            tree.set(j, x)
