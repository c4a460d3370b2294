"""The event outbox of operator commands (storage/outbox.py), on SQLite and
PostgreSQL: events commit with their transaction or not at all, a relay
publishes each one once, in order."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from tests.factories import make_user

from causerie.domain.events import BlocksChanged, CloseUser, Event
from causerie.ports import UnitOfWorkFactory
from causerie.realtime.codec import decode, encode
from causerie.storage.outbox import OutboxRelay
from causerie.storage.uow import SqlUnitOfWorkFactory


class _Recorder:
    def __init__(self) -> None:
        self.events: list[Event] = []

    async def publish(self, event: Event) -> None:
        self.events.append(event)

    async def publish_many(self, events: Sequence[Event]) -> None:
        self.events.extend(events)


def _outbox_of(uow_factory: UnitOfWorkFactory) -> SqlUnitOfWorkFactory:
    assert isinstance(uow_factory, SqlUnitOfWorkFactory)
    return uow_factory.publishing_into_outbox(lambda e: encode(e).decode())


async def test_committed_events_are_relayed_once_in_order(
    uow_factory: UnitOfWorkFactory,
) -> None:
    command = _outbox_of(uow_factory)
    user = make_user()
    first, second = CloseUser(user.id, 4003, "judicial_ban"), BlocksChanged((user.id, "x"))
    async with command(write=True) as uow:
        await uow.users.add(user)
        uow.publish(first)
        uow.publish(second)
        await uow.commit()
    async with command(write=True) as uow:  # rolled back: its event never leaves
        uow.publish(CloseUser(user.id, 4003, "rolled_back"))
    async with command(write=True) as uow:  # an undone savepoint drops its event
        with pytest.raises(ValueError):
            async with uow.savepoint():
                uow.publish(CloseUser(user.id, 4003, "undone"))
                raise ValueError
        await uow.commit()
    assert isinstance(uow_factory, SqlUnitOfWorkFactory)
    screens = _Recorder()
    relay = OutboxRelay(uow_factory, decode, screens)
    other_node = OutboxRelay(uow_factory, decode, _Recorder())
    assert await relay.run_once() == 2
    assert screens.events == [first, second]
    assert await other_node.run_once() == 0  # taken: never published twice
    assert await relay.run_once() == 0
