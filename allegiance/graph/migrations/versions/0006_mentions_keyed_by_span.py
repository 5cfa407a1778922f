"""mentions are keyed by their whole span: two mentions of one entity that share a start are two rows

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 12:40:00

An extraction may give one entity two mentions that start at the same character — a name and
a longer form of it ("Sheikh" inside "Sheikh Ahmad al-Hassan" when both are linked to the same
person). The primary key was (document_id, local_id, start), so the store kept one of them.
It is now (document_id, local_id, start, end). Existing rows are kept as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

OLD = ["document_id", "local_id", "start"]
NEW = [*OLD, "end"]


def _rekey(columns: list[str]) -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot alter a primary key: batch mode copies the table into this shape.
        shape = sa.Table(
            "mentions", sa.MetaData(),
            sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"),
                      primary_key=True),
            sa.Column("local_id", sa.String(32), primary_key=True),
            sa.Column("start", sa.Integer, primary_key=True),
            sa.Column("end", sa.Integer, primary_key="end" in columns, nullable=False))
        with op.batch_alter_table("mentions", copy_from=shape, recreate="always"):
            pass
    else:
        op.drop_constraint("mentions_pkey", "mentions", type_="primary")
        op.create_primary_key("mentions_pkey", "mentions", columns)


def upgrade() -> None:
    _rekey(NEW)


def downgrade() -> None:
    # Rows that differ only in their end would collide: keep the longest mention of each start.
    op.execute('DELETE FROM mentions WHERE EXISTS (SELECT 1 FROM mentions m2 WHERE '
               'm2.document_id = mentions.document_id AND m2.local_id = mentions.local_id AND '
               'm2.start = mentions.start AND m2."end" > mentions."end")')
    _rekey(OLD)
