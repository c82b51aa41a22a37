"""Alembic environment: runs the project's migrations on the connection the store hands over."""

from alembic import context

import kpis.store.accounts  # their tables join the metadata
import kpis.store.audits
import kpis.store.plans
import kpis.store.public
import kpis.store.return_tables  # noqa: F401
from kpis.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "migrations run through kpis.store.engine.make_engine, which passes a connection"
    )
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
