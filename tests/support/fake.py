"""Small hand-built extractions for graph tests: no spaCy, exact control of names and facts."""

from __future__ import annotations

from typing import Any

from allegiance.model import Document, Entity, Evidence, Extraction, Fact, Segment, Time


def extraction(text: str, entities: list[dict[str, Any]], facts: list[dict[str, Any]], *,
               published: str = "2017-04-11", doc_id: str | None = None) -> Extraction:
    """An extraction of `text`; each fact's `quote` must occur in it (its evidence span)."""
    ents = []
    for i, e in enumerate(entities, 1):
        name = e["name"]
        start = text.find(name)
        mentions = [(start, start + len(name))] if start >= 0 else []
        ents.append(Entity(id=e.get("id", f"e{i}"), type=e["type"], name=name, aliases=e.get("aliases", []),
                           kb_id=e.get("kb_id"), geonames=e.get("geonames"), lat=e.get("lat"), lon=e.get("lon"),
                           admin1=e.get("admin1"), mentions=mentions))
    out = []
    for i, f in enumerate(facts, 1):
        q = f["quote"]
        start = text.index(q)
        out.append(Fact(id=f"f{i}", predicate=f["predicate"], args=f["args"], role=f.get("role"),
                        time=Time(**f["time"]) if f.get("time") else None, place=f.get("place"),
                        polarity=f.get("polarity", "positive"), modality=f.get("modality", "asserted"),
                        asserted_by=f.get("asserted_by", "reporter"),
                        evidence=Evidence(start=start, end=start + len(q), text=q), confidence=0.8))
    return Extraction(document=Document(id=doc_id or text[:20], title=text.split(".")[0], published=published,
                                        text=text),
                      segments=[Segment(kind="body", start=0, end=len(text))], entities=ents, facts=out)
