"""The database of an operator command: its settings from the options, the
schema brought up to date, a unit-of-work factory, the engine closed after.
Light on purpose (no gazetteer, no filter) for commands that only need the
database.

A command's events (a ban closing the member's sockets, a role change
refreshing their screens) are committed into the event outbox with the
change itself; the running server publishes them (storage/outbox.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from causerie.config import Settings
from causerie.domain.events import Event
from causerie.ports import UnitOfWorkFactory


class ViaOutbox:
    """``EventPublisher`` of an operator command, for the rare event not
    published from a unit of work: it goes through one of its own."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def publish(self, event: Event) -> None:
        await self.publish_many([event])

    async def publish_many(self, events: Sequence[Event]) -> None:
        async with self._uow(write=True) as uow:
            for event in events:
                uow.publish(event)
            await uow.commit()


def settings_for(data_dir: Path | None, database: str | None) -> Settings:
    overrides: dict[str, object] = {}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if database is not None:
        overrides["database_url"] = database
    return Settings(**overrides)  # type: ignore[arg-type]


@asynccontextmanager
async def operator_database(settings: Settings) -> AsyncIterator[UnitOfWorkFactory]:
    from causerie.realtime.codec import encode
    from causerie.storage.engine import make_engine
    from causerie.storage.migrate import upgrade
    from causerie.storage.uow import make_uow_factory

    url = settings.prepared_database_url()
    await upgrade(url)  # an empty or older database is brought to the shipped schema
    engine = make_engine(url)
    try:
        yield make_uow_factory(engine).publishing_into_outbox(lambda e: encode(e).decode())
    finally:
        await engine.dispose()
