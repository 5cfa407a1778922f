"""Relations a title states: "Observatory head NAME", "NAME head of the X Brigade",
"Director of the UK-based Observatory NAME", "Russian President NAME", "President NAME".

Wire reports name people by their office far more often than they say "NAME leads X", and
on degraded text (commas stripped: "NAME head of the X") the parse often misses the
apposition. These rules read the words between a person's name and the group or state
next to it, in the original text, so they hold without the comma:

- ORG TITLE NAME            "Jaish al-Islam spokesman NAME", "the regimes Interior Minister NAME"
- TITLE of [the] … ORG NAME "Director of the UK-based Observatory NAME"
- NAME [,] [the] TITLE of [the] … ORG|PLACE   "NAME head of the rebel X Brigade", "NAME the Governor of P"
- NAME [,] a member of [the] … ORG  "NAME a member of the political office of the X group"
- DEMONYM TITLE NAME         "Russian President NAME", "Russian Foreign Minister NAME" (the
                             country, or its government)
- ORG's QUALIFIER TITLE NAME "the UNs aid chief NAME": the head of a part, so a member
- TITLE NAME                 "President NAME", "leader NAME": the body the knowledge base says
                             the person led then, when the article names it.
- ORG [,] led|headed|commanded|chaired by NAME, ORG [,] under the command|leadership of NAME,
  NAME took [over] command|the leadership of ORG   (the parse often hangs such a participle
                             elsewhere: "X, led by NAME, trained militias")

A leader's title gives leader_of, a founder's founded, an outlet's staff works_for, any
other title member_of, each with the title as its role.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from allegiance.extraction.entities.rules import DEMONYMS
from allegiance.extraction.facts import lexicon as R
from allegiance.extraction.facts.describe import role_predicate
from allegiance.extraction.facts.frames import Cand
from allegiance.extraction.facts.parse import Reading, Sentence, Unit, named_country

CONFIDENCE = 0.75
# Offices of a state's head, which need no group named beside them.
HEAD_OF_STATE = frozenset({"president", "prime minister", "king", "emir"})
# Offices a demonym before them ties to that state: "Russian Foreign Minister NAME"
STATE_OFFICES = HEAD_OF_STATE | {"minister", "envoy"}
# Offices of a place, not a group: "the Governor of Hatay".
PLACE_OFFICES = {"governor": "leader", "mayor": "leader"}
_TITLE = (r"(?i:(?:(?:deputy|vice|prime|foreign|interior|defen[cs]e|information|health|justice|"
          r"military|political|top|senior)\s+)?(?:(?<!under[- ])(?<!assistant )secretary[- ]general|"
          r"president|minister|head|chief|director|leader|"
          r"commander|chairman|spokes(?:man|woman|person)|governor|mayor|emir|founder|envoy|king))")
_DOCTOR = r"(?:(?:Dr|Gen|General|Col|Colonel|Brig|Sheikh)\.?\s+)?"
# ORG ['s] TITLE NAME
_ORG_TITLE = re.compile(rf"(?:['’]?s)?\s+({_TITLE})\s+{_DOCTOR}")
# TITLE of [the] [up to three words] ORG NAME: the words before the ORG, and the gap after it
_TITLE_OF = re.compile(rf"\b({_TITLE})\s+(of|for)\s+(?:the\s+)?(?:[\w-]+\s+){{0,3}}$")
# (the group's noun may stand between: "a spokesman for the X group NAME")
_NAME_GAP = re.compile(rf"[,\s]+(?:(?:rebel\s+)?(?:group|movement|faction|brigade|militia)\s+)?{_DOCTOR}")
# NAME [,] [the] TITLE of [the] [up to three words] ORG
_NAME_TITLE_OF = re.compile(rf"\s*,?\s+(?i:the\s+|a\s+)?({_TITLE})\s+(of|for)\s+(?i:the\s+)?(?:[\w-]+\s+){{0,3}}")
# DEMONYM TITLE NAME, "US President NAME"
_STATE_TITLE = re.compile(rf"(?<![\w.])([A-Z][a-z]+|US|UK|U\.S\.|U\.K\.)(?:['’]?s)?\s+({_TITLE})\s+{_DOCTOR}$")
_BARE_TITLE = re.compile(rf"\b({_TITLE})\s+{_DOCTOR}$")
# a title the mention itself begins with: "[Russian President] Vladimir Putin"
_IN_NAME = re.compile(rf"^(?:(?:[A-Z][a-z]+|US|UK|U\.S\.)(?:['’]?s)?\s+)?{_TITLE}\s+{_DOCTOR}")
# WORDS TITLE NAME, the words one of an organisation's names: "Observatory head NAME"
_WORDS_TITLE = re.compile(rf"(?<![\w-])((?:[\w-]+\s+){{0,2}}[\w-]+)(?:['’]s)?\s+({_TITLE})\s+{_DOCTOR}$")
# ORGs [qualifier] TITLE NAME, possessive without its apostrophe: "the UNs aid chief NAME" (the
# head of a part of the group, so a member of it)
_QUALIFIED_TITLE = re.compile(rf"(?<![\w-])((?:[\w-]+\s+){{0,2}}[\w-]+?)['’]?s\s+([a-z][\w-]*)\s+({_TITLE})"
                              rf"\s+{_DOCTOR}$")
# NAME [is] a [senior] member|official of [the] [up to five words] ORG: "NAME a member of the
# political office of the X group"
_NAME_MEMBER_OF = re.compile(r"\s*,?\s+(?:is\s+|was\s+)?(?:a|an)\s+(?:senior\s+|leading\s+|founding\s+|prominent\s+)?"
                             r"(member|official)\s+(?:of|in)\s+(?:the\s+)?(?:[\w-]+\s+){0,5}")
# ORG [,] [which is] led|headed|commanded|chaired by [TITLE] NAME, ORG [,] under the command|
# leadership of NAME: the participle or phrase says who heads the group
_LED_BY = re.compile(rf"\s*,?\s+(?:(?:which|that)\s+(?:is|was|has\s+been)\s+)?(?:(led|headed|commanded|chaired)\s+by|"
                     rf"under\s+the\s+(command|leadership)\s+of)\s+(?:the\s+)?{_DOCTOR}")
# NAME took [over] [the] command|leadership of [the] [up to three words] ORG
_TOOK_COMMAND = re.compile(r"\s+(?:took|takes|assumed|assumes)\s+(?:over\s+)?(?:the\s+)?(command|leadership)\s+of\s+"
                           r"(?:the\s+)?(?:[\w-]+\s+){0,3}")
# (the commander of a whole group heads it: "commanded by NAME", "took command of X")
_LED_TITLE = {"led": "leader", "headed": "head", "commanded": "head", "chaired": "chairman",
              "command": "head", "leadership": "leader"}
SHORT_STATES = {"US": "United States", "UK": "United Kingdom", "USA": "United States"}


def titles(rd: Reading, s: Sentence) -> Iterator[Cand]:
    """The relations the titles around each named person of `s` state."""
    if s.doc is None:
        return
    units = [p.unit for p in s.pieces if p.unit is not None and p.unit.kind != "pronoun"]
    for k, u in enumerate(units):
        if u.type != "PERSON" or u.kind != "name":
            continue
        found = _before(rd, s, units, k) or _after(rd, units, k)
        if found is None:
            continue
        oid, title = found
        cand = _cand(rd, s, u, oid, title)
        if cand is not None:
            yield cand


def _before(rd: Reading, s: Sentence, units: list[Unit], k: int) -> tuple[str, str] | None:
    """A title before the name: after a group, after "TITLE of GROUP", after a demonym, or alone."""
    text = rd.article.text
    u = units[k]
    prev = next((v for v in reversed(units[:k]) if v.entity != u.entity), None)
    inner = _IN_NAME.match(text[u.start:u.end])
    name_at = u.start + (inner.end() if inner and inner.end() < u.end - u.start else 0)
    lead = text[max(s.start, u.start - 80):name_at]
    if prev is not None and prev.type == "ORG" and prev.end <= u.start:
        g = _ORG_TITLE.fullmatch(text[prev.end:name_at])
        if g:
            return prev.entity, g.group(1)
        g2 = _TITLE_OF.search(text[max(s.start, prev.start - 60):prev.start])
        if g2 and _speaks_for(g2) and _NAME_GAP.fullmatch(text[prev.end:u.start]):
            return prev.entity, g2.group(1)
        g7 = _LED_BY.fullmatch(text[prev.end:name_at])
        if g7:
            return prev.entity, _LED_TITLE[(g7.group(1) or g7.group(2)).lower()]
    if (g5 := _WORDS_TITLE.search(lead)) and (named := _org_named(rd, g5.group(1))):
        return named, g5.group(2)
    if (g6 := _QUALIFIED_TITLE.search(lead)) and (named := _org_named(rd, g6.group(1))):
        return named, f"{g6.group(2)} {g6.group(3)}"
    if prev is not None and prev.type == "PLACE" and prev.end <= u.start:
        g = _ORG_TITLE.fullmatch(text[prev.end:name_at])
        if g and _office(g.group(1)) in HEAD_OF_STATE and (state := _country_state(rd, prev.entity)):
            return state, g.group(1)
    if (g3 := _STATE_TITLE.search(lead)) and _office(g3.group(2)) in STATE_OFFICES:
        word = g3.group(1)
        country = DEMONYMS.get(word) or SHORT_STATES.get(word.replace(".", ""))
        eid = state_of(rd, country) if country else None
        if eid is not None:
            return eid, g3.group(2)
    if (g4 := _BARE_TITLE.search(lead)) and _role(g4.group(1)) == "leader":
        led = kb_led(rd, u.entity)
        if led is not None:
            return led, g4.group(1)
    if g4 and _office(g4.group(1)).startswith("spokes"):
        # "the coalition determined … said spokesman NAME": the one group the sentence names
        # before him is the one he speaks for
        orgs = {v.entity for v in units[:k] if v.type == "ORG" and v.entity not in rd.media}
        if len(orgs) == 1:
            return orgs.pop(), g4.group(1)
    return None


def _after(rd: Reading, units: list[Unit], k: int) -> tuple[str, str] | None:
    """"NAME head of the rebel X Brigade", "NAME the Governor of P"."""
    text = rd.article.text
    u = units[k]
    for nxt in units[k + 1:k + 4]:  # a place may stand among the words: "the Britain-based X"
        if nxt.entity == u.entity or nxt.start < u.end:
            continue
        g = _NAME_TITLE_OF.fullmatch(text[u.end:nxt.start])
        if g is not None and _speaks_for(g) and (
                nxt.type == "ORG" or (nxt.type == "PLACE" and _office(g.group(1)) in PLACE_OFFICES)):
            return nxt.entity, g.group(1)
        g = _NAME_MEMBER_OF.fullmatch(text[u.end:nxt.start])
        if g is not None and nxt.type == "ORG":
            return nxt.entity, g.group(1)
        g = _TOOK_COMMAND.fullmatch(text[u.end:nxt.start])
        if g is not None and nxt.type == "ORG":
            return nxt.entity, _LED_TITLE[g.group(1).lower()]
    return None


def _speaks_for(g: re.Match[str]) -> bool:
    """"TITLE of X" always; "TITLE for X" only a spokesperson's ("a spokesman for X"): an
    "envoy for X" or a "commander for X's logistics" need not be X's."""
    return g.group(2) == "of" or _office(g.group(1)).startswith("spokes")


def _office(title: str) -> str:
    """The office a title names: its last word, or "prime minister"."""
    words = title.lower().replace("secretary general", "secretary-general").split()
    return "prime minister" if words[-2:] == ["prime", "minister"] else words[-1]


def _role(title: str) -> str | None:
    office = _office(title)
    if office in HEAD_OF_STATE:
        return "leader"
    return PLACE_OFFICES.get(office) or R.ROLE_NOUNS.get(office)


def _cand(rd: Reading, s: Sentence, u: Unit, oid: str, title: str) -> Cand | None:
    role = _role(title)
    if role is None or oid == u.entity or rd.etype(oid) not in ("ORG", "PLACE"):
        return None
    if role in R.LEADER_ROLES and (title.lower().split()[0] in ("deputy", "vice")
                                   or not re.fullmatch(_TITLE, title)):
        pred, role = "member_of", "official"  # a deputy head, an "aid chief": an official, no leader
    else:
        pred = role_predicate(rd, role, oid)
    tok = next((t for t in s.doc or [] if s.unit(t) is u), None)
    if tok is None:
        return None
    return Cand(pred, {"subject": u.entity, "object": oid}, s, tok, role=role, confidence=CONFIDENCE,
                modality="asserted")


def state_of(rd: Reading, country: str) -> str | None:
    """The article's entity for a country's state: its government when the article names
    one by the country's name or demonym, else the country."""
    demonym = next((d for d, c in DEMONYMS.items() if c == country), None)
    words = {country.lower(), *(w.lower() for w in country.split())} | ({demonym.lower()} if demonym else set())
    govs = [g for g in sorted(rd.government) if (e := rd.article.entity(g)) is not None
            and words & {re.sub(r"['’]s?$", "", w.lower()) for n in [e.name, *e.aliases] for w in n.split()}]
    if len(govs) == 1:
        return govs[0]
    for name in (country, *(a for a, c in SHORT_STATES.items() if c == country)):
        eid = named_country(rd, name)
        if eid is not None:
            return eid
    return None


def _country_state(rd: Reading, place: str) -> str | None:
    ent = rd.article.entity(place)
    if ent is None or ent.geo_precision != 3 or ent.admin1:
        return None
    return state_of(rd, ent.name)


def kb_led(rd: Reading, pid: str) -> str | None:
    """The body the knowledge base says this person led when the article was written,
    when the article names it."""
    ent = rd.article.entity(pid)
    if ent is None or not ent.kb_id:
        return None
    from allegiance.kb import load_kb

    kb = load_kb()
    if ent.kb_id not in kb:
        return None
    on = rd.article.structured.published
    for link in kb.get(ent.kb_id).leader_of:
        if on and ((link.start and str(link.start) > on) or (link.end and str(link.end) < on)):
            continue
        hits = [e.id for e in rd.article.entities if e.kb_id == link.target]
        if hits:
            return hits[0]
    return None


def _org_named(rd: Reading, words: str) -> str | None:
    """The one organisation of the article one of whose names ends the words before a title
    ("the Observatory", "Jaish al-Islam"), by its last one to three words; on text without
    apostrophes, also with a possessive s dropped ("the regimes", "the UNs")."""
    parts = words.split()
    tries = [parts]
    if parts and len(parts[-1]) > 2 and parts[-1].endswith("s"):
        tries.append([*parts[:-1], parts[-1][:-1]])
    for words_ in tries:
        for n in range(min(3, len(words_)), 0, -1):
            key = " ".join(words_[-n:]).lower()
            hits = {e.id for e in rd.article.entities if e.type == "ORG" and key in {
                re.sub(r"^the\s+", "", x.lower()) for x in [e.name, *e.aliases]}}
            if len(hits) == 1:
                return hits.pop()
    return _org_by_word(rd, parts[-1]) if parts else None


def _org_by_word(rd: Reading, word: str) -> str | None:
    """The one organisation of the article whose name holds this capitalised word ("Observatory
    chief NAME" for the Britain-based Syrian Observatory for Human Rights); never a demonym."""
    if len(word) < 4 or not word[0].isupper() or word in DEMONYMS or word in DEMONYMS.values():
        return None
    hits = {e.id for e in rd.article.entities if e.type == "ORG" and any(
        word in n.split() for n in [e.name, *e.aliases])}
    return hits.pop() if len(hits) == 1 else None
