"""Facts about sides: who stands with whom and against whom, stated without a verb of
alliance.

- actors named together as the subject of an action against a common enemy ("X, Y and Z
  are committed to defeating W": allied_with between each two);
- help given ("X's support for Y", "support from X", "X's ally Y", "X launched strikes in
  support of Y": allied_with) and the struggle it helps ("support for Y in the fight
  against W": Y fights W);
- members named of a collective actor ("the international community – including X and
  Y –": part_of);
- "Defeating X … is a fight we must win" (the speaking "we" fights X);
- mergers: "X merged with Y to form Z" (Y founded Z too, and both are part of Z), "Z was
  formed when X merged with …" (X part of Z);
- two sides named together: "X and Y fought each other" (clash), "X and Y were allies";
- "a coalition that includes X and Y" (X and Y part of it);
- "it renamed itself Y" told away from the old name (renamed_to).

An actor here is an ORG or a country (a PLACE the gazetteer knows as one).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from allegiance.extraction.facts import lexicon as R
from allegiance.extraction.facts.frames import Cand, subject_of
from allegiance.extraction.facts.parse import Reading, Sentence, entities, resolve

if TYPE_CHECKING:
    from spacy.tokens import Token


_STATES = ("ORG", "PLACE")


def _is_actor(rd: Reading, eid: str) -> bool:
    """An ORG, or a place that acts as its state (a country)."""
    etype = rd.etype(eid)
    if etype == "ORG":
        return True
    if etype != "PLACE":
        return False
    from allegiance.geo.places import resolve_place

    ent = rd.article.entity(eid)
    found = resolve_place(ent.name, country=None) if ent is not None else None
    return found is not None and found.kind == "country"


def _named_together(x: Token) -> list[Token]:
    """`x` and the names coordinated or set in apposition with it ("X, the Y and Z")."""
    out = [x]
    for t in out:
        out += [c for c in t.children if c.dep_ in ("conj", "appos") and c not in out]
    return out


def _joint_action(v: Token, depth: int = 0) -> Token | None:
    """The action against a common enemy that `v` states or commits its subject to."""
    if v.lemma_.lower() in R.JOINT_ACTION_VERBS:
        return v
    if depth >= 3:
        return None
    for c in v.children:
        if c.dep_ in ("xcomp", "acomp", "prep", "pcomp"):
            found = _joint_action(c, depth + 1)
            if found is not None:
                return found
    return None


def _an_enemy(rd: Reading, s: Sentence, action: Token) -> bool:
    """Whether the joint action is against someone: its object (or "against" whom) names an
    entity, or armed people ("the jihadists"), not a thing ("the stockpile")."""
    targets = [c for c in action.children if c.dep_ == "dobj"] + [
        p for c in action.children if c.dep_ == "prep" and c.lower_ == "against"
        for p in c.children if p.dep_ == "pobj"]
    return any(entities(rd, s, [t], ("ORG", "PERSON", "PLACE")) or t.lemma_.lower() in R.ARMED_PEOPLE
               or t.lemma_.lower() in ("terrorism", "extremism", "terror") for t in targets)


def allies(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """"X, Y and Z are committed to defeating W": X, Y and Z are allies."""
    assert s.doc is not None
    if any(r in s.masked.lower() for r in R.RECIPROCAL):
        return
    for x in s.doc:
        if x.dep_ not in ("nsubj", "nsubjpass"):
            continue
        together = _named_together(x)
        if len(together) < 2:
            continue
        action = _joint_action(x.head)
        if action is None or not any(c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "against")
                                     for c in action.children):
            continue  # "X and Y fought near Z" may be against each other: a common enemy decides
        if not _an_enemy(rd, s, action):
            continue  # "X and Y agreed to destroy the stockpile of chemical weapons": no enemy
        found = [(eid, c) for eid, c, _ in entities(rd, s, together, _STATES, conj=False)
                 if _is_actor(rd, eid)]
        for i, (a, ca) in enumerate(found):
            for b, cb in found[i + 1:]:
                yield Cand("allied_with", {"subject": a, "object": b}, s, action,
                           confidence=0.6 * ca * cb)


def support_nouns(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """"X's support for Y", "support from X to Y", "X's ally Y": allied_with; "support for Y
    in the fight against W": Y fights W."""
    assert s.doc is not None
    for n in s.doc:
        lemma = n.lemma_.lower()
        if n.pos_ != "NOUN":
            continue
        if lemma in R.ALLY_NOUNS:
            poss = [c for c in n.children if c.dep_ == "poss"]
            named = [c for c in n.children if c.dep_ == "appos"] or (
                [n.head] if n.dep_ == "compound" else [])
            # "jets of the regime or its ally Russia": the pronoun is the conjunct before it
            first = n.dep_ == "conj" and bool(poss) and all(p.tag_ == "PRP$" for p in poss)
            owners = [o for o in entities(rd, s, [n.head] if first else poss, _STATES, conj=not first)
                      if _is_actor(rd, o[0])]
            for a, ca, _ in owners:
                for b, cb, _ in entities(rd, s, named, _STATES, exclude={a}):
                    if _is_actor(rd, b):
                        yield Cand("allied_with", {"subject": a, "object": b}, s, n,
                                   confidence=0.6 * ca * cb)
            continue
        if lemma not in R.SUPPORT_NOUNS:
            continue
        if n.dep_ == "pobj" and n.head.lower_ == "in" and lemma == "support":
            yield from _in_support_of(rd, s, n)
        givers = [c for c in n.children if c.dep_ == "poss" or (
            c.dep_ in ("compound", "amod") and s.unit(c) is not None)]
        givers += [p for c in n.children if c.dep_ == "prep" and c.lower_ == "from"
                   for p in c.children if p.dep_ == "pobj"]
        takers = [p for c in n.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "to")
                  for p in c.children if p.dep_ == "pobj"]
        giver = [g for g in entities(rd, s, givers, _STATES) if _is_actor(rd, g[0])]
        taker = [t for t in entities(rd, s, takers, _STATES, exclude={g[0] for g in giver})
                 if _is_actor(rd, t[0])]
        for a, ca, _ in giver:
            for b, cb, _ in taker:
                yield Cand("allied_with", {"subject": a, "object": b}, s, n,
                           confidence=0.6 * ca * cb)
        yield from _struggle(rd, s, n, taker)
    for v in s.doc:
        if v.pos_ == "VERB" and v.lemma_.lower() in R.SUPPORT_VERBS:
            helped = entities(rd, s, [c for c in v.children if c.dep_ == "dobj"], _STATES)
            yield from _struggle(rd, s, v, [h for h in helped if _is_actor(rd, h[0])])
            yield from _supported_action(rd, s, v)
            yield from _aided_by(rd, s, v)
        if v.pos_ == "VERB" and v.lemma_.lower() in R.PARTNER_VERBS:
            yield from _partners(rd, s, v)


def _in_support_of(rd: Reading, s: Sentence, n: Token) -> Iterator[Cand]:
    """"Russia launched air strikes in support of the regime", "Russian jets which operate in
    support of the Syrian government", "the Iraqi Armed Forces and others in support of the
    coalition campaign": the actor that does what "in support of" hangs on is an ally of the
    one supported, or of the owner of the action supported ("the coalition campaign", "a major
    offensive by regime forces")."""
    helped_toks = [p for c in n.children if c.dep_ == "prep" and c.lower_ == "of"
                   for p in c.children if p.dep_ == "pobj"]
    helped = [h for h in entities(rd, s, helped_toks, _STATES) if _is_actor(rd, h[0])]
    if not helped:
        owners = [o for t in helped_toks if t.lemma_.lower() in R.SUPPORTED_ACTIONS for o in _owners(t)]
        helped = [h for h in entities(rd, s, owners, _STATES, conj=False) if _is_actor(rd, h[0])]
    if not helped:
        return
    head = n.head.head  # what the "in" phrase hangs on
    helpers: list[tuple[str, float, Token]] = []
    if head.pos_ in ("VERB", "AUX"):
        subj, passive = subject_of(head)
        if subj is None and head.dep_ == "acl" and head.tag_ == "VBG":
            subj, passive = head.head, False  # "Russian jets acting in support of X"
        if subj is not None and not passive:
            helpers = entities(rd, s, _named_together(subj), _STATES, conj=False)
    elif head.pos_ in ("NOUN", "PROPN"):
        first = head
        while first.dep_ in ("conj", "appos") and first.head.pos_ in ("NOUN", "PROPN"):
            first = first.head  # "the X, Y and others in support of": every one named
        # not a place or target the phrase follows ("strikes on Syria in support of X")
        target = first.dep_ == "pobj" and first.head.lower_ not in _HELPED_PREPS
        helpers = [] if target else entities(rd, s, _named_together(first), _STATES, conj=False)
        if not helpers and head.lemma_.lower() in R.SUPPORTED_ACTIONS:
            # "Russian air strikes in support of", "launched air strikes in support of": the
            # action's owner, else the subject of the verb that carries it out
            helpers = entities(rd, s, _owners(head), _STATES, conj=False)
            verb = head.head
            if not helpers and head.dep_ == "dobj" and verb.lemma_.lower() in R.CARRY_OUT_VERBS | R.BEGIN_VERBS:
                subj, passive = subject_of(verb)
                if subj is not None and not passive:
                    helpers = entities(rd, s, _named_together(subj), _STATES, conj=False)
    taken = {h[0] for h in helped}
    for a, ca, _ in helpers:
        if a in taken or not _is_actor(rd, a):
            continue
        for b, cb, _ in helped:
            yield Cand("allied_with", {"subject": a, "object": b}, s, n, confidence=0.55 * ca * cb)


# Prepositions whose object may be the one acting in support ("support for X and others in
# support of Y", "aid to X in support of Y").
_HELPED_PREPS = frozenset({"for", "to", "from", "with", "by", "including"})


def _owners(action: Token) -> list[Token]:
    """Who an action noun says carries it out: "the coalition campaign", "its intervention",
    "an offensive by regime forces"."""
    out = [c for c in action.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    out += [p for c in action.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
            for p in c.children if p.dep_ == "pobj"]
    return out


def _partners(rd: Reading, s: Sentence, v: Token) -> Iterator[Cand]:
    """"X stands by Y to defeat Z", "X works as part of Y to defeat Z": Y fights Z too."""
    partners: list[Token] = []
    for c in v.children:
        if c.dep_ == "prep" and c.lower_ in R.PARTNER_PREPS:
            partners += [p for p in c.children if p.dep_ == "pobj"]
        if c.dep_ == "prep" and c.lower_ == "as":  # "as part of Y"
            partners += [q for p in c.children if p.dep_ == "pobj" and p.lower_ == "part"
                         for k in p.children if k.dep_ == "prep" and k.lower_ == "of"
                         for q in k.children if q.dep_ == "pobj"]
    if not partners:
        return
    enemies: list[Token] = []
    for a in v.children:
        if a.dep_ in ("advcl", "xcomp") and any(k.dep_ == "aux" and k.lower_ == "to" for k in a.children):
            for verb in [a, *a.conjuncts]:
                if verb.lemma_.lower() in R.JOINT_ACTION_VERBS:
                    enemies += [o for o in verb.children if o.dep_ == "dobj"]
    if not enemies:
        return
    for b, cb, _ in entities(rd, s, partners, _STATES):
        if not _is_actor(rd, b):
            continue
        for w, cw, _ in entities(rd, s, enemies, ("ORG",), exclude={b}):
            yield Cand("clash", {"agent": b, "patient": w}, s, v, confidence=0.55 * cb * cw)


def _aided_by(rd: Reading, s: Sentence, v: Token) -> Iterator[Cand]:
    """"X liberated P, aided by support from Y and Z": Y and Z are X's allies."""
    if v.tag_ != "VBN" or v.dep_ not in ("advcl", "acl"):
        return
    by = [p for c in v.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    helpers: list[Token] = []
    for p in by:
        if p.lemma_.lower() in R.SUPPORT_NOUNS:
            p = next((q for c in p.children if c.dep_ == "prep" and c.lower_ == "from"
                      for q in c.children if q.dep_ == "pobj"), p)
        if p.lemma_.lower() in R.ALLY_NOUNS:
            helpers += [c for c in p.children if c.dep_ == "appos"]
        elif p.lemma_.lower() not in R.SUPPORT_NOUNS:
            helpers.append(p)
    if not helpers:
        return
    # the clause the participle hangs on, also when the parser attached it to a noun
    head = v.head if v.head.pos_ in ("VERB", "AUX") else next(
        (t for t in reversed(list(v.doc[:v.i])) if t.pos_ == "VERB" and subject_of(t)[0] is not None), None)
    subj = subject_of(head)[0] if head is not None else None
    helped = entities(rd, s, [subj], _STATES) if subj is not None else []
    if v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN"):
        # "jihadists were killed by Syrian troops backed by Hezbollah fighters": the actor the
        # participle describes is the one helped, not the subject of the clause around it
        described = [h for h in entities(rd, s, [v.head], _STATES, conj=False) if _is_actor(rd, h[0])]
        if described and any(f.predicate == "allied_with" for f in R.VERB_FRAMES.get(v.lemma_.lower(), ())):
            return  # "backed by", "supported by": verb_frames states the alliance
        helped = described or helped
    for a, ca, _ in [h for h in helped if _is_actor(rd, h[0])]:
        for b, cb, _ in entities(rd, s, helpers, _STATES, exclude={a}):
            if _is_actor(rd, b):
                yield Cand("allied_with", {"subject": a, "object": b}, s, v, confidence=0.55 * ca * cb)


def _supported_action(rd: Reading, s: Sentence, v: Token) -> Iterator[Cand]:
    """"X and Y supported the re-taking of P by Z": X and Y are Z's allies."""
    doers = [p for n in v.children if n.dep_ in ("dobj", "advcl") and n.pos_ == "NOUN"
             for c in n.children if c.dep_ == "prep" and c.lower_ == "by"
             for p in c.children if p.dep_ == "pobj"]
    if not doers:
        return
    subj, passive = subject_of(v)
    if subj is None or passive:
        return
    helpers = [h for h in entities(rd, s, _named_together(subj), _STATES, conj=False)
               if _is_actor(rd, h[0])]
    for b, cb, _ in entities(rd, s, doers, _STATES, exclude={h[0] for h in helpers}):
        if not _is_actor(rd, b):
            continue
        for a, ca, _ in helpers:
            yield Cand("allied_with", {"subject": a, "object": b}, s, v, confidence=0.55 * ca * cb)


def speaker_struggle(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """"Defeating X will take time, but it is a fight we must win": an action against X with
    no subject of its own, in a sentence whose subject is the speaking "we", is theirs."""
    assert s.doc is not None
    we = [t for t in s.doc if t.lower_ == "we" and t.dep_ == "nsubj"]
    found = [f for t in we if (f := resolve(rd, s, t)) is not None and rd.etype(f[0]) == "ORG"]
    if not found:
        return
    for v in s.doc:
        if v.tag_ != "VBG" or v.lemma_.lower() not in R.JOINT_ACTION_VERBS or v.dep_ not in (
                "csubj", "nsubj", "ccomp", "advcl"):
            continue
        if subject_of(v)[0] is not None and v.dep_ not in ("csubj", "nsubj"):
            continue
        objs = [c for c in v.children if c.dep_ == "dobj"]
        if not objs and v.i + 1 < len(s.doc) and s.unit(s.doc[v.i + 1]) is not None:
            objs = [s.doc[v.i + 1]]  # "defeating X will take time": X misparsed as a subject
        for w, cw, _ in entities(rd, s, objs, ("ORG",), exclude={found[0][0]}):
            yield Cand("clash", {"agent": found[0][0], "patient": w}, s, v,
                       confidence=0.5 * found[0][1] * cw)


def _struggle(rd: Reading, s: Sentence, help_tok: Token, helped: list[tuple[str, float, Token]]
              ) -> Iterator[Cand]:
    """"support for Y in the fight against W", "supported Y in its efforts to defeat W": Y
    fights W."""
    enemies: list[Token] = []
    for c in help_tok.children:
        if c.dep_ != "prep" or c.lower_ != "in":
            continue
        for st in c.children:
            if st.dep_ != "pobj" or st.lemma_.lower() not in R.STRUGGLE_NOUNS:
                continue
            for k in st.children:
                if k.dep_ == "prep" and k.lower_ == "against":
                    enemies += [p for p in k.children if p.dep_ == "pobj"]
                if k.dep_ == "acl" and k.lemma_.lower() in R.JOINT_ACTION_VERBS:
                    enemies += [p for p in k.children if p.dep_ == "dobj"]
    for b, cb, _ in helped:
        for w, cw, _ in entities(rd, s, enemies, ("ORG",), exclude={b}):
            yield Cand("clash", {"agent": b, "patient": w}, s, help_tok, confidence=0.6 * cb * cw)


def members_named(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """"the international community – including X and Y –": X and Y are part of it."""
    assert s.doc is not None
    for t in s.doc:
        if t.lower_ not in R.INCLUDING_WORDS or t.head.i == t.i:
            continue
        whole = s.unit(t.head)
        if whole is None or whole.type != "ORG" or whole.entity in rd.government:
            continue
        if any(t.head.i < c.i < t.i for c in t.head.conjuncts):
            # "a coalition between X and other factions including Y": the parse hangs the list
            # on X, but Y is one of the other factions, not part of X
            continue
        named = [p for p in t.children if p.dep_ == "pobj"]
        for eid, c, _ in entities(rd, s, named, _STATES, exclude={whole.entity}):
            if _is_actor(rd, eid):
                yield Cand("part_of", {"subject": eid, "object": whole.entity}, s, t,
                           confidence=0.6 * c)



def mergers(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """Groups that come together: "X merged with Y to form Z" (Y, like X, founded Z — the
    form frame gives X — and both became part of Z) and "Z was formed when X merged with …"
    (X became part of Z)."""
    assert s.doc is not None
    for v in s.doc:
        if v.lemma_.lower() not in R.MERGE_VERBS or v.pos_ != "VERB":
            continue
        subj, _passive = subject_of(v)
        movers = entities(rd, s, [subj], ("ORG",)) if subj is not None else []
        partners = entities(rd, s, [p for c in v.children if c.dep_ == "prep" and c.lower_ == "with"
                                    for p in c.children if p.dep_ == "pobj"], ("ORG",),
                            exclude={m[0] for m in movers})
        for f in v.children:
            if f.dep_ not in ("xcomp", "advcl") or f.lemma_.lower() not in R.FORM_VERBS:
                continue
            formed = entities(rd, s, [c for c in f.children if c.dep_ == "dobj"], ("ORG",),
                              exclude={m[0] for m in movers + partners})
            for z, cz, _ in formed:
                for x, cx, _ in partners:
                    yield Cand("founded", {"subject": x, "object": z}, s, f, role="founder",
                               confidence=0.7 * cx * cz)
                # a group that merges into a new one is part of it from then on
                for x, cx, _ in movers + partners:
                    yield Cand("part_of", {"subject": x, "object": z}, s, v, confidence=0.65 * cx * cz)
        # the clause of "when X merged" hangs off the forming verb or off its date
        h = v.head
        for _ in range(3):
            if h.pos_ in ("VERB", "AUX") or h.head is h:
                break
            h = h.head
        when = v.dep_ == "advcl" or (v.dep_ == "relcl" and any(c.lower_ == "when" for c in v.children))
        if when and h.lemma_.lower() in R.FORM_VERBS:
            for z, cz, _ in entities(rd, s, [c for c in h.children if c.dep_ == "nsubjpass"], ("ORG",)):
                for x, cx, _ in movers + partners:
                    if x != z:
                        yield Cand("part_of", {"subject": x, "object": z}, s, v, confidence=0.65 * cx * cz)


_RECIPROCAL = frozenset({"other", "another"})
_ALLY_NOUNS = frozenset({"ally", "partner"})


def reciprocal(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """Two sides named together: "X and Y fought each other" (clash), "X and Y were allies"
    (allied_with)."""
    assert s.doc is not None
    for v in s.doc:
        lemma = v.lemma_.lower()
        if lemma in ("fight", "clash", "battle") and any(
                c.dep_ in ("dobj", "npadvmod", "pobj") and c.lower_ in _RECIPROCAL
                for c in [*v.children, *(p for c in v.children if c.dep_ == "prep" for p in c.children)]):
            pred = "clash"
        elif lemma == "be" and any(c.dep_ == "attr" and c.lemma_.lower() in _ALLY_NOUNS and c.tag_ == "NNS"
                                   for c in v.children):
            pred = "allied_with"
        else:
            continue
        subj, _ = subject_of(v)
        if subj is None and v.dep_ in ("advcl", "xcomp", "acl") and v.head is not v:
            subj, _ = subject_of(v.head)  # "X and Y spent 2016 fighting each other"
        sides = [e for e in entities(rd, s, [subj], ("ORG",) if pred == "allied_with" else ("ORG", "PERSON"))
                 if _is_actor(rd, e[0]) or pred == "clash"] if subj is not None else []
        for i, (a, ca, _) in enumerate(sides):
            for b, cb, _ in sides[i + 1:]:
                args = {"agent": a, "patient": b} if pred == "clash" else {"subject": a, "object": b}
                yield Cand(pred, args, s, v, confidence=0.75 * ca * cb)


_INCLUDE_VERBS = frozenset({"include", "comprise", "encompass", "incorporate", "contain", "absorb"})


def includes(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """"a coalition that includes X and Y", "the front comprises X": X and Y are part of it."""
    assert s.doc is not None
    for v in s.doc:
        if v.lemma_.lower() not in _INCLUDE_VERBS or v.pos_ not in ("VERB", "AUX"):
            continue
        subj, passive = subject_of(v)
        if subj is None or passive:
            continue
        wholes = entities(rd, s, [subj], ("ORG",))
        if not wholes and v.dep_ == "relcl" and v.head.dep_ == "pobj" and v.head.head.lower_ == "of":
            # "a coalition of factions that includes X": the coalition
            wholes = entities(rd, s, [v.head.head.head], ("ORG",))
        for whole, cw, _ in wholes:
            for part, cp, _ in entities(rd, s, [c for c in v.children if c.dep_ == "dobj"], ("ORG",),
                                        exclude={whole}):
                yield Cand("part_of", {"subject": part, "object": whole}, s, v, confidence=0.7 * cw * cp)


def renamings(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """"… announced that it was renaming itself Jabhat Fatah al-Sham": a rename told by a verb
    away from the old name (linking joins the adjacent "X, which renamed itself Y")."""
    assert s.doc is not None
    for v in s.doc:
        if v.lemma_.lower() not in ("rename", "rebrand") or v.pos_ != "VERB":
            continue
        if not any(c.lower_ == "itself" for c in v.children):
            continue
        subj, _ = subject_of(v)
        old = entities(rd, s, [subj], ("ORG",)) if subj is not None else []
        new = [t for c in v.children if c.dep_ in ("oprd", "dobj", "attr", "npadvmod", "xcomp", "ccomp")
               for t in c.subtree if s.unit(t) is not None and s.unit(t).type == "ORG"]  # type: ignore[union-attr]
        for eid, conf, _ in old:
            for t in new[:1]:
                u = s.unit(t)
                assert u is not None
                if u.entity == eid:  # one entity carries both names: the usual case
                    yield Cand("renamed_to", {"subject": eid, "object": eid,
                                              "name": rd.article.text[u.start:u.end]}, s, v, confidence=0.8 * conf)
