"""RoomRepo contract, on SQLite and PostgreSQL, including next_seq under load."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from tests.factories import Store, make_dm_room, make_message, make_room, make_user

from causerie.domain.bands import Band
from causerie.domain.errors import NotFound
from causerie.domain.models import RoomKind
from causerie.ports import UnitOfWorkFactory


async def test_round_trip_every_field(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    teen = make_room(
        bands=frozenset({Band.TEEN}),
        requires=None,
        description="Pour les 15-17 ans",
        archived=False,
    )
    both = make_room(
        bands=frozenset({Band.TEEN, Band.ADULT}),
        requires="age_attestation",
        description="x",
        last_seq=7,
        archived=True,
        theme=None,
    )
    dm = make_dm_room(created_at=None, bands=frozenset())
    await store(teen, both, dm)
    async with uow_factory() as uow:
        assert await uow.rooms.get(teen.id) == teen
        assert await uow.rooms.get(both.id) == both
        assert await uow.rooms.get(dm.id) == dm
        assert await uow.rooms.get("nope") is None
        assert await uow.rooms.by_slug(teen.slug or "") == teen
        assert await uow.rooms.by_slug("nope") is None
        got = await uow.rooms.get(both.id)
    assert got is not None and got.bands == frozenset({Band.TEEN, Band.ADULT})
    assert all(isinstance(b, Band) for b in got.bands)


async def test_list_public(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    b = make_room(name="Bavardages")
    a = make_room(name="Amitié")
    archived = make_room(name="Ancienne", archived=True)
    dm = make_dm_room(name="Aaa")
    await store(b, a, archived, dm)
    async with uow_factory() as uow:
        assert await uow.rooms.list_public() == [a, b]
        assert await uow.rooms.list_public(include_archived=True) == [a, archived, b]


async def test_update(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    room = make_room()
    await store(room)
    async with uow_factory(write=True) as uow:
        got = await uow.rooms.update(
            room.id, name="Renamed", archived=True, bands=frozenset({Band.TEEN}), kind="public"
        )
        await uow.commit()
    expected = dataclasses.replace(
        room, name="Renamed", archived=True, bands=frozenset({Band.TEEN}), kind=RoomKind.PUBLIC
    )
    assert got == expected
    async with uow_factory(write=True) as uow:
        assert await uow.rooms.get(room.id) == expected
        assert await uow.rooms.update(room.id) == expected
        with pytest.raises(NotFound):
            await uow.rooms.update("nope", name="x")
        for bad in ({"id": "x"}, {"last_seq": 3}, {"colour": "red"}):
            with pytest.raises(TypeError):
                await uow.rooms.update(room.id, **bad)


async def test_next_seq_counts_and_rolls_back(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    room, other = make_room(), make_room()
    await store(room, other)
    async with uow_factory(write=True) as uow:
        assert [await uow.rooms.next_seq(room.id) for _ in range(3)] == [1, 2, 3]
        assert await uow.rooms.next_seq(other.id) == 1
        await uow.commit()
    async with uow_factory(write=True) as uow:
        assert await uow.rooms.next_seq(room.id) == 4
        # no commit: the seq is given back
    async with uow_factory(write=True) as uow:
        assert await uow.rooms.next_seq(room.id) == 4
        with pytest.raises(NotFound):
            await uow.rooms.next_seq("nope")
        await uow.commit()
    async with uow_factory() as uow:
        got = await uow.rooms.get(room.id)
    assert got is not None and got.last_seq == 4


async def test_next_seq_under_concurrency_has_no_gap_or_duplicate(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    """50 senders, each in its own write unit of work, get exactly 1..50; and
    seqs commit in order: once seq N is committed, 1..N-1 all are, so a
    reader (here the after-commit hook) never sees a gap."""
    room, author = make_room(), make_user()
    await store(room, author)
    gaps: list[tuple[int, list[int]]] = []

    async def check_no_gap(seq: int) -> None:
        async with uow_factory() as uow:
            seen = [m.seq for m in await uow.messages.after(room.id, 0, seq, 100)]
        if seen != list(range(1, seq + 1)):
            gaps.append((seq, seen))

    async def send() -> int:
        async with uow_factory(write=True) as uow:
            seq = await uow.rooms.next_seq(room.id)
            await asyncio.sleep(0)  # let the others pile up behind the lock
            await uow.messages.add(make_message(room, author, seq))
            uow.after_commit(lambda: check_no_gap(seq))
            await uow.commit()
            return seq

    seqs = await asyncio.gather(*(send() for _ in range(50)))
    assert sorted(seqs) == list(range(1, 51))
    assert gaps == []
    async with uow_factory() as uow:
        got = await uow.rooms.get(room.id)
        stored = await uow.messages.after(room.id, 0, 1000, 1000)
    assert got is not None and got.last_seq == 50
    assert [m.seq for m in stored] == list(range(1, 51))
