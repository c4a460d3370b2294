"""aiosqlite with one trip to its thread per statement instead of four.

aiosqlite runs each ``sqlite3`` call on the connection's own thread, and
SQLAlchemy's adapter makes four such calls per statement: create a cursor,
execute, fetch the rows, close the cursor. Each call is a round trip between
the event loop and that thread (a queue put, a wake-up, the GIL changing
hands, a wake-up of the loop): on one core about 60–150 µs of CPU, mostly
context switches, whatever the statement. When messages arrive one at a
time (100 msg/s into a room) every group-commit batch holds one message and
pays those trips in full (docs/benchmarks.md, session 7).

``FusedConnection.cursor()`` returns a cursor that does all four in a single
trip: it executes, fetches every row (what SQLAlchemy's non-streaming cursor
does anyway, right after executing) and closes the ``sqlite3`` cursor, then
serves the rows from memory. Transactions, errors and results are the
driver's own; only the number of trips changes.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

import aiosqlite

# What one statement's trip brings back: description, rowcount, lastrowid, rows.
_Outcome = tuple[Any, int, int | None, list[Any]]


def _run(conn: sqlite3.Connection, sql: str, parameters: Any, many: bool) -> _Outcome:
    """On the driver's thread: the whole life of a ``sqlite3`` cursor."""
    cursor = conn.cursor()
    try:
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


class FusedCursor:
    """The part of aiosqlite's ``Cursor`` that SQLAlchemy uses, one trip per
    ``execute``; fetching and closing cost none."""

    def __init__(self, connection: FusedConnection) -> None:
        self._connection = connection
        self._rows: deque[Any] = deque()
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self.arraysize = 1

    async def __aenter__(self) -> FusedCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def _trip(self, sql: str, parameters: Any, many: bool) -> FusedCursor:
        conn = self._connection._conn
        # aiosqlite's own queue to its thread (what its cursors use; untyped).
        run = self._connection._execute
        outcome: _Outcome = await run(_run, conn, sql, parameters, many)  # type: ignore[no-untyped-call]
        self.description, self.rowcount, self.lastrowid, rows = outcome
        self._rows = deque(rows)
        return self

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> FusedCursor:
        return await self._trip(sql, () if parameters is None else parameters, False)

    async def executemany(self, sql: str, parameters: Sequence[Any]) -> FusedCursor:
        return await self._trip(sql, parameters, True)

    async def fetchone(self) -> Any:
        return self._rows.popleft() if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        count = self.arraysize if size is None else size
        return [self._rows.popleft() for _ in range(min(count, len(self._rows)))]

    async def fetchall(self) -> list[Any]:
        rows = list(self._rows)
        self._rows.clear()
        return rows

    async def close(self) -> None:
        self._rows.clear()


class FusedConnection(aiosqlite.Connection):
    """An aiosqlite connection whose cursors are ``FusedCursor``s."""

    def cursor(self) -> FusedCursor:  # type: ignore[override]
        return FusedCursor(self)


def connector(database: str, **kwargs: Any) -> Callable[[], FusedConnection]:
    """``async_creator`` for ``create_async_engine``: what ``aiosqlite.connect``
    does, with ``FusedConnection``. ``kwargs`` go to ``sqlite3.connect``."""

    def create() -> FusedConnection:
        connection = FusedConnection(lambda: sqlite3.connect(database, **kwargs), 64)
        # As SQLAlchemy does for aiosqlite's own: a forgotten connection must
        # not keep the process alive.
        connection._thread.daemon = True
        return connection

    return create
