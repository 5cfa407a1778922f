"""Coreference stage: pronouns and descriptions → the entities they stand for.

Rules, in the order they are tried for each token:
- in an answer, I/me/my/mine/myself are the segment's speaker;
- in a question, you/your/yours/yourself are the interviewee;
- he/him/his/himself (and she/her/hers/herself) are the most recent person mentioned
  before them in the same paragraph or the one before, skipping the speaker of an
  answer (whose "he" is someone else);
- "The 45-year-old", "The Idlib native", "the former commander" and similar definite
  descriptions that open a sentence are the most recent person;
- "its founder", "its leader" are the person who founded or leads the most recent
  organisation, when the text has said so (left to the facts stage);
- "my brother, Sami" / "his brother Sami": the apposition already names the person;
  the possessive is recorded on the mention so the facts stage can state the relation;
- in a statement published by a government or an international body ("UK Government",
  "US State Department"), "we" is the state or body the outlet speaks for: the entity of
  that name in the text, or a new one when the text never names it.
Resolved mentions are added to their entity's mentions with kind "pronoun" or
"descriptor".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from allegiance.extraction.article import Article, EntityRec, Mention
from allegiance.extraction.entities import rules
from allegiance.names import normalize

if TYPE_CHECKING:
    from spacy.tokens import Token

FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself"})
THIRD_MALE = frozenset({"he", "him", "his", "himself"})
THIRD_FEMALE = frozenset({"she", "her", "hers", "herself"})
DESCRIPTOR = re.compile(
    r"\b[Tt]he\s+(?:(?:\d{1,3}|[a-z]+(?:-[a-z]+)*)-year-old|[A-Z][\w'’-]+\s+native"
    r"|(?:former|ex-|veteran|rebel|opposition|regime|young|elderly)\s+"
    r"(?:commander|leader|fighter|negotiator|founder|activist|official|spokesman|spokeswoman|"
    r"man|woman|journalist|officer|defector|mayor|governor|minister|general|sheikh|cleric))\b"
)
SENTENCE_WINDOW = 2  # paragraphs to look back for an antecedent


def resolve(article: Article) -> Article:
    doc = article.doc
    if doc is None:
        return article
    _join_other_names(article)
    segs = article.structured.segments
    # the reporter ("he tells the outlet's X") is never "he" or "the Idlib native"
    reporters = {e.id for e in article.entities if e.attrs.get("reporter")}
    people = sorted((m for m in article.mentions if m.type == "PERSON" and m.entity
                     and m.entity not in reporters), key=lambda m: m.start)
    added: list[Mention] = []
    speakers = _speech_subjects(article, people)
    modifiers = _modifier_mentions(article, people)
    seg_index = {id(s): i for i, s in enumerate(segs)}
    genders: dict[str, str] = {}  # entity → "m"/"f", from the first he/she that was resolved to it
    for token in doc:
        low = token.lower_
        if low not in FIRST_PERSON | SECOND_PERSON | THIRD_MALE | THIRD_FEMALE:
            continue
        seg = article.structured.segment_at(token.idx)
        if seg is None:
            continue
        eid: str | None = None
        if low in FIRST_PERSON and seg.kind == "answer":
            eid = article.segment_speakers.get(seg_index[id(seg)])
        elif low in FIRST_PERSON and low != "mine":
            eid = _quoted_speaker(article, speakers, token.idx)
        elif low in SECOND_PERSON and seg.kind == "question":
            eid = article.interviewee
        elif low in THIRD_MALE | THIRD_FEMALE and not _inside_quote(article.text, token.idx, seg.start):
            skip = article.segment_speakers.get(seg_index[id(seg)]) if seg.kind == "answer" else None
            gender = "m" if low in THIRD_MALE else "f"
            eid = _antecedent(article, people, token.idx, skip=skip, modifiers=modifiers,
                              other={e for e, g in genders.items() if g != gender},
                              same={e for e, g in genders.items() if g == gender})
            if eid:
                genders.setdefault(eid, gender)
        if eid:
            pronoun = Mention(start=token.idx, end=token.idx + len(token.text), text=token.text,
                              type="PERSON", source="coref", kind="pronoun", entity=eid)
            added.append(pronoun)
            if low in THIRD_MALE | THIRD_FEMALE and seg.kind != "answer":
                # a chain of "he … his …" in narration carries the person across paragraphs
                bisect.insort(people, pronoun, key=lambda m: m.start)
    for found in DESCRIPTOR.finditer(article.text):
        eid = _antecedent(article, people, found.start(), skip=None)
        if eid:
            added.append(Mention(start=found.start(), end=found.end(), text=found.group(0), type="PERSON",
                                 source="coref", kind="descriptor", entity=eid))
    added += _official_we(article)
    for m in added:
        ent = article.entity(m.entity)
        if ent is not None:
            ent.mentions.append(m)
    article.mentions = sorted([*article.mentions, *added], key=lambda m: m.start)
    return article


SPEECH_VERBS = frozenset({"say", "tell", "state", "add", "comment", "declare", "announce", "explain",
                          "note", "write", "warn", "stress", "insist", "argue", "recall"})


def _speech_subjects(article: Article, people: list[Mention]) -> list[tuple[int, str]]:
    """(offset, entity) of every person who is the subject of a verb of saying."""
    out = []
    for m, root in _name_roots(article, people):
        head = root.head if root.dep_ in ("nsubj", "appos") else None
        if head is not None and root.dep_ == "appos":
            head = head.head if head.dep_ == "nsubj" else None
        if head is not None and head.lemma_ in SPEECH_VERBS and m.entity:
            out.append((m.start, m.entity))
    return out


def _name_roots(article: Article, people: list[Mention]) -> Iterator[tuple[Mention, Token]]:
    """Each name mention with the head token of its span in the parse."""
    doc = article.doc
    assert doc is not None
    for m in people:
        if m.kind != "name":
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            yield m, span.root


def _quoted_speaker(article: Article, speakers: list[tuple[int, str]], offset: int) -> str | None:
    """"I" in a statement is the last person said to speak, within the last few paragraphs."""
    floor = _paragraph_start(article.text, offset, SENTENCE_WINDOW + 1)
    best = None
    for at, eid in speakers:
        if floor <= at < offset:
            best = eid
    return best


def _paragraph_start(text: str, offset: int, back: int) -> int:
    pos = offset
    for _ in range(back):
        found = text.rfind("\n\n", 0, pos)
        if found < 0:
            return 0
        pos = found
    return pos


def _antecedent(article: Article, people: list[Mention], offset: int, *, skip: str | None,
                modifiers: frozenset[int] = frozenset(), other: set[str] | frozenset[str] = frozenset(),
                same: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The person "he" is: the last one named before, passing over a person named only as a
    modifier ("the government of Bashar al-Assad") when someone else was named before, and
    over a person an earlier pronoun of the other gender was resolved to (`other`: "she"
    is not the minister that "himself" was) — past whom only a person a pronoun of this
    gender was resolved to (`same`) is taken: nobody else is known to be the one."""
    floor = _paragraph_start(article.text, offset, SENTENCE_WINDOW)
    fallback = None
    passed_other = False
    for m in reversed(people):
        if m.end > offset:
            continue
        if m.start < floor:
            break
        if m.entity in other:
            passed_other = True
            continue
        if passed_other and m.entity not in same:
            continue
        if m.entity and m.entity != skip:
            if m.start not in modifiers:
                return m.entity
            fallback = fallback or m.entity
    return fallback


# "known to his men as Y", "under the name Y", "his nom de guerre, Y", "my men still call me Y"
OTHER_NAME_CUE = re.compile(
    r"(?:\bknown(?:\s+to\s+[\w\s]{1,25}?)?\s+as|\bunder\s+the\s+(?:name|alias|nom\s+de\s+guerre)"
    r"|\b(?:nom\s+de\s+guerre|kunya|alias|nickname)\s*,?|\bnicknamed|\bwho\s+goes\s+by|\balso\s+called"
    r"|\bcalls?\s+himself|\bcalls?\s+me|\bcall\s+me)\s+$", re.I)


def _join_other_names(article: Article) -> None:
    """A person's other name, given as such, is the same person: the kunya in "X, known to
    his men as Abu Y" or "my men still call me Abu Y" is no second man."""
    text = article.text
    names = sorted((m for m in article.mentions if m.type == "PERSON" and m.entity and m.kind == "name"),
                   key=lambda m: m.start)
    for i, m in enumerate(names):
        cue = OTHER_NAME_CUE.search(text, max(0, m.start - 60), m.start)
        if cue is None or cue.end() != m.start:
            continue
        target: str | None = None
        if re.search(r"\bme\s+$", cue.group(0), re.I):
            seg = article.structured.segment_at(m.start)
            if seg is not None and seg.kind == "answer":
                idx = article.structured.segments.index(seg)
                target = article.segment_speakers.get(idx)
        else:
            floor = _paragraph_start(text, m.start, 2)
            target = next((p.entity for p in reversed(names[:i]) if p.start >= floor
                           and p.entity != m.entity), None)
        if target and target != m.entity:
            _merge(article, m.entity, target)  # type: ignore[arg-type]


def _merge(article: Article, old: str, new: str) -> None:
    gone, kept = article.entity(old), article.entity(new)
    if gone is None or kept is None or gone.type != kept.type or (
            gone.kb_id and kept.kb_id and gone.kb_id != kept.kb_id):
        return  # two people the knowledge base tells apart stay apart
    for n in [gone.name, *gone.aliases]:
        kept.add_alias(n)
    for m in gone.mentions:
        m.entity = new
        kept.mentions.append(m)
    kept.mentions.sort(key=lambda m: m.start)
    for m in article.mentions:
        if m.entity == old:
            m.entity = new
    article.entities = [e for e in article.entities if e.id != old]
    if article.interviewee == old:
        article.interviewee = new
    for k, v in list(article.segment_speakers.items()):
        if v == old:
            article.segment_speakers[k] = new


def _modifier_mentions(article: Article, people: list[Mention]) -> frozenset[int]:
    """Starts of name mentions that only modify a noun: "of Bashar al-Assad" after a noun."""
    out = set()
    for m, root in _name_roots(article, people):
        if (root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN") \
                or root.dep_ in ("compound", "poss"):
            out.add(m.start)
    return frozenset(out)


def _inside_quote(text: str, offset: int, floor: int) -> bool:
    before = text[floor:offset]
    return before.count("“") > before.count("”")


def _official_we(article: Article) -> list[Mention]:
    """"We" in a government's own statement: the state (or body) the outlet speaks for."""
    outlet = article.structured.outlet or ""
    if not rules.GOVERNMENT_OUTLET.search(outlet):
        return []
    doc = article.doc
    assert doc is not None
    tokens = [t for t in doc if t.lower_ == "we"]
    if not tokens:
        return []
    eid = _outlet_entity(article, outlet)
    if eid is None:
        return []
    return [Mention(start=t.idx, end=t.idx + len(t.text), text=t.text, type="ORG", source="coref",
                    kind="pronoun", entity=eid) for t in tokens]


def _outlet_entity(article: Article, outlet: str) -> str | None:
    """The entity the outlet's name names, created when the text does not name it."""
    from allegiance.geo.places import resolve_place

    who = rules.OUTLET_HOST.sub("", outlet)
    words = [w for w in re.findall(r"[\w.’'-]+", who) if w.lower() not in rules.OUTLET_WORDS]
    if not words:
        return None
    name = " ".join(rules.DEMONYMS.get(w, w) for w in words)
    key = normalize(rules.THE.sub("", name))
    # a state that speaks is an actor: an ORG; a country named only as a place stays apart
    actors = [e for e in article.entities if e.type == "ORG"]
    for ent in actors:
        if key in {normalize(rules.THE.sub("", n)) for n in [ent.name, *ent.aliases]}:
            return ent.id
    place = resolve_place(name, country=None)
    country = place.country if place is not None and place.kind == "country" else None
    if country is not None:
        for ent in actors:
            found = resolve_place(rules.THE.sub("", ent.name), country=None)
            if found is not None and found.kind == "country" and found.country == country:
                return ent.id
    ent = EntityRec(id=f"e{len(article.entities) + 1}", type="ORG",
                    name=place.name if country is not None and place is not None else name)
    while article.entity(ent.id) is not None:
        ent.id = f"e{int(ent.id[1:]) + 1}"
    article.entities.append(ent)
    return ent.id

