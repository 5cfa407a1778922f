"""Questions asked of the graph: one module, used by the CLI, the HTTP API and the pages.

    search(store, text)                  entities by any spelling (transliteration-aware)
    entity(store, ref)                   one entity by id or name
    person_timeline(store, ref)          memberships, roles, events in time order, sourced
    group_lineage(store, ref)            renames, parents, mergers, alliances: KB and text
    members(store, group, on=DATE)       who was in a group on a date
    events(store, actor=…, type=…, …)    events by actor, type, place or box, time window
    claim_sources(store, claim_id)       a claim and every source behind it
    document(store, doc_id)              an article with its segments, mentions and evidence
    candidates(store)                    pairs resolution was unsure of

Every answer is plain JSON-ready data (dicts and lists). Each claim carries its sources:
the quote, whose voice (`asserted_by`, speaker), modality, the document and its date.
Queries read only claims, their arguments and sources; nothing is computed from raw text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from allegiance import names
from allegiance.errors import NotFoundError
from allegiance.graph import schema as t
from allegiance.graph.resolve import EVENTS, name_key
from allegiance.graph.store import Store

MEMBERSHIP = ("member_of", "leader_of", "founded", "works_for")
LINEAGE = ("renamed_to", "part_of", "allied_with", "founded", "dissolution")
MAX_PAGE = 1000


def _live(conn: Connection, eid: int) -> int:
    for _ in range(20):
        row = conn.execute(sa.select(t.entities.c.merged_into).where(t.entities.c.id == eid)).first()
        if row is None or row[0] is None:
            return eid
        eid = int(row[0])
    return eid


# -- finding entities ----------------------------------------------------------------------


def search(store: Store, text: str, *, type: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """Entities whose names match `text` in any spelling, best first."""
    text = text.strip()
    if not text:
        return []
    limit = max(1, min(limit, MAX_PAGE))
    norm, skel = names.normalize(text), name_key(text)
    nm, en = t.entity_names.c, t.entities.c
    tokens = [tok for tok in norm.split() if len(tok) >= 2][:4]
    conds = [nm.norm == norm, nm.skel == skel]
    if tokens:
        longest = max(tokens, key=len)
        conds.append(nm.norm.like(f"%{_escape(longest)}%", escape="\\"))
    query = (sa.select(en.id, en.type, en.name, en.kb_id, nm.name.label("alias"), nm.norm, nm.skel)
             .join(t.entity_names, nm.entity_id == en.id)
             .where(sa.or_(*conds), en.merged_into.is_(None)))
    if type:
        query = query.where(en.type == type.upper())
    best: dict[int, dict[str, Any]] = {}
    with store.read() as conn:
        for row in conn.execute(query.limit(2000)):
            if row.norm == norm or row.skel == skel:
                score = 1.0 if row.norm == norm else 0.97
            else:
                score = names.similarity(text, row.alias)
                if all(tok in row.norm.split() for tok in tokens):
                    score = max(score, 0.9 if len(tokens) > 1 else 0.75)
            if score < 0.6:
                continue
            cur = best.get(row.id)
            if cur is None or score > cur["score"]:
                best[row.id] = {"id": row.id, "type": row.type, "name": row.name, "kb_id": row.kb_id,
                                "matched": row.alias, "score": round(score, 3)}
        hits = sorted(best.values(), key=lambda h: (-h["score"], h["id"]))[:limit]
        counts = _claim_counts(conn, [h["id"] for h in hits])
    for h in hits:
        h["claims"] = counts.get(h["id"], 0)
    # Equal scores: the entity more is said about first.
    hits.sort(key=lambda h: (-h["score"], -h["claims"], h["id"]))
    return hits


def _escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _claim_counts(conn: Connection, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    ca = t.claim_args.c
    rows = conn.execute(sa.select(ca.entity_id, sa.func.count()).where(ca.entity_id.in_(ids)).group_by(ca.entity_id))
    return {int(e): int(n) for e, n in rows}


def entity(store: Store, ref: str | int, *, type: str | None = None) -> dict[str, Any]:
    """One graph entity by id (a number) or by name; `NotFoundError` when nothing fits."""
    with store.read() as conn:
        eid: int | None = None
        if isinstance(ref, int) or str(ref).isdigit():
            eid = _live(conn, int(ref))
        else:
            hits = search(store, str(ref), type=type, limit=1)
            if hits:
                eid = hits[0]["id"]
        row = conn.execute(sa.select(t.entities).where(t.entities.c.id == eid)).mappings().first() if eid else None
        if row is None or (type and row["type"] != type.upper()):
            what = {"PERSON": "person", "ORG": "group", "PLACE": "place"}.get((type or "").upper(), "entity")
            raise NotFoundError(f"no {what} in the graph matches", input=str(ref),
                                hint="Try another spelling, or `allegiance search TEXT` to see what is there.")
        out = dict(row)
        out.pop("merged_into", None)
        out["names"] = [dict(r) for r in conn.execute(
            sa.select(t.entity_names.c.name, t.entity_names.c.start, t.entity_names.c.end, t.entity_names.c.origin)
            .where(t.entity_names.c.entity_id == row["id"]).order_by(t.entity_names.c.name)).mappings()]
        out["documents"] = int(conn.execute(
            sa.select(sa.func.count(sa.distinct(t.local_entities.c.document_id)))
            .where(t.local_entities.c.entity_id == row["id"])).scalar_one())
        return out


# -- claims and their sources ------------------------------------------------------------


def _claims(conn: Connection, where: Any, *, order: bool = True, limit: int | None = None,
            offset: int = 0) -> list[dict[str, Any]]:
    c = t.claims.c
    q = sa.select(t.claims).where(where)
    if order:
        q = q.order_by(sa.func.coalesce(c.sort_date, "9999"), c.id)
    if limit is not None:
        q = q.limit(limit).offset(offset)
    rows = [dict(r) for r in conn.execute(q).mappings()]
    _decorate(conn, rows)
    return rows


def _names_of(conn: Connection, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    ids = sorted({i for i in ids if i is not None})
    if not ids:
        return {}
    en = t.entities.c
    out = {}
    for i in range(0, len(ids), 500):
        for r in conn.execute(sa.select(en.id, en.name, en.type, en.kb_id, en.lat, en.lon, en.admin1)
                              .where(en.id.in_(ids[i:i + 500]))).mappings():
            out[int(r["id"])] = dict(r)
    return out


def _decorate(conn: Connection, claims: list[dict[str, Any]]) -> None:
    """Add arguments (with names) and sources (with documents) to claim rows."""
    if not claims:
        return
    ids = [c["id"] for c in claims]
    args: dict[int, list[dict[str, Any]]] = defaultdict(list)
    srcs: dict[int, list[dict[str, Any]]] = defaultdict(list)
    ca, s, d = t.claim_args.c, t.sources.c, t.documents.c
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in conn.execute(sa.select(ca.claim_id, ca.role, ca.entity_id, ca.text).where(ca.claim_id.in_(chunk))):
            args[int(r.claim_id)].append({"role": r.role, "entity_id": r.entity_id, "text": r.text})
        q = (sa.select(s.id, s.claim_id, s.document_id, s.quote, s.evidence_start, s.evidence_end, s.asserted_by,
                       s.speaker, s.modality, s.confidence, s.published, s.fatalities, d.title, d.outlet, d.url)
             .join(t.documents, d.id == s.document_id).where(s.claim_id.in_(chunk)).order_by(s.published, s.id))
        for m in conn.execute(q).mappings():
            srcs[int(m["claim_id"])].append({k: m[k] for k in m if k != "claim_id"})
    names_ = _names_of(conn, [a["entity_id"] for v in args.values() for a in v]
                       + [c["place_id"] for c in claims if c.get("place_id")])
    for c in claims:
        c["args"] = {}
        for a in sorted(args.get(c["id"], []), key=lambda a: a["role"]):
            ent = names_.get(a["entity_id"]) if a["entity_id"] is not None else None
            c["args"][a["role"]] = ({"id": ent["id"], "name": ent["name"], "type": ent["type"]} if ent
                                    else {"id": None, "name": a["text"], "type": None})
        place = names_.get(int(c["place_id"])) if c.get("place_id") else None
        c["place"] = ({"id": place["id"], "name": place["name"], "lat": place["lat"], "lon": place["lon"],
                       "admin1": place["admin1"]} if place else None)
        c["time"] = {"start": c.pop("time_start"), "end": c.pop("time_end"), "as_of": c.pop("time_as_of")}
        c.pop("key", None)
        c.pop("contest_key", None)
        c.pop("place_id", None)
        c["sources"] = srcs.get(c["id"], [])
        _attach_speakers(conn, c["sources"])


def _attach_speakers(conn: Connection, sources: list[dict[str, Any]]) -> None:
    le = t.local_entities.c
    for src in sources:
        local = src.pop("speaker", None)
        if not local:
            src["speaker"] = None
            continue
        row = conn.execute(sa.select(le.entity_id, le.name).where(le.document_id == src["document_id"],
                                                                  le.local_id == local)).first()
        src["speaker"] = {"id": int(row[0]), "name": row[1]} if row else None


def _claim_ids_with(conn: Connection, eid: int, *, roles: Iterable[str] | None = None) -> Any:
    ca = t.claim_args.c
    q = sa.select(ca.claim_id).where(ca.entity_id == eid)
    if roles is not None:
        q = q.where(ca.role.in_(list(roles)))
    return q


def person_timeline(store: Store, ref: str | int) -> dict[str, Any]:
    """Everything said of a person, oldest first: memberships with roles, events, relations."""
    person = entity(store, ref, type="PERSON")
    with store.read() as conn:
        rows = _claims(conn, t.claims.c.id.in_(_claim_ids_with(conn, person["id"])))
    return {"entity": person, "entries": rows}


def group_lineage(store: Store, ref: str | int) -> dict[str, Any]:
    """A group's names over time, parents, mergers and alliances: from the KB and the text."""
    group = entity(store, ref, type="ORG")
    steps: list[dict[str, Any]] = []
    if group.get("kb_id"):
        steps.extend(_kb_lineage(group["kb_id"]))
    with store.read() as conn:
        rows = _claims(conn, sa.and_(t.claims.c.id.in_(_claim_ids_with(conn, group["id"])),
                                     t.claims.c.predicate.in_(LINEAGE)))
    for c in rows:
        steps.append({"date": c["time"]["start"] or c["time"]["as_of"], "event": c["predicate"], "from": "text",
                      "claim": c})
    steps.sort(key=lambda s: (s["date"] or "9999", s["from"] != "kb"))
    return {"entity": group, "steps": steps}


def _kb_lineage(kb_id: str) -> list[dict[str, Any]]:
    from allegiance.kb import load_kb

    kb = load_kb()
    if kb_id not in kb:
        return []
    actor = kb.get(kb_id)
    out: list[dict[str, Any]] = []
    for step in kb.lineage(kb_id):
        out.append({"date": step.date, "event": step.event, "from": "kb", "name": step.name,
                    "kb_id": step.actor_id, "sources": list(kb.get(step.actor_id).sources)})
    for parent, link in kb.parents(kb_id):
        out.append({"date": link.start, "end": link.end, "event": "part_of", "from": "kb", "name": parent.name,
                    "kb_id": parent.id, "sources": [link.source] if link.source else list(actor.sources)})
    for ally, link in kb.allies(kb_id):
        out.append({"date": link.start, "end": link.end, "event": "allied_with", "from": "kb", "name": ally.name,
                    "kb_id": ally.id, "sources": [link.source] if link.source else list(actor.sources)})
    return out


def _on(day: str, start: str | None, end: str | None) -> bool:
    """Does a span that may be open or partial cover `day`? Partial dates cover their period."""
    if start and start[:len(day)] > day[:len(start)]:
        return False
    return not (end and end[:len(day)] < day[:len(end)])


def members(store: Store, group_ref: str | int, *, on: str | None = None) -> dict[str, Any]:
    """People with a membership, leadership or founding claim on a group, active on `on`.

    A claim counts on a date when its start/end span covers it; a claim with no dates counts
    when its sources were published within a year after the date (it is the present tense
    of a report near that date), so `members` never invents a past.
    """
    group = entity(store, group_ref, type="ORG")
    with store.read() as conn:
        rows = _claims(conn, sa.and_(t.claims.c.id.in_(_claim_ids_with(conn, group["id"], roles=("object",))),
                                     t.claims.c.predicate.in_(MEMBERSHIP)))
    out = []
    for c in rows:
        subj = c["args"].get("subject")
        if not subj or subj["type"] != "PERSON":
            continue
        if on:
            tm = c["time"]
            if tm["start"] or tm["end"]:
                if not _on(on, tm["start"], tm["end"]):
                    continue
            else:
                cited = c["first_cited"] or ""
                if not (cited and cited[:10] >= on[:10] and cited[:4] <= str(int(on[:4]) + 1)):
                    continue
        out.append(c)
    return {"entity": group, "on": on, "members": out}


def events(store: Store, *, actor: str | int | None = None, type: str | None = None, place: str | None = None,
           bbox: tuple[float, float, float, float] | None = None, start: str | None = None,
           end: str | None = None, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """Events by actor (any argument), type (predicate), place (name, with the places inside
    it by admin1) or bounding box (min lon, min lat, max lon, max lat), and time window."""
    c = t.claims.c
    conds: list[Any] = [c.predicate.in_(sorted(EVENTS))]
    limit = max(1, min(limit, MAX_PAGE))
    with store.read() as conn:
        if type:
            conds.append(c.predicate == type)
        if actor is not None:
            who = entity(store, actor)
            conds.append(c.id.in_(_claim_ids_with(conn, who["id"])))
        if place:
            where = entity(store, place, type="PLACE")
            inside = sa.select(t.entities.c.id).where(sa.or_(
                t.entities.c.id == where["id"],
                sa.and_(t.entities.c.admin1 == where["name"], t.entities.c.type == "PLACE")))
            conds.append(c.place_id.in_(inside))
        if bbox:
            x0, y0, x1, y1 = bbox
            en = t.entities.c
            conds.append(c.place_id.in_(sa.select(en.id).where(en.lon.between(x0, x1), en.lat.between(y0, y1))))
        if start:
            conds.append(c.sort_date >= start)
        if end:
            conds.append(c.sort_date <= end + "-99" if len(end) < 10 else c.sort_date <= end)
        where_all = sa.and_(*conds)
        total = int(conn.execute(sa.select(sa.func.count()).select_from(t.claims).where(where_all)).scalar_one())
        rows = _claims(conn, where_all, limit=limit, offset=offset)
    return {"total": total, "offset": offset, "limit": limit, "events": rows}


def claim_sources(store: Store, claim_id: int) -> dict[str, Any]:
    with store.read() as conn:
        rows = _claims(conn, t.claims.c.id == int(claim_id))
        if not rows:
            raise NotFoundError("no such claim", input=str(claim_id),
                                hint="Claim ids are printed by `person`, `group`, `members` and `events`.")
        claim = rows[0]
        claim["contested_with"] = []
        if claim["contested"]:
            key = conn.execute(sa.select(t.claims.c.contest_key).where(t.claims.c.id == claim["id"])).scalar_one()
            claim["contested_with"] = _claims(conn, sa.and_(t.claims.c.contest_key == key,
                                                            t.claims.c.id != claim["id"]))
    return claim


def document(store: Store, doc_id: str) -> dict[str, Any]:
    """An article with its segments, entity mentions (as graph entities) and evidence spans."""
    d = t.documents.c
    with store.read() as conn:
        row = conn.execute(sa.select(t.documents).where(sa.or_(d.id == doc_id, d.external_id == doc_id))
                           ).mappings().first()
        if row is None and len(doc_id) >= 8:
            row = conn.execute(sa.select(t.documents).where(d.id.like(f"{_escape(doc_id)}%", escape="\\"))
                               ).mappings().first()
        if row is None:
            raise NotFoundError("no such document", input=doc_id, hint="List documents with `allegiance stats`.")
        did = row["id"]
        segs = [dict(r) for r in conn.execute(sa.select(t.segments).where(t.segments.c.document_id == did)
                                              .order_by(t.segments.c.idx)).mappings()]
        le, m = t.local_entities.c, t.mentions.c
        ments = [{"start": r.start, "end": r.end, "entity_id": r.entity_id, "type": r.type, "name": r.name}
                 for r in conn.execute(sa.select(m.start, m.end, le.entity_id, le.type, le.name)
                                       .join(t.local_entities, sa.and_(le.document_id == m.document_id,
                                                                       le.local_id == m.local_id))
                                       .where(m.document_id == did).order_by(m.start))]
        s = t.sources.c
        facts = [dict(r) for r in conn.execute(
            sa.select(s.id, s.claim_id, s.predicate, s.evidence_start, s.evidence_end, s.quote, s.asserted_by,
                      s.modality, s.polarity).where(s.document_id == did).order_by(s.evidence_start)).mappings()]
    out = dict(row)
    out.update({"segments": segs, "mentions": ments, "facts": facts})
    return out


def candidates(store: Store, *, limit: int = 100) -> list[dict[str, Any]]:
    cd = t.candidates.c
    with store.read() as conn:
        rows = conn.execute(sa.select(t.candidates).where(cd.status == "open")
                            .order_by(cd.score.desc(), cd.a, cd.b).limit(max(1, min(limit, MAX_PAGE)))).mappings().all()
        names_ = _names_of(conn, [r["a"] for r in rows] + [r["b"] for r in rows])
    return [{"a": names_.get(r["a"], {"id": r["a"]}), "b": names_.get(r["b"], {"id": r["b"]}),
             "score": r["score"], "reason": r["reason"]} for r in rows]


def failures(store: Store) -> list[dict[str, Any]]:
    with store.read() as conn:
        return [dict(r) for r in conn.execute(sa.select(t.failures).order_by(t.failures.c.at)).mappings()]
