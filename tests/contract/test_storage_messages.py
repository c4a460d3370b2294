"""MessageRepo contract, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from tests.factories import Store, at, make_message, make_room, make_user

from causerie.domain.errors import Conflict
from causerie.domain.models import Message, Room, User
from causerie.ports import UnitOfWorkFactory


async def _room_with(
    uow_factory: UnitOfWorkFactory, store: Store, count: int
) -> tuple[Room, User, list[Message]]:
    room, author = make_room(), make_user()
    await store(room, author)
    messages = []
    async with uow_factory(write=True) as uow:
        for _ in range(count):
            seq = await uow.rooms.next_seq(room.id)
            message = make_message(room, author, seq)
            await uow.messages.add(message)
            messages.append(message)
        await uow.commit()
    return room, author, messages


async def test_round_trip_every_field(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    room, author = make_room(), make_user()
    message = make_message(
        room, author, 1, text="Salut 👋 <b>ça</b> va ?\nligne 2", deleted=True, created_at=at(0.5)
    )
    await store(room, author, message)
    async with uow_factory() as uow:
        assert await uow.messages.get(message.id) == message
        assert await uow.messages.by_client_id(author.id, message.client_id) == message
        assert await uow.messages.get("nope") is None
        assert await uow.messages.by_client_id(author.id, "nope") is None
        assert await uow.messages.by_client_id("nobody", message.client_id) is None
        got = await uow.messages.get(message.id)
    assert got is not None and got.created_at.utcoffset() is not None


async def test_duplicate_client_id_is_a_conflict_and_uow_stays_usable(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    room, author, (original,) = await _room_with(uow_factory, store, 1)
    other_author = make_user()
    await store(other_author)
    async with uow_factory(write=True) as uow:
        seq = await uow.rooms.next_seq(room.id)
        retry = make_message(room, author, seq, client_id=original.client_id, text="other")
        with pytest.raises(Conflict) as raised:
            await uow.messages.add(retry)
        assert raised.value.code == "duplicate_client_id"
        # The service's path: fetch the original in the same unit of work.
        assert await uow.messages.by_client_id(author.id, original.client_id) == original
        # Same client_id from another author is a different message.
        theirs = make_message(room, other_author, seq, client_id=original.client_id)
        await uow.messages.add(theirs)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.messages.get(theirs.id) == theirs
        assert await uow.messages.get(retry.id) is None


async def test_duplicate_seq_is_not_mistaken_for_a_retry(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    room, author, _ = await _room_with(uow_factory, store, 1)
    async with uow_factory(write=True) as uow:
        with pytest.raises(Exception) as raised:
            await uow.messages.add(make_message(room, author, 1))
        assert not isinstance(raised.value, Conflict)


async def test_before_pages_newest_last(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    room, _, messages = await _room_with(uow_factory, store, 10)
    other_room, _, _ = await _room_with(uow_factory, store, 3)
    seqs = [m.seq for m in messages]
    async with uow_factory() as uow:
        assert await uow.messages.before(room.id, None, 3) == messages[-3:]
        assert await uow.messages.before(room.id, None, 100) == messages
        assert [m.seq for m in await uow.messages.before(room.id, 5, 2)] == [3, 4]
        assert [m.seq for m in await uow.messages.before(room.id, 5, 100)] == [1, 2, 3, 4]
        assert [m.seq for m in await uow.messages.before(room.id, 2, 100)] == [1]
        assert await uow.messages.before(room.id, 1, 100) == []
        assert await uow.messages.before(room.id, 0, 100) == []
        assert [m.seq for m in await uow.messages.before(room.id, 1000, 4)] == seqs[-4:]
        assert await uow.messages.before(room.id, None, 0) == []
        assert await uow.messages.before(room.id, None, -1) == []
        assert await uow.messages.before("empty", None, 10) == []
        assert len(await uow.messages.before(other_room.id, None, 100)) == 3


async def test_after_is_a_half_open_window(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    room, _, messages = await _room_with(uow_factory, store, 10)
    async with uow_factory() as uow:
        assert await uow.messages.after(room.id, 0, 10, 100) == messages
        assert [m.seq for m in await uow.messages.after(room.id, 3, 6, 100)] == [4, 5, 6]
        assert [m.seq for m in await uow.messages.after(room.id, 3, 10, 2)] == [4, 5]
        assert [m.seq for m in await uow.messages.after(room.id, 9, 10, 100)] == [10]
        assert await uow.messages.after(room.id, 10, 10, 100) == []
        assert await uow.messages.after(room.id, 6, 3, 100) == []
        assert await uow.messages.after(room.id, 0, 10, 0) == []
        assert [m.seq for m in await uow.messages.after(room.id, 8, 50, 100)] == [9, 10]
        assert await uow.messages.after("empty", 0, 10, 100) == []


async def test_activity_counts_recent_seqs_and_gives_the_newest_time(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    room, _, _ = await _room_with(uow_factory, store, 10)  # created at T0+1s … T0+10s
    other_room, _, _ = await _room_with(uow_factory, store, 3)
    ids = [room.id, other_room.id, "empty"]
    async with uow_factory() as uow:
        recent = await uow.messages.activity(ids, at(7.5))
        everything = await uow.messages.activity(ids, at(0))
        assert await uow.messages.activity([], at(0)) == {}
    assert recent == {room.id: (3, at(10)), other_room.id: (0, at(3))}
    assert everything == {room.id: (10, at(10)), other_room.id: (3, at(3))}
