"""Cross-document resolution: local entities → graph entities, facts → claims.

Resolution is conservative; a local entity joins an existing graph entity only by one of
these reasons, tried in order (the reason is stored on the local entity and in `merges`):

    1. the same knowledge-base id                     (two KB actors never merge)
    2. a place with the same GeoNames id
    3. an organisation or place with the same name, once articles and spelling variants
       are folded away (names.skeleton), when the name is specific (two words or more,
       not a bare kunya or generic name) and neither side carries a KB id
    4. a person with the same full name (two name parts or more, not weak; a title or
       "Mr" is no part), who shares context with the graph entity (a co-mentioned group or
       place), or whose name has three parts or more; failing that, a person whose name is
       this one written another way (names.person_variant: a middle name more or less, a
       letter lost, a first name left out of a name that is not built the Arabic way) who
       shares context — two co-mentioned groups or places when a first name is left out.
       A person's titles are not names here ("Foreign Secretary",
       "the Prime Minister": an office passes from holder to holder), nor are aliases that
       share no word with the person's own name (what coreference attached: "the
       negotiator", "Minister for the Middle East"), on either side: the graph entity
       must be called so by one of its own local entities

Anything less (a surname alone, a single given name, a full name without shared context)
creates a new graph entity and, where names are close, a row in `candidates` for a
person to decide (`allegiance candidates`, `merge`, `split`). A person's merges and splits
are kept in `corrections` in terms of the local entities they moved, and replayed when
resolution re-runs, so they survive re-ingest and `allegiance resolve`.

Facts become claims: one claim per distinct (predicate, arguments over graph entities,
role, time start/end, polarity); every fact is a source row of its claim. Claims whose
contest key is shared (same predicate and arguments) but disagree in polarity, in the date
of a one-time event (founded, renamed, dissolved), or, for an event on one patient, place
and date, in who did it, are all marked contested — never overwritten.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from allegiance import names
from allegiance.errors import NotFoundError, StoreError
from allegiance.extraction.entities.linking import PLACE_WORDS
from allegiance.extraction.entities.rules import TITLES
from allegiance.graph import schema as t
from allegiance.model import Extraction

SYMMETRIC = frozenset({"allied_with", "relative_of", "clash"})
ONE_TIME = frozenset({"founded", "renamed_to", "dissolution"})
EVENTS = frozenset({"attack", "clash", "detention", "killing", "agreement", "evacuation", "protest",
                    "flight", "defection", "dissolution", "ban"})
AGENT_ROLES = frozenset({"agent", "signatory"})


def _now() -> str:
    from allegiance.graph.store import now

    return now()


def _hash(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def name_key(name: str) -> str:
    return names.skeleton(name) or names.fold(name)


def _specific(name: str, type_: str) -> bool:
    """A name that can identify one thing across articles on its own."""
    if names.is_weak_alias(name):
        return False
    tokens = names.normalize(name).split()
    if type_ == "PERSON":  # a title or "Mr" is no name part: "Mr Johnson" is one
        return len([tok for tok in tokens if tok not in _TITLE_WORDS]) >= 2
    return len(tokens) >= 2 or (type_ == "PLACE" and len(tokens) == 1 and len(tokens[0]) >= 4)


# The words of offices (rules.TITLES) and of what stands before them ("the UK Foreign
# Office Minister"): a person's name made of these alone is a title, not a name.
_TITLE_WORDS = frozenset({w for title in TITLES for w in names.fold(title).split()} | {
    "the", "this", "of", "for", "former", "acting", "office", "affairs", "uk", "us", "u", "s", "eu", "un",
    "british", "american", "french", "russian", "iranian", "turkish", "syrian", "iraqi", "australian",
    *names.HONORIFICS})


def _is_title(name: str) -> bool:
    tokens = names.fold(name).split()
    return bool(tokens) and all(tok in _TITLE_WORDS for tok in tokens)


def _person_names(e: Any) -> list[str]:
    """The names a person is matched by across documents: its name and the aliases that
    share a word with it (spellings, short forms), never a title. Coreference gives a
    person the offices and descriptions the article calls them by; within the article they
    are that person, across articles an office has had many holders."""
    words = set(name_key(e.name).split())
    out = [] if _is_title(e.name) else [e.name]
    out += [a for a in e.aliases if a != e.name and not _is_title(a) and set(name_key(a).split()) & words]
    return list(dict.fromkeys(out + [u for n in out for u in _untitled(n)]))


def _untitled(name: str) -> list[str]:
    """A titled name without its title: "President Bashar al-Assad" is also "Bashar
    al-Assad"; after a portfolio ("Minister for the Middle East Tobias Ellwood") the name
    is its last two words."""
    tokens = name.split()
    i = 0
    while i < len(tokens) and _is_title(tokens[i]):
        i += 1
    rest = tokens[i:]
    if i == 0 or len(rest) < 2:
        return []
    if names.fold(tokens[i - 1]) in ("for", "of", "the"):
        rest = rest[-2:]
    return [" ".join(rest)]


def _found_names(e: Any) -> list[str]:
    """The names a local entity gives its graph entity: all it was called, and a person's
    names without their titles."""
    return list(dict.fromkeys([e.name, *e.aliases, *(_person_names(e) if e.type == "PERSON" else [])]))


def _called(conn: Connection, eid: int, keys: set[str]) -> bool:
    """Whether a local entity of this person is called by one of these names itself, not
    merely given it as a title or by coreference (an alias sharing no word with its name)."""
    for name, aliases in conn.execute(_LOCALS_OF, {"eid": eid}):
        local = SimpleNamespace(name=name, aliases=json.loads(aliases))
        if keys & {name_key(n) for n in _person_names(local)}:
            return True
    return False


# -- entities ----------------------------------------------------------------------------
#
# The look-ups run for every entity of every document are built once, with bound parameters:
# SQLAlchemy then finds a statement's compiled form by its memoised cache key, where a
# statement built anew per call costs its construction and its key again (half of ingest's
# time on 100 FA-KES articles went to that).

_en, _nm, _le = t.entities.c, t.entity_names.c, t.local_entities.c
_BY_KB = sa.select(_en.id).where(_en.kb_id == sa.bindparam("kb"))
_BY_GEONAMES = sa.select(_en.id).where(_en.geonames == sa.bindparam("geo"), _en.type == "PLACE",
                                       _en.merged_into.is_(None))
_BY_SKELETON = (sa.select(_en.id, _en.kb_id, _en.geonames, _nm.name)
                .join(t.entity_names, _nm.entity_id == _en.id)
                .where(_nm.skel.in_(sa.bindparam("keys", expanding=True)), _en.type == sa.bindparam("type"),
                       _en.merged_into.is_(None)))
_MERGED_INTO = sa.select(_en.merged_into).where(_en.id == sa.bindparam("eid"))
_INSERT_ENTITY = sa.insert(t.entities).returning(_en.id)
_INSERT_NAMES = sa.insert(t.entity_names)
_FILL_GEO = sa.update(t.entities).where(_en.id == sa.bindparam("b_id"), _en.lat.is_(None)).values(
    lat=sa.bindparam("b_lat"), lon=sa.bindparam("b_lon"), geonames=sa.bindparam("b_geo"),
    admin1=sa.bindparam("b_admin1"), geo_precision=sa.bindparam("b_prec"))
_NAMES_OF = sa.select(_nm.name).where(_nm.entity_id == sa.bindparam("eid"))
_LOCALS_OF = sa.select(_le.name, _le.aliases).where(_le.entity_id == sa.bindparam("eid"))
_CONTEXT = sa.select(_le.entity_id).where(
    _le.document_id.in_(sa.select(_le.document_id).where(_le.entity_id.in_(sa.bindparam("ids", expanding=True)))),
    _le.type != "PERSON")
_NEAR = (sa.select(_nm.entity_id, _nm.name).join(t.entities, _en.id == _nm.entity_id)
         .where(_nm.norm.like(sa.bindparam("pattern")), _en.type == sa.bindparam("type"), _en.merged_into.is_(None))
         .limit(20))


def _new_entity(conn: Connection, e: Any, kb_id: str | None) -> int:
    """A new graph entity for a local entity, with its names (and its KB names): two statements,
    parameters apart from the statement so SQLAlchemy compiles each once."""
    eid = int(conn.execute(_INSERT_ENTITY, {
        "type": e.type, "name": e.name, "name_key": name_key(e.name), "kb_id": kb_id, "wikidata": e.wikidata,
        "geonames": e.geonames, "lat": e.lat, "lon": e.lon, "admin1": e.admin1, "geo_precision": e.geo_precision,
        "created_at": _now()}).scalar_one())
    have: set[str] = set()
    rows = _name_rows(eid, _found_names(e), origin="text", have=have)
    if kb_id:
        rows += _kb_name_rows(eid, kb_id, have=have)
    if rows:
        conn.execute(_INSERT_NAMES, rows)
    return eid


def _add_names(conn: Connection, eid: int, found: Iterable[str], *, origin: str,
               dated: dict[str, tuple[str | None, str | None]] | None = None) -> None:
    have = {r[0] for r in conn.execute(_NAMES_OF, {"eid": eid})}
    rows = _name_rows(eid, found, origin=origin, dated=dated, have=have)
    if rows:
        conn.execute(_INSERT_NAMES, rows)


def _name_rows(eid: int, found: Iterable[str], *, origin: str, have: set[str],
               dated: dict[str, tuple[str | None, str | None]] | None = None) -> list[dict[str, Any]]:
    """entity_names rows for the names in `found` the entity does not `have` (which it then has)."""
    rows = []
    for n in dict.fromkeys(found):
        if not n or n in have:
            continue
        start, end = (dated or {}).get(n, (None, None))
        rows.append({"entity_id": eid, "name": n, "norm": names.normalize(n), "skel": name_key(n),
                     "start": start, "end": end, "origin": origin})
        have.add(n)
    return rows


def _kb_name_rows(eid: int, kb_id: str, *, have: set[str]) -> list[dict[str, Any]]:
    from allegiance.kb import load_kb

    kb = load_kb()
    if kb_id not in kb:
        return []
    actor = kb.get(kb_id)
    dated = {n.name: (n.start, n.end) for n in actor.names}
    return _name_rows(eid, actor.all_names(), origin="kb", dated=dated, have=have)


def _context_of(conn: Connection, entity_ids: Iterable[int]) -> set[int]:
    """Graph entities co-mentioned with these in any stored document (groups and places)."""
    ids = list(entity_ids)
    if not ids:
        return set()
    return {int(r[0]) for r in conn.execute(_CONTEXT, {"ids": ids})}


def _live(conn: Connection, eid: int) -> int:
    """Follow `merged_into` to the entity that stands for `eid` now."""
    seen = set()
    while True:
        row = conn.execute(_MERGED_INTO, {"eid": eid}).first()
        if row is None or row[0] is None or eid in seen:
            return eid
        seen.add(eid)
        eid = int(row[0])


def _match(conn: Connection, e: Any, context: set[int]) -> tuple[int | None, str, list[tuple[int, float, str]]]:
    """The graph entity a local entity joins, the reason, and near misses for `candidates`."""
    if e.kb_id:
        row = conn.execute(_BY_KB, {"kb": e.kb_id}).first()
        return (int(row[0]) if row else None), f"knowledge-base id {e.kb_id}", []
    if e.type == "PLACE" and e.geonames:
        row = conn.execute(_BY_GEONAMES, {"geo": e.geonames}).first()
        if row:
            return int(row[0]), f"GeoNames id {e.geonames}", []
    found_names = _person_names(e) if e.type == "PERSON" else [e.name, *e.aliases]
    own = [n for n in dict.fromkeys(found_names) if _specific(n, e.type)]
    if not own:
        return None, "", []
    keys = {name_key(n) for n in own}
    rows = conn.execute(_BY_SKELETON, {"keys": sorted(keys), "type": e.type}).all()
    found: dict[int, str] = {}
    for eid, kb_id, geonames, hit in rows:
        if kb_id:  # a name of a KB actor the linker did not give this entity: not ours to decide
            continue
        if e.type == "PLACE" and geonames and e.geonames and geonames != e.geonames:
            continue
        found.setdefault(int(eid), hit)
    if e.type == "PERSON":
        found = {eid: hit for eid, hit in found.items() if _called(conn, eid, keys)}
    if not found:
        variant = _variant_match(conn, e, own, context) if e.type == "PERSON" else None
        return variant if variant else (None, "", _near(conn, e, own))
    if e.type != "PERSON":
        eid = min(found)
        return eid, f"same name {found[eid]!r}", []
    scored = []
    for eid, hit in found.items():
        shared = context & _context_of(conn, [eid])
        # a title is no name part: "President Bashar al-Assad" has two
        long_name = max((len(names.normalize(n).split()) for n in own if not _is_title(n.split()[0])), default=0) >= 3
        if shared or long_name:
            scored.append((len(shared), -eid, eid, hit, shared))
    if not scored:
        return None, "", [(eid, 0.8, f"same name {hit!r}, no shared context") for eid, hit in found.items()]
    scored.sort(reverse=True)
    _, _, eid, hit, shared = scored[0]
    why = f"same name {hit!r}" + (f", {len(shared)} co-mentioned groups or places" if shared else ", three-part name")
    return eid, why, []


def _variant_match(conn: Connection, e: Any, own: list[str],
                   context: set[int]) -> tuple[int, str, list[tuple[int, float, str]]] | None:
    """A person whose name is this one written another way (names.person_variant: a middle
    name more or less, a first name left out, a letter lost), who is called so by a local
    entity of its own and shares context: one co-mentioned group or place, two when a
    first name was left out (the weaker evidence). The graph entity with most shared
    context wins; the reason says which variant it was."""
    en, nm = t.entities, t.entity_names
    hits: dict[int, tuple[str, str, str]] = {}
    for n in own[:3]:
        for tok in sorted({tok for tok in name_key(n).split() if len(tok) >= 4}):
            rows = conn.execute(
                sa.select(nm.c.entity_id, nm.c.name).join(en, en.c.id == nm.c.entity_id)
                .where(nm.c.skel.like(f"%{tok}%"), en.c.type == "PERSON", en.c.kb_id.is_(None),
                       en.c.merged_into.is_(None)).limit(50)).all()
            for eid, other in rows:
                how = names.person_variant(n, other)
                if how and int(eid) not in hits and _called(conn, int(eid), {name_key(other)}):
                    hits[int(eid)] = (n, other, how)
    scored = []
    for eid, (n, other, how) in hits.items():
        shared = context & _context_of(conn, [eid])
        if len(shared) >= (2 if "first name" in how else 1):
            scored.append((len(shared), -eid, eid, n, other, how))
    if not scored:
        return None
    scored.sort(reverse=True)
    k, _, eid, n, other, how = scored[0]
    return eid, f"name variant {n!r} ~ {other!r} ({how}), {k} co-mentioned groups or places", []


def _core(place: str) -> str:
    """A place's name without the words that say what kind of place it is or where in it:
    "Hama countryside" → "Hama", "northern Aleppo province" → "Aleppo"."""
    words = [w for w in place.split() if w.lower() not in PLACE_WORDS]
    return " ".join(words) or place


def _near(conn: Connection, e: Any, own: list[str]) -> list[tuple[int, float, str]]:
    """Graph entities of the same type whose name differs by little: candidates, never merges."""
    out = []
    for n in own[:3]:
        norm = names.normalize(n)
        last = norm.split()[-1] if norm else ""
        if len(last) < 4:
            continue
        rows = conn.execute(_NEAR, {"pattern": f"%{last}", "type": e.type}).all()
        for eid, other in rows:
            score = names.similarity(n, other)
            if score >= 0.85 and e.type == "PLACE":
                # "Daraa countryside" ~ "Hama countryside": the shared type word is no name
                score = min(score, names.similarity(_core(n), _core(other)))
            if score >= 0.85:
                out.append((int(eid), round(score, 3), f"{n!r} ~ {other!r}"))
    return out


def attach_entities(conn: Connection, doc_id: str, ex: Extraction) -> dict[str, int]:
    """Map each local entity of a new document to a graph entity; returns local id → entity id."""
    mapping: dict[str, int] = {}
    reasons: dict[str, str] = {}
    pending_candidates: list[tuple[str, int, float, str]] = []
    attached: list[dict[str, Any]] = []  # rows of `merges`, written at once (nothing reads them here)
    # KB-linked entities and places first: they are the context people are matched in.
    order = sorted(ex.entities, key=lambda e: (e.type == "PERSON", e.kb_id is None))
    for e in order:
        context = {mapping[k] for k, v in ((x.id, x) for x in ex.entities) if k in mapping and v.type != "PERSON"}
        eid, why, near = _match(conn, e, context)
        if eid is None:
            eid = _new_entity(conn, e, e.kb_id)
            why = f"new: knowledge-base id {e.kb_id}" if e.kb_id else "new"
        else:
            if e.kb_id:  # the other look-ups (GeoNames id, names, variants) find live entities only
                eid = _live(conn, eid)
            _add_names(conn, eid, _found_names(e), origin="text")
            _fill_geo(conn, eid, e)
            attached.append({"kept": eid, "merged": None, "action": "attach", "reason": f"{doc_id[:12]}:{e.id} {why}",
                             "by": "rule", "at": _now()})
        mapping[e.id] = eid
        reasons[e.id] = why
        pending_candidates.extend((e.id, other, score, r) for other, score, r in near)
    if attached:
        conn.execute(sa.insert(t.merges), attached)
    if ex.entities:
        conn.execute(sa.insert(t.local_entities), [
            {"document_id": doc_id, "local_id": e.id, "entity_id": mapping[e.id], "type": e.type, "name": e.name,
             "aliases": json.dumps(e.aliases, ensure_ascii=False), "kb_id": e.kb_id, "reason": reasons[e.id]}
            for e in ex.entities])
        # The document is new: each entity it names is named in one more document.
        en = t.entities.c
        conn.execute(sa.update(t.entities).where(en.id == sa.bindparam("eid"))
                     .values(n_documents=en.n_documents + 1), [{"eid": e} for e in sorted(set(mapping.values()))])
    for local, other, score, why in pending_candidates:
        _add_candidate(conn, mapping[local], other, score, why)
    return mapping


def count_documents(conn: Connection, entity_ids: Iterable[int]) -> None:
    """Recount `entities.n_documents` of these entities, after a merge or split moved local
    entities between them (an ingest adds one to each entity it names instead)."""
    ids = sorted(set(entity_ids))
    le, en = t.local_entities.c, t.entities.c
    docs = (sa.select(sa.func.count(sa.distinct(le.document_id))).where(le.entity_id == en.id)
            .correlate(t.entities).scalar_subquery())
    for i in range(0, len(ids), 500):
        conn.execute(sa.update(t.entities).where(en.id.in_(ids[i:i + 500])).values(n_documents=docs))


def _fill_geo(conn: Connection, eid: int, e: Any) -> None:
    if e.type != "PLACE" or e.lat is None:
        return
    conn.execute(_FILL_GEO, {"b_id": eid, "b_lat": e.lat, "b_lon": e.lon, "b_geo": e.geonames, "b_admin1": e.admin1,
         "b_prec": e.geo_precision})


def _add_candidate(conn: Connection, a: int, b: int, score: float, why: str) -> None:
    a, b = _live(conn, a), _live(conn, b)
    if a == b:
        return
    a, b = min(a, b), max(a, b)
    c = t.candidates.c
    if conn.execute(sa.select(c.a).where(c.a == a, c.b == b)).first():
        return
    conn.execute(sa.insert(t.candidates).values(a=a, b=b, score=score, reason=why, status="open"))


# -- claims ------------------------------------------------------------------------------


Arg = tuple[str, int | None, str | None]  # role, graph entity or None, words or None


def _claim_fields(src: dict[str, Any], local_map: dict[str, int]) -> tuple[dict[str, Any], list[Arg]]:
    """The claim a source belongs to under the current local → graph mapping."""
    raw = json.loads(src["args"])
    args: list[tuple[str, int | None, str | None]] = []
    for role, value in raw.items():
        if value in local_map:
            args.append((role, local_map[value], None))
        else:
            args.append((role, None, " ".join(str(value).split())))
    pred = src["predicate"]
    if pred in SYMMETRIC:
        pair = sorted(a for a in args if a[0] in ("subject", "object", "agent", "patient"))
        if len(pair) == 2:
            roles = sorted(r for r, _, _ in pair)
            args = [a for a in args if a not in pair] + [(roles[0], *pair[0][1:]), (roles[1], *pair[1][1:])]
    args.sort(key=lambda a: (a[0], a[1] or 0, a[2] or ""))
    # Words as arguments (a new name, "civilians") are keyed by their spelling skeleton, so
    # "Jabhat Fatah a-Sham" and "Jabhat Fateh al-Sham" are one claim.
    argkey = [[r, e, name_key(x) if x else ""] for r, e, x in args]
    place = local_map.get(src["place"]) if src["place"] else None
    key = _hash([pred, argkey, src["role"], src["time_start"], src["time_end"], src["polarity"]])
    if pred in EVENTS:
        patient = [a for a in argkey if a[0] not in AGENT_ROLES]
        contest = _hash(["event", pred, patient, src["time_start"], place])
    else:
        contest = _hash(["relation", pred, argkey, src["role"] if pred == "relative_of" else None])
    fields = {"key": key, "contest_key": contest, "predicate": pred, "role": src["role"],
              "time_start": src["time_start"], "time_end": src["time_end"], "time_as_of": src["time_as_of"],
              "place_id": place, "polarity": src["polarity"]}
    return fields, args


def _local_map(conn: Connection, doc_ids: Iterable[str]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(dict)
    ids = list(set(doc_ids))
    le = t.local_entities.c
    for i in range(0, len(ids), 500):
        for doc, local, eid in conn.execute(sa.select(le.document_id, le.local_id, le.entity_id)
                                            .where(le.document_id.in_(ids[i:i + 500]))):
            out[doc][local] = int(eid)
    return out


def _claim_for(conn: Connection, fields: dict[str, Any], args: list[tuple[str, int | None, str | None]]) -> int:
    return _claims_for(conn, [(fields, args)])[0]


def _claims_for(conn: Connection, wanted: list[tuple[dict[str, Any], list[Arg]]]) -> list[int]:
    """The claim of each (fields, args), made when missing: one look-up for all of them, one
    insert for the new claims and one for their arguments (not three statements a fact)."""
    c = t.claims.c
    keys = sorted({fields["key"] for fields, _ in wanted})
    have: dict[str, int] = {}
    for i in range(0, len(keys), 500):
        have.update((k, int(cid)) for k, cid in conn.execute(sa.select(c.key, c.id).where(c.key.in_(keys[i:i + 500]))))
    new: dict[str, tuple[dict[str, Any], list[Arg]]] = {}
    for fields, args in wanted:
        if fields["key"] not in have:
            new.setdefault(fields["key"], (fields, args))
    if new:
        rows = [{**fields, "sort_date": None, "first_cited": None, "last_cited": None, "n_sources": 0,
                 "contested": False} for fields, _ in new.values()]
        # keyed by their unique key, the new ids need no order: one multi-row INSERT … RETURNING
        have.update((k, int(cid)) for cid, k in conn.execute(sa.insert(t.claims).returning(c.id, c.key), rows))
        arg_rows = []
        for fields, args in new.values():
            arg_rows += _arg_rows(have[fields["key"]], fields, args)
        if arg_rows:
            conn.execute(sa.insert(t.claim_args), arg_rows)
    return [have[fields["key"]] for fields, _ in wanted]


def _arg_rows(cid: int, fields: dict[str, Any], args: list[Arg]) -> list[dict[str, Any]]:
    """claim_args rows of a new claim: one a role, with the claim's predicate and start (its sort
    key is set when its sources are counted, refresh_claims)."""
    seen: set[str] = set()
    rows = []
    for role, eid, text in args:
        if role in seen:
            continue
        seen.add(role)
        rows.append({"claim_id": cid, "role": role, "entity_id": eid, "text": text, "predicate": fields["predicate"],
                     "time_start": fields["time_start"], "sort_key": t.SORT_LAST})
    return rows


def add_sources(conn: Connection, doc_id: str, ex: Extraction, mapping: dict[str, int]) -> int:
    """Store each fact of a new document as a source of its claim."""
    published = ex.document.published
    local_ids = {e.id for e in ex.entities}
    srcs, wanted = [], []
    for f in ex.facts:
        time_ = f.time
        speaker = None
        if f.asserted_by == "interviewee":
            speaker = next((s.speaker for s in ex.segments
                            if s.speaker and s.start <= f.evidence.start < s.end), None)
        src = {"document_id": doc_id, "fact_id": f.id, "predicate": f.predicate,
               "args": json.dumps({k: v for k, v in f.args.items()}, ensure_ascii=False, sort_keys=True),
               "role": f.role, "time_start": time_.start if time_ else None,
               "time_end": time_.end if time_ else None, "time_as_of": time_.as_of if time_ else None,
               "place": f.place if f.place in local_ids else None, "polarity": f.polarity,
               "modality": f.modality, "asserted_by": f.asserted_by, "speaker": speaker,
               "evidence_start": f.evidence.start, "evidence_end": f.evidence.end, "quote": f.evidence.text,
               "confidence": f.confidence, "fatalities": getattr(f, "fatalities", None),
               "injured": getattr(f, "injured", None), "published": published}
        srcs.append(src)
        wanted.append(_claim_fields(src, mapping))
    if not srcs:
        return 0
    ids = _claims_for(conn, wanted)
    conn.execute(sa.insert(t.sources), [{**src, "claim_id": cid} for src, cid in zip(srcs, ids, strict=True)])
    refresh_claims(conn, ids)
    return len(ex.facts)


def refresh_claims(conn: Connection, claim_ids: Iterable[int]) -> None:
    """Recompute the cited dates, counts and contested flags of these claims; drop empty ones."""
    ids = sorted(set(claim_ids))
    s, c, ca = t.sources.c, t.claims.c, t.claim_args.c
    contest_keys: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        agg = {int(r[0]): r[1:] for r in conn.execute(
            sa.select(s.claim_id, sa.func.count(), sa.func.min(s.published), sa.func.max(s.published),
                      sa.func.max(s.fatalities), sa.func.max(s.injured))
            .where(s.claim_id.in_(chunk)).group_by(s.claim_id))}
        gone, counted, moved = [], [], []
        for cid, start, end, as_of, key, was, was_first in conn.execute(
                sa.select(c.id, c.time_start, c.time_end, c.time_as_of, c.contest_key, c.sort_date, c.first_cited)
                .where(c.id.in_(chunk))).all():
            contest_keys.add(key)
            if cid not in agg:
                gone.append(cid)
                continue
            n, first, last, dead, hurt = agg[cid]
            sort = (start or as_of or first or "")[:10] or None
            counted.append({"b_id": cid, "b_n": n, "b_first": first, "b_last": last, "b_sort": sort, "b_dead": dead,
                            "b_hurt": hurt})
            # the arguments carry the claim's sort key and, undated, its first citation (schema: claim_args)
            if sort != was or (not start and not end and first != was_first):
                moved.append({"b_id": cid, "b_sort": sort or t.SORT_LAST, "b_cited": _cited(start, end, first)})
        if gone:
            conn.execute(sa.delete(t.claim_args).where(ca.claim_id.in_(gone)))
            conn.execute(sa.delete(t.claims).where(c.id.in_(gone)))
        if counted:
            conn.execute(sa.update(t.claims).where(c.id == sa.bindparam("b_id")).values(
                n_sources=sa.bindparam("b_n"), first_cited=sa.bindparam("b_first"), last_cited=sa.bindparam("b_last"),
                sort_date=sa.bindparam("b_sort"), fatalities=sa.bindparam("b_dead"),
                injured=sa.bindparam("b_hurt")), counted)
        if moved:
            conn.execute(sa.update(t.claim_args).where(ca.claim_id == sa.bindparam("b_id"))
                         .values(sort_key=sa.bindparam("b_sort"), cited=sa.bindparam("b_cited")), moved)
    _mark_contested(conn, contest_keys)


def _cited(start: str | None, end: str | None, first: str | None) -> str | None:
    """claim_args.cited of a claim: its first citation's day when it has no start and no end
    (members' undated rule reads it in the index), else None."""
    return ((first or "")[:10] or None) if not start and not end else None


def _compatible(a: str | None, b: str | None) -> bool:
    return not a or not b or a.startswith(b) or b.startswith(a)


def _mark_contested(conn: Connection, keys: Iterable[str]) -> None:
    """Mark the claims under these contest keys contested or not (see the module docstring):
    the claims of all keys read at once, the flags that change written at once."""
    c, ca = t.claims.c, t.claim_args.c
    keys = sorted(set(keys))
    groups: dict[str, list[Any]] = defaultdict(list)
    for i in range(0, len(keys), 500):
        for r in conn.execute(sa.select(c.id, c.contest_key, c.predicate, c.polarity, c.time_start, c.contested)
                              .where(c.contest_key.in_(keys[i:i + 500]))):
            groups[r.contest_key].append(r)
    rival = sorted(r.id for rows in groups.values() if rows[0].predicate in EVENTS and len(rows) > 1 for r in rows)
    agents: dict[int, set[int]] = defaultdict(set)
    for i in range(0, len(rival), 500):
        for cid, role, eid in conn.execute(sa.select(ca.claim_id, ca.role, ca.entity_id)
                                           .where(ca.claim_id.in_(rival[i:i + 500]))):
            if role in AGENT_ROLES and eid is not None:
                agents[int(cid)].add(int(eid))
    changed = []
    for rows in groups.values():
        contested = _contested_in(rows, agents)
        changed += [{"b_id": r.id, "b_v": r.id in contested} for r in rows if bool(r.contested) != (r.id in contested)]
    if changed:
        conn.execute(sa.update(t.claims).where(c.id == sa.bindparam("b_id")).values(contested=sa.bindparam("b_v")),
                     changed)


def _contested_in(rows: list[Any], agents: dict[int, set[int]]) -> set[int]:
    """Which claims of one contest key disagree: polarity, a one-time event's date, or who did an event."""
    contested: set[int] = set()
    if len({r.polarity for r in rows}) > 1:
        contested.update(r.id for r in rows)
    if rows[0].predicate in ONE_TIME:
        for a in rows:
            for b in rows:
                both = a.polarity == b.polarity == "positive"
                if a.id < b.id and both and not _compatible(a.time_start, b.time_start):
                    contested.update((a.id, b.id))
    if rows[0].predicate in EVENTS and len(rows) > 1:
        named = {r.id: agents[r.id] for r in rows if agents.get(r.id)}
        if len({frozenset(a) for a in named.values()}) > 1:
            contested.update(named)
    return contested


def rederive(conn: Connection, entity_ids: Iterable[int]) -> None:
    """Re-key the claims of every source that mentions these graph entities."""
    ids = list(set(entity_ids))
    le = t.local_entities.c
    docs = [r[0] for r in conn.execute(sa.select(le.document_id).where(le.entity_id.in_(ids)).distinct())]
    maps = _local_map(conn, docs)
    touched: set[int] = set()
    s = t.sources.c
    for doc in docs:
        local = maps[doc]
        mine = {k for k, v in local.items() if v in ids}
        for row in conn.execute(sa.select(t.sources).where(s.document_id == doc)).mappings().all():
            raw = json.loads(row["args"])
            if not (mine & set(raw.values())) and row["place"] not in mine:
                continue
            fields, args = _claim_fields(dict(row), local)
            cid = _claim_for(conn, fields, args)
            if cid != row["claim_id"]:
                conn.execute(sa.update(t.sources).where(s.id == row["id"]).values(claim_id=cid))
                # inside a rebuild a source has no claim yet (None) until derive_all
                touched.update(x for x in (cid, row["claim_id"]) if x is not None)
    refresh_claims(conn, touched)


# -- a person's corrections ----------------------------------------------------------------


def _refs(conn: Connection, eid: int) -> list[list[str]]:
    le = t.local_entities.c
    return [[d, lid] for d, lid in conn.execute(sa.select(le.document_id, le.local_id).where(le.entity_id == eid))]


def _entity_row(conn: Connection, eid: int) -> Any:
    row = conn.execute(sa.select(t.entities).where(t.entities.c.id == eid)).mappings().first()
    if row is None:
        raise NotFoundError(f"no graph entity {eid}", input=str(eid),
                            hint="List entities with `allegiance search NAME`.")
    return row


def _merge(conn: Connection, keep: int, other: int, *, reason: str, by: str) -> int:
    a, b = _entity_row(conn, keep), _entity_row(conn, other)
    if a["kb_id"] and b["kb_id"] and a["kb_id"] != b["kb_id"]:
        raise StoreError(f"{keep} and {other} are two knowledge-base actors ({a['kb_id']}, {b['kb_id']})",
                         input=f"{keep} {other}",
                         hint="Two KB actors are never merged; fix the knowledge base instead.")
    if a["type"] != b["type"]:
        raise StoreError(f"{keep} is a {a['type']} and {other} a {b['type']}", input=f"{keep} {other}",
                         hint="Only entities of one type can be one thing; check the ids with `allegiance search`.")
    if b["kb_id"] and not a["kb_id"]:
        keep, other = other, keep
    conn.execute(sa.update(t.local_entities).where(t.local_entities.c.entity_id == other).values(entity_id=keep))
    names_other = conn.execute(sa.select(t.entity_names).where(t.entity_names.c.entity_id == other)).mappings().all()
    conn.execute(sa.delete(t.entity_names).where(t.entity_names.c.entity_id == other))
    have = {r[0] for r in conn.execute(sa.select(t.entity_names.c.name).where(t.entity_names.c.entity_id == keep))}
    rows = [{**dict(r), "entity_id": keep} for r in names_other if r["name"] not in have]
    if rows:
        conn.execute(sa.insert(t.entity_names), rows)
    conn.execute(sa.update(t.entities).where(t.entities.c.id == other).values(merged_into=keep))
    conn.execute(sa.update(t.entities).where(t.entities.c.merged_into == other).values(merged_into=keep))
    conn.execute(sa.delete(t.candidates).where(sa.or_(
        sa.and_(t.candidates.c.a == min(keep, other), t.candidates.c.b == max(keep, other)))))
    conn.execute(sa.insert(t.merges).values(kept=keep, merged=other, action="merge", reason=reason, by=by, at=_now()))
    for col in (t.claim_args.c.entity_id, t.claims.c.place_id):
        conn.execute(sa.update(col.table).where(col == other).values({col.name: keep}))
    count_documents(conn, [keep, other])
    rederive(conn, [keep])
    return keep


def merge_by_person(conn: Connection, keep: int, other: int, *, reason: str) -> int:
    keep, other = _live(conn, keep), _live(conn, other)
    if keep == other:
        return keep
    refs = {"keep": _refs(conn, keep), "merge": _refs(conn, other)}
    kept = _merge(conn, keep, other, reason=reason, by="person")
    conn.execute(sa.insert(t.corrections).values(action="merge", refs=json.dumps(refs), note=reason, at=_now()))
    return kept


def _split(conn: Connection, eid: int, groups: list[list[list[str]]], *, by: str) -> list[int]:
    row = _entity_row(conn, eid)
    new_ids = [eid]
    le = t.local_entities.c
    for group in groups[1:]:
        first = conn.execute(sa.select(t.local_entities).where(
            le.document_id == group[0][0], le.local_id == group[0][1])).mappings().first()
        if first is None:
            continue
        nid = int(conn.execute(sa.insert(t.entities).values(
            type=row["type"], name=first["name"], name_key=name_key(first["name"]), kb_id=None,
            wikidata=None, geonames=row["geonames"], lat=row["lat"], lon=row["lon"], admin1=row["admin1"],
            geo_precision=row["geo_precision"], created_at=_now()).returning(t.entities.c.id)).scalar_one())
        for doc, lid in group:
            conn.execute(sa.update(t.local_entities).where(le.document_id == doc, le.local_id == lid)
                         .values(entity_id=nid, reason="split by a person"))
        new_ids.append(nid)
        conn.execute(sa.insert(t.merges).values(kept=eid, merged=nid, action="split",
                                                reason="split by a person", by=by, at=_now()))
    _rename_from_locals(conn, new_ids)
    count_documents(conn, new_ids)
    rederive(conn, new_ids)
    return new_ids


def _rename_from_locals(conn: Connection, ids: list[int]) -> None:
    le = t.local_entities.c
    for eid in ids:
        conn.execute(sa.delete(t.entity_names).where(t.entity_names.c.entity_id == eid,
                                                     t.entity_names.c.origin == "text"))
        found: list[str] = []
        for name, aliases, type_ in conn.execute(sa.select(le.name, le.aliases, le.type).where(le.entity_id == eid)):
            found.extend(_found_names(SimpleNamespace(name=name, aliases=json.loads(aliases), type=type_)))
        _add_names(conn, eid, found, origin="text")


def split_by_person(conn: Connection, entity_id: int, *, document_id: str | None = None) -> list[int]:
    """Split a graph entity into one per document (or split one document's part off)."""
    eid = _live(conn, entity_id)
    refs = _refs(conn, eid)
    if document_id is not None:
        off = [r for r in refs if r[0].startswith(document_id)]
        if not off and not _document_exists(conn, document_id):
            raise NotFoundError(f"no stored document {document_id}", input=document_id,
                                hint="Give a document id (or its first characters) that `allegiance sources` shows.")
        if not off:
            raise StoreError(f"entity {eid} has no mention in document {document_id}", input=document_id,
                             hint="See the entity's documents with `allegiance person` or `group`.")
        groups = [[r for r in refs if r not in off], off]
    else:
        by_doc: dict[str, list[list[str]]] = defaultdict(list)
        for r in refs:
            by_doc[r[0]].append(r)
        groups = list(by_doc.values())
    if len(groups) < 2 or not groups[0]:
        return [eid]
    ids = _split(conn, eid, groups, by="person")
    conn.execute(sa.insert(t.corrections).values(action="split", refs=json.dumps({"groups": groups}), at=_now()))
    return ids


def _document_exists(conn: Connection, prefix: str) -> bool:
    """Whether a stored document's id is or starts with `prefix` (as split takes it)."""
    hit = conn.execute(sa.select(t.documents.c.id).where(t.documents.c.id.startswith(prefix, autoescape=True))
                       .limit(1)).first()
    return hit is not None


def rebuild(conn: Connection) -> None:
    """Resolve every stored document again in ingest order, then replay corrections.

    Graph entity ids change; local entities, sources and a person's corrections do not.
    """
    from allegiance.model import Entity

    le = t.local_entities
    rows = conn.execute(sa.select(le, t.documents.c.seq).join(t.documents, t.documents.c.id == le.c.document_id)
                        .order_by(t.documents.c.seq, le.c.local_id)).mappings().all()
    geo = {int(r["id"]): r for r in conn.execute(sa.select(t.entities)).mappings()}
    by_doc: dict[str, list[Entity]] = defaultdict(list)
    for r in rows:
        old = geo.get(int(r["entity_id"]))
        place = old if old is not None and old["type"] == "PLACE" else None
        by_doc[r["document_id"]].append(Entity(
            id=r["local_id"], type=r["type"], name=r["name"], aliases=json.loads(r["aliases"]), kb_id=r["kb_id"],
            geonames=place["geonames"] if place else None, lat=place["lat"] if place else None,
            lon=place["lon"] if place else None, admin1=place["admin1"] if place else None,
            geo_precision=place["geo_precision"] if place else None))
    conn.execute(sa.update(t.sources).values(claim_id=None))
    for table in (t.candidates, t.claim_args, t.claims, t.merges, t.entity_names, le):
        conn.execute(sa.delete(table))
    conn.execute(sa.update(t.entities).values(merged_into=None))
    conn.execute(sa.delete(t.entities))
    for doc_id in by_doc:  # dicts keep insertion order: documents in ingest order
        ex = Extraction.model_construct(entities=by_doc[doc_id], facts=[], segments=[])
        attach_entities(conn, doc_id, ex)
    for action, refs in conn.execute(sa.select(t.corrections.c.action, t.corrections.c.refs)
                                     .order_by(t.corrections.c.id)).all():
        data = json.loads(refs)
        if action == "merge":
            keep, other = _entity_of_refs(conn, data["keep"]), _entity_of_refs(conn, data["merge"])
            if keep and other and keep != other:
                _merge(conn, keep, other, reason="a person's merge, replayed", by="person")
        elif action == "split":
            groups = data["groups"]
            eid = _entity_of_refs(conn, groups[0])
            if eid:
                _split(conn, eid, groups, by="person")
    derive_all(conn)


def derive_all(conn: Connection) -> None:
    """Give every source without a claim its claim (after a rebuild)."""
    s = t.sources.c
    docs = [r[0] for r in conn.execute(sa.select(s.document_id).where(s.claim_id.is_(None)).distinct())]
    touched: set[int] = set()
    for i in range(0, len(docs), 200):
        maps = _local_map(conn, docs[i:i + 200])
        for row in conn.execute(sa.select(t.sources).where(s.document_id.in_(docs[i:i + 200]),
                                                            s.claim_id.is_(None))).mappings().all():
            fields, args = _claim_fields(dict(row), maps[row["document_id"]])
            cid = _claim_for(conn, fields, args)
            conn.execute(sa.update(t.sources).where(s.id == row["id"]).values(claim_id=cid))
            touched.add(cid)
    refresh_claims(conn, touched)


def _entity_of_refs(conn: Connection, refs: list[list[str]]) -> int | None:
    le = t.local_entities.c
    for doc, lid in refs:
        row = conn.execute(sa.select(le.entity_id).where(le.document_id == doc, le.local_id == lid)).first()
        if row:
            return _live(conn, int(row[0]))
    return None
