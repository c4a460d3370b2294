"""Build the async engine for SQLite (the embedded default) or PostgreSQL.

Operators pass plain URLs (``sqlite:///data/causerie.db``,
``postgresql://user@host/db``); the async driver is picked here."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

SQLITE_DRIVER = "sqlite+aiosqlite"
POSTGRES_DRIVER = "postgresql+asyncpg"

_SQLITE_NAMES = {"sqlite", "sqlite+pysqlite", "sqlite+aiosqlite"}
_POSTGRES_NAMES = {
    "postgres",
    "postgresql",
    "postgresql+asyncpg",
    "postgresql+psycopg",
    "postgresql+psycopg2",
}

# Applied to every new SQLite connection. WAL lets readers run beside the one
# writer; synchronous=FULL fsyncs the WAL at each commit so that an acked
# message survives a crash (NORMAL could lose the last commits on power loss);
# foreign keys are off by default in SQLite; busy_timeout makes another
# process's writer (CLI, second server) a wait rather than an error.
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=10000",
)

# Execution options read by the SQLite ``begin`` hook: start with BEGIN
# IMMEDIATE (writers), or make the transaction read-only (readers).
IMMEDIATE_OPTION = "causerie_sqlite_immediate"
READ_ONLY_OPTION = "causerie_sqlite_read_only"


def async_url(url: str | URL) -> URL:
    """The URL with its async driver: ``sqlite+aiosqlite`` or ``postgresql+asyncpg``.

    Raises ``ValueError`` for any other database, and for in-memory SQLite,
    whose every connection would be a different, empty database."""
    parsed = make_url(url)
    if parsed.drivername in _SQLITE_NAMES:
        if parsed.database in (None, "", ":memory:") or "mode=memory" in str(parsed):
            raise ValueError("in-memory SQLite is not supported: use a file, e.g. sqlite:///x.db")
        return parsed.set(drivername=SQLITE_DRIVER)
    if parsed.drivername in _POSTGRES_NAMES:
        return parsed.set(drivername=POSTGRES_DRIVER)
    raise ValueError(f"unsupported database URL scheme {parsed.drivername!r}")


def make_engine(url: str | URL, **engine_options: Any) -> AsyncEngine:
    """An ``AsyncEngine`` for ``url``; ``engine_options`` go to
    ``create_async_engine`` (pool sizes, ``echo``...)."""
    engine = create_async_engine(async_url(url), **engine_options)
    if engine.dialect.name == "sqlite":
        _install_sqlite_hooks(engine)
    return engine


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def _install_sqlite_hooks(engine: AsyncEngine) -> None:
    """Take transaction control away from the sqlite3 module.

    Python's sqlite3 issues its own deferred ``BEGIN`` lazily, before the
    first write, which both hides the lock it takes and breaks SAVEPOINTs.
    With ``isolation_level = None`` it stays out of the way and the ``begin``
    hook emits ``BEGIN`` (or ``BEGIN IMMEDIATE`` for writers) itself."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            for pragma in SQLITE_PRAGMAS:
                cursor.execute(pragma)
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        options = connection.get_execution_options()
        # query_only is a connection flag that outlives the transaction: set
        # it either way, since pooled connections are shared by both kinds.
        read_only = bool(options.get(READ_ONLY_OPTION, False))
        connection.exec_driver_sql(f"PRAGMA query_only={int(read_only)}")
        immediate = options.get(IMMEDIATE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
