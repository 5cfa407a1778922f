"""GraphML of the graph, written by NetworkX.

Nodes: entities (`type` PERSON/ORG/PLACE, name, kb_id, wikidata, lat, lon,
admin1) and events (`type` EVENT: a node per event claim, because an event
has more than two parties, with predicate, ACLED types, dates, place, lat/lon).
Edges: one per relation claim whose subject and object are entities (`claim`
claim/N, predicate, role, start, end, as_of, polarity, contested, n_sources,
first/last cited, and `asserted`: false when negated or denied by every source),
and one per entity argument of an event, from the entity to the event (`claim`,
predicate, dates, polarity, asserted, and `role`: agent, patient, signatory,
place…).
`kind` tells relation edges from event_arg edges. Relation claims with one
entity only (a founding whose founder is unnamed) are not edges; JSON-LD has them.

NetworkX holds the whole graph before it writes it (with lxml, it then writes
incrementally), so this is the one export whose memory grows with the store: about 1 KB
per edge (a synthetic store of 10^5 claims, 1.8·10^5 edges: 180 MB over the process's
baseline). To keep it small, attributes are scalars only — never quotes — and strings
are interned.
"""

from __future__ import annotations

import sys
from typing import Any, BinaryIO

from allegiance.graph.export.rows import (
    Counts,
    acled_kind,
    asserted,
    claim_batches,
    entity_batches,
    is_event,
    word_args,
)
from allegiance.graph.store import Store


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _attrs(**kw: Any) -> dict[str, Any]:
    """GraphML has no null: leave absent values out. Strings are interned: predicates, roles
    and dates repeat on every edge, and NetworkX keeps them all."""
    return {k: sys.intern(v) if isinstance(v, str) else v for k, v in kw.items() if v is not None and v != ""}


def export_graphml(store: Store, out: BinaryIO) -> Counts:
    """GraphML (via NetworkX): entities and events as nodes, relation claims and event roles as edges."""
    import networkx as nx

    g = nx.MultiDiGraph(name="allegiance graph")
    counts = {"entities": 0, "events": 0, "relation_edges": 0, "event_edges": 0}
    with store.read() as conn:
        for batch in entity_batches(conn, ["PERSON", "ORG", "PLACE"], documents=False):
            for e in batch:
                g.add_node(f"entity/{e['id']}", **_attrs(
                    kind="entity", type=e["type"], name=e["name"], kb_id=e["kb_id"], wikidata=e["wikidata"],
                    lat=_float(e["lat"]), lon=_float(e["lon"]), admin1=e["admin1"]))
                counts["entities"] += 1
        for batch in claim_batches(conn):
            for c in batch:
                common = _attrs(predicate=c["predicate"], start=c["time_start"], end=c["time_end"],
                                as_of=c["time_as_of"], polarity=c["polarity"], asserted=asserted(c),
                                contested=bool(c["contested"]),
                                n_sources=int(c["n_sources"]), first_cited=c["first_cited"],
                                last_cited=c["last_cited"], claim=f"claim/{c['id']}")
                if is_event(c):
                    _event_node(g, c, common, counts)
                    continue
                subj, obj = c["args"].get("subject"), c["args"].get("object")
                if not subj or not obj or subj["id"] is None or obj["id"] is None:
                    continue
                words = word_args(c)
                g.add_edge(f"entity/{subj['id']}", f"entity/{obj['id']}", **common,
                           **_attrs(kind="relation", role=c["role"], place=(c["place"] or {}).get("name"), **words))
                counts["relation_edges"] += 1
    nx.write_graphml(g, out, encoding="utf-8", prettyprint=True)
    return counts


def _event_node(g: Any, c: dict[str, Any], common: dict[str, Any], counts: Counts) -> None:
    node = f"claim/{c['id']}"
    kind = acled_kind(c)
    place = c["place"] or {}
    words = word_args(c)
    g.add_node(node, **common, **_attrs(
        kind="event", type="EVENT", name=" ".join(x for x in (c["predicate"], c["time_start"]) if x),
        event_type=kind[0] if kind else None, sub_event_type=kind[1] if kind else None,
        fatalities=c["fatalities"], injured=c["injured"], place=place.get("name"),
        lat=_float(place.get("lat")), lon=_float(place.get("lon")), **words))
    counts["events"] += 1
    edge = {k: v for k, v in common.items() if k in ("predicate", "start", "end", "polarity", "asserted", "claim")}
    for role, a in c["args"].items():
        if a["id"] is not None:
            g.add_edge(f"entity/{a['id']}", node, kind="event_arg", role=sys.intern(role), **edge)
            counts["event_edges"] += 1
    if place.get("id") is not None:
        g.add_edge(f"entity/{place['id']}", node, kind="event_arg", role="place", **edge)
        counts["event_edges"] += 1
