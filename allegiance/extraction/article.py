"""The working document that flows through the stages, and its conversion to the contract.

Each stage reads what earlier stages set and adds its own part; only `to_extraction`
knows the output format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from allegiance.model import Document, Entity, Extraction, Fact, Segment
from allegiance.read.structure import Structured

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class Mention:
    start: int
    end: int
    text: str
    type: str  # PERSON | ORG | PLACE
    source: str  # ner | pattern | acronym | kb | coref | descriptor
    kind: str = "name"  # name | acronym | pronoun | descriptor | generic ("rebels": see entities/generic.py)
    entity: str | None = None
    kb_id: str | None = None  # the knowledge-base actor this span was matched to, if any

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass
class EntityRec:
    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    kb_id: str | None = None
    wikidata: str | None = None
    geonames: int | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    geo_precision: int | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    def add_alias(self, alias: str) -> None:
        if alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)


@dataclass
class Rename:
    """The text says a group took a new name ("X—now Y"); both names are one entity."""

    entity: str
    old_name: str
    new_name: str
    start: int  # evidence span: from the first name to the second
    end: int


@dataclass
class Article:
    structured: Structured
    doc: Doc | None = None
    model: str | None = None  # the spaCy pipeline that parsed it; later stages re-parse with it
    mentions: list[Mention] = field(default_factory=list)
    entities: list[EntityRec] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    renames: list[Rename] = field(default_factory=list)
    interviewee: str | None = None  # entity id
    segment_speakers: dict[int, str] = field(default_factory=dict)  # segment index → entity id
    # masked sentence → its parses, made before the mentions stage (`ALLEGIANCE_ONE_PARSE=sentences`,
    # facts/mainparse.parse_articles); the facts stage takes one for each sentence it masks alike
    sentence_parses: dict[str, list[Doc]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.structured.text

    def entity(self, eid: str | None) -> EntityRec | None:
        if eid is None:
            return None
        for e in self.entities:
            if e.id == eid:
                return e
        return None

    def to_extraction(self, *, with_text: bool = False) -> Extraction:
        s = self.structured
        document = Document(id=s.id, title=s.title, published=s.published, outlet=s.outlet,
                            byline=s.byline, url=s.url, language=s.language,
                            text=s.text if with_text else None)
        segments = [Segment(kind=seg.kind, start=seg.start, end=seg.end,  # type: ignore[arg-type]
                            speaker=self.segment_speakers.get(i))
                    for i, seg in enumerate(s.segments)]
        entities = [
            Entity(id=e.id, type=e.type, name=e.name, aliases=sorted(set(e.aliases)),  # type: ignore[arg-type]
                   kb_id=e.kb_id, wikidata=e.wikidata, geonames=e.geonames, lat=e.lat, lon=e.lon,
                   admin1=e.admin1, geo_precision=e.geo_precision,
                   mentions=sorted({m.span for m in e.mentions}))
            for e in self.entities
        ]
        return Extraction(document=document, segments=segments, entities=entities,
                          facts=list(self.facts))
