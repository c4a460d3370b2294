"""Build the async engine for SQLite (the embedded default) or PostgreSQL.

Operators pass plain URLs (``sqlite:///data/causerie.db``,
``postgresql://user@host/db``); the async driver is picked here."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from causerie.domain.errors import CauserieError
from causerie.storage import sqlite_driver
from causerie.storage.sqlite_driver import FusedConnection

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
)
# Without a statement timeout (the CLI: a purge may rightly take long).
SQLITE_BUSY_MS = 10_000

# PostgreSQL error codes a statement timeout or a lock timeout raise.
_PG_TIMEOUT_CODES = {"57014", "55P03"}

# Execution options read by the SQLite ``begin`` hook: start with BEGIN
# IMMEDIATE (writers), or make the transaction read-only (readers).
IMMEDIATE_OPTION = "causerie_sqlite_immediate"
READ_ONLY_OPTION = "causerie_sqlite_read_only"
_QUERY_ONLY = "causerie_query_only"


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


def make_engine(
    url: str | URL,
    *,
    statement_timeout: float | None = None,
    pool_timeout: float | None = None,
    **engine_options: Any,
) -> AsyncEngine:
    """An ``AsyncEngine`` for ``url``; ``engine_options`` go to
    ``create_async_engine`` (pool sizes, ``echo``...).

    ``statement_timeout`` (seconds) bounds every statement, lock waits
    included: PostgreSQL's ``statement_timeout``, plus a client-side
    timeout a little longer for a server that does not answer at all (a
    paused process, a dead network); SQLite's busy timeout. ``pool_timeout``
    bounds the wait for a pooled connection. A timeout then raises
    ``CauserieError('unavailable')`` through the unit of work (see
    ``unavailable``), instead of a request waiting for ever."""
    target = async_url(url)
    postgres = target.drivername == POSTGRES_DRIVER
    if statement_timeout is not None and postgres:
        connect_args: dict[str, Any] = dict(engine_options.pop("connect_args", {}))
        milliseconds = max(1, int(statement_timeout * 1000))
        connect_args.setdefault("server_settings", {})["statement_timeout"] = str(milliseconds)
        # asyncpg's own timeout, for a server that cannot even cancel.
        connect_args["command_timeout"] = statement_timeout + 1.0
        connect_args["timeout"] = statement_timeout + 1.0  # connecting
        engine_options["connect_args"] = connect_args
    if pool_timeout is not None and engine_options.get("poolclass") is None:
        engine_options["pool_timeout"] = pool_timeout
    if not postgres and "async_creator" not in engine_options:
        engine_options["async_creator"] = _sqlite_connector(target)
    engine = create_async_engine(target, **engine_options)
    if engine.dialect.name == "sqlite":
        busy = SQLITE_BUSY_MS if statement_timeout is None else int(statement_timeout * 1000)
        _install_sqlite_hooks(engine, busy_ms=max(1, busy))
    return engine


def _sqlite_connector(target: URL) -> Callable[[], FusedConnection]:
    """aiosqlite with one trip to its thread per statement (``sqlite_driver``),
    connected with the arguments SQLAlchemy's dialect would have used."""
    args, kwargs = target.get_dialect()().create_connect_args(target)
    return sqlite_driver.connector(*args, **kwargs)


def is_timeout(error: BaseException) -> bool:
    """Whether ``error`` says the database did not answer in time: a pool
    checkout timeout, a statement or lock timeout, SQLite's busy timeout,
    a client-side timeout."""
    if isinstance(error, exc.TimeoutError | asyncio.TimeoutError | TimeoutError):
        return True
    if isinstance(error, exc.DBAPIError):
        original = error.orig
        if isinstance(original, asyncio.TimeoutError | TimeoutError):
            return True
        cause = getattr(original, "__cause__", None)
        if isinstance(cause, asyncio.TimeoutError | TimeoutError):
            return True
        code = getattr(original, "sqlstate", None) or getattr(cause, "sqlstate", None)
        if code in _PG_TIMEOUT_CODES:
            return True
        text = str(original).lower()
        return "database is locked" in text or "database table is locked" in text
    return False


# Seconds a client is told to wait after a database timeout.
UNAVAILABLE_RETRY_AFTER = 2


def unavailable() -> CauserieError:
    """The error a timeout becomes: HTTP 503 with Retry-After, a WebSocket
    error frame ``unavailable``."""
    return CauserieError("unavailable", retry_after=UNAVAILABLE_RETRY_AFTER)


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def _install_sqlite_hooks(engine: AsyncEngine, *, busy_ms: int) -> None:
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
            # A wait for another process's writer (CLI, second server) rather
            # than an error, but a bounded one.
            cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        options = connection.get_execution_options()
        # query_only is a connection flag that outlives the transaction: set
        # it either way, since pooled connections are shared by both kinds.
        # Issued only when it changes: one statement (a trip to the driver's
        # thread) less for most transactions. ``info`` lives exactly as long
        # as the DBAPI connection the flag belongs to.
        read_only = bool(options.get(READ_ONLY_OPTION, False))
        info = connection.connection.info
        if info.get(_QUERY_ONLY) is not read_only:
            info.pop(_QUERY_ONLY, None)  # unknown until the PRAGMA succeeded
            connection.exec_driver_sql(f"PRAGMA query_only={int(read_only)}")
            info[_QUERY_ONLY] = read_only
        immediate = options.get(IMMEDIATE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
