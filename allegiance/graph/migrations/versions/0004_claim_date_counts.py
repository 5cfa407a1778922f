"""claims counted by predicate and sort date, kept by triggers: a window's total without a count

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 05:00:00

Measured with bench/query_latency.py (10^6 facts): `events` in a window counted every event
of the window for its `total`, tens of thousands of index entries for a window of years.
Now:

    claim_dates(predicate, sort_date, n)   how many claims have this predicate and sort date
                                  ('' for none: resolution never writes an empty sort date)

kept by triggers on claims (insert, delete, a change of predicate or sort date), so every
writer — ingest, merge, split, rebuild, and any future one — keeps it in its own transaction.
A window's total is the sum of the rows of the window: about a thousand a year of dates, per
predicate, however many claims they count. Existing claims are counted on upgrade.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

#: One step of a count: `{sign}` 1 or -1 for the row `{row}` (NEW or OLD).
_SQLITE_STEP = ("INSERT INTO claim_dates (predicate, sort_date, n) VALUES ({row}.predicate, "
                "coalesce({row}.sort_date, ''), {sign}) "
                "ON CONFLICT (predicate, sort_date) DO UPDATE SET n = n + {sign};")
SQLITE_TRIGGERS = {
    "claim_dates_insert": "AFTER INSERT ON claims BEGIN " + _SQLITE_STEP.format(row="NEW", sign=1) + " END",
    "claim_dates_delete": "AFTER DELETE ON claims BEGIN " + _SQLITE_STEP.format(row="OLD", sign=-1) + " END",
    "claim_dates_update": ("AFTER UPDATE OF predicate, sort_date ON claims WHEN OLD.predicate IS NOT NEW.predicate "
                           "OR OLD.sort_date IS NOT NEW.sort_date BEGIN " + _SQLITE_STEP.format(row="OLD", sign=-1)
                           + " " + _SQLITE_STEP.format(row="NEW", sign=1) + " END"),
}
_PG_STEP = ("INSERT INTO claim_dates AS cd (predicate, sort_date, n) VALUES ({row}.predicate, "
            "coalesce({row}.sort_date, ''), {sign}) "
            "ON CONFLICT (predicate, sort_date) DO UPDATE SET n = cd.n + {sign};")
PG_FUNCTION = f"""
CREATE FUNCTION claim_dates_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        {_PG_STEP.format(row="OLD", sign=-1)}
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_PG_STEP.format(row="NEW", sign=1)}
    END IF;
    RETURN NULL;
END $$
"""
PG_TRIGGERS = {
    "claim_dates_insert_delete": "AFTER INSERT OR DELETE ON claims FOR EACH ROW EXECUTE FUNCTION claim_dates_count()",
    "claim_dates_update": ("AFTER UPDATE OF predicate, sort_date ON claims FOR EACH ROW WHEN "
                           "(OLD.predicate IS DISTINCT FROM NEW.predicate OR OLD.sort_date IS DISTINCT FROM "
                           "NEW.sort_date) EXECUTE FUNCTION claim_dates_count()"),
}


def upgrade() -> None:
    op.create_table(
        'claim_dates',
        sa.Column('predicate', sa.String(length=32), nullable=False),
        sa.Column('sort_date', sa.String(length=10), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('predicate', 'sort_date'),
    )
    op.execute("INSERT INTO claim_dates (predicate, sort_date, n) SELECT predicate, coalesce(sort_date, ''), count(*) "
               "FROM claims GROUP BY predicate, coalesce(sort_date, '')")
    if op.get_context().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        for name, body in PG_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    else:
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        for name in PG_TRIGGERS:
            op.execute(f"DROP TRIGGER {name} ON claims")
        op.execute("DROP FUNCTION claim_dates_count()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table('claim_dates')
