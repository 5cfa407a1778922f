"""Place cues: a name the words around it call a place is a PLACE, whatever NER said.

NER types transliterated town names as people or organisations ("the towns of Foua and
Kefraya": an ORG and a place; "al-Qusour and al-Joura neighborhoods": a person; "rebel-held
Baba Amr": a person), and the gazetteer knows few of the villages and quarters reports name.
The sentence tells what they are. A name NER typed PERSON or ORG becomes a PLACE when

- a plural place noun and "of" open the list it stands in ("the towns of X and Y", "the two
  villages of X and Y", "the neighborhoods of X Y and Z" on a text that lost its commas),
- a place noun ends it ("X Region", "X Square", "X Airfield"), follows it or, plural, follows
  the list it ends ("X and Y neighborhoods", "the X oilfield", "the X border crossing", "the X
  refugee camp"),
- a control word is glued before it ("rebel-held X", "regime-controlled X", "IS-held X"), or
- a place preposition stands before it and the gazetteer knows it in the article's country
  ("in Khan Shaikhoun"; a given name the gazetteer also knows as a village is left alone).

The names are read as lists only across "and", "or", commas and single spaces between two
names. A name the knowledge base knows, a group-name pattern ("Jaish X"), a name ending in an
organisation noun ("X Brigade", or a body a stripped comma glued on: "X the Syrian
Observatory …") and an acronym keep their type; so does a name that is a word of a person's
name of two words or more in the same article. The name's other mentions become places too.
Nothing here knows any place: only English words for kinds of places and the gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Protocol

from allegiance.extraction.entities import rules
from allegiance.names import is_weak_alias, normalize


class _Span(Protocol):
    start: int
    end: int
    type: str
    source: str
    kb_id: str | None


_NOUNS_PLURAL = (r"towns|villages|cities|neighbou?rhoods|districts|suburbs|quarters|settlements|hamlets"
                 r"|areas|regions|camps|localities|municipalities")
_NOUNS_SINGULAR = (r"town|village|city|neighbou?rhood|district|suburb|quarter|settlement|hamlet|area|region"
                   r"|locality|municipality|countryside|oil\s?field|gas\s?field|refugee\s+camp|camp"
                   r"|(?:border\s+)?crossing|corridor|air\s?base|air\s?field|airport|plains?|plateau|hills?")
# "the towns of", "the two villages of", "the besieged neighborhoods of": what follows is a list of places
_LIST_OF = re.compile(rf"\b(?:{_NOUNS_PLURAL})\s+of\s+$", re.I)
# "the town of X", "the western parts of X", "the outskirts of X": the first name is a place
_ONE_OF = re.compile(r"\b(?:town|village|city|neighbou?rhood|district|suburb|quarter|hamlet|parts|outskirts"
                     r"|vicinity|countryside|plains|environs)\s+of\s+$", re.I)
# what follows a place's name (or, plural, a list of places): its kind
_KIND_AFTER = re.compile(rf"\s+(?P<noun>(?:{_NOUNS_PLURAL})|(?:{_NOUNS_SINGULAR}))\b", re.I)
_KIND_LAST = re.compile(rf"\s(?:{_NOUNS_PLURAL}|{_NOUNS_SINGULAR})$", re.I)
_PLURAL = re.compile(rf"(?:{_NOUNS_PLURAL})$", re.I)
# "rebel-held X", "regime-controlled X", "IS-besieged X"
_HELD_BEFORE = re.compile(r"(?<![\w-])[\w]+[-‑](?:held|controlled|besieged|occupied)\s+$", re.I)
_PREP_BEFORE = re.compile(r"(?<![\w-])(?:in|near|at|outside|around|into|towards|toward)\s+$", re.I)
# what may stand between two names of one list
_LIST_GAP = re.compile(r"[ \t]*(?:,[ \t]*)?(?:(?:and|or)[ \t]+)?|[ \t]+")


def place_by_context(text: str, chosen: Sequence[_Span], kb_type: Callable[[str], str | None],
                     known_here: Callable[[str], bool]) -> None:
    """Retype, in place, the NER names of `chosen` (sorted by start) the words around them
    call places. `kb_type(name)` is the knowledge base's type for a name (None when it does not
    know it); `known_here(name)` says whether the gazetteer knows the name in the article's
    country."""
    people = {normalize(text[c.start:c.end]) for c in chosen if c.type == "PERSON"
              and len(text[c.start:c.end].split()) >= 2 and _KIND_AFTER.match(text, c.end) is None}

    def movable(c: _Span) -> bool:
        name = rules.THE.sub("", text[c.start:c.end])
        words = name.split()
        return (c.type in ("PERSON", "ORG") and c.source in ("ner", "person") and c.kb_id is None
                and bool(words) and not name.isupper() and not rules.GROUP_NAME.match(name)
                and not any(w in rules.ORG_NOUNS for w in words) and "the" not in words
                and kb_type(name) is None)

    def a_persons_word(c: _Span) -> bool:
        key = normalize(text[c.start:c.end])
        words = set(key.split())
        return any(p != key and words & set(p.split()) for p in people)

    found: set[str] = set()
    # runs of names that one list may hold
    runs: list[list[_Span]] = []
    for c in chosen:
        prev = runs[-1][-1] if runs else None
        if prev is not None and c.start > prev.end and _LIST_GAP.fullmatch(text, prev.end, c.start):
            runs[-1].append(c)
        else:
            runs.append([c])
    for run in runs:
        places: list[_Span] = []
        if _LIST_OF.search(text, max(0, run[0].start - 40), run[0].start):
            places += run
        elif _ONE_OF.search(text, max(0, run[0].start - 40), run[0].start):
            places.append(run[0])
        kind = _KIND_AFTER.match(text, run[-1].end)
        if kind is not None:
            places += run if _PLURAL.match(kind["noun"]) else run[-1:]
        for c in run:
            name = rules.THE.sub("", text[c.start:c.end])
            if " " in name and (_KIND_LAST.search(name) or name.split()[-1] in rules.FACILITY_HEADS):
                places.append(c)  # "X Region", "X al-Y Village": the name says its kind
            elif _HELD_BEFORE.search(text, max(0, c.start - 30), c.start) or (
                    _PREP_BEFORE.search(text, max(0, c.start - 12), c.start) and known_here(name)
                    and not is_weak_alias(name) and not a_persons_word(c)):
                places.append(c)
        for c in places:
            if movable(c):
                c.type = "PLACE"
                found.add(normalize(rules.THE.sub("", text[c.start:c.end])))
    # the name's other mentions, whatever NER or the person pattern made of them
    for c in chosen:
        if normalize(rules.THE.sub("", text[c.start:c.end])) in found and movable(c):
            c.type = "PLACE"
