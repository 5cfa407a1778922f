"""The stages, in order. Each takes the working `Article` and returns it enriched.

    1. structure   read/structure.py          text/HTML → metadata, segments (Q/A turns,
                                              notes, captions)
    2. language    extraction/language.py     spaCy parse of the whole text, sentences kept
                                              in paragraphs
    3. mentions    extraction/entities/mentions.py   names of people, organisations and
                                              places in the text
   3b. degraded   extraction/entities/degraded.py   names that stripped commas and
                                              apostrophes glued together ("Syrias Idlib",
                                              "US Homs Idlib"), split and trimmed
   3c. furniture  extraction/entities/furniture.py  no names inside page furniture (boilerplate
                                              segments) but the writers of a credit line
    4. linking     extraction/entities/linking.py    mentions → one entity per real thing
                                              (aliases, acronyms, knowledge base, gazetteer);
                                              speakers of the interview
   4b. generic     extraction/entities/generic.py    the armed opposition named by what it
                                              is ("rebels", "opposition fighters"): one actor
   4c. people      extraction/entities/people.py     a country's people as a whole ("the Iraqi
                                              people", "the people of Syria"): one actor a country
   4d. coalition   extraction/entities/coalition.py  "the coalition", "coalition air strikes": the
                                              one coalition the article names
    5. coref       extraction/entities/coref.py      pronouns and descriptions ("I", "he",
                                              "my brother", "the Idlib native") → entities
    6. facts       extraction/facts/          relations and events with time, place,
                                              polarity, modality, speaker and evidence

Data flows one way; no stage reaches into a later one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from allegiance.errors import AllegianceError, InputError
from allegiance.extraction.article import Article
from allegiance.extraction.language import load_pipeline, one_parse, parse, parse_mode, parse_once
from allegiance.model import Extraction
from allegiance.read.inputs import Failure, Source
from allegiance.read.structure import structure

if TYPE_CHECKING:
    from spacy.tokens import Doc

T = TypeVar("T")


def extract(source: Source | str, *, model: str | None = None, published: str | None = None,
            require_date: bool = False, with_text: bool = False) -> Extraction:
    """Run every stage on one article (a `Source`, or plain text)."""
    if isinstance(source, str):
        source = Source(name="<text>", text=source)
    return run(source, model=model, published=published, require_date=require_date
               ).to_extraction(with_text=with_text)


def run(source: Source, *, model: str | None = None, published: str | None = None,
        require_date: bool = False) -> Article:
    article = prepare(source, published=published, require_date=require_date)
    if parse_mode() == "sentences":
        from allegiance.extraction.facts import mainparse

        mainparse.parse_articles([article], load_pipeline(model), text_names)
        article.model = model
        return enrich(article)
    article.doc = parse_once(load_pipeline(model), [article.text], names=text_names)[0] if one_parse() \
        else parse(article.text, model=model)
    article.model = model
    return enrich(article)


def prepare(source: Source, *, published: str | None = None, require_date: bool = False
            ) -> Article:
    structured = structure(source, published=published)
    if require_date and structured.warnings:
        raise structured.warnings[0]
    return Article(structured=structured)


def enrich(article: Article) -> Article:
    """Stages 3-6 on an article that has been structured and parsed."""
    from allegiance.extraction.facts import mainparse
    from allegiance.extraction.facts import stage as facts

    article = entities(article)
    reading = mainparse.read(article) if facts.needs_reading(article) else None
    return facts.extract_facts(article, reading=reading)


def entities(article: Article) -> Article:
    """Stages 3-5 (mentions to coreference) on an article that has been parsed."""
    from allegiance.extraction.entities import coalition, coref, degraded, furniture, generic, linking, mentions, people

    article = mentions.find_mentions(article)
    article = degraded.repair(article)
    article = furniture.drop_furniture(article)
    article = linking.link(article)
    article = generic.add_generic_actors(article)
    article = people.add_peoples(article)
    article = coalition.add_coalition_references(article)
    article = coref.resolve(article)
    return article


def run_many(items: Iterable[Source | Failure], *, model: str | None = None,
             published: str | None = None, require_date: bool = False, batch_size: int = 8
             ) -> Iterator[Article | Failure]:
    """Run a batch: spaCy parses in batches; a bad item becomes a `Failure`, the rest go on."""
    nlp = load_pipeline(model)
    pending: list[Article] = []

    def flush() -> Iterator[Article | Failure]:
        texts = [a.text for a in pending]
        if parse_mode() == "sentences":
            from allegiance.extraction.facts import mainparse

            mainparse.parse_articles(pending, nlp, text_names, batch_size=batch_size)
            docs: Iterable[Doc] = [a.doc for a in pending if a.doc is not None]
        else:
            docs = (parse_once(nlp, texts, batch_size=batch_size, names=text_names) if one_parse()
                    else nlp.pipe(texts, batch_size=batch_size))
        ready: list[Article | Failure] = []
        for article, doc in zip(pending, docs, strict=True):
            article.doc, article.model = doc, model
            ready.append(_guarded(entities, article))
        yield from _facts_of_batch(ready, model)
        pending.clear()

    for item in items:
        if isinstance(item, Failure):
            yield from flush()
            yield item
            continue
        try:
            pending.append(prepare(item, published=published, require_date=require_date))
        except InputError as exc:
            yield from flush()
            yield Failure(item.name, exc)
            continue
        if len(pending) >= batch_size:
            yield from flush()
    yield from flush()


def text_names(text: str) -> list[tuple[int, int, str]]:
    """The names stage 3's text-only rules find (group-name patterns, given + family names,
    acronyms the text defines, towns after a place preposition): `parse_once` masks them as
    well as NER's, before any parse."""
    from allegiance.extraction.entities import mentions
    from allegiance.kb import load_kb

    kb = load_kb()
    found = mentions._pattern_candidates(text) + mentions._person_candidates(text, kb) \
        + mentions._acronym_candidates(text) + mentions._gazetteer_candidates(text, kb)
    return [(c.start, c.end, c.type) for c in found]


def _guarded(stage: Callable[[Article], T], article: Article) -> T | Failure:
    """`stage(article)`, or the article's `Failure` when it raises one of ours."""
    try:
        return stage(article)
    except AllegianceError as exc:
        return Failure(article.structured.source_name, exc if isinstance(exc, InputError) else InputError(str(exc)))


def _facts_of_batch(ready: list[Article | Failure], model: str | None) -> Iterator[Article | Failure]:
    """Stage 6 on a batch, in order: the masked sentences of all its articles parsed in one
    `nlp.pipe` call (parse.read_many's reason), then each article's facts."""
    from allegiance.extraction.facts import mainparse, parse
    from allegiance.extraction.facts import stage as facts

    laid = {id(a): _guarded(parse.layout, a) for a in ready if isinstance(a, Article) and facts.needs_reading(a)}
    readings = [r for r in laid.values() if isinstance(r, parse.Reading)]
    mainparse.parse_sentences(readings, parse.masked_parser(model))
    for item in ready:
        reading = laid.get(id(item))
        if isinstance(item, Failure) or isinstance(reading, Failure):
            yield reading if isinstance(reading, Failure) else item
            continue
        yield _guarded(partial(facts.extract_facts, reading=reading), item)
