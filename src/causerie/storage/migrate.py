"""Run the Alembic migrations shipped in ``storage/migrations`` from code:
no alembic.ini, the same call for SQLite and PostgreSQL.

Alembic is imported only when there is something to do: a start on a schema
already at the shipped head reads one row and moves on (importing Alembic
costs about a quarter of a second, a large part of the start-up budget)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.pool import NullPool

from causerie.storage.engine import IMMEDIATE_OPTION, async_url, is_sqlite, make_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# pg_advisory_xact_lock key: nodes starting together migrate one at a time
# (SQLite gets the same from BEGIN IMMEDIATE). Any constant unique to us.
_PG_MIGRATION_LOCK = 0x6361757365726965 & 0x7FFFFFFFFFFFFFFF  # "causerie"


_REVISION = re.compile(r'^revision(?:: str)? = "([^"]+)"', re.MULTILINE)
_DOWN = re.compile(r'^down_revision(?:: [^=]+)? = "([^"]+)"', re.MULTILINE)


def shipped_head() -> str | None:
    """The newest shipped revision, read from the scripts' text (no Alembic);
    ``None`` when the scripts do not form a single chain (then Alembic decides).
    tests/contract/test_storage_migrations.py checks it agrees with Alembic."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = script.read_text("utf-8")
        found = _REVISION.search(source)
        if found:
            revisions.add(found.group(1))
            parents.update(_DOWN.findall(source))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


async def _at_head(engine: AsyncEngine) -> bool:
    head = shipped_head()
    if head is None:
        return False
    try:
        async with engine.connect() as conn:
            found = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
    except DBAPIError:  # no table yet: a new database
        return False
    return [row[0] for row in found] == [head]


def alembic_config() -> Config:
    """An Alembic ``Config`` built in code, pointing at the packaged scripts."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str | None:
    """The newest revision shipped with this code."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def upgrade(url: str | URL, revision: str = "head") -> None:
    """Create or migrate the schema of the database at ``url`` up to ``revision``.

    Runs in one transaction holding the write lock (SQLite) or an advisory
    lock (PostgreSQL), so concurrent starts are safe and a failed migration
    leaves nothing half-done. Creates the SQLite file's folder if missing."""
    parsed = async_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(parsed, poolclass=NullPool)
    try:
        if revision == "head" and await _at_head(engine):
            return
        async with _locked_transaction(engine) as conn:
            await conn.run_sync(_upgrade, revision)
    finally:
        await engine.dispose()


def upgrade_sync(url: str | URL, revision: str = "head") -> None:
    """``upgrade`` for synchronous callers (CLI); not from inside an event loop."""
    asyncio.run(upgrade(url, revision))


async def current_revision(url: str | URL) -> str | None:
    """The revision the database at ``url`` is at (``None``: never migrated)."""
    engine = make_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(_current)
    finally:
        await engine.dispose()


async def autogenerate(url: str | URL, message: str) -> None:
    """Write a new revision file comparing ``tables.py`` with the database at
    ``url`` (migrated to head first). For developers: review the file."""
    await upgrade(url)
    engine = make_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            await conn.run_sync(_revision, message)
    finally:
        await engine.dispose()


class _locked_transaction:  # noqa: N801 - used like a function
    """``async with``: a connection in a transaction holding the migration lock."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._conn: AsyncConnection | None = None

    async def __aenter__(self) -> AsyncConnection:
        conn = await self._engine.connect()
        self._conn = conn
        if is_sqlite(self._engine):
            await conn.execution_options(**{IMMEDIATE_OPTION: True})
        await conn.begin()
        if not is_sqlite(self._engine):
            await conn.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
            )
        return conn

    async def __aexit__(self, exc_type: object, exc: object, tb: object) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if exc_type is None:
                await conn.commit()
            else:
                await conn.rollback()
        finally:
            await conn.close()


def _upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _current(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _revision(connection: Connection, message: str) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.revision(config, message=message, autogenerate=True)
