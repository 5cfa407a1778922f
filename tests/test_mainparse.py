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


@pytest.mark.parametrize("mode", ["one_parse", "sentence_parse"])
def test_one_parse_modes_give_the_same_facts_batched_and_alone(mode, request):
    request.getfixturevalue(mode)
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


# ALLEGIANCE_ONE_PARSE=sentences: NER first, then each masked sentence parsed alone (parse_articles)

@pytest.fixture
def sentence_parse(monkeypatch):
    monkeypatch.setenv("ALLEGIANCE_ONE_PARSE", "sentences")


def test_sentence_mode_is_its_own_setting(monkeypatch):
    from allegiance.extraction.language import one_parse, parse_mode

    for value, mode in (("", "twice"), ("0", "twice"), ("1", "article"), ("sentences", "sentences"),
                        ("Sentences", "sentences")):
        monkeypatch.setenv("ALLEGIANCE_ONE_PARSE", value)
        assert parse_mode() == mode
        assert one_parse() is (mode == "article")


def test_each_sentence_is_parsed_alone_with_its_names_masked(sentence_parse):
    from allegiance.extraction.language import load_pipeline

    article = pipeline.prepare(Source(name="t", text=TEXT, published="2020-01-01"))
    mainparse.parse_articles([article], load_pipeline(), pipeline.text_names)
    doc = article.doc
    assert doc is not None and doc.text == TEXT
    assert doc.has_annotation("DEP") and doc.has_annotation("TAG") and all(_reaches_a_root(t) for t in doc)
    # the sentences are the text's three paragraphs (the bracket stays inside its sentence)
    assert [s.text.strip() for s in doc.sents] == [p for p in TEXT.split("\n\n")]
    attacked = next(t for t in doc if t.text == "attacked")
    assert attacked.lemma_ == "attack" and attacked.pos_ == "VERB"
    # a name's words hang on its last word, which takes the placeholder's reading
    abu = next(t.i for t in doc if t.text == "Abu")
    julani = list(doc[abu:abu + 5])
    assert [t.text for t in julani] == ["Abu", "Mohammad", "al", "-", "Julani"]
    assert all(t.head.text == "Julani" for t in julani[:-1]) and julani[-1].tag_ == "NNP"
    assert julani[-1].lemma_ == "Julani", "a placeholder's token keeps its own word as lemma"
    # NER read the text as it is
    assert "Hezbollah" in {e.text for e in doc.ents}
    # the parses are kept for the facts stage, keyed by their masked text
    assert article.sentence_parses and all(d.text == t for t, ds in article.sentence_parses.items() for d in ds)


def test_the_facts_stage_takes_the_parse_of_a_sentence_masked_alike(sentence_parse, monkeypatch):
    from allegiance.extraction.language import load_pipeline

    parsed: list[str] = []
    real = parse.masked_parser

    def counting(model):
        pipe = real(model)

        def run(texts):
            texts = list(texts)
            parsed.extend(texts)
            return pipe(texts)
        return run

    monkeypatch.setattr(parse, "masked_parser", counting)
    article = pipeline.run(Source(name="t", text="Hezbollah fighters clashed with rebels near Zabadani.",
                                  published="2020-01-01"))
    assert article.facts, "the toy sentence gives a fact"
    assert parsed == [], "the one masked sentence was parsed before the mentions stage and taken"
    # the Doc it took is the one a parse of the masked text gives
    reading = parse.layout(article)
    fresh = list(real(None)([s.masked for s in reading.sentences]))
    again = pipeline.run(Source(name="t", text="Hezbollah fighters clashed with rebels near Zabadani.",
                                published="2020-01-01"))
    assert [f.predicate for f in again.facts] == [f.predicate for f in article.facts]
    nlp = load_pipeline()
    article2 = pipeline.prepare(Source(name="t", text="Hezbollah fighters clashed with rebels near Zabadani.",
                                       published="2020-01-01"))
    mainparse.parse_articles([article2], nlp, pipeline.text_names)
    kept = [d for ds in article2.sentence_parses.values() for d in ds]
    assert [[(t.text, t.tag_, t.dep_, t.head.i, t.lemma_) for t in d] for d in kept] == \
        [[(t.text, t.tag_, t.dep_, t.head.i, t.lemma_) for t in d] for d in fresh]


def test_sentence_mode_gives_the_default_facts_on_a_toy_article(sentence_parse, monkeypatch):
    got = pipeline.run(Source(name="a", text=TEXT, published="2020-01-01")).to_extraction().to_json()
    monkeypatch.delenv("ALLEGIANCE_ONE_PARSE")
    assert got == pipeline.run(Source(name="a", text=TEXT, published="2020-01-01")).to_extraction().to_json()
