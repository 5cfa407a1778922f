"""Reading the store for the exports: batches by key, and the shapes every format shares.

Every reader walks a table in id order, `BATCH` rows at a time (`WHERE id > last`, so no
OFFSET scans on a big store), and decorates each batch with a few IN queries: a claim's
arguments (as entity rows, or `{"text"}` for words), its place and its sources (with the
document's title, url and outlet, and the speaker's graph entity). Document text is never
read.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from allegiance.graph import schema as t
from allegiance.graph.resolve import EVENTS
from allegiance.kb import KnowledgeBase, load_kb
from allegiance.kb.acled import acled_type

BATCH = 1000
MEMBERSHIP = ("member_of", "leader_of", "founded", "works_for")

Counts = dict[str, int]


def keyset(conn: Connection, table: sa.Table, *, size: int = BATCH,
           keep: Callable[[dict[str, Any]], bool] | None = None) -> Iterator[list[dict[str, Any]]]:
    """Rows of `table` (less any `text` column) in primary-key order, a batch at a time.

    Only the key is in the WHERE clause, so every batch is a range scan of the primary
    key: a filter in SQL would let the planner pick another index (claims by predicate)
    and sort all its rows again for each batch. `keep` filters in Python instead.
    """
    last: Any = None
    cols = [c for c in table.c if c.name != "text"]
    while True:
        q = sa.select(*cols).order_by(table.c.id).limit(size)
        if last is not None:
            q = q.where(table.c.id > last)
        rows = [r._asdict() for r in conn.execute(q)]
        if not rows:
            return
        last = rows[-1]["id"]
        kept = [r for r in rows if keep(r)] if keep is not None else rows
        if kept:
            yield kept


def knowledge_base() -> KnowledgeBase:
    return load_kb()


def entity_batches(conn: Connection, types: Iterable[str], *,
                   documents: bool = True) -> Iterator[list[dict[str, Any]]]:
    """Live entities of these types with their names (dated) and the documents naming them."""
    kb = knowledge_base()
    wanted = frozenset(types)
    for rows in keyset(conn, t.entities, keep=lambda r: r["merged_into"] is None and r["type"] in wanted):
        ids = [r["id"] for r in rows]
        names_: dict[int, list[dict[str, Any]]] = defaultdict(list)
        nm = t.entity_names.c
        for m in conn.execute(sa.select(nm.entity_id, nm.name, nm.start, nm.end, nm.origin)
                              .where(nm.entity_id.in_(ids)).order_by(nm.entity_id, nm.start, nm.name)):
            names_[m.entity_id].append(m._asdict())
        docs: dict[int, list[dict[str, Any]]] = defaultdict(list)
        if documents:
            le, d = t.local_entities.c, t.documents.c
            for m in conn.execute(sa.select(le.entity_id, d.id, d.title, d.url, d.outlet, d.published)
                                  .join(t.documents, d.id == le.document_id).where(le.entity_id.in_(ids))
                                  .distinct().order_by(le.entity_id, d.published, d.id)):
                docs[m.entity_id].append({"id": m.id, "title": m.title, "url": m.url, "outlet": m.outlet,
                                          "published": m.published})
        for r in rows:
            r["names"] = names_.get(r["id"], [])
            r["documents"] = docs.get(r["id"], [])
            actor = kb.get(r["kb_id"]) if r["kb_id"] and r["kb_id"] in kb else None
            r["actor"] = actor
            if actor is not None and not r["wikidata"]:
                r["wikidata"] = actor.wikidata
        yield rows


def sources_by_claim(conn: Connection, claim_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each claim's sources with their documents and speakers, oldest first."""
    s, d, le = t.sources.c, t.documents.c, t.local_entities.c
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for i in range(0, len(claim_ids), 500):
        q = (sa.select(s.claim_id, s.document_id, s.quote, s.evidence_start, s.evidence_end, s.asserted_by,
                       s.modality, s.published, d.title, d.url, d.outlet, le.entity_id.label("speaker_id"),
                       le.name.label("speaker_name"))
             .join(t.documents, d.id == s.document_id)
             .outerjoin(t.local_entities, sa.and_(le.document_id == s.document_id, le.local_id == s.speaker))
             .where(s.claim_id.in_(claim_ids[i:i + 500])).order_by(s.claim_id, s.published, s.id))
        for r in conn.execute(q):
            out[r.claim_id].append(r._asdict())
    return out


def _decorate(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ca, en = t.claim_args.c, t.entities.c
    ids = [r["id"] for r in rows]
    args: dict[int, dict[str, Any]] = defaultdict(dict)
    wanted: set[int] = {r["place_id"] for r in rows if r["place_id"]}
    raw = conn.execute(sa.select(ca.claim_id, ca.role, ca.entity_id, ca.text).where(ca.claim_id.in_(ids))).all()
    wanted.update(a.entity_id for a in raw if a.entity_id is not None)
    ents = {}
    for m in conn.execute(sa.select(en.id, en.type, en.name, en.kb_id, en.lat, en.lon, en.admin1,
                                    en.geo_precision).where(en.id.in_(sorted(wanted)))):
        ents[m.id] = m._asdict()
    for a in raw:
        ent = ents.get(a.entity_id) if a.entity_id is not None else None
        args[a.claim_id][a.role] = ent if ent else {"id": None, "type": None, "name": a.text, "text": a.text}
    srcs = sources_by_claim(conn, ids)
    for r in rows:
        r["args"] = dict(sorted(args.get(r["id"], {}).items()))
        r["place"] = ents.get(r["place_id"]) if r["place_id"] else None
        r["sources"] = srcs.get(r["id"], [])
    return rows


def claim_batches(conn: Connection, predicates: Iterable[str] | None = None) -> Iterator[list[dict[str, Any]]]:
    """Claims (of these predicates, or all) with `args` (role → entity row, or {"text"} for
    words), `place` (an entity row) and `sources`, in id order."""
    keep = None
    if predicates is not None:
        wanted = frozenset(predicates)
        keep = lambda r: r["predicate"] in wanted  # noqa: E731
    for rows in keyset(conn, t.claims, keep=keep):
        yield _decorate(conn, rows)


def claims_of_subjects(conn: Connection, entity_ids: list[int], predicate: str) -> list[dict[str, Any]]:
    """Claims of one predicate whose subject is one of these entities (by the argument index)."""
    ca, c = t.claim_args.c, t.claims.c
    ids = sa.select(ca.claim_id).where(ca.role == "subject", ca.entity_id.in_(entity_ids))
    rows = [r._asdict() for r in conn.execute(sa.select(*[x for x in t.claims.c])
                                              .where(c.id.in_(ids), c.predicate == predicate).order_by(c.id))]
    out: list[dict[str, Any]] = []
    for i in range(0, len(rows), BATCH):
        out.extend(_decorate(conn, rows[i:i + BATCH]))
    return out


def is_event(c: dict[str, Any]) -> bool:
    return c["predicate"] in EVENTS


def asserted(c: dict[str, Any]) -> bool:
    """Someone says it happened: not negated, and not denied by every source that tells it.

    (A denial — "we never shelled" — is coded positive with modality `denied`.)
    """
    return c["polarity"] == "positive" and any(s["modality"] != "denied" for s in c["sources"])


def acled_kind(c: dict[str, Any]) -> tuple[str, str] | None:
    """ACLED (event_type, sub_event_type) from the predicate and the first sources' quotes."""
    return acled_type(c["predicate"], " ".join(s["quote"] for s in c["sources"][:20]))


def word_args(c: dict[str, Any]) -> dict[str, str]:
    """Arguments given as words, not entities, as `ROLE_text` attributes."""
    return {(r if r.endswith("_text") else f"{r}_text"): a["text"] for r, a in c["args"].items() if a["id"] is None}


def membership_parties(c: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(member, organisation) of a membership claim, or None when it is not one."""
    subj, obj = c["args"].get("subject"), c["args"].get("object")
    if not subj or not obj or subj["id"] is None or obj["type"] != "ORG" or subj["type"] not in ("PERSON", "ORG"):
        return None
    return subj, obj


def doc_url(doc_id: str, url: str | None) -> str:
    return url or f"urn:allegiance:document/{doc_id}"


def source_json(s: dict[str, Any]) -> dict[str, Any]:
    return {"url": doc_url(s["document_id"], s["url"]), "note": s["title"], "document_id": s["document_id"],
            "title": s["title"], "outlet": s["outlet"], "date": s["published"], "quote": s["quote"],
            "asserted_by": s["asserted_by"], "modality": s["modality"],
            "speaker": {"id": f"entity/{s['speaker_id']}", "name": s["speaker_name"]} if s["speaker_id"] else None,
            "evidence": [s["evidence_start"], s["evidence_end"]]}


def kb_link(source: str) -> dict[str, Any]:
    if source.startswith(("http://", "https://")):
        return {"url": source, "note": "knowledge base"}
    if source[:1] == "Q" and source[1:].isdigit():
        return {"url": f"https://www.wikidata.org/wiki/{source}", "note": "knowledge base"}
    return {"note": f"knowledge base: {source}"}


def entity_sources(e: dict[str, Any]) -> list[dict[str, Any]]:
    out = [{"url": doc_url(d["id"], d["url"]), "note": d["title"], "document_id": d["id"], "title": d["title"],
            "outlet": d["outlet"], "date": d["published"]} for d in e["documents"]]
    if e["actor"] is not None:
        out.extend(kb_link(s) for s in e["actor"].sources)
    return out


class JsonStream:
    """Writes one JSON object whose big arrays arrive item by item."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.keys = 0

    def write(self, text: str) -> None:
        self.out.write(text.encode("utf-8"))

    def value(self, key: str, value: Any) -> None:
        self.write(("{" if not self.keys else ",\n") + json.dumps(key) + ": " + json.dumps(value, ensure_ascii=False))
        self.keys += 1

    def array(self, key: str, items: Iterable[dict[str, Any]]) -> int:
        self.write(("{" if not self.keys else ",\n") + json.dumps(key) + ": [")
        self.keys += 1
        n = 0
        for item in items:
            self.write(("\n" if not n else ",\n") + json.dumps(item, ensure_ascii=False, sort_keys=True))
            n += 1
        self.write("\n]" if n else "]")
        return n

    def close(self) -> None:
        self.write("}\n" if self.keys else "{}\n")


def clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and v != []}
