"""The coalition named once in full, then as "the coalition": one actor.

Reports and statements name a coalition once ("the US-led coalition", "the Global Coalition
to Defeat ISIS") and then only by its noun: "the coalition opened an investigation",
"civilians killed in coalition air strikes", "coalition operations against Da'esh". When the
article names exactly one organisation whose name says it is a coalition, every bare "the
coalition" (and "coalition" before the force or action it owns: "coalition air strikes") is
a mention of it, so that these events have their doer. When it names none, these words are
one generic actor "coalition" where they own a force or an action ("the coalition campaign
against Daesh": statements on the war against ISIL say "the coalition" for the one they are
part of). A coalition the words describe anew ("a coalition", "a rebel
coalition", "the coalition of Islamist and moderate groups" when no coalition is named) is
left alone, as is every bare "the coalition" of an article naming two coalitions. Runs
after linking (the names are settled) and before coreference; the mentions are of kind
"descriptor", as coreference's "the Hama native" are (or "generic", as the rebels' are, for
the generic actor).
"""

from __future__ import annotations

import re

from allegiance.extraction.article import Article, EntityRec, Mention
from allegiance.extraction.entities.generic import attach, new_entity

# "the coalition", "The coalition's"; a bare "coalition" only before what it owns
THE_COALITION = re.compile(r"(?<![\w-])[Tt]he\s+coalition(?![\w-])")
COALITION_OWNS = re.compile(
    r"(?<![\w-])[Cc]oalition(?=\s+(?:air\s*strikes?|strikes?|raids?|jets|aircraft|warplanes|planes"
    r"|bombardments?|bombing|forces|troops|operations?|campaign|partners|members|officials|spokesman)(?![\w-]))")
# A word before a bare "coalition" that makes it another alliance ("a rebel coalition",
# "a new coalition"); a preposition or a verb before it does not ("in coalition air strikes",
# "continue coalition operations")
_DESCRIBING = frozenset({"a", "an", "rebel", "opposition", "islamist", "jihadist", "militant", "multinational",
                         "international", "military", "new", "broad", "broader", "ruling", "governing",
                         "kurdish", "arab", "western", "global", "regional", "rival", "major", "wider"})
_NAMED_COALITION = re.compile(r"(?<![\w-])coalition(?![\w-])", re.I)


def add_coalition_references(article: Article) -> Article:
    """Bare "the coalition" mentions become mentions of the article's one named coalition,
    or of one generic "coalition" actor when the article names none."""
    coalitions = _named_coalitions(article)
    if len(coalitions) > 1:
        return article
    named = coalitions[0] if coalitions else None
    taken = [(m.start, m.end) for m in article.mentions]
    found = [Mention(start=s, end=e, text=article.text[s:e], type="ORG", source="pattern",
                     kind="descriptor" if named else "generic")
             for s, e in _references(article.text, defining=named is None)
             if not any(a < e and s < b for a, b in taken)]
    if not found:
        return article
    return attach(article, named or new_entity(article, "coalition"), found, generic=named is None)


def _named_coalitions(article: Article) -> list[EntityRec]:
    """The ORGs the article names with the word "coalition" in a name of their own (with
    two, a bare "the coalition" could be either)."""
    return [e for e in article.entities if e.type == "ORG" and any(
        _NAMED_COALITION.search(n) and not THE_COALITION.fullmatch(n) and n.lower() != "coalition"
        for n in [e.name, *e.aliases])]



def _references(text: str, *, defining: bool) -> list[tuple[int, int]]:
    """Spans of "the coalition", and of "coalition" owning a force or an action with no word
    before it that makes it another ("in coalition air strikes", "Coalition jets"; not "a
    rebel coalition", "the Saudi coalition").
    With no coalition named (`defining`), only a coalition owning a force or an action
    ("the coalition campaign against X") is the one at war: "the coalition of X and Y" or
    "the other group in the coalition" may be any alliance, one the text describes."""
    spans = [g.span() for g in THE_COALITION.finditer(text)
             if not defining or COALITION_OWNS.match(text, g.end() - len("coalition"))]
    for g in COALITION_OWNS.finditer(text):
        before = text[max(0, g.start() - 30):g.start()].split()
        word = before[-1] if before else "."
        if word[-1:] in ".,;:" or not (word.lower() in _DESCRIBING or word[:1].isupper()
                                       or word.endswith(("-led", "-backed"))):
            spans.append(g.span())
    return sorted(spans)
