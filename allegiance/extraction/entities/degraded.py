"""Degraded text: names as archives with commas and apostrophes stripped leave them.

Some corpora were distributed with commas and apostrophes removed ("Assads government",
"in Syrias Idlib province", "Tags Syria Idlib Assad", "the town of Jayrud 60 kilometres
northeast"). NER then glues names together or onto the possessive "s". This stage, run on
the mentions before linking, undoes what it can, knowing only names (the knowledge base
and the gazetteer), never any article:

1. a possessive without its apostrophe ("Syrias", "Bashar al-Assads") loses the "s" when
   the name without it is known and the name with it is not; inside a span ("Syrias Idlib
   province", "Aleppos Old City") it ends one name and the next begins;
2. a run of names a stripped comma glued together ("US Homs Idlib", "Azaz Aleppo",
   "Qatar Saudi Arabia", "Aleppo al-Nusra Front") becomes one mention per name, when every
   part is a known name (or a word that names nothing: "Raqqa At least", "Adra east");
3. page furniture that opens a span ("Tags Syria Idlib"), a question word a title-case
   headline glued before a name ("Are Donald Trumps …"), a count before a known name ("7
   Nusra Front"), and a distance or the next sentence's count glued after one ("Jayrud 60
   kilometres", "Bashar al-Assad Eleven") are cut off;
4. a person's name a stripped comma glued to a known body's acronym ("said Ole Solvang
   HRW deputy director") becomes the person and the body, and a body glued to a known
   name ("Syrian Observatory for Human Rights Rami Abdel Rahman") the two names;
5. in a text whose apostrophes were stripped (no apostrophe anywhere, and rule 1 found a
   possessive of a known name), a person's name of two words or more whose last word
   ends in a possessive "s" before a lower-case word ("Donald Trumps administration")
   loses the "s": the knowledge base knows few people, the text shows the damage.

Clean prose is left as it is: a span that is itself a known name is never split.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from allegiance.extraction.article import Article, Mention
from allegiance.extraction.entities import headlines, lists, rules

_FURNITURE = frozenset({"tags", "tag", "related", "print", "tweet", "views", "share", "send", "photo",
                        "video", "update", "updated", "breaking"})
# Words that name nothing and that a stripped comma or a headline glues onto a name.
_FILLER = frozenset({"at", "least", "in", "of", "on", "near", "and", "the", "east", "west", "north", "south",
                     "eastern", "western", "northern", "southern", "central", "killed", "kills", "kill", "dead",
                     "wounded", "injured", "says", "said", "province", "city", "town", "countryside",
                     # the next sentence's count, its full stop stripped ("Bashar al-Assad Eleven …")
                     "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                     "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "dozens"})
_ORG_WORDS = frozenset(w.lower() for n in rules.ORG_NOUNS for w in n.split()) | {
    "center", "centre", "media", "news", "agency", "council", "committee", "office", "university", "hospital",
    "airport", "police", "tv", "television", "radio", "network", "observatory", "monitor", "state"}
_DIRECTIONS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                         "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
                         "southeastern", "southwestern"})
_PLACE_WORDS = frozenset({"city", "district", "province", "countryside", "neighbourhood", "neighborhood",
                          "quarter", "suburb", "suburbs", "town", "village", "camp", "governorate", "area"})
# Words a title-case headline puts before a name ("Are Donald Trumps new policies just?",
# "Is Boris Johnson using …"): no name begins with one.
_LEADING = frozenset({"are", "is", "was", "were", "does", "did", "has", "have", "had", "how", "why", "what",
                      "when", "where", "which", "should", "could", "would"})
_APOSTROPHES = ("'", "’", "ʼ", "‘")
_DISTANCE = re.compile(r"\s+\d[\d.,]*\s*(?:kilometres|kilometers|km|miles|mi|metres|meters|m)\b.*$", re.I)
_WORD = re.compile(r"\S+")


@lru_cache(maxsize=8192)
def _known(name: str) -> str | None:
    """The type a known name has: the knowledge base's (ORG/PERSON), or PLACE."""
    from allegiance.geo.places import is_known_place, resolve_place
    from allegiance.kb import load_kb

    bare = rules.THE.sub("", name).strip()
    if len(bare) < 2 or bare.lower() in rules.NOT_NAMES:
        return None
    matches = load_kb().lookup(bare, limit=1)
    if matches and matches[0].score >= 0.95 and matches[0].method in ("exact", "acronym", "skeleton"):
        return matches[0].actor.type
    if not bare[:1].isupper() or not is_known_place(bare):
        return None  # the cheap check first: no place of that name anywhere
    home = resolve_place(bare)
    if home is not None and home.country == "SY" and home.score >= 0.88:
        return "PLACE"
    # abroad, only a country or a city known well enough ("Moscow"), not every word some
    # village is called ("Center", "Basin", a given name)
    found = resolve_place(bare, country=None)
    if found is not None and ((found.kind == "country" and found.score >= 0.95) or (
            found.kind in ("capital", "city") and found.score >= 0.97)):
        return "PLACE"
    return None


def repair(article: Article) -> Article:
    """Split and trim the mentions that degraded text glued together."""
    article = lists.split_lists(article, _known)
    text = article.text
    # words glued on at a name's edges first, so that what is left is split like any name
    edged = [_without_next_opening(text, m) for m in _without_headline_credit(text, article.mentions)
             if m.kb_id or m.text.lower() not in _FURNITURE]  # "the war-torn city Tags Syria …"
    out: list[Mention] = []
    stripped = False  # a possessive of a known name lost its apostrophe here
    for m in (c for c in (_without_calendar_word(text, m) for m in edged) if c is not None):
        if m.kind != "name" or m.source in ("coref",) or not _suspect(m.text):
            out.append(m)
            continue
        pieces = _repaired(text, m)
        stripped = stripped or any(p.end < m.end and text[p.end:p.end + 1] == "s"
                                   and _possessive(text[p.start:p.end + 1]) is not None for p in pieces)
        out.extend(pieces)
    if stripped and article.doc is not None and not any(c in text for c in _APOSTROPHES):
        starts = {tok.idx: tok.pos_ for tok in article.doc}
        out = [_person_possessive(text, m, starts) for m in out]
    if not any(c in text for c in _APOSTROPHES):
        out = [_possessive_in_text(text, m) for m in out] + _untagged_possessives(text, out)
    lower = set(re.findall(r"(?<![\w-])[a-z]+(?![\w-])", text))
    out = [_place_then_word(text, m, lower) for m in out]
    article.mentions = sorted(out, key=lambda m: (m.start, -m.end))
    return headlines.trim_headline_words(article, _known)


# A wire headline's attribution before the agency's credit, its dash stripped ("… in
# Syrias Aleppo - monitor" → "Syrias Aleppo Monitor AFP Saturday 27 Aug 2016"): no name.
_HEADLINE_CREDIT = re.compile(r"(?<![\w-])(?:[Ss]tate\s+)?(?:[Mm]onitor|NGO|[Mm]edia|TV|[Aa]ctivists|[Rr]eport"
                              r"|[Ss]ources)(?:\s+group)?(?=\s+(?:AFP|Reuters|AP)\s+[A-Z\d])")
_CREDIT_WINDOW = 400  # characters: a headline and its credit open the text


def _without_headline_credit(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions with a headline's attribution word cut off ("Aleppo Monitor" → "Aleppo",
    "Monitor AFP" → "AFP"), and dropped when they are nothing else ("State", "NGO")."""
    credits = [(c.start(), c.end()) for c in _HEADLINE_CREDIT.finditer(text, 0, _CREDIT_WINDOW)]
    if not credits:
        return mentions
    out = []
    for m in mentions:
        kept: Mention | None = m
        for a, b in credits:
            if kept is not None and kept.kind == "name" and kept.start < b and a < kept.end and not kept.kb_id:
                start, end = (b + 1, kept.end) if kept.start >= a else (kept.start, a - 1)
                kept = _piece(text, kept, start, end, _known(text[start:end])) if end - start >= 2 else None
        if kept is not None:
            out.append(kept)
    return out


# The first word of the next sentence when its full stop was stripped: a count or a
# quantifier, then a lower-case word ("… Fatah al-Sham Eleven people were killed",
# "… al-Nusra Front At least 43 people")
_OPENING_AFTER = re.compile(r"\s(?:At|In|On|The|But|However|Meanwhile|More|Nearly|Almost|Some|Dozens|Hundreds"
                            r"|Thousands|Two|Three|Four|Five|Six|Seven"
                            r"|Eight|Nine|Ten|Eleven|Twelve|Thirteen|Fourteen|Fifteen|Sixteen|Seventeen|Eighteen"
                            r"|Nineteen|Twenty|Thirty|Forty|Fifty|Sixty|Seventy|Eighty|Ninety)$")


def _without_next_opening(text: str, m: Mention) -> Mention:
    """A name without the next sentence's opening count glued on at its end."""
    cut = _OPENING_AFTER.search(m.text) if m.kind == "name" and not m.kb_id else None
    if cut is None or not re.match(r" [a-z]", text[m.end:m.end + 2]):
        return m
    end = m.start + cut.start()
    return _piece(text, m, m.start, end, _known(text[m.start:end]))


_CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april june "
                      "july august september october november december".split())  # not "May": a name too
# abbreviations only make a mention a date when it is nothing else ("Thu Jul"): "Jan Egeland"
_CALENDAR_SHORT = _CALENDAR | frozenset("mon tue tues wed thu thur thurs fri sat sun jan feb mar apr jun jul aug sep "
                                        "sept oct nov dec".split())


def _without_calendar_word(text: str, m: Mention) -> Mention | None:
    """A name without a day or month a stripped comma glued on before it ("on Sunday
    al-Hamadaniyeh area", "on Wednesday Al-Alam News Network reports"); None when it is
    nothing but such words ("Thu Jul 30 2015": a date)."""
    if m.kind != "name" or m.kb_id:
        return m
    words = [(w.start() + m.start, w.end() + m.start) for w in _WORD.finditer(m.text)]
    if all(text[a:b].lower().rstrip(".") in _CALENDAR_SHORT for a, b in words):
        return None
    keep = [w for w in words if text[w[0]:w[1]].lower() not in _CALENDAR]
    if len(keep) == len(words) or not keep:
        return m
    if keep[0] != words[len(words) - len(keep)]:
        return m  # a day or month inside the name, not at its start: leave it
    start = keep[0][0]
    return _piece(text, m, start, m.end, _known(text[start:m.end]))


_TITLE_WORDS = frozenset(w for t in rules.TITLES for w in t.split()) | {"Dr", "Mr", "Mrs", "Ms", "Sheikh"}


def _place_then_word(text: str, m: Mention, lower: set[str]) -> Mention:
    """"Aleppo Death toll from …", "Aleppo Suspected Syrian regime …": a known place, then the
    first word of a sentence whose full stop or comma was stripped, no word of a name
    ("Homs Police", "Aleppo Media" stay): a word the text writes in lower case elsewhere,
    or any word after a town of the home country NER took for a person's given name (not a
    country: "Israel Katz" is a person)."""
    from allegiance.geo.places import resolve_place

    words = m.text.split(" ")
    if m.kind != "name" or m.kb_id or len(words) != 2 or not words[1][:1].isupper() or words[1].isupper():
        return m
    word = words[1].lower()
    if len(words[0].rstrip(".")) < 4 or words[0].rstrip(".") in _TITLE_WORDS:
        return m  # "Dr Partizan": a title, whatever town shares its letters
    if word in _ORG_WORDS or word in _PLACE_WORDS or word in _DIRECTIONS or _known(words[0]) != "PLACE" \
            or _known(m.text):
        return m
    if word not in lower:
        home = resolve_place(words[0]) if m.type == "PERSON" else None
        if home is None or home.country != "SY" or home.kind == "country":
            return m
    return _piece(text, m, m.start, m.start + len(words[0]), "PLACE")


def _person_possessive(text: str, m: Mention, pos_at: dict[int, str]) -> Mention:
    """"Donald Trumps administration" → "Donald Trump", in a text known to have lost its
    apostrophes: a person's name of two words or more, a final "s" before a lower-case
    noun or adjective (not a verb: "Ahmad Jones said")."""
    words = m.text.split()
    if m.type != "PERSON" or m.kind != "name" or len(words) < 2 or not _may_be_possessive(words[-1]):
        return m
    after = text[m.end:m.end + 2]
    if not (after[:1] == " " and after[1:2].islower() and pos_at.get(m.end + 1) in ("NOUN", "ADJ")):
        return m
    return Mention(start=m.start, end=m.end - 1, text=text[m.start:m.end - 1], type=m.type,
                   source=m.source, kind=m.kind, kb_id=None)


def _possessive_in_text(text: str, m: Mention) -> Mention:
    """"Assads regime", "Homss residents": in a text with no apostrophe, a one-word name
    with a final "s" before a lower-case word, which neither the knowledge base nor the
    gazetteer knows, is the possessive of the name without it when the text also writes that
    name on its own; the names a stage knows are handled by rule 1."""
    word = m.text
    if m.kind != "name" or " " in word or not _may_be_possessive(word) or not word[:1].isupper() \
            or not re.match(r" [a-z]", text[m.end:m.end + 2]) or _known(word):
        return m
    stem = word[:-1]
    if len(stem) < 4 or not re.search(rf"(?<![\w-]){re.escape(stem)}(?![\w'’-])", text):
        return m
    return Mention(start=m.start, end=m.end - 1, text=stem, type=m.type, source=m.source, kind=m.kind,
                   kb_id=None)


_CAPITAL_S = re.compile(r"(?<![\w'’-])[A-Z][\w-]*[a-z]?s(?= [a-z])")


def _untagged_possessives(text: str, mentions: list[Mention]) -> list[Mention]:
    """"SANAs correspondent" that NER tagged nowhere, in a text with no apostrophe: a
    possessive of a name the knowledge base or gazetteer knows is a mention of that name."""
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for w in _CAPITAL_S.finditer(text):
        stem = _possessive(w.group())
        if stem is None or any(a < w.end() and w.start() < b for a, b in taken):
            continue
        out.append(Mention(start=w.start(), end=w.start() + len(stem), text=stem, type=_known(stem) or "ORG",
                           source="pattern"))
    return out


def _suspect(name: str) -> bool:
    """Whether a mention may be glued or trimmed at all: several words, or one word that
    may carry a possessive "s" (most names are neither)."""
    return " " in name.strip() or _may_be_possessive(name)


def _piece(text: str, m: Mention, start: int, end: int, etype: str | None) -> Mention:
    same = (start, end) == (m.start, m.end)
    return Mention(start=start, end=end, text=text[start:end], type=etype or m.type,
                   source=m.source, kind=m.kind, kb_id=m.kb_id if same else None)


def _repaired(text: str, m: Mention) -> list[Mention]:
    start, end = m.start, m.end
    words = [(w.start() + start, w.end() + start) for w in _WORD.finditer(text[start:end])]
    # page furniture, a headline's question word or a count ("7 Nusra Front") before the name
    while len(words) > 1 and not _known(text[words[0][0]:words[-1][1]]) and (
            _furniture_or_question(text[words[0][0]:words[0][1]]) or (
            text[words[0][0]:words[0][1]].isdigit() and _known(text[words[1][0]:words[-1][1]]))):
        words = words[1:]
    if not words:
        return [m]
    start = words[0][0]
    cut = _DISTANCE.search(text, start, end)
    if cut and cut.start() > start:
        end = cut.start()
        words = [w for w in words if w[1] <= end]
    span = text[start:end]
    edges = _glued_edges(text, m, words)
    if edges is not None:
        return edges
    if m.type == "PERSON" and len(words) >= 3:
        a, b = words[-1]
        if text[a:b].isupper() and len(text[a:b]) >= 2 and _known(text[a:b]) == "ORG" and not _known(span):
            # "Ole Solvang HRW": the person, then the body a stripped comma glued on
            return [_piece(text, m, start, words[-2][1], "PERSON"), _piece(text, m, a, b, "ORG")]
    if _known(span) or len(span) < 3:
        return [_piece(text, m, start, end, _known(span) if (start, end) != (m.start, m.end) else None)]
    direction = next((k for k, (a, b) in enumerate(words) if 0 < k < len(words) - 1
                      and text[a:b] in _DIRECTIONS), None)
    if direction is not None:
        # "the town of X western Y": X, in the west of Y
        left, right = (words[0][0], words[direction - 1][1]), (words[direction + 1][0], words[-1][1])
        rtype = _known(text[right[0]:right[1]])
        ltype = _known(text[left[0]:left[1]]) or ("PLACE" if rtype == "PLACE" else None)
        return [_piece(text, m, *left, ltype), _piece(text, m, *right, rtype)]
    if any(text[a:b].lower() in _ORG_WORDS for a, b in words[1:]):
        # "Aleppo Media Center", "Homs Police": one body — unless it is known names end to
        # end, of two kinds ("Syrian Observatory for Human Rights Rami Abdel Rahman": the
        # body and its head; "Free Syrian Army FSA" is one body and its acronym)
        pieces = _segment(text, words)
        if pieces and len({t for _, _, t in pieces}) >= 2 and None not in {t for _, _, t in pieces} \
                and _end_to_end(text, pieces, words):
            return [_piece(text, m, a, b, t) for a, b, t in pieces]
        return [_piece(text, m, start, end, None)]
    pieces = _segment(text, words)
    if pieces is None:
        return [_piece(text, m, start, end, None)]
    return [_piece(text, m, a, b, t) for a, b, t in pieces]


def _glued_edges(text: str, m: Mention, words: list[tuple[int, int]]) -> list[Mention] | None:
    """Names glued to what follows them at an edge a stripped stop or comma left: a quotation
    ("the X Road" Abdel …": the name ends at the quote mark), a dateline in capitals ("BEIRUT
    Air strikes …": the place, then the sentence), a body before its spokesman ("Observatory
    Rami Abdel Rahman", a person: the body's word, then the person)."""
    start, end = words[0][0], words[-1][1]
    if _known(text[start:end]):
        return None
    if m.source != "pattern" and _in_tag_list(text, m.start):
        return _tags(text, m, words)  # a group pattern's span there is left to the facts stage
    quote = text.find('"', start + 1, end)
    if quote > start + 2:
        return _repaired(text, _piece(text, m, start, quote, None))
    first = text[start:words[0][1]]
    if len(words) >= 2 and first.isupper() and len(first) >= 4 and _known(first) == "PLACE":
        rest = [_piece(text, m, words[1][0], end, None)] if len(words) >= 3 else []
        return [_piece(text, m, start, words[0][1], "PLACE"), *rest]
    if m.type == "PERSON" and len(words) >= 3 and first.lower() in _ORG_WORDS and words[1][0] == words[0][1] + 1:
        body = [_piece(text, m, start, words[0][1], "ORG")] if _known(first) == "ORG" else []
        return [*body, _piece(text, m, words[1][0], end, "PERSON")]
    return None


# Words of a sentence, not of a keyword line ("… Fatah al-Sham Eleven people including a
# woman were killed"): keywords are names and nouns ("barrel bombs", "the Nusra Front")
_CLAUSE_WORDS = frozenset({"in", "on", "at", "by", "to", "was", "were", "is", "are", "has", "have", "had", "been",
                           "a", "an", "and", "as", "with", "from", "that", "which", "who", "after", "during", "said",
                           "its", "their", "including", "among", "when", "while"})


def _in_tag_list(text: str, start: int) -> bool:
    """Whether a span lies in a page's keyword line ("Tags Russia Syria Assad Deir az-Zour
    Islamic State SOHR", "Tags Syria warplane shelling pilot Jayrud"): "Tags" opened the
    sentence and no word of a clause came since (the line runs into the report's first
    sentence when the page lost its full stops)."""
    before = text[max(0, start - 200):start]
    opening = max(before.rfind(". "), before.rfind("\n"), before.rfind(" Tags "))
    line = before[opening + 1:].split()
    return bool(line) and line[0] == "Tags" and not any(w in _CLAUSE_WORDS for w in line)


def _tags(text: str, m: Mention, words: list[tuple[int, int]]) -> list[Mention]:
    """The known names of a keyword line, longest first; a word no stage knows is dropped
    (a keyword, or half of a name the line's next span holds)."""
    out = []
    i = 0
    while i < len(words):
        j = next((j for j in range(len(words), i, -1) if _known(text[words[i][0]:words[j - 1][1]])), None)
        if j is None:
            i += 1
            continue
        a, b = words[i][0], words[j - 1][1]
        out.append(_piece(text, m, a, b, _known(text[a:b])))
        i = j
    return out


def _furniture_or_question(word: str) -> bool:
    """Whether a span's first word is page furniture ("Tags") or a headline's question word
    ("Are", "Is"): never an acronym ("IS group" is the Islamic State)."""
    lower = word.lower()
    return lower in _FURNITURE or (lower in _LEADING and not word.isupper())


def _may_be_possessive(word: str) -> bool:
    """Whether a word can be a name with a stripped "'s": "Syrias", or an acronym's
    "EUs"/"UNs" (a capital stem, a small s), never "Homs" or "Jonas" by length alone."""
    if word.endswith("ss") or not word.endswith("s"):
        return False
    stem = word[:-1]
    return len(word) > 3 or (len(stem) >= 2 and stem.isupper())


def _end_to_end(text: str, pieces: list[tuple[int, int, str | None]], words: list[tuple[int, int]]) -> bool:
    """Whether the pieces cover the span's words with no word skipped between them."""
    return pieces[0][0] == words[0][0] and pieces[-1][1] == words[-1][1] and all(
        not text[b:c].strip() for (_, b, _), (c, _, _) in itertools.pairwise(pieces))


def _possessive(word: str) -> str | None:
    """"Syrias" → "Syria", "EUs" → "EU" when only the name without the stripped
    apostrophe is known."""
    if _may_be_possessive(word) and not _known(word):
        stem = word[:-1]
        if _known(stem):
            return stem
    return None


def _segment(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int, str | None]] | None:
    """The names a glued span is made of, or None when it does not split cleanly."""
    out: list[tuple[int, int, str | None]] = []
    unknown: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        found: tuple[int, int, int, str | None] | None = None
        for j in range(len(words), i, -1):
            a, b = words[i][0], words[j - 1][1]
            name = text[a:b]
            etype = _known(name)
            if etype:
                found = (j, a, b, etype)
                break
            stem = _possessive(name) if j - 1 == i or " " in name else None
            if stem is not None:
                found = (j, a, a + len(stem), _known(stem))
                break
        if found is not None:
            j, a, b, etype = found
            out.append((a, b, etype))
            i = j
            if b < words[j - 1][1] and j < len(words):
                # "Aleppos Old City", "Syrias Bashar al-Assad": after a possessive, one name
                ra, rb = words[j][0], words[-1][1]
                rest = _known(text[ra:rb]) or (
                    "PLACE" if etype == "PLACE" and text[words[-1][0]:rb].lower() in _PLACE_WORDS else None)
                out.append((ra, rb, rest))
                break
            continue
        w = text[words[i][0]:words[i][1]]
        if w.lower() in _FILLER or w in rules.DEMONYMS or w.rstrip("s") in rules.DEMONYMS:
            i += 1
            continue
        unknown.append(words[i])
        out.append((words[i][0], words[i][1], None))
        i += 1
    known = [p for p in out if p[2] is not None]
    if not known:
        return None
    if len(out) == 1:
        a, b, _ = out[0]
        return out if (a, b) != (words[0][0], words[-1][1]) else None
    if unknown:
        return None  # "Yarmouk Basin", "Ahmad Kaddour": a name of its own, not two
    return out
