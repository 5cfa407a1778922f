"""Exports of the graph: Popolo JSON, ACLED-style CSV, GraphML and JSON-LD.

    counts = export(store, "popolo", out)      # out: a binary stream; returns what was written

    popolo.py    persons, organizations (dated other names, parents), memberships, sourced
    acled.py     one CSV row per event ACLED codes (`allegiance.kb.acled` maps the types)
    graphml.py   entities and events as nodes, relation claims and event roles as edges
    jsonld.py    documents, entities and every claim with its sources; `context.jsonld`
    rows.py      the batched readers and the shapes the formats share

Like the queries, exports read only entities, claims, their arguments and sources, never
document text. They read the store in batches by key inside one read transaction and
write as they go, so memory does not grow with the store — except GraphML, whose graph
NetworkX holds whole before writing it. Ids are the same in every format: `entity/29`,
`claim/17`, `document/<sha256>` (`ag:`-prefixed in JSON-LD); a document without a URL is
`urn:allegiance:document/<sha256>` where a format wants a URL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from allegiance.graph.export.acled import ACLED_COLUMNS, csv_safe, export_acled
from allegiance.graph.export.graphml import export_graphml
from allegiance.graph.export.jsonld import CONTEXT, export_jsonld, jsonld_context
from allegiance.graph.export.popolo import export_popolo
from allegiance.graph.export.rows import BATCH, Counts
from allegiance.graph.store import Store

__all__ = ["ACLED_COLUMNS", "BATCH", "CONTEXT", "FORMATS", "csv_safe", "export", "export_acled", "export_graphml",
           "export_jsonld", "export_popolo", "jsonld_context"]

FORMATS = ("popolo", "acled", "graphml", "jsonld")

_WRITERS: dict[str, Callable[[Store, BinaryIO], Counts]] = {
    "popolo": export_popolo, "acled": export_acled, "graphml": export_graphml, "jsonld": export_jsonld}


def export(store: Store, fmt: str, out: BinaryIO) -> Counts:
    """Write the whole graph to `out` in one of FORMATS; returns the counts written."""
    if fmt not in _WRITERS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return _WRITERS[fmt](store, out)
