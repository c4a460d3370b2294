"""The database of an operator command: its settings from the options, the
schema brought up to date, a unit-of-work factory, the engine closed after.
Light on purpose (no gazetteer, no filter) for commands that only need the
database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from causerie.config import Settings
from causerie.domain.events import Event
from causerie.ports import UnitOfWorkFactory


class NoScreens:
    """Where an operator command's events go: nowhere yet (a command runs
    in its own process, without the server's realtime node)."""

    async def publish(self, event: Event) -> None:
        return None


def settings_for(data_dir: Path | None, database: str | None) -> Settings:
    overrides: dict[str, object] = {}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if database is not None:
        overrides["database_url"] = database
    return Settings(**overrides)  # type: ignore[arg-type]


@asynccontextmanager
async def operator_database(settings: Settings) -> AsyncIterator[UnitOfWorkFactory]:
    from causerie.storage.engine import make_engine
    from causerie.storage.migrate import upgrade
    from causerie.storage.uow import make_uow_factory

    url = settings.prepared_database_url()
    await upgrade(url)  # an empty or older database is brought to the shipped schema
    engine = make_engine(url)
    try:
        yield make_uow_factory(engine).publishing_to(NoScreens())
    finally:
        await engine.dispose()
