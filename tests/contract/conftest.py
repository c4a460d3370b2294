"""Fixtures for the storage contract tests (run on SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from tests.factories import Store

from causerie.domain.models import Block, Conversation, Message, Room, Session, User
from causerie.ports import UnitOfWorkFactory

Storable = User | Session | Room | Message | Conversation | Block


@pytest.fixture
def store(uow_factory: UnitOfWorkFactory) -> Store:
    """``await store(user, room, message, ...)``: insert domain objects, in
    order, in one committed write unit of work."""

    async def insert(*objects: Storable) -> None:
        async with uow_factory(write=True) as uow:
            for obj in objects:
                match obj:
                    case User():
                        await uow.users.add(obj)
                    case Session():
                        await uow.sessions.add(obj)
                    case Room():
                        await uow.rooms.add(obj)
                    case Message():
                        await uow.messages.add(obj)
                    case Conversation():
                        await uow.conversations.add(obj)
                    case Block():
                        await uow.blocks.add(obj)
            await uow.commit()

    return insert
