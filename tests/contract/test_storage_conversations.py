"""ConversationRepo contract, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest
from tests.factories import Store, at, make_conversation, make_dm_room, make_user

from causerie.domain.errors import Conflict, NotFound
from causerie.domain.models import Conversation, ConversationState, User
from causerie.ports import UnitOfWorkFactory


async def _conversation(store: Store, **overrides: object) -> tuple[Conversation, User, User]:
    requester, recipient, room = make_user(), make_user(), make_dm_room()
    conversation = make_conversation(room, requester, recipient, **overrides)
    await store(requester, recipient, room, conversation)
    return conversation, requester, recipient


async def test_round_trip_and_lookups(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    conversation, requester, recipient = await _conversation(
        store, state=ConversationState.DECLINED, decided_at=at(30)
    )
    async with uow_factory() as uow:
        assert await uow.conversations.get(conversation.room_id) == conversation
        assert await uow.conversations.between(requester.id, recipient.id) == conversation
        assert await uow.conversations.between(recipient.id, requester.id) == conversation
        assert await uow.conversations.get("nope") is None
        assert await uow.conversations.between(requester.id, "nobody") is None


async def test_one_conversation_per_unordered_pair(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    existing, requester, recipient = await _conversation(store)
    room = make_dm_room()
    await store(room)
    async with uow_factory(write=True) as uow:
        # The other side asking is the same pair.
        with pytest.raises(Conflict) as raised:
            await uow.conversations.add(make_conversation(room, recipient, requester))
        assert raised.value.code == "conversation_exists"
        assert raised.value.params["room_id"] == existing.room_id
        assert await uow.conversations.between(recipient.id, requester.id) == existing
        with pytest.raises(Conflict):
            await uow.conversations.add(make_conversation(room, requester, recipient))
        # Still usable: another pair on the same spare room works.
        third = make_user()
        await uow.users.add(third)
        fresh = make_conversation(room, third, requester)
        await uow.conversations.add(fresh)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.conversations.between(requester.id, third.id) == fresh


async def test_for_user_lists_both_sides_newest_first(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    me, a, b, c = make_user(), make_user(), make_user(), make_user()
    rooms = [make_dm_room() for _ in range(3)]
    asked = make_conversation(rooms[0], me, a, created_at=at(1))
    answered = make_conversation(rooms[1], b, me, created_at=at(2))
    others = make_conversation(rooms[2], a, c, created_at=at(3))
    await store(me, a, b, c, *rooms, asked, answered, others)
    async with uow_factory() as uow:
        assert await uow.conversations.for_user(me.id) == [answered, asked]
        assert await uow.conversations.for_user(a.id) == [others, asked]
        assert await uow.conversations.for_user("nobody") == []


async def test_update_state_and_swap_roles(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    conversation, requester, recipient = await _conversation(store)
    async with uow_factory(write=True) as uow:
        declined = await uow.conversations.update(
            conversation.room_id, state=ConversationState.DECLINED, decided_at=at(10)
        )
        assert declined == dataclasses.replace(
            conversation, state=ConversationState.DECLINED, decided_at=at(10)
        )
        asked_back = await uow.conversations.update(
            conversation.room_id,
            state=ConversationState.REQUESTED,
            decided_at=None,
            requester_id=recipient.id,
            recipient_id=requester.id,
        )
        await uow.commit()
    expected = dataclasses.replace(
        conversation,
        requester_id=recipient.id,
        recipient_id=requester.id,
        state=ConversationState.REQUESTED,
        decided_at=None,
    )
    assert asked_back == expected
    async with uow_factory(write=True) as uow:
        assert await uow.conversations.get(conversation.room_id) == expected
        assert await uow.conversations.between(requester.id, recipient.id) == expected
        with pytest.raises(NotFound):
            await uow.conversations.update("nope", state=ConversationState.OPEN, decided_at=None)
        with pytest.raises(ValueError, match="pair"):
            await uow.conversations.update(
                conversation.room_id,
                state=ConversationState.OPEN,
                decided_at=at(1),
                requester_id="someone-else",
            )
