"""A country's people named as a whole: "the Iraqi people", "the people of Syria".

Statements by governments and the UN tell a people as a side of the conflict: "the Iraqi
people in their fight against ISIL", "our support of the Government of Iraq and the Iraqi
people", "attacks against the Syrian people". The people are neither the country (a place)
nor its government (an actor the text names apart), so each country's people are one ORG
actor of their own per article, named "<Demonym> people". Runs with the generic actors
(after linking, before coreference) and marks its mentions "generic" as they are: the facts
stage reads their words unmasked and resolves them to this entity. Words inside a name
already found ("the Syrian People's Party") are left to that name; a Kurdish people is not
modelled here (the Kurdish words are the Kurdish forces' in entities/generic.py). A bare
plural ("Syrians began protesting") is left out: it says some of a country's people as
often as all of them, and reports name the ones who act.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from allegiance.extraction.article import Article, Mention
from allegiance.extraction.entities.generic import attach, new_entity
from allegiance.extraction.entities.rules import DEMONYMS

_NATIONS = {d: c for d, c in DEMONYMS.items() if d != "Kurdish"}
_OF_COUNTRY = {c: d for d, c in _NATIONS.items()}


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first (so "Saudi Arabia" wins over "Saudi")."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


GENERIC_PEOPLE = re.compile(
    rf"(?<![\w-])(?:[Tt]he\s+(?P<demonym>{_alternation(_NATIONS)})\s+people(?![\w'’-])"
    rf"|(?:[Tt]he\s+)?people\s+of\s+(?P<country>{_alternation(_OF_COUNTRY)})(?![\w-]))")


def demonym_of(found: re.Match[str]) -> str:
    """The demonym a people mention stands for: "Iraqi" for "the Iraqi people" and "the
    people of Iraq"."""
    if found.group("demonym"):
        return found.group("demonym")
    return _OF_COUNTRY[found.group("country")]


def add_peoples(article: Article) -> Article:
    """Adds one "<Demonym> people" actor per country whose people the text names as a whole,
    with every such mention outside the names already found (but for the country's name in
    "the people of Iraq", which stays the country's mention as well)."""
    taken = [(m.start, m.end) for m in article.mentions]
    by_demonym: dict[str, list[Mention]] = {}
    for found in GENERIC_PEOPLE.finditer(article.text):
        s, e = found.span()
        # "the people of Iraq": the country's own name inside stays a mention of the country
        country = found.span("country")
        if any(a < e and s < b and (a, b) != country for a, b in taken):
            continue
        by_demonym.setdefault(demonym_of(found), []).append(
            Mention(start=s, end=e, text=found.group(), type="ORG", source="pattern", kind="generic"))
    for demonym, mentions in by_demonym.items():
        attach(article, new_entity(article, f"{demonym} people"), mentions)
    return article

