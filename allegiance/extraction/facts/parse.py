"""Reading an article for the facts stage: sentences, re-parsed with names masked.

The small English parser breaks on transliterated names (a group called "Jabhat a-Sabah"
parses as a preposition and a noun), so each sentence is parsed again with every mention replaced by
one plain placeholder word of its type ("John", "Google", "Paris"). Tokens of the masked
parse map back to the original text, and a placeholder token to its entity.

Also here: the reading of references that are not names ("the group", "their", "his
brother", "its founder") — resolved from what the text has said before.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from allegiance.errors import KnowledgeBaseError
from allegiance.extraction.article import Article, Mention
from allegiance.extraction.entities.rules import COLLECTIVE_ACTOR, DEMONYMS, PERSON_NOUNS
from allegiance.extraction.facts import lexicon as R
from allegiance.names import normalize
from allegiance.read.cues import TURN_LABEL

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_DET_DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their"})
_BRACKET = re.compile(r"\[([^\[\]]{1,200})\]")
_JOINABLE_GAP = re.compile(r"^[\s,()\[\]—–-]*(?:(?:now|formerly|later|or)\b[\s,]*)?[\s,()\[\]—–-]*$")


@dataclass
class Unit:
    """A mention (or a run of mentions of one entity) masked as one placeholder."""

    start: int
    end: int
    entity: str
    type: str
    kind: str = "name"


@dataclass
class Piece:
    mstart: int  # offsets in the masked text
    mend: int
    start: int   # offsets in the original text
    end: int
    unit: Unit | None = None


@dataclass
class Sentence:
    start: int  # the evidence span in the original text
    end: int
    seg_index: int
    seg_kind: str
    masked: str
    pieces: list[Piece]
    bracket_of: Unit | None = None  # set for "[…]" descriptions attached to a name
    doc: Doc | None = None
    events: list[list[Token]] | None = None  # the event layer's trigger groups, once found

    def orig(self, tok: Token) -> tuple[int, int]:
        """The original span of a masked token."""
        for p in self.pieces:
            if p.mstart <= tok.idx < p.mend:
                if p.unit is not None:
                    return p.unit.start, p.unit.end
                s = p.start + tok.idx - p.mstart
                return s, min(p.end, s + len(tok.text))
        return self.start, self.start

    def unit(self, tok: Token) -> Unit | None:
        for p in self.pieces:
            if p.unit is not None and p.mstart <= tok.idx < p.mend:
                return p.unit
        return None


@dataclass
class Ref:
    """A reference to an ORG seen so far, for "the group", "their", "its"."""

    start: int
    entity: str
    salient: bool
    subject: bool
    in_note: bool
    seg_index: int


@dataclass
class Reading:
    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    pronouns: dict[int, str] = field(default_factory=dict)  # original start → entity
    government: set[str] = field(default_factory=set)      # ORG entities that are a state
    media: set[str] = field(default_factory=set)
    collective: set[str] = field(default_factory=set)  # "the international community" and kin
    noncombatants: set[str] = field(default_factory=set)  # monitors, aid, outlets, councils: no side
    learned: dict[str, set[str]] = field(default_factory=dict)  # group noun → ORG entities
    kin: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (person, kin) → people
    heads: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (org, role) → people
    memberships: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # person → orgs
    parents: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # org → orgs it joined
    founded: list[tuple[int, str]] = field(default_factory=list)  # (sentence start, org founded there)
    main_place: str | None = None  # the place the report is about, for events the text places nowhere
    _we: float | None = None
    # indexes over refs and mentions (parse.py's look-ups), rebuilt when those lists change
    _ref_index: _RefIndex | None = field(default=None, repr=False, compare=False)
    _mention_index: _MentionIndex | None = field(default=None, repr=False, compare=False)

    @property
    def first_person_share(self) -> float:
        """The share of sentences that speak as "we" (a statement, not a report)."""
        if self._we is None:
            we = sum(1 for x in self.sentences if x.doc is not None and any(
                t.lower_ in ("we", "our", "us") for t in x.doc))
            self._we = we / len(self.sentences) if self.sentences else 0.0
        return self._we

    @property
    def has_body(self) -> bool:
        """Whether the text is more than a headline (a headline's events are told again below)."""
        return any(seg.kind not in ("headline", "boilerplate") for seg in self.article.structured.segments)

    def etype(self, eid: str | None) -> str | None:
        ent = self.article.entity(eid)
        return ent.type if ent else None


def read(article: Article, nlp_pipe: Callable[[list[str]], Iterable[Doc]]) -> Reading:
    """Split the article into sentences and parse each with its names masked."""
    return read_many([article], nlp_pipe)[0]


def read_many(articles: list[Article], nlp_pipe: Callable[[list[str]], Iterable[Doc]]) -> list[Reading]:
    """`read` for several articles, with one `nlp_pipe` call for all their sentences: spaCy
    parses short texts faster in big batches (a batch of 8 articles' masked sentences took
    0.83 of the time of one call per article), and a sentence's parse does not depend on
    the others in its batch."""
    readings = [layout(a) for a in articles]
    docs = iter(nlp_pipe([s.masked for r in readings for s in r.sentences]))
    for reading in readings:
        attach(reading, [next(docs) for _ in reading.sentences])
    return readings


def layout(article: Article) -> Reading:
    """The article's sentences with their names masked, not yet parsed (`attach` adds the
    parses)."""
    reading = Reading(article)
    _classify_orgs(reading)
    units = _units(article)
    for m in article.mentions:
        if m.kind == "pronoun" and m.entity:
            reading.pronouns[m.start] = m.entity
        elif m.kind == "generic" and m.entity:
            # "rebel forces", "Syrian rebels": every word is the generic actor, unmasked
            for w in re.finditer(r"\S+", m.text):
                reading.pronouns[m.start + w.start()] = m.entity
    doc = article.doc
    segs = article.structured.segments
    bounds = ([(s.start_char, s.end_char) for s in doc.sents] if doc is not None
              else [(s.start, s.end) for s in segs])
    ends = _running_max([e for _, e in bounds])
    starts = [s for s, _ in bounds]
    by_start = starts == sorted(starts)
    inside = _UnitIndex(units)
    for i, seg in enumerate(segs):
        if seg.kind in ("boilerplate", "pullquote"):
            continue
        # only the sentences that overlap the segment: past every one ending by its start,
        # up to the first starting at its end (when the sentences come in text order)
        lo = bisect_right(ends, seg.start)
        hi = bisect_left(starts, seg.end, lo) if by_start else len(bounds)
        for s, e in bounds[lo:hi]:
            s, e = max(s, seg.start), min(e, seg.end)
            if e <= s:
                continue
            s, e = _trim(article.text, s, e)
            if seg.kind in ("question", "answer") and s <= seg.start + 3:
                # a name label ("Al-NAME: …") is who speaks, not what is said
                label = TURN_LABEL.match(article.text, s, e)
                if label is not None:
                    s = label.end()
            if e - s < 3:
                continue
            reading.sentences.extend(_sentences(article.text, s, e, i, seg.kind, inside))
    return reading


def attach(reading: Reading, docs: list[Doc]) -> Reading:
    """Gives each sentence of a `layout` its parse (in order) and collects the groups named."""
    for sent, parsed in zip(reading.sentences, docs, strict=True):
        sent.doc = parsed
    _collect_refs(reading)
    return reading


def masked_parser(model: str | None) -> Callable[[list[str]], Iterable[Doc]]:
    """spaCy's `pipe` for the masked sentences: tags, lemmas and dependencies; no NER (the
    entities are already known)."""
    from allegiance.extraction.language import load_pipeline

    nlp = load_pipeline(model)
    skip = [name for name in ("ner",) if name in nlp.pipe_names]
    return lambda texts: nlp.pipe(texts, disable=skip)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    label = re.match(R.SEGMENT_LABEL, text[s:e])
    if label:
        s += label.end()
    while e > s and text[e - 1] in " \n\t":
        e -= 1
    if text[s:e].endswith("]") and text[s:e].count("[") < text[s:e].count("]"):
        e -= 1
    while s < e and text[s] in " \n\t":
        s += 1
    return s, e


def _classify_orgs(reading: Reading) -> None:
    from allegiance.kb import load_kb

    kb = load_kb()
    outlet = normalize(reading.article.structured.outlet or "")
    for ent in reading.article.entities:
        if ent.type != "ORG":
            continue
        actor = kb.get(ent.kb_id) if ent.kb_id else None
        words = {w.lower().strip("’'") for n in [ent.name, *ent.aliases] for w in n.split()}
        if (actor is not None and actor.kind == "government") or words & R.GOVERNMENT_WORDS:
            reading.government.add(ent.id)
        is_outlet = bool(outlet) and outlet in {normalize(n) for n in [ent.name, *ent.aliases]}
        if (actor is not None and actor.kind in ("media", "news")) or words & R.MEDIA_WORDS or is_outlet:
            reading.media.add(ent.id)
        if is_outlet or (actor is not None and actor.kind in ("media", "news", "ngo", "opposition_body")):
            reading.noncombatants.add(ent.id)  # not by MEDIA_WORDS: the Haqqani "network" fights
        if any(COLLECTIVE_ACTOR.fullmatch(n) for n in [ent.name, *ent.aliases]):
            reading.collective.add(ent.id)


def _units(article: Article) -> list[Unit]:
    """Mentions to mask: names and descriptors, the outer one when they nest; a run of
    names of one entity ("X (ACR)", "X—now Y") becomes one unit."""
    ms = sorted((m for m in article.mentions if m.entity and m.kind not in ("pronoun", "generic")),
                key=lambda m: (m.start, -m.end))
    out: list[Unit] = []
    for m in ms:
        if out and m.start < out[-1].end:
            continue
        ent = article.entity(m.entity)
        etype = ent.type if ent else m.type
        if out and out[-1].entity == m.entity and _JOINABLE_GAP.match(
                article.text[out[-1].end:m.start]) and m.start - out[-1].end < 12:
            gap = article.text[out[-1].end:m.start]
            tail = article.text[m.end:m.end + 1]
            closes = (tail == ")" and "(" in gap) or (tail == "]" and "[" in gap) or (
                tail in ("—", "–", ",") and tail in gap)  # "X—now Y—did": the aside ends too
            out[-1].end = m.end + (1 if closes else 0)
            continue
        out.append(Unit(m.start, m.end, m.entity or "", etype, _kind(m)))
    return out


def _kind(m: Mention) -> str:
    return m.kind


def _running_max(values: list[int]) -> list[int]:
    """values[:i+1]'s maximum at i: a sorted list to bisect over ends that are not sorted."""
    out: list[int] = []
    top = -1
    for v in values:
        top = max(top, v)
        out.append(top)
    return out


class _UnitIndex:
    """The units, to find the ones inside a span without scanning them all (a long article
    has thousands of sentences and thousands of units)."""

    def __init__(self, units: list[Unit]) -> None:
        self.units = units
        self.starts = [u.start for u in units]
        self.sorted = self.starts == sorted(self.starts)

    def inside(self, s: int, e: int) -> list[Unit]:
        """The units within [s, e], in their order."""
        if not self.sorted:
            return [u for u in self.units if s <= u.start and u.end <= e]
        lo, hi = bisect_left(self.starts, s), bisect_right(self.starts, e)
        return [u for u in self.units[lo:hi] if u.end <= e]


def _sentences(text: str, s: int, e: int, seg_index: int, seg_kind: str,
               units: _UnitIndex) -> list[Sentence]:
    """The masked sentence, and one more for each "[…]" that describes the name before it."""
    inside = units.inside(s, e)
    extra: list[Sentence] = []
    skips: list[tuple[int, int]] = []
    for b in _BRACKET.finditer(text, s, e):
        before = [u for u in inside if u.end <= b.start() and not text[u.end:b.start()].strip()]
        content = b.group(1)
        if before and not re.match(r"\s*(?:now|formerly)\b", content):
            skips.append((b.start(), b.end()))
            cs, ce = b.start(1), b.end(1)
            owner = before[-1]
            head = R.PLACEHOLDER[owner.type] + " is "
            sub = [u for u in inside if cs <= u.start and u.end <= ce]
            masked, pieces = _mask(text, cs, ce, sub, [])
            pieces = [Piece(0, len(head) - 4, owner.start, owner.end, owner),
                      *[Piece(p.mstart + len(head), p.mend + len(head), p.start, p.end, p.unit)
                        for p in pieces]]
            extra.append(Sentence(cs, ce, seg_index, seg_kind, head + masked + ".", pieces,
                                  bracket_of=owner))
    masked, pieces = _mask(text, s, e, [u for u in inside if not any(a <= u.start < b for a, b in skips)],
                           skips)
    return [Sentence(s, e, seg_index, seg_kind, masked, pieces), *extra]


def _mask(text: str, s: int, e: int, units: list[Unit], skips: list[tuple[int, int]]
          ) -> tuple[str, list[Piece]]:
    out: list[str] = []
    pieces: list[Piece] = []
    pos, mpos = s, 0
    events = sorted([(u.start, u.end, u) for u in units] + [(a, b, None) for a, b in skips],
                    key=lambda x: x[0])

    def plain(a: int, b: int) -> None:
        nonlocal mpos
        if b <= a:
            return
        chunk = text[a:b].replace("[", " ").replace("]", " ")
        out.append(chunk)
        pieces.append(Piece(mpos, mpos + len(chunk), a, b))
        mpos += len(chunk)

    for a, b, u in events:
        if a < pos:
            continue
        plain(pos, a)
        if u is not None:
            word = R.PLACEHOLDER.get(u.type, "Google")
            if u.kind == "descriptor" and text[a:a + 4].lower() != "the ":
                word = R.PLACEHOLDER[u.type]
            if b < len(text) and text[b].isalnum():
                word += " "  # "X—now Y—attacked": the aside's dash went into the unit
            if out and out[-1][-1:].isalnum():
                word = " " + word
            out.append(word)
            pieces.append(Piece(mpos, mpos + len(word), a, b, u))
            mpos += len(word)
        pos = b
    plain(pos, e)
    return "".join(out), pieces


def _collect_refs(reading: Reading) -> None:
    """Every ORG named so far, with whether it is an argument (salient) or a modifier."""
    for sent in reading.sentences:
        if sent.doc is None:
            continue
        for tok in sent.doc:
            u = sent.unit(tok)
            if u is None or u.type != "ORG" or tok.text not in R.PLACEHOLDER_WORDS:
                continue
            reading.refs.append(Ref(
                start=u.start, entity=u.entity,
                salient=tok.dep_ not in ("compound", "amod", "npadvmod", "poss", "nmod")
                and not _describes_another_group(sent, tok),
                subject=tok.dep_ in ("nsubj", "nsubjpass"),
                in_note=sent.seg_kind == "editor_note" or sent.bracket_of is not None,
                seg_index=sent.seg_index))
    reading.refs.sort(key=lambda r: r.start)


def _describes_another_group(sent: Sentence, tok: Token) -> bool:
    """Y in "X, a part of Y": said of X, so a later "them" is X, not Y."""
    cur = tok
    for _ in range(3):
        if cur.dep_ == "appos":
            head = sent.unit(cur.head)
            return head is not None and head.type == "ORG"
        if cur.head is cur:
            return False
        cur = cur.head
    return False


def add_ref(reading: Reading, start: int, entity: str, *, subject: bool, sent: Sentence) -> None:
    index = refs_index(reading)
    at = bisect_left(index.starts, start) if index.sorted else None
    if (index.starts[at:at + 1] == [start]) if at is not None else any(r.start == start for r in reading.refs):
        return
    ref = Ref(start, entity, True, subject, sent.seg_kind == "editor_note" or sent.bracket_of is not None,
              sent.seg_index)
    if at is None:
        reading.refs.append(ref)
        reading.refs.sort(key=lambda r: r.start)
    else:
        index.insert(at, ref)  # where the sort by start puts it: no ref starts there yet


class _RefIndex:
    """The refs (kept sorted by start) for "the refs before `offset` from segment `floor`
    on" in log time: a long article has thousands of refs and asks this for every "the group".

    A ref of segment k or later starts at or after the smallest start among those refs
    (`floors`), so the refs asked for lie between that start and `offset`."""

    def __init__(self, refs: list[Ref]) -> None:
        self.refs = refs
        self.size = len(refs)
        self.starts = [r.start for r in refs]
        self.sorted = self.starts == sorted(self.starts)
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        for r in refs:
            first[r.seg_index] = min(first.get(r.seg_index, r.start), r.start)
            last[r.seg_index] = max(last.get(r.seg_index, r.start), r.start)
        self.segs = sorted(first)
        self.floors = [first[k] for k in self.segs]  # then: the smallest start from segs[j] on
        for j in range(len(self.floors) - 2, -1, -1):
            self.floors[j] = min(self.floors[j], self.floors[j + 1])
        self.ceilings = _running_max([last[k] for k in self.segs])  # the largest start up to segs[j]

    def insert(self, at: int, ref: Ref) -> None:
        """Put `ref` at `at` in the (sorted) refs and keep the index true, without a rebuild."""
        self.refs.insert(at, ref)
        self.starts.insert(at, ref.start)
        self.size += 1
        j = bisect_left(self.segs, ref.seg_index)
        if j == len(self.segs) or self.segs[j] != ref.seg_index:
            self.segs.insert(j, ref.seg_index)
            self.floors.insert(j, min(ref.start, self.floors[j]) if j < len(self.floors) else ref.start)
            self.ceilings.insert(j, max(ref.start, self.ceilings[j - 1]) if j > 0 else ref.start)
        for k in range(j, -1, -1):  # floors grow with k: lower them down to the first already lower
            if self.floors[k] <= ref.start and k < j:
                break
            self.floors[k] = min(self.floors[k], ref.start)
        for k in range(j, len(self.ceilings)):  # ceilings grow with k: raise them likewise
            if self.ceilings[k] >= ref.start and k > j:
                break
            self.ceilings[k] = max(self.ceilings[k], ref.start)

    def before(self, offset: int, floor: int | None = None) -> list[Ref]:
        """The refs that start before `offset` (of segment `floor` or later), in order."""
        if not self.sorted:
            return [r for r in self.refs if r.start < offset and (floor is None or r.seg_index >= floor)]
        hi = bisect_left(self.starts, offset)
        if floor is None:
            return self.refs[:hi]
        j = bisect_left(self.segs, floor)
        if j == len(self.segs):
            return []
        lo = bisect_left(self.starts, self.floors[j], 0, hi)
        return [r for r in self.refs[lo:hi] if r.seg_index >= floor]

    def after(self, offset: int, ceiling: int) -> list[Ref]:
        """The refs that start after `offset` and are of segment `ceiling` or before, in order."""
        if not self.sorted:
            return [r for r in self.refs if r.start > offset and r.seg_index <= ceiling]
        j = bisect_right(self.segs, ceiling)
        if j == 0:
            return []
        lo = bisect_right(self.starts, offset)
        hi = bisect_right(self.starts, self.ceilings[j - 1], lo)
        return [r for r in self.refs[lo:hi] if r.seg_index <= ceiling]


def refs_index(reading: Reading) -> _RefIndex:
    """The index over `reading.refs`, built again when the list has changed."""
    index = reading._ref_index
    if index is None or index.refs is not reading.refs or index.size != len(reading.refs):
        index = reading._ref_index = _RefIndex(reading.refs)
    return index


class _MentionIndex:
    """The article's mentions by start, for the mention last named before an offset
    without scanning every mention for every pronoun."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.size = len(mentions)
        starts = [m.start for m in mentions]
        self.sorted = starts == sorted(starts)
        self.ends = _running_max([m.end for m in mentions])  # to find the first ending past an offset
        self.order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)  # stable
        self.by_start = [mentions[i].start for i in self.order]

    def until(self, offset: int) -> int:
        """How many mentions come (in list order) before the first that ends after `offset`."""
        return bisect_right(self.ends, offset)

    def latest_first(self, offset: int, floor: int) -> Iterable[Mention]:
        """The mentions that start in [floor, offset], latest start first (those of one start
        in list order): the order of a stable sort by start, reversed."""
        j = bisect_right(self.by_start, offset)
        while j > 0 and self.by_start[j - 1] >= floor:
            i = bisect_left(self.by_start, self.by_start[j - 1], 0, j)
            for k in range(i, j):
                yield self.mentions[self.order[k]]
            j = i

    def within(self, start: int, end: int) -> list[Mention]:
        """The mentions that start in [start, end] (a superset of those inside the span)."""
        lo, hi = bisect_left(self.by_start, start), bisect_right(self.by_start, end)
        return [self.mentions[self.order[k]] for k in range(lo, hi)]


def mentions_index(reading: Reading) -> _MentionIndex:
    """The index over the article's mentions, built again when the list has changed."""
    mentions = reading.article.mentions
    index = reading._mention_index
    if index is None or index.mentions is not mentions or index.size != len(mentions):
        index = reading._mention_index = _MentionIndex(mentions)
    return index


def state_of(rd: Reading, demonym: str) -> str | None:
    """"Syrian warplanes": the government of that country when the article names one, else
    the country itself — unless the KB holds that state's government as a party of its own
    (kind "government": the Syrian state in its civil war), whose doings are never the
    country's: then none."""
    from allegiance.kb import load_kb

    country = DEMONYMS[demonym]
    words = {country.lower(), demonym.lower()}
    govs = [g for g in sorted(rd.government) if (e := rd.article.entity(g)) is not None
            and words & {re.sub(r"['’]s?$", "", w.lower()) for n in [e.name, *e.aliases] for w in n.split()}]
    if len(govs) == 1:
        return govs[0]
    if any(m.score >= 0.93 and m.actor.kind == "government" for m in load_kb().lookup(f"Government of {country}")):
        return None
    return named_country(rd, country)


def named_country(rd: Reading, country: str) -> str | None:
    """The entity of a country the article names (by any of its names), if any."""
    key = country.lower()
    for e in rd.article.entities:
        if e.type in ("ORG", "PLACE") and key in {n.lower() for n in [e.name, *e.aliases]}:
            return e.id
    return None


def _town_antecedent(rd: Reading, s: Sentence, offset: int, exclude: set[str] | None) -> str | None:
    """The settlement last named before `offset` in this segment or the one before."""
    segs = rd.article.structured.segments
    floor = segs[max(0, s.seg_index - 1)].start if max(0, s.seg_index - 1) < len(segs) else 0
    for m in mentions_index(rd).latest_first(offset, floor):  # a mention ends after it starts
        if m.end > offset or m.start < floor:
            continue
        ent = rd.article.entity(m.entity) if m.entity else None
        if ent is not None and ent.type == "PLACE" and ent.id not in (exclude or set()) \
                and ent.geo_precision in (None, 1):
            return ent.id
    return None


def _speakers_group(rd: Reading, s: Sentence, exclude: set[str] | None) -> str | None:
    """The interviewee's "we": the group the answers last put the speaker in before this
    sentence (a membership, a founding, a joining), when there is one."""
    who = rd.article.interviewee
    if who is None:
        return None
    before = [oid for start, oid in rd.memberships.get(who, []) if start < s.start
              and oid not in (exclude or set())]
    if not before:
        return None
    group = before[-1]
    # "we joined Liwa al-Islam": from then on "our positions" are the bigger group's
    for _ in range(3):
        up = [p for start, p in rd.parents.get(group, []) if start < s.start and p not in (exclude or set())]
        if not up:
            break
        group = up[-1]
    return group


def org_antecedent(reading: Reading, sent: Sentence, offset: int, *, noun: str | None = None,
                   exclude: set[str] | None = None, window: int = 4) -> str | None:
    """The group "the group", "this army", "their" stands for: the most recent salient ORG
    before `offset` in this or the few segments before; in an interviewee's answer the
    editor's notes are not what the speaker refers to."""
    exclude = exclude or set()
    in_note = sent.seg_kind == "editor_note" or sent.bracket_of is not None
    floor = sent.seg_index - window
    learned = reading.learned.get(noun or "", set())
    gov_ok = noun in R.GOVERNMENT_NOUNS
    index = refs_index(reading)
    cands = [r for r in index.before(offset, floor)
             if (in_note or not r.in_note) and r.salient and r.entity not in exclude
             and ((r.entity in reading.government) == gov_ok or noun is None)
             # "the group" is never "the international community"
             and (noun is None or r.entity not in reading.collective)]
    if noun in _NON_STATE_NOUNS:
        # "the group", "the faction" in reporting is never a state ("Iran", "Government of
        # Turkey", but "the Wagner Group") nor an outlet ("Reuters"); when the last one named
        # is a state, which group is meant is a guess: none
        def unfit(r: Ref) -> bool:
            return r.entity in reading.media or (
                is_state(reading, r.entity) and not _name_has(reading, r.entity, noun))

        if cands and unfit(cands[-1]):
            return None
        cands = [r for r in cands if not unfit(r)]
    if noun == "army":
        # "the army" in reporting is a state's army, not "Jaysh X" (Arabic for "army of X")
        state = [r for r in cands if _kb_kind(reading, r.entity) == "military"]
        # the army itself before any of its units ("the Tiger Forces", "the 4th Division")
        def is_army(r: Ref) -> bool:
            ent = reading.article.entity(r.entity)
            return ent is not None and "army" in ent.name.lower() and _kb_kind(reading, r.entity) == "military"

        # the army itself before any of its units ("the Tiger Forces"), named anywhere before
        known: dict[str, bool] = {}

        def army_of(r: Ref) -> bool:
            if r.entity not in known:
                known[r.entity] = is_army(r)
            return known[r.entity]

        army = next((r for r in reversed(index.before(offset)) if army_of(r)), None)
        if army is not None or state:
            return (army or state[-1]).entity
    if noun in R.GROUP_NOUN_NAMES:
        cands = [r for r in cands if r.entity in learned or _called(reading, r.entity, noun)]
    if not cands:
        return None
    if learned:
        # what the text called this kind of group breaks a tie among the last few groups
        recent: list[str] = []
        for r in reversed(cands):
            if r.entity not in recent:
                recent.append(r.entity)
        hits = [e for e in recent[:3] if e in learned]
        if hits:
            return hits[0]
    same_sentence_subjects = [r for r in cands if r.subject and r.start >= sent.start]
    if same_sentence_subjects:
        return same_sentence_subjects[-1].entity
    if noun is None:
        cands = [r for r in cands if r.entity not in reading.government] or cands
    return cands[-1].entity


# Group nouns that never stand for a state; "the force(s)", "the army", "the unit" may.
_NON_STATE_NOUNS = frozenset({"group", "faction", "militia", "movement", "organisation", "organization",
                              "outfit", "network", "front", "brigade", "battalion", "umbrella"})
_COUNTRIES = frozenset(DEMONYMS.values())


_STATE_KINDS = frozenset({"state", "government", "military", "foreign_force", "security"})


def is_state(reading: Reading, eid: str) -> bool:
    """Whether an entity is a state or a state's forces: a country the article names as an
    actor, a state's government, or a KB actor of a state kind ("Russian Aerospace Forces")."""
    ent = reading.article.entity(eid)
    return ent is not None and (eid in reading.government or ent.name in _COUNTRIES
                                or _kb_kind(reading, eid) in _STATE_KINDS)


def _name_has(reading: Reading, eid: str, word: str) -> bool:
    ent = reading.article.entity(eid)
    return ent is not None and any(word in n.lower().split() for n in [ent.name, *ent.aliases])


def _kb_kind(reading: Reading, eid: str) -> str | None:
    ent = reading.article.entity(eid)
    if ent is None or not ent.kb_id:
        return None
    from allegiance.kb import load_kb

    kb = load_kb()
    return kb.get(ent.kb_id).kind if ent.kb_id in kb else None


def _called(reading: Reading, eid: str, noun: str) -> bool:
    """Whether one of the group's names has `noun` (or its Arabic word) in it."""
    ent = reading.article.entity(eid)
    if ent is None:
        return False
    words = {w.lower().strip("’'") for n in [ent.name, *ent.aliases] for w in n.replace("-", " ").split()}
    return bool(words & (R.GROUP_NOUN_NAMES[noun] | {noun}))


def person_antecedent(reading: Reading, offset: int, *, skip: str | None = None) -> str | None:
    """The most recent person mentioned before `offset` within two paragraphs."""
    text = reading.article.text
    para = text.rfind("\n\n", 0, offset)  # -1: "\n\n" is not in text[:offset]
    floor = text.rfind("\n\n", 0, para if para != -1 else 0)
    index = mentions_index(reading)
    mentions = reading.article.mentions
    # the last fitting one among those before the first that ends after `offset`
    for j in range(index.until(offset) - 1, -1, -1):
        m = mentions[j]
        if m.start < max(0, floor) and index.sorted:
            break
        if m.start >= max(0, floor) and m.entity and m.entity != skip and reading.etype(
                m.entity) == "PERSON" and not reading.article.entity(m.entity).attrs.get("reporter"):  # type: ignore[union-attr]
            return m.entity
    return None


# -- references: the entity a token stands for ---------------------------------------
def resolve(rd: Reading, s: Sentence, tok: Token, *, exclude: set[str] | None = None,
            depth: int = 0) -> tuple[str, float] | None:
    """The entity a token stands for, with a confidence factor; None when unknown."""
    if depth > 3:
        return None
    u = s.unit(tok)
    if u is not None:
        return u.entity, 1.0
    start = s.orig(tok)[0]
    if start in rd.pronouns:
        return rd.pronouns[start], 1.0
    low, lemma = tok.lower_, tok.lemma_.lower()
    if low in ("its", "their") and tok.dep_ == "poss":
        eid = org_antecedent(rd, s, start, exclude=exclude)
        return (eid, R.CONF_DESCRIPTOR) if eid else None
    if low in ("his", "her") and tok.dep_ == "poss":
        eid = person_antecedent(rd, start)
        return (eid, R.CONF_DESCRIPTOR) if eid else None
    if low in ("they", "them") and tok.pos_ == "PRON":
        # "They stormed our base": the group last named before, as for "their"; not when
        # people are named in between ("… with the Iraqi people as they confront …")
        assert s.doc is not None
        for t in reversed(s.doc[:tok.i]):
            if s.unit(t) is not None and s.unit(t).type == "ORG":  # type: ignore[union-attr]
                break
            if t.tag_ in ("NNS", "NNPS") and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj"):
                # unless those people are an actor ("the Iraqi people", "rebels"): then they
                generic = rd.pronouns.get(s.orig(t)[0])
                return (generic, R.CONF_DESCRIPTOR * 0.9) if generic and rd.etype(generic) == "ORG" else None
        eid = org_antecedent(rd, s, start, exclude=exclude, window=2)
        return (eid, R.CONF_DESCRIPTOR * 0.9) if eid else None
    if low == "it" and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in R.GROUP_VERBS:
        # "it merged with …", "it renamed itself …": the group last named
        eid = org_antecedent(rd, s, start, exclude=exclude, window=2)
        return (eid, R.CONF_DESCRIPTOR * 0.9) if eid else None
    if low in ("we", "us", "our") and s.seg_kind == "answer" and s.bracket_of is None:
        eid = _speakers_group(rd, s, exclude)
        return (eid, R.CONF_DESCRIPTOR * 0.9) if eid else None
    if tok.pos_ == "NUM" or low in ("some", "several", "many", "most", "all", "one", "none", "dozens",
                                    "hundreds", "scores", "thousands", "tens"):
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                return pobj_entity(rd, s, c, exclude, depth)
        return None
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    for c in tok.children:
        if c.dep_ == "appos" and s.unit(c) is not None:
            return s.unit(c).entity, 1.0  # type: ignore[union-attr]
    head_unit = s.unit(tok.head) if tok.dep_ == "appos" else None
    if head_unit is not None and (
            (lemma in R.GROUP_NOUNS and head_unit.type == "ORG")
            or ((lemma in R.ROLE_NOUNS or lemma in PERSON_NOUNS) and head_unit.type == "PERSON")):
        # "the Committee, a small group he set up", "NAME, a former commander who now lives
        # in X": the noun is the name it describes
        return head_unit.entity, 1.0
    if lemma in R.GROUP_NOUNS and any(c.lower_ == "new" and c.dep_ == "amod" for c in tok.children) \
            and any(c.lower_ == "the" for c in tok.children) and rd.founded:
        # "the new alliance": the group whose founding the text told last
        before = [oid for at, oid in rd.founded if at <= s.start and oid not in (exclude or set())]
        if before:
            return before[-1], R.CONF_DESCRIPTOR
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if lemma in R.KIN_NOUNS and poss is not None:
        owner = resolve(rd, s, poss, depth=depth + 1)
        people = rd.kin.get((owner[0], lemma), set()) if owner else set()
        if len(people) == 1:
            return next(iter(people)), R.CONF_DESCRIPTOR
        return None
    if lemma in R.ROLE_NOUNS and poss is not None and R.ROLE_NOUNS[lemma] in ("leader", "founder"):
        org = resolve(rd, s, poss, exclude=exclude, depth=depth + 1)
        people = rd.heads.get((org[0], R.ROLE_NOUNS[lemma]), set()) if org else set()
        if len(people) == 1:
            return next(iter(people)), R.CONF_DESCRIPTOR
        return None
    if lemma in R.GOVERNMENT_NOUNS:
        return _government(rd, s, tok)
    if lemma in R.PLACE_NOUNS:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                found = pobj_entity(rd, s, c, exclude, depth)
                if found and rd.etype(found[0]) == "PLACE":
                    return found
        if lemma in ("town", "city", "village") and any(c.lower_ == "the" for c in tok.children) \
                and not any(c.dep_ in ("amod", "compound") for c in tok.children):
            # "retook the town": the town last named before, in this or the paragraph before
            eid = _town_antecedent(rd, s, start, exclude)
            return (eid, R.CONF_DESCRIPTOR) if eid else None
    named_group = any(c.dep_ in ("compound", "nmod") and s.unit(c) is not None and s.unit(c).type == "ORG"  # type: ignore[union-attr]
                      for c in tok.children)
    if (lemma in R.WEAPON_NOUNS or lemma in R.GROUP_PART_NOUNS) and not named_group:
        # "Lebanese Hezbollah fighters": the group named, not its country (below)
        for c in tok.children:
            if c.dep_ in ("amod", "compound") and c.text in DEMONYMS:
                # "Russian warplanes", "Syrian troops": the country, when the article names it
                # (the government, for a state the KB holds as a party of its own)
                country = state_of(rd, c.text)
                if country:
                    return country, R.CONF_DESCRIPTOR
    if (lemma in R.WEAPON_NOUNS or lemma in R.GROUP_PART_NOUNS) and any(
            c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in R.GOVERNMENT_NOUNS
            and not (c.i > 0 and c.doc[c.i - 1].text == "-") for c in tok.children):
        # "a government anti-tank missile", "regime warplanes", "shelled regime positions"
        # (not "anti-government fighters", nor "pro-government fighters", who are not the state)
        gov = the_government(rd)
        return (gov, R.CONF_DESCRIPTOR) if gov else None
    if lemma in R.GROUP_PART_NOUNS and s.seg_kind == "answer" and any(
            c.dep_ == "poss" and c.lower_ in ("my", "our") for c in tok.children):
        # "my unit detained six women": the speaker's group
        eid = _speakers_group(rd, s, exclude)
        if eid:
            return eid, R.CONF_DESCRIPTOR * 0.9
    if lemma in R.GROUP_PART_NOUNS or lemma in R.WEAPON_NOUNS:
        # "a US drone strike": the name may modify the modifier
        for c in [*tok.children, *(g for k in tok.children if k.dep_ == "compound" for g in k.children
                                   if g.dep_ == "compound")]:
            if c.dep_ == "prep" and c.lower_ in ("of", "from"):  # "fighters from X"
                found = pobj_entity(rd, s, c, exclude, depth)
                if found:
                    return found
            if c.dep_ in ("compound", "poss", "amod", "nmod") and (
                    s.unit(c) is not None or c.dep_ == "poss"):
                found = resolve(rd, s, c, exclude=exclude, depth=depth + 1)
                if found and rd.etype(found[0]) == "ORG":
                    return found
    if lemma in R.GROUP_NOUNS:
        for c in tok.subtree:
            if c.dep_ == "appos" and s.unit(c) is not None and s.unit(c).type == "ORG":  # type: ignore[union-attr]
                return s.unit(c).entity, 1.0  # type: ignore[union-attr]
        for c in tok.children:  # "the Daesh terror group": the group the modifier names
            unit = s.unit(c) if c.dep_ in ("compound", "nmod") else None
            if unit is not None and unit.type == "ORG":
                return unit.entity, 1.0
        det = next((c.lower_ for c in tok.children if c.dep_ in ("det", "poss")), None)
        has_of = any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)
        if det in _DET_DEFINITE and tok.tag_ != "NNS" and not has_of:
            eid = org_antecedent(rd, s, start, noun=lemma, exclude=exclude)
            if eid:
                add_ref(rd, start, eid, subject=tok.dep_ in ("nsubj", "nsubjpass"), sent=s)
                return eid, R.CONF_DESCRIPTOR
    if lemma in R.ARMED_PEOPLE and any(c.dep_ == "det" and c.lower_ in ("the", "these", "those")
                                       for c in tok.children):
        # "the jihadists", "the militants": the armed group (not a state, not a monitor) named last
        cands = [r for r in refs_index(rd).before(start, s.seg_index - 2) if r.salient
                 and r.entity not in rd.government
                 and r.entity not in rd.collective and r.entity not in (exclude or set())
                 and r.entity not in rd.noncombatants and not r.in_note and not is_state(rd, r.entity)
                 and not _tribe(rd, r.entity)]
        if cands:
            return cands[-1].entity, R.CONF_DESCRIPTOR * 0.9
    return None


def _tribe(rd: Reading, eid: str) -> bool:
    """A tribe or clan ("the X tribe"): the militants' victims or allies in a report, not "the militants"."""
    ent = rd.article.entity(eid)
    return ent is not None and ent.name.split()[-1].lower() in ("tribe", "tribes", "clan", "clans")


def both_sides(rd: Reading, s: Sentence, tok: Token) -> list[str]:
    """"both sides", "the two rival groups", "the two factions": the two groups named last
    before (or, when none were, first after) this sentence; none when one of them is a
    monitor, an outlet or a council, which is no side."""
    if tok.lower_ == "two":  # "two of the most powerful groups"
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        noun = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if noun is None or noun.lemma_.lower() not in R.SIDE_NOUNS:
            return []
    elif tok.lemma_.lower() not in R.SIDE_NOUNS or tok.tag_ != "NNS" or not any(
            (c.dep_ == "det" and c.lower_ == "both") or (c.dep_ == "nummod" and c.lower_ == "two")
            for c in tok.children):
        return []
    start = s.orig(tok)[0]

    def distinct(refs: list[Ref]) -> list[str]:
        out: list[str] = []
        for r in refs:
            if r.entity not in out and r.entity not in rd.collective:
                out.append(r.entity)
        return out

    index = refs_index(rd)
    before = distinct([r for r in reversed(index.before(start, s.seg_index - 2)) if r.salient])
    two = before[:2] if len(before) >= 2 else distinct(index.after(s.end, s.seg_index + 1))[:2]
    # a monitor among the nearest two: the sides were not named as groups (no guessing further)
    return two if len(two) == 2 and not set(two) & rd.noncombatants else []


def pobj_entity(rd: Reading, s: Sentence, prep: Token, exclude: set[str] | None,
                 depth: int) -> tuple[str, float] | None:
    for c in prep.children:
        if c.dep_ == "pobj":
            return resolve(rd, s, c, exclude=exclude, depth=depth + 1)
    return None


def _country_words(country: str, demonym: str) -> set[str]:
    return {w.lower() for w in (*country.split(), demonym)} - {"the", "of", "and"}


def _name_words(rd: Reading, eid: str) -> set[str]:
    ent = rd.article.entity(eid)
    return {re.sub(r"['’]s?$", "", w.lower()) for n in ([ent.name, *ent.aliases] if ent else []) for w in n.split()}


def _government(rd: Reading, s: Sentence, tok: Token) -> tuple[str, float] | None:
    """"the government of NAME", "the regime": the state entity, when the text has one."""
    det = {c.lower_ for c in tok.children if c.dep_ == "det"}
    person = None
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            found = pobj_entity(rd, s, c, None, 0)
            if found and rd.etype(found[0]) == "PERSON":
                person = found[0]
    if person is None and not det & {"the"}:
        return None
    govs = sorted(rd.government)
    dem = next((c.text for c in tok.children if c.dep_ in ("amod", "compound") and c.text in DEMONYMS), None)
    if dem is not None and person is None:
        # "the Turkish regime": that country's, never the one government the article names
        # if that is another country's ("the Russian Defense Ministry said the Turkish regime
        # supports X")
        own = _country_words(DEMONYMS[dem], dem)
        mine = [g for g in govs if own & _name_words(rd, g)]
        if len(mine) == 1:
            return mine[0], R.CONF_DESCRIPTOR
        others = {w for d, c in DEMONYMS.items() for w in _country_words(c, d)} - own
        one = the_government(rd)
        if one is not None and others & _name_words(rd, one):
            country = state_of(rd, dem)
            return (country, R.CONF_DESCRIPTOR) if country and country != one else None
    if person is not None:
        ent = rd.article.entity(person)
        names = {w.lower() for w in (ent.name.split() if ent else []) if len(w) > 3}
        surname = {n.split("-")[-1] for n in names}
        hits = [g for g in govs if any(
            surname & {w.lower().split("-")[-1] for w in a.split()}
            for a in [rd.article.entity(g).name, *rd.article.entity(g).aliases])]  # type: ignore[union-attr]
        if len(hits) == 1:
            return hits[0], 0.9
    gov = the_government(rd)
    return (gov, R.CONF_DESCRIPTOR) if gov else None


def the_government(rd: Reading) -> str | None:
    """The one state government "the regime", "government forces" stand for: the article's
    one government entity; of several, the one the KB files as a government whose part every
    other one is ("regime warplanes" linked to the Syrian Arab Air Force counts among the
    governments by its words, and the air force is part of the Government of Syria); else None."""
    from allegiance.kb import load_kb

    govs = sorted(rd.government)
    if len(govs) <= 1:
        return govs[0] if govs else None
    kb = load_kb()

    def chain(eid: str) -> tuple[str | None, set[str]]:
        ent = rd.article.entity(eid)
        if ent is None or not ent.kb_id:
            return None, set()
        seen: set[str] = set()
        todo = [ent.kb_id]
        while todo:
            cur = todo.pop()
            if cur in seen:
                continue
            seen.add(cur)
            try:
                todo += [link.target for link in kb.get(cur).part_of]
            except KnowledgeBaseError:
                continue
        return ent.kb_id, seen

    chains = {g: chain(g) for g in govs}
    heads = [g for g, (kb_id, _) in chains.items() if kb_id is not None and _kb_kind(rd, g) == "government"]
    if len(heads) != 1:
        return None
    head_id = chains[heads[0]][0]
    others = [g for g in govs if g != heads[0]]
    return heads[0] if all(head_id in chains[g][1] for g in others) else None


def expand(tok: Token) -> list[Token]:
    """A token and the tokens conjoined with it ("X, Y and Z")."""
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i]]


def entities(rd: Reading, s: Sentence, toks: list[Token], types: tuple[str, ...], *,
             exclude: set[str] | None = None, conj: bool = True) -> list[tuple[str, float, Token]]:
    out: list[tuple[str, float, Token]] = []
    for t in toks:
        for x in (expand(t) if conj else [t]):
            found = resolve(rd, s, x, exclude=exclude)
            if found and rd.etype(found[0]) in types and found[0] not in [o[0] for o in out]:
                out.append((found[0], found[1], x))
    return out
