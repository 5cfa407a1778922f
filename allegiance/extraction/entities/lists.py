"""Lists of places whose commas were stripped: one mention per place, not one per run.

In a text that lost its commas ("bombed the towns of Azaz Marea Tal Rifaat Kafr Naya
and Afrin", "rocket shells on al-Sukkari al-Hamdaniyeh al-Shaar and Saif al-Dawleh
neighborhoods"), NER reads a run of place names as one person or as nothing. This stage,
run on the mentions before the other repairs of `degraded`, finds such runs from the words
around them and cuts them where Arabic place names end, knowing no place:

- a run is words that begin with a capital (or with "al-" and a capital), one space apart;
- it is a list of places only when the text says so: a plural place noun before it ("the
  towns of", "neighborhoods in") or after its last item ("… and X neighborhoods"), or a
  place preposition or word before it and, after "and", a last item that is a place;
- a name ends before each word, except that "al-X" (or a glued "Alx") joins the word
  before it when that word has no article ("Bab al-Faraj", "Saif al-Dawleh": one name,
  "al-Sukkari al-Hamdaniyeh": two), a toponym's first word ("Kafr", "Tal", "Maaret") joins
  the next word, and a place word ("Suburb", "Street") or an adjective ("al-Kubra", "the
  great") joins the name it follows.

A piece the knowledge base knows as a person or a group keeps that type; the rest are
places. Clean prose has its commas and is left as it is.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from allegiance.extraction.article import Article, Mention
from allegiance.extraction.entities import rules

if TYPE_CHECKING:
    from collections.abc import Callable

_ARTICLE = r"(?:[Aa]l|[Ee]l|[Aa][dsztrn]|[Aa]sh)[-‑]"
_NAME_WORD = rf"(?:{_ARTICLE})?[A-Z][\w’'‑-]*"
_RUN = re.compile(rf"(?<![\w’'‑.-]){_NAME_WORD}(?: {_NAME_WORD})+(?![\w’'‑-])")
_WITH_ARTICLE = re.compile(rf"^{_ARTICLE}[A-Z]|^Al[a-z]{{3,}}$")
# The first words of Arabic place names that never stand alone ("Kafr Nabl", "Bab Tuma").
_HEADS = rules.TOPONYM_HEADS | frozenset({
    "Khan", "Bab", "Bir", "Ard", "Marj", "Urm", "Orm", "Umm", "Tel", "Jisr", "Harat", "Souq", "Suq",
    "Mazraat", "Qaryat", "Hayy", "Sheikh", "Ein", "Abu", "Bani", "Beni", "Bin", "Ibn", "Al", "El",
    # and the words that qualify the next one ("East Ghouta", "New Aleppo")
    "East", "West", "North", "South", "Eastern", "Western", "Northern", "Southern", "New", "Old", "Upper", "Lower",
})
# Adjectives of place names in transliteration ("al-Kubra" the great, "al-Qadima" the old).
_ADJECTIVES = frozenset({
    "kubra", "sughra", "qadima", "qadimah", "jadida", "jadidah", "gharbi", "gharbiya", "gharbiyah", "sharqi",
    "sharqiya", "sharqiyah", "shamali", "shamaliya", "janoubi", "janubi", "janoubiya", "wusta", "fawqa",
    "tahta", "qubra", "kabir", "kabira", "saghir", "saghira",
})
# Words that close a place's name ("al-Assad Suburb", "al-Neel Street").
_PLACE_WORDS = frozenset(w.lower() for w in rules.FACILITY_HEADS) | {
    "suburb", "area", "district", "quarter", "town", "village", "city", "province", "countryside",
    "crossroad", "crossroads", "roundabout", "farms", "hill", "neighborhood", "neighbourhood", "station",
}
_PLURAL_PLACES = (r"(?:towns|villages|neighbou?rhoods|areas|cities|districts|suburbs|streets|quarters|regions|camps"
                  r"|crossings)")
_PLURAL_BEFORE = re.compile(rf"\b{_PLURAL_PLACES}\s+(?:of\s+|in\s+|on\s+)?$", re.I)
_PLURAL_AFTER = re.compile(rf"\s+{_PLURAL_PLACES}\b", re.I)
_PLACE_BEFORE = re.compile(r"(?:\b(?:in|on|to|at|near|into|from|targeted|shelled|bombed|hit|struck)"
                           r"|\b(?:area|town|village|city|district|neighbou?rhood|street|suburb)"
                           r"|\b(?:countryside|outskirts|suburbs|province|governorate) of)\s+$", re.I)
_DIN = re.compile(r"^(?:[EU]d|[Ee]d-|[Aa]l-|[Aa]d-)d?(?:in|een|ine)$")
_PLACE_OR_AND_BEFORE = re.compile(_PLACE_BEFORE.pattern.replace("(?:in|", "(?:and|in|"), re.I)
_STREET_AFTER = re.compile(r" (?:street|road|suburb|market|square|highway|roundabout|crossroads?)\b")
_BEFORE_PLACE_NOUN = re.compile(
    rf"(?<![\w’'‑.-])(?P<name>{_NAME_WORD}(?: {_NAME_WORD})*) (?P<noun>neighbou?rhood|town|village|area|district"
    r"|camp|quarter|crossing|crossings|airbase|air base|(?:international |military )?airport|mountain|hill"
    r"|roundabout|crossroads?|road|street|market|highway)\b")
# Nouns that are part of the place's name ("the Castello road", "Aleppo international airport").
_NAMED_NOUNS = frozenset({"road", "street", "market", "highway", "airport", "international airport",
                          "military airport"})
_PLACE_NOUN_BEFORE = re.compile(rf"\b(?:village|town|city|neighbou?rhood|district|camp) (?P<name>{_NAME_WORD}"
                                rf"(?: {_NAME_WORD})*)(?![\w’'‑-])")
_CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may "
                      "june july august september october november december".split())
_DIRECTIONS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"})
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
_AND_NEXT = re.compile(rf"\s+and\s+(?P<last>{_NAME_WORD}(?: {_NAME_WORD})*)(?P<word>\s+[A-Za-z]+)?")


def split_lists(article: Article, known: Callable[[str], str | None]) -> Article:
    """Replace the mentions inside each comma-stripped list of places by one per place.

    `known` gives the type the knowledge base or gazetteer knows a name as (or None)."""
    text = article.text
    mentions = _named_places(text, article.mentions, known)
    if "," in text or len(text) < 200:
        article.mentions = _street_names(text, mentions, known)
        return article
    lower = set(re.findall(r"(?<![\w-])[a-z]+(?![\w-])", text))
    for noun in _PLACE_NOUN_BEFORE.finditer(text):
        # "his home town Jableh the monitor said": the comma after the noun is gone
        a, b = _pieces(text, noun.start("name"), noun.end("name"))[0]
        name = text[a:b]
        if known(name) not in ("ORG", "PERSON") and name.lower() not in lower | _CALENDAR \
                and name not in rules.DEMONYMS:  # "took the town Sunday": a day
            mentions = _replace(text, mentions, [(a, b)], known)
    for run in _RUN.finditer(text):
        pieces = _pieces(text, run.start(), run.end())
        listed, last = _listed_as_places(text, run, known)
        if listed is None or (listed == "weak" and len(pieces) < 2):
            continue
        for a, b in [(run.start(), run.end())] + ([last] if last else []):
            mentions = _replace(text, mentions, _pieces(text, a, b), known)
    article.mentions = _street_names(text, sorted(mentions, key=lambda m: (m.start, -m.end)), known)
    return article


def _named_places(text: str, mentions: list[Mention], known: Callable[[str], str | None]) -> list[Mention]:
    """"al-Sheikh Maqsoud neighborhood", "Sheikh Ali crossing": the name right before a
    singular place noun is one place, whatever NER made of its words; with the noun when
    the noun is part of the name ("the Castello road", "Aleppo international airport")."""
    lower = set(re.findall(r"(?<![\w-])[a-z]+(?![\w-])", text))
    for m in _BEFORE_PLACE_NOUN.finditer(text):
        pieces = _pieces(text, m.start("name"), m.end("name"))
        a, b = pieces[-1]
        while " " in text[a:b] and text[a:b].split()[0].lower() in lower:
            a += len(text[a:b].split()[0]) + 1  # "Meanwhile al-Hamdaniyeh": an ordinary word first
        name = text[a:b]
        named = m["noun"] in _NAMED_NOUNS  # a street may bear a person's name
        if (not named and known(name) in ("ORG", "PERSON")) or name.lower() in lower or name in rules.DEMONYMS \
                or name.rstrip("s") in rules.DEMONYMS:
            continue  # "the Lebanese town of Arsal": a nationality, not the town
        mentions = _replace(text, mentions, [(a, m.end("noun") if named else b)], known)
    return sorted(mentions, key=lambda m: (m.start, -m.end))


def _replace(text: str, mentions: list[Mention], pieces: list[tuple[int, int]],
             known: Callable[[str], str | None]) -> list[Mention]:
    """The mentions with those inside the pieces' span replaced by one place per piece."""
    start, end = pieces[0][0], pieces[-1][1]
    inside = [m for m in mentions if m.start < end and start < m.end]
    if any(m.start < start or m.end > end or m.kind != "name" or (
            m.source in ("kb", "pattern", "acronym") and (m.start, m.end) not in pieces) for m in inside):
        return mentions  # a name a rule or the KB found runs through the list: leave it be
    kept = {(m.start, m.end): m for m in inside}
    new = []
    for a, b in pieces:
        m = kept.get((a, b))
        etype = known(text[a:b])
        if m is not None and (m.source in ("kb", "pattern", "acronym") or etype == m.type):
            new.append(m)
        else:
            new.append(Mention(start=a, end=b, text=text[a:b], type=etype or "PLACE", source="pattern"))
    return [m for m in mentions if m not in inside] + new


def _street_names(text: str, mentions: list[Mention], known: Callable[[str], str | None]) -> list[Mention]:
    """"al-Neel street", "Castello road", "al-Assad suburb": a name before a lower-case
    street word names the street (whoever it is named after), and the word is part of it;
    but "a Damascus suburb" is a suburb of a known place, not its name."""
    out = []
    for m in mentions:
        word = _STREET_AFTER.match(text, m.end) if m.kind == "name" else None
        if word is not None and word[0] == " suburb" and known(m.text) == "PLACE":
            word = None
        if word is None or any(o.start < word.end() and m.end < o.end for o in mentions if o is not m):
            out.append(m)
            continue
        out.append(Mention(start=m.start, end=word.end(), text=text[m.start:word.end()], type="PLACE",
                           source=m.source, kind=m.kind))
    return out


def _mention(text: str, start: int, end: int, known: Callable[[str], str | None]) -> Mention:
    etype = known(text[start:end])
    return Mention(start=start, end=end, text=text[start:end], type=etype or "PLACE", source="pattern")


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where the place names of a run begin and end (see the module's rules)."""
    words = [(w.start() + start, w.end() + start) for w in re.finditer(r"\S+", text[start:end])]
    out: list[list[int]] = []
    for i, (a, b) in enumerate(words):
        if i and _joins(text[words[i - 1][0]:words[i - 1][1]], text[a:b]):
            out[-1][1] = b
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _joins(before: str, word: str) -> bool:
    """Whether `word` continues the name that `before` is part of."""
    bare = re.sub(rf"^{_ARTICLE}|^Al(?=[a-z]{{3}})", "", word).lower()
    if word.lower() in _PLACE_WORDS or bare in _ADJECTIVES:
        return True
    if before in _HEADS or re.sub(rf"^{_ARTICLE}", "", before) in _HEADS or word in ("Bin", "Ibn"):
        return True  # "Kafr Nabl", "al-Sheikh Maqsoud", "Khaled Bin al-Walid"
    if before.lower() in ("al-din", "ad-din", "el-din", "al-deen", "ud-din") or _DIN.match(word):
        return True  # "Nour al-Din al-Zenki", "Salah Eddin": a given name's two halves
    # a place word ("Suburb", "Street") closes its name
    return bool(_WITH_ARTICLE.match(word)) and not _WITH_ARTICLE.match(before) and before.lower() not in _PLACE_WORDS


def _listed_as_places(text: str, run: re.Match[str], known: Callable[[str], str | None]
                      ) -> tuple[str | None, tuple[int, int] | None]:
    """How surely the words around a run say it lists places ("plural": a plural place
    noun before or after it; "weak": a place preposition before it, and a place after "and"
    or a place word right after it; None: not a list), and the span of the list's last item
    after "and", if any."""
    before = text[max(0, run.start() - 40):run.start()]
    after = _AND_NEXT.match(text, run.end())
    last = (after.start("last"), after.end("last")) if after else None
    if _PLURAL_BEFORE.search(before) or _PLURAL_AFTER.match(text, last[1] if last else run.end()):
        return "plural", last
    if after is None:
        # "in TOWN TOWN town", "in TOWN and TOWN TOWN crossroad", "of TOWN TOWN west of": a
        # place word or a direction closes the run
        closing = _NEXT_WORD.match(text, run.end())
        placed = closing is not None and (closing[1].lower() in _PLACE_WORDS or (
            closing[1].lower() in _DIRECTIONS and text.startswith(" of ", closing.end())))  # "X Y west of Z"
        return ("weak" if placed and _PLACE_OR_AND_BEFORE.search(before) else None), None
    if not _PLACE_BEFORE.search(before):
        return None, None
    name = after["last"]
    word = (after["word"] or "").strip().lower()
    place = (known(name) == "PLACE" or word in _PLACE_WORDS or name.split()[-1].lower() in _PLACE_WORDS
             or name.split()[0].split("-")[0] in _HEADS)
    return ("weak", last) if place else (None, None)
