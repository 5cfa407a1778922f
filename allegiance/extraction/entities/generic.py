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

A state's forces named by what they are ("Syrian forces", "Syrian aircraft", "regime
troops", "government planes") are that state's government where the knowledge base models
the government as a party of its own (kind "government": UCDP's "Government of Syria"),
not the country: "A missile fired by Syrian forces" was fired by the government, and the
country Syria did nothing. A foreign state's forces ("Russian jets") are left to the facts
stage, which reads them as the country, as the KB models foreign states ("state"). A bare
"government troops" is the article's government only when it names exactly one.
"""

from __future__ import annotations

import re
from collections import Counter
from contextlib import suppress

from allegiance.errors import KnowledgeBaseError
from allegiance.extraction.article import Article, EntityRec, Mention
from allegiance.extraction.entities import rules
from allegiance.kb import load_kb
from allegiance.read import cues

GENERIC_OPPOSITION = re.compile(
    r"(?<![\w-])(?:(?:armed|moderate|Islamist|Syrian)\s+)?(?:opposition|rebel|rebels|insurgents)"
    r"(?:\s+(?:fighters|forces|groups|factions|militias|brigades|troops|units|gunmen))?(?![\w-])", re.I)
_NOT_ACTOR_AFTER = re.compile(r"\s+(?:to|of|leader|leaders|politician|politicians|party|parties|delegation|"
                              r"negotiators?|figures?|activists?|media|website|spokesm[ae]n|sources?)\b", re.I)
# "a rebel faction", "the rebel commander": a word describing one group or person, not the
# opposition at large
_ONE_OF_THEM = re.compile(r"\s+(?:faction|group|militia|brigade|battalion|movement|coalition|alliance|front|army|"
                          r"unit|force|commander|leader|fighter|official|spokesman|figure|member|stronghold|"
                          r"village|town|city|neighbou?rhood|district|"
                          r"bastion|enclave|territory|area|held|controlled|backer|ally)\b", re.I)


GENERIC_KURDISH = re.compile(
    r"(?<![\w-])Kurdish\s+(?:Syrian\s+)?(?:fighters|forces|groups|militias|militia|militants|militiamen"
    r"|defenders|units|troops)(?![\w-])")


_FORCE_NOUNS = (r"(?:forces|troops|soldiers|army|military|warplanes|war\s+planes|(?:fighter\s+)?jets|aircraft"
                r"|planes|helicopters|air\s+force|artillery|gunships)")
# "Syrian forces", "Syria army" (degraded text), "Syrian military troops"; not "US-backed
# Syrian forces" (a proxy of another state) nor "Syrian Democratic Forces" (a name)
STATE_FORCES = re.compile(
    rf"(?<![\w-])(?<!backed\s)(?P<state>{rules._DEMONYM}|Syria)\s+(?:(?:government|regime|army|military)\s+)?"
    rf"{_FORCE_NOUNS}(?![\w-])")
_SHARED_HEAD = re.compile(rf"(?:{rules._DEMONYM}|[Gg]overnment|[Rr]egime)(?:\s+and|\s+or|,)\s+$")
GOVERNMENT_FORCES = re.compile(rf"(?<![\w-])(?<!backed\s)(?:[Gg]overnment|[Rr]egime)\s+{_FORCE_NOUNS}(?![\w-])")


# what a state's forces do, said with the state's demonym: "Russian airstrikes killed 15"
_ATTACK_NOUNS = (r"(?:air[\s-]?strikes?|air[\s-]?raids?|raids?|strikes?|bombings?|bombardments?|shelling"
                 r"|missile\s+(?:strikes?|attacks?)|drone\s+strikes?)")
# "Russian warplanes", "Russian and regime warplanes", "Turkish military jets", "Iranian-backed"
FOREIGN_FORCES = re.compile(
    rf"(?<![\w-])(?P<state>{rules._DEMONYM})(?:[-‑]backed(?![\w-])|(?:\s+(?:and|or)\s+(?:{rules._DEMONYM}"
    rf"|[Gg]overnment|[Rr]egime))?\s+(?:(?:military|army|navy|air\s+force)\s+)?(?:{_FORCE_NOUNS}|(?P<attack>{_ATTACK_NOUNS})))"
    r"(?![\w-])")


def add_generic_actors(article: Article) -> Article:
    article = _add_opposition(article)
    article = _add_kurdish(article)
    article = _add_state_forces(article)
    return _add_foreign_states(article)


def new_entity(article: Article, name: str) -> EntityRec:
    """A new ORG entity of the article, under the first free local id."""
    eid = f"e{len(article.entities) + 1}"
    while article.entity(eid) is not None:
        eid = f"e{int(eid[1:]) + 1}"
    ent = EntityRec(id=eid, type="ORG", name=name)
    article.entities.append(ent)
    return ent


def attach(article: Article, ent: EntityRec, found: list[Mention], *, generic: bool = True) -> Article:
    """`found` become mentions of `ent` (and its aliases), in the article's sorted mentions;
    `generic` marks `ent` a generic actor."""
    for m in found:
        m.entity = ent.id
        ent.mentions.append(m)
        ent.add_alias(m.text)
    if generic:
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
    return attach(article, new_entity(article, found[0].text), found)


def _add_opposition(article: Article) -> Article:
    text = article.text
    taken = sorted((m.start, m.end) for m in article.mentions)
    found: list[Mention] = []
    for g in GENERIC_OPPOSITION.finditer(text):
        s, e = g.span()
        if any(a < e and s < b for a, b in taken) or _NOT_ACTOR_AFTER.match(text, e) or (
                not g.group().lower().endswith("s") and _ONE_OF_THEM.match(text, e)):
            continue
        if not g.group().lower().endswith("s") and any(a == e + 1 for a, _ in taken):
            continue  # "the UK-based opposition Syrian Observatory ...": a word describing the name
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
        ent = new_entity(article, words.most_common(1)[0][0])
    return attach(article, ent, found)


def _add_state_forces(article: Article) -> Article:
    """"Syrian forces", "regime troops": mentions of the state's government (see above)."""
    text = article.text
    taken = [(m.start, m.end) for m in article.mentions]
    by_entity: dict[str, list[Mention]] = {}
    for pattern in (STATE_FORCES, GOVERNMENT_FORCES):
        for g in pattern.finditer(text):
            s, e = g.span()
            if any(a < e and s < b for a, b in taken) or _SHARED_HEAD.search(text[max(0, s - 30):s]):
                continue  # "Russian and Syrian warplanes": two states' forces, left to the facts stage
            ent = _forces_of(article, g.groupdict().get("state"))
            if ent is None:
                continue
            taken.append((s, e))
            by_entity.setdefault(ent.id, []).append(
                Mention(start=s, end=e, text=g.group(), type="ORG", source="pattern", kind="generic"))
    for eid, found in by_entity.items():
        ent = article.entity(eid)
        assert ent is not None
        for m in found:
            m.entity = ent.id
            ent.mentions.append(m)
            ent.add_alias(m.text)
        article.mentions = sorted([*article.mentions, *found], key=lambda m: (m.start, -m.end))
    return article


def _add_foreign_states(article: Article) -> Article:
    """"Russian warplanes", "Saudi-backed" in an article that never names the country: the
    state acts (or backs), so it is an actor, one ORG entity named as the country, with the
    demonym as its mention (kind "generic": the facts stage reads "Russian warplanes" as
    the country it names, `parse.state_of`). Only foreign states the knowledge base knows
    (kind "state"); a state whose government is a party of its own is `_add_state_forces`'.
    A demonym inside a name already found ("Russian Aerospace Forces") is left to that name.
    What the forces did said with the demonym ("killed by Russian airstrikes") names the
    state too, unless the article names a force the KB files under that state (then the
    facts stage gives the deed to that force, `forces_of_state`)."""
    kb = load_kb()
    text = article.text
    taken = [(m.start, m.end) for m in article.mentions]
    found: dict[str, list[Mention]] = {}
    by_forces: set[str] = set()  # the countries named by their forces, not only by what they did
    for g in FOREIGN_FORCES.finditer(text):
        s, e = g.span("state")
        country = rules.DEMONYMS[g["state"]]
        if any(a < e and s < b for a, b in taken) or _in_related_list(text, s):
            continue
        if not any(m.score >= 0.93 and m.actor.kind == "state" for m in kb.lookup(f"Government of {country}")):
            continue
        found.setdefault(country, []).append(
            Mention(start=s, end=e, text=g["state"], type="ORG", source="pattern", kind="generic"))
        if g["attack"] is None:
            by_forces.add(country)
    by_attack_only = set(found) - by_forces
    for country, ms in found.items():
        key = country.lower()
        if any(e.type in ("ORG", "PLACE") and key in {n.lower() for n in [e.name, *e.aliases]}
               for e in article.entities):
            continue  # the article names the country: the facts stage finds it by that name
        if country in by_attack_only and forces_of_state(article, country):
            continue  # "killed by Russian airstrikes" beside "Russian warplanes": those forces did it
        article = attach(article, new_entity(article, country), ms, generic=False)
    return article


def forces_of_state(article: Article, country: str) -> list[str]:
    """The entities of the article the KB files as part of `country`'s state (its air
    force, its army), directly or through its armed forces."""
    kb = load_kb()
    states = {a.actor.id for a in kb.lookup(f"Government of {country}") if a.score >= 0.93}
    hits = []
    for e in article.entities:
        if not e.kb_id or e.type != "ORG":
            continue
        seen, todo = set(), [e.kb_id]
        while todo:
            cur = todo.pop()
            if cur in seen:
                continue
            seen.add(cur)
            with suppress(KnowledgeBaseError):
                todo += [link.target for link in kb.get(cur).part_of]
        if (seen - {e.kb_id}) & states:
            hits.append(e.id)
    return hits


def _in_related_list(text: str, at: int) -> bool:
    """Whether `at` is in the other stories' headlines a share counter opens ("Print Tweet
    Views 371 Related X strike Y ..."), no full stop between."""
    for m in cues.FURNITURE_SPAN.finditer(text, max(0, at - 400), at):
        rest = text[m.end():at]
        if rest.lstrip().startswith("Related") and not re.search(r"[.!?]\s", rest):
            return True
    return False


def _forces_of(article: Article, state: str | None) -> EntityRec | None:
    """The government entity a state's forces belong to: for a demonym, the KB government
    of that country in office on the publication date (the article's entity for it, or a
    new one); for a bare "government"/"regime", the one government the article names."""
    kb = load_kb()
    if state is None:
        govs = [e for e in article.entities if e.kb_id and _kind(e.kb_id) == "government"]
        return govs[0] if len({e.kb_id for e in govs}) == 1 else None
    country = rules.DEMONYMS.get(state, state)
    day = article.structured.published
    matches = [m for m in kb.lookup(f"Government of {country}", on=day, limit=2) if m.score >= 0.93]
    actor = matches[0].actor if matches else None
    if actor is None or actor.kind != "government":
        return None
    ent = next((e for e in article.entities if e.kb_id == actor.id), None)
    if ent is None:
        ent = new_entity(article, actor.name_on(day) if day else actor.name)
        ent.kb_id, ent.wikidata = actor.id, actor.wikidata
    return ent


def _kind(kb_id: str) -> str | None:
    try:
        return load_kb().get(kb_id).kind
    except KnowledgeBaseError:
        return None  # an id from a user's KB file no longer loaded: no kind known
