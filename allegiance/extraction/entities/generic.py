"""Generic actors: the armed opposition named by what it is, not by a group's name.

Wire reports tell most fighting as done by or to "rebels", "the opposition", "opposition
fighters", "insurgents" — and ACLED codes such events with one actor of that kind
("Opposition Rebels (Syria)"). One entity per article holds every such mention, so that an
event "rebels fired rockets into the capital" has a doer, and "clashes between rebels and
regime troops" two sides. Runs after linking (the names are settled) and before
coreference; a mention inside a name ("the Syrian Opposition Coalition") is left to that
name, and "opposition to X" (a stance, not the opposition) is no actor. The mentions are of
kind "generic": the facts stage reads their words as they are (no placeholder: "rebel
forces surrender X" keeps its parse) and resolves them to this entity.

Kurdish forces named by what they are ("Kurdish fighters", "Kurdish militias", "the Kurdish
forces") are likewise one actor per article (ACLED's "Kurdish ethnic militia"): the reports
use these words for whichever Kurdish force holds the front, so they are not linked to a
named group here.
"""

from __future__ import annotations

import re
from collections import Counter

from allegiance.extraction.article import Article, EntityRec, Mention
from allegiance.extraction.entities import rules

GENERIC_OPPOSITION = re.compile(
    r"(?<![\w-])(?:(?:armed|moderate|Islamist|Syrian)\s+)?(?:opposition|rebel|rebels|insurgents)"
    r"(?:\s+(?:fighters|forces|groups|factions|militias|brigades|troops|units|gunmen))?(?![\w-])", re.I)
_NOT_ACTOR_AFTER = re.compile(r"\s+(?:to|of|leader|leaders|politician|politicians|party|parties|delegation|"
                              r"negotiators?|figures?|activists?|media|website|spokesm[ae]n)\b", re.I)
# "a rebel faction", "the rebel commander": a word describing one group or person, not the
# opposition at large
_ONE_OF_THEM = re.compile(r"\s+(?:faction|group|militia|brigade|battalion|movement|coalition|alliance|front|army|"
                          r"unit|force|commander|leader|fighter|official|spokesman|figure|member|stronghold|"
                          r"bastion|enclave|territory|area|held|controlled|backer|ally)\b", re.I)


GENERIC_KURDISH = re.compile(
    r"(?<![\w-])Kurdish\s+(?:Syrian\s+)?(?:fighters|forces|groups|militias|militia|militants|militiamen"
    r"|defenders|units|troops)(?![\w-])")


def add_generic_actors(article: Article) -> Article:
    article = _add_opposition(article)
    return _add_kurdish(article)


def _new_entity(article: Article, name: str) -> EntityRec:
    eid = f"e{len(article.entities) + 1}"
    while article.entity(eid) is not None:
        eid = f"e{int(eid[1:]) + 1}"
    ent = EntityRec(id=eid, type="ORG", name=name)
    article.entities.append(ent)
    return ent


def _attach(article: Article, ent: EntityRec, found: list[Mention]) -> Article:
    for m in found:
        m.entity = ent.id
        ent.mentions.append(m)
        ent.add_alias(m.text)
    ent.attrs["generic"] = True
    article.mentions = sorted([*article.mentions, *found], key=lambda m: (m.start, -m.end))
    return article


def _add_kurdish(article: Article) -> Article:
    """"Kurdish fighters", "Kurdish militias": one actor, unless inside a name already found."""
    taken = [(m.start, m.end) for m in article.mentions]
    found = [Mention(start=g.start(), end=g.end(), text=g.group(), type="ORG", source="pattern", kind="generic")
             for g in GENERIC_KURDISH.finditer(article.text)
             if not any(a < g.end() and g.start() < b for a, b in taken)]
    if not found:
        return article
    return _attach(article, _new_entity(article, found[0].text), found)


def _add_opposition(article: Article) -> Article:
    text = article.text
    taken = sorted((m.start, m.end) for m in article.mentions)
    found: list[Mention] = []
    for g in GENERIC_OPPOSITION.finditer(text):
        s, e = g.span()
        if any(a < e and s < b for a, b in taken) or _NOT_ACTOR_AFTER.match(text, e) or (
                not g.group().lower().endswith("s") and _ONE_OF_THEM.match(text, e)):
            continue
        if not any(w.lower().startswith(("rebel", "opposition", "insurgent")) for w in g.group().split()):
            continue
        found.append(Mention(start=s, end=e, text=g.group(), type="ORG", source="pattern", kind="generic"))
    if not found:
        return article
    words = Counter("rebels" if "rebel" in m.text.lower() else "opposition" if "opposition" in m.text.lower()
                    else "insurgents" for m in found)
    # "the Syrian opposition", already an actor the mention stage found: the same one
    ent = next((e for e in article.entities if e.type == "ORG" and not e.kb_id and any(
        GENERIC_OPPOSITION.fullmatch(rules.THE.sub("", n)) for n in [e.name, *e.aliases])), None)
    if ent is None:
        ent = _new_entity(article, words.most_common(1)[0][0])
    return _attach(article, ent, found)
