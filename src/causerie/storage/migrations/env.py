"""Alembic environment, driven from ``causerie.storage.migrate``.

The caller passes an open synchronous connection (already inside its
transaction, already holding the migration lock) in
``config.attributes["connection"]``; there is no alembic.ini."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from causerie.storage.tables import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things: later migrations use batch mode,
        # which rebuilds the table there and is plain ALTER on PostgreSQL.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    if context.is_offline_mode():
        context.configure(
            url=context.config.get_main_option("sqlalchemy.url"),
            target_metadata=metadata,
            literal_binds=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("run migrations through causerie.storage.migrate, not the alembic CLI")
    _run(connection)


_main()
