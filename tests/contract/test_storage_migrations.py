"""The schema comes from the Alembic migrations, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from causerie.storage import current_revision, head_revision, make_engine, upgrade
from causerie.storage.tables import metadata


async def _run(url: str, fn: Any) -> Any:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(fn)
    finally:
        await engine.dispose()


def _diff(conn: Connection) -> list[Any]:
    context = MigrationContext.configure(conn, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


def _shape(conn: Connection) -> dict[str, Any]:
    inspector = inspect(conn)
    return {
        "tables": set(inspector.get_table_names()),
        "unique": {
            table: {tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)}
            for table in ("users", "sessions", "messages", "conversations", "rooms")
        },
        "indexes": {
            table: {tuple(i["column_names"]) for i in inspector.get_indexes(table)}
            for table in ("sessions", "conversations", "blocks")
        },
        "blocks_pk": tuple(inspector.get_pk_constraint("blocks")["constrained_columns"]),
    }


async def test_upgrade_builds_the_schema_of_tables_py(database_url: str) -> None:
    assert await current_revision(database_url) is None
    await upgrade(database_url)
    assert await current_revision(database_url) == head_revision()
    assert await _run(database_url, _diff) == []


async def test_hot_path_indexes_exist(database_url: str) -> None:
    await upgrade(database_url)
    shape = await _run(database_url, _shape)
    assert {"users", "sessions", "rooms", "messages", "conversations", "blocks"} <= shape["tables"]
    assert ("room_id", "seq") in shape["unique"]["messages"]
    assert ("author_id", "client_id") in shape["unique"]["messages"]
    assert ("token_hash",) in shape["unique"]["sessions"]
    assert ("pseudo_key",) in shape["unique"]["users"]
    assert ("user_lo", "user_hi") in shape["unique"]["conversations"]
    assert ("user_hi",) in shape["indexes"]["conversations"]
    assert ("user_id",) in shape["indexes"]["sessions"]
    assert ("blocked_id",) in shape["indexes"]["blocks"]
    assert shape["blocks_pk"] == ("blocker_id", "blocked_id")


async def test_upgrade_is_idempotent_and_safe_to_race(database_url: str) -> None:
    # Several nodes starting at once: the migration lock serialises them.
    await asyncio.gather(*(upgrade(database_url) for _ in range(3)))
    await upgrade(database_url)
    assert await current_revision(database_url) == head_revision()


def test_the_fast_head_check_agrees_with_alembic() -> None:
    from causerie.storage.migrate import head_revision, shipped_head

    assert shipped_head() == head_revision()


async def test_upgrade_at_head_is_a_no_op(migrated_database_url: str) -> None:
    from causerie.storage.migrate import current_revision, head_revision, upgrade

    await upgrade(migrated_database_url)
    await upgrade(migrated_database_url)
    assert await current_revision(migrated_database_url) == head_revision()
