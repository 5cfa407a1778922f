"""JSON-LD of the graph, under the context shipped next to this module (`context.jsonld`).

The file is `{"@context": …, "@graph": […]}` with the context inlined (the same object
`jsonld_context()` returns), so a reader needs nothing else. The graph holds every
document (Article, without its text), every entity and every claim: a claim is a node
(`Claim`) with its arguments as properties, its dates, polarity, contested flag, counts
and `sources`, each a Quotation with its speaker and its document. A membership claim
that someone asserts (not negated, not denied by every source) is also a `Membership`
(`member`, `organization`, `role`); an event claim is also an `Event` (with ACLED's
types as `acledEventType`, `acledSubEventType`).

The context, term by term:

    Person, Organization, Place, Article, Event, Quotation   schema.org classes
    Membership                                 org:Membership (W3C ORG, as in Popolo)
    Claim                                      rdf:Statement: every claim is one
    name, alternateName, startDate, endDate, sameAs, identifier, latitude, longitude,
    location, headline, url, datePublished, publisher, author, inLanguage, text, isPartOf,
    spokenByCharacter, agent                   schema.org properties
    member, organization, role                 org: properties of a Membership
    subject, object                            rdf:subject, rdf:object
    sources                                    prov:wasDerivedFrom (a set of Quotations)
    everything else                            @vocab urn:allegiance:vocab# (predicate,
                                               polarity, contested, nSources, firstCited,
                                               lastCited, asOf, assertedBy, modality,
                                               evidenceStart/End, patient, signatory, …)
    ag:                                        urn:allegiance: — ids (ag:entity/29)

A claim's argument that is words, not an entity, is a value object (`{"@value": …}`), so
it is never read as an IRI; a rename's new name is `newName`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy.engine import Connection

from allegiance.graph import schema as t
from allegiance.graph.export.rows import (
    MEMBERSHIP,
    Counts,
    JsonStream,
    acled_kind,
    asserted,
    claim_batches,
    clean,
    entity_batches,
    is_event,
    keyset,
    membership_parties,
)
from allegiance.graph.store import Store

CONTEXT = Path(__file__).with_name("context.jsonld")
_LD_ROLE = {"name": "newName"}  # a rename's new name is no schema:name of the claim


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context every export carries (the file `context.jsonld`)."""
    return dict(json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"])


def _ld_entity(e: dict[str, Any]) -> dict[str, Any]:
    same = [f"http://www.wikidata.org/entity/{e['wikidata']}"] if e["wikidata"] else []
    if e.get("geonames"):
        same.append(f"https://sws.geonames.org/{e['geonames']}/")
    kind = {"PERSON": "Person", "ORG": "Organization", "PLACE": "Place"}[e["type"]]
    dated = [clean({"name": n["name"], "startDate": n["start"], "endDate": n["end"], "origin": n["origin"]})
             for n in e["names"] if n["start"] or n["end"]]
    return clean({"@id": f"ag:entity/{e['id']}", "@type": kind, "name": e["name"],
                   "alternateName": [n["name"] for n in e["names"] if n["name"] != e["name"]], "otherName": dated,
                   "identifier": e["kb_id"], "sameAs": same, "latitude": e["lat"], "longitude": e["lon"],
                   "admin1": e["admin1"], "geoPrecision": e["geo_precision"]})


def _ld_ref(a: dict[str, Any]) -> dict[str, Any]:
    # words as a value object: never read as an IRI under a term that coerces to @id
    return {"@id": f"ag:entity/{a['id']}"} if a["id"] is not None else {"@value": a["text"]}


def _ld_claim(c: dict[str, Any]) -> dict[str, Any]:
    types = ["Claim"]
    node: dict[str, Any] = {"@id": f"ag:claim/{c['id']}", "predicate": c["predicate"]}
    for role, a in c["args"].items():
        node[_LD_ROLE.get(role, role)] = _ld_ref(a)
    if is_event(c):
        types.append("Event")
        kind = acled_kind(c)
        if kind:
            node.update(acledEventType=kind[0], acledSubEventType=kind[1])
    elif c["predicate"] in MEMBERSHIP and asserted(c) and (p := membership_parties(c)):
        types.append("Membership")
        node.update(member={"@id": f"ag:entity/{p[0]['id']}"}, organization={"@id": f"ag:entity/{p[1]['id']}"})
    node.update(clean({"@type": types, "role": c["role"], "startDate": c["time_start"], "endDate": c["time_end"],
                        "asOf": c["time_as_of"], "polarity": c["polarity"], "asserted": asserted(c),
                        "contested": bool(c["contested"]),
                        "nSources": c["n_sources"], "firstCited": c["first_cited"], "lastCited": c["last_cited"],
                        "fatalities": c["fatalities"], "injured": c["injured"],
                        "location": f"ag:entity/{c['place']['id']}" if c["place"] else None}))
    node["sources"] = [clean({
        "@type": "Quotation", "text": s["quote"], "isPartOf": f"ag:document/{s['document_id']}",
        "datePublished": s["published"], "assertedBy": s["asserted_by"], "modality": s["modality"],
        "spokenByCharacter": f"ag:entity/{s['speaker_id']}" if s["speaker_id"] else None,
        "evidenceStart": s["evidence_start"], "evidenceEnd": s["evidence_end"]}) for s in c["sources"]]
    return node


def _ld_nodes(conn: Connection, counts: Counts) -> Iterator[dict[str, Any]]:
    for rows in keyset(conn, t.documents):
        for r in rows:
            counts["documents"] += 1
            yield clean({"@id": f"ag:document/{r['id']}", "@type": "Article", "headline": r["title"],
                          "url": r["url"], "datePublished": r["published"], "publisher": r["outlet"],
                          "author": r["byline"], "inLanguage": r["language"], "externalId": r["external_id"]})
    for batch in entity_batches(conn, ["PERSON", "ORG", "PLACE"], documents=False):
        for e in batch:
            counts["entities"] += 1
            yield _ld_entity(e)
    for batch in claim_batches(conn):
        for c in batch:
            counts["claims"] += 1
            yield _ld_claim(c)


def export_jsonld(store: Store, out: BinaryIO) -> Counts:
    """JSON-LD: documents, entities and every claim with its sources, under the shipped context."""
    js = JsonStream(out)
    counts = {"documents": 0, "entities": 0, "claims": 0}
    js.value("@context", jsonld_context())
    with store.read() as conn:
        js.array("@graph", _ld_nodes(conn, counts))
    js.close()
    return counts
