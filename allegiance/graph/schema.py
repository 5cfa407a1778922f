"""The graph's tables: one schema for SQLite and PostgreSQL (SQLAlchemy Core).

    documents        one row per article (id: sha256 of the normalised text)
    segments         its headline, lede, Q/A turns, notes… with the speaker's local entity
    local_entities   the entities one extraction found (`e1`, `e2`…), each mapped to a
                     graph entity: the bridge that merges and splits rewrite
    mentions         spans of a local entity in its document
    entities         graph entities: one per real thing across all documents, with how many
                     documents name them (kept on write: a count would read them all)
    entity_names     every name a graph entity is known by, with its key and skeleton
    sources          one row per extracted fact: the document, evidence span and quote,
                     speaker, modality, and the fact's own fields over local entity ids
    claims           one row per distinct fact (predicate, arguments, role, time,
                     polarity) over graph entities; first/last cited, contested
    claim_args       a claim's arguments as rows (role → graph entity, or words), with the
                     claim's predicate, start and sort key copied on write, so a page of one
                     entity's claims of some kinds in date order is one index range
    claim_dates      how many claims have each predicate and sort date (kept by triggers
                     on claims, migration 0004), so a window's total sums its dates
    merges           every merge and split: which entities, the reason, by rule or person
    corrections      a person's merges and splits, replayed when resolution re-runs
    candidates       pairs resolution was unsure of, for a person to decide
    failures         inputs an ingest could not read or extract, with the reason

The Alembic migrations under `migrations/versions/` build exactly these tables; a test
upgrades an empty database through all of them and compares.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", String(64), primary_key=True),
    Column("external_id", String(200)),
    Column("source_name", Text),
    Column("title", Text),
    Column("published", String(32)),
    Column("outlet", Text),
    Column("byline", Text),
    Column("url", Text),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("extractor_version", String(32), nullable=False),
    Column("ingested_at", String(32), nullable=False),
    Column("seq", Integer, nullable=False),
)

segments = Table(
    "segments", metadata,
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("speaker", String(32)),
)

entities = Table(
    "entities", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("type", String(16), nullable=False),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False),
    Column("kb_id", String(120)),
    Column("wikidata", String(32)),
    Column("geonames", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("admin1", Text),
    Column("geo_precision", Integer),
    Column("merged_into", Integer, ForeignKey("entities.id")),
    Column("created_at", String(32), nullable=False),
    # Documents with a local entity mapped here; resolve keeps it on every write.
    Column("n_documents", Integer, nullable=False, server_default="0"),
    Index("ix_entities_kb", "kb_id", unique=True),
    Index("ix_entities_type_key", "type", "name_key"),
    Index("ix_entities_geonames", "geonames"),
    Index("ix_entities_admin1", "admin1", "type"),
)

entity_names = Table(
    "entity_names", metadata,
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("name", Text, primary_key=True),
    Column("norm", Text, nullable=False),
    Column("skel", Text, nullable=False),
    Column("start", String(32)),
    Column("end", String(32)),
    Column("origin", String(16), nullable=False),  # text | kb
    Index("ix_entity_names_norm", "norm"),
    Index("ix_entity_names_skel", "skel"),
)

local_entities = Table(
    "local_entities", metadata,
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("local_id", String(32), primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False),
    Column("type", String(16), nullable=False),
    Column("name", Text, nullable=False),
    Column("aliases", Text, nullable=False),  # JSON list
    Column("kb_id", String(120)),
    Column("reason", Text, nullable=False),  # why it maps to entity_id
    Index("ix_local_entities_entity", "entity_id", "document_id"),
)

mentions = Table(
    "mentions", metadata,
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("local_id", String(32), primary_key=True),
    Column("start", Integer, primary_key=True),
    # Two mentions of one entity may share a start (a name inside a longer form of it): 0006.
    Column("end", Integer, primary_key=True),
)

claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(64), nullable=False),
    Column("contest_key", String(64), nullable=False),
    Column("predicate", String(32), nullable=False),
    Column("role", String(64)),
    Column("time_start", String(32)),
    Column("time_end", String(32)),
    Column("time_as_of", String(32)),
    Column("sort_date", String(10)),  # the first of start, as_of, first_cited: for ordering
    Column("place_id", Integer, ForeignKey("entities.id")),
    Column("polarity", String(16), nullable=False),
    Column("first_cited", String(32)),
    Column("last_cited", String(32)),
    Column("n_sources", Integer, nullable=False),
    Column("fatalities", Integer),
    Column("injured", Integer),
    Column("contested", Boolean, nullable=False),
    UniqueConstraint("key", name="uq_claims_key"),
    Index("ix_claims_contest", "contest_key"),
    Index("ix_claims_predicate_date", "predicate", "sort_date", "id"),
    Index("ix_claims_place", "place_id", "sort_date", "predicate"),
    Index("ix_claims_date", "sort_date", "id", "predicate"),
)

claim_args = Table(
    "claim_args", metadata,
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(32), primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id")),
    Column("text", Text),
    # Copies of the claim's predicate, time_start and coalesce(sort_date, '9999') (SORT_LAST),
    # written with the claim and kept when its sort date changes (resolve.refresh_claims).
    Column("predicate", String(32)),
    Column("time_start", String(32)),
    Column("sort_key", String(10)),
    # The claim's first_cited (ten characters) when it has neither start nor end, else NULL:
    # `members` tests its undated rule in the index (migration 0005; kept by refresh_claims).
    Column("cited", String(10)),
    Index("ix_claim_args_entity", "entity_id", "claim_id", "role"),
    Index("ix_claim_args_entity_date", "entity_id", "sort_key", "claim_id"),
    Index("ix_claim_args_entity_pred", "entity_id", "predicate", "sort_key", "claim_id", "role", "time_start",
          "cited"),
)

# Kept by triggers on claims (insert, delete, a change of predicate or sort date; their SQL
# is in migration 0004), in the writer's transaction. '' stands for no sort date (resolution
# writes None, never ''). A load that bypasses triggers recounts (store.recount_claim_dates).
claim_dates = Table(
    "claim_dates", metadata,
    Column("predicate", String(32), primary_key=True),
    Column("sort_date", String(10), primary_key=True),
    Column("n", Integer, nullable=False),
)

sources = Table(
    "sources", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("fact_id", String(32), nullable=False),
    Column("claim_id", Integer, ForeignKey("claims.id")),  # null only inside a rebuild
    Column("predicate", String(32), nullable=False),
    Column("args", Text, nullable=False),  # JSON {role: local entity id or words}
    Column("role", String(64)),
    Column("time_start", String(32)),
    Column("time_end", String(32)),
    Column("time_as_of", String(32)),
    Column("place", String(32)),  # local entity id
    Column("polarity", String(16), nullable=False),
    Column("modality", String(16), nullable=False),
    Column("asserted_by", String(16)),
    Column("speaker", String(32)),  # local entity id of who says it, when known
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("quote", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("fatalities", Integer),
    Column("injured", Integer),
    Column("published", String(32)),
    UniqueConstraint("document_id", "fact_id", name="uq_sources_fact"),
    Index("ix_sources_claim", "claim_id"),
)

merges = Table(
    "merges", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kept", Integer, nullable=False),
    Column("merged", Integer),
    Column("action", String(16), nullable=False),  # merge | split
    Column("reason", Text, nullable=False),
    Column("by", String(16), nullable=False),  # rule | person
    Column("at", String(32), nullable=False),
    Index("ix_merges_kept", "kept"),
)

corrections = Table(
    "corrections", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String(16), nullable=False),  # merge | split
    Column("refs", Text, nullable=False),  # JSON: the local entities each side stands for
    Column("note", Text),
    Column("at", String(32), nullable=False),
)

candidates = Table(
    "candidates", metadata,
    Column("a", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("b", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("score", Float, nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", String(16), nullable=False),  # open | rejected
)

failures = Table(
    "failures", metadata,
    Column("source_name", Text, primary_key=True),
    Column("code", String(8), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", String(32), nullable=False),
)

#: claim_args.sort_key of a claim with no sort date: after every date, as the queries order.
SORT_LAST = "9999"

SCHEMA_REVISION = "0006"
