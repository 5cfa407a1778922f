"""Popolo JSON (https://www.popoloproject.com/specs/) from the graph.

`persons`, `organizations` (dated
`other_names` from the stored names, `identifiers` (wikidata, allegiance-kb),
`founding_date`/`dissolution_date`/`classification` from the knowledge base,
`parents`: every part_of link from the text and from the KB with its dates,
origin and sources, and `parent_id`, the open or latest of those in the store),
`memberships` (member_of / leader_of / founded / works_for claims with a
subject and an organisation as object: `person_id` or `member` for a group,
`role`, `start_date`, `end_date`). Negated memberships (refused: "which I
declined") and those every source denies go to `negated_memberships`, never
among the memberships. Every record has
`sources`: for a claim each source with its document (url, title, outlet),
date, quote, whose voice and speaker; for a person or group the documents that
mention it and, for KB actors, the KB's sources.

The file is one object: `meta`, then the four arrays, written record by record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any, BinaryIO

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from allegiance import names
from allegiance.graph import schema as t
from allegiance.graph.export.rows import (
    MEMBERSHIP,
    Counts,
    JsonStream,
    asserted,
    claim_batches,
    claims_of_subjects,
    clean,
    entity_batches,
    entity_sources,
    kb_link,
    knowledge_base,
    membership_parties,
    source_json,
)
from allegiance.graph.store import Store

_DEFAULT_ROLE = {"member_of": "member", "leader_of": "leader", "founded": "founder"}


def _identifiers(e: dict[str, Any]) -> list[dict[str, str]]:
    out = []
    if e["wikidata"]:
        out.append({"scheme": "wikidata", "identifier": e["wikidata"]})
    if e["kb_id"]:
        out.append({"scheme": "allegiance-kb", "identifier": e["kb_id"]})
    if e.get("geonames"):
        out.append({"scheme": "geonames", "identifier": str(e["geonames"])})
    return out


def _other_names(e: dict[str, Any], renames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entity's names but its own, dated by the KB or, failing that, by a rename in the text."""
    dated: dict[str, dict[str, Any]] = {}
    for c in renames:
        new = c["args"].get("name")
        if new and new["name"] and c["polarity"] == "positive" and c["time_start"]:
            dated.setdefault(names.normalize(new["name"]), c)
    out = []
    for n in e["names"]:
        if n["name"] == e["name"]:
            continue
        item = {"name": n["name"], "start_date": n["start"], "end_date": n["end"], "note": f"from the {n['origin']}"}
        rename = dated.get(names.normalize(n["name"])) if not (n["start"] or n["end"]) else None
        if rename is not None:
            item.update(start_date=rename["time_start"], note=f"renamed, from the text (claim/{rename['id']})",
                        sources=[source_json(s) for s in rename["sources"]])
        out.append(clean(item))
    return out


def _lineage_claims(conn: Connection, org_ids: list[int], predicate: str) -> dict[int, list[dict[str, Any]]]:
    """Claims of `predicate` whose subject is one of these groups, decorated, by subject."""
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in claims_of_subjects(conn, org_ids, predicate):
        out[c["args"]["subject"]["id"]].append(c)
    return out


def _parents(e: dict[str, Any], claims: list[dict[str, Any]], kb_index: dict[str, int]) -> list[dict[str, Any]]:
    out = []
    for c in claims:
        parent = c["args"].get("object")
        if not parent or parent["id"] is None:
            continue
        out.append(clean({"parent_id": f"entity/{parent['id']}", "name": parent["name"], "from": "text",
                           "claim_id": f"claim/{c['id']}", "start_date": c["time_start"], "end_date": c["time_end"],
                           "as_of": c["time_as_of"], "polarity": c["polarity"], "contested": c["contested"],
                           "sources": [source_json(s) for s in c["sources"]]}))
    actor = e["actor"]
    if actor is not None:
        for parent, link in knowledge_base().parents(actor.id):
            where = kb_index.get(parent.id)
            out.append(clean({"parent_id": f"entity/{where}" if where else None, "name": parent.name,
                               "kb_id": parent.id, "from": "kb", "start_date": link.start, "end_date": link.end,
                               "polarity": "positive",
                               "sources": [kb_link(s) for s in ([link.source] if link.source else actor.sources)]}))
    return out


def _parent_id(parents: list[dict[str, Any]]) -> str | None:
    """Popolo has one parent: the open link (no end) that started last, of those in the store."""
    live = [p for p in parents if p.get("parent_id") and p["polarity"] == "positive"]
    if not live:
        return None
    best = max(live, key=lambda p: ("end_date" not in p, p.get("start_date") or ""))
    return str(best["parent_id"])


def _popolo_persons(conn: Connection) -> Iterator[dict[str, Any]]:
    for batch in entity_batches(conn, ["PERSON"]):
        for e in batch:
            yield clean({"id": f"entity/{e['id']}", "name": e["name"], "other_names": _other_names(e, []),
                          "identifiers": _identifiers(e), "sources": entity_sources(e)})


def _popolo_organizations(conn: Connection) -> Iterator[dict[str, Any]]:
    en = t.entities.c
    kb_index = {str(k): int(i) for i, k in conn.execute(
        sa.select(en.id, en.kb_id).where(en.kb_id.is_not(None), en.merged_into.is_(None)))}
    for batch in entity_batches(conn, ["ORG"]):
        ids = [e["id"] for e in batch]
        part_of = _lineage_claims(conn, ids, "part_of")
        renames = _lineage_claims(conn, ids, "renamed_to")
        for e in batch:
            actor = e["actor"]
            parents = _parents(e, part_of.get(e["id"], []), kb_index)
            yield clean({"id": f"entity/{e['id']}", "name": e["name"], "classification": actor.kind if actor else None,
                          "other_names": _other_names(e, renames.get(e["id"], [])), "identifiers": _identifiers(e),
                          "founding_date": actor.founded if actor else None,
                          "dissolution_date": actor.dissolved if actor else None,
                          "parent_id": _parent_id(parents), "parents": parents, "sources": entity_sources(e)})


def _popolo_memberships(conn: Connection, *, negated: bool) -> Iterator[dict[str, Any]]:
    for batch in claim_batches(conn, MEMBERSHIP):
        for m in batch:
            parties = membership_parties(m)
            if parties is None or asserted(m) == negated:
                continue
            member, group = parties
            yield clean({
                "id": f"claim/{m['id']}",
                "person_id": f"entity/{member['id']}" if member["type"] == "PERSON" else None,
                "member": {"@type": "Person" if member["type"] == "PERSON" else "Organization",
                           "id": f"entity/{member['id']}", "name": member["name"]},
                "organization_id": f"entity/{group['id']}", "organization_name": group["name"],
                "role": m["role"] or _DEFAULT_ROLE.get(m["predicate"]), "predicate": m["predicate"],
                "start_date": m["time_start"], "end_date": m["time_end"], "as_of": m["time_as_of"],
                "polarity": m["polarity"], "contested": m["contested"], "first_cited": m["first_cited"],
                "last_cited": m["last_cited"], "sources": [source_json(s) for s in m["sources"]]})


def export_popolo(store: Store, out: BinaryIO) -> Counts:
    """Popolo JSON: persons, organizations, memberships (and negated_memberships)."""
    js = JsonStream(out)
    with store.read() as conn:
        js.value("meta", {"generator": "allegiance", "spec": "https://www.popoloproject.com/specs/",
                          "store": store.name})
        counts = {"persons": js.array("persons", _popolo_persons(conn)),
                  "organizations": js.array("organizations", _popolo_organizations(conn)),
                  "memberships": js.array("memberships", _popolo_memberships(conn, negated=False)),
                  "negated_memberships": js.array("negated_memberships", _popolo_memberships(conn, negated=True))}
    js.close()
    return counts
