"""an entity's claims by kind and date from one index; documents per entity kept on write

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 02:10:00

Measured with bench/query_latency.py (10^6 facts; EXPLAIN on both back ends). A claim reached
an entity only through claim_args, which held neither the predicate nor the date, so a page of
a hot group's memberships or lineage intersected tens of thousands of its claims with claims
of those predicates; and every entity page counted the entity's documents (72,000 for the top
group: 20-45 ms). Now:

    claim_args.predicate, .time_start, .sort_key   copies of the claim's predicate, start and
                              coalesce(sort_date, '9999'), written with the claim
    ix_claim_args_entity_date   (entity, sort_key, claim): a timeline page is one range
    ix_claim_args_entity_pred   (entity, predicate, sort_key, claim, role, time_start): a page of
                              one predicate in date order, roles and "no start" tested in the index
    entities.n_documents      the documents naming the entity, kept by resolution on write

Existing rows are filled in from the claims and local entities.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

NEW_INDEXES = [
    ("ix_claim_args_entity_date", ["entity_id", "sort_key", "claim_id"]),
    ("ix_claim_args_entity_pred", ["entity_id", "predicate", "sort_key", "claim_id", "role", "time_start"]),
]


def upgrade() -> None:
    with op.batch_alter_table('claim_args', schema=None) as batch_op:
        batch_op.add_column(sa.Column('predicate', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('time_start', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('sort_key', sa.String(length=10), nullable=True))
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('n_documents', sa.Integer(), nullable=False, server_default='0'))
    op.execute("UPDATE claim_args SET "
               "predicate = (SELECT c.predicate FROM claims c WHERE c.id = claim_args.claim_id), "
               "time_start = (SELECT c.time_start FROM claims c WHERE c.id = claim_args.claim_id), "
               "sort_key = (SELECT coalesce(c.sort_date, '9999') FROM claims c WHERE c.id = claim_args.claim_id)")
    op.execute("UPDATE entities SET n_documents = (SELECT count(DISTINCT le.document_id) FROM local_entities le "
               "WHERE le.entity_id = entities.id)")
    with op.batch_alter_table('claim_args', schema=None) as batch_op:
        for name, columns in NEW_INDEXES:
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    with op.batch_alter_table('claim_args', schema=None) as batch_op:
        for name, _ in NEW_INDEXES:
            batch_op.drop_index(name)
        batch_op.drop_column('sort_key')
        batch_op.drop_column('time_start')
        batch_op.drop_column('predicate')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_column('n_documents')
