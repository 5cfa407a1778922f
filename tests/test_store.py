"""The store's contract, on SQLite and on a real PostgreSQL server (the `db_url` fixture)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from allegiance.errors import StoreError
from allegiance.graph import resolve
from allegiance.graph import schema as t
from allegiance.graph.store import document_key, open_store
from tests.support.fake import extraction

TEXT_A = ("Jabhat al-Nusra attacked Liwa Shuhada Badr near Idlib. Khalid Mansour al-Hamwi, a commander of "
          "Liwa Shuhada Badr, was detained.")
ENTS_A = [{"name": "Jabhat al-Nusra", "type": "ORG", "kb_id": "jabhat-al-nusra"},
          {"name": "Liwa Shuhada Badr", "type": "ORG"},
          {"name": "Idlib", "type": "PLACE", "geonames": 169304, "lat": 35.93, "lon": 36.63, "admin1": "Idlib"},
          {"name": "Khalid Mansour al-Hamwi", "type": "PERSON", "aliases": ["al-Hamwi"]}]
FACTS_A = [{"predicate": "attack", "args": {"agent": "e1", "patient": "e2"}, "place": "e3",
            "quote": "Jabhat al-Nusra attacked Liwa Shuhada Badr near Idlib", "time": {"start": "2014-08"}},
           {"predicate": "member_of", "args": {"subject": "e4", "object": "e2"}, "role": "commander",
            "quote": "Khalid Mansour al-Hamwi, a commander of Liwa Shuhada Badr"}]


def _a(**kw: Any) -> Any:
    return extraction(TEXT_A, ENTS_A, FACTS_A, **kw)


def test_ingest_is_idempotent(db_url: str) -> None:
    store = open_store(db_url)
    first = store.ingest(_a())
    before = store.stats()
    again = store.ingest(_a())
    assert (first.status, again.status) == ("ingested", "present")
    assert store.stats() == before
    assert before["documents"] == 1 and before["claims"] == 2 and before["sources"] == 2
    assert before["entities_by_type"] == {"ORG": 2, "PERSON": 1, "PLACE": 1}


def test_reopening_keeps_everything(db_url: str) -> None:
    with open_store(db_url) as store:
        store.ingest(_a())
        stats = store.stats()
    with open_store(db_url) as store:
        assert store.stats() == stats


def test_same_fact_in_two_articles_is_one_claim_with_two_sources(db_url: str) -> None:
    store = open_store(db_url)
    store.ingest(_a(published="2017-04-11"))
    other = ("Later reports said Jabhat al-Nusra attacked Liwa Shuhada Badr near Idlib. "
             "Khalid Mansour al-Hamwi, a commander of Liwa Shuhada Badr, spoke to us.")
    store.ingest(extraction(other, ENTS_A, FACTS_A, published="2018-01-02"))
    stats = store.stats()
    assert stats["documents"] == 2 and stats["claims"] == 2 and stats["sources"] == 4
    assert stats["entities"] == 4  # every entity resolved across the two articles
    with store.read() as conn:
        row = conn.execute(sa.select(t.claims).where(t.claims.c.predicate == "attack")).mappings().one()
    assert (row["first_cited"], row["last_cited"], row["n_sources"]) == ("2017-04-11", "2018-01-02", 2)
    assert row["time_start"] == "2014-08"  # the fact's own date stays apart from the cited dates


def test_a_failing_document_rolls_back_alone(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(db_url)

    def boom(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("fault injected after the document row was written")

    monkeypatch.setattr(resolve, "add_sources", boom)
    with pytest.raises(RuntimeError):
        store.ingest(_a())
    assert store.stats()["documents"] == 0 and store.stats()["entities"] == 0
    monkeypatch.undo()
    assert store.ingest(_a()).status == "ingested"


def test_migrations_build_exactly_the_schema(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    store = open_store(db_url)  # opening an empty database runs every migration
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), t.metadata)
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    assert diff == []
    assert version == t.SCHEMA_REVISION


def test_text_and_html_forms_are_one_document(db_url: str, bundled_extraction: Any,
                                              bundled_html_extraction: Any) -> None:
    store = open_store(db_url)
    assert store.ingest(bundled_extraction).status == "ingested"
    stats = store.stats()
    assert store.ingest(bundled_html_extraction).status == "present"
    assert store.ingest(bundled_extraction).status == "present"
    assert store.stats() == stats


def test_document_key_ignores_page_furniture() -> None:
    from allegiance.model import Segment

    a = document_key("Title\n\nShare this\n\nBody  text.", [Segment(kind="headline", start=0, end=5),
                                                           Segment(kind="boilerplate", start=7, end=17),
                                                           Segment(kind="body", start=19, end=30)])
    b = document_key("Title\nBody text.", [Segment(kind="headline", start=0, end=5),
                                           Segment(kind="body", start=6, end=16)])
    assert a == b


def test_not_a_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"these are my notes, not a database\n" * 10)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_store(path)
    assert path.read_bytes() == before


def test_another_programs_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not an allegiance graph"):
        open_store(path)
    assert path.read_bytes() == before


def test_unreachable_server_is_a_typed_error() -> None:
    from tests.support.pg import free_port

    with pytest.raises(StoreError, match="cannot be opened"):
        open_store(f"postgresql://nobody@127.0.0.1:{free_port()}/none?connect_timeout=2")


def test_extraction_without_text_is_refused(db_url: str) -> None:
    ex = _a()
    ex.document.text = None
    with pytest.raises(StoreError, match="no document text"):
        open_store(db_url).ingest(ex)


def _copies_agree(store: Any) -> None:
    """claim_args' copies of each claim, entities.n_documents and the claim_dates counts (kept
    by triggers) equal what they copy or count."""
    c, ca, le, en = t.claims.c, t.claim_args.c, t.local_entities.c, t.entities.c
    with store.read() as conn:
        claims = {r.id: r for r in conn.execute(sa.select(c.id, c.predicate, c.time_start, c.time_end, c.sort_date,
                                                          c.first_cited))}
        for row in conn.execute(sa.select(ca.claim_id, ca.predicate, ca.time_start, ca.sort_key, ca.cited)):
            claim = claims[row.claim_id]
            undated = not claim.time_start and not claim.time_end
            assert (row.predicate, row.time_start, row.sort_key, row.cited) == (
                claim.predicate, claim.time_start, claim.sort_date or t.SORT_LAST,
                (claim.first_cited or "")[:10] or None if undated else None)
        docs = {int(e): int(n) for e, n in conn.execute(
            sa.select(le.entity_id, sa.func.count(sa.distinct(le.document_id))).group_by(le.entity_id))}
        for eid, n in conn.execute(sa.select(en.id, en.n_documents)):
            assert n == docs.get(eid, 0), eid
        counted = {(p, d): int(n) for p, d, n in conn.execute(sa.select(t.claim_dates)) if n}
        day = sa.func.coalesce(c.sort_date, "")
        recount = {(p, d): int(n) for p, d, n in conn.execute(
            sa.select(c.predicate, day, sa.func.count()).group_by(c.predicate, day))}
        assert counted == recount and sum(recount.values()) == len(claims)


def test_copies_for_the_queries_follow_ingest_merge_split_and_rebuild(db_url: str) -> None:
    from allegiance.graph import query as q

    store = open_store(db_url)
    store.ingest(_a(published="2016-03-01"))
    other = "Khalid Mansour al-Hamwi, a commander of Liwa Shuhada Badr, spoke in Idlib."
    store.ingest(extraction(other, [ENTS_A[1], ENTS_A[2], ENTS_A[3]],
                            [{"predicate": "member_of", "args": {"subject": "e3", "object": "e1"},
                              "role": "commander", "quote": other[:-17]}], published="2015-01-02"))
    _copies_agree(store)
    member = q.members(store, "Liwa Shuhada Badr")["members"][0]
    assert member["sort_date"] == "2015-01-02" and member["first_cited"] == "2015-01-02"
    third = "Ziad Tariq Nasser was seen in Idlib."
    store.ingest(extraction(third, [{"name": "Ziad Tariq Nasser", "type": "PERSON"}, ENTS_A[2]], []))
    with store.read() as conn:
        people = [int(r[0]) for r in conn.execute(sa.select(t.entities.c.id).where(
            t.entities.c.type == "PERSON", t.entities.c.merged_into.is_(None)).order_by(t.entities.c.id))]
    assert len(people) == 2
    kept = store.merge(people[0], people[1])
    _copies_agree(store)
    assert q.entity(store, kept)["documents"] == 3
    store.split(kept)
    _copies_agree(store)
    store.rebuild()
    _copies_agree(store)
    assert q.entity(store, "Idlib", type="PLACE")["documents"] == 3
    store.ingest(_a(published="2016-03-01"))  # re-ingest: present, nothing counted twice
    _copies_agree(store)


def test_recounting_claim_dates_gives_what_the_triggers_kept(db_url: str) -> None:
    from allegiance.graph.store import recount_claim_dates

    store = open_store(db_url)
    store.ingest(_a(published="2016-03-01"))
    with store.read() as conn:
        kept = sorted((p, d, n) for p, d, n in conn.execute(sa.select(t.claim_dates)) if n)
    with store.begin() as conn:
        conn.execute(sa.update(t.claims).values(sort_date="2001-01-01"))  # an update moves every count
        moved = sorted(tuple(r) for r in conn.execute(sa.select(t.claim_dates)) if r[2])
        recount_claim_dates(conn)
        again = sorted(tuple(r) for r in conn.execute(sa.select(t.claim_dates)))
    assert moved == again == [(p, "2001-01-01", 1) for p in ("attack", "member_of")]
    assert kept == [("attack", "2014-08", 1), ("member_of", "2016-03-01", 1)]


def _alembic(engine: sa.Engine, verb: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    from allegiance.graph import store as store_module

    with engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(store_module._MIGRATIONS))
        cfg.attributes["connection"] = conn
        getattr(command, verb)(cfg, revision)


def _mention_rows(engine: sa.Engine) -> list[tuple[Any, ...]]:
    m = t.mentions.c
    with engine.connect() as conn:
        rows = conn.execute(sa.select(m.local_id, m.start, m.end).order_by(m.local_id, m.start, m.end))
        return [tuple(r) for r in rows]


def test_primary_keys_are_the_schemas(db_url: str) -> None:
    # compare_metadata does not look at primary keys; the migrations must build them too.
    store = open_store(db_url)
    inspector = sa.inspect(store.engine)
    for name, table in t.metadata.tables.items():
        assert inspector.get_pk_constraint(name)["constrained_columns"] == [c.name for c in table.primary_key], name


def test_two_mentions_of_one_entity_sharing_a_start_are_both_kept(db_url: str) -> None:
    ex = _a()
    person = next(e for e in ex.entities if e.type == "PERSON")
    start, end = person.mentions[0]
    person.mentions.append((start, start + len("Khalid")))  # the given name inside the full name
    store = open_store(db_url)
    store.ingest(ex)
    rows = [r for r in _mention_rows(store.engine) if r[0] == person.id]
    assert rows == [(person.id, start, start + len("Khalid")), (person.id, start, end)]
    with store.engine.connect() as conn:
        doc = conn.execute(sa.select(t.documents.c.id)).scalar_one()
    from allegiance.graph import query

    spans = [(m["start"], m["end"]) for m in query.document(store, doc)["mentions"] if m["name"] == person.name]
    assert spans == [(start, start + len("Khalid")), (start, end)]


def test_mentions_survive_the_rekeying_migration_both_ways(db_url: str) -> None:
    store = open_store(db_url)
    store.ingest(_a())
    before = _mention_rows(store.engine)
    assert len(before) == 4
    _alembic(store.engine, "downgrade", "0005")
    assert _mention_rows(store.engine) == before
    assert sa.inspect(store.engine).get_pk_constraint("mentions")["constrained_columns"] == [
        "document_id", "local_id", "start"]
    store.close()
    store = open_store(db_url)  # opening upgrades to the current revision again
    assert _mention_rows(store.engine) == before
    assert sa.inspect(store.engine).get_pk_constraint("mentions")["constrained_columns"] == [
        "document_id", "local_id", "start", "end"]
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as conn:  # the copied table keeps its foreign key and index-free shape
        assert compare_metadata(MigrationContext.configure(conn), t.metadata) == []
