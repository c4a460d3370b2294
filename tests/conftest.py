"""Fixtures shared by every test suite.

``database_url`` runs a test once on SQLite and once on PostgreSQL, each time
on a fresh empty database; ``migrated_database_url`` is the same at the
newest schema; ``uow_factory`` is a ``UnitOfWorkFactory`` on it.

PostgreSQL is the server of ``CAUSERIE_TEST_PG_URL`` (default
``postgresql://postgres@127.0.0.1:5432/test``; user ``root`` is tried when
``postgres`` is refused). When it is unreachable the postgres half of each
test is skipped, or fails when ``CAUSERIE_TEST_STRICT=1``; so is a test
that asks for ``redis_url`` (``CAUSERIE_TEST_REDIS_URL``) when Redis is."""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TypeVar

import asyncpg
import pytest
from sqlalchemy.engine import URL, make_url

from causerie.ports import UnitOfWorkFactory
from causerie.storage import make_engine, make_uow_factory, upgrade
from tests.support.net import redis_problem

PG_SERVER_URL = os.environ.get("CAUSERIE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("CAUSERIE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
STRICT = os.environ.get("CAUSERIE_TEST_STRICT") == "1"

T = TypeVar("T")


def service_missing(reason: str) -> NoReturn:
    """Skip the test because a service is absent, or fail under CAUSERIE_TEST_STRICT=1."""
    if STRICT:
        pytest.fail(f"{reason} (CAUSERIE_TEST_STRICT=1)", pytrace=False)
    pytest.skip(f"!!! {reason} — set CAUSERIE_TEST_STRICT=1 to make this a failure")


def run_isolated(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine on a private event loop in another thread, so that sync
    fixtures never touch the loop pytest-asyncio gives the test."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(_call(make))).result()


async def _call(make: Callable[[], Awaitable[T]]) -> T:
    return await make()


@dataclass(frozen=True)
class PgServer:
    """An administrable PostgreSQL server: creates and drops test databases."""

    url: URL  # an existing database on the server, as a user allowed to CREATE DATABASE

    def database_url(self, name: str) -> str:
        return self.url.set(drivername="postgresql", database=name).render_as_string(
            hide_password=False
        )

    def execute(self, sql: str, database: str | None = None) -> None:
        """Run ``sql`` on the server's database, or on ``database``."""
        dsn = self._dsn() if database is None else self.database_url(database)

        async def go() -> None:
            conn = await asyncpg.connect(dsn, timeout=5)
            try:
                await conn.execute(sql)
            finally:
                await conn.close()

        run_isolated(go)

    def create_database(self, template: str = "template0") -> str:
        name = f"causerie_t_{secrets.token_hex(6)}"
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _dsn(self) -> str:
        return self.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _find_pg_server() -> PgServer | str:
    """The server with the first user that can log in, else why not."""
    base = make_url(PG_SERVER_URL)
    users = list(dict.fromkeys([base.username or "postgres", "postgres", "root"]))
    errors: list[str] = []
    for user in users:
        server = PgServer(base.set(username=user))

        async def probe(server: PgServer = server) -> None:
            conn = await asyncpg.connect(server._dsn(), timeout=3)
            await conn.close()

        try:
            run_isolated(probe)
        except (OSError, asyncpg.PostgresError, TimeoutError) as error:
            errors.append(f"{user}: {error!r}")
            continue
        return server
    host = f"{base.host}:{base.port or 5432}/{base.database}"
    return f"PostgreSQL unreachable at {host} ({'; '.join(errors)})"


@pytest.fixture(scope="session")
def pg_server() -> PgServer:
    """The PostgreSQL test server (skips or fails when it is unreachable)."""
    found = _find_pg_server()
    if isinstance(found, str):
        service_missing(found)
    return found


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The test Redis, ``CAUSERIE_TEST_REDIS_URL`` (skips or fails when it is
    unreachable). Tests share it: keys and channels take a prefix of their own."""
    problem = redis_problem(REDIS_URL)
    if problem is not None:
        service_missing(f"Redis unreachable at {REDIS_URL} ({problem})")
    return REDIS_URL


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_kind(request: pytest.FixtureRequest) -> str:
    """``"sqlite"`` or ``"postgres"``: every test using a database runs on both."""
    return str(request.param)


@pytest.fixture
def database_url(
    database_kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A fresh, empty database (plain URL, as an operator would pass it)."""
    if database_kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'causerie.db'}"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name = server.create_database()
    try:
        yield server.database_url(name)
    finally:
        server.drop_database(name)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "causerie.db"
    run_isolated(lambda: upgrade(f"sqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def _pg_migrated(pg_server: PgServer) -> Iterator[str]:
    name = pg_server.create_database()
    try:
        run_isolated(lambda: upgrade(pg_server.database_url(name)))
        yield name
    finally:
        pg_server.drop_database(name)


# Empties every table but Alembic's (tables added by later migrations too).
_TRUNCATE_ALL = """
DO $$ DECLARE names text; BEGIN
  SELECT string_agg(format('%I', tablename), ', ') INTO names
    FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version';
  IF names IS NOT NULL THEN
    EXECUTE 'TRUNCATE TABLE ' || names || ' RESTART IDENTITY CASCADE';
  END IF;
END $$
"""


@pytest.fixture
def migrated_database_url(
    database_kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A database at the newest schema, empty. SQLite: a copy of a file
    migrated once per session. PostgreSQL: one database migrated once per
    session, every table truncated before each test (CREATE DATABASE costs
    far more, especially on a busy machine). So migrations must not seed
    rows that tests rely on."""
    if database_kind == "sqlite":
        template: Path = request.getfixturevalue("_sqlite_template")
        path = tmp_path / "causerie.db"
        shutil.copyfile(template, path)  # the migration's engine is disposed: no -wal left
        yield f"sqlite:///{path}"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name: str = request.getfixturevalue("_pg_migrated")
    url = server.database_url(name)
    server.execute(_TRUNCATE_ALL, database=name)
    yield url


@pytest.fixture
async def uow_factory(migrated_database_url: str) -> AsyncIterator[UnitOfWorkFactory]:
    """A ``UnitOfWorkFactory`` on a fresh migrated database (SQLite and PostgreSQL)."""
    engine = make_engine(migrated_database_url)
    try:
        yield make_uow_factory(engine)
    finally:
        await engine.dispose()


def pytest_report_header(config: pytest.Config) -> list[str]:
    del config
    mode = "strict (missing services fail)" if STRICT else "lenient (missing services skip)"
    return [f"causerie: PostgreSQL server {PG_SERVER_URL}; {mode}"]


# No test writes into the checkout: every file a test makes lives under its
# tmp_path. The default data directory (./data, what ``make run`` uses) is
# watched: a file that appears there during the run fails the session.
_CHECKOUT_DATA = Path(__file__).resolve().parent.parent / "data"


def _files_in_checkout_data() -> set[Path]:
    return set(_CHECKOUT_DATA.rglob("*")) if _CHECKOUT_DATA.exists() else set()


_DATA_BEFORE = _files_in_checkout_data()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    del exitstatus
    written = sorted(str(p) for p in _files_in_checkout_data() - _DATA_BEFORE)
    if written:
        print(f"\n!!! tests wrote into the checkout: {written}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


__all__ = ["PgServer", "service_missing"]
