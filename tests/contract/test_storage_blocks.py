"""BlockRepo contract, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest
from tests.factories import Store, at, make_block, make_user

from causerie.ports import UnitOfWorkFactory


async def test_add_is_idempotent_and_carries_the_pseudo(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    me, them = make_user(), make_user(pseudo="Grumpy")
    await store(me, them)
    async with uow_factory(write=True) as uow:
        first = await uow.blocks.add(make_block(me, them, created_at=at(1)))
        again = await uow.blocks.add(make_block(me, them, created_at=at(2)))
        await uow.commit()
    expected = dataclasses.replace(make_block(me, them, created_at=at(1)), blocked_pseudo="Grumpy")
    assert first == expected
    assert again == expected
    async with uow_factory(write=True) as uow:
        assert await uow.blocks.add(make_block(me, them, created_at=at(3))) == expected
        assert await uow.blocks.list_by(me.id) == [expected]


async def test_unknown_user_is_not_swallowed(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    me = make_user()
    await store(me)
    ghost = make_user()  # never stored
    async with uow_factory(write=True) as uow:
        with pytest.raises(Exception, match=r"(?i)foreign key"):
            await uow.blocks.add(make_block(me, ghost))
        assert await uow.blocks.list_by(me.id) == []


async def test_remove(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    me, them = make_user(), make_user()
    await store(me, them, make_block(me, them))
    async with uow_factory(write=True) as uow:
        assert await uow.blocks.remove(them.id, me.id) is False
        assert await uow.blocks.remove(me.id, them.id) is True
        assert await uow.blocks.remove(me.id, them.id) is False
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.blocks.list_by(me.id) == []
        assert await uow.blocks.hidden_for(them.id) == frozenset()


async def test_list_by_newest_first(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    me, a, b, c = make_user(), make_user(), make_user(), make_user()
    await store(
        me,
        a,
        b,
        c,
        make_block(me, a, created_at=at(1)),
        make_block(me, b, created_at=at(3)),
        make_block(c, me, created_at=at(2)),
    )
    async with uow_factory() as uow:
        listed = await uow.blocks.list_by(me.id)
    assert [(x.blocked_id, x.blocked_pseudo, x.created_at) for x in listed] == [
        (b.id, b.pseudo, at(3)),
        (a.id, a.pseudo, at(1)),
    ]


async def test_hidden_for_covers_both_directions(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    me, blocked, blocker, both, stranger = (make_user() for _ in range(5))
    await store(
        me,
        blocked,
        blocker,
        both,
        stranger,
        make_block(me, blocked),
        make_block(blocker, me),
        make_block(me, both),
        make_block(both, me),
        make_block(blocked, stranger),
    )
    async with uow_factory() as uow:
        assert await uow.blocks.hidden_for(me.id) == {blocked.id, blocker.id, both.id}
        assert await uow.blocks.hidden_for(blocker.id) == {me.id}
        assert await uow.blocks.hidden_for(stranger.id) == {blocked.id}
        assert await uow.blocks.hidden_for("nobody") == frozenset()
