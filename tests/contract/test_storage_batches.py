"""The batch methods group commit uses (RoomRepo.lock_many/set_last_seqs,
MessageRepo.by_client_ids/add_many, UserRepo.count_messages), and the
BatchUnitOfWork over them, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from tests.factories import Store, make_message, make_room, make_user

from causerie.domain.errors import Conflict, NotFound
from causerie.ports import UnitOfWorkFactory
from causerie.storage.batch_uow import BatchUnitOfWork


async def test_batch_methods_round_trip(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    first, second, author, other = make_room(), make_room(), make_user(), make_user()
    await store(first, second, author, other)
    async with uow_factory(write=True) as uow:
        locked = await uow.rooms.lock_many([second.id, first.id, "missing"])
        assert set(locked) == {first.id, second.id}
        assert locked[first.id].last_seq == 0
        batch = [make_message(first, author, 1), make_message(first, other, 2)]
        batch.append(make_message(second, author, 1))
        await uow.messages.add_many(batch)
        await uow.rooms.set_last_seqs({first.id: 2, second.id: 1})
        await uow.users.count_messages({author.id: 2, other.id: 1})
        await uow.commit()
    async with uow_factory() as uow:
        keys = [(m.author_id, m.client_id) for m in batch] + [(author.id, "never")]
        found = await uow.messages.by_client_ids(keys)
        assert found == {(m.author_id, m.client_id): m for m in batch}
        assert (await uow.messages.after(first.id, 0, 10, 10)) == batch[:2]
        stored = [await uow.rooms.get(first.id), await uow.rooms.get(second.id)]
        assert [r.last_seq if r else None for r in stored] == [2, 1]
        counts = await uow.users.get_many([author.id, other.id])
        assert (counts[author.id].message_count, counts[other.id].message_count) == (2, 1)
        assert await uow.messages.by_client_ids([]) == {}


async def test_add_many_refuses_a_duplicate_client_id(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    room, author = make_room(), make_user()
    original = make_message(room, author, 1)
    await store(room, author, original)
    with pytest.raises(IntegrityError):
        async with uow_factory(write=True) as uow:
            await uow.messages.add_many(
                [make_message(room, author, 2, client_id=original.client_id)]
            )
    async with uow_factory() as uow:
        assert await uow.messages.after(room.id, 0, 10, 10) == [original]


async def test_batch_unit_of_work_reads_its_own_kept_writes(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    room, author = make_room(), make_user()
    await store(room, author)
    async with BatchUnitOfWork(uow_factory(write=True)) as uow:
        await uow.prefetch([author.id], [room.id], [(author.id, "a"), (author.id, "b")])
        first = make_message(room, author, await uow.rooms.next_seq(room.id), client_id="a")
        await uow.messages.add(first)
        await uow.users.count_message(author.id)
        # A later send in the same batch sees the earlier one.
        assert await uow.messages.by_client_id(author.id, "a") == first
        with pytest.raises(Conflict):
            await uow.messages.add(make_message(room, author, 2, client_id="a"))
        assert await uow.rooms.next_seq(room.id) == 2
        seen = await uow.users.get(author.id)
        assert seen is not None and seen.message_count == 1
        # ``update`` returns the row with the kept count on top.
        updated = await uow.users.update(author.id, trust_level=1)
        assert (updated.trust_level, updated.message_count) == (1, 1)
        second = make_message(room, author, 2, client_id="b")
        await uow.messages.add(second)
        with pytest.raises(NotFound):
            await uow.rooms.next_seq("missing")
        # Reads by room write the kept messages first.
        assert await uow.messages.after(room.id, 0, 10, 10) == [first, second]
        await uow.commit()
    async with uow_factory() as uow:
        stored_room = await uow.rooms.get(room.id)
        stored_author = await uow.users.get(author.id)
        assert stored_room is not None and stored_room.last_seq == 2
        assert stored_author is not None and stored_author.message_count == 1
        assert stored_author.trust_level == 1
        assert await uow.messages.after(room.id, 0, 10, 10) == [first, second]


async def test_batch_unit_of_work_writes_nothing_without_commit(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    room, author = make_room(), make_user()
    await store(room, author)
    async with BatchUnitOfWork(uow_factory(write=True)) as uow:
        await uow.messages.add(make_message(room, author, await uow.rooms.next_seq(room.id)))
        await uow.users.count_message(author.id)
        with pytest.raises(RuntimeError):
            uow.savepoint()
    async with uow_factory() as uow:
        stored_room = await uow.rooms.get(room.id)
        assert stored_room is not None and stored_room.last_seq == 0
        assert await uow.messages.after(room.id, 0, 10, 10) == []
