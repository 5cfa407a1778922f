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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by
from sqlalchemy.engine import Connection

from allegiance import names
from allegiance.errors import NotFoundError
from allegiance.graph import schema as t
from allegiance.graph.resolve import EVENTS, name_key
from allegiance.graph.store import GENERIC_PLANS, Store

MEMBERSHIP = ("member_of", "leader_of", "founded", "works_for")
LINEAGE = ("renamed_to", "part_of", "allied_with", "founded", "dissolution")
MAX_PAGE = 1000


# -- finding entities ----------------------------------------------------------------------


def search(store: Store, text: str, *, type: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """Entities whose names match `text` in any spelling, best first."""
    with store.reader() as conn:
        return _search(conn, text, type=type, limit=limit)


def _search(conn: Connection, text: str, *, type: str | None, limit: int) -> list[dict[str, Any]]:
    """`search` on an open connection (a query asks it on the connection it reads with)."""
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
    with store.reader() as conn:
        return _entity(conn, ref, type=type)


def _entity(conn: Connection, ref: str | int, *, type: str | None = None) -> dict[str, Any]:
    """`entity` on an open connection: a query resolves its entity on the connection it reads
    the page with (one pool check-out, one ping, instead of two)."""
    eid: int | None = None
    by_id = isinstance(ref, int) or (str(ref).isascii() and str(ref).isdigit() and len(str(ref)) <= 12)
    if by_id:
        eid = int(ref) if 0 < int(ref) < 2**62 else None
    else:
        hits = _search(conn, str(ref), type=type, limit=1)
        if hits:
            eid = hits[0]["id"]
    row = _entity_row(conn, eid) if eid else None
    for _ in range(20 if by_id else 0):  # a merged entity's id stands for the one it went into
        if row is None or row["merged_into"] is None:
            break
        row = _entity_row(conn, int(row["merged_into"]))
    if row is None or (type and row["type"] != type.upper()):
        what = {"PERSON": "person", "ORG": "group", "PLACE": "place"}.get((type or "").upper(), "entity")
        raise NotFoundError(f"no {what} in the graph matches", input=str(ref),
                            hint="Try another spelling, or `allegiance search TEXT` to see what is there.")
    out = dict(row)
    out.pop("merged_into", None)
    documents = int(out.pop("n_documents"))  # kept on write (schema: entities)
    names_ = out.pop("names_json", None)
    if conn.dialect.name == "postgresql":  # read with the row (_entity_row)
        out["names"] = [dict(zip(_NAME_KEYS, n, strict=True)) for n in names_ or ()]
    else:
        nm = t.entity_names.c
        out["names"] = [dict(r) for r in conn.execute(
            sa.select(nm.name, nm.start, nm.end, nm.origin).where(nm.entity_id == row["id"])
            .order_by(nm.name)).mappings()]
    out["documents"] = documents
    return out


_NAME_KEYS = ("name", "start", "end", "origin")


def _entity_row(conn: Connection, eid: int) -> Any:
    """The entity's row; on PostgreSQL with its names (`names_json`, in name order), in the same
    round trip."""
    pg = conn.dialect.name == "postgresql"

    def build() -> Any:
        q = sa.select(t.entities).where(t.entities.c.id == EID)
        return q.add_columns(_names_json().label("names_json")) if pg else q

    return conn.execute(_memo(("entity", pg), build), {"eid": eid}).mappings().first()


def _names_json() -> Any:
    """A correlated subquery: an entity's names as a JSON array of [name, start, end, origin]."""
    nm = t.entity_names.c
    return (sa.select(sa.func.json_agg(aggregate_order_by(
        sa.func.json_build_array(nm.name, nm.start, nm.end, nm.origin), nm.name)))
        .where(nm.entity_id == t.entities.c.id).scalar_subquery())


# -- claims and their sources ------------------------------------------------------------


def _claims(conn: Connection, where: Any, *, order: bool = True, limit: int | None = None,
            offset: int = 0) -> list[dict[str, Any]]:
    c = t.claims.c
    q = sa.select(t.claims).where(where)
    if order:
        q = q.order_by(sa.func.coalesce(c.sort_date, t.SORT_LAST), c.id)
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
    """Add arguments (with names) and sources (with documents) to claim rows.

    On PostgreSQL the documents are read by id after the sources, not joined: its planner, for a
    few hundred sources, would rather sort every document (50 ms at 10^5 facts). SQLite joins
    them by primary key, cheaper than a second statement with hundreds of parameters."""
    if not claims:
        return
    ids = [c["id"] for c in claims]
    args: dict[int, list[Any]] = defaultdict(list)
    srcs: dict[int, list[dict[str, Any]]] = defaultdict(list)
    ca, s = t.claim_args.c, t.sources.c
    who = t.entities.alias("who")
    voice = t.local_entities.alias("voice")  # the speaker's local entity, joined: one query for all
    d = t.documents.c
    joined = conn.dialect.name == "sqlite"
    cols = (s.id, s.document_id, s.quote, s.evidence_start, s.evidence_end, s.asserted_by, s.modality,
            s.confidence, s.published, s.fatalities, *((d.title, d.outlet, d.url) if joined else ()))
    keys = [col.name for col in cols]
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in conn.execute(sa.select(ca.claim_id, ca.role, ca.text, who.c.id, who.c.name, who.c.type)
                              .outerjoin(who, who.c.id == ca.entity_id).where(ca.claim_id.in_(chunk))):
            args[int(r.claim_id)].append(r)
        q = sa.select(s.claim_id, *cols, voice.c.entity_id, voice.c.name)
        if joined:
            q = q.join(t.documents, d.id == s.document_id)
        q = (q.outerjoin(voice, sa.and_(voice.c.document_id == s.document_id, voice.c.local_id == s.speaker))
             .where(s.claim_id.in_(chunk)).order_by(s.published, s.id))
        for row in conn.execute(q):
            src = dict(zip(keys, row[1:-2], strict=True))
            src["speaker"] = {"id": int(row[-2]), "name": row[-1]} if row[-2] is not None else None
            srcs[int(row[0])].append(src)
    docs = {} if joined else _documents_of(conn, {src["document_id"] for v in srcs.values() for src in v})
    places = _names_of(conn, [c["place_id"] for c in claims if c.get("place_id")])
    for c in claims:
        c["args"] = {}
        for a in sorted(args.get(c["id"], []), key=lambda a: a.role):
            c["args"][a.role] = ({"id": a.id, "name": a.name, "type": a.type} if a.id is not None
                                 else {"id": None, "name": a.text, "type": None})
        place = places.get(int(c["place_id"])) if c.get("place_id") else None
        c["place"] = ({"id": place["id"], "name": place["name"], "lat": place["lat"], "lon": place["lon"],
                       "admin1": place["admin1"]} if place else None)
        c["time"] = {"start": c.pop("time_start"), "end": c.pop("time_end"), "as_of": c.pop("time_as_of")}
        c.pop("key", None)
        c.pop("contest_key", None)
        c.pop("place_id", None)
        mine = srcs.get(c["id"], [])
        c["sources"] = mine if joined else [_with_document(x, docs[x["document_id"]]) for x in mine
                                            if x["document_id"] in docs]


def _documents_of(conn: Connection, ids: Iterable[str]) -> dict[str, Any]:
    """Title, outlet and URL of these documents, by id."""
    ids = sorted(ids)
    d = t.documents.c
    out: dict[str, Any] = {}
    for i in range(0, len(ids), 500):
        out.update((r.id, r) for r in conn.execute(sa.select(d.id, d.title, d.outlet, d.url)
                                                   .where(d.id.in_(ids[i:i + 500]))))
    return out


def _with_document(src: dict[str, Any], doc: Any) -> dict[str, Any]:
    """A source as the API has always shown it: its own fields, its document's, the speaker."""
    speaker = src.pop("speaker")
    return {**src, "title": doc.title, "outlet": doc.outlet, "url": doc.url, "speaker": speaker}


# -- reading a page of claims fast -------------------------------------------------------------
#
# An entity's claims are read from claim_args, which carries each claim's predicate, start and
# sort key (migration 0003): a page of one entity's claims of one predicate in `_claims` order
# is one range of ix_claim_args_entity_pred, read in order and left at the end of the page, so
# it costs the page, not the tens of thousands of claims of a hot group; several predicates are
# several such ranges, merged. Claims by date or place alone are read along ix_claims_date or
# ix_claims_place (`_ordered_ids`). bench/query_latency.py measures both on SQLite and PostgreSQL.


# Each statement is built once per shape (which predicates, which filters) with bound
# parameters for the values, and kept: SQLAlchemy then finds its compiled form by the kept
# statement's memoised cache key. Building a page's statement and its cache key afresh cost
# about 5 ms of client CPU a page (cProfile, bench/query_latency.py).
_STATEMENTS: dict[tuple[Any, ...], Any] = {}
EID, WANT, OFFSET = (sa.bindparam(k, type_=sa.Integer) for k in ("eid", "want", "offset"))
LO, HI = (sa.bindparam(k, type_=sa.String) for k in ("lo", "hi"))


def _memo(key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """The statement kept for `key`, built by `build` the first time."""
    stmt = _STATEMENTS.get(key)
    if stmt is None:
        stmt = _STATEMENTS[key] = build()
    return stmt


def _window(lo: str | None, hi: str | None) -> tuple[Any, Any, dict[str, Any]]:
    """The bound parameters standing for a window's ends (None for an open end) and their values."""
    values: dict[str, Any] = {k: v for k, v in (("lo", lo), ("hi", hi)) if v}
    return (LO if lo else None), (HI if hi else None), values


def _n_all(conn: Connection) -> int:
    """About how many claims there are (the highest id: a count would read them all)."""
    return int(conn.execute(sa.select(sa.func.max(t.claims.c.id))).scalar() or 0)


def _no_index(col: Any, *, sqlite: bool) -> Any:
    """`col` as SQLite cannot use to choose an index (`+claims.predicate`); `col` elsewhere.

    SQLite has no statistics; a unary plus (its documented way) takes a term out of its choice."""
    if not sqlite:
        return col
    return sa.literal_column(f"+{col.table.name}.{col.name}", col.type)


def _ordered_ids(conn: Connection, where: Any, params: dict[str, Any], *, limit: int,
                 offset: int) -> list[int]:
    """Ids of the claims meeting `where` (its values in `params`), in `_claims` order (sort
    date, missing last; then id), rows `offset` to `offset + limit`: dated ones along
    ix_claims_date first (`_dated`), then the rest."""
    c = t.claims.c
    want = offset + limit
    ids = [int(r[1]) for r in conn.execute(_dated(where, lo=None, hi=None), {**params, "want": want})]
    if len(ids) < want:
        late = sa.or_(c.sort_date.is_(None), c.sort_date >= t.SORT_LAST)
        ids += [int(r[0]) for r in conn.execute(sa.select(c.id).where(where, late)
                                                .order_by(sa.func.coalesce(c.sort_date, t.SORT_LAST), c.id)
                                                .limit(want - len(ids)), params)]
    return ids[offset:]


def _dated(where: Any, *, lo: Any, hi: Any) -> Any:
    """(sort_date, id) of the first WANT claims meeting `where` with a sort date from `lo` to
    `hi` (bound parameters, or None for an open end), in date order, then id."""
    c = t.claims.c
    dated = [c.sort_date < t.SORT_LAST, *([c.sort_date >= lo] if lo is not None else []),
             *([c.sort_date <= hi] if hi is not None else [])]
    return (sa.select(c.sort_date.label("sort_key"), c.id.label("claim_id")).where(where, *dated)
            .order_by(c.sort_date, c.id).limit(WANT))


_PAGE_IDS = sa.bindparam("page_ids", type_=ARRAY(sa.Integer))


def _claims_by_ids(conn: Connection, ids: list[int]) -> list[dict[str, Any]]:
    """The claims `ids`, decorated, in that order."""
    if ids and conn.dialect.name == "postgresql":  # one statement: unnest(ids) WITH ORDINALITY
        def listed() -> Any:
            u = sa.func.unnest(_PAGE_IDS).table_valued("claim_id", with_ordinality="ord").render_derived()
            return sa.select(u.c.ord, u.c.claim_id)

        return _pg_page(conn, ("listed",), listed, {"page_ids": ids}, offset=0)
    rows = {r["id"]: r for r in _claims(conn, t.claims.c.id.in_(ids), order=False)} if ids else {}
    return [rows[i] for i in ids]


def _named(*, predicate: str | None = None, roles: Iterable[str] | None = None, lo: Any = None, hi: Any = None,
           args_where: Iterable[Any] = ()) -> list[Any]:
    """Terms over claim_args for the claims naming EID (in `roles`), of `predicate`, with a sort
    date from `lo` to `hi` (bound parameters or None; a window leaves out claims with none);
    `args_where`: more terms over claim_args' own columns, tested in the index."""
    ca = t.claim_args.c
    out = [ca.entity_id == EID, *args_where]
    if predicate is not None:
        out.append(ca.predicate == predicate)
    if roles is not None:
        out.append(ca.role.in_(list(roles)))
    if lo is not None or hi is not None:
        out.append(ca.sort_key < t.SORT_LAST)
    out.extend([*([ca.sort_key >= lo] if lo is not None else []), *([ca.sort_key <= hi] if hi is not None else [])])
    return out


def _entity_claims(*, predicates: Iterable[str] | None = None, where: Iterable[Any] = (), **named: Any) -> Any:
    """(sort_key, claim_id) of the first WANT claims naming EID, of `predicates` (any when None),
    meeting `where` (terms over claims, joined), in `_claims` order: one ordered range per
    predicate, each cut at WANT, then merged, in one statement (`named`: the rest of `_named`'s
    terms). None when no predicate is asked for. Built once per shape (`_memo`)."""
    ca, c = t.claim_args.c, t.claims.c
    where = list(where)
    want = WANT

    def ranged(predicate: str | None) -> Any:
        q = sa.select(ca.sort_key, ca.claim_id).where(*_named(predicate=predicate, **named))
        if where:
            q = q.join(t.claims, c.id == ca.claim_id).where(*where)
        return q.distinct().order_by(ca.sort_key, ca.claim_id).limit(want)

    parts = [ranged(p) for p in sorted(set(predicates))] if predicates is not None else [ranged(None)]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    # one statement, each range a subquery (SQLite allows no LIMIT inside a bare UNION)
    subs = [sa.select(*part.subquery().c) for part in parts]
    both = sa.union_all(*subs).subquery("ranges")
    return sa.select(both.c.sort_key, both.c.claim_id).order_by(both.c.sort_key, both.c.claim_id).limit(want)


def _page(conn: Connection, key: tuple[Any, ...], build: Callable[[], Any], params: dict[str, Any], *,
          offset: int) -> list[dict[str, Any]]:
    """The claims a statement of (sort_key, claim_id) in page order (kept under `key`, built by
    `build`; None: no claims) lists from `offset` on, decorated: on PostgreSQL one statement
    (`_pg_page`), on SQLite the ids, then `_claims_by_ids`."""
    if conn.dialect.name == "postgresql":
        return _pg_page(conn, key, build, params, offset=offset)
    ids = _memo(key, build)
    if ids is None:
        return []
    return _claims_by_ids(conn, [int(r[1]) for r in conn.execute(ids, params)][offset:])


def _page_of(conn: Connection, eid: int, *, limit: int, offset: int, key: tuple[Any, ...] = (),
             params: dict[str, Any] | None = None, **select: Any) -> tuple[list[dict[str, Any]], bool]:
    """One page of the claims `_entity_claims(**select)` selects, and whether more follow. `key`
    names the shape of `select`'s terms, `params` their values."""
    shape = ("entity claims", key, tuple(sorted(select.get("predicates") or ())) if "predicates" in select else None)
    rows = _page(conn, shape, lambda: _entity_claims(**select),
                 {**(params or {}), "eid": eid, "want": offset + limit + 1}, offset=offset)
    return rows[:limit], len(rows) > limit


# -- PostgreSQL: a page in one round trip ------------------------------------------------------
#
# Over a loaded server every statement costs a wait for the server's turn, and the client's
# CPU went to reading thousands of source rows one by one: a page was six statements (ids,
# claims, arguments, sources, documents, places). Here it is one: the page's claims with their
# place joined and, per claim, its arguments and its sources (with document and speaker) as
# JSON arrays built by the server, which the client decodes in C (json.loads). The dicts built
# from them equal `_decorate`'s, key order included (bench/query_latency.py compares).

_SOURCE_KEYS = ("id", "document_id", "quote", "evidence_start", "evidence_end", "asserted_by", "modality",
                "confidence", "published", "fatalities", "title", "outlet", "url")


def _pg_args_json() -> Any:
    """A claim's arguments: JSON [[role, text, entity id, name, type], …] (correlated to claims)."""
    ca, who = t.claim_args.c, t.entities.alias("who")
    return (sa.select(sa.func.json_agg(sa.func.json_build_array(ca.role, ca.text, who.c.id, who.c.name,
                                                                who.c.type)))
            .select_from(t.claim_args.outerjoin(who, who.c.id == ca.entity_id))
            .where(ca.claim_id == t.claims.c.id).scalar_subquery())


def _pg_sources_json() -> Any:
    """A claim's sources in (published, id) order: JSON [[_SOURCE_KEYS…, speaker id, speaker
    name], …], each with its document's title, outlet and URL (correlated to claims)."""
    s, d, voice = t.sources.c, t.documents.c, t.local_entities.alias("voice")
    row = sa.func.json_build_array(*(getattr(s, k) for k in _SOURCE_KEYS[:10]), d.title, d.outlet, d.url,
                                   voice.c.entity_id, voice.c.name)
    return (sa.select(sa.func.json_agg(aggregate_order_by(row, s.published, s.id)))
            .select_from(t.sources.join(t.documents, d.id == s.document_id)
                         .outerjoin(voice, sa.and_(voice.c.document_id == s.document_id,
                                                   voice.c.local_id == s.speaker)))
            .where(s.claim_id == t.claims.c.id).scalar_subquery())


def _pg_source(src: list[Any]) -> dict[str, Any]:
    """One source of `_pg_sources_json` as `_decorate` gives it. JSON writes the float 1.0 as 1,
    so the confidence is made a float again (it is never null)."""
    out = dict(zip(_SOURCE_KEYS, src[:13], strict=True))
    out["confidence"] = float(out["confidence"])
    out["speaker"] = {"id": int(src[13]), "name": src[14]} if src[13] is not None else None
    return out


def _counted_page(conn: Connection, key: tuple[Any, ...], build: Callable[[], tuple[Any, Any]],
                  params: dict[str, Any], *, offset: int) -> tuple[list[dict[str, Any]], int]:
    """`_page` and a count: `build` gives (the page's ids statement, a one-value count
    statement). On PostgreSQL one statement, the count a column of every row (a second
    statement only when the page is empty)."""
    total = _memo(("count", key), lambda: build()[1])
    if conn.dialect.name == "postgresql":
        counted: list[int] = []
        rows = _pg_page(conn, key, lambda: build()[0], params, offset=offset, extra=total, into=counted)
        if counted:
            return rows, int(counted[0])
    else:
        rows = _page(conn, key, lambda: build()[0], params, offset=offset)
    return rows, int(conn.execute(total, params).scalar_one())


def _pg_page(conn: Connection, key: tuple[Any, ...], build: Callable[[], Any], params: dict[str, Any], *,
             offset: int, extra: Any = None, into: list[Any] | None = None) -> list[dict[str, Any]]:
    """`_page` on PostgreSQL: the page of the ids statement (kept under `key`, built by `build`)
    from `offset`, decorated, in one statement; with `extra` (a one-value statement, not
    correlated) as one more column, its value put `into`."""
    claim_cols = list(t.claims.c)

    def paged() -> Any:
        ids = _memo(key, build)
        if ids is None:
            return None
        page = ids.subquery("page")
        order, cid = page.c
        place = t.entities.alias("place")
        more = [extra.scalar_subquery().correlate(None)] if extra is not None else []
        return (sa.select(*claim_cols, place.c.id, place.c.name, place.c.lat, place.c.lon, place.c.admin1,
                          _pg_args_json(), _pg_sources_json(), *more)
                .select_from(page.join(t.claims, t.claims.c.id == cid)
                             .outerjoin(place, place.c.id == t.claims.c.place_id))
                .order_by(order, cid).offset(OFFSET))

    q = _memo(("pg page", key, extra is not None), paged)
    if q is None:
        return []
    n = len(claim_cols)
    names_ = [col.name for col in claim_cols]
    out = []
    for row in conn.execute(q, {**params, "offset": offset}):
        claim = dict(zip(names_, row[:n], strict=True))
        pid, pname, lat, lon, admin1, args, srcs = row[n:n + 7]
        if into is not None and not into:
            into.extend(row[n + 7:])
        claim["args"] = {}
        for role, text, eid, name, type_ in sorted(args or (), key=lambda a: a[0]):
            claim["args"][role] = ({"id": eid, "name": name, "type": type_} if eid is not None
                                   else {"id": None, "name": text, "type": None})
        claim["place"] = ({"id": pid, "name": pname, "lat": lat, "lon": lon, "admin1": admin1}
                          if claim["place_id"] and pid is not None else None)
        claim["time"] = {"start": claim.pop("time_start"), "end": claim.pop("time_end"),
                         "as_of": claim.pop("time_as_of")}
        for k in ("key", "contest_key", "place_id"):
            claim.pop(k, None)
        claim["sources"] = [_pg_source(src) for src in srcs or ()]
        out.append(claim)
    return out


def person_timeline(store: Store, ref: str | int, *, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """Everything said of a person, oldest first: memberships with roles, events, relations.

    One page of `limit` claims (at most MAX_PAGE) from `offset`; `more` says whether another follows.
    """
    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
    with store.reader() as conn:
        person = _entity(conn, ref, type="PERSON")
        rows, more = _page_of(conn, person["id"], limit=limit, offset=offset)
    return {"entity": person, "entries": rows, "offset": offset, "limit": limit, "more": more}


def group_lineage(store: Store, ref: str | int, *, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """A group's names over time, parents, mergers and alliances: from the KB and the text.

    The text's claims come one page of `limit` (at most MAX_PAGE) from `offset`, in claim order;
    the knowledge base's steps come with the first page. `more` says whether another follows.
    """
    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
    steps: list[dict[str, Any]] = []
    with store.reader() as conn:
        group = _entity(conn, ref, type="ORG")
        if group.get("kb_id") and offset == 0:
            steps.extend(_kb_lineage(group["kb_id"]))
        rows, more = _page_of(conn, group["id"], predicates=LINEAGE, limit=limit, offset=offset)
    for c in rows:
        steps.append({"date": c["time"]["start"] or c["time"]["as_of"], "event": c["predicate"], "from": "text",
                      "claim": c})
    steps.sort(key=lambda s: (s["date"] or "9999", s["from"] != "kb"))
    return {"entity": group, "steps": steps, "offset": offset, "limit": limit, "more": more}


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


def members(store: Store, group_ref: str | int, *, on: str | None = None, limit: int = 100,
            offset: int = 0) -> dict[str, Any]:
    """People with a membership, leadership or founding claim on a group, active on `on`.

    A claim counts on a date when its start/end span covers it; a claim with no dates counts
    when its sources were published within a year after the date (it is the present tense
    of a report near that date), so `members` never invents a past. One page of `limit`
    claims (at most MAX_PAGE) from `offset`; `more` says whether another follows.
    """
    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
    c = t.claims.c
    subject, who = t.claim_args.alias("subject"), t.entities.alias("who")
    conds = [_active_on(len(on))] if on else []
    conds.append(sa.exists().where(subject.c.claim_id == c.id, subject.c.role == "subject",
                                   who.c.id == subject.c.entity_id, who.c.type == "PERSON"))
    ca = t.claim_args.c
    # In the index, without reading the claim: a claim with a start can be active on `on` only
    # up to the year after it; one with neither start nor end only when first cited from `on`
    # to the year after (claim_args.cited); one with an end only is left to `_active_on`.
    early_ = sa.bindparam("early", type_=sa.String)
    no_start = sa.or_(ca.time_start.is_(None), ca.time_start == "")
    early = [sa.or_(sa.and_(ca.time_start != "", ca.sort_key <= early_),
                    sa.and_(no_start, sa.or_(ca.cited.is_(None),
                                             ca.cited.between(sa.bindparam("day10", type_=sa.String), early_))))
             ] if on else []
    params = ({"day": on, "day10": on[:10], "next_year": str(int(on[:4]) + 1), "early": f"{int(on[:4]) + 1}~"}
              if on else {})
    with store.reader() as conn:
        group = _entity(conn, group_ref, type="ORG")
        rows, more = _page_of(conn, group["id"], roles=("object",), predicates=MEMBERSHIP, where=conds,
                              args_where=early, limit=limit, offset=offset, key=("members", len(on) if on else None),
                              params=params)
    return {"entity": group, "on": on, "members": rows, "offset": offset, "limit": limit, "more": more}


def _active_on(n: int) -> Any:
    """`_on(day, start, end)` for dated claims, the cited-within-a-year rule for undated ones, in SQL
    (so a page is cut after the filter), for a `day` of `n` characters, bound as `day` (and
    `day10`, its first ten; `next_year`, the year after it). Dates are ISO strings, compared as
    strings in both."""
    c = t.claims.c
    start, end = sa.func.coalesce(c.time_start, ""), sa.func.coalesce(c.time_end, "")
    day_ = sa.cast(sa.bindparam("day", type_=sa.String), sa.String)

    def prefix(col: Any, n: Any) -> Any:
        return sa.func.substr(col, 1, n)

    dated = sa.and_(
        sa.or_(start == "", prefix(c.time_start, n) <= prefix(day_, sa.func.length(c.time_start))),
        sa.or_(end == "", prefix(c.time_end, n) >= prefix(day_, sa.func.length(c.time_end))))
    cited = sa.and_(c.first_cited != "", prefix(c.first_cited, 10) >= sa.bindparam("day10", type_=sa.String),
                    prefix(c.first_cited, 4) <= sa.bindparam("next_year", type_=sa.String))
    return sa.or_(sa.and_(sa.or_(start != "", end != ""), dated), sa.and_(start == "", end == "", cited))


def events(store: Store, *, actor: str | int | None = None, type: str | None = None, place: str | None = None,
           bbox: tuple[float, float, float, float] | None = None, start: str | None = None,
           end: str | None = None, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """Events by actor (any argument), type (predicate), place (name, with the places inside
    it by admin1) or bounding box (min lon, min lat, max lon, max lat), and time window."""
    limit = max(1, min(limit, MAX_PAGE))
    hi = (end + "-99" if len(end) < 10 else end) if end else None
    kinds = tuple(sorted(EVENTS) if not type else [type] if type in EVENTS else [])
    lo_, hi_, params = _window(start, hi)
    with store.reader() as conn, _custom_plans(conn, bool(place or bbox)):
        if place:
            where = _entity(conn, place, type="PLACE")
            params.update(place_id=where["id"], place_name=where["name"])
        if bbox:
            params.update(zip(("x0", "y0", "x1", "y1"), bbox, strict=True))
        shape = (kinds, bool(place), bool(bbox), lo_ is not None, hi_ is not None)
        if actor is not None:  # the actor's claims, from claim_args (see "reading a page" above)
            params["eid"], params["want"] = _entity(conn, actor)["id"], offset + limit

            def by_actor() -> tuple[Any, Any]:
                inside = [t.claims.c.place_id.in_(p) for p in _places(bool(place), bool(bbox))]
                return (_entity_claims(predicates=kinds, lo=lo_, hi=hi_, where=inside),
                        _entity_claim_count(predicates=list(kinds), lo=lo_, hi=hi_, where=inside))

            rows, n = _counted_page(conn, ("events by actor", *shape), by_actor, params, offset=offset)
        else:
            sqlite = conn.dialect.name == "sqlite"
            conds = partial(_event_terms, kinds, bool(place), bool(bbox), lo_, hi_, sqlite=sqlite)
            plain = ("events", *shape, sqlite)

            def counted() -> Any:
                return _events_count(conds, kinds, lo_, hi_, bool(place or bbox))

            if start or hi:  # the window's page, in one statement with its count on PostgreSQL
                params["want"] = offset + limit
                rows, n = _counted_page(conn, plain, lambda: (_dated(conds(page=True), lo=lo_, hi=hi_), counted()),
                                        params, offset=offset)
            else:
                where_ = _memo(("event terms", *plain), lambda: conds(page=True))
                rows = _claims_by_ids(conn, _ordered_ids(conn, where_, params, limit=limit, offset=offset))
                total = _memo(("count", *plain), counted)
                n = int(conn.execute(total, params).scalar_one())
    return {"total": n, "offset": offset, "limit": limit, "events": rows}


@contextmanager
def _custom_plans(conn: Connection, wanted: bool) -> Iterator[None]:
    """On PostgreSQL, when `wanted`, each statement is planned for its values: a place's events
    are best read by place for a town, in date order for a governorate, and the one generic
    plan the reader's connections keep (store._pg_settings) fits only one of the two
    (bench/query_latency.py, 10^6 facts: server CPU p95 of a place's events 25 ms planned for
    its values, 229 ms with the generic plan). Two short statements more."""
    if not wanted or conn.dialect.name != "postgresql":
        yield
        return
    conn.exec_driver_sql("SET plan_cache_mode = force_custom_plan")
    try:
        yield
    finally:
        conn.exec_driver_sql(GENERIC_PLANS)


def _places(place: bool, bbox: bool) -> list[Any]:
    """Statements of the place ids an events query asks for: the place bound as `place_id` and
    the places inside it (its name bound as `place_name`, by admin1); those in the box x0…y1."""
    en = t.entities.c
    out: list[Any] = []
    if place:
        out.append(sa.select(en.id).where(sa.or_(
            en.id == sa.bindparam("place_id", type_=sa.Integer),
            sa.and_(en.admin1 == sa.bindparam("place_name", type_=sa.String), en.type == "PLACE"))))
    if bbox:
        x0, y0, x1, y1 = (sa.bindparam(k, type_=sa.Float) for k in ("x0", "y0", "x1", "y1"))
        out.append(sa.select(en.id).where(en.lon.between(x0, x1), en.lat.between(y0, y1)))
    return out


def _event_terms(kinds: tuple[str, ...], place: bool, bbox: bool, lo: Any, hi: Any, *, sqlite: bool,
                 page: bool) -> Any:
    """The terms over claims of an events query with no actor: its kinds and places, and (for
    the count, not the page, which passes the window to `_dated`) its window. SQLite reads the
    claims of the place first, else the window in date order."""
    c = t.claims.c
    places = _places(place, bbox)
    first = "place" if places else "date"

    def col(column: Any, *sides: str) -> Any:
        return column if first in sides else _no_index(column, sqlite=sqlite)

    pred = col(c.predicate, *(() if page else ("date",)))
    out: list[Any] = [pred.in_(list(kinds))]
    out.extend(col(c.place_id, "place").in_(inside) for inside in places)
    if not page:
        date = col(c.sort_date, "date", "place")
        out.extend([*([date >= lo] if lo is not None else []), *([date <= hi] if hi is not None else [])])
    return sa.and_(*out)


def _events_count(conds: Callable[..., Any], kinds: tuple[str, ...], lo: Any, hi: Any, places: bool) -> Any:
    """How many events an events query with no actor finds (a one-value statement): counted in
    claims when places are asked for, else summed from claim_dates (`_dated_count`)."""
    if places:
        return sa.select(sa.func.count()).select_from(t.claims).where(conds(page=False))
    return _dated_count(list(kinds), lo=lo, hi=hi)


def _dated_count(predicates: list[str], *, lo: Any, hi: Any) -> Any:
    """How many claims of `predicates` have a sort date from `lo` to `hi` (bound parameters; any
    date, or none, when both are None): a sum over claim_dates, a row per predicate and date."""
    cd = t.claim_dates.c
    window = [*([cd.sort_date >= lo] if lo is not None else []), *([cd.sort_date <= hi] if hi is not None else [])]
    return (sa.select(sa.func.coalesce(sa.func.sum(cd.n), 0))
            .where(cd.predicate.in_(predicates), *window, *([cd.sort_date != ""] if window else [])))


def _entity_claim_count(*, predicates: list[str], where: list[Any], **named: Any) -> Any:
    """How many claims naming EID `_entity_claims` would list (a one-value statement): from the
    index alone unless `where` needs the claims."""
    ca, c = t.claim_args.c, t.claims.c
    q = (sa.select(sa.func.count(sa.distinct(ca.claim_id)))
         .where(*_named(**named), ca.predicate.in_(predicates)))
    if where:
        q = q.join(t.claims, c.id == ca.claim_id).where(*where)
    return q


def claim_sources(store: Store, claim_id: int) -> dict[str, Any]:
    with store.reader() as conn:
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
    with store.reader() as conn:
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
                                       .where(m.document_id == did).order_by(m.start, m.end, le.entity_id))]
        s = t.sources.c
        facts = [dict(r) for r in conn.execute(
            sa.select(s.id, s.claim_id, s.predicate, s.evidence_start, s.evidence_end, s.quote, s.asserted_by,
                      s.modality, s.polarity).where(s.document_id == did).order_by(s.evidence_start)).mappings()]
    out = dict(row)
    out.update({"segments": segs, "mentions": ments, "facts": facts})
    return out


def candidates(store: Store, *, limit: int = 100) -> list[dict[str, Any]]:
    cd = t.candidates.c
    with store.reader() as conn:
        rows = conn.execute(sa.select(t.candidates).where(cd.status == "open")
                            .order_by(cd.score.desc(), cd.a, cd.b).limit(max(1, min(limit, MAX_PAGE)))).mappings().all()
        names_ = _names_of(conn, [r["a"] for r in rows] + [r["b"] for r in rows])
    return [{"a": names_.get(r["a"], {"id": r["a"]}), "b": names_.get(r["b"], {"id": r["b"]}),
             "score": r["score"], "reason": r["reason"]} for r in rows]


def failures(store: Store, *, limit: int = MAX_PAGE, offset: int = 0) -> list[dict[str, Any]]:
    limit = max(1, min(limit, MAX_PAGE))
    with store.reader() as conn:
        return [dict(r) for r in conn.execute(sa.select(t.failures).order_by(t.failures.c.at, t.failures.c.source_name)
                                              .limit(limit).offset(max(0, offset))).mappings()]
