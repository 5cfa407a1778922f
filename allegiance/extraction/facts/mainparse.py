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

    from allegiance.extraction.article import Article, Mention
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
    # a sentence masked as `parse_articles` masked it takes that parse (the same Doc a parse of
    # its text gives); the others are parsed here, all in one call
    known = [[_take(r.article.sentence_parses, s.masked) for s in r.sentences] for r in readings]
    missing = iter(nlp_pipe([s.masked for r, got in zip(readings, known, strict=True)
                             for s, d in zip(r.sentences, got, strict=True) if d is None]))
    for reading, got in zip(readings, known, strict=True):
        reading.article.sentence_parses = {}
        attach(reading, [d if d is not None else next(missing) for d in got])


def _take(parses: dict[str, list[Doc]], text: str) -> Doc | None:
    got = parses.get(text)
    return got.pop() if got else None


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


#: The placeholder word `language._mask_spans` gives a name, and the mention type it stands for.
_PLACEHOLDER_TYPES = {"John": "PERSON", "Google": "ORG", "Paris": "PLACE"}


def parse_articles(articles: list[Article], nlp: Any, names: Callable[[str], Iterable[tuple[int, int, str]]],
                   *, batch_size: int = 8) -> None:
    """Sets each article's `doc` with one parse (`ALLEGIANCE_ONE_PARSE=sentences`): NER on the text
    as it is; sentence breaks from the pipeline's `senter` and `paragraph_breaks`; then each
    sentence, with the names NER and the text-only mention rules (`names`) find masked as the facts
    stage masks them (`parse.layout` over those names), parsed as a Doc of its own (tagger, parser,
    attribute ruler, lemmatizer: the facts stage's `masked_parser`), all in one `nlp.pipe` call;
    the parses are mapped back onto the article's tokens (a name's last word takes its
    placeholder's tag and dependency, its other words hang on it) for the mentions stage, and kept
    in `article.sentence_parses` for the facts stage, which takes the parse of a sentence it masks
    to the same text instead of parsing it again (the parser reads each sentence alone, as the
    re-parse does, so the Doc is the one the re-parse would give).

    Text no sentence covers (page furniture, labels) is parsed as it is, in runs; an article longer
    than `language.CHUNK_CHARS` is parsed as in the default mode."""
    from allegiance.extraction.article import Article, EntityRec
    from allegiance.extraction.facts.parse import layout
    from allegiance.extraction.language import CHUNK_CHARS

    for a in articles:
        if len(a.text) > CHUNK_CHARS:
            a.doc = nlp(a.text)
    todo = [a for a in articles if len(a.text) <= CHUNK_CHARS]
    if not todo:
        return
    docs = [nlp.make_doc(a.text) for a in todo]
    for name in ("ner", "senter", "paragraph_breaks"):
        if name in nlp.component_names:
            proc: Any = nlp.get_pipe(name)
            many: Any = getattr(proc, "pipe", None)
            docs = list(many(docs, batch_size=batch_size)) if many else [proc(d) for d in docs]
    plans = []
    for a, doc in zip(todo, docs, strict=True):
        mentions = _named(a, doc, names)
        ids: dict[tuple[str, ...], str] = {}
        for m in mentions:  # one entity a name (a known actor: one for all its names)
            m.entity = ids.setdefault((m.kb_id,) if m.kb_id else (m.type, m.text.lower()), f"pre{len(ids)}")
        entities = [EntityRec(i, next(m.type for m in mentions if m.entity == i), i) for i in ids.values()]
        reading = layout(Article(structured=a.structured, doc=doc, mentions=mentions, entities=entities))
        sents = reading.sentences
        mdocs = [nlp.make_doc(s.masked) for s in sents]
        plans.append((a, doc, sents, mdocs, *_cover(doc, sents, mdocs)))
    runs = [_doc_of(doc, lo, hi) for (_, doc, _, _, _, gaps) in plans for lo, hi in gaps]
    queue = [m for plan in plans for m in plan[3]] + runs
    skip = [n for n in ("ner",) if n in nlp.pipe_names]
    parsed = iter(list(nlp.pipe(queue, disable=skip)))  # as masked_parser: spaCy's batch size
    parsed_plans = [[next(parsed) for _ in plan[3]] for plan in plans]
    for (a, doc, sents, _, src, gaps), mparsed in zip(plans, parsed_plans, strict=True):
        gap_docs = [next(parsed) for _ in gaps]
        _annotate(doc, sents, mparsed, src, gaps, gap_docs)
        a.doc = doc
        a.sentence_parses = {}
        for s, m in zip(sents, mparsed, strict=True):
            a.sentence_parses.setdefault(s.masked, []).append(m)


def _named(article: Article, doc: Doc, names: Callable[[str], Iterable[tuple[int, int, str]]]) -> list[Mention]:
    """NER's names and `names`' (as `language.parse_once` masks them), as mentions."""
    from allegiance.extraction.article import Mention
    from allegiance.extraction.language import _mask_spans

    out = []
    for start, (end, word) in sorted(_mask_spans(doc, list(names(article.text)), keep_the=True).items()):
        s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        out.append(Mention(s, e, article.text[s:e], _PLACEHOLDER_TYPES[word], "ner"))
    return out


def _doc_of(doc: Doc, lo: int, hi: int) -> Doc:
    """The tokens lo..hi of `doc` as a Doc of their own (same words and spaces)."""
    from spacy.tokens import Doc

    return Doc(doc.vocab, words=[t.text for t in doc[lo:hi]], spaces=[bool(t.whitespace_) for t in doc[lo:hi]])


def _cover(doc: Doc, sents: list[Sentence], mdocs: list[Doc]
           ) -> tuple[list[tuple[int, int] | None], list[tuple[int, int]]]:
    """For each token of `doc`, the (sentence, masked token) standing for it (None: no
    sentence covers it), and the runs of tokens no sentence covers that are not all space."""
    starts = [t.idx for t in doc]
    src: list[tuple[int, int] | None] = [None] * len(doc)
    for d, (sent, mdoc) in enumerate(zip(sents, mdocs, strict=True)):
        mstarts = [t.idx for t in mdoc]
        for p in sent.pieces:
            if p.unit is not None:  # a placeholder: every token of its name
                j = next((t.i for t in mdoc if p.mstart <= t.idx < p.mend), None)
                lo = max(bisect_right(starts, p.start) - 1, 0)
                hi = max(bisect_right(starts, p.end - 1), lo + 1)
                if j is not None and all(src[k] is None for k in range(lo, hi)):
                    for k in range(lo, hi):
                        src[k] = (d, j)
                continue
            lo = max(bisect_right(starts, p.start) - 1, 0)
            for k in range(lo, len(doc)):
                c = starts[k]
                if c >= p.end:
                    break
                if c < p.start or src[k] is not None:
                    continue
                mo = p.mstart + c - p.start
                j = bisect_right(mstarts, mo) - 1
                if j >= 0 and mo < mstarts[j] + len(mdoc[j].text) and not mdoc[j].is_space:
                    src[k] = (d, j)
    gaps: list[tuple[int, int]] = []
    k = 0
    while k < len(doc):
        if src[k] is None and not doc[k].is_space:
            lo = k
            while k < len(doc) and src[k] is None:
                k += 1
            hi = k
            while hi > lo and doc[hi - 1].is_space:
                hi -= 1
            gaps.append((lo, hi))
            continue
        k += 1
    return src, gaps


def _annotate(doc: Doc, sents: list[Sentence], mdocs: list[Doc], src: list[tuple[int, int] | None],
              gaps: list[tuple[int, int]], gap_docs: list[Doc]) -> None:
    """Writes the sentences' parses (and the uncovered runs') onto `doc`'s tokens."""
    import numpy
    from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

    from allegiance.extraction.language import _HYPHENS

    n = len(doc)
    if not n:
        return
    strings = doc.vocab.strings
    sources: list[Doc] = list(mdocs) + list(gap_docs)
    for g, (lo, hi) in enumerate(gaps):
        for k in range(lo, hi):
            src[k] = (len(mdocs) + g, k - lo)
    rep: dict[tuple[int, int], int] = {}  # a parsed token -> the last token of doc standing for it
    for k, s in enumerate(src):
        if s is not None:
            rep[s] = k
    # a bracket sentence's owner ("John is …") is the owner's name in its own sentence
    owner: dict[int, int] = {}
    for d, sent in enumerate(sents):
        if sent.bracket_of is not None:
            u = sent.bracket_of
            ks = [k for k in range(n) if u.start <= doc[k].idx < u.end and src[k] is not None]
            if ks:
                owner[d] = ks[-1]
    arrays = [s.to_array([TAG, POS, MORPH, LEMMA, DEP]) for s in sources]
    compound, name_tag, name_pos, sing, hyph, punct_pos, punct, sp_tag, sp_pos, dep_dep, appos = (
        strings.add(x) for x in ("compound", "NNP", "PROPN", "Number=Sing", "HYPH", "PUNCT", "punct",
                                 "_SP", "SPACE", "dep", "appos"))
    table = numpy.zeros((n, 6), dtype="uint64")
    heads = list(range(n))
    deps: list[int] = [0] * n
    for k in range(n):
        s = src[k]
        if s is None:  # space no sentence covers: on the token before it, as the parser hangs it
            table[k, :4] = (sp_tag, sp_pos, 0, strings.add(doc[k].text))
            heads[k], deps[k] = (k - 1 if k else min(1, n - 1)), dep_dep
            continue
        d, j = s
        if rep[s] != k:  # a name's other words hang on its head word
            word = doc[k].text
            table[k, :4] = ((hyph, punct_pos, 0, strings.add(word)) if word in _HYPHENS
                            else (name_tag, name_pos, sing, strings.add(word)))
            heads[k], deps[k] = rep[s], (punct if word in _HYPHENS else compound)
            continue
        row = arrays[d][j]
        table[k, :4] = row[:4]
        mtok = sources[d][j]
        if mtok.text != doc[k].text and d < len(mdocs) and mtok.text in _PLACEHOLDER_TYPES:
            table[k, 3] = strings.add(doc[k].text)  # a placeholder: the name's own word as its lemma
        deps[k] = int(row[4])
        h = mtok.head.i
        seen = {j}
        while (d, h) not in rep and sources[d][h].head.i != h and h not in seen:
            seen.add(h)
            h = sources[d][h].head.i
        if h == j:
            heads[k] = k
        elif (d, h) in rep and rep[(d, h)] != k:
            heads[k] = rep[(d, h)]
        elif d in owner and owner[d] != k:  # a bracket's description: said of its owner
            heads[k], deps[k] = owner[d], appos
        else:
            heads[k] = k
    # a run no masked sentence covers ("[", "]", a label) stays in the sentence the breaks put it
    # in: it hangs on the covered token before it there, else on the one after it
    first = doc.to_array([SENT_START]).astype("int64").ravel() == 1
    sid = numpy.cumsum(first)
    for lo, hi in gaps:
        before = next((k for k in range(lo - 1, -1, -1) if src[k] is not None and not doc[k].is_space), None)
        after = next((k for k in range(hi, n) if src[k] is not None and not doc[k].is_space), None)
        at = (before if before is not None and sid[before] == sid[lo] else
              after if after is not None and sid[after] == sid[hi - 1] else None)
        if at is None:
            continue
        for k in range(lo, hi):
            if heads[k] == k:
                heads[k], deps[k] = at, punct if doc[k].is_punct else dep_dep
    dep_names = [strings[x] if x else "" for x in deps]
    _break_cycles(heads, dep_names)
    table[:, 4] = numpy.array([strings.add(x) for x in dep_names], dtype="uint64")
    table[:, 5] = numpy.array([h - k for k, h in enumerate(heads)], dtype="int64").astype("uint64")
    doc.from_array([TAG, POS, MORPH, LEMMA, DEP, HEAD], cast(Any, table))
