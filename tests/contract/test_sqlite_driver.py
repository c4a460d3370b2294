"""The SQLite driver: one trip to aiosqlite's thread per statement, with the
results, row counts, errors and transactions of the plain driver."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import aiosqlite
import pytest
from sqlalchemy import exc, text

from causerie.storage import make_engine
from causerie.storage.sqlite_driver import FusedConnection


async def test_statements_results_and_rowcounts(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'd.db'}")
    try:
        async with engine.begin() as conn:
            raw = await conn.get_raw_connection()
            assert isinstance(raw.driver_connection, FusedConnection)
            await conn.execute(text("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT)"))
            returned = await conn.execute(text("INSERT INTO t (b) VALUES ('x') RETURNING a, b"))
            assert returned.all() == [(1, "x")]
            many = await conn.execute(
                text("INSERT INTO t (b) VALUES (:b)"), [{"b": "y"}, {"b": "z"}]
            )
            assert many.rowcount == 2
            updated = await conn.execute(text("UPDATE t SET b = 'w' WHERE a > 1"))
            assert updated.rowcount == 2
            rows = await conn.execute(text("SELECT a, b FROM t ORDER BY a"))
            assert rows.all() == [(1, "x"), (2, "w"), (3, "w")]
            assert (await conn.execute(text("SELECT a FROM t WHERE a = 9"))).first() is None
        # A streamed result still reads every row, in order.
        async with engine.connect() as conn:
            stream = await conn.stream(text("SELECT a FROM t ORDER BY a"))
            assert [row[0] async for row in stream] == [1, 2, 3]
    finally:
        await engine.dispose()


async def test_errors_and_rollback_are_the_drivers(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'e.db'}")
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (a INTEGER PRIMARY KEY)"))
        with pytest.raises(exc.IntegrityError):
            async with engine.begin() as conn:
                await conn.execute(text("INSERT INTO t VALUES (1)"))
                await conn.execute(text("INSERT INTO t VALUES (1)"))
        async with engine.connect() as conn:  # the first insert was rolled back
            assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 0
    finally:
        await engine.dispose()


async def test_one_trip_per_statement(tmp_path: Path) -> None:
    """aiosqlite's own cursor takes four trips (create, execute, fetch, close)."""
    path = tmp_path / "c.db"
    sqlite3.connect(path).close()
    trips = 0
    connection = FusedConnection(lambda: sqlite3.connect(path), 64)
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: object, *args: object) -> object:
        nonlocal trips
        trips += 1
        return await original(self, fn, *args)  # type: ignore[no-untyped-call]

    async with connection:
        connection._execute = counted.__get__(connection)  # type: ignore[method-assign]
        cursor = connection.cursor()
        await cursor.execute("SELECT 1 UNION SELECT 2")
        assert await cursor.fetchone() == (1,)
        assert await cursor.fetchall() == [(2,)]
        await cursor.close()
        assert trips == 1
