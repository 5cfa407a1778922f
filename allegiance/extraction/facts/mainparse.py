"""The facts stage's masked sentences parsed without a second parse (`ALLEGIANCE_ONE_PARSE`).

By default each masked sentence is parsed again (parse.py's reason: the small parser
breaks on transliterated names). With the setting on, a masked sentence's Doc is built
from the article's one parse instead: its masked text is only tokenized, each token takes
the tag, lemma and dependency of the token of the main parse it stands for, and a
placeholder takes the dependency of its name's head word (the name's own words fold into
it). With `language.one_parse` the main parse was itself made with the names NER found
masked, so most names are parsed as placeholders there too.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from allegiance.extraction.article import Article
    from allegiance.extraction.facts.parse import Piece, Reading, Sentence

#: What the masked parse gives a placeholder word when it reads it as a name.
_NAME = ("NNP", "PROPN", "Number=Sing")
#: The words a bracket sentence ("John is …") adds, which stand for no token of the text.
_ADDED = {"is": ("VBZ", "AUX", "be", "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"),
          ".": (".", "PUNCT", ".", "PunctType=Peri")}


def parse_sentences(readings: list[Reading], nlp_pipe: Callable[[list[str]], Iterable[Doc]]) -> None:
    """`parse.attach`es to every reading the parses of its masked sentences: one `nlp_pipe`
    call for all of them (parse.read_many's reason), or, with `ALLEGIANCE_ONE_PARSE` on, none:
    `sentence_docs` builds them from each article's parse."""
    from allegiance.extraction.facts.parse import attach
    from allegiance.extraction.language import one_parse

    if one_parse():
        for reading in readings:
            attach(reading, sentence_docs(reading, reading.article.model))
        return
    docs = iter(nlp_pipe([s.masked for r in readings for s in r.sentences]))
    for reading in readings:
        attach(reading, [next(docs) for _ in reading.sentences])


def read(article: Article) -> Reading:
    """parse.read for one article, as `parse_sentences` reads a batch."""
    from allegiance.extraction.facts.parse import layout, masked_parser

    reading = layout(article)
    parse_sentences([reading], masked_parser(article.model))
    return reading


def sentence_docs(reading: Reading, model: str | None) -> list[Doc]:
    """A Doc for each of the reading's masked sentences, from the article's parse."""
    from allegiance.extraction.language import load_pipeline

    main = reading.article.doc
    assert main is not None, "needs_reading: only parsed articles are read"
    tokenizer = load_pipeline(model).tokenizer
    starts = [t.idx for t in main]
    return [_sentence_doc(main, starts, s, tokenizer(s.masked)) for s in reading.sentences]


def _sentence_doc(main: Doc, starts: list[int], sent: Sentence, doc: Doc) -> Doc:
    """`doc` (the masked text, tokenized) given the main parse's annotation."""
    from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

    pieces = sorted(sent.pieces, key=lambda p: p.mstart)
    mstarts = [p.mstart for p in pieces]
    found = [_source(main, starts, pieces, mstarts, tok.idx) for tok in doc]
    src = [(f[0], f[1]) if f is not None else None for f in found]
    shown: dict[int, int] = {}  # main token -> the first masked token standing for it
    for j, f in enumerate(found):
        if f is not None:
            for i in f[2]:  # a placeholder stands for every word of its name
                shown.setdefault(i, j)
    strings = doc.vocab.strings
    rows: list[list[int]] = []
    heads: list[int] = []
    deps: list[str] = []
    for j, tok in enumerate(doc):
        s = src[j]
        if s is None:  # a word the bracket sentence adds
            tag, pos, lemma, morph = _ADDED.get(tok.text, ("NN", "NOUN", tok.lower_, ""))
            heads.append(j)
            deps.append("ROOT")
        else:
            i, placeholder = s
            m = main[i]
            tag, pos, lemma, morph = (*_NAME[:2], tok.text, _NAME[2]) if placeholder else (
                m.tag_, m.pos_, m.lemma_, str(m.morph))
            first = shown[i]
            head = j if m.head.i == i else shown.get(m.head.i)
            if first != j:  # a second masked token for one main token (tokens cut differently)
                head, dep = first, "compound"
            else:
                dep = m.dep_ if head is not None and head != j else "ROOT"
            heads.append(head if head is not None else j)
            deps.append(dep)
        rows.append([strings.add(tag), strings.add(pos), strings.add(lemma), strings.add(morph)])
    if sent.bracket_of is not None:
        _bracket_tree(doc, src, heads, deps)
    _break_cycles(heads, deps)
    import numpy

    table = numpy.zeros((len(doc), 6), dtype="uint64")
    if len(doc):
        table[:, :4] = numpy.array(rows, dtype="uint64")
        table[:, 4] = numpy.array([strings.add(d) for d in deps], dtype="uint64")
        table[:, 5] = numpy.array([h - j for j, h in enumerate(heads)], dtype="int64").astype("uint64")
    doc.from_array([TAG, POS, LEMMA, MORPH, DEP, HEAD], cast(Any, table))
    return doc


def _source(main: Doc, starts: list[int], pieces: list[Piece], mstarts: list[int], at: int
            ) -> tuple[int, bool, range] | None:
    """The main token a masked token at offset `at` stands for, whether it is a placeholder
    (then the head word of its name), and the main tokens it stands for; None for a word no
    piece covers (`pieces`: the sentence's, by masked offset)."""
    k = bisect_right(mstarts, at) - 1
    if k < 0 or not pieces[k].mstart <= at < pieces[k].mend:
        return None
    p = pieces[k]
    if p.unit is not None:
        lo = max(bisect_right(starts, p.unit.start) - 1, 0)
        words = range(lo, max(bisect_right(starts, p.unit.end - 1), lo + 1))
        return _head_word(main, words), True, words
    i = max(bisect_right(starts, p.start + at - p.mstart) - 1, 0)
    return i, False, range(i, i + 1)


def _head_word(main: Doc, words: range) -> int:
    """The word of a name whose head lies outside it, else its last word. Of several (a run
    of names, "X—now Y (Z)—", whose dash hangs on the verb), the first that is no
    punctuation nor determiner: the later names are appositions of the first."""
    out = [i for i in words if main[i].head.i not in words or main[i].head.i == i]
    words_out = [i for i in out if not main[i].is_punct and main[i].pos_ != "DET"]  # "the" of "the X project"
    return (words_out or out or [words[-1]])[0]


def _bracket_tree(doc: Doc, src: list[tuple[int, bool] | None], heads: list[int], deps: list[str]) -> None:
    """"John is <description>.", as the re-parse reads it: the added "is" is the root, the
    owner's placeholder its subject, the description's head words its attribute, the
    added full stop its punctuation."""
    verb = next((j for j, s in enumerate(src) if s is None and doc[j].text == "is"), None)
    if verb is None:
        return
    heads[verb], deps[verb] = verb, "ROOT"
    heads[0], deps[0] = verb, "nsubj"
    for j in range(verb + 1, len(doc)):
        if heads[j] == j or heads[j] <= verb:  # the description's own heads (the main parse
            heads[j] = verb                    # may hang them on the name as an apposition)
            deps[j] = "punct" if src[j] is None else "attr"


def _break_cycles(heads: list[int], deps: list[str]) -> None:
    """Names folded into one token can close a loop of heads (a name split around its own
    head word); the token where a loop is found becomes a root."""
    state = [0] * len(heads)  # 0 unseen, 1 on the current path, 2 known to reach a root
    for j in range(len(heads)):
        path = []
        k = j
        while state[k] == 0:
            state[k] = 1
            path.append(k)
            if heads[k] == k:
                break
            k = heads[k]
        if state[k] == 1 and heads[k] != k:
            heads[k], deps[k] = k, "ROOT"
        for p in path:
            state[p] = 2
