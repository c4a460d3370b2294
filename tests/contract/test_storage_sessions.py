"""SessionRepo contract, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import dataclasses

from tests.factories import T0, Store, at, make_session, make_user

from causerie.ports import UnitOfWorkFactory


async def test_round_trip_and_lookup(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    user = make_user()
    session = make_session(user, revoked_at=at(5))
    live = make_session(user)
    await store(user, session, live)
    async with uow_factory() as uow:
        assert await uow.sessions.by_token_hash(session.token_hash) == session
        assert await uow.sessions.by_token_hash(live.token_hash) == live
        assert await uow.sessions.by_token_hash("unknown") is None


async def test_revoke_keeps_the_first_time(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    user = make_user()
    session = make_session(user)
    await store(user, session)
    async with uow_factory(write=True) as uow:
        await uow.sessions.revoke(session.id, at(10))
        await uow.sessions.revoke(session.id, at(20))
        await uow.sessions.revoke("unknown", at(20))
        await uow.commit()
    async with uow_factory() as uow:
        got = await uow.sessions.by_token_hash(session.token_hash)
    assert got == dataclasses.replace(session, revoked_at=at(10))


async def test_revoke_all_returns_the_ids_it_revoked(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    user, other = make_user(), make_user()
    live = [make_session(user) for _ in range(3)]
    expired = make_session(user, created_at=at(-100), expires_at=at(-1))
    already = make_session(user, revoked_at=at(1))
    theirs = make_session(other)
    await store(user, other, *live, expired, already, theirs)
    async with uow_factory(write=True) as uow:
        revoked = await uow.sessions.revoke_all(user.id, at(30))
        await uow.commit()
    # Expired-but-unrevoked sessions are revoked (and reported) too.
    assert sorted(revoked) == sorted([s.id for s in live] + [expired.id])
    async with uow_factory(write=True) as uow:
        for s in [*live, expired]:
            got = await uow.sessions.by_token_hash(s.token_hash)
            assert got is not None and got.revoked_at == at(30)
        got = await uow.sessions.by_token_hash(already.token_hash)
        assert got is not None and got.revoked_at == at(1)
        got = await uow.sessions.by_token_hash(theirs.token_hash)
        assert got is not None and got.revoked_at is None
        assert await uow.sessions.revoke_all(user.id, at(40)) == []
        assert await uow.sessions.revoke_all("nobody", T0) == []


async def test_live_of_lists_a_users_live_sessions_most_recently_used_first(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    user, other = make_user(), make_user()
    old = make_session(user, created_at=at(-50), last_seen_at=at(5), user_agent="Firefox")
    recent = make_session(user, created_at=at(-10))
    used = make_session(user, created_at=at(-100), last_seen_at=at(20))
    revoked = make_session(user, revoked_at=at(1))
    expired = make_session(user, created_at=at(-100), expires_at=at(-1))
    await store(user, other, old, recent, used, revoked, expired, make_session(other))
    async with uow_factory() as uow:
        live = await uow.sessions.live_of(user.id, T0)
        assert [s.id for s in live] == [used.id, old.id, recent.id]
        assert live[1] == old
        assert await uow.sessions.get(old.id) == old
        assert await uow.sessions.get("nothing") is None


async def test_touch_records_use_and_browser(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    user = make_user()
    session = make_session(user)
    await store(user, session)
    async with uow_factory(write=True) as uow:
        await uow.sessions.touch(session.id, at(60), "Mozilla/5.0")
        await uow.sessions.touch(session.id, at(90))  # the browser stays
        await uow.commit()
    async with uow_factory() as uow:
        got = await uow.sessions.get(session.id)
    assert got == dataclasses.replace(session, last_seen_at=at(90), user_agent="Mozilla/5.0")


async def test_a_ticket_is_consumed_once_and_only_before_it_expires(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    user = make_user()
    session = make_session(user)
    await store(user, session)
    async with uow_factory(write=True) as uow:
        await uow.sessions.add_ticket("h1", session.id, at(60), T0)
        await uow.sessions.add_ticket("h2", session.id, at(60), T0)
        await uow.commit()
    async with uow_factory(write=True) as uow:
        assert await uow.sessions.consume_ticket("h1", at(59)) == session.id
        assert await uow.sessions.consume_ticket("h1", at(59)) is None  # single use
        assert await uow.sessions.consume_ticket("h2", at(60)) is None  # expired
        assert await uow.sessions.consume_ticket("h2", at(1)) is None  # and gone
        assert await uow.sessions.consume_ticket("unknown", T0) is None
        await uow.commit()


async def test_adding_a_ticket_sweeps_the_expired_ones(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    user = make_user()
    session = make_session(user)
    await store(user, session)
    async with uow_factory(write=True) as uow:
        await uow.sessions.add_ticket("old", session.id, at(60), T0)
        await uow.sessions.add_ticket("new", session.id, at(200), at(100))
        await uow.commit()
    async with uow_factory(write=True) as uow:
        # Swept at the second add: gone even for a clock that would accept it.
        assert await uow.sessions.consume_ticket("old", T0) is None
        assert await uow.sessions.consume_ticket("new", at(150)) == session.id
        await uow.commit()


async def test_two_units_racing_for_one_ticket_give_it_to_one(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    user = make_user()
    session = make_session(user)
    await store(user, session)
    async with uow_factory(write=True) as uow:
        await uow.sessions.add_ticket("race", session.id, at(60), T0)
        await uow.commit()

    async def redeem() -> str | None:
        async with uow_factory(write=True) as uow:
            got = await uow.sessions.consume_ticket("race", T0)
            await uow.commit()
            return got

    results = await asyncio.gather(redeem(), redeem(), redeem())
    assert sorted(results, key=str) == sorted([session.id, None, None], key=str)
