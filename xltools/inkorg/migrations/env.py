"""Alembic's environment: migrate in the connection and transaction that xltools.inkorg.store opened."""

from alembic import context

from xltools.inkorg.schema import VERSION_TABLE

context.configure(connection=context.config.attributes["connection"], version_table=VERSION_TABLE,
                  render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
