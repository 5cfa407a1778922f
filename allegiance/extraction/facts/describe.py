"""Facts stated by describing a name rather than by a verb.

- appositions and copulas: "my brother, NAME" (kin), "NAME, an X military commander"
  (role in X), "NAME is now a negotiator with X", "X, a part of Y" (part_of),
  "X is a coalition …" (learned: "the coalition" is X from now on);
- "[…]" interpolations after a name read as "NAME is …";
- "his hometown of P", "a P native", "born in P" (from_place);
- "X-affiliated", "under the umbrella of Y" (part_of / member_of);
- "X's NAME" and "NAME of X" (works_for / member_of), "the government of NAME" (leader_of);
- names that contain another group's name ("X's Military Council", "General Staff of
  X": part_of).

Alliances, support and shared struggles are in fact_alliances.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from allegiance.extraction.facts import lexicon as R
from allegiance.extraction.facts.frames import Cand, subject_of
from allegiance.extraction.facts.parse import Reading, Sentence, entities, resolve

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
            yield from _name_of_group(rd, s, x, eid)
    yield from _hometowns(rd, s)
    yield from _natives(rd, s)


def as_roles(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """"He stayed on as a spokesman for the new alliance", "she worked as a medic with X": the
    role noun after "as" and the group it names, for the verb's subject."""
    assert s.doc is not None
    for t in s.doc:
        if t.lower_ != "as" or t.dep_ != "prep" or t.head.pos_ not in ("VERB", "AUX"):
            continue
        if t.head.lemma_.lower() in R.VERB_FRAMES and any(
                f.predicate in ("member_of", "works_for") for f in R.VERB_FRAMES[t.head.lemma_.lower()]):
            continue  # "joined X as a fighter": the verb's own frame gives the role
        subj, _ = subject_of(t.head)
        who = resolve(rd, s, subj) if subj is not None else None
        if who is None or rd.etype(who[0]) != "PERSON":
            continue
        for d in (p for p in t.children if p.dep_ == "pobj" and p.lemma_.lower() in R.ROLE_NOUNS):
            yield from _person(rd, s, subj, who[0], d)  # type: ignore[arg-type]


def _name_of_group(rd: Reading, s: Sentence, x: Token, pid: str) -> Iterator[Cand]:
    """"NAME of The X Times" (works_for), "NAME of Jaish al-Islam" (member_of)."""
    for c in x.children:
        if c.dep_ != "prep" or c.lower_ != "of":
            continue
        for oid, oc, _ in entities(rd, s, [p for p in c.children if p.dep_ == "pobj"], ("ORG",), exclude={pid}):
            if oid in rd.media:
                yield Cand("works_for", {"subject": pid, "object": oid}, s, x, role="reporter",
                           confidence=0.75 * oc)
            elif oid not in rd.government:
                rd.memberships.setdefault(pid, []).append((s.start, oid))
                yield Cand("member_of", {"subject": pid, "object": oid}, s, x, role="member",
                           confidence=0.65 * oc)


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


_NAMED_BODIES = R.GROUP_NOUNS | {"project", "initiative", "programme", "program", "partnership"}


def _described_by(x: Token) -> list[Token]:
    """Nouns that describe `x`: its apposition (either way round) and a copula's attribute."""
    out: list[Token] = []
    if x.dep_ == "appos" and x.head.pos_ == "NOUN":
        out += [x.head, *x.head.conjuncts]
    out += [c for c in x.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if x.dep_ == "compound" and x.head.lemma_.lower() in _NAMED_BODIES:
        # "the X project – a partnership between …": the noun the name sits on is the name
        out += [c for c in x.head.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    # "the X commander NAME": a title before the name
    out += [c for c in x.children if c.dep_ == "compound" and c.lemma_.lower() in R.ROLE_NOUNS]
    if x.dep_ in ("nsubj",) and x.head.lemma_ in ("be", "become", "remain"):
        out += [c for c in x.head.children if c.dep_ in ("attr", "acomp") and c.pos_ in ("NOUN", "ADJ")]
    # "NAME was appointed (as) commander of X", "Y named NAME its leader"
    if (x.dep_ in ("nsubjpass", "dobj") and x.head.lemma_.lower() in R.APPOINT_VERBS
            and x.head.pos_ == "VERB"):
        for c in x.head.children:
            if c is x:
                continue
            if c.dep_ in ("oprd", "attr", "xcomp", "dobj", "npadvmod") and c.pos_ == "NOUN":
                out.append(c)
            elif c.dep_ == "prep" and c.lower_ == "as":
                out += [p for p in c.children if p.dep_ == "pobj" and p.pos_ == "NOUN"]
    return [t for d in out for t in [d, *[c for c in d.conjuncts if c.i > d.i and c not in out]]]


def _appointer(rd: Reading, s: Sentence, d: Token, pid: str) -> list[tuple[str, float]]:
    """"The group appointed him a sharia official": the group that gives the role."""
    verb = d.head.head if d.dep_ == "pobj" and d.head.lower_ == "as" else d.head
    if verb.lemma_.lower() not in R.APPOINT_VERBS or verb.pos_ != "VERB":
        return []
    subj, passive = subject_of(verb)
    if subj is None or passive:
        return []
    return [(e, c) for e, c, _ in entities(rd, s, [subj], ("ORG",), exclude={pid})]


def _orgs_in(rd: Reading, s: Sentence, d: Token, *, exclude: set[str]) -> list[tuple[str, float]]:
    """Groups a role noun belongs to: "an X commander", "negotiator with X", "leader of X"."""
    toks: list[Token] = []
    for c in d.children:
        if c.dep_ in ("compound", "nmod", "amod", "poss") and (s.unit(c) is not None or c.dep_ == "poss"
                                                               or c.lemma_.lower() in R.GOVERNMENT_NOUNS):
            toks.append(c)
        if c.dep_ == "prep" and c.lower_ in ("of", "with", "for", "in", "at", "to", "within"):
            objs = [p for p in c.children if p.dep_ == "pobj"]
            # "commander for X's logistics", "head of X's media office": the group that owns it
            toks += objs + [q for p in objs if s.unit(p) is None for q in p.children
                            if q.dep_ == "poss" and s.unit(q) is not None]
    if d.dep_ == "attr" and d.head.lemma_ in ("be", "become", "remain"):
        # "was a conscript … in the army" with the group hung on the verb
        toks += [p for c in d.head.children if c.dep_ == "prep" and c.lower_ in ("in", "with", "for", "of")
                 for p in c.children if p.dep_ == "pobj"]
    found = [(e, c) for e, c, _ in entities(rd, s, toks, ("ORG",), exclude=exclude)]
    gov = [c for c in d.children if c.lemma_.lower() in ("regime", "government") and c.dep_ in (
        "compound", "amod")]
    if gov and len(rd.government) == 1 and not any(e in rd.government for e, _ in found):
        found.insert(0, (next(iter(rd.government)), R.CONF_DESCRIPTOR))
    return found


def role_predicate(rd: Reading, role: str, oid: str) -> str:
    """The relation a role in a body states: its head leads it, its founder founded it, a
    media outlet's people work for it, anyone else is a member."""
    if role in R.LEADER_ROLES:
        return "leader_of"
    if role in R.FOUNDER_ROLES:
        return "founded"
    return "works_for" if oid in rd.media else "member_of"


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
    for c in d.children:
        if c.dep_ == "prep" and c.lower_ == "from" and lemma in R.HOMETOWN_PEOPLE:
            # "a 27-year-old teacher from TOWN"
            for p, pc, _ in entities(rd, s, [q for q in c.children if q.dep_ == "pobj"], ("PLACE",)):
                yield Cand("from_place", {"subject": pid, "object": p}, s, d, confidence=0.7 * pc)
    role = R.ROLE_NOUNS.get(lemma)
    if role is None:
        return
    if role in R.LEADER_ROLES and _part_head(s, d):
        role = "official"  # "the UNs aid chief NAME": the head of a part of X, a member of X
    for oid, oc in _orgs_in(rd, s, d, exclude={pid}) or _appointer(rd, s, d, pid):
        pred = role_predicate(rd, role, oid)
        if pred in ("leader_of", "founded"):
            rd.heads.setdefault((oid, "leader" if pred == "leader_of" else "founder"), set()).add(pid)
        rd.memberships.setdefault(pid, []).append((s.start, oid))
        # "appointed as the Iraqi commander for X": the role's words are a mention of him
        said = ((d, pid),) if s.unit(d) is None and d is not x else ()
        yield Cand(pred, {"subject": pid, "object": oid}, s, d, role=role, confidence=0.8 * oc, refs=said)


def _part_head(s: Sentence, d: Token) -> bool:
    """A leader's noun with a common noun for what it heads ("aid chief", "intelligence
    head"): the head of a part of the group, not of the group."""
    return any(c.dep_ == "compound" and c.pos_ == "NOUN" and s.unit(c) is None
               and c.lemma_.lower() not in R.GROUP_NOUNS for c in d.children)


def _org(rd: Reading, s: Sentence, x: Token, oid: str, d: Token) -> Iterator[Cand]:
    lemma = d.lemma_.lower()
    if lemma in R.GROUP_NOUNS and lemma not in R.GENERIC_GROUP_NOUNS:
        rd.learned.setdefault(lemma, set()).add(oid)
    for t in d.subtree:
        # "an X-affiliated group"; the noun "X affiliate NAME" is backers' (the name it sits on
        # is the part, not the name this description hangs on)
        if t.lower_ in ("affiliated", "linked") and t.i > 0:
            prev = t.doc[t.i - 1] if t.doc[t.i - 1].text not in "-‑" else t.doc[max(0, t.i - 2)]
            u = s.unit(prev)
            if u is not None and u.type == "ORG" and u.entity != oid:
                yield Cand("part_of", {"subject": oid, "object": u.entity}, s, t, confidence=0.75)
    if lemma in R.GROUP_NOUNS and lemma not in R.COALITION_NOUNS and not _named_between(s, d, x):
        # "X, a Free Syrian Army faction": a group named on the noun holds it
        of = [p for c in d.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        # "the Asayish, the internal security force of the Autonomous Administration"
        for other, oc, _ in entities(rd, s, [c for c in d.children if c.dep_ in ("compound", "nmod")
                                             and s.unit(c) is not None] + of, ("ORG",), exclude={oid}):
            yield Cand("part_of", {"subject": oid, "object": other}, s, d, confidence=0.75 * oc,
                       modality="asserted")
    if lemma in R.COALITION_NOUNS:
        yield from _coalition_of(rd, s, oid, d)
    if lemma in R.PART_NOUNS:
        for c in d.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for other, oc, _ in entities(rd, s, [p for p in c.children if p.dep_ == "pobj"],
                                             ("ORG",), exclude={oid}):
                    yield Cand("part_of", {"subject": oid, "object": other}, s, d, confidence=0.8 * oc)


def _named_between(s: Sentence, d: Token, x: Token) -> bool:
    """A name between a group noun and the name after it: "the X faction and Y affiliate
    NAME" hangs NAME on the wrong noun."""
    return d.i < x.i and any(s.unit(t) is not None and s.unit(t) is not s.unit(x) for t in d.doc[d.i + 1:x.i])


def _coalition_of(rd: Reading, s: Sentence, oid: str, d: Token) -> Iterator[Cand]:
    """"X is a coalition of Y factions" → X part_of Y (the factions are Y's); "X, an
    alliance of A and B", "X – a partnership between A, B and C" → A, B, C part_of X."""
    for c in d.children:
        if c.dep_ != "prep" or c.lower_ not in ("of", "between"):
            continue
        named = [p for p in c.children if p.dep_ == "pobj" and s.unit(p) is not None]
        for mid, mc, _ in entities(rd, s, named, ("ORG",), exclude={oid}):
            yield Cand("part_of", {"subject": mid, "object": oid}, s, d, confidence=0.7 * mc)
        if c.lower_ != "of":
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


_UNIT_WORDS = re.compile(r"\b(?:Division|Brigade|Corps|Regiment|Battalion|Squadron|Legion|Branch)$")
_OF_BETWEEN = re.compile(r"^\s+of\s+(?:the\s+)?$")


def name_parts(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """A group whose name holds another group's name: "X's Military Council", "Staff of X";
    a unit named with its force: "the 4th Division of the Syrian Arab Army"."""
    assert s.doc is not None
    text = rd.article.text
    seen = set()
    units = [p.unit for p in s.pieces if p.unit is not None and p.unit.type == "ORG"]
    for a, b in itertools.pairwise(units):
        if a.entity == b.entity:
            continue
        part, whole = None, None
        if _UNIT_WORDS.search(text[a.start:a.end]) and _OF_BETWEEN.match(text[a.end:b.start]):
            part, whole = a, b  # "the 4th Division of the Syrian Arab Army"
        elif _UNIT_WORDS.search(text[b.start:b.end]) and re.fullmatch(r"['’]s\s+", text[a.end:b.start]):
            part, whole = b, a  # "the Syrian Arab Army's 4th Division"
        if part is not None and whole is not None:
            tok = next((t for t in s.doc if s.unit(t) is part), None)
            if tok is not None:
                yield Cand("part_of", {"subject": part.entity, "object": whole.entity}, s, tok, confidence=0.75,
                           modality="asserted")
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
    """"X, as part of Y, …" and "X is working as part of Y": X belongs to Y; "X was one of
    its constituent groups, along with A and B": X, A and B belong to it."""
    assert s.doc is not None
    yield from _one_of_its_groups(rd, s)
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


_ONE_OF = frozenset({"one", "two", "three", "some", "several", "among"})


def _one_of_its_groups(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """"X was announced as one of its constituent groups, along with A, B", "X is one of
    Y's member factions": part_of Y for X and for the groups named along with it ("its" is
    never X itself)."""
    assert s.doc is not None
    for one in s.doc:
        if one.lower_ not in _ONE_OF:
            continue
        kinds = [p for c in one.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                 if p.dep_ == "pobj" and p.tag_ == "NNS" and p.lemma_.lower() in _MEMBER_KINDS]
        if not kinds:
            continue
        verb = one.head.head if one.dep_ == "pobj" and one.head.lower_ == "as" else one.head
        if one.dep_ == "attr" or (one.dep_ == "pobj" and one.head.lower_ == "as"):
            who = subject_of(verb)[0]
        elif one.dep_ == "appos":
            who = one.head
        else:
            continue
        along = [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "along"
                 for w in c.children if w.dep_ == "prep" and w.lower_ == "with"
                 for p in w.children if p.dep_ == "pobj"]
        first = entities(rd, s, [who], ("ORG",)) if who is not None else []
        members = first + entities(rd, s, along, ("ORG",), exclude={m for m, _, _ in first})
        owners = entities(rd, s, [c for k in kinds for c in k.children if c.dep_ == "poss"]
                          + [p for k in kinds for c in k.children if c.dep_ == "prep" and c.lower_ == "of"
                             for p in c.children if p.dep_ == "pobj"], ("ORG",),
                          exclude={m for m, _, _ in first})
        for top, tc, ttok in owners[:1]:
            said = ((ttok, top),) if s.unit(ttok) is None else ()
            for mid, mc, _ in members:
                if mid != top:
                    yield Cand("part_of", {"subject": mid, "object": top}, s, one, confidence=0.7 * tc * mc,
                               refs=said)


_MEMBER_KINDS = R.MEMBER_GROUP_NOUNS | {"member", "component", "constituent", "affiliate", "faction"}
