"""A database that does not answer gives a clear, retryable error: HTTP 503
``unavailable`` with Retry-After, a WebSocket ``unavailable`` error frame
for the send (never an ack), instead of a request that waits for ever."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url
from websockets.exceptions import InvalidStatus

from causerie.domain.errors import CauserieError
from causerie.storage import make_uow_factory
from causerie.storage.engine import make_engine
from tests import harness
from tests.harness import live_server, room_for_band, signup


@asynccontextmanager
async def database_held(url: str) -> AsyncIterator[None]:
    """Another client holds the tables a send and a sign-in need: on
    PostgreSQL an exclusive lock on users, sessions and rooms; on SQLite
    the write lock."""
    if url.startswith("postgresql"):
        conn = await asyncpg.connect(url)
        try:
            transaction = conn.transaction()
            await transaction.start()
            await conn.execute("LOCK TABLE users, sessions, rooms IN ACCESS EXCLUSIVE MODE")
            yield
            await transaction.rollback()
        finally:
            await conn.close()
        return
    path = make_url(url).database
    assert path is not None
    # The server may be mid-write when the test takes the lock (a session
    # touched, a batch committed); on a loaded machine that write took longer
    # than sqlite3's default 5 s wait (CI, session 17): wait for it, then hold.
    holder = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    try:
        holder.execute("BEGIN IMMEDIATE")
        yield
        holder.execute("ROLLBACK")
    finally:
        holder.close()


async def test_a_held_database_answers_unavailable_then_recovers(
    tmp_path: Path, migrated_database_url: str
) -> None:
    settings = harness.test_settings(tmp_path, migrated_database_url, db_statement_timeout=1.0)
    postgres = migrated_database_url.startswith("postgresql")
    async with live_server(settings, listen=True) as server:
        alice = await signup(server)
        room = await room_for_band(alice)
        ws = await alice.ws()
        await ws.join(room)
        async with database_held(migrated_database_url):
            started = time.perf_counter()
            await ws.send_text(room, "anyone?", "while-held")
            frame = await ws.recv(timeout=8.0)
            assert frame["type"] == "error", frame  # never an ack
            assert frame["code"] == "unavailable" and frame["client_id"] == "while-held"
            assert frame["retry_after"] >= 1 and frame["detail"]
            assert time.perf_counter() - started < 6.0
            if postgres:  # SQLite readers are not blocked by a writer (WAL)
                started = time.perf_counter()
                response = await alice.http.get("/api/v1/me")
                assert response.status_code == 503
                assert response.headers["content-type"].startswith("application/problem+json")
                assert response.json()["code"] == "unavailable"
                assert int(response.headers["retry-after"]) >= 1
                assert time.perf_counter() - started < 6.0
                # A new socket cannot read its session: "try again", never
                # 401 (which would end the member's session in the client).
                with pytest.raises(InvalidStatus) as refused:
                    await alice.ws()
                assert refused.value.response.status_code == 503
                assert int(refused.value.response.headers["retry-after"]) >= 1
        await ws.send_text(room, "back again", "after-release")
        ack = await ws.expect("ack", timeout=5.0)
        assert ack["client_id"] == "after-release"
        assert (await alice.http.get("/api/v1/me")).status_code == 200


async def test_no_pooled_connection_in_time_is_unavailable(migrated_database_url: str) -> None:
    if not migrated_database_url.startswith("postgresql"):
        pytest.skip("SQLite connections are not the bottleneck here")
    engine = make_engine(migrated_database_url, pool_timeout=0.5, pool_size=1, max_overflow=0)
    uow = make_uow_factory(engine)
    try:
        async with uow():
            started = time.perf_counter()
            with pytest.raises(CauserieError) as refused:
                async with uow():
                    pass
            assert refused.value.code == "unavailable"
            assert time.perf_counter() - started < 3.0
    finally:
        await engine.dispose()


async def test_a_statement_over_its_timeout_is_unavailable(migrated_database_url: str) -> None:
    if not migrated_database_url.startswith("postgresql"):
        pytest.skip("pg_sleep is PostgreSQL's")
    from sqlalchemy import text

    engine = make_engine(migrated_database_url, statement_timeout=0.5)
    try:
        started = time.perf_counter()
        with pytest.raises(CauserieError) as refused:
            async with make_uow_factory(engine)() as unit:
                await unit._conn.execute(text("SELECT pg_sleep(5)"))  # type: ignore[attr-defined]
        assert refused.value.code == "unavailable"
        assert time.perf_counter() - started < 3.0
    finally:
        await engine.dispose()
