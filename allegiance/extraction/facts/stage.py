"""Facts stage: relations and events, each with evidence, time, place, polarity, modality
and the voice that asserts it.

Needs: `article.doc`, segments, entities and mentions (with resolved pronouns), renames,
the interviewee and segment speakers. Sets: `article.facts`.

The cascade, in order:
1. read      (fact_parse)    sentences inside segments, re-parsed with every name masked
                             as one placeholder word, "[…]" notes after a name read as
                             "NAME is …";
2. rules     (fact_frames, fact_describe, fact_alliances)  run twice over all sentences: the first pass
                             learns what later references need ("my brother, NAME" for an
                             earlier "his brother", "X is a coalition" for "the coalition",
                             who founded what for "its founder"); the second yields the
                             candidates;
   then the event layer (events.py): for each sentence, the event triggers no rule
   claimed become events ("Thirty civilians were killed in air strikes"), with counts;
3. renames   "X—now Y" from the linking stage → renamed_to;
4. attributes  time (timexes in the sentence that govern the trigger; "now" and the present
             tense → as_of), place (a PLACE after in/near/at), polarity, modality, speaker
             (segment kind; a "[…]" note is the editor's; a quote in narration is "quoted");
5. narrative time  an event without a date takes one from an earlier sentence of its
             paragraph, or that date moved by "two years earlier" / "the following month",
             or one from another statement of the same event; a duration ("for a whole
             year") runs from the event before it;
6. weigh     the event layer's events are kept when the trained model (model.py) says
             they state a fact (its probability their confidence); events in the future
             or under "if", tolls of a whole war and a headline's events are dropped;
             places fall back to the dateline or the report's main place;
7. deduplicate  one fact per thing stated per evidence span, and per thing told again in
                the same words (a repeated lede); ids in text order.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from allegiance.extraction.article import Article, Mention
from allegiance.extraction.entities.rules import DEMONYMS
from allegiance.extraction.facts import lexicon as R
from allegiance.extraction.facts import model as M
from allegiance.extraction.facts.backers import backers
from allegiance.extraction.facts.describe import (
    as_part_of,
    as_roles,
    descriptions,
    leaders_by_name,
    name_parts,
    umbrella,
)
from allegiance.extraction.facts.events import (
    _means_of,
    background_toll,
    counts,
    event_layer,
    factual,
    not_yet,
    trigger_predicate,
)
from allegiance.extraction.facts.frames import (
    Cand,
    denials,
    modality_of,
    noun_events,
    offers,
    polarity_of,
    subject_of,
    verb_frames,
)
from allegiance.extraction.facts.parse import Reading, Sentence, masked_parser, read
from allegiance.extraction.facts.refs import add_reference_mentions
from allegiance.extraction.facts.sides import (
    allies,
    includes,
    members_named,
    mergers,
    reciprocal,
    renamings,
    speaker_struggle,
    support_nouns,
)
from allegiance.extraction.facts.titles import titles
from allegiance.extraction.timex import Timex, anchor_duration, find_timexes, narrative_shift
from allegiance.model import EVENT_PREDICATES, Evidence, Fact, Time

if TYPE_CHECKING:
    from spacy.tokens import Token

RULES = (verb_frames, offers, denials, noun_events, descriptions, as_roles, umbrella, as_part_of, leaders_by_name,
         name_parts, allies, support_nouns, members_named, speaker_struggle, mergers, reciprocal, includes,
         renamings, titles, backers)
_SPEAKER = {"answer": "interviewee", "editor_note": "editor"}


@dataclass
class _Draft:
    fact: Fact
    trigger: int        # original offset of the trigger
    seg_index: int
    duration: Timex | None = None
    inherit_agent: bool = False
    needs_time: bool = False
    standalone: bool = False


def needs_reading(article: Article) -> bool:
    """Whether `extract_facts` reads the article's sentences (it has a parse and entities)."""
    return article.doc is not None and bool(article.entities)


def extract_facts(article: Article, *, reading: Reading | None = None) -> Article:
    """The facts of `article`; `reading`: its sentences already read (parse.read_many, for a
    batch), else they are read here."""
    if not needs_reading(article):
        article.facts = []
        return article
    if reading is None:
        reading = read(article, masked_parser(article.model))
    reading.main_place = main_place(article)
    for _ in _candidates(reading, events=False):  # first pass: learn kin, heads, group nouns
        pass
    reading.memberships.clear()
    cands = list(_candidates(reading))
    published = article.structured.published
    timexes = find_timexes(article.text, published=published)
    drafts = [_draft(reading, c, timexes, published) for c in cands]
    drafts += _renames(article, published)
    _narrative_time(drafts, article)
    article.facts = _dedupe(drafts, article)
    add_reference_mentions(reading, article.facts, cands)  # "the group" in a fact: a mention of it
    return article


def _candidates(rd: Reading, *, events: bool = True) -> Iterator[Cand]:
    for s in rd.sentences:
        found: list[Cand] = []
        for rule in RULES:
            for c in rule(rd, s):
                found.append(c)
                yield c
        if not events:
            continue
        # the event layer: the triggers no rule stated an event for
        yield from event_layer(rd, s, {c.trigger.i: c for c in found
                                       if c.inherit_agent or _stands(c.predicate, c.args, c.modality)})


def _stands(predicate: str, args: dict[str, str], modality: str | None) -> bool:
    """Whether a rule's candidate survives: a two-party event needs both parties (or only
    the victim, for a death), unless it is denied."""
    if predicate not in R.TWO_PARTY or modality == "denied":
        return True
    # a second victim is still only victims ("X's leader Y was killed": Y and X)
    if predicate in R.PATIENT_ONLY_EVENTS and args.keys() - {"patient_2"} in ({"patient"}, {"patient_text"}):
        return True
    return bool({"agent", "subject", "agent_text"} & args.keys()
                and {"patient", "object", "patient_text"} & args.keys())


# -- attributes --------------------------------------------------------------------------
def _draft(rd: Reading, c: Cand, timexes: list[Timex], published: str | None) -> _Draft:
    s = c.sent
    text = rd.article.text
    trig = s.orig(c.trigger)[0]
    time, duration = _time(rd, c, timexes, published)
    polarity = c.polarity if c.polarity == "negative" else polarity_of(_governing_verb(c.trigger))
    modality = c.modality or _modality(rd, c)
    speaker = _speaker(rd, s, trig)
    if polarity == "negative" and c.predicate in R.TWO_PARTY and (_first_person_agent(c) or (
            speaker in ("quoted", "interviewee") and any(k.lower_ == "never" for k in c.trigger.children))):
        # "We never shelled civilian homes", "He never fought them," a friend said: a
        # voice denying what is said of its side
        polarity, modality = "positive", "denied"
    dead, hurt = c.fatalities, c.injured
    if c.predicate in EVENT_PREDICATES and dead is None and hurt is None:
        dead, hurt = counts(s, c.trigger)
    local = _place(rd, c)
    fact = Fact(
        id="", predicate=c.predicate, args=dict(c.args), role=c.role, time=time,
        place=_finest(rd, local) if c.predicate in EVENT_PREDICATES else local,
        polarity=polarity,  # type: ignore[arg-type]
        modality=modality,  # type: ignore[arg-type]
        asserted_by=speaker,  # type: ignore[arg-type]
        evidence=Evidence(start=s.start, end=s.end, text=text[s.start:s.end]),
        confidence=round(min(1.0, c.confidence), 3), fatalities=dead, injured=hurt)
    if c.predicate in _STATED and not c.standalone and not_yet(c.trigger):
        fact.confidence = 0.0  # "rebels will storm the base", "if the army shells X": not (yet) so
    if c.predicate in _STATED and not c.standalone and modality != "denied" and polarity != "negative" \
            and not factual(c.trigger):
        # "had stopped bombing X", "plans to storm": a rule's event the text does not state; a
        # refusal it states ("refused to sign the agreement") is a fact, negative
        fact.confidence = 0.0
    if c.predicate in EVENT_PREDICATES and background_toll(c.trigger, dead):
        fact.confidence = 0.0  # the toll of a whole war, told as background
    if c.predicate in EVENT_PREDICATES and s.seg_kind == "headline" and rd.has_body:
        fact.confidence = 0.0  # a headline's event is told again in the body, where its evidence is
    if c.predicate in _NOT_OF_GENERIC and any(_generic(rd, v) for v in c.args.values()):
        fact.confidence = 0.0  # "a coalition of rebel factions": no link to the opposition at large
    if c.predicate in _VIOLENCE:
        _drop_noncombatants(rd, fact)
    if c.standalone and fact.confidence > 0:
        _weigh(rd, c, fact, local, time)
    return _Draft(fact, trig, s.seg_index, duration, c.inherit_agent, c.needs_time, c.standalone)


_VIOLENCE = frozenset({"attack", "killing", "clash", "detention"})


def _drop_noncombatants(rd: Reading, fact: Fact) -> None:
    """A monitor, aid body, outlet or political council reports, helps or negotiates; it does
    not fight: as the doer of violence or a side of a clash it is a reference gone wrong
    ("another attack claimed by the outlawed group" read as the Observatory named before) or
    the one who condemns it ("the Coalition condemns the attack on X"). The event stays,
    without it; as the victim it may be right ("strikes hit a White Helmets centre")."""
    for k in [k for k, v in fact.args.items() if v in rd.noncombatants
              and (k.startswith("agent") or fact.predicate == "clash")]:
        del fact.args[k]


def _governing_verb(tok: Token) -> Token:
    """The copula a noun trigger completes ("we are not part of X": "are"), else the trigger."""
    cur = tok
    while cur.pos_ not in ("VERB", "AUX") and cur.head is not cur:
        if cur.dep_ in ("attr", "acomp") and cur.head.lemma_ == "be":
            return cur.head  # the complement of "is": "we are not part of X" says no
        if cur.dep_ not in ("prep", "pobj"):
            return tok  # "no relationship with my brother": the kin noun states its own fact
        cur = cur.head
    return tok


def _first_person_agent(c: Cand) -> bool:
    subj = next((t for t in c.trigger.children if t.dep_ == "nsubj"), None)
    return subj is not None and subj.lower_ in ("we", "i")


def _modality(rd: Reading, c: Cand) -> str:
    if c.trigger.pos_ in ("VERB", "AUX"):
        return modality_of(c.trigger, rd, c.sent)
    v = c.trigger
    while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i:
        if v.dep_ == "appos":
            return "asserted"  # "X, a former Y commander, has reportedly …": the apposition is no claim of the verb's
        v = v.head
    mod = modality_of(v, rd, c.sent) if v.pos_ in ("VERB", "AUX") else "asserted"
    # "X reported on clashes …": the event is what X reported
    via = [a for a in c.trigger.ancestors if a.i > v.i or a == v]
    if mod == "asserted" and v.lemma_.lower() in R.REPORT_VERBS and (any(
            a.dep_ == "prep" and a.lower_ in ("on", "about") and a.head == v for a in via)
            or (c.predicate not in R.RELATION_KEYS and c.trigger.dep_ == "dobj" and c.trigger.head == v)):
        subj = next((k for k in v.children if k.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ not in ("i", "we"):
            return "reported"
    return mod


def _speaker(rd: Reading, s: Sentence, trigger: int) -> str:
    """Whose voice: the segment's (answer → interviewee, note → editor, else reporter), a
    "[…]" note's editor, or "quoted" when the trigger stands inside quotation marks in
    narration."""
    if s.bracket_of is not None:
        return "editor"
    seg = rd.article.structured.segments[s.seg_index]
    if seg.kind in _SPEAKER:
        return _SPEAKER[seg.kind]
    before = rd.article.text[seg.start:trigger]
    if before.count("“") > before.count("”") or before.count('"') % 2 == 1:
        return "quoted"
    return "reporter"


def _verb_of(tok: Token) -> Token:
    v = tok
    while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i:
        v = v.head
    return v


def _time(rd: Reading, c: Cand, timexes: list[Timex], published: str | None
          ) -> tuple[Time | None, Timex | None]:
    s = c.sent
    units = [(p.start, p.end) for p in s.pieces if p.unit is not None]
    inside = [t for t in _timexes_within(timexes, s.start, s.end)
              if not any(a <= t.start < b for a, b in units)]
    if c.predicate in _TIMELESS:
        return None, None
    trig_verb = _verb_of(c.trigger)
    inside = [t for t in inside if _governs(_token_at(s, t.start), trig_verb)]
    embedded = trig_verb.dep_ in ("ccomp", "xcomp") and trig_verb.head.tag_ in ("VBD", "VBN")
    present = s.bracket_of is None and (any(t.kind == "present" for t in inside) or (
        not embedded and (trig_verb.tag_ in ("VBZ", "VBP") or any(
            k.dep_ in ("aux", "auxpass") and k.tag_ in ("VBZ", "VBP") for k in trig_verb.children))))
    dated = [t for t in inside if t.kind in ("date", "relative", "range") and t.value.resolved]
    durations = [t for t in inside if t.kind == "duration"]
    best = None
    if dated:
        def score(t: Timex) -> tuple[int, int]:
            tok = _token_at(s, t.start)
            same = tok is not None and _verb_of(tok) == trig_verb
            return (0 if same else 1, abs(t.start - s.orig(c.trigger)[0]))
        best = min(dated, key=score)
    as_of = published if present and published else None
    if best is None:
        return (Time(as_of=as_of) if as_of else None), (durations[0] if durations else None)
    v = best.value
    start, end = v.start, v.end
    if c.predicate in R.RELATION_KEYS and best.kind != "range" and c.predicate != "renamed_to":
        if _in_until_clause(_token_at(s, best.start), trig_verb):
            # "ruled Douma until it surrendered the town last April": when it ended
            return Time(start=None, end=v.end or v.start, as_of=None), None
        end = None
    return Time(start=start, end=end, as_of=as_of or v.as_of), None


_TIMEX_INDEX: tuple[list[Timex], int, list[int] | None] | None = None  # (timexes, len, their starts)


def _timexes_within(timexes: list[Timex], start: int, end: int) -> list[Timex]:
    """The timexes inside [start, end], in order, found by bisection over their starts (one
    index per article's list: a long article has thousands of sentences and of timexes)."""
    global _TIMEX_INDEX
    index = _TIMEX_INDEX
    if index is None or index[0] is not timexes or index[1] != len(timexes):
        at = [t.start for t in timexes]
        index = _TIMEX_INDEX = (timexes, len(timexes), at if at == sorted(at) else None)
    starts = index[2]
    if starts is None:
        return [t for t in timexes if start <= t.start and t.end <= end]
    return [t for t in timexes[bisect_left(starts, start):bisect_right(starts, end)] if t.end <= end]


def _in_until_clause(tok: Token | None, trig_verb: Token) -> bool:
    v = _verb_of(tok) if tok is not None else None
    return (v is not None and v is not trig_verb and v.head == trig_verb and v.dep_ == "advcl"
            and any(c.lower_ in ("until", "till") for c in v.children))


_TIMELESS = frozenset({"from_place", "relative_of"})


def _governs(tok: Token | None, trig_verb: Token) -> bool:
    """A date belongs to the trigger's clause, to a clause above it, or to a "when …" clause
    under it; not to a clause conjoined or embedded under it ("…, and joined Y in 2015")."""
    if tok is None:
        return False
    v = _verb_of(tok)
    if v == trig_verb or v in list(trig_verb.ancestors):
        return True
    if trig_verb in list(v.ancestors):
        cur = v
        while cur != trig_verb and cur.head.i != cur.i:
            if cur.head == trig_verb:
                return cur.dep_ == "advcl"
            cur = cur.head
    return False


def _token_at(s: Sentence, offset: int) -> Token | None:
    assert s.doc is not None
    for tok in s.doc:
        a, b = s.orig(tok)
        if a <= offset < max(b, a + 1):
            return tok
    return None


def _place(rd: Reading, c: Cand) -> str | None:
    """Where an event happened, finest first: its target when that is a place ("shelled
    TOWN"), a place after in/near/at on its words, a place the sentence names in a place
    phrase; else, for events, the report's dateline or its main place."""
    s = c.sent
    if c.predicate in ("from_place", "located_in", "renamed_to", "relative_of"):
        return None
    args = set(c.args.values())
    patient = c.args.get("patient")
    if c.predicate in R.PLACED_EVENTS and patient and rd.etype(patient) == "PLACE":
        return patient  # "captured the town of X", "shelled X": the target is where it happened
    root = c.trigger
    names = _place_names(rd)
    text = rd.article.text
    scope = [root, *[t for t in root.children if t.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass")]]
    for h in scope:
        for prep in h.children:
            if prep.dep_ == "prep" and prep.lower_ in R.PLACE_PREPS:
                for t in prep.subtree:
                    u = s.unit(t)
                    eid = u.entity if u is not None and u.type == "PLACE" else (
                        names.get(t.text) if u is None else None)
                    if eid and eid not in args and not (u is not None and _modifier_place(text, u.end)):
                        return eid
    if c.predicate not in R.PLACED_EVENTS:
        return None
    # else the place the sentence names nearest the trigger, also where the mention stage
    # missed it ("east X"); not the place in "the Britain-based monitor"
    trig = s.orig(root)[0]
    assert s.doc is not None
    found = []
    for tok in s.doc:
        u = s.unit(tok)
        if u is not None and u.type == "PLACE" and u.entity not in args and not _modifier_place(text, u.end) \
                and (_locative(tok) or _taken_ground(tok, root)):
            found.append((abs(u.start - trig), u.entity))
    for name, eid in names.items():
        if eid in args:
            continue
        for g in re.finditer(rf"\b(?:in|of|at|near|outside|around|into|across) (?:the )?({re.escape(name)})(?![\w-])",
                             s.masked):
            if s.masked[g.end():g.end() + 1] != "-":
                found.append((abs(g.start(1) - (trig - s.start)), eid))
    if found:
        return min(found)[1]
    return None


# Events that are incidents, so not yet one when only announced; a struggle ("will continue
# its efforts to defeat X") is a side taken already.
_INCIDENTS = frozenset({"attack", "killing", "detention", "evacuation", "protest"})
# Events a rule states only when the text says they happened: the incidents, and a deal ("unless
# they agreed to a deal", "refused to agree to a truce": none). Not a struggle (see above).
_STATED = _INCIDENTS | {"agreement"}
_NOT_OF_GENERIC = frozenset({"part_of", "located_in", "founded", "renamed_to", "works_for"})


def _generic(rd: Reading, eid: str) -> bool:
    ent = rd.article.entity(eid)
    return ent is not None and bool(ent.attrs.get("generic"))


def _finest(rd: Reading, local: str | None) -> str | None:
    """An event's place: the one its clause gives, unless that is only the country and the
    report is about a place inside one ("killed in Syria" in a report from TOWN)."""
    ent = rd.article.entity(local) if local else None
    main = rd.article.entity(rd.main_place) if rd.main_place else None
    if ent is None:
        return rd.main_place
    if ent.geo_precision == 3 and not ent.admin1 and main is not None and main.admin1:
        return main.id
    return local


def _weigh(rd: Reading, c: Cand, fact: Fact, local: str | None, time: Time | None) -> None:
    """An event-layer event is stated when the trained model (facts/model.py) says it states a
    fact, its probability its confidence; without weights, by the rule of thumb."""
    if not M.doubtful(fact):
        return
    ent = rd.article.entity(local) if local else None
    precision = ent.geo_precision if ent is not None else None
    if M.COLLECT is not None:  # training: every candidate kept, to be labelled
        M.COLLECT(M.features(rd, c, fact, precision, local is not None, time), fact, rd.article)
        return
    model = M.load_model()
    if model is None:
        if not M.specific(fact, precision, local is not None, time):
            fact.confidence = 0.0
        return
    p = model.probability(M.features(rd, c, fact, precision, local is not None, time))
    if p < model.threshold and M.incident(fact, local is not None, time):
        p = model.threshold  # a count of dead or wounded, a day and a place: an incident report, whoever did it
    if p < model.threshold and _own_doer(rd, c, fact):
        p = model.threshold  # the trigger's own words name who did it: "the army killed", "a Hezbollah ambush"
    fact.confidence = round(p, 3) if p >= model.threshold else 0.0


# What names the doer on an event noun itself ("a regime offensive", "Hezbollah's ambush").
_DOER_MODIFIERS = frozenset({"compound", "amod", "nmod", "poss"})


def _stands_for(rd: Reading, s: Sentence, tok: Token, agent: str, depth: int = 0) -> bool:
    """Whether a word is the doer: its name, a government word when the doer is one of the
    article's governments (the resolver chose which), or (once) a noun such a word modifies
    ("government planes", "X fighters"; not "COUNTRY terrorists")."""
    u = s.unit(tok)
    if u is not None:
        # a country before people is where they come from ("COUNTRY terrorists"), not who they are
        ent = rd.article.entity(u.entity)
        country = ent is not None and (ent.type == "PLACE" or ent.name in DEMONYMS.values())
        return u.entity == agent and (depth == 0 or not country)
    if tok.lemma_.lower() in R.GOVERNMENT_NOUNS and agent in rd.government:
        return True  # the government the resolver took the word for
    return depth == 0 and tok.pos_ == "NOUN" and any(
        k.dep_ in _DOER_MODIFIERS and _stands_for(rd, s, k, agent, 1) for k in tok.children)


def _own_doer(rd: Reading, c: Cand, fact: Fact) -> bool:
    """An event of one named party whose trigger's own words name its doer, told as fact:
    the active verb's subject ("the army killed ..."), the passive verb's "by", the event
    noun's modifier or "by" ("a government offensive", "an ambush by X"), or the subject of
    the verb that carries the noun out ("X launched air strikes"), the subject of a verb of
    answering the event is the means of ("X retaliated by shelling"). Not a doer or an act
    with a hedge before it ("a suspected X ambush"). The doer the clause gives farther off
    (a list, a relative clause, a reference) is the model's to weigh."""
    agent = fact.args.get("agent")
    if agent is None or "agent_2" in fact.args or fact.modality not in (None, "asserted", "reported") \
            or fact.asserted_by == "quoted":
        return False
    trig, s = c.trigger, c.sent
    means = _means_of(trig)  # "X responded by shelling", "X retaliated with air strikes"
    if means and not any(a.dep_ in ("xcomp", "pcomp") for a in trig.head.head.ancestors):
        return any(_stands_for(rd, s, d, agent) for d in means)
    if trig.dep_ in ("conj", "xcomp", "acl"):
        return False  # a second verb, a purpose or a noun's description: whose doer is the parse's guess
    if any(a.dep_ in ("xcomp", "pcomp") for a in trig.ancestors):
        return False  # inside a purpose or a gerund ("to forge a pretext for triggering new X strikes")
    verb = next((a for a in trig.ancestors if a.pos_ == "VERB"), None)
    if trig.pos_ != "VERB" and verb is not None and verb.dep_ == "acl":
        return False  # the event describes something else ("fighters backed by X air strikes")
    by = [p for k in trig.children if k.dep_ in ("agent", "prep") and k.lower_ == "by"
          for p in k.children if p.dep_ == "pobj"]
    if trig.pos_ == "VERB":
        subj, passive = subject_of(trig)
        doers = by if passive else ([subj] if subj is not None else [])
        acts = [trig, *(v for v in trig.conjuncts if trigger_predicate(v))]  # "killing and injuring scores"
        if not passive and not any(k.dep_ == "dobj" for v in acts for k in v.children):
            return False  # an act with no one it is done to: "X killed in a strike" is a passive
    else:
        doers = [k for k in trig.children if k.dep_ in _DOER_MODIFIERS] + by
        if trig.dep_ == "dobj" and trig.head.lemma_.lower() in R.CARRY_OUT_VERBS:
            subj, passive = subject_of(trig.head)
            doers += [subj] if subj is not None and not passive else []
    return any(_stands_for(rd, s, d, agent) and not _hedged(d) and not _hedged(trig) for d in doers)


# Adjectives that make a doer or an act a guess: "suspected regime air strikes killed ...".
_HEDGE_ADJECTIVES = frozenset({"suspected", "alleged", "apparent", "possible", "presumed", "likely",
                               "purported", "unidentified", "unknown"})


def _hedged(tok: Token) -> bool:
    """A hedge word in the phrase before the word (the parse may hang it on a modifier)."""
    return any(k.lower_ in _HEDGE_ADJECTIVES | R.HEDGE_ADVERBS for k in tok.subtree if k.i < tok.i)


_LOCATIVE_PREPS = R.PLACE_PREPS | {"near", "outside", "around", "across", "from", "towards", "toward", "to",
                                  "between", "inside", "within", "including"}


def _locative(tok: Token) -> bool:
    """Whether a place stands where a place of an event stands: after a place preposition,
    possibly through "the town of", "the X province village of", a list or an apposition;
    not as a subject ("Moscow said") or an object ("Turkey warned Russia")."""
    cur = tok
    for _ in range(6):
        if cur.dep_ == "pobj":
            if cur.head.lower_ in _LOCATIVE_PREPS:
                return True
            if cur.head.lower_ == "of" and cur.head.head.lemma_.lower() in R.PLACE_NOUNS:
                cur = cur.head.head  # "the town of X"
                continue
            return False
        if cur.dep_ in ("compound", "amod", "appos", "conj", "nmod", "poss") and cur.head.i != cur.i:
            cur = cur.head
            continue
        return False
    return False


def _taken_ground(tok: Token, trigger: Token) -> bool:
    """"the deal that saw rebels surrender east X": a place the event's own clauses act on."""
    return tok.dep_ == "dobj" and (tok.head.i == trigger.i or trigger in list(tok.head.ancestors))


def _modifier_place(text: str, end: int) -> bool:
    """"the Britain-based Observatory", "US-backed forces": a place that only modifies."""
    return text[end:end + 1] in ("-", "‑")


def main_place(article: Article) -> str | None:
    """The place a report is about: its dateline ("BEIRUT: …"), else the subnational place
    named most (the headline and lede count double), else the country it names most."""
    text = article.text
    head = min(len(text), 300)
    score: dict[str, float] = {}
    first: dict[str, int] = {}
    for ent in article.entities:
        if ent.type != "PLACE" or ent.lat is None:
            continue
        for m in ent.mentions:
            if m.kind != "name":
                continue
            if m.start < 40 and rules_dateline(text, m.start, m.end):
                return ent.id
            weight = 2.0 if m.start < head else 1.0
            score[ent.id] = score.get(ent.id, 0.0) + weight * (1.0 if ent.admin1 else 0.1)
            first[ent.id] = min(first.get(ent.id, m.start), m.start)
    if not score:
        return None
    return max(score, key=lambda e: (score[e], -first[e]))


def rules_dateline(text: str, start: int, end: int) -> bool:
    """A name that opens a line in capitals and is followed by ":" or a dash ("BEIRUT —")."""
    line_start = text.rfind("\n", 0, start) + 1
    return (not text[line_start:start].strip() and text[start:end].isupper()
            and re.match(r"\s*(?:\([^)]{1,30}\))?\s*[:—–-]", text[end:end + 40]) is not None)


def _place_names(rd: Reading) -> dict[str, str]:
    names: dict[str, str] = {}
    for ent in rd.article.entities:
        if ent.type == "PLACE":
            for n in [ent.name, *ent.aliases]:
                if len(n) > 3 and n[0].isupper() and n not in R.PLACEHOLDER_WORDS:
                    names.setdefault(n, ent.id)
    return names


# -- renames, narrative time, dedupe -----------------------------------------------------
def _renames(article: Article, published: str | None) -> list[_Draft]:
    out = []
    for r in article.renames:
        seg_index = next((i for i, seg in enumerate(article.structured.segments)
                          if seg.start <= r.start < seg.end), 0)
        seg = article.structured.segments[seg_index]
        # "… became Jaish al-Islam in September 2013": the date that follows the new name
        after = find_timexes(article.text[r.end:r.end + 40], published=published)
        when = next((t.value for t in after if t.start <= 12 and t.value.start), None)
        fact = Fact(id="", predicate="renamed_to", args={"subject": r.entity, "object": r.entity,
                                                         "name": r.new_name},
                    time=Time(start=when.start, end=None) if when else (
                        Time(as_of=published) if published else None),
                    asserted_by=_SPEAKER.get(seg.kind, "reporter"),  # type: ignore[arg-type]
                    evidence=Evidence(start=r.start, end=r.end, text=article.text[r.start:r.end]),
                    confidence=0.9)
        if "[" in article.text[r.start:r.end] and seg.kind == "answer":
            fact.asserted_by = "editor"
        out.append(_Draft(fact, r.start, seg_index))
    return out


def _key_agent(f: Fact) -> str | None:
    return f.args.get("agent") or f.args.get("subject")


def _narrative_time(drafts: list[_Draft], article: Article) -> None:
    drafts.sort(key=lambda d: d.trigger)
    events = [d for d in drafts if d.fact.predicate not in R.RELATION_KEYS]
    told = _Told(drafts)
    for j, d in enumerate(drafts):
        # "A year later the group appointed him …": relations move with the story too
        if d.fact.predicate in R.RELATION_KEYS and d.fact.predicate != "renamed_to" and (
                d.fact.time is None or not (d.fact.time.start or d.fact.time.end)):
            shifted = _shifted(d, told.last(len(drafts), d))
            if shifted:
                d.fact.time = Time(start=shifted)
                told.dated(j)
    told = _Told(events)
    agents: dict[tuple[str, int], _Draft] = {}  # the last event of a predicate in a segment with its agent
    for i, d in enumerate(events):
        if d.inherit_agent and "agent" not in d.fact.args:
            prev = agents.get((d.fact.predicate, d.seg_index))
            if prev is not None:
                d.fact.args = {"agent": prev.fact.args["agent"], **d.fact.args}
        if "agent" in d.fact.args:
            agents[(d.fact.predicate, d.seg_index)] = d
        if d.fact.time is None or not d.fact.time.start:
            shifted = _shifted(d, told.last(i, d))
            if shifted:
                # "Two years earlier, …": the story's last date moved back or on
                d.fact.time = Time(start=shifted, end=shifted)
                told.dated(i)
                continue
            prev_dated = told.last(i, d, same_segment=True) if d.duration is None else []
            if prev_dated:
                t = prev_dated[-1].fact.time
                d.fact.time = Time(start=t.start, end=t.end, as_of=d.fact.time.as_of if d.fact.time else None)  # type: ignore[union-attr]
                told.dated(i)
    # another statement of the same event gives its date (e.g. an editor's note)
    stories: dict[tuple[str, str | None], list[_Draft]] = {}  # the events of one predicate and agent
    for e in events:
        stories.setdefault((e.fact.predicate, _key_agent(e.fact)), []).append(e)
    for d in events:
        same = [e for e in stories[(d.fact.predicate, _key_agent(d.fact))] if e is not d
                and _key_agent(d.fact) and _start(e.fact) and _compatible(d.fact, e.fact)]
        mine = _start(d.fact)
        finer = [e for e in same if _start(e.fact).startswith(mine) and len(_start(e.fact)) > len(mine)]
        if finer and len({_start(e.fact) for e in finer}) == 1:
            t = finer[0].fact.time
            assert t is not None
            d.fact.time = Time(start=t.start, end=t.end, as_of=d.fact.time.as_of if d.fact.time else None)
    triggers = [e.trigger for e in events]  # in order: drafts are sorted by trigger
    for d in drafts:
        if d.duration is None:
            continue
        before = next((events[k] for k in range(bisect_left(triggers, d.trigger) - 1, -1, -1)
                       if _start(events[k].fact)), None)
        if before is not None:
            anchor = _start(before.fact)
            try:
                v = anchor_duration(d.duration.text, start=anchor)
            except ValueError:  # a duration timex reads "for …" that parse_duration rejects
                continue
            d.fact.time = Time(start=v.start, end=v.end)
    for d in drafts:
        if not d.standalone and not _stands(d.fact.predicate, d.fact.args, d.fact.modality):
            d.fact.confidence = 0.0  # a rule's attack without its attacker or target says little
        if d.standalone and (d.fact.time is None or not d.fact.time.start) and article.structured.published:
            # an event the report tells without a date happened by the time it was reported
            d.fact.time = Time(start=article.structured.published[:7], as_of=article.structured.published)
        if d.needs_time and (d.fact.time is None or not d.fact.time.start):
            d.fact.confidence = 0.0  # dropped below: a lone signatory without a date says little


class _Told:
    """The story's dates so far: among `drafts[:i]`, the last with a start date whose evidence
    starts before a draft's (in all, or in its segment), in log time, as drafts get dated one
    by one; a long article has thousands of drafts, each asking this.

    A segment tree over the drafts' positions holds the evidence start of each dated one
    (else infinity), so the last one below a start is found by a descent from the right."""

    def __init__(self, drafts: list[_Draft]) -> None:
        self.drafts = drafts
        self.all = _Latest([d.fact.evidence.start if _start(d.fact) else None for d in drafts])
        self.where: list[tuple[int, int]] = []  # position → (segment, position in the segment)
        self.members: dict[int, list[int]] = {}
        for j, d in enumerate(drafts):
            mine = self.members.setdefault(d.seg_index, [])
            self.where.append((d.seg_index, len(mine)))
            mine.append(j)
        self.segs = {k: _Latest([drafts[j].fact.evidence.start if _start(drafts[j].fact) else None for j in js])
                     for k, js in self.members.items()}

    def last(self, i: int, d: _Draft, *, same_segment: bool = False) -> list[_Draft]:
        """[the one], or []: what `_shifted` and the segment's last date read."""
        x = d.fact.evidence.start
        if not same_segment:
            j = self.all.last(i, x)
            return [self.drafts[j]] if j is not None else []
        js = self.members.get(d.seg_index, [])
        k = self.segs[d.seg_index].last(bisect_left(js, i), x) if js else None
        return [self.drafts[js[k]]] if k is not None else []

    def dated(self, j: int) -> None:
        """drafts[j] has a start date now."""
        d = self.drafts[j]
        if not _start(d.fact):
            return
        self.all.set(j, d.fact.evidence.start)
        seg, k = self.where[j]
        self.segs[seg].set(k, d.fact.evidence.start)


class _Latest:
    """Values at positions 0..n-1 (None: no value): the last position before i whose value
    is below x, by a descent of a min segment tree."""

    def __init__(self, values: list[int | None]) -> None:
        self.size = 1
        while self.size < len(values):
            self.size *= 2
        inf = float("inf")
        self.tree: list[float] = [inf] * (2 * self.size)
        for j, v in enumerate(values):
            if v is not None:
                self.tree[self.size + j] = v
        for p in range(self.size - 1, 0, -1):
            self.tree[p] = min(self.tree[2 * p], self.tree[2 * p + 1])

    def set(self, j: int, value: int) -> None:
        p = self.size + j
        self.tree[p] = value
        while p > 1:
            p //= 2
            self.tree[p] = min(self.tree[2 * p], self.tree[2 * p + 1])

    def last(self, i: int, x: int) -> int | None:
        """The largest j < i whose value is below x, else None."""
        return self._last(1, 0, self.size, i, x)

    def _last(self, node: int, lo: int, hi: int, i: int, x: int) -> int | None:
        if lo >= i or self.tree[node] >= x:
            return None
        if hi - lo == 1:
            return lo
        mid = (lo + hi) // 2
        right = self._last(2 * node + 1, mid, hi, i, x)
        return right if right is not None else self._last(2 * node, lo, mid, i, x)


def _shifted(d: _Draft, told: list[_Draft]) -> str | None:
    """`d`'s date when its sentence moves the story's last date ("two years earlier")."""
    return narrative_shift(d.fact.evidence.text, anchor=_start(told[-1].fact)) if told else None


def _start(f: Fact) -> str:
    return (f.time.start or "") if f.time else ""


def _compatible(a: Fact, b: Fact) -> bool:
    for k in ("patient", "destination", "object"):
        if k in a.args and k in b.args and a.args[k] != b.args[k]:
            return False
    return True


def _dedupe(drafts: list[_Draft], article: Article) -> list[Fact]:
    best: dict[tuple, Fact] = {}
    for d in sorted(drafts, key=lambda d: (d.fact.evidence.start, d.trigger)):
        f = d.fact
        if f.confidence <= 0:
            continue
        key = (f.predicate, tuple(sorted(f.args.items())), f.polarity, f.evidence.start, f.evidence.end)
        old = best.get(key)
        if old is None:
            best[key] = f
            continue
        if (old.role in (None, "member")) and f.role not in (None, "member"):
            old.role = f.role
        if f.confidence > old.confidence:
            old.confidence = f.confidence
        if old.time is None and f.time is not None:
            old.time = f.time
        if old.place is None and f.place is not None:
            old.place = f.place
    facts = _drop_headlines(_drop_restatements(list(best.values()), article), article.structured.title)
    facts = _drop_retold(facts)
    for i, f in enumerate(facts, start=1):
        f.id = f"f{i}"
    return facts


def _drop_restatements(facts: list[Fact], article: Article) -> list[Fact]:
    """A relation said again later through a pronoun only ("I only worked with them") adds
    no fact: the first statement, which names both sides, stands for it."""
    seen: dict[tuple, Fact] = {}
    out = []
    by_start = sorted(article.mentions, key=lambda m: m.start)
    starts = [m.start for m in by_start]
    for f in facts:
        key = (f.predicate, tuple(sorted(f.args.items())), f.polarity, f.modality)
        first = seen.get(key)
        if f.predicate in R.RELATION_KEYS and first is not None and _object_by_pronoun(
                f, by_start[bisect_left(starts, f.evidence.start):bisect_right(starts, f.evidence.end)]):
            if first.time is None and f.time is not None:
                first.time = f.time
            continue
        seen.setdefault(key, f)
        out.append(f)
    return out


_WORD = re.compile(r"[A-Za-z]{3,}")


def _drop_headlines(facts: list[Fact], title: str | None) -> list[Fact]:
    """An event whose evidence is the headline and nothing more (a date stamp at most) is the
    report's lede told again in headline words ("40 Syrians die in ammo depot blast."), with
    no party or place of its own: the body's statement of the same kind stands for it (so a
    report that is its headline alone keeps it)."""
    head = (title or "").strip().rstrip(".")
    if len(head) < 15:
        return facts
    told = [f.predicate in EVENT_PREDICATES and _only_headline(f.evidence.text, head) for f in facts]
    body = {f.predicate for f, t in zip(facts, told, strict=True) if not t}
    return [f for f, t in zip(facts, told, strict=True) if not (t and f.predicate in body)]


def _only_headline(evidence: str, head: str) -> bool:
    """Whether `evidence` holds the headline and at most two words more ("Thu Aug 1 2013")."""
    return head in evidence and len(_WORD.findall(evidence.replace(head, " "))) <= 2


def _drop_retold(facts: list[Fact]) -> list[Fact]:
    """A fact stated again in a sentence that tells the same thing in (nearly) the same words
    adds nothing: wire reports repeat their lede (a summary, then the same sentence opening the
    body; a headline glued to it). The first statement stands for the later one when the two
    agree on everything a claim is made of (predicate, arguments, role, time, place, polarity)
    and the shorter sentence's words are nearly all in the longer one. A second source in the
    same words is no second source, so the claim loses nothing; a fact told again in other
    words keeps both evidences."""
    firsts: dict[tuple, list[Fact]] = {}
    out = []
    for f in facts:
        key = (f.predicate, tuple(sorted(f.args.items())), f.role, f.polarity, f.place,
               (f.time.start, f.time.end, f.time.as_of) if f.time else None)
        earlier = firsts.setdefault(key, [])
        if any(_same_words(g.evidence.text, f.evidence.text) for g in earlier):
            continue
        earlier.append(f)
        out.append(f)
    return out


_RETOLD_SHARE = 0.85
_RETOLD_MIN_WORDS = 6


def _same_words(a: str, b: str) -> bool:
    """Whether the shorter of two sentences is (nearly) all words of the longer one: at least
    six words of three letters or more, 85% of them in the other."""
    wa, wb = ({w.lower() for w in _WORD.findall(t)} for t in (a, b))
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return len(short) >= _RETOLD_MIN_WORDS and len(short & long_) >= _RETOLD_SHARE * len(short)


_GROUP_PRONOUN = re.compile(r"\b(?:they|them|their|it|its)\b", re.I)


def _object_by_pronoun(f: Fact, mentions: list[Mention]) -> bool:
    """Whether the evidence reaches the relation's object only through "them"/"it" (given the
    mentions that start inside the evidence, or more)."""
    obj = f.args.get("object")
    named = any(m.entity == obj and m.kind != "pronoun" and f.evidence.start <= m.start
                and m.end <= f.evidence.end for m in mentions)
    return not named and _GROUP_PRONOUN.search(f.evidence.text) is not None
