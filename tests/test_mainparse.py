"""The facts stage's masked sentences built from the article's one parse (ALLEGIANCE_ONE_PARSE)."""

from __future__ import annotations

import pytest

from allegiance.extraction import pipeline
from allegiance.extraction.facts import mainparse, parse
from allegiance.extraction.facts import stage as facts
from allegiance.extraction.facts.lexicon import PLACEHOLDER_WORDS
from allegiance.read.inputs import Failure, Source

TEXT = ("Fighters of the Islamic State attacked Kobani on Monday, said Abu Mohammad al-Julani.\n\n"
        "Jaish al-Islam [a rebel group] clashed with Hezbollah near Zabadani.\n\n"
        "The group said it had captured two villages near the town.")


@pytest.fixture
def one_parse(monkeypatch):
    monkeypatch.setenv("ALLEGIANCE_ONE_PARSE", "1")


def _reading() -> parse.Reading:
    article = pipeline.run(Source(name="t", text=TEXT, published="2020-01-01"))
    assert facts.needs_reading(article)
    return mainparse.read(article)


def _reaches_a_root(tok) -> bool:
    seen = set()
    while tok.head.i != tok.i:
        if tok.i in seen:
            return False
        seen.add(tok.i)
        tok = tok.head
    return True


def test_masked_sentences_take_the_main_parse_without_parsing_again(one_parse, monkeypatch):
    def no_parse(texts):
        raise AssertionError("no second parse with ALLEGIANCE_ONE_PARSE")

    monkeypatch.setattr(parse, "masked_parser", lambda model: no_parse)
    reading = _reading()
    assert reading.sentences
    for sent in reading.sentences:
        doc = sent.doc
        assert doc is not None and doc.text == sent.masked
        assert doc.has_annotation("DEP") and all(_reaches_a_root(t) for t in doc)
        for tok in doc:
            if sent.unit(tok) is not None and tok.text in PLACEHOLDER_WORDS:
                assert tok.pos_ == "PROPN" and tok.tag_ == "NNP"
    attacked = next(t for s in reading.sentences for t in s.doc or [] if t.text == "attacked")
    assert attacked.lemma_ == "attack"
    subject = [c for c in attacked.children if c.dep_ == "nsubj"]
    assert [c.text for c in subject] == ["Fighters"]
    assert reading.refs, "the groups named are collected as with the re-parse"


def test_a_bracket_description_is_said_of_the_name_before_it(one_parse):
    reading = _reading()
    bracket = [s for s in reading.sentences if s.bracket_of is not None]
    assert bracket, "the fixture describes a group in brackets"
    doc = bracket[0].doc
    assert doc is not None and doc.text.startswith("Google is ")
    root = next(t for t in doc if t.dep_ == "ROOT")
    assert root.text == "is" and doc[0].head == root and doc[0].dep_ == "nsubj"
    assert any(t.dep_ == "attr" and t.head == root for t in doc)


def test_one_parse_facts_are_the_same_batched_and_alone(one_parse):
    items = [Source(name="a", text=TEXT, published="2020-01-01"),
             Source(name="b", text="Hezbollah fighters clashed with rebels near Zabadani.", published="2020-01-01")]
    batched = list(pipeline.run_many(items))
    for got, item in zip(batched, items, strict=True):
        assert not isinstance(got, Failure)
        assert got.to_extraction().to_json() == pipeline.run(item).to_extraction().to_json()
    assert any(a.facts for a in batched if not isinstance(a, Failure))


def test_break_cycles_makes_one_token_of_a_loop_a_root():
    heads, deps = [1, 2, 0, 3], ["nsubj", "dobj", "prep", "ROOT"]
    mainparse._break_cycles(heads, deps)
    assert heads.count(None) == 0 and sum(1 for j, h in enumerate(heads) if h == j) == 2
    for j in range(4):  # every token now reaches a root
        k, steps = j, 0
        while heads[k] != k and steps < 5:
            k, steps = heads[k], steps + 1
        assert heads[k] == k
