"""claim_args carry the first-cited date of a claim with no dates: members' undated rule in the index

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 07:20:00

Measured with bench/query_latency.py (10^6 facts, PostgreSQL): `members` of a hot group on a
date walks the group's membership claims in date order; a claim with no start or end counts
on the date when it was first cited within a year after it, and that date lived only on the
claim, so every undated claim of the group (35% of them) was read from `claims` to be passed
over. Now:

    claim_args.cited    the claim's first_cited (ten characters) when it has neither start
                        nor end, else NULL; written with its sort key (resolve.refresh_claims)
    ix_claim_args_entity_pred   gains `cited` as its last column, so the rule is tested in
                        the index range

Existing rows are filled in from the claims.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

OLD_COLUMNS = ["entity_id", "predicate", "sort_key", "claim_id", "role", "time_start"]


def upgrade() -> None:
    with op.batch_alter_table('claim_args', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cited', sa.String(length=10), nullable=True))
        batch_op.drop_index('ix_claim_args_entity_pred')
    op.execute("UPDATE claim_args SET cited = (SELECT substr(c.first_cited, 1, 10) FROM claims c "
               "WHERE c.id = claim_args.claim_id AND coalesce(c.time_start, '') = '' "
               "AND coalesce(c.time_end, '') = '' AND coalesce(c.first_cited, '') <> '')")
    with op.batch_alter_table('claim_args', schema=None) as batch_op:
        batch_op.create_index('ix_claim_args_entity_pred', [*OLD_COLUMNS, 'cited'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('claim_args', schema=None) as batch_op:
        batch_op.drop_index('ix_claim_args_entity_pred')
        batch_op.drop_column('cited')
        batch_op.create_index('ix_claim_args_entity_pred', OLD_COLUMNS, unique=False)
