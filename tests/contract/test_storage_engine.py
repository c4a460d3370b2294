"""Engine construction and the SQLite settings that durability rests on."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

from causerie.storage import async_url, make_engine, make_uow_factory, upgrade


@pytest.mark.parametrize(
    ("given", "driver", "database"),
    [
        ("sqlite:///data/causerie.db", "sqlite+aiosqlite", "data/causerie.db"),
        ("sqlite:////abs/causerie.db", "sqlite+aiosqlite", "/abs/causerie.db"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite", "x.db"),
        ("sqlite+pysqlite:///x.db", "sqlite+aiosqlite", "x.db"),
        ("postgresql://user@host/db", "postgresql+asyncpg", "db"),
        ("postgres://user:pw@host:5433/db", "postgresql+asyncpg", "db"),
        ("postgresql+asyncpg://user@host/db", "postgresql+asyncpg", "db"),
        ("postgresql+psycopg2://user@host/db", "postgresql+asyncpg", "db"),
    ],
)
def test_plain_urls_get_the_async_driver(given: str, driver: str, database: str) -> None:
    url = async_url(given)
    assert (url.drivername, url.database) == (driver, database)


def test_async_url_keeps_everything_else() -> None:
    url = async_url("postgres://user:pw@host:5433/db?ssl=require")
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "user",
        "pw",
        "host",
        5433,
        "db",
    )
    assert url.query == {"ssl": "require"}


@pytest.mark.parametrize(
    "bad", ["sqlite://", "sqlite:///:memory:", "mysql://u@h/db", "oracle://u@h/db"]
)
def test_unsupported_urls_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        make_engine(bad)


async def test_sqlite_pragmas_on_every_connection(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        for _ in range(2):  # two connections at once: both configured
            async with engine.connect() as a, engine.connect() as b:
                for conn in (a, b):
                    values = [
                        (await conn.execute(text(f"PRAGMA {name}"))).scalar()
                        for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
                    ]
                    assert values == ["wal", 2, 1, 10000]  # synchronous 2 = FULL
    finally:
        await engine.dispose()


async def test_sqlite_writer_holds_the_write_lock_from_the_start(tmp_path: Path) -> None:
    path = tmp_path / "lock.db"
    await upgrade(f"sqlite:///{path}")
    engine = make_engine(f"sqlite:///{path}")
    factory = make_uow_factory(engine)
    outsider = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        async with factory(write=True):
            # Not a single statement yet, and another process cannot write.
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                outsider.execute("BEGIN IMMEDIATE")
        outsider.execute("BEGIN IMMEDIATE")  # released on exit
        outsider.execute("ROLLBACK")
        async with factory():
            outsider.execute("BEGIN IMMEDIATE")  # a reader takes no write lock
            outsider.execute("ROLLBACK")
    finally:
        outsider.close()
        await engine.dispose()


_CRASHING_WRITER = textwrap.dedent(
    """
    import asyncio, os, signal, sys
    from causerie.storage import make_engine, make_uow_factory
    from tests.factories import make_room

    async def main(url):
        engine = make_engine(url)
        factory = make_uow_factory(engine)
        room = make_room()
        async with factory(write=True) as uow:
            await uow.rooms.add(room)
            await uow.commit()
        print(room.id, flush=True)  # the "ack"
        os.kill(os.getpid(), signal.SIGKILL)  # no dispose, no checkpoint

    asyncio.run(main(sys.argv[1]))
    """
)


@pytest.mark.slow
async def test_an_acked_commit_survives_kill_9(migrated_database_url: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CRASHING_WRITER, migrated_database_url],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[2],
        check=False,
    )
    assert done.returncode == -9, done.stderr
    room_id = done.stdout.strip()
    engine = make_engine(migrated_database_url)
    try:
        async with make_uow_factory(engine)() as uow:
            assert await uow.rooms.get(room_id) is not None
    finally:
        await engine.dispose()
