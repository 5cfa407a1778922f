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
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from allegiance.extraction.entities.rules import DEMONYMS
from allegiance.extraction.facts.frames import Cand
from allegiance.extraction.facts.parse import Reading, Sentence, Unit
from allegiance.extraction.facts.titles import SHORT_STATES, kb_led, state_of

CONFIDENCE = 0.7
# PATRON-backed NAME ("US-backed", "Saudi-backed", "Iranian-backed"), a word or two between
_BACKED_BEFORE = re.compile(r"(?<![\w-])([\w.]+)-(?:backed|supported|sponsored)\s+(?:[\w-]+\s+){0,2}$")
# PATRON ally|backer NAME ("regime ally Iran", "rebel-backer Turkey", "fellow regime ally Iran")
_ALLY_BEFORE = re.compile(r"(?<![\w-])([\w.]+)[\s-](?:ally|allies|backer|backers|patron)\s+$", re.I)
# NAME backed by [the] PATRON
_BACKED_AFTER = re.compile(r"\s+(?:which\s+is\s+|who\s+are\s+|are\s+|is\s+)?(?:backed|supported)\s+by\s+(?:the\s+)?$")
_BY_WORD = re.compile(r"(?:\s+(?:fighters|forces|troops|militants|militia|militiamen|rebels))?\s+(?:backed|supported)"
                      r"\s+by\s+(?:the\s+)?([\w.]+)(?:-led)?(?:\s+and\s+([\w.]+))?\s+(?:forces|troops|army|military|"
                      r"jets|warplanes|coalition|air\s+strikes|airstrikes)\b")
# NAME and its PATRON ally: "the regime and its Russian ally"
_ITS_ALLY = re.compile(r"\s+and\s+its\s+([\w.]+)\s+(?:ally|allies|backer|backers|patron)\b")
# NAME [is] a [close] ally|backer of [the] OTHER: "Iran a strong backer of the regime"
_ALLY_OF = re.compile(r"\s+(?:is\s+|remains\s+|was\s+)?(?:a|the|an)\s+(?:[\w-]+\s+)?(?:ally|backer|supporter|patron)"
                      r"\s+of\s+(?:the\s+)?")
_ALLY_OF_WORD = re.compile(_ALLY_OF.pattern + r"(regime|government|rebels|opposition)\b")
_REGIME_WORDS = frozenset({"regime", "government", "damascus"})
_REBEL_WORDS = frozenset({"rebel", "rebels", "opposition"})


def backers(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """allied_with for each patron a modifier gives a named group of `s`."""
    if s.doc is None:
        return
    units = [p.unit for p in s.pieces if p.unit is not None and p.unit.kind != "pronoun"]
    seen: set[frozenset[str]] = set()
    for k, u in enumerate(units):
        actor = _as_actor(rd, u.entity) if u.type in ("ORG", "PLACE") else None
        if actor is None:
            continue
        for patron in (_patron_before(rd, s, units, k), _patron_after(rd, s, units, k)):
            if patron is None or patron == actor or frozenset((patron, actor)) in seen:
                continue
            seen.add(frozenset((patron, actor)))
            tok = next((t for t in s.doc if s.unit(t) is u), None)
            if tok is not None:
                yield Cand("allied_with", {"subject": patron, "object": actor}, s, tok,
                           confidence=CONFIDENCE, modality="asserted")


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


def _patron_after(rd: Reading, s: Sentence, units: list[Unit], k: int) -> str | None:
    text = rd.article.text
    u = units[k]
    nxt = next((v for v in units[k + 1:] if v.entity != u.entity), None)
    if nxt is not None and nxt.type in ("ORG", "PLACE", "PERSON"):
        gap = text[u.end:nxt.start]
        if _BACKED_AFTER.fullmatch(gap) or _ALLY_OF.fullmatch(gap):
            return _as_actor(rd, nxt.entity)
    for pattern in (_BY_WORD, _ITS_ALLY, _ALLY_OF_WORD):
        g = pattern.match(text, u.end, s.end)
        if g:
            return _word_actor(rd, g.group(1))
    return None


def _as_actor(rd: Reading, eid: str) -> str | None:
    """A named patron: a group, or a country (as its state); never a town."""
    ent = rd.article.entity(eid)
    if ent is None:
        return None
    if ent.type == "PERSON":  # "a close ally of President NAME": the body the person leads
        return kb_led(rd, eid)
    if ent.type == "PLACE":
        return state_of(rd, ent.name) if ent.geo_precision == 3 and not ent.admin1 else None
    return eid


def _word_actor(rd: Reading, word: str) -> str | None:
    """"Turkish", "US", "regime", "rebel": the body of the article the word stands for."""
    low = word.lower()
    if low in _REGIME_WORDS:
        return next(iter(rd.government)) if len(rd.government) == 1 else None
    if low in _REBEL_WORDS:
        hits = [e.id for e in rd.article.entities if e.type == "ORG"
                and {n.lower() for n in [e.name, *e.aliases]} & {"rebels", "opposition", "the opposition"}]
        return hits[0] if len(hits) == 1 else None
    country = DEMONYMS.get(word) or SHORT_STATES.get(word.replace(".", "")) or (
        word if word in DEMONYMS.values() else None)
    return state_of(rd, country) if country else None
