"""Mention stage: spans of the text that name a person, an organisation or a place.

Candidates come from five sources, then overlaps are settled:

1. group-name patterns (`mention_rules.GROUP_NAME`: Jabhat/Liwa/Jaish/Hay'at + name),
   organisation-noun patterns ("… Forces", "Office of …") and collective actors ("the
   international community", "Iraqi security forces");
2. knowledge-base names found in the text (aliases, acronyms, descriptions such as
   "the Assad regime"), matched on lower-cased tokens;
3. acronyms the text defines ("Free Syrian Army (FSA)", "… Party, or PYD", any
   capitalised name whose initials spell the bracketed acronym) and their later uses;
4. names after a place preposition ("in", "near", "to", …) that the gazetteer knows in
   the article's country, for towns NER misses;
5. spaCy's NER, with its known failures on transliterated names corrected: a span
   that starts with a group word is an ORG, a NORP/ORG/PERSON span that the gazetteer
   knows as a place (and the KB does not know as a group) is a PLACE, possessives and
   leading determiners are trimmed, and non-names (religions, "Ed") dropped.

Longer and rule-based spans win over shorter and NER ones. Mentions only: which
mentions are one entity is the linking stage's work.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from allegiance.extraction.article import Article, Mention
from allegiance.extraction.entities import placecues, rules
from allegiance.extraction.facts.lexicon import MEDIA_WORDS
from allegiance.kb import KnowledgeBase, load_kb
from allegiance.names import is_weak_alias, normalize

if TYPE_CHECKING:
    from collections.abc import Iterator

    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Token

# Which source wins an overlap of equal length: rules over the KB over NER.
PRIORITY = {"pattern": 4, "acronym": 3, "kb": 3, "title": 2, "person": 2, "ner": 1, "gazetteer": 0}
PLACE_CUES = re.compile(r"^\s*(?:city|province|governorate|countryside|district|town|village|"
                        r"neighbou?rhood|region|area|countryside)\b", re.I)
# The country whose places an article names when nothing says otherwise (as in `places`).
DEFAULT_COUNTRY = "SY"
POSSESSIVE_INSIDE = re.compile(r"['’]s\s+(?=[A-Z])")
_GLUED = re.compile(r"[.,;:]?\[\d*\]?$|\((?![^()]*\))")
_TRAILING_WORD = re.compile(r"\s+(?:from|to|in|into|on|at|by|with|and|or|which|who|that|after|before)$")
PLACE_PREPS = frozenset({"in", "near", "to", "from", "of", "around", "outside", "into", "at"})


@dataclass
class Candidate:
    start: int
    end: int
    type: str
    source: str
    kb_id: str | None = None

    @property
    def length(self) -> int:
        return self.end - self.start


def find_mentions(article: Article) -> Article:
    text = article.text
    kb = load_kb()
    cands: list[Candidate] = []
    cands += _pattern_candidates(text)
    cands += _person_candidates(text, kb)
    cands += _acronym_candidates(text)
    cands += _collective_candidates(text)
    cands += _gazetteer_candidates(text, kb)
    if article.doc is not None:
        cands += _kb_candidates(article, kb)
        cands += _kb_variant_candidates(article, kb)
        cands += _chunk_candidates(article, kb)
        cands += _ner_candidates(article, kb)
        cands += _title_candidates(article)
    cands += _led_candidates(text, kb)
    chosen = _settle(_split_units(text, cands, kb))
    chosen = _settle(chosen + _family_name_candidates(text, chosen))
    chosen = _settle(chosen + _employer_candidates(text, chosen))
    _places_listed_with_places(text, chosen)
    placecues.place_by_context(text, chosen, partial(_kb_type, kb), _known_here)
    _bodies_not_people_or_places(text, chosen)
    _tribes(text, chosen)
    _descriptor_cut(text, chosen)
    _governorate_words(text, chosen)
    _names_given_to_people(text, chosen)
    _bylines_are_people(article, chosen)
    _one_type_per_name(text, chosen)
    chosen = _settle(chosen + _untagged_name_words(text, chosen))
    for c in chosen:
        h = rules.HONORIFIC.search(text, max(0, c.start - 10), c.start)
        if c.type == "PERSON" and h and h.end() == c.start:
            c.start = h.start()
    if article.doc is not None:
        _type_countries_as_actors(article, chosen)
    article.mentions = [
        Mention(start=c.start, end=c.end, text=text[c.start:c.end], type=c.type, source=c.source,
                kind="acronym" if c.source == "acronym" else "name", kb_id=c.kb_id)
        for c in chosen
    ]
    return article


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading determiner, a trailing possessive and surrounding punctuation."""
    span = text[start:end]
    m = rules.STRIP_LEADING.match(span)
    if m and len(span) > m.end():
        start += m.end()
    span = text[start:end]
    pm = rules.POSSESSIVE.search(span)
    if pm and pm.start() > 0 and span[pm.start():] in ("’s", "'s", "’", "'"):
        end = start + pm.start()
    # a reference mark or an opened gloss glued on by NER: "Name,[1", "Name(Arabic"
    cut = _GLUED.search(text, start, end)
    if cut and cut.start() > start:
        end = cut.start()
    while end > start and text[end - 1] in ".,;:!?)]”\"’' \n\t":
        end -= 1
    # a preposition or conjunction NER read on after a name ("the town of X from Y control")
    tail = _TRAILING_WORD.search(text, start, end)
    if tail is not None and tail.start() > start:
        end = tail.start()
    while start < end and text[start] in "([“\"‘' \n\t":
        start += 1
    return start, end


def _pattern_candidates(text: str) -> list[Candidate]:
    out = []
    for regex in (rules.GROUP_NAME, rules.ORG_SUFFIXED, rules.ORG_PREFIXED):
        for m in regex.finditer(text):
            s, e = _trim(text, m.start(), m.end())
            if e - s >= 4 and "\n" not in text[s:e]:
                out.append(Candidate(s, e, "ORG", "pattern"))
    return out


def _collective_candidates(text: str) -> list[Candidate]:
    """Actors named by what they are: "the international community", "Iraqi security forces";
    and points given as coordinates, which are places. ("The Syrian people" would be one
    more such actor for re3d's annotators, but the facts stage then takes the "they" of
    "… with the Iraqi people as they confront X" for the group named before them.)"""
    out = [Candidate(m.start(), m.end(), "ORG", "pattern")
           for m in rules.COLLECTIVE_ACTOR.finditer(text) if "\n" not in m.group(0)]
    out += [Candidate(m.start(), m.end(), "PLACE", "pattern") for m in rules.COORDINATES.finditer(text)]
    return out


# "the town of X al-Y", "the villages of X al-Y": a place noun names what follows it
_PLACE_NOUN_OF = re.compile(r"\b(?:towns?|villages?|city|cities|neighbou?rhoods?|districts?|suburbs?|areas?"
                            r"|settlements?|regions?)\s+of\s+$", re.I)


# what follows a place's name: its kind ("X neighbourhood") or an apposition naming it
_PLACE_NOUN_AFTER = re.compile(r"\s*(?:[-–]\s*(?:a|an|the)\s+(?:[\w-]+\s+){0,3})?(?:neighbou?rhoods?|villages?|towns?"
                               r"|city|region|districts?|suburbs?|quarters?|camps?|settlements?)\b", re.I)


def _well_known_place(word: str) -> bool:
    """Whether a word is a place both the world list and the article's country know
    ("Idlib", "Aleppo", "Homs"): never a word to spread as someone's name, even when NER
    glued it into a person ("Syrias Idlib", "Aleppo Syrias" on comma-stripped text)."""
    from allegiance.geo.places import is_known_place

    return is_known_place(word) and is_known_place(word, country=DEFAULT_COUNTRY)


def _person_candidates(text: str, kb: KnowledgeBase) -> list[Candidate]:
    """Given name + article-prefixed family name; a known place or group keeps its type."""
    from allegiance.geo.places import is_known_place

    out = []
    for m in rules.PERSON_NAME.finditer(text):
        s, e = _trim(text, m.start(), m.end())
        name = text[s:e]
        if name.split()[0] in rules.GROUP_HEADS or "\n" in name:
            continue
        kb_type = _kb_type(kb, name)
        # "in Maarat al-Numan": after a place preposition, a town of the article's country
        # that only the spelling skeleton knows is still a town, not a person.
        after_prep = text[max(0, s - 8):s].split()[-1:] in (["in"], ["near"], ["outside"], ["at"], ["into"], ["to"],
                                                           ["from"], ["between"], ["and"], ["of"], ["around"])
        ctype = kb_type or ("PLACE" if is_known_place(name) or name.split()[0] in rules.TOPONYM_HEADS or (
            after_prep and is_known_place(name, country=DEFAULT_COUNTRY))
            or _PLACE_NOUN_OF.search(text, max(0, s - 30), s) or _PLACE_NOUN_AFTER.match(text, e) else "PERSON")
        out.append(Candidate(s, e, ctype, "person"))
    return out


_AFTER_PLACE_PREP = re.compile(
    r"(?<![\w-])(?:in|near|to|from|outside|into|towards|toward|around|of)\s+"
    # "in northern Aleppo province", "in the rural Hama countryside": a direction or "rural" first
    r"(?:(?:the\s+)?(?:(?:north|south)(?:[- ]?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?|central|rural)\s+)?"
    r"(?P<name>(?:(?:al|el|ad|ash|as|at|az|ar|an)[-‑])?[A-Z][\w'’‘ʿ-]*(?:[ \t]+(?:(?:al|el|ad|ash|as|at|az|ar|an)[-‑])?"
    r"[A-Z][\w'’‘ʿ-]*){0,2})")
_MONTHS_DAYS = frozenset(
    "january february march april may june july august september october november december monday "
    "tuesday wednesday thursday friday saturday sunday".split())


def _gazetteer_candidates(text: str, kb: KnowledgeBase) -> list[Candidate]:
    """Names after a place preposition that the gazetteer knows in the article's country,
    for the towns NER misses or takes for a date ("in TOWN", "crossed to Azaz")."""
    from allegiance.geo.places import is_known_place, resolve_place

    def known(name: str) -> bool:
        if is_known_place(name, country=DEFAULT_COUNTRY):
            return True
        if is_weak_alias(name):
            return False  # "to Hassan": a given name before a village of that name
        if name in rules.DEMONYMS or name.rstrip("s") in rules.DEMONYMS:
            return False
        best = resolve_place(name, country=DEFAULT_COUNTRY)
        return (best is not None and best.country == DEFAULT_COUNTRY and best.score >= 0.65
                and best.kind in ("city", "town", "village", "neighbourhood"))

    out = []
    for m in rules.PLACE_OF.finditer(text):
        name = m["name"]
        if _kb_type(kb, name) is None and name.lower() not in _MONTHS_DAYS:
            out.append(Candidate(m.start("name"), m.end("name"), "PLACE", "pattern"))
    for m in rules.DATELINE.finditer(text):
        name = m["name"].strip().title()
        if m.start() < 1500 and (is_known_place(name) or is_known_place(name, country=DEFAULT_COUNTRY)):
            out.append(Candidate(m.start("name"), m.start("name") + len(m["name"].strip()), "PLACE", "pattern"))
    for m in _AFTER_PLACE_PREP.finditer(text):
        words = m["name"].split()
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            bare = name.rstrip("'’s") if name.endswith(("'s", "’s")) else name
            if bare.lower() in _MONTHS_DAYS or bare.lower() in rules.NOT_NAMES or len(bare) < 3:
                continue
            if _kb_type(kb, bare) is None and known(bare):
                start = m.start("name")
                out.append(Candidate(start, start + len(bare), "PLACE", "gazetteer"))
                break
    return out


def _type_countries_as_actors(article: Article, chosen: list[Candidate]) -> None:
    """A country that is the subject, possessor or partner of an action is the state: ORG."""
    from allegiance.geo.places import resolve_place

    doc = article.doc
    assert doc is not None
    for c in chosen:
        if c.type != "PLACE":
            continue
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        best = resolve_place(rules.THE.sub("", article.text[c.start:c.end]), country=None)
        if best is None or best.kind not in rules.COUNTRY_KINDS:
            continue
        dep, head = root.dep_, root.head
        if dep == "poss" or dep == "compound":
            actor = head.lower_ not in rules.TERRITORY_NOUNS and head.pos_ == "NOUN"
        elif dep in ("nsubj", "nsubjpass", "agent"):
            actor = True
        elif dep == "pobj":
            actor = head.lower_ in rules.ACTOR_PREPS and not (
                head.lower_ == "for" and head.head.lemma_.lower() in rules.MOTION_VERBS)
        elif dep == "conj":
            first = root.head
            actor = first.dep_ in ("nsubj", "nsubjpass") or (
                first.dep_ == "pobj" and first.head.lower_ in rules.ACTOR_PREPS)
        else:
            actor = False
        if actor:
            c.type = "ORG"
            c.source = c.source if c.source != "ner" else "ner-state"


_EMPLOYER = re.compile(r"(?:(?<=\s)|^)((?:The\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,4})['’]s\s+$")


def _employer_candidates(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """"The Levant Monitor's Karim Nasser": a name in the possessive before a person names
    the organisation the person speaks or works for."""
    out = []
    for c in chosen:
        if c.type != "PERSON":
            continue
        m = _EMPLOYER.search(text, max(0, c.start - 60), c.start)
        if m is None:
            continue
        s, e = m.start(1), m.end(1)
        if any(o.start < e and s < o.end for o in chosen) or "\n" in text[s:e]:
            continue
        out.append(Candidate(s, e, "ORG", "pattern"))
    return out


def _family_name_candidates(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """Later uses of a person's family name on its own: "al-Haddad", "A-Haddad", "Assad"."""
    families = set()
    for c in chosen:
        words = text[c.start:c.end].split()
        # an office ("the UK Special Representative for Syria") names no family
        if c.type == "PERSON" and len(words) >= 2 and c.source != "title":
            family = re.sub(r"^(?:al|a|el|ad|ash|as|at|az|ar|an)[-‑]", "", words[-1], flags=re.I)
            if len(family) >= 4 and family[0].isupper() and not _well_known_place(words[-1]):
                families.add(family)
    out = []
    for family in families:
        pattern = re.compile(rf"(?<![\w-])(?:(?:al|a|el|ad|ash|as|at|az|ar|an)[-‑])?{re.escape(family)}(?![\w-])",
                             re.I)
        for m in pattern.finditer(text):
            if m.group(0)[0].isupper() or "-" in m.group(0)[:4]:
                out.append(Candidate(m.start(), m.end(), "PERSON", "person"))
    return out


def defined_acronyms(text: str) -> dict[str, tuple[int, int]]:
    """ACR → span of the long name it was defined for ("Free Syrian Army (FSA)")."""
    found: dict[str, tuple[int, int]] = {}
    for regex in (rules.GROUP_NAME, rules.ORG_SUFFIXED, rules.ORG_PREFIXED):
        for m in regex.finditer(text):
            after = rules.ACRONYM_AFTER.match(text, m.end())
            if after:
                acr = after.group("a1") or after.group("a2")
                s, e = _trim(text, m.start(), m.end())
                found.setdefault(acr, (s, e))
    for start, end, acr in _capitalised_runs(text):
        if acr in found:
            continue
        span = _initials_span(text, start, end, acr.rstrip("s") if len(acr) > 2 else acr)
        if span is not None:
            found[acr] = span
    return found


_ACR_PAREN = re.compile(rf"\((?P<acr>{rules.ACRONYM})\)")
_RUN_WORD = re.compile(rules._CAP)


def _capitalised_runs(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, ACR) of the capitalised runs `rules.CAPITALISED_RUN` finds, in linear time.

    The regex backtracks quadratically on a long capitalised run with no "(ACR)" after it
    (16 kB of "AAAA…": 22 s); here each "(ACR)" walks back word by word, only as far as
    the initials of an acronym can reach.
    """
    for m in _ACR_PAREN.finditer(text):
        acr = m.group("acr")
        end = m.start()
        while end > 0 and text[end - 1].isspace():
            end -= 1
        pos, start, caps, initials = end, -1, 0, 0
        while pos > 0 and initials <= len(acr):
            ws = pos
            while ws > 0 and not text[ws - 1].isspace():
                ws -= 1
            word = text[ws:pos]
            if _RUN_WORD.fullmatch(word):
                start, caps = ws, caps + 1
                initials += word.lower() not in rules.ACRONYM_SKIP_WORDS
            elif word in rules.ACRONYM_SKIP_WORDS and caps:
                pass
            else:
                # the regex may start inside the first word ("xAbc Def (AD)")
                inner = next((i for i in range(1, min(len(word), 64)) if "A" <= word[i] <= "Z"
                              and _RUN_WORD.fullmatch(word, i)), None) if caps else None
                if inner is not None:
                    start, caps = ws + inner, caps + 1
                break
            sep = ws
            while sep > 0 and text[sep - 1] in " \t":
                sep -= 1
            if sep == ws or (sep > 0 and text[sep - 1].isspace()):
                break  # no blank before the word, or a line break: the run ends here
            pos = sep
        if caps >= 2:
            yield start, end, acr


def _initials_span(text: str, start: int, end: int, acr: str) -> tuple[int, int] | None:
    """The shortest tail of a capitalised run whose initials spell `acr`, if any."""
    words = [(w.start() + start, w.group(0)) for w in re.finditer(r"\S+", text[start:end])]
    for i in range(len(words) - 1, -1, -1):
        if words[i][1].lower() in rules.ACRONYM_SKIP_WORDS:
            continue
        initials = "".join(w[0] for _, w in words[i:] if w.lower() not in rules.ACRONYM_SKIP_WORDS)
        if initials.upper() == acr.upper() and len(initials) >= 2:
            return words[i][0], end
    return None


def _acronym_candidates(text: str) -> list[Candidate]:
    defined = defined_acronyms(text)
    out = []
    for m in rules.ACRONYM_STANDALONE.finditer(text):
        if m.group("acr") in defined:
            out.append(Candidate(m.start(), m.end(), "ORG", "acronym"))
    return out


@lru_cache(maxsize=4)
def _kb_matcher(kb_key: int, nlp: Language, kb: KnowledgeBase) -> tuple[PhraseMatcher, dict[str, str]]:
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    labels: dict[str, str] = {}
    for actor in kb:
        names = [n for n in actor.all_names() if len(n) >= 3]
        if not names:
            continue
        matcher.add(actor.id, [nlp.make_doc(n) for n in names])
        labels[actor.id] = actor.type
    return matcher, labels


def _kb_candidates(article: Article, kb: KnowledgeBase) -> list[Candidate]:
    from allegiance.extraction.language import load_pipeline

    doc = article.doc
    assert doc is not None
    matcher, labels = _kb_matcher(id(kb), load_pipeline(), kb)
    out = []
    for match_id, s, e in matcher(doc):
        span = doc[s:e]
        actor_id = doc.vocab.strings[match_id]
        words = [t for t in span if t.is_alpha]
        # a one-word alias must look like a name here: "Army" yes, "army" no
        if len(words) == 1 and not (words[0].text[0].isupper()):
            continue
        if len(span) == 1 and span.text.isupper() is False and span.text.lower() in rules.NOT_NAMES:
            continue
        cs, ce = _trim(article.text, span.start_char, span.end_char)
        media = _STATE_MEDIA.match(article.text, ce) if kb.get(actor_id).kind == "government" else None
        if media is not None:
            # "Syrian state television reported": the state's outlet, not the state
            out.append(Candidate(cs, media.end(), "ORG", "pattern"))
        elif ce > cs:
            out.append(Candidate(cs, ce, labels.get(actor_id, "ORG"), "kb", actor_id))
    return out


# "US-led strikes", "U.S.-led air raids": the coalition the KB knows as "US-led coalition"
_LED = re.compile(r"(?<![\w.-])([A-Z][\w.]*?-led)(?=\s+(?!coalitions?\b)[a-z])")


def _led_candidates(text: str, kb: KnowledgeBase) -> list[Candidate]:
    """"X-led" before anything but "coalition" is the coalition the knowledge base knows as
    "X-led coalition" (its strikes, raids, forces), not the country X."""
    out = []
    for m in _LED.finditer(text):
        found = kb.lookup(f"{m.group(1)} coalition", limit=1)
        if found and found[0].score >= 0.95 and found[0].actor.kind == "coalition":
            out.append(Candidate(m.start(1), m.end(1), found[0].actor.type, "kb", found[0].actor.id))
    return out


_STATE_MEDIA = re.compile(r"\s+(?:television|TV|media|radio|news\s+agency|broadcaster)\b")


# Words after a country's name that make it the state's forces or government ("Syria regime",
# "Syrias army": the knowledge base writes "Syrian regime", "Syrian army").
_STATE_NOUNS = frozenset({"regime", "government", "army", "forces", "military", "troops", "authorities"})
_DEMONYM_OF = {country: demonym for demonym, country in reversed(list(rules.DEMONYMS.items()))}


def _kb_variant_candidates(article: Article, kb: KnowledgeBase) -> list[Candidate]:
    """Knowledge-base descriptions as a degraded text writes them: with a possessive that
    lost its apostrophe ("Assads regime" is "Assad's regime", the KB's "Assad regime") and
    with a country's name for its demonym before a state noun ("Syria regime", "Syrias army")."""
    from spacy.tokens import Doc as SpacyDoc

    from allegiance.extraction.language import load_pipeline

    doc = article.doc
    assert doc is not None
    stripped = not any(c in article.text for c in "'’")  # the text lost its apostrophes
    words, changed, cut = [], set(), set()
    for i, tok in enumerate(doc):
        w, nxt = tok.text, (doc[i + 1].text if i + 1 < len(doc) else "")
        possessive = (stripped and len(w) > 4 and w[:1].isupper() and not w.isupper() and w.endswith("s")
                      and nxt[:1].islower())
        base = w[:-1] if possessive else w
        if nxt.lower() in _STATE_NOUNS and base in _DEMONYM_OF:
            words.append(_DEMONYM_OF[base])
        elif possessive:
            words.append(base)
            cut.add(i)
        else:
            words.append(w)
        if words[-1] != w:
            changed.add(i)
    if not changed:
        return []
    variant = SpacyDoc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc])
    matcher, labels = _kb_matcher(id(kb), load_pipeline(), kb)
    out = []
    for match_id, s, e in matcher(variant):
        if not changed.intersection(range(s, e)) or e - 1 in cut or e - s == 1 or (
                s in cut and s > 0 and (doc[s - 1].text[:1].isupper() or doc[s - 1].text in ("-", "‐"))):
            # the first pass's matches; a name that ends in the possessive ("Assads",
            # "Bashar al-Assads") or whose last word it is ("Bashar al-Assads government")
            # is the degraded stage's; a country's name alone stays
            continue
        start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
        actor_id = doc.vocab.strings[match_id]
        out.append(Candidate(start, end, labels.get(actor_id, "ORG"), "kb", actor_id))
    return out


def _chunk_candidates(article: Article, kb: KnowledgeBase) -> list[Candidate]:
    """Noun chunks with a proper noun that the KB knows under another spelling ("the Asad regime")."""
    doc = article.doc
    assert doc is not None
    out = []
    for chunk in doc.noun_chunks:
        if not any(t.pos_ == "PROPN" for t in chunk) or len(chunk) > 6:
            continue
        s, e = _trim(article.text, chunk.start_char, chunk.end_char)
        poss = re.search(r"['’]s\s", article.text[s:e])
        if poss is not None:
            e = s + poss.start()  # "the Asad regime’s escalating attacks": the possessor
        if e - s < 3:
            continue
        matches = kb.lookup(rules.THE.sub("", article.text[s:e]), limit=1)
        if matches and matches[0].score >= 0.95:
            out.append(Candidate(s, e, matches[0].actor.type, "kb", matches[0].actor.id))
    return out


def _title_candidates(article: Article) -> list[Candidate]:
    """Office titles used for their holders; "Title Name" is one person mention."""
    out = []
    text = article.text
    for m in rules.TITLE.finditer(text):
        if not (m.group(0)[0].isupper() or m.group(0).lower().startswith(("the ", "this "))):
            continue
        s, e = m.start(), m.end()
        if "\n" in text[s:e] or (" " not in m.group(0) and not re.match(r"\s+[A-Z]", text[e:e + 2])):
            continue  # a bare "Governor" or "Commander" with no name after it is nobody in particular
        out.append(Candidate(s, e, "PERSON", "title"))
    for m in rules.ROLE_BEFORE_NAME.finditer(text):
        if "\n" not in m.group(0):
            out.append(Candidate(m.start(), m.end(), "PERSON", "title"))
    return out


def _ner_candidates(article: Article, kb: KnowledgeBase) -> list[Candidate]:
    from allegiance.geo.places import is_known_place

    doc = article.doc
    assert doc is not None
    text = article.text
    out = []
    for ent in doc.ents:
        label = rules.NER_TYPES.get(ent.label_)
        if label is None:
            continue
        s, e = _trim(text, ent.start_char, ent.end_char)
        poss = POSSESSIVE_INSIDE.search(text, s, e)
        if poss and label in ("ORG", "PERSON"):
            # "OUTLET’s NAME": the outlet, then the person it employs
            out.append(Candidate(s, poss.start(), "ORG", "ner"))
            rest = text[poss.end():e]
            out.append(Candidate(poss.end(), e, "PERSON" if rules.PERSON_LIKE.fullmatch(rest) else label, "ner"))
            continue
        credit = rules.AND_AGENCIES.search(text, s, e) if label == "ORG" else None
        if credit is not None:
            e = credit.start()
        name = text[s:e]
        if label == "ORG" and " and " in name:
            # "Air Force Intelligence and Military Intelligence": two known bodies, not one
            parts = name.split(" and ")
            if len(parts) == 2 and all(_kb_type(kb, rules.THE.sub("", p)) == "ORG" for p in parts):
                out.append(Candidate(s, s + len(parts[0]), "ORG", "ner"))
                out.append(Candidate(e - len(parts[1]), e, "ORG", "ner"))
                continue
        members = rules.MEMBERS_OF.match(name) if label == "ORG" else None
        if members is not None and _kb_type(kb, name[members.end():]) == "ORG":
            s, name = s + members.end(), name[members.end():]
        if label == "ORG" and ", " in name:
            # "the Ministry of X, State Board of Y": NER glued a list of names into one
            for part in re.finditer(r"[^,]+", name):
                ps, pe = _trim(text, s + part.start(), s + part.end())
                if pe - ps >= 3 and (text[ps].isupper() or text[ps:ps + 4].lower() == "the "):
                    out.append(Candidate(ps, pe, "ORG", "ner"))
            continue
        if e - s < 2 or normalize(name) in rules.NOT_NAMES or name.lower() in rules.NOT_NAMES:
            continue
        # a credit closes a paragraph or a bracket, or opens with an agency in capitals
        is_credit = bool(rules.CREDIT.fullmatch(name)) and (
            text[s - 1:s] == "(" or name.split("/")[0].isupper() or bool(re.match(r"[)\s]*(?:\n|$)", text[e:])))
        if is_credit or (label == "PERSON" and rules.NOT_A_PERSON.search(name)):
            continue  # "Manar/Mazen", "REUTERS/Name": a credit line; "Iran-backed", "Thu Aug 1 2013"
        if name.lower() in ("ed", "[ed", "ed."):
            continue
        if label == "PERSON" and len(ent) == 1 and ent[0].tag_ in ("NNS", "NNPS") and ent[0].is_title \
                and ent[0].i > 0 and doc[ent[0].i - 1].is_space:
            continue  # "Fighters leave …": a plural noun opening a sentence, no one's name
        if rules.GROUP_NAME.match(name):
            label = "ORG"
        elif label == "ORG" and rules.TITLE_AT_END.search(name) and " of " not in name:
            label = "PERSON"  # "the U.S. Embassy Chargé d’Affaires": the office holder
        elif label == "ORG" and rules.PERSON_LIKE.fullmatch(name) and rules.TITLE_AFTER.match(text, e):
            label = "PERSON"  # "NAME, the Special Advisor to …": a person, whatever NER says
        kb_type = _kb_type(kb, name)
        bare = rules.THE.sub("", name)
        if label in ("PLACE", "PERSON") and kb_type is None and rules.PERSON_APPOSITION.match(text, e) \
                and not is_known_place(bare) and not is_known_place(bare, country=DEFAULT_COUNTRY):
            # "SURNAME, a former X commander": NER took a surname for a place, or cut off
            # the given name; a person noun in apposition settles it.
            label = "PERSON"
            s = _given_name_before(doc, ent.start, s)
            out.append(Candidate(s, e, label, "ner"))
            continue
        place = label != "PLACE" and kb_type is None and is_known_place(bare)
        if label == "NORP":
            if place:
                label = "PLACE"
            elif kb_type:
                label = kb_type
            else:
                continue
        elif label in ("ORG", "PERSON") and place and _reads_as_place(text, s, e, label, ent.root):
            label = "PLACE"
        elif label == "PLACE" and kb_type == "ORG" and not is_known_place(bare):
            label = "ORG"
        elif label in ("PLACE", "PERSON") and name.split()[-1].lower() in MEDIA_WORDS and (
                name.startswith("The ") or text[max(0, s - 4):s].lower() == "the "):
            label = "ORG"  # "The X Wire", "spoke to the X Herald": an outlet
        elif label in ("PERSON", "ORG") and kb_type is None and " " in name and name.split()[0] in rules.TOPONYM_HEADS:
            label = "PLACE"  # "Kafr X", "Tell Rifaat": a Syrian place name's first word
        elif label == "PERSON" and kb_type is None and (_PLACE_NOUN_AFTER.match(text, e)
                                                        or _PLACE_NOUN_OF.search(text, max(0, s - 30), s)):
            label = "PLACE"  # "the X neighbourhood", "in X - a rebel-held district", "the village of X"
        elif label == "ORG" and kb_type is None and " " not in name and \
                text[max(0, s - 8):s].split()[-1:] in (["near"], ["outside"], ["around"]):
            label = "PLACE"  # "a checkpoint near TOWN": no group stands near a checkpoint
        elif label == "ORG" and kb_type is None and not rules.GROUP_NAME.match(name) and \
                text[max(0, s - 8):s].split()[-1:] in (["in"], ["near"], ["outside"], ["around"], ["into"]) \
                and is_known_place(bare, country=DEFAULT_COUNTRY):
            label = "PLACE"  # "surrendered in TOWN"
        last = name.split()[-1]
        if label in ("ORG", "PERSON") and kb_type is None and (
                last.capitalize() in rules.FACILITY_HEADS or rules.FACILITY_AFTER.match(text, e)):
            label = "PLACE"  # "the Ishtar Gate", "the Samarra Barrage", "Zagros mountains"
        elif label == "PERSON" and " " in name and last in rules.ORG_NOUNS:
            label = "ORG"  # "the Saray X Group", "X Brigade": no one's name ends so
        out.append(Candidate(s, e, label, "ner"))
    return out


def _given_name_before(doc: Doc, first: int, start: int) -> int:
    """Where a person's name starts when NER kept only its last word: a capitalised proper
    noun right before it, outside any other entity, is the given name."""
    if first == 0:
        return start
    prev = doc[first - 1]
    if (prev.tag_ == "NNP" and prev.is_title and prev.ent_iob_ == "O" and prev.whitespace_ == " "
            and prev.idx + len(prev.text) + 1 == start and prev.lower_ not in rules.NOT_NAMES):
        return prev.idx
    return start


_ADMIN_AFTER = re.compile(r"\s(?:province|governorate|countryside|Province|Governorate|Countryside)\b")


def _governorate_words(text: str, chosen: list[Candidate]) -> None:
    """"in Aleppo province": the type word is part of the place's name, which names the
    governorate, not the city (linking keeps the two apart)."""
    for c in chosen:
        m = _ADMIN_AFTER.match(text, c.end) if c.type == "PLACE" else None
        if m is not None and not any(o is not c and o.start < m.end() and c.end < o.end for o in chosen):
            c.end = m.end()


def _names_given_to_people(text: str, chosen: list[Candidate]) -> None:
    """A one-word NER place that is a word of a person's name in the same article, and no
    place the gazetteer knows, is that person ("They accused Tareq of …")."""
    from allegiance.geo.places import is_known_place

    # a lone word NER called a person is no evidence: it may be the place itself ("the X
    # neighbourhood … the road through X", NER reading the second X as a person)
    words = {w for c in chosen if c.type == "PERSON" and (c.source != "ner" or " " in text[c.start:c.end].strip())
             for w in normalize(text[c.start:c.end]).split() if len(w) > 2}
    for c in chosen:
        name = text[c.start:c.end]
        if (c.type == "PLACE" and c.source == "ner" and " " not in name.strip()
                and normalize(name) in words and not is_known_place(name)
                and not is_known_place(name, country=DEFAULT_COUNTRY)):
            c.type = "PERSON"


_UNIT_OF = re.compile(
    r"^(?P<unit>(?:[Tt]he\s+)?(?:(?:\d{1,3}(?:st|nd|rd|th)|[A-Z][a-z]+)(?:\s+[A-Z][a-z]+)?\s+)?"
    r"(?:Division|Brigade|Corps|Regiment|Battalion|Squadron|Legion|Branch))\s+of\s+(?P<parent>(?:the\s+)?\S.*)$")
_ORDINAL_BEFORE = re.compile(r"(?:\d{1,3}(?:st|nd|rd|th)|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth"
                             r"|Ninth|Tenth|Eleventh|Twelfth|Thirteenth|Fourteenth|Fifteenth|Sixteenth|Seventeenth"
                             r"|Eighteenth|Nineteenth|Twentieth)\s+$")


def _split_units(text: str, cands: list[Candidate], kb: KnowledgeBase) -> list[Candidate]:
    """"the 4th Division of the Syrian Arab Army": a unit and the force it belongs to, two
    names, when the knowledge base knows the force."""
    out = []
    for c in cands:
        members = rules.MEMBERS_OF.match(text[c.start:c.end]) if c.type == "ORG" else None
        if members is not None and _kb_type(kb, text[c.start + members.end():c.end]) == "ORG":
            c = Candidate(c.start + members.end(), c.end, "ORG", c.source, c.kb_id)  # "Units of the SAA"
        m = _UNIT_OF.match(text[c.start:c.end]) if c.type == "ORG" else None
        if m is not None and _kb_type(kb, m["parent"]) == "ORG":
            before = _ORDINAL_BEFORE.search(text, max(0, c.start - 14), c.start)
            start = before.start() if before and before.end() == c.start else c.start
            out.append(Candidate(start, c.start + m.end("unit"), "ORG", c.source))
            out.append(Candidate(c.start + m.start("parent"), c.end, "ORG", c.source))
        else:
            out.append(c)
    return out


# what an outlet does: "FNA reports", "NNA correspondent said", "CBS reported"
_REPORTS_AFTER = re.compile(r"\s+(?:reports?|reported|correspondents?|reporters?|said|quoted|cited|added)\b")


def _bodies_not_people_or_places(text: str, chosen: list[Candidate]) -> None:
    """Two NER errors on bodies: a lone organisation noun taken for a person ("according
    to an Observatory toll", "said Observatory chief X": the body the article names in full;
    linking joins it there), and an acronym taken for a place that reports ("FNA reports",
    "NNA correspondent"): an outlet, when it names no country."""
    for c in chosen:
        name = text[c.start:c.end]
        if c.source != "ner" or c.kb_id is not None:
            continue
        body = c.type == "PERSON" and name in rules.ORG_NOUNS
        outlet = (c.type == "PLACE" and re.fullmatch(r"[A-Z]{2,6}", name) is not None
                  and _REPORTS_AFTER.match(text, c.end) is not None and not _known_here(name))
        if body or outlet:
            c.type = "ORG"


_TRIBE_AFTER = re.compile(r"[ \t]+(?i:tribe|tribes|clan|clans)\b")


def _tribes(text: str, chosen: list[Candidate]) -> None:
    """A name NER took for a person or a body, right before "tribe" or "clan" ("70 members of the
    Al Bu Nimr tribe", "the al-Sheitaat tribe"), is a tribe: an ORG whose name holds the noun, never
    the person a knowledge-base alias inside it names ("al-Nimr"), and no person's name to look
    for elsewhere. A place before the noun ("the Anbar tribes") stays the place."""
    for c in chosen:
        m = _TRIBE_AFTER.match(text, c.end)
        if m is not None and c.type in ("PERSON", "ORG"):
            c.end, c.type, c.kb_id = m.end(), "ORG", None


_DESCRIPTOR_LAST = re.compile(r"\s+(?:Islamist|Jihadist|Salafist|Salafi|Kurdish|jihadist)$")
_GROUP_NOUN_AFTER = re.compile(r"\s+(?:faction|factions|group|groups|movement|militia|alliance|coalition|brigade"
                               r"|rebels|rebel\s+group|organi[sz]ation|fighters|militants)\b")


def _descriptor_cut(text: str, chosen: list[Candidate]) -> None:
    """"the Faylaq al-Sham Islamist faction": NER or the group-name pattern reads the
    describing word into the name; a name never ends in it when a common group noun follows."""
    for c in chosen:
        if c.source not in ("ner", "pattern") or c.type not in ("ORG", "PERSON"):
            continue
        m = _DESCRIPTOR_LAST.search(text, c.start, c.end)
        if m is not None and m.start() > c.start and _GROUP_NOUN_AFTER.match(text, c.end):
            c.end = m.start()
            if c.type == "PERSON":
                c.type = "ORG"


def _places_listed_with_places(text: str, chosen: list[Candidate]) -> None:
    """"around TOWN and TOWN": a one-word NER person listed right after a place is a
    place too."""
    for a, b in itertools.pairwise(chosen):
        if (a.type == "PLACE" and b.type == "PERSON" and b.source == "ner" and " " not in text[b.start:b.end]
                and re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", text[a.end:b.start])):
            b.type = "PLACE"


def _one_type_per_name(text: str, chosen: list[Candidate]) -> None:
    """NER names an outlet once as an ORG ("The X Ledger") and, as a question label,
    as a person: a name a rule or the KB typed keeps that type everywhere."""
    typed = {rules.THE.sub("", text[c.start:c.end]): c.type for c in chosen
             if c.source in ("pattern", "kb", "acronym") or (c.source == "ner" and c.type == "ORG"
                                                             and text[c.start:c.start + 4] == "The ")}
    for c in chosen:
        t = typed.get(rules.THE.sub("", text[c.start:c.end]))
        if c.source == "ner" and t and t != c.type:
            c.type = t
    # "between Palmyra and X al-Y" after "the town of X al-Y": a name a place cue typed a
    # place once is that place at its other uses too
    # (and "the X neighbourhood", then "the road through X": NER's person there is the place)
    places = {rules.THE.sub("", text[c.start:c.end]) for c in chosen
              if c.type == "PLACE" and (c.source in ("person", "pattern", "gazetteer")
                                        or (c.source == "ner" and _PLACE_NOUN_AFTER.match(text, c.end)))}
    for c in chosen:
        if c.source in ("person", "ner") and c.type == "PERSON" and rules.THE.sub("", text[c.start:c.end]) in places:
            c.type = "PLACE"


_KIN_BEFORE = re.compile(r"\b(?:brother|sister|son|daughter|father|mother|cousin|uncle|nephew|friend|comrade"
                         r"|commander|colleague|wife|husband)\s+$", re.I)
_CAP_WORD = re.compile(r"(?<![\w'’-])[A-Z][a-z]{2,}(?![\w'’-])")


def _untagged_name_words(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """A person's given name or surname on its own where NER tagged nothing ("NAME was
    killed …" after "my brother NAME")."""
    words: set[str] = set()
    lower_words = set(re.findall(r"\b[a-z]+\b", text))
    title_words = {w for t in rules.TITLES for w in t.split()}
    for c in chosen:
        if c.type != "PERSON" or c.source == "title":
            continue
        parts = text[c.start:c.end].split()
        if len(parts) == 1 and not _KIN_BEFORE.search(text, max(0, c.start - 20), c.start):
            continue  # a lone NER word seeds nothing unless the text says who it is ("my brother NAME")
        for w in (parts[0], parts[-1]):
            # a name, not a word: never written in lower case here, no title, no nationality
            if (_CAP_WORD.fullmatch(w) and w.lower() not in rules.NOT_NAMES and w not in ("Abu", "Umm", "Ibn", "The")
                    and w.lower() not in lower_words and w not in title_words and w not in rules.DEMONYMS
                    and not _well_known_place(w)):
                words.add(w)
    taken = [(c.start, c.end) for c in chosen]
    out = []
    for m in _CAP_WORD.finditer(text):
        if m.group() in words and not any(s < m.end() and m.start() < e for s, e in taken):
            out.append(Candidate(m.start(), m.end(), "PERSON", "person"))
    return out


def _bylines_are_people(article: Article, chosen: list[Candidate]) -> None:
    """The names of a byline line ("By Nadia Haddad") are the writers', whatever NER said."""
    byline = article.structured.byline if article.structured is not None else None
    if not byline:
        return
    names = {n.strip() for n in re.split(r",|\band\b|&", byline) if n.strip()}
    lines = [(seg.start, seg.end) for seg in article.structured.segments if seg.kind == "boilerplate"]
    for c in chosen:
        if (c.type == "ORG" and article.text[c.start:c.end] in names and c.source == "ner"
                and any(s <= c.start and c.end <= e for s, e in lines)):
            c.type = "PERSON"


def _known_here(name: str) -> bool:
    from allegiance.geo.places import is_known_place

    return is_known_place(name, country=DEFAULT_COUNTRY)


def _kb_type(kb: KnowledgeBase, name: str) -> str | None:
    matches = kb.lookup(rules.THE.sub("", name), limit=1)
    if matches and matches[0].score >= 0.95:
        return matches[0].actor.type
    return None


def _reads_as_place(text: str, s: int, e: int, label: str, root: Token) -> bool:
    """A known place name tagged PERSON/ORG: believe the gazetteer when the words around agree."""
    if label == "ORG":
        return True
    if root.dep_ == "dobj" and root.head.lemma_.lower() in rules.PLACE_VERBS:
        return True  # "leave Quneitra", "stormed Daraa"
    before = text[max(0, s - 12):s].split()
    if before and before[-1].lower() in PLACE_PREPS:
        return True
    if PLACE_CUES.match(text[e:e + 20]):
        return True
    # a bare word: only a well-known place (a governorate, a country, a city) outranks NER
    from allegiance.geo.places import resolve_place

    best = resolve_place(rules.THE.sub("", text[s:e]))
    if best is not None and (best.precision >= 2 or best.kind in ("city", "capital")):
        return True
    # a town both the world list and the home country know ("linking Palmyra and …"), one word
    word = rules.THE.sub("", text[s:e]).strip()
    # not a title or a given name before a name ("Dr Partizan")
    return (" " not in word and len(word) >= 4 and not re.match(r"\s+[A-Z]", text[e:e + 2])
            and _well_known_place(word))


def _settle(cands: list[Candidate]) -> list[Candidate]:
    """Keep the longest, most trusted span where candidates overlap."""
    ordered = sorted(cands, key=lambda c: (-c.length, -PRIORITY.get(c.source, 0), c.start))
    taken: list[Candidate] = []
    # the spans taken so far never overlap, so sorted by start their ends are sorted too:
    # a new span overlaps one only if it overlaps a neighbour (linear, not quadratic)
    starts: list[int] = []
    ends: list[int] = []
    for c in ordered:
        i = bisect.bisect_right(starts, c.start)
        if (i and starts[i - 1] < c.end and c.start < ends[i - 1]) or (
                i < len(starts) and starts[i] < c.end and c.start < ends[i]):
            continue
        taken.append(c)
        starts.insert(i, c.start)
        ends.insert(i, c.end)
    return sorted(taken, key=lambda c: c.start)
