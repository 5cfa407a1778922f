"""Facts stated by describing a name rather than by a verb.

- appositions and copulas: "my brother, NAME" (kin), "NAME, an X military commander"
  (role in X), "NAME is now a negotiator with X", "X, a part of Y" (part_of),
  "X is a coalition …" (learned: "the coalition" is X from now on);
- "[…]" interpolations after a name read as "NAME is …";
- "his hometown of P", "a P native", "born in P" (from_place);
- "X-affiliated", "under the umbrella of Y" (part_of / member_of);
- "X's NAME" (works_for / member_of), "the government of NAME" (leader_of);
- names that contain another group's name ("X's Military Council", "General Staff of
  X": part_of);
- actors named together as the subject of an action against a common enemy ("X, Y and Z
  are committed to defeating W": allied_with between each two), help given ("X's support
  for Y", "support from X", "X's ally Y": allied_with) and the struggle it helps ("support
  for Y in the fight against W": Y fights W); members named of a collective actor ("the
  international community – including X and Y –": part_of); "Defeating X … is a fight we
  must win" (the speaking "we" fights X).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from . import fact_rules as R
from .fact_frames import Cand, subject_of
from .fact_parse import Reading, Sentence, entities, resolve

if TYPE_CHECKING:
    from spacy.tokens import Token


def descriptions(rd: Reading, s: Sentence) -> Iterator[Cand]:
    assert s.doc is not None
    for x in s.doc:
        u = s.unit(x)
        if u is not None:
            if x.text not in R.PLACEHOLDER_WORDS:
                continue
            eid, etype = u.entity, u.type
        elif x.pos_ == "PRON" or x.lemma_.lower() in R.KIN_NOUNS:
            found = resolve(rd, s, x)
            if not found:
                continue
            eid, etype = found[0], rd.etype(found[0]) or ""
        else:
            continue
        if etype not in ("PERSON", "ORG"):
            continue
        for d in _described_by(x):
            if etype == "PERSON":
                yield from _person(rd, s, x, eid, d)
            else:
                yield from _org(rd, s, x, eid, d)
        if etype == "PERSON" and u is not None:
            yield from _possessor(rd, s, x, eid)
    yield from _hometowns(rd, s)
    yield from _natives(rd, s)


def _natives(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """"The P native" (a description the coreference stage resolved): from P."""
    assert s.doc is not None
    for p in s.pieces:
        u = p.unit
        if u is None or u.kind != "descriptor" or u.type != "PERSON":
            continue
        if not re.search(r"\bnative\b", rd.article.text[u.start:u.end], re.I):
            continue
        tok = next((t for t in s.doc if s.unit(t) is u), None)
        for m in rd.article.mentions:
            if u.start <= m.start and m.end <= u.end and m.entity and rd.etype(m.entity) == "PLACE" \
                    and tok is not None:
                yield Cand("from_place", {"subject": u.entity, "object": m.entity}, s, tok,
                           confidence=0.75)


def _described_by(x: Token) -> list[Token]:
    """Nouns that describe `x`: its apposition (either way round) and a copula's attribute."""
    out: list[Token] = []
    if x.dep_ == "appos" and x.head.pos_ == "NOUN":
        out += [x.head, *x.head.conjuncts]
    out += [c for c in x.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    # "the X commander NAME": a title before the name
    out += [c for c in x.children if c.dep_ == "compound" and c.lemma_.lower() in R.ROLE_NOUNS]
    if x.dep_ in ("nsubj",) and x.head.lemma_ == "be":
        out += [c for c in x.head.children if c.dep_ in ("attr", "acomp") and c.pos_ in ("NOUN", "ADJ")]
    return [t for d in out for t in [d, *[c for c in d.conjuncts if c.i > d.i and c not in out]]]


def _orgs_in(rd: Reading, s: Sentence, d: Token, *, exclude: set[str]) -> list[tuple[str, float]]:
    """Groups a role noun belongs to: "an X commander", "negotiator with X", "leader of X"."""
    toks: list[Token] = []
    for c in d.children:
        if c.dep_ in ("compound", "nmod", "amod", "poss") and (s.unit(c) is not None or c.dep_ == "poss"
                                                               or c.lemma_.lower() in R.GOVERNMENT_NOUNS):
            toks.append(c)
        if c.dep_ == "prep" and c.lower_ in ("of", "with", "for", "in", "at", "to", "within"):
            toks += [p for p in c.children if p.dep_ == "pobj"]
    found = [(e, c) for e, c, _ in entities(rd, s, toks, ("ORG",), exclude=exclude)]
    gov = [c for c in d.children if c.lemma_.lower() in ("regime", "government") and c.dep_ in (
        "compound", "amod")]
    if gov and len(rd.government) == 1 and not any(e in rd.government for e, _ in found):
        found.insert(0, (next(iter(rd.government)), R.CONF_DESCRIPTOR))
    return found


def _person(rd: Reading, s: Sentence, x: Token, pid: str, d: Token) -> Iterator[Cand]:
    lemma = d.lemma_.lower()
    if lemma in R.KIN_NOUNS:
        poss = next((c for c in d.children if c.dep_ == "poss"), None)
        owner = resolve(rd, s, poss) if poss is not None else None
        if owner and owner[0] != pid and rd.etype(owner[0]) == "PERSON":
            rd.kin.setdefault((owner[0], lemma), set()).add(pid)
            yield Cand("relative_of", {"subject": owner[0], "object": pid}, s, d, role=lemma,
                       confidence=0.85 * owner[1])
        return
    if lemma == "native":
        for c in d.children:
            u = s.unit(c)
            if u is not None and u.type == "PLACE":
                yield Cand("from_place", {"subject": pid, "object": u.entity}, s, d, confidence=0.8)
        return
    role = R.ROLE_NOUNS.get(lemma)
    if role is None:
        return
    for oid, oc in _orgs_in(rd, s, d, exclude={pid}):
        if role in R.LEADER_ROLES:
            pred = "leader_of"
        elif role in R.FOUNDER_ROLES:
            pred = "founded"
        elif oid in rd.media:
            pred = "works_for"
        else:
            pred = "member_of"
        if pred in ("leader_of", "founded"):
            rd.heads.setdefault((oid, "leader" if pred == "leader_of" else "founder"), set()).add(pid)
        rd.memberships.setdefault(pid, []).append((s.start, oid))
        yield Cand(pred, {"subject": pid, "object": oid}, s, d, role=role, confidence=0.8 * oc)


def _org(rd: Reading, s: Sentence, x: Token, oid: str, d: Token) -> Iterator[Cand]:
    lemma = d.lemma_.lower()
    if lemma in R.GROUP_NOUNS and lemma not in R.GENERIC_GROUP_NOUNS:
        rd.learned.setdefault(lemma, set()).add(oid)
    for t in d.subtree:
        if t.lemma_.lower() in ("affiliate", "affiliated", "link", "linked") and t.i > 0:
            prev = t.doc[t.i - 1] if t.doc[t.i - 1].text not in "-‑" else t.doc[max(0, t.i - 2)]
            u = s.unit(prev)
            if u is not None and u.type == "ORG" and u.entity != oid:
                yield Cand("part_of", {"subject": oid, "object": u.entity}, s, t, confidence=0.75)
    if lemma in R.COALITION_NOUNS:
        yield from _coalition_of(rd, s, oid, d)
    if lemma in R.PART_NOUNS:
        for c in d.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for other, oc, _ in entities(rd, s, [p for p in c.children if p.dep_ == "pobj"],
                                             ("ORG",), exclude={oid}):
                    yield Cand("part_of", {"subject": oid, "object": other}, s, d, confidence=0.8 * oc)


def _coalition_of(rd: Reading, s: Sentence, oid: str, d: Token) -> Iterator[Cand]:
    """"X is a coalition of Y factions" → X part_of Y (the factions are Y's)."""
    for c in d.children:
        if c.dep_ != "prep" or c.lower_ != "of":
            continue
        for member in (p for p in c.children if p.dep_ == "pobj"):
            if member.lemma_.lower() not in R.MEMBER_GROUP_NOUNS:
                continue
            owners = [m for m in member.children if m.dep_ in ("compound", "nmod", "amod", "poss")]
            for other, oc, _ in entities(rd, s, owners, ("ORG",), exclude={oid}):
                yield Cand("part_of", {"subject": oid, "object": other}, s, d, confidence=0.7 * oc)


def _possessor(rd: Reading, s: Sentence, x: Token, pid: str) -> Iterator[Cand]:
    """"X's NAME": the person works for (a media outlet) or belongs to X."""
    for c in x.children:
        u = s.unit(c)
        if c.dep_ == "poss" and u is not None and u.type == "ORG":
            ent = rd.article.entity(pid)
            reporter = bool(ent and ent.attrs.get("reporter"))
            media = u.entity in rd.media
            role = "reporter" if reporter or media else "member"
            yield Cand("works_for" if media else "member_of", {"subject": pid, "object": u.entity},
                       s, x, role=role, confidence=0.7)


def _hometowns(rd: Reading, s: Sentence) -> Iterator[Cand]:
    assert s.doc is not None
    for t in s.doc:
        lemma = t.lemma_.lower()
        if lemma in R.HOMETOWN_CUES or (lemma in ("village", "town", "city") and any(
                c.lower_ == "home" for c in t.children)):
            poss = next((c for c in t.children if c.dep_ == "poss"), None)
            person = resolve(rd, s, poss) if poss is not None else None
            if not person or rd.etype(person[0]) != "PERSON":
                continue
            places = [p for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                      for p in c.children if p.dep_ == "pobj"]
            places += [c for c in t.children if c.dep_ == "appos"]
            for pl in places:
                u = s.unit(pl)
                if u is not None and u.type == "PLACE":
                    yield Cand("from_place", {"subject": person[0], "object": u.entity}, s, t,
                               confidence=0.85 * person[1])
        elif lemma == "bear" and t.tag_ == "VBN":
            subj, _ = subject_of(t)
            person = resolve(rd, s, subj) if subj is not None else None
            if not person or rd.etype(person[0]) != "PERSON":
                continue
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ == "in":
                    for p in c.children:
                        u = s.unit(p)
                        if u is not None and u.type == "PLACE":
                            yield Cand("from_place", {"subject": person[0], "object": u.entity},
                                       s, t, confidence=0.85)


def umbrella(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """"X fighters under the umbrella of Y": X is part of Y; the person fighting is in Y."""
    assert s.doc is not None
    for t in s.doc:
        if t.lower_ != "umbrella":
            continue
        of = [p for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
              for p in c.children if p.dep_ == "pobj"]
        tops = entities(rd, s, of, ("ORG",))
        if not tops or t.head.lower_ != "under":
            continue
        top = tops[0][0]
        h = t.head.head
        verb = h
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        for tok in [h, *[p for c in verb.children if c.dep_ == "prep" for p in c.children
                         if p.dep_ == "pobj"]]:
            found = resolve(rd, s, tok)
            if found and rd.etype(found[0]) == "ORG" and found[0] != top:
                yield Cand("part_of", {"subject": found[0], "object": top}, s, t,
                           confidence=0.75 * found[1])
                break
        subj, _ = subject_of(verb)
        person = resolve(rd, s, subj) if subj is not None else None
        if person and rd.etype(person[0]) == "PERSON":
            yield Cand("member_of", {"subject": person[0], "object": top}, s, t,
                       role="fighter" if verb.lemma_.lower() == "fight" else "member",
                       confidence=0.65 * person[1])


def leaders_by_name(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """"the government of NAME": NAME leads the state. ("The NAME regime" is left alone: it
    recurs through an article as the state's name and would repeat the fact everywhere.)"""
    assert s.doc is not None
    for t in s.doc:
        if t.lemma_.lower() in ("government", "regime", "administration") and t.pos_ == "NOUN":
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for q in c.children:
                        u = s.unit(q)
                        if q.dep_ == "pobj" and u is not None and u.type == "PERSON":
                            gov = resolve(rd, s, t)
                            if gov and rd.etype(gov[0]) == "ORG":
                                yield Cand("leader_of", {"subject": u.entity, "object": gov[0]},
                                           s, t, role="leader", confidence=0.8 * gov[1])


_POSSESSIVE_NAME = re.compile(r"^(.+?)['’]s\s+\S")
_OF_NAME = re.compile(r"^(?:the\s+)?(\S+(?:\s+\S+)?)\s+of\s+(?:the\s+)?(.+)$", re.I)


def name_parts(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """A group whose name holds another group's name: "X's Military Council", "Staff of X"."""
    assert s.doc is not None
    text = rd.article.text
    seen = set()
    for p in s.pieces:
        u = p.unit
        if u is None or u.type != "ORG" or u.kind == "acronym":
            continue
        name = text[u.start:u.end]
        g = _POSSESSIVE_NAME.match(name)
        if g is None:
            g = _OF_NAME.match(name)
            if g is None or g.group(1).split()[-1].lower() in R.GOVERNMENT_WORDS | {"governments", "people"}:
                continue
        inner = g.group(g.lastindex or 1).strip().lower()
        for ent in rd.article.entities:
            if ent.type == "ORG" and ent.id != u.entity and inner in {
                    n.lower() for n in [ent.name, *ent.aliases]} and (u.entity, ent.id) not in seen:
                seen.add((u.entity, ent.id))
                tok = next((t for t in s.doc if s.unit(t) is u), None)
                if tok is not None:
                    yield Cand("part_of", {"subject": u.entity, "object": ent.id}, s, tok,
                               confidence=0.7)


def as_part_of(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """"X, as part of Y, …" and "X is working as part of Y": X belongs to Y."""
    assert s.doc is not None
    for t in s.doc:
        if t.lower_ != "part" or t.head.lower_ != "as":
            continue
        tops = entities(rd, s, [p for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                                for p in c.children if p.dep_ == "pobj"], ("ORG",))
        h = t.head.head
        who = h if h.pos_ in ("NOUN", "PROPN") else subject_of(h)[0]
        found = resolve(rd, s, who) if who is not None else None
        if not found or not tops:
            continue
        etype = rd.etype(found[0])
        for top, tc, _ in tops:
            if top != found[0] and etype in ("PERSON", "ORG", "PLACE"):
                yield Cand("member_of" if etype == "PERSON" else "part_of",
                           {"subject": found[0], "object": top}, s, t, confidence=0.7 * tc * found[1])


_STATES = ("ORG", "PLACE")


def _is_actor(rd: Reading, eid: str) -> bool:
    """An ORG, or a place that acts as its state (a country)."""
    etype = rd.etype(eid)
    if etype == "ORG":
        return True
    if etype != "PLACE":
        return False
    from .places import resolve_place

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
        if action is None:
            continue
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
            owners = [o for o in entities(rd, s, poss, _STATES) if _is_actor(rd, o[0])]
            for a, ca, _ in owners:
                for b, cb, _ in entities(rd, s, named, _STATES, exclude={a}):
                    if _is_actor(rd, b):
                        yield Cand("allied_with", {"subject": a, "object": b}, s, n,
                                   confidence=0.6 * ca * cb)
            continue
        if lemma not in R.SUPPORT_NOUNS:
            continue
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
        named = [p for p in t.children if p.dep_ == "pobj"]
        for eid, c, _ in entities(rd, s, named, _STATES, exclude={whole.entity}):
            if _is_actor(rd, eid):
                yield Cand("part_of", {"subject": eid, "object": whole.entity}, s, t,
                           confidence=0.6 * c)

