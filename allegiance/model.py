"""The extraction contract (../shared/DESIGN.md) as typed models.

One `Extraction` per document: the document's metadata, its segments, the entities
found in it and the facts stated in it. Offsets are character offsets into
`Document.text`; `Evidence.text` is always exactly `text[start:end]`.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SegmentKind = Literal[
    "headline", "lede", "body", "question", "answer", "editor_note",
    "caption", "pullquote", "boilerplate",
]
EntityType = Literal["PERSON", "ORG", "PLACE"]
Polarity = Literal["positive", "negative"]
Modality = Literal["asserted", "hedged", "reported", "denied"]
Speaker = Literal["interviewee", "reporter", "editor", "quoted"]

RELATION_PREDICATES = (
    "member_of", "founded", "leader_of", "relative_of", "from_place", "located_in",
    "part_of", "allied_with", "renamed_to", "works_for",
)
EVENT_PREDICATES = (
    "attack", "clash", "detention", "killing", "agreement", "evacuation", "protest",
    "flight", "defection", "dissolution", "ban",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Document(_Model):
    id: str = Field(description="sha256 of the text, or the id given with the input")
    title: str | None = None
    published: str | None = Field(None, description="ISO 8601 date, as precise as known")
    outlet: str | None = None
    byline: str | None = None
    url: str | None = None
    language: str = "en"
    text: str | None = Field(None, description="the plain text; present with --with-text")


class Segment(_Model):
    kind: SegmentKind
    start: int
    end: int
    speaker: str | None = Field(None, description="entity id of who speaks, if known")


class Entity(_Model):
    id: str
    type: EntityType
    name: str
    aliases: list[str] = Field(default_factory=list)
    kb_id: str | None = None
    wikidata: str | None = None
    geonames: int | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    geo_precision: int | None = Field(
        None, description="1 town, 2 near a town or small region, 3 governorate or larger")
    mentions: list[tuple[int, int]] = Field(default_factory=list)


class Time(_Model):
    start: str | None = None
    end: str | None = None
    as_of: str | None = None


class Evidence(_Model):
    start: int
    end: int
    text: str


class Fact(_Model):
    id: str
    predicate: str
    args: dict[str, str] = Field(default_factory=dict)
    role: str | None = None
    time: Time | None = None
    place: str | None = None
    polarity: Polarity = "positive"
    modality: Modality = "asserted"
    asserted_by: Speaker | None = None
    evidence: Evidence
    confidence: float = 0.5
    fatalities: int | None = Field(
        default=None, ge=0, description="events: the number of dead the text states (at least N: N), if any")
    injured: int | None = Field(
        default=None, ge=0, description="events: the number of wounded the text states, if any")


class Extraction(_Model):
    document: Document
    segments: list[Segment] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)

    def to_dict(self, *, with_text: bool = False) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        if not with_text:
            data["document"].pop("text", None)
        return data

    def to_json(self, *, with_text: bool = False, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(with_text=with_text), ensure_ascii=False, indent=indent)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one extraction, as `allegiance schema` prints it."""
    schema = Extraction.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "allegiance extraction"
    return schema
