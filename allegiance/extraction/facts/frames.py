"""The rules of the facts stage: what a parsed sentence states.

Each rule reads one masked parse (`fact_parse.Sentence`) and yields candidates, in this
order: verb frames (fact_rules.VERB_FRAMES), offers and refusals, nominal events
("his detention by X", "clashes involving X, Y and Z"), descriptions of a name
(appositions, copulas, "[…]" notes: roles, kin, parts, hometowns), "under the umbrella
of", and possessives ("X's NAME"). Arguments are names, pronouns the coreference stage
resolved, or references resolved here ("the group", "their members", "his brother").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from allegiance.extraction.entities.rules import DEMONYMS
from allegiance.extraction.facts import lexicon as R
from allegiance.extraction.facts import triggers as T
from allegiance.extraction.facts.parse import Reading, Sentence, entities, expand, named_country, pobj_entity, resolve

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


@dataclass
class Cand:
    predicate: str
    args: dict[str, str]
    sent: Sentence
    trigger: Token
    role: str | None = None
    confidence: float = 0.8
    polarity: str = "positive"
    modality: str | None = None
    needs_time: bool = False
    inherit_agent: bool = False
    fatalities: int | None = None
    injured: int | None = None
    standalone: bool = False  # an event that stands without a named doer or target (the event layer's)
    refs: tuple[tuple[Token, str], ...] = ()  # words that stand for an argument ("its"), for refs.py


_RELATIVE = frozenset({"which", "who", "that", "whom"})


# -- clause structure --------------------------------------------------------------------
def _glued_name(v: Token, subj: Token) -> bool:
    """A participle's "subject" that is the name closing the noun phrase before it: "strikes
    in support of its ally Damascus targeting Daesh" (a text without its comma) parses
    "Damascus targeting Daesh" as a clause. A proper name right after a common noun of another
    phrase ("ally Damascus") is that noun's name; the participle is said of the subject of the
    clause it hangs in, as "X shelled the town, killing two children" is."""
    if not (v.dep_ in ("advcl", "acl") and v.tag_ == "VBG" and subj.pos_ == "PROPN" and subj.i > 0):
        return False
    if any(c.dep_ in ("aux", "mark") for c in v.children) or any(True for _ in subj.children):
        return False
    before = subj.doc[subj.i - 1]
    return before.pos_ == "NOUN" and before.dep_ in ("pobj", "dobj") and before.head is not subj


def subject_of(v: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """The subject token of verb `v`, and whether it is a passive subject."""
    if depth > 4:
        return None, False
    for c in v.children:
        if c.dep_ in ("nsubj", "csubj", "expl") and c.dep_ != "expl":
            if c.lower_ in _RELATIVE and v.dep_ == "relcl":
                return _relative_head(v), False
            if _glued_name(v, c):
                clause = v.head
                while clause.pos_ not in ("VERB", "AUX") and clause.head is not clause:
                    clause = clause.head
                return subject_of(clause, depth + 1)[0], False
            return c, False
        if c.dep_ == "nsubjpass":
            if c.lower_ in _RELATIVE and v.dep_ == "relcl":
                return _described(v), True
            return c, True
    to_clause = any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)
    if to_clause and v.dep_ in ("xcomp", "advcl", "ccomp") and v.head.lemma_.lower() in R.OBJECT_CONTROL:
        # "we lead the coalition to defeat Y": the one led defeats Y
        obj = next((c for c in v.head.children if c.dep_ == "dobj" and c.i < v.i), None)
        if obj is not None:
            return obj, False
    if v.dep_ == "xcomp":
        return subject_of(v.head, depth + 1)
    if v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX"):
        # "X was formed in 2018 and joined Y": the shared subject, in this verb's own voice
        # "he was targeted and killed": a bare participle shares the passive too
        subj, head_passive = subject_of(v.head, depth + 1)
        shared = head_passive and v.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in v.children)
        return subj, shared or any(c.dep_ == "auxpass" for c in v.children)
    if v.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
        # "its efforts to defeat Y", "the X strategy to defeat Y": the owner of the effort
        owner = next((c for c in v.head.children if c.dep_ == "poss"), None) or next(
            (c for c in v.head.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
        if owner is not None:
            return owner, False
    if v.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
        if v.head.lemma_.lower() in R.REACTION_VERBS:
            return None, False  # "X welcomes the decision to storm Y": the decision's, not X's
        return subject_of(v.head, depth + 1)  # purpose: "X launched strikes to defeat Y"
    if v.dep_ == "advcl" and v.tag_ == "VBG" and not any(c.dep_ == "mark" for c in v.children):
        return subject_of(v.head, depth + 1)[0], False  # "X shelled the town, killing two children"
    if v.dep_ == "pcomp" and v.head.lower_ == "to" and v.head.head.pos_ in ("ADJ", "VERB"):
        holder = v.head.head  # "X is committed to defeating Y"
        if (holder.pos_ == "ADJ" or holder.dep_ == "acomp") and holder.head.pos_ in ("AUX", "VERB"):
            holder = holder.head
        # "X is committed to defeating Y" parses as a passive; X still does the defeating
        return subject_of(holder, depth + 1)[0], False
    accuser = _accuser(v)
    if accuser is not None:
        # "X accused Y of shelling Z" / "Y was accused of shelling Z": Y shelled
        accused = next((c for c in accuser.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if accused is not None:
            return accused, False
    if v.dep_ == "relcl" and any(c.lower_ in _RELATIVE for c in v.children):
        return _described(v), False
    if v.dep_ == "acl" and v.tag_ == "VBN":
        return v.head, True
    return None, False


def _operation(rd: Reading, eid: str) -> bool:
    """A named military operation ("Operation Euphrates Shield", "Operation Olive Branch")."""
    ent = rd.article.entity(eid)
    return ent is not None and ent.name.split(" ")[0].lower() == "operation"


def _described(v: Token) -> Token:
    """The noun relative clause `v` describes. The parser hangs a clause after a list on
    the list's first noun; when a common noun of the list stands right before the relative
    word, the clause is that noun's: "clashes between opposition fighters and forces that
    support the regime" (the forces support it, not the fighters). After a name the clause
    may describe the whole list ("X and Y, which back the regime"), as the parse says."""
    rel = next((c for c in v.children if c.lower_ in _RELATIVE and c.i < v.i), None)
    if rel is not None and rel.i > 0:
        before = v.doc[rel.i - 1]
        if before.is_punct and rel.i > 1:
            before = v.doc[rel.i - 2]
        if before.pos_ == "NOUN" and before in v.head.conjuncts and before.i > v.head.i:
            return before
    return v.head


def _relative_head(v: Token) -> Token:
    """"a decree which prohibited": an order does what its issuer does."""
    head = _described(v)
    if head.lemma_.lower() in R.ORDER_NOUNS and head.dep_ in ("dobj", "pobj"):
        issuer, _ = subject_of(head.head)
        if issuer is not None:
            return issuer
    return head


def _words_for(tok: Token, *, whole: bool = False) -> Span:
    """The words naming people no entity covers: up to the noun ("two council members"), or
    its whole phrase ("163 of them")."""
    end = max(t.i for t in tok.subtree) + 1 if whole else tok.i + 1
    return tok.doc[tok.left_edge.i:end]


def _people(tok: Token) -> bool:
    """People no name covers: "civilians", "two council members", "163 of them"."""
    if tok.lemma_.lower() in R.HUMAN_NOUNS:
        return True
    return (tok.pos_ == "NUM" or tok.lower_ in ("most", "many", "dozens", "hundreds", "thousands")) and any(
        c.dep_ == "prep" and c.lower_ == "of" and any(p.lemma_.lower() in R.HUMAN_NOUNS | {"they", "them"}
                                                      for p in c.children)
        for c in tok.children)


def _some_of(tok: Token) -> bool:
    """"three of our fighters", "some of its members": a part of a group, by number."""
    if tok.pos_ == "NUM" or tok.lower_ in ("some", "several", "many", "few", "dozens", "hundreds"):
        return any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)
    head = tok.head
    return (head.lower_ == "of" and head.head is not head
            and (head.head.pos_ == "NUM" or head.head.lower_ in ("some", "several", "many", "few", "dozens")))


def _accuser(v: Token) -> Token | None:
    """The verb of "accused Y of shelling" for the gerund "shelling"."""
    if v.dep_ == "pcomp" and v.head.lower_ == "of" and v.head.head.lemma_.lower() in R.ACCUSE_VERBS:
        return v.head.head
    return None


def clause_chain(v: Token) -> list[Token]:
    """`v` and the verbs it depends on through xcomp/ccomp/conj ("appears to have dissolved")."""
    chain = [v]
    cur = v
    accused = _accuser(v)
    if accused is not None:
        chain.append(accused)
        cur = accused
    while cur.dep_ in ("xcomp", "ccomp", "conj", "advcl", "relcl") and cur.head.i != cur.i and len(chain) < 6:
        if cur.dep_ in ("advcl", "relcl"):
            break
        cur = cur.head
        chain.append(cur)
    return chain


def polarity_of(v: Token) -> str:
    if v.pos_ in ("VERB", "AUX") and any(
            (c.dep_ in ("nsubj", "nsubjpass") and _no_one(c)) or (c.dep_ == "preconj" and c.lower_ == "neither")
            for c in v.children):
        # "nobody was arrested", "neither side fired"; "and neither fired on the other" parses
        # "neither" as the verb's own preconjunct
        return "negative"
    for t in clause_chain(v):
        if any(c.dep_ == "neg" or (c.lower_ in R.NEGATORS and c.dep_ in ("advmod", "det"))
               for c in t.children):
            return "negative"
        if t.i != v.i and t.lemma_.lower() in R.REFUSAL_VERBS and t.lemma_.lower() != "turn":
            return "negative"
    return "positive"


def _no_one(tok: Token) -> bool:
    """A subject that names no one: "neither", "nobody", "none", "no one", "neither side"."""
    if tok.lower_ in R.NO_ONE:
        return True
    return tok.pos_ in ("NOUN", "NUM", "PRON") and any(
        c.dep_ in ("det", "preconj") and c.lower_ in ("no", "neither") for c in tok.children)


def modality_of(v: Token, rd: Reading, s: Sentence) -> str:
    chain = clause_chain(v)
    for t in chain:
        lemma = t.lemma_.lower()
        kids = list(t.children)
        if t.i != v.i and lemma in R.HEDGE_VERBS:
            return "hedged"
        if t.i != v.i and lemma in R.HEDGE_PASSIVES and any(c.dep_ == "auxpass" for c in kids):
            return "hedged"
        if any(c.lemma_.lower() in R.HEDGE_ADVERBS for c in kids if c.dep_ == "advmod"):
            return "hedged"
        if any(c.lower_ in R.HEDGE_AUX for c in kids if c.dep_ == "aux"):
            return "hedged"
        if t.i != v.i and lemma in R.DENY_VERBS:
            return "denied"
        if t.i != v.i and lemma in R.REPORT_VERBS and t.dep_ == "ROOT":
            subj = next((c for c in kids if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ in R.VAGUE_SAYERS and lemma == "say":
                return "hedged"
            if subj is not None and subj.lower_ not in ("i", "we"):
                return "reported"
        if t.i != v.i and lemma in R.ACCUSE_VERBS:
            return "reported"
    return "asserted"


def _preps(v: Token, names: tuple[str, ...]) -> list[Token]:
    out: list[Token] = []
    for c in v.children:
        if c.dep_ in ("prep", "dative", "agent") and c.lower_ in names:
            out.extend(p for p in c.children if p.dep_ == "pobj")
        if c.dep_ in ("prt", "advmod") and c.lower_ in ("back", "over", "up", "out", "away"):
            out.extend(_preps(c, names))  # "go back to X"
        if c.dep_ in ("prt", "advmod") and c.lower_ in names:  # "turn on X" parsed as a particle
            nxt = c.nbor() if c.i + 1 < len(c.doc) else None
            if nxt is not None and nxt.dep_ in ("dobj", "pobj"):
                out.append(nxt)
    return out


def _as_role(v: Token) -> str | None:
    for c in v.children:
        if c.dep_ == "prep" and c.lower_ in R.AS_ROLE_PREPS:
            for p in c.children:
                if p.dep_ == "pobj" and p.lemma_.lower() in R.ROLE_NOUNS:
                    return R.ROLE_NOUNS[p.lemma_.lower()]
    return None


# -- verb frames -------------------------------------------------------------------------
_PASSIVE_SUBJECT = frozenset({"ally", "affiliate", "base", "merge"})


def verb_frames(rd: Reading, s: Sentence) -> Iterator[Cand]:
    assert s.doc is not None
    for v in s.doc:
        lemma = v.lemma_.lower()
        lemma = R.LEMMA_FIXES.get(lemma, lemma)
        if v.pos_ not in ("VERB", "AUX") or lemma not in R.VERB_FRAMES:
            continue
        for frame in R.VERB_FRAMES[lemma]:
            found = list(_frame(rd, s, v, lemma, frame))
            if found:
                yield from found
                break


def _frame(rd: Reading, s: Sentence, v: Token, lemma: str, frame: R.Frame) -> Iterator[Cand]:
    if frame.particle and not any(c.lower_ == frame.particle for c in v.children
                                  if c.dep_ in ("prt", "advmod")):
        return
    subj_tok, passive = subject_of(v)
    if lemma == "merge" and "with" in frame.preps and any(
            c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in R.FORM_VERBS for c in v.children):
        return  # "merged with Y to form Z": mergers() says what it means
    said = [t.lower_ for c in v.children for t in c.subtree] + ([v.head.lower_] if v.dep_ == "relcl" else [])
    if frame.requires and not any(w in frame.requires for w in said) and not (
            passive and subj_tok is not None and _people(subj_tok) and frame.predicate == "detention"):
        return  # "took Saraqib" is no detention; "people were taken by X" is
    if lemma in _PASSIVE_SUBJECT:
        passive = False
    objs: list[Token] = []
    acl = v.dep_ == "acl"
    if passive:
        agent = _preps(v, ("by",)) or (_means_agent(v) if frame.predicate in R.TWO_PARTY else [])
        if subj_tok is not None:
            objs = [subj_tok]
        subj_tok = agent[0] if agent else None
    else:
        if frame.direct:
            objs = [c for c in v.children if c.dep_ in ("dobj", "attr")] or _misparsed_object(s, v)
            if not objs and v.dep_ == "relcl" and subj_tok is not None and subj_tok is not v.head:
                objs = [v.head]  # "a group he set up": the noun the clause describes
        objs += _preps(v, frame.preps)
        if frame.requires and not frame.direct:
            # "used chemical weapons against Y": the parser hangs "against Y" on the weapon
            objs += [p for o in v.children if o.dep_ == "dobj" and o.lower_ in frame.requires
                     for p in _preps(o, frame.preps)]
    if frame.requires:
        # "took John prisoner" parses "John" as a modifier of "prisoner"
        objs = [k for o in objs for k in ([c for c in o.children if c.dep_ in ("compound", "nmod")]
                                           if o.lower_ in frame.requires else [o])]
    if (subj_tok is not None and frame.predicate in ("located_in", "agreement", "flight")
            and _some_of(subj_tok)):
        return  # "three of our fighters who stayed behind": some members, not the group
    subjects = entities(rd, s, [subj_tok], frame.subject_types) if subj_tok is not None else []
    exclude = {e for e, _, _ in subjects}
    objects = entities(rd, s, objs, frame.object_types, exclude=exclude, conj=not acl)
    if not objects and frame.predicate == "attack" and not passive:
        # "shelled civilian homes in Damascus": the town the target lies in
        inner = [p for o in objs for c in o.children if c.dep_ == "prep" and c.lower_ in ("in", "of", "near")
                 for p in c.children if p.dep_ == "pobj"]
        if objs and not inner:
            inner = _preps(v, ("in", "near"))
        objects = entities(rd, s, inner, ("PLACE",), exclude=exclude)
    if "PLACE" in frame.object_types and any(rd.etype(o[0]) != "PLACE" for o in objects):
        # "attacked X's base near the town of P": X is the target, P where it happened
        objects = [o for o in objects if rd.etype(o[0]) != "PLACE"]
    pred = frame.predicate
    if pred == "founded":
        # "Turkey launches Operation Euphrates Shield": a military operation is launched, not founded
        objects = [o for o in objects if not _operation(rd, o[0])]
    if pred == "member_of" and lemma == "fight":
        # "fought with Ahrar al-Sham" names his group; "fights with Nusra fighters" his comrades
        objects = [o for o in objects if not (o[2].head.lower_ == "with" and s.unit(o[2]) is None)]
    role = _as_role(v) or frame.role
    base_conf = frame.confidence
    if pred == "member_of" and lemma == "join" and _joins_protest(v, objs, s):
        pred, objects = "protest", []
    if pred == "agreement":
        yield from _agreement(rd, s, v, subjects, objects, objs, frame)
        return
    if pred == "member_of" and lemma == "work":
        field_role = next((R.WORK_FIELDS[p.lower_] for p in _preps(v, ("in",))
                           if p.lower_ in R.WORK_FIELDS), None)
        if field_role and not objects:
            yield from _work_field(rd, s, v, subjects, field_role)
            return
    if passive and not subjects and pred == "killing" and not objects and objs and _people(objs[0]) \
            and not _preps(v, ("by",)):
        # "nine police officers were killed in an attack in TOWN": the dead, words only
        phrase = _words_for(objs[0], whole=True)
        if not any(s.unit(t) is not None for t in phrase):
            yield Cand(pred, {"patient_text": phrase.text}, s, v, confidence=0.55)
        return
    if not passive and not subjects and lemma in ("flee", "escape") and subj_tok is not None and _people(subj_tok):
        # "some 60 families fled TOWN for CITY": who fled, in their own words
        phrase = _words_for(subj_tok)
        if not any(s.unit(t) is not None for t in phrase):
            args = {"agent_text": phrase.text}
            dest = entities(rd, s, _preps(v, frame.preps) + [  # "fled TOWN for CITY" parsed under TOWN
                p for o in v.children if o.dep_ == "dobj" for c in o.children
                if c.dep_ == "prep" and c.lower_ in frame.preps for p in c.children if p.dep_ == "pobj"], ("PLACE",))
            if dest:
                args["destination"] = dest[0][0]
            yield Cand(pred, args, s, v, confidence=0.55)
        return
    alone = frame.alone or pred == "protest"
    if not objects:
        if alone and subjects:
            if pred == "flight" and any(o.lemma_.lower() in R.GROUP_NOUNS for o in objs):
                return
            key = "patient" if pred in R.INTRANSITIVE_PATIENT else "agent"
            if pred in R.INTRANSITIVE_PATIENT and any(c.dep_ == "dobj" for c in v.children):
                return
            for sid, sc, _ in subjects:
                if pred == "dissolution" and rd.etype(sid) != "ORG":
                    continue
                yield Cand(pred, {key: sid}, s, v, confidence=base_conf * sc)
        elif (pred == "killing" and not subjects and not passive and any(_people(o) for o in objs)
              and subj_tok is not None and subj_tok.lemma_.lower() in R.WEAPON_NOUNS):
            # "An air strike on a market killed nine civilians": the dead, by no one named
            phrase = _words_for(next(o for o in objs if _people(o)))
            yield Cand(pred, {"patient_text": phrase.text}, s, v, confidence=0.55)
        elif pred in ("detention", "killing") and subjects and any(_people(o) for o in objs):
            # "the group killed two council members", "163 of them were held by X": who did
            # it, to people no name covers; the words for them go in `patient_text`
            phrase = _words_for(next(o for o in objs if _people(o)), whole=passive)  # "two council members"
            if any(s.unit(t) is not None for t in phrase):
                return  # a name inside: the entity path above had its chance
            for sid, sc, _ in subjects:
                yield Cand(pred, {"agent": sid, "patient_text": phrase.text}, s, v, confidence=0.6 * sc)
        elif passive and pred in ("detention", "killing", "attack") and objs:
            patients = entities(rd, s, objs, frame.object_types)
            if not any(c.lower_ in R.ALSO for c in v.children):
                return
            for pid, pc, _ in patients:
                yield Cand(pred, {"patient": pid}, s, v, confidence=0.6 * pc, inherit_agent=True)
        return
    if passive and not subjects and pred in R.PATIENT_ONLY_EVENTS and not _preps(v, ("by",)):
        # "X was killed in an airstrike": the death is a fact even with no one named for it;
        # "… when a government missile hit his truck": by whoever fired it
        cause = next((c for c in v.children if c.dep_ == "advcl"
                      and any(k.lower_ == "when" for k in c.children)), None)
        by = subject_of(cause)[0] if cause is not None else None
        agents = [a for a in entities(rd, s, [by], ("ORG",))] if by is not None and \
            by.lemma_.lower() in R.WEAPON_NOUNS else []
        for oid, oc, _ in objects:
            args = {"agent": agents[0][0], "patient": oid} if agents else {"patient": oid}
            yield Cand(pred, args, s, v, confidence=0.6 * oc)
        return
    if (not passive and not subjects and pred in R.PATIENT_ONLY_EVENTS and subj_tok is not None
            and subj_tok.lemma_.lower() in R.UNNAMED_DOERS and objects):
        # "gunmen on a motorcycle shot dead X": a death by someone the text does not name
        for oid, oc, _ in objects:
            yield Cand(pred, {"patient": oid}, s, v, confidence=0.6 * oc)
        return
    if not passive and not subjects and pred == "founded" and subj_tok is not None and objects \
            and subj_tok.pos_ in ("NOUN",):
        # "factions backed by Ankara formed the NFL": the founding, by groups no name covers
        for oid, oc, _ in objects:
            yield Cand(pred, {"object": oid}, s, v, confidence=0.6 * oc)
        return
    if passive and not subjects and pred == "founded":
        # "X was formed in May 2018": the founding of X, by whom the text does not say
        for oid, oc, _ in objects:
            rd.founded.append((s.start, oid))
            yield Cand(pred, {"object": oid}, s, v, confidence=0.7 * oc)
        return
    also = any(c.lower_ in R.ALSO for c in v.children)
    for sid, sc, _ in subjects or ([("", 1.0, v)] if passive and also else []):
        for oid, oc, _otok in objects:
            if sid == oid:
                continue
            conf = base_conf * sc * oc
            p = pred
            if p == "leader_of" and _otok.lemma_.lower() in R.GROUP_PART_NOUNS and s.unit(_otok) is None:
                # "led a women's unit of X", "commanded X fighters": a commander in X, not its head
                p, role = "member_of", "commander"
            if p == "member_of" and rd.etype(sid) == "ORG":
                p = R.ORG_MEMBERSHIP.get(p, p)
            if p == "member_of" and oid in rd.media:
                p = "works_for"
            if p in R.RELATION_KEYS:
                if not sid:
                    continue
                args = {"subject": sid, "object": oid}
            elif p == "flight":
                if not sid:
                    continue
                args = {"agent": sid, "destination": oid}
            elif p == "defection":
                if not sid:
                    continue
                args = {"agent": sid, ("from" if lemma in ("leave", "quit", "desert") or any(
                    c.lower_ == "from" for c in v.children) else "to"): oid}
                if lemma in ("leave", "quit", "desert"):
                    # "left X for Y": he went over to Y, and is its member from then on
                    for tid, tc, _ in entities(rd, s, _preps(v, ("for",)), ("ORG",), exclude={oid, sid}):
                        args["to"] = tid
                        if rd.etype(sid) == "PERSON":
                            rd.memberships.setdefault(sid, []).append((s.start, tid))
                            yield Cand("member_of", {"subject": sid, "object": tid}, s, v, role="member",
                                       confidence=conf * tc)
                        break
            else:
                args = {"agent": sid, "patient": oid} if sid else {"patient": oid}
            cand = Cand(p, args, s, v, role=role if p in ("member_of", "works_for", "founded") else None,
                        confidence=conf, inherit_agent=not sid)
            if p in ("member_of", "leader_of", "founded", "works_for") and sid:
                rd.memberships.setdefault(sid, []).append((s.start, oid))
            if p == "part_of" and sid and cand.polarity == "positive":
                rd.parents.setdefault(sid, []).append((s.start, oid))
            if p in ("founded", "leader_of") and sid:
                rd.heads.setdefault((oid, "founder" if p == "founded" else "leader"), set()).add(sid)
            if p == "founded":
                rd.founded.append((s.start, oid))
            yield cand


_MEANS_NOUNS = frozenset(R.EVENT_NOUNS) | frozenset(k for k, v in R.NOUN_EVENTS.items() if v[0] == "attack")


def _means_agent(v: Token) -> list[Token]:
    """"X was killed in a 2008 raid by Y", "… in an air strike carried out by Y": a passive
    event told through the attack that did it names its doer on the attack's noun."""
    for n in _preps(v, ("in", "during")):
        if n.lemma_.lower() not in _MEANS_NOUNS:
            continue
        by = _preps(n, ("by",)) or [p for c in n.children if c.dep_ == "acl" and c.tag_ == "VBN"
                                    for p in _preps(c, ("by",))]
        if by:
            return by
    return []


def _misparsed_object(s: Sentence, v: Token) -> list[Token]:
    """"X's strategy to defeat NAME is succeeding": the name right after a transitive verb,
    taken by the parser for the subject of a later verb, is the verb's object."""
    if v.i + 1 >= len(v.doc):
        return []
    nxt = v.doc[v.i + 1]
    if s.unit(nxt) is None or nxt.dep_ not in ("nsubj", "nsubjpass") or nxt.head.i <= nxt.i:
        return []
    return [nxt]


def _joins_protest(v: Token, objs: list[Token], s: Sentence) -> bool:
    if not any(o.lower_ in R.PROTEST_JOIN_OBJECTS or o.lemma_.lower() in R.PROTEST_JOIN_OBJECTS
               for o in objs):
        return False
    return any(w in s.masked.lower() for w in R.PROTEST_WORDS)


def _agreement(rd: Reading, s: Sentence, v: Token, subjects: list[tuple[str, float, Token]],
               objects: list[tuple[str, float, Token]], objs: list[Token], frame: R.Frame
               ) -> Iterator[Cand]:
    direct = [o for o in objs if o.dep_ == "dobj"]
    if v.lemma_.lower() == "sign" and direct and not any(
            o.lemma_.lower() in R.AGREEMENT_NOUNS or any(
                c.lemma_.lower() in R.AGREEMENT_NOUNS for c in o.children if c.dep_ == "compound")
            for o in direct):
        return
    parties = [o for o in objects if o[2].dep_ != "dobj"]
    if not parties:
        parties = entities(rd, s, [p for o in direct for p in _preps(o, ("with", "between"))],
                           ("ORG", "PERSON", "PLACE"))
    behalf = None
    for c in v.children:
        if c.dep_ == "prep" and c.lower_ == "on":
            for p in c.children:
                if p.dep_ == "pobj" and p.lower_ == "behalf":
                    for q in p.children:
                        if q.dep_ == "prep" and q.lower_ == "of":
                            found = pobj_entity(rd, s, q, None, 0)
                            behalf = found[0] if found else None
    args: dict[str, str] = {}
    if subjects:
        args["agent"] = subjects[0][0]
    if behalf:
        if "agent" in args:
            args["signatory"] = args["agent"]
        args["agent"] = behalf
    if subjects:
        # "Putin and Turkish counterpart Erdogan agreed", "Russia Iran and Turkey agree" with
        # its commas lost: the parser hangs the other names on the first
        subjects += [x for x in entities(rd, s, _listed([subjects[0][2]]), ("ORG", "PERSON", "PLACE"))
                     if x[0] not in {y[0] for y in [*subjects, *parties]}]
    if parties:
        args["patient"] = parties[0][0]
    elif len(subjects) > 1:
        args["patient"] = subjects[1][0]  # "an agreement Russia and Turkey reached"
    for k, (eid, _, _) in enumerate(subjects[1 if parties else 2:], start=3):
        if eid not in args.values():
            args[f"party_{k}"] = eid  # "Russia, Iran and Turkey agreed"
    if not args:
        return
    conf = frame.confidence * (subjects[0][1] if subjects else 1.0)
    yield Cand("agreement", args, s, v, confidence=conf, needs_time=len(args) < 2)


def _work_field(rd: Reading, s: Sentence, v: Token, subjects: list[tuple[str, float, Token]],
                role: str) -> Iterator[Cand]:
    """"I work in media": for the group the person last joined or offered services to."""
    for sid, sc, _ in subjects:
        earlier = [(pos, org) for pos, org in rd.memberships.get(sid, []) if pos < s.start
                   and s.start - pos < 600]
        if earlier:
            org = max(earlier)[1]
            yield Cand("works_for" if org in rd.media else "member_of",
                       {"subject": sid, "object": org}, s, v, role=role, confidence=0.6 * sc)


def offers(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """"offered my services to X" → member_of; "offered me a position, which I declined" →
    a negative member_of of the one offered the position in the offering group."""
    assert s.doc is not None
    for v in s.doc:
        if v.lemma_.lower() != "offer" or v.pos_ != "VERB":
            continue
        subj_tok, _ = subject_of(v)
        dobj = next((c for c in v.children if c.dep_ == "dobj"), None)
        if dobj is None:
            continue
        thing = dobj.lemma_.lower()
        if thing in R.OFFER_SERVICE and subj_tok is not None:
            subj = resolve(rd, s, subj_tok)
            targets = _preps(v, ("to",))
            if not targets and v.dep_ == "conj":
                targets = [c for c in v.head.children if c.dep_ == "dobj"]
            orgs = entities(rd, s, targets, ("ORG",))
            if subj and rd.etype(subj[0]) == "PERSON":
                for oid, oc, _ in orgs:
                    rd.memberships.setdefault(subj[0], []).append((s.start, oid))
                    yield Cand("works_for" if oid in rd.media else "member_of",
                               {"subject": subj[0], "object": oid}, s, v, role="member",
                               confidence=0.7 * subj[1] * oc)
        elif thing in R.OFFER_POSITION:
            taker_tok = next((c for c in v.children if c.dep_ in ("dative", "iobj")), None)
            if taker_tok is None or subj_tok is None:
                continue
            taker, giver = resolve(rd, s, taker_tok), resolve(rd, s, subj_tok)
            if not taker or rd.etype(taker[0]) != "PERSON":
                continue
            places = _preps(dobj, ("in", "with", "at", "on"))
            org_ids = [o for o, _, _ in entities(rd, s, places, ("ORG",))]
            if not org_ids and giver and rd.etype(giver[0]) == "ORG":
                org_ids = [giver[0]]  # "the regime offered me a seat": a seat in the regime
            elif not org_ids and giver:
                led = [org for (org, _), people in rd.heads.items() if giver[0] in people]
                org_ids = led[:1] if len(set(led)) == 1 else []
            # "which I declined" hangs on the offered thing, or on a noun inside it
            # ("a seat on the committee, which I refused")
            offered = {x.i for x in dobj.subtree} | {v.i}
            refused = any(t.lemma_.lower() in R.REFUSAL_VERBS and t.pos_ == "VERB"
                          and (t.head.i in offered or t.dep_ == "conj") for t in s.doc)
            accepted = any(t.lemma_.lower() == "accept" for t in s.doc)
            if not (refused or accepted):
                continue
            for oid in org_ids:
                yield Cand("works_for" if oid in rd.media else "member_of",
                           {"subject": taker[0], "object": oid}, s, v,
                           polarity="negative" if refused else "positive", confidence=0.7)


def denials(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """"The group denied the arrest": the event the noun names, by the subject, denied."""
    assert s.doc is not None
    for v in s.doc:
        if v.lemma_.lower() not in R.DENIAL_VERBS or v.pos_ != "VERB":
            continue
        subj_tok, passive = subject_of(v)
        event = next((c for c in v.children if c.dep_ == "dobj" and c.lemma_.lower() in R.EVENT_NOUNS), None)
        pred = R.EVENT_NOUNS[event.lemma_.lower()] if event is not None else None
        if event is None:
            # "denied holding civilians", which the parser reads as a verb modifying its object
            for c in v.children:
                g = next((a for a in c.children if a.dep_ == "amod" and a.tag_ == "VBG"
                          and a.lemma_.lower() in R.VERB_FRAMES), None) if c.dep_ == "dobj" else None
                if g is not None and R.VERB_FRAMES[g.lemma_.lower()][0].predicate in R.TWO_PARTY:
                    event, pred = c, R.VERB_FRAMES[g.lemma_.lower()][0].predicate
                    break
        if subj_tok is None or passive or event is None or pred is None:
            continue
        for sid, sc, _ in entities(rd, s, [subj_tok], ("ORG", "PERSON")):
            yield Cand(pred, {"agent": sid}, s, v, modality="denied", confidence=0.6 * sc)


# -- nominal events ----------------------------------------------------------------------
def _verb_preps(n: Token, names: tuple[str, ...]) -> list[Token]:
    """"continue coalition operations against X", "began their assault on X": the parser
    often hangs the event noun's "against X"/"on X" on the verb whose object the noun is.
    Only a preposition after the noun is the noun's (the noun's own, when it has one, win)."""
    if n.dep_ != "dobj" or n.head.pos_ != "VERB":
        return []
    return [p for p in _preps(n.head, names) if p.i > n.i]
def noun_events(rd: Reading, s: Sentence) -> Iterator[Cand]:
    assert s.doc is not None
    for n in s.doc:
        lemma = n.lemma_.lower()
        if n.pos_ != "NOUN":
            continue
        if lemma in R.CLASH_NOUNS or (lemma in R.WAR_BETWEEN_NOUNS and any(
                c.dep_ == "prep" and c.lower_ == "between" for c in n.children)):
            parties: list[Token] = []
            for c in n.children:
                # "clashes with X and Y" names one side (the event layer finds the other)
                if c.dep_ == "prep" and c.lower_ in R.CLASH_PREPS and c.lower_ != "with":
                    parties += [p for p in c.children if p.dep_ == "pobj"]
                if c.dep_ == "acl" and c.lemma_.lower() in ("involve", "pit"):
                    parties += [p for p in c.children if p.dep_ == "dobj"]
            found = entities(rd, s, parties, ("ORG", "PERSON"))
            if len(found) >= 2:
                args = {"agent": found[0][0], "patient": found[1][0]}
                for k, (eid, _, _) in enumerate(found[2:], start=3):
                    args[f"party_{k}"] = eid
                yield Cand("clash", args, s, n, confidence=0.75)
        elif lemma in R.AGREEMENT_NOUNS or _brokered(n) or (lemma in R.SIDED_DEAL_NOUNS and any(
                c.dep_ == "prep" and c.lower_ == "between" for c in n.children)):
            yield from _agreement_noun(rd, s, n)
        elif lemma in R.NOUN_EVENTS:
            pred, agent_preps, patient_preps, poss_patient = R.NOUN_EVENTS[lemma]
            agent = entities(rd, s, _preps(n, agent_preps), ("ORG", "PERSON"))
            targets = ("ORG", "PERSON", "PLACE") if pred == "attack" else ("ORG", "PERSON")
            patient = entities(rd, s, _preps(n, patient_preps) or _verb_preps(n, patient_preps), targets)
            poss = [c for c in n.children if c.dep_ == "poss"]
            if pred == "clash":  # "their fight against X": too loose unless the owner is named
                poss = [c for c in poss if s.unit(c) is not None]
            if poss:
                owner = entities(rd, s, poss, ("ORG", "PERSON"))
                if poss_patient and not patient:
                    patient = owner
                elif not poss_patient and not agent:
                    agent = owner
            if not agent:
                # "a US drone strike", "Russian air strikes": the force named on the noun
                agent = [a for a in entities(rd, s, [c for c in n.children if c.dep_ in ("compound", "amod")],
                                             ("ORG", "PLACE")) if rd.etype(a[0]) == "ORG" or pred == "attack"]
                if not agent:
                    demonym = next((c.text for c in n.children if c.dep_ == "amod" and c.text in DEMONYMS), None)
                    country = named_country(rd, DEMONYMS[demonym]) if demonym else None
                    agent = [(country, R.CONF_DESCRIPTOR, n)] if country else []
            doing = R.LEMMA_FIXES.get(n.head.lemma_.lower(), n.head.lemma_.lower())
            if not agent and n.dep_ == "dobj" and (doing in R.CARRY_OUT_VERBS or (
                    pred == "clash" and doing in R.FOUGHT_VERBS)):  # "waged a war", "fought a war against Y"
                subj, _ = subject_of(n.head)
                if subj is not None:
                    agent = entities(rd, s, [subj], ("ORG", "PERSON", "PLACE"))
            for pid, pc, _ in patient if agent else []:
                if pid != agent[0][0]:
                    yield Cand(pred, {"agent": agent[0][0], "patient": pid}, s, n,
                               confidence=0.7 * agent[0][1] * pc)


# -- agreements told as nouns ------------------------------------------------------------
def _brokered(n: Token) -> bool:
    """"the evacuation brokered by X", "the freeze on fighting mediated by X": a noun a
    broker's participle describes is a deal, whatever the noun (the outermost noun of the
    phrase: "fighting" in "the freeze on fighting brokered by X" is not the deal)."""
    if not _deal_participles(n, R.BROKER_VERBS):
        return False
    up = n
    while up.dep_ in ("pobj", "prep") and up.head.i != up.i:
        up = up.head
        if up.pos_ == "NOUN" and (up.lemma_.lower() in R.AGREEMENT_NOUNS or _deal_participles(up, R.BROKER_VERBS)):
            return False
    return True


def _deal_participles(n: Token, verbs: frozenset[str]) -> list[Token]:
    """The participles in the noun's phrase, before any verb, that say who made or brokered
    it ("a ceasefire between X and Y brokered by Z": the parser hangs "brokered" on Y)."""
    out = []
    for c in n.subtree:
        if c.dep_ != "acl" or c.tag_ != "VBN" or c.lemma_.lower() not in verbs or not _preps(c, ("by",)):
            continue
        cur = c.head
        while cur.i != n.i and cur.pos_ not in ("VERB", "AUX"):
            cur = cur.head
        if cur.i == n.i:
            out.append(c)
    return out


def _agreement_noun(rd: Reading, s: Sentence, n: Token) -> Iterator[Cand]:
    """"a truce between X and Y", "a deal with X", "an agreement involving X and Y", "a
    ceasefire brokered by X and Y", "a deal struck by X and Y": an agreement told as a noun,
    with its parties (agent, patient, party_3 …) and its brokers (mediator, mediator_2 …).
    Left to the verb frame when the noun is the object of a deal verb whose subject is
    named ("X signed a deal with Y"); nothing when the deal is not made ("talks on a truce
    between X and Y", "a deal would …", "no deal")."""
    if _deal_verb_tells(rd, s, n) or not _deal_made(n):
        return
    party_toks = [p for c in n.children if c.dep_ == "prep" and c.lower_ == "with"
                  for p in c.children if p.dep_ == "pobj"]
    sides = [p for c in n.children if c.dep_ == "prep" and c.lower_ in ("between", "among")
             for p in c.children if p.dep_ == "pobj"]
    sides += [p for c in n.children if c.dep_ == "acl" and c.lemma_.lower() == "involve"
              for p in c.children if p.dep_ == "dobj"]
    if all(resolve(rd, s, x) is not None for t in sides for x in expand(t)):
        party_toks += sides  # "between the regime and rebels" with "rebels" unknown: half a deal, no fact
    party_toks += [c for c in n.children if c.dep_ == "poss"]
    brokered = _deal_participles(n, R.BROKER_VERBS)
    broker_toks = [p for c in brokered for p in _preps(c, ("by",))]
    party_toks += [p for c in _deal_participles(n, R.DEAL_MAKING_VERBS) for p in _preps(c, ("by",))]
    types = ("ORG", "PERSON", "PLACE")
    parties = [p for p in entities(rd, s, _listed(party_toks), types) if _may_sign(rd, p[0])]
    brokers = [b for b in entities(rd, s, _listed(broker_toks), types, exclude={p[0] for p in parties})
               if _may_sign(rd, b[0])]
    if not parties and not brokers:
        return
    args: dict[str, str] = {}
    for k, (eid, _, _) in enumerate(parties):
        args["agent" if k == 0 else "patient" if k == 1 else f"party_{k + 1}"] = eid
    for k, (eid, _, _) in enumerate(brokers):
        args["mediator" if k == 0 else f"mediator_{k + 1}"] = eid
    conf = 0.7 * min(x[1] for x in [*parties, *brokers])
    # a brokered deal is told by its participle ("brokered by X in February"): its time, and
    # no negation from the clause around it ("fighters who are not party to a deal brokered by X")
    trigger = brokered[0] if brokers else n
    yield Cand("agreement", args, s, trigger, confidence=conf, needs_time=len(args) < 2)


def _listed(toks: list[Token]) -> list[Token]:
    """The tokens and every word listed or named beside them ("regime ally Iran and rebel
    backer Qatar": the parser hangs both names on "ally"), not the words of a modifier
    ("the head of X" lists no X)."""
    out: list[Token] = []
    for t in toks:
        for x in t.subtree:
            cur = x
            # "Russia Turkey and Iran" with its commas lost: the parser makes "Russia" a compound
            while cur.i != t.i and (cur.dep_ in ("conj", "appos") or (cur.dep_ == "compound" and cur.pos_ == "PROPN")):
                cur = cur.head
            if cur.i == t.i and x not in out:
                out.append(x)
    return out


def _may_sign(rd: Reading, eid: str) -> bool:
    """A party to a deal: a group, a person or a country, never a town ("a truce between
    the towns" names no one who made it)."""
    ent = rd.article.entity(eid)
    return ent is not None and (ent.type != "PLACE" or (ent.geo_precision == 3 and not ent.admin1))


def _deal_verb_tells(rd: Reading, s: Sentence, n: Token) -> bool:
    """"X signed a deal with Y", "X reached a truce with Y": the verb frame states it, with X."""
    head = n.head
    if n.dep_ not in ("dobj", "nsubjpass") or head.lemma_.lower() not in R.VERB_FRAMES or not any(
            f.predicate == "agreement" for f in R.VERB_FRAMES[head.lemma_.lower()]):
        return False
    subj, passive = subject_of(head)
    doer = _preps(head, ("by",)) if passive else [subj] if subj is not None else []
    return bool(entities(rd, s, doer, ("ORG", "PERSON", "PLACE")))


def _deal_made(n: Token) -> bool:
    """Whether the agreement noun tells a deal made: not "no deal", not under a plan, a call,
    talks, a negation or a future ("talks on a truce", "called for a ceasefire", "a deal
    would see …")."""
    if any(c.dep_ == "det" and c.lower_ in ("no", "any") for c in n.children):
        return False
    cur = n
    for _ in range(6):
        lemma = cur.lemma_.lower()
        if cur is not n and (lemma in T.NONFACTUAL_VERBS | T.NONFACTUAL_NOUNS | R.PENDING_DEAL_NOUNS
                             or lemma in ("call", "press", "discuss", "negotiate")):
            return False
        # "did not sign a deal", "refused to agree to a truce"; not "are not party to a deal"
        denied = cur is n.head or lemma in R.DEAL_MAKING_VERBS
        if cur.pos_ in ("VERB", "AUX") and any(
                (k.dep_ == "aux" and k.lower_ in T.FUTURE_AUX) or (k.dep_ == "neg" and denied)
                or (k.dep_ == "mark" and k.lower_ in T.CONDITIONAL_MARKS) for k in cur.children):
            return False
        if cur.dep_ == "relcl" or cur.head.i == cur.i or (cur.pos_ == "VERB" and lemma in R.REPORT_VERBS):
            return True
        cur = cur.head
    return True
