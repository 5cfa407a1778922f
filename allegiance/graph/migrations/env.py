"""Alembic environment: runs on the connection `allegiance.graph.store` hands it.

The package runs the migrations itself when a store is opened; this file is also what
`alembic` uses when a developer writes a new revision (see README, "Schema changes").
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from allegiance.graph.schema import metadata

config = context.config
connection = config.attributes.get("connection")

if connection is None:  # `alembic revision --autogenerate` from a developer's shell
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
