"""indexes for the queries on a large graph

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 23:10:00

Measured with bench/query_latency.py (10^6 facts, a group named in tens of thousands of
claims). Each index lets a question about one entity read one index instead of a table:

    ix_local_entities_entity  + document_id: an entity's documents, counted from the index
    ix_claim_args_entity      + claim_id (before role): an entity's claims in id order
    ix_claims_place           + sort_date, predicate: events of the places inside a
                              governorate in a window, from the index alone
    ix_claims_predicate_date  + id: claims of some predicates by id, from the index alone
                              (PostgreSQL; SQLite's indexes hold the id already)
    ix_claims_date            new: claims in date order, so a page stops where it ends
    ix_entities_admin1        new: the places inside a governorate
"""

from __future__ import annotations

from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

CHANGED = [
    ("local_entities", "ix_local_entities_entity", ["entity_id"], ["entity_id", "document_id"]),
    ("claim_args", "ix_claim_args_entity", ["entity_id", "role"], ["entity_id", "claim_id", "role"]),
    ("claims", "ix_claims_place", ["place_id"], ["place_id", "sort_date", "predicate"]),
    ("claims", "ix_claims_predicate_date", ["predicate", "sort_date"], ["predicate", "sort_date", "id"]),
]
NEW = [
    ("claims", "ix_claims_date", ["sort_date", "id", "predicate"]),
    ("entities", "ix_entities_admin1", ["admin1", "type"]),
]


def upgrade() -> None:
    for table, name, _, columns in CHANGED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
            batch_op.create_index(name, columns, unique=False)
    for table, name, columns in NEW:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    for table, name, _ in NEW:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
    for table, name, columns, _ in CHANGED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
            batch_op.create_index(name, columns, unique=False)
