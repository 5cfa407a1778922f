"""Ordinary words that a title-case headline or a stripped full stop glued onto a name.

"Syrian Army Kills Terrorist Commander in Qalamoun Advances in Deir Ezour", "Assad
Warplanes carried out …" (a dateline's name, then the sentence's first word), "Terrorist
Attack on Damascus": NER reads capitalised ordinary words as part of a name, or as a name.
The text itself shows which words are ordinary: it writes them in lower case elsewhere
("warplanes", "advances", "attack"). This stage, run on the mentions after the other
repairs of `degraded`, cuts such a word off either end of a name the knowledge base and the
gazetteer do not know, and drops a mention that is nothing but such words (and perhaps a
nationality), when

- the word is a verb or a plural noun (no name ends in "Killed" or "Warplanes"), or
- the sentence is in title case (a headline: most of its words capitalised);

and drops a clock time ("800pm"), a lone direction ("Southeastern") and a lower-case word
NER took for a name ("mosques"); never a word that belongs in names ("Army", "Council",
"Street", "President", a direction), an acronym, or a mention a rule or the knowledge base
found.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from allegiance.extraction.article import Article, Mention
from allegiance.extraction.entities import rules

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Token

_KEEP = frozenset(w.lower() for n in (*rules.ORG_NOUNS, *rules.TITLES, *rules.FACILITY_HEADS) for w in n.split()) | {
    "center", "centre", "media", "news", "agency", "council", "committee", "office", "university", "hospital",
    "airport", "police", "tv", "television", "radio", "network", "observatory", "monitor", "state", "states",
    "nations", "rights", "affairs", "city", "district", "province", "countryside", "suburb", "town", "village",
    "camp", "governorate", "area", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "of", "the", "and", "for", "al", "new", "old", "great", "republic", "kingdom", "union", "people", "peoples",
    "international", "national", "general", "islamic", "democratic", "free", "popular", "revolutionary",
}
_WORD = re.compile(r"\S+")
_CLOCK_OR_DIRECTION = re.compile(r"\d{1,4}\s?(?:am|pm|gmt)|(?:north|south)(?:east|west)?(?:ern)?|(?:east|west)(?:ern)?",
                                 re.I)


def trim_headline_words(article: Article, known: Callable[[str], str | None]) -> Article:
    """Cut the ordinary words off the names of the article's mentions (see the module)."""
    doc = article.doc
    if doc is None:
        return article
    text = article.text
    lower = set(re.findall(r"(?<![\w-])[a-z]+(?![\w-])", text))
    tokens = {t.idx: t for t in doc}
    head = _headline_span(text, article.structured.title)
    # in the headline, an inflection the report writes in lower case is ordinary too
    # ("Advances", "Pounds": "advanced", "pounded")
    stems = {_stem(w) for w in lower} if head is not None and head[2] else set()
    out = []
    for m in article.mentions:
        in_head = head is not None and head[2] and head[0] <= m.start and m.end <= head[1]
        if in_head and m.kind == "name" and m.source == "pattern" and not m.kb_id and not known(m.text):
            # a group pattern runs on over the headline's words ("Jeish Al Fatah Terrorists
            # Killed by"): its end is cut, never its group word
            cut = _trimmed(text, m, tokens, lower | {w for w in _words(m.text) if _stem(w) in stems},
                           known, in_head=True, end_only=True)
            out.append(cut if cut is not None and " " in cut.text else m)
            continue
        if m.kind != "name" or m.source in ("kb", "pattern", "acronym", "coref", "title") or m.kb_id \
                or known(m.text):
            out.append(m)
            continue
        if _CLOCK_OR_DIRECTION.fullmatch(m.text) or (m.source == "ner" and m.text.islower()):
            continue  # "800pm", "Southeastern", "mosques": a time, a direction, a common noun
        if m.source == "ner" and (_opening_word(m, tokens, lower) or (
                head is not None and m.start == head[0] and " " not in m.text and m.text.lower() in lower)):
            continue  # "Media reports said …", "Camp residents told …": a sentence's first word
        trimmed = _trimmed(text, m, tokens, lower | {w for w in _words(m.text) if _stem(w) in stems}
                           if in_head else lower, known, in_head=in_head)
        if trimmed is not None:
            out.append(trimmed)
    article.mentions = out
    return article


def _opening_word(m: Mention, tokens: dict[int, Token], lower: set[str]) -> bool:
    """Whether a one-word mention opens its sentence and is a word the text writes in lower
    case elsewhere ("media", "camp", "amid"): capitalised for its place, not as a name (the
    caller has checked that no knowledge base or gazetteer entry knows it)."""
    tok = tokens.get(m.start)
    return (tok is not None and " " not in m.text and not m.text.isupper() and m.text.lower() in lower
            and (tok.is_sent_start or tok.i == 0 or tok.nbor(-1).is_space))


def _trimmed(text: str, m: Mention, tokens: dict[int, Token], lower: set[str],
             known: Callable[[str], str | None], *, in_head: bool = False, end_only: bool = False
             ) -> Mention | None:
    """The mention without its ordinary edge words (`end_only`: its last words); None when
    nothing else is left. In a title-case headline (`in_head`) a verb or a plural noun is
    ordinary even when the report never writes it in lower case ("Terrorist Rocket Attacks")."""
    words = [(w.start() + m.start, w.end() + m.start) for w in _WORD.finditer(m.text)]
    first = tokens.get(words[0][0])
    title_case = in_head or (first is not None and _title_case(first))
    while words and _ordinary(text[words[-1][0]:words[-1][1]], tokens.get(words[-1][0]), lower, title_case,
                              in_head):
        words.pop()
    while words and not end_only and _ordinary(text[words[0][0]:words[0][1]], tokens.get(words[0][0]), lower,
                                               title_case, in_head):
        words.pop(0)
    if not words:
        return None
    start, end = words[0][0], words[-1][1]
    if (start, end) == (m.start, m.end):
        return m
    name = text[start:end]
    if name in rules.DEMONYMS:
        return None  # "Syrian Terrorist Groups Join": an adjective is left, no name
    return Mention(start=start, end=end, text=name, type=known(name) or m.type, source=m.source, kind=m.kind)


def _ordinary(word: str, tok: Token | None, lower: set[str], title_case: bool, in_head: bool = False) -> bool:
    """Whether a capitalised word of a name is an ordinary word the text writes in lower case
    (in the headline, any verb or plural noun)."""
    if tok is None or not word[:1].isupper() or word.isupper() or word.lower() in _KEEP:
        return False
    verb_or_plural = tok.tag_.startswith("VB") or tok.tag_ in ("NNS", "NNPS")
    if word.lower() not in lower:
        return in_head and verb_or_plural
    return verb_or_plural or title_case


def _headline_span(text: str, title: str | None) -> tuple[int, int, bool] | None:
    """Where the article's headline stands in its text (a one-line wire text opens with
    it, glued to the report: spaCy's sentence then mixes the two) and whether it is in
    title case, or None."""
    parts = (title or "").split()
    # the longest opening of the title the text holds: the title often ends in the site's
    # name ("HEADLINE - Region - World - OUTLET", "HEADLINE- OUTLET Website Archive")
    for n in range(len(parts), 2, -1):
        head = " ".join(parts[:n]).rstrip("-|:")
        at = text.find(head, 0, _HEAD_WINDOW + len(head))
        if at >= 0:
            break
    else:
        return None
    words = [w for w in re.findall(r"[A-Za-z]+", head) if len(w) > 3]
    return at, at + len(head), len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


_HEAD_WINDOW = 200  # characters: a dateline, then the headline
_SUFFIX = re.compile(r"(?:ing|ed|es|s)$")


def _words(name: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z]+", name)]


def _stem(word: str) -> str:
    """A crude stem, enough to see that "Pounds" and "pounded" are one word."""
    word = word.lower()
    return _SUFFIX.sub("", word) if len(word) > 5 else word


def _title_case(tok: Token) -> bool:
    """Whether the sentence of a token is a headline: most of its longer words capitalised."""
    words = [t for t in tok.sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.7 * len(words)
