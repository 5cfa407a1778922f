"""Linking stage: mentions → one entity per real thing.

Mentions are joined, in this order, when
1. the knowledge base knows them as one actor (spelling variants, acronyms, old and new
   names: Jabhat al-Nusra = Nusra = JFS);
2. the text defines one as the other's acronym ("Free Syrian Army (FSA)") or gives one as
   the other's other name ("X, also known as Y", "X, officially Y", "X (Arabic: …, "Y")");
3. the text says one group became the other ("X—now Y", "X [now Y]", "X, formerly Y",
   "X renamed itself Y"): the rename is kept in `article.renames` for the facts stage;
4. their names are one name once transliteration noise is gone (a-Haddad = al-Haddad),
   or name one country in the gazetteer and have one type ("US" = "U.S." = "United States");
5. a short name is part of exactly one longer name of the same type: a surname goes to
   the first person introduced with it (the reporting convention for the subject), a
   given name to the person with that given name, "Nusra" to "Jabhat a-Nusra", and a
   place with a type word ("Hama city", "east Aleppo") to the bare place; a governorate
   ("Hama province", "Idlib countryside") stays apart from its city.
Places are then resolved in the gazetteer, and the interview's speakers are set.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections import Counter

from allegiance.extraction.article import Article, EntityRec, Mention, Rename
from allegiance.extraction.entities import rules
from allegiance.extraction.entities.mentions import defined_acronyms
from allegiance.kb import KnowledgeBase, load_kb
from allegiance.names import normalize, skeleton

HOME_COUNTRY = "SY"  # the country whose places an article names when nothing says otherwise
# Below this score a town abroad is only a look-alike of a village the gazetteer lacks.
FOREIGN_LOOKALIKE = 0.65
# What lies between a place and the place it is in or near: "in", "of", "near", "east of".
NEAR_GAP = re.compile(r"(?:^|\s)(?:in|of|near|outside|around|north|south|east|west|northeast|northwest|"
                      r"southeast|southwest|northern|southern|eastern|western)(?:\s|$)|^\s*,?\s*$", re.I)
PLACE_WORDS = frozenset({
    "city", "province", "governorate", "countryside", "district", "town", "village", "region",
    "area", "suburbs", "outskirts", "north", "south", "east", "west", "northern",
    "southern", "eastern", "western", "central", "northeast", "northwest", "southeast",
    "southwest", "northeastern", "northwestern", "southeastern", "southwestern", "rural",
})
RENAME = re.compile(
    r"^\s*(?:[—–-]\s*|,\s*|\(\s*|\[\s*)(?:now(?:\s+(?:called|known\s+as|named))?|later|which\s+"
    r"(?:later\s+)?(?:became|renamed\s+itself|rebranded\s+(?:itself\s+)?as)|renamed|rebranded\s+as"
    r"|formerly(?:\s+known\s+as)?|previously\s+known\s+as|then\s+known\s+as|itself\s+the\s+renamed)\s+$"
    # "Liwa al-Islam grew into Jaish al-Islam", "X was renamed Y" (no comma needed)
    r"|^\s+(?:later\s+)?(?:became|grew\s+into|turned\s+into|was\s+renamed(?:\s+as)?|was\s+rebranded\s+as"
    r"|renamed\s+itself|rebranded\s+itself(?:\s+as)?|changed\s+its\s+name\s+to)\s+(?:the\s+)?$",
    re.I,
)
FORMERLY = re.compile(r"formerly|previously|the\s+renamed", re.I)
# "X, also known as Y", "X, officially Y", "X (Arabic: …, "Y")": two names of one thing.
ALIAS = re.compile(
    r"^\s*(?:\([^()]{0,80}\))?\s*,?\s*\(?(?:also\s+known\s+as|a\.k\.a\.?|aka|better\s+known\s+as"
    r"|officially(?:\s+(?:called|named|known\s+as))?|(?:often|commonly)\s+called)\s+(?:the\s+)?$"
    r"|^\s*\((?:Arabic|Kurdish|Persian|Turkish|Hebrew|French|Russian)\s*:[^()]{0,120}?[,;]\s*[\"“]+$",
    re.I,
)
MAX_GAP = 40
# "Chargé d’Affaires, a.i., NAME": the title's own qualifier between title and name
TITLE_GAP = re.compile(r"^,\s*a\.\s?i\.,\s*$")
# "His Chief of Staff is Major General NAME": the office and its holder
COPULA_GAP = re.compile(r"^\s+(?:is|was)\s+$")
# "The former leader of X, Jordanian-born militant NAME": a few words describe the name
DESCRIBED_GAP = re.compile(r"^,\s+(?:[\w-]+\s+){1,3}$")
# "NAME, who later became the President of X": the name and the office are one person
BECAME_GAP = re.compile(r"^[,\s]*(?:\[\d+\])*[,\s]*who\s+(?:(?:would|will|later|then|subsequently|now|also)\s+)*"
                        r"(?:become|became|is|was|serves\s+as|served\s+as)\s+$")


class _Clusters:
    """Union-find over mention indices."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


# A place named as its governorate ("Aleppo province", "Idlib countryside") is its own
# entity next to the city of that name: reports and their coders tell the two apart.
ADMIN_WORDS = frozenset({"province", "governorate", "countryside", "rural"})


def place_key(name: str) -> str:
    """The linking key of a place: its core name, marked when the name is a governorate's."""
    core = core_name(name)
    words = set(normalize(display(name)).split())
    return core + " (admin)" if core and words & ADMIN_WORDS else core


def core_name(name: str) -> str:
    """A place name without its type and direction words: "northern Hama countryside" → "hama"."""
    words = [w for w in normalize(display(name)).split() if w not in PLACE_WORDS]
    return " ".join(words)


def _name(m: Mention) -> str:
    return normalize(display(m.text))


def display(text: str) -> str:
    """A mention's text as a name: without a leading "the"."""
    return rules.THE.sub("", text)


def link(article: Article) -> Article:
    kb = load_kb()
    ms = article.mentions
    # a name the text also uses as a place, tagged PERSON/ORG by NER elsewhere, is that place
    places = {core_name(m.text) for m in ms if m.type == "PLACE" and m.source in ("ner", "person")}
    for m in ms:
        if m.type != "PLACE" and m.source == "ner" and m.kb_id is None and core_name(m.text) in places \
                and len(display(m.text).split()) <= 3:
            m.type = "PLACE"
    for m in ms:
        if m.kb_id is None and m.type in ("PERSON", "ORG"):
            m.kb_id = _kb_id(kb, m)
    uf = _Clusters(len(ms))
    by_kb: dict[str, int] = {}
    by_name: dict[tuple[str, str], int] = {}
    for i, m in enumerate(ms):
        if m.kb_id:
            if m.kb_id in by_kb:
                uf.union(i, by_kb[m.kb_id])
            else:
                by_kb[m.kb_id] = i
        key = (m.type, place_key(m.text) if m.type == "PLACE" else skeleton(display(m.text)))
        if key[1] and m.source != "title":  # one title may name several holders: `_join_titles`
            if key in by_name:
                uf.union(i, by_name[key])
            else:
                by_name[key] = i
        # the names of one country are one entity of a type ("US", "U.S.", "United States")
        country = _country_of(m)
        if country is not None:
            ckey = (m.type, "country:" + country)
            if ckey in by_name:
                uf.union(i, by_name[ckey])
            else:
                by_name[ckey] = i
    _join_acronyms(article, uf)
    _join_aliases(article, uf)
    article_renames = _join_renames(article, uf)
    _join_short_names(ms, uf)
    _join_titles(article, uf)

    groups: dict[int, list[int]] = {}
    for i in range(len(ms)):
        groups.setdefault(uf.find(i), []).append(i)
    entities = []
    for n, root in enumerate(sorted(groups, key=lambda r: ms[groups[r][0]].start), start=1):
        members = [ms[i] for i in groups[root]]
        ent = _entity(f"e{n}", members, kb)
        for m in members:
            m.entity = ent.id
        entities.append(ent)
    article.entities = entities
    article.renames = [Rename(entity=ms[new].entity or "", old_name=ms[old].text, new_name=ms[new].text,
                              start=span[0], end=span[1])
                       for old, new, span in article_renames]
    _resolve_places(article)
    _set_speakers(article)
    return article


def _country_of(m: Mention) -> str | None:
    """The country code of a mention that names a country ("U.S", "America", "Britain"),
    by the gazetteer; None for any other mention."""
    name = rules.THE.sub("", m.text)
    if m.type not in ("ORG", "PLACE") or m.kind not in ("name", "acronym") or len(name.split()) > 3 \
            or not name[:1].isupper():
        return None
    from allegiance.geo.places import resolve_place

    found = resolve_place(name)
    return found.country if found is not None and found.kind == "country" and found.score >= 0.95 else None


def _kb_id(kb: KnowledgeBase, m: Mention) -> str | None:
    name = display(m.text)
    short = len(name) < 3
    if short and not (len(name) == 2 and name.isupper()):
        return None
    matches = kb.lookup(name, limit=1)
    if not matches:
        return None
    best = matches[0]
    if short and best.method not in ("exact", "acronym"):
        return None  # "UN" or "EU" cut from a possessive ("UNs top aid official"): the acronym only
    if best.score >= 0.93 and best.actor.type == m.type:
        return best.actor.id
    return None


def _join_acronyms(article: Article, uf: _Clusters) -> None:
    ms = article.mentions
    at = {(m.start, m.end): i for i, m in enumerate(ms)}
    for acr, span in defined_acronyms(article.text).items():
        long_i = at.get(span)
        if long_i is None:
            # the name's mention may keep a leading "the" or start a word later
            near = [i for i, m in enumerate(ms) if m.end == span[1] and abs(m.start - span[0]) <= 4]
            long_i = near[0] if near else None
        if long_i is None:
            continue
        for i, m in enumerate(ms):
            if m.text == acr and m.type == ms[long_i].type:
                uf.union(i, long_i)


def _join_aliases(article: Article, uf: _Clusters) -> None:
    """"X, also known as Y", "X, officially Y", "X (Arabic: …, "Y")": one entity."""
    ms = [m for m in article.mentions if m.kind == "name"]
    text = article.text
    index = {id(m): i for i, m in enumerate(article.mentions)}
    for k, a in enumerate(ms):
        for b in ms[k + 1:k + 4]:
            if b.start - a.end > 200 or b.type != a.type:
                continue
            if ALIAS.match(text[a.end:b.start]):
                uf.union(index[id(a)], index[id(b)])
                break


def _join_renames(article: Article, uf: _Clusters) -> list[tuple[int, int, tuple[int, int]]]:
    """Join "X—now Y" pairs; return (old index, new index, evidence span) for each."""
    ms = article.mentions
    text = article.text
    found = []
    orgs = [i for i, m in enumerate(ms) if m.type == "ORG"]
    for a, b in itertools.pairwise(orgs):
        gap = text[ms[a].end:ms[b].start]
        if len(gap) > MAX_GAP or not RENAME.match(gap):
            continue
        old, new = (b, a) if FORMERLY.search(gap) else (a, b)
        uf.union(a, b)
        found.append((old, new, (ms[a].start, ms[b].end)))
    return found


def _join_short_names(ms: list[Mention], uf: _Clusters) -> None:
    # full names indexed by the skeleton of a word (linear in the mentions, not quadratic)
    person_by: dict[tuple[int, str], int] = {}  # (word position, skeleton) → first introduced
    org_by: dict[str, list[int]] = {}  # skeleton of the last word → organisations
    for j, m in enumerate(ms):
        parts = _name(m).split()
        if len(parts) < 2 or m.source == "title" or m.type not in ("PERSON", "ORG"):
            continue
        if m.type == "PERSON":
            for pos in (-1, 0):
                key = (pos, skeleton(parts[pos]))
                if key not in person_by or m.start < ms[person_by[key]].start:
                    person_by[key] = j
        else:
            org_by.setdefault(skeleton(parts[-1]), []).append(j)
    for i, m in enumerate(ms):
        words = _name(m).split()
        if len(words) != 1 or m.kind == "acronym":
            continue
        word = skeleton(words[0])
        if m.type == "PERSON":
            # a surname goes to the first person introduced with it; a given name likewise
            for pos in (-1, 0):
                if (pos, word) in person_by:
                    uf.union(i, person_by[(pos, word)])
                    break
        elif m.type == "ORG":
            roots = {uf.find(j) for j in org_by.get(word, ())
                     if _is_group_prefix(display(ms[j].text), m.text)}
            if len(roots) == 1:
                uf.union(i, roots.pop())


def _join_titles(article: Article, uf: _Clusters) -> None:
    """"Foreign Secretary Boris Johnson", "Tobias Ellwood, Foreign Office Minister": one person."""
    ms = article.mentions
    text = article.text

    def titled(m: Mention) -> bool:
        return m.source == "title" or bool(rules.TITLE_AT_END.search(m.text))

    def one_person(a: Mention, b: Mention, gap: str) -> bool:
        if a.source == "title" and COPULA_GAP.match(gap):
            return True  # "His Chief of Staff is Major General NAME"
        if titled(a) == titled(b):
            return False
        return bool(gap in (" ", ", ") or (gap.startswith(", ") and len(gap) <= 3)
                    or TITLE_GAP.match(gap) or (titled(b) and BECAME_GAP.match(gap))
                    or (a.source == "title" and DESCRIBED_GAP.match(gap)))

    named: set[int] = set()  # title mentions that stand next to their holder's name
    for i, (a, b) in enumerate(itertools.pairwise(ms)):
        if a.type == b.type == "PERSON" and one_person(a, b, text[a.end:b.start]):
            uf.union(i, i + 1)
            named.update(j for j in (i, i + 1) if ms[j].source == "title")
    titles: dict[str, list[int]] = {}
    for i, m in enumerate(ms):
        if m.source == "title":
            titles.setdefault(normalize(display(m.text)), []).append(i)
    for idxs in titles.values():
        _join_same_title(uf, idxs, named)


def _join_same_title(uf: _Clusters, idxs: list[int], named: set[int]) -> None:
    """One title used several times ("President"): one person, unless the text names
    different holders ("President Bashar al-Assad" … "President Barack Obama"); then a bare
    use is the holder named last before it (or first after it), as a reader takes it."""
    holders = [i for i in idxs if i in named]
    if len({uf.find(i) for i in holders}) <= 1:
        for i in idxs[1:]:
            uf.union(idxs[0], i)
        return
    for i in idxs:
        if i not in named:
            before = [h for h in holders if h < i]
            uf.union(i, before[-1] if before else holders[0])


def _is_group_prefix(long: str, short: str) -> bool:
    """"Jabhat a-Nusra" ends with "Nusra" after group-type words only."""
    head = long.split()[0]
    return head in rules.GROUP_HEADS or head.rstrip("'’") in rules.GROUP_HEADS


def _entity(eid: str, members: list[Mention], kb: KnowledgeBase) -> EntityRec:
    kb_ids = Counter(m.kb_id for m in members if m.kb_id)
    actor = kb.get(kb_ids.most_common(1)[0][0]) if kb_ids else None
    types = Counter(m.type for m in members)
    if actor is not None:
        etype = actor.type
    elif types.get("ORG") and any(m.source in ("pattern", "acronym") for m in members):
        etype = "ORG"
    else:
        etype = types.most_common(1)[0][0]
    names = [display(m.text) for m in members if m.kind != "acronym" and m.source != "title"] \
        or [display(m.text) for m in members]
    # the fullest form used in the text names the entity; the KB's name when it is linked
    best = max(names, key=lambda n: (len(normalize(n).split()), -names.index(n)))
    ent = EntityRec(id=eid, type=etype, name=actor.name if actor else best, mentions=list(members))
    if actor is not None:
        ent.kb_id, ent.wikidata = actor.id, actor.wikidata
    for m in members:
        ent.add_alias(display(m.text))
    if actor is not None and best != actor.name:
        ent.add_alias(best)
    return ent


def _resolve_places(article: Article) -> None:
    from allegiance.geo.places import resolve_place

    text = article.text
    for ent in article.entities:
        if ent.type == "ORG":
            # a country acting as a state ("Turkey built the force") is still where it is
            found = resolve_place(ent.name, country=None)
            if found is not None and found.kind == "country" and found.score >= 0.9:
                ent.geonames, ent.lat, ent.lon = found.geonames, found.lat, found.lon
                ent.geo_precision = found.precision
            continue
        if ent.type != "PLACE":
            continue
        # every place the entity is named gives context ("…, in Aleppo province")
        context = " … ".join(text[max(0, m.start - 120):m.end + 120]
                             for m in sorted(ent.mentions, key=lambda m: m.start)[:8])
        names = sorted({display(m.text) for m in ent.mentions if m.kind == "name"},
                       key=lambda n: (len(core_name(n)) == 0, len(n)))
        for name in names:
            cand = resolve_place(name, context=context)
            if cand is not None and cand.country != HOME_COUNTRY and cand.kind in ("town", "village") \
                    and cand.score < FOREIGN_LOOKALIKE:
                continue  # a Syrian village the gazetteer lacks is no town of that name abroad
            if cand is not None:
                ent.geonames, ent.lat, ent.lon = cand.geonames, cand.lat, cand.lon
                ent.admin1, ent.geo_precision = cand.admin1, cand.precision
                if cand.wikidata and not ent.wikidata:
                    ent.wikidata = cand.wikidata
                break
    _borrow_places(article)


def _borrow_places(article: Article) -> None:
    """A place the gazetteer does not know ("the village of X east of Y", "X in Y
    province") is placed at the nearest place named with it, one step coarser: its admin1
    and coordinates, precision 2 (near a town) or that place's own when coarser."""
    text = article.text
    known = sorted(((m.start, m.end, e) for e in article.entities if e.type == "PLACE" and e.lat is not None
                    for m in e.mentions), key=lambda x: x[0])
    starts = [k[0] for k in known]
    longest = max((e - s for s, e, _ in known), default=0)
    for ent in article.entities:
        if ent.type != "PLACE" or ent.lat is not None:
            continue
        best = None
        for m in ent.mentions:
            # only places within 60 characters can be near it: a window of the sorted starts
            window = known[bisect_left(starts, m.start - 60 - longest):bisect_right(starts, m.end + 60)]
            for s, e, other in window:
                if other is ent or not other.admin1:
                    continue
                gap = text[m.end:s] if s >= m.end else text[e:m.start]
                if len(gap) > 60 or re.search(r"[.;!?\n]", gap):
                    continue
                if s >= m.end and not NEAR_GAP.search(gap):
                    continue
                dist = len(gap) + (0 if s >= m.end else 30)  # the place named after it first
                if best is None or dist < best[0]:
                    best = (dist, other)
        if best is not None:
            other = best[1]
            ent.lat, ent.lon, ent.admin1 = other.lat, other.lon, other.admin1
            ent.geo_precision = max(2, other.geo_precision or 2)


def _set_speakers(article: Article) -> None:
    """The interviewee answers; labelled turns go to the person the label names."""
    segs = article.structured.segments
    narrative = {"headline", "lede", "body", "caption"}
    counts: Counter[str] = Counter()
    for ent in article.entities:
        if ent.type != "PERSON":
            continue
        for m in ent.mentions:
            seg = article.structured.segment_at(m.start)
            if _is_reporter(article.text, m):
                ent.attrs["reporter"] = True
            elif seg is not None and seg.kind in narrative:
                counts[ent.id] += 1
    by_label: dict[str, str] = {}
    for s in segs:
        if s.label and s.kind == "answer" and s.label.lower() not in ("a", "answer", "interviewee"):
            who = _person_named(article, s.label)
            if who:
                by_label[s.label] = who
    if not any(s.kind == "answer" for s in segs):
        return
    if counts:
        article.interviewee = max(counts, key=lambda e: (counts[e], -_first(article, e)))
    elif by_label:
        article.interviewee = next(iter(by_label.values()))
    for i, s in enumerate(segs):
        if s.kind == "answer":
            who = by_label.get(s.label or "") or article.interviewee
            if who:
                article.segment_speakers[i] = who


def _is_reporter(text: str, m: Mention) -> bool:
    """"tells OUTLET’s NAME", "told NAME", "spoke to NAME": the person asking."""
    before = text[max(0, m.start - 40):m.start].lower()
    return bool(re.search(r"(?:tells?|told|speaking\s+to|spoke\s+(?:to|with)|interviewed\s+by)\s+"
                          r"(?:(?:[\w’'-]+\s+){0,3}?[\w’'-]+['’]s\s+)?$", before))


def _first(article: Article, eid: str) -> int:
    ent = article.entity(eid)
    return min(m.start for m in ent.mentions) if ent and ent.mentions else 0


def _person_named(article: Article, label: str) -> str | None:
    key = skeleton(label)
    for ent in article.entities:
        if ent.type == "PERSON" and any(skeleton(a) == key or key in skeleton(a).split()
                                        for a in [ent.name, *ent.aliases]):
            return ent.id
    return None
